/*
 * test_text.c - text_escape_term / text_term: what reaches a terminal from
 * a file name or a cell shows as text, never as a control sequence.
 * text_split (sixteen and eight bytes a step) and text_split_ends against
 * a byte-by-byte split, strpool ids (hashed eight bytes a step), and
 * deposit_intern_text's ASCII test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "formats/event.h"
#include "util/strpool.h"
#include "util/text.h"

static const struct {
	const char *in, *want;
} cases[] = {
	{ "plain-2024.csv", "plain-2024.csv" },
	{ "a\x1b[31mred\x1b[0m", "a\\x1b[31mred\\x1b[0m" },     /* colours, cursor */
	{ "a\x1b]0;title\x07", "a\\x1b]0;title\\x07" },          /* window title */
	{ "one\nfake: all posted", "one\\nfake: all posted" },   /* a forged line */
	{ "t\tr\r", "t\\tr\\r" },
	{ "del\x7f", "del\\x7f" },
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "c1\xc2\x9b" "2J", "c1\\u009b2J" },                    /* CSI as UTF-8 */
	{ "raw\x9b" "2J", "raw\\x9b2J" },                        /* CSI as a byte */
	{ "bidi\xe2\x80\xaetxt.exe", "bidi\\u202etxt.exe" },     /* right-to-left override */
	{ "cut\xe2\x82", "cut\\xe2\\x82" },                      /* a cut sequence */
	{ "back\\slash", "back\\slash" },
};

/* the plain split text_split must equal: fields between delimiters */
static size_t split_ref(const char *s, size_t len, char delim, struct field *f, size_t max)
{
	size_t n = 0, i, start = 0;

	for (i = 0; i <= len; i++)
		if (i == len || s[i] == delim) {
			if (n < max) {
				f[n].p = s + start;
				f[n].len = i - start;
			}
			n++;
			start = i + 1;
		}
	return n;
}

/* every line of up to 40 bytes over a small alphabet (tabs, commas,
 * a high byte, a NUL) at every offset: the same fields as split_ref */
static void check_split(void)
{
	static const char alpha[] = { '\t', 'a', ',', '\t', (char)0xE9, '\0', '\t', 'z' };
	char buf[64];
	struct field a[8], b[8];
	unsigned seed = 12345;
	int t, bad = 0;

	for (t = 0; t < 20000; t++) {
		size_t len = (size_t)(t % 41), off = (size_t)(t / 41) % 8, i, na, nb, k;
		char delim = t % 3 ? '\t' : ',';

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[off + i] = alpha[(seed >> 16) % sizeof(alpha)];
		}
		na = text_split(buf + off, len, delim, a, 8);
		nb = split_ref(buf + off, len, delim, b, 8);
		if (na != nb)
			bad++;
		for (k = 0; k < na && k < 8 && na == nb; k++)
			if (a[k].p != b[k].p || a[k].len != b[k].len)
				bad++;
	}
	CHECK_INT(bad, 0);
}

/* longer lines (the sixteen-byte steps), dense delimiters (up to 16 in
 * one step), fields arrays of every size around the step's bound: empty
 * fields, a trailing delimiter, CR LF, quotes (never special) all as the
 * byte-by-byte split has them */
static void check_split_long(void)
{
	static const char alpha[] = { '\t', '\t', '\t', 'a', '"', '\r', '\n', ',', (char)0xE9 };
	static const size_t maxes[] = { 0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 64, 130 };
	char buf[200];
	struct field a[130], b[130];
	uint32_t ends[131];
	unsigned seed = 777;
	int t, bad = 0;

	for (t = 0; t < 30000; t++) {
		size_t len = (size_t)(t % 131), off = (size_t)(t / 131) % 16, i, na, nb, k;
		size_t max = maxes[(size_t)t % (sizeof(maxes) / sizeof(maxes[0]))];
		char delim = t % 5 ? '\t' : ',';
		int dense = (t / 7) % 3 == 0;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[off + i] = dense ? delim : alpha[(seed >> 16) % sizeof(alpha)];
			if (dense && (seed >> 20) % 9 == 0)
				buf[off + i] = 'x';
		}
		if (len && t % 4 == 1)
			buf[off + len - 1] = delim; /* a trailing delimiter */
		if (len > 1 && t % 4 == 2) {
			buf[off + len - 2] = '\r'; /* CR LF kept in the last field */
			buf[off + len - 1] = '\n';
		}
		memset(a, 0, sizeof(a));
		memset(b, 0, sizeof(b));
		na = text_split(buf + off, len, delim, a, max);
		nb = split_ref(buf + off, len, delim, b, max);
		if (na != nb)
			bad++;
		for (k = 0; k < sizeof(a) / sizeof(a[0]); k++)
			if (a[k].p != b[k].p || a[k].len != b[k].len)
				bad++; /* nothing written past max either */
		/* the same fields as ends */
		for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++)
			ends[k] = 0xDEADu;
		if (text_split_ends(buf + off, len, delim, ends, max) != nb)
			bad++;
		for (k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
			size_t st = k ? ends[k - 1] + 1 : 0;

			if (k >= max || k >= nb) {
				if (ends[k] != 0xDEADu)
					bad++; /* nothing written past max or the fields */
			} else if (b[k].p != buf + off + st || b[k].len != ends[k] - st) {
				bad++;
			}
		}
	}
	CHECK_INT(bad, 0);
	/* the edge cases by name */
	{
		struct field f[4];

		CHECK_INT((int)text_split("", 0, '\t', f, 4), 1);
		CHECK_INT((int)f[0].len, 0);
		CHECK_INT((int)text_split("a\t\tb\t", 5, '\t', f, 4), 4);
		CHECK_INT((int)f[1].len, 0);
		CHECK_INT((int)f[3].len, 0);
		CHECK_INT((int)text_split("\"x\ty\"\r", 6, '\t', f, 4), 2);
		CHECK_INT((int)f[0].len, 2); /* quotes are plain bytes */
		CHECK_INT((int)f[1].len, 3); /* the CR stays in the field */
	}
	{
		uint32_t e[4];

		CHECK_INT((int)text_split_ends("", 0, '\t', e, 4), 1);
		CHECK_INT((int)e[0], 0);
		CHECK_INT((int)text_split_ends("a\t\tb\t", 5, '\t', e, 4), 4);
		CHECK_INT((int)e[0], 1);
		CHECK_INT((int)e[1], 2); /* empty */
		CHECK_INT((int)e[3], 5); /* the empty last field after a trailing tab */
		/* 17 bytes: one step and the tail's overlapping look */
		CHECK_INT((int)text_split_ends("0123456789abcde\tf\r\n", 19, '\t', e, 4), 2);
		CHECK_INT((int)e[0], 15);
		CHECK_INT((int)e[1], 19);
	}
}

/* deposit_intern_text: ASCII as it is, a cell with a high byte anywhere
 * (every length to 20, every position) converted as text_append_utf8 has it */
static void check_intern_text(void)
{
	struct deposit d;
	struct buf tmp = BUF_INIT(1024), want = BUF_INIT(1024);
	char cell[24];
	size_t len, at;
	int bad = 0;

	CHECK_INT(deposit_init(&d, "amazon", "1", "f.txt"), 0);
	for (len = 0; len <= 20; len++)
		for (at = 0; at <= len; at++) { /* at == len: all ASCII */
			uint32_t id;

			memset(cell, 'a' + (int)(len % 26), sizeof(cell));
			if (at < len)
				cell[at] = (char)0xE9;
			buf_reset(&want);
			text_append_utf8(&want, cell, len);
			if (deposit_intern_text(&d, &tmp, cell, len, &id) ||
			    strlen(deposit_str(&d, id)) != want.len ||
			    memcmp(deposit_str(&d, id), want.ptr, want.len) ||
			    (at == len && memcmp(deposit_str(&d, id), cell, len)))
				bad++;
		}
	CHECK_INT(bad, 0);
	/* the empty text is id 0, the pool's own "", however full the pool */
	{
		uint32_t id = 99, n = d.pool.n;

		CHECK_INT(deposit_intern_text(&d, &tmp, "x", 0, &id), 0);
		CHECK_INT((int)id, 0);
		CHECK_INT((int)d.pool.n, (int)n); /* nothing added */
	}
	deposit_free(&d);
	buf_free(&tmp);
	buf_free(&want);
}

/* ids in order of first appearance, long strings and prefixes apart */
static void check_strpool(void)
{
	struct strpool p;
	uint32_t id[8];
	char big[100];

	memset(big, 'x', sizeof(big));
	CHECK_INT(strpool_init(&p, 1 << 20), 0);
	CHECK_INT(strpool_intern(&p, "Principal", 9, &id[0]), 0);
	CHECK_INT(strpool_intern(&p, "Commission", 10, &id[1]), 0);
	CHECK_INT(strpool_intern(&p, "Principal", 9, &id[2]), 0);
	CHECK_INT(strpool_intern(&p, "Principa", 8, &id[3]), 0);
	CHECK_INT(strpool_intern(&p, big, sizeof(big), &id[4]), 0);
	CHECK_INT(strpool_intern(&p, big, sizeof(big) - 1, &id[5]), 0);
	CHECK_INT(strpool_intern(&p, big, sizeof(big), &id[6]), 0);
	CHECK_INT(id[0], 1); /* 0 is "" */
	CHECK_INT(id[1], 2);
	CHECK_INT(id[2], 1);
	CHECK_INT(id[3], 3);
	CHECK_INT(id[4], 4);
	CHECK_INT(id[5], 5);
	CHECK_INT(id[6], 4);
	CHECK_STR(strpool_get(&p, id[3]), "Principa");
	strpool_free(&p);

	/* from its small start through many growths: ids in order of first
	 * sight, the same id again, the text back */
	{
		char w[32];
		uint32_t k, got, bad = 0;

		CHECK_INT(strpool_init(&p, 1 << 20), 0);
		for (k = 1; k <= 5000; k++) {
			snprintf(w, sizeof(w), "w%u-%u", k, k * 7919u);
			if (strpool_intern(&p, w, strlen(w), &got) || got != k)
				bad++;
		}
		for (k = 1; k <= 5000; k++) {
			snprintf(w, sizeof(w), "w%u-%u", k, k * 7919u);
			if (strpool_intern(&p, w, strlen(w), &got) || got != k ||
			    strcmp(strpool_get(&p, k), w))
				bad++;
		}
		CHECK_INT((int)bad, 0);
		strpool_free(&p);
	}
}

/* the hash's last 1..7 bytes are read a few at a time, but a string is
 * still what comes before its first NUL: interned with a NUL and more
 * after it (the bytes loop) and then without (the quick tail), a string
 * of any length keeps its id; the empty string is id 0 */
static void check_strpool_tails(void)
{
	static const char src[] = "Final Value Fee Ã©-variable";
	size_t n, cut;
	uint32_t a, b, bad = 0;

	for (n = 1; n <= 24; n++) {
		for (cut = 1; cut < n; cut++) {
			struct strpool p;
			char w[40];

			/* src[0..n) with a NUL at cut: the string is src[0..cut) */
			memcpy(w, src, n);
			w[cut] = '\0';
			if (strpool_init(&p, 1 << 20) || strpool_intern(&p, "x", 1, &a) ||
			    strpool_intern(&p, w, n, &a) || strpool_intern(&p, src, cut, &b) ||
			    a != b || a == 0) {
				fprintf(stderr, "  tail: len %zu, NUL at %zu: ids %u %u\n", n, cut,
					(unsigned)a, (unsigned)b);
				bad++;
			}
			/* without a NUL: the quick tail twice, once after other strings */
			if (strpool_intern(&p, src, n, &a) || strpool_intern(&p, src + 1, n - 1, &b) ||
			    strpool_intern(&p, src, n, &b) || a != b || a == 0)
				bad++;
			strpool_free(&p);
		}
	}
	CHECK_INT((int)bad, 0);
}

int main(void)
{
	size_t i;
	char out[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(text_term(out, sizeof(out), cases[i].in), cases[i].want);
	/* cut to fit: never inside an escape or a UTF-8 sequence */
	{
		char small[6];

		CHECK_STR(text_term(small, sizeof(small), "ab\x1b" "cd"), "ab");
		CHECK_STR(text_term(small, sizeof(small), "abc\xc3\xa9x"), "abc\xc3\xa9");
		CHECK_STR(text_term(small, sizeof(small), "abcd\xc3\xa9"), "abcd");
		CHECK_STR(text_term(small, sizeof(small), "\n\n\n"), "\\n\\n");
	}
	check_split();
	check_split_long();
	check_intern_text();
	check_strpool();
	check_strpool_tails();
	return tap_done();
}
