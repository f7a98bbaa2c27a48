/* test_reader.c - line splitting (LF, CRLF, CR), limits, gzip streams,
 * UTF-16 files (spreadsheet "Unicode Text" saves) read as UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "tap.h"
#include "util/reader.h"

static int collect(const char *data, size_t len, char out[][64], int max, int *rc_out)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	char *line;
	size_t n;
	int count = 0, rc;

	reader_open_mem(&r, data, len, "mem");
	lines_init(&l, r);
	while ((rc = lines_next(&l, &line, &n, &err)) == 1) {
		if (count < max)
			snprintf(out[count], 64, "%.*s", (int)n, line);
		count++;
	}
	*rc_out = rc;
	lines_free(&l);
	reader_free(r);
	return count;
}

static void write_gz(const char *path, const char *data, size_t len)
{
	gzFile g = gzopen(path, "wb");

	gzwrite(g, data, (unsigned)len);
	gzclose(g);
}

static int read_all(const char *path, char *hash, int *rc_out, char *msg)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	char *line;
	size_t n;
	int count = 0, rc;

	if (reader_open_file(&r, path, &err))
		return -1;
	lines_init(&l, r);
	while ((rc = lines_next(&l, &line, &n, &err)) == 1)
		count++;
	*rc_out = rc;
	snprintf(msg, 512, "%s", err.msg);
	hash_hex(&l.hash, hash);
	lines_free(&l);
	reader_free(r);
	return count;
}

/* UTF-8 text as UTF-16 with a byte-order mark; returns the byte count */
static size_t to_utf16(unsigned char *out, const char *u8, int be)
{
	const unsigned char *p = (const unsigned char *)u8;
	size_t n = 0;

	out[n++] = be ? 0xFE : 0xFF;
	out[n++] = be ? 0xFF : 0xFE;
	while (*p) {
		uint32_t cp;
		uint32_t units[2];
		int k, nu = 1;

		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xE0) == 0xC0) {
			cp = (uint32_t)(*p & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if ((*p & 0xF0) == 0xE0) {
			cp = (uint32_t)(*p & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			p += 3;
		} else {
			cp = (uint32_t)(*p & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
			     (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
			p += 4;
		}
		units[0] = cp;
		if (cp >= 0x10000) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (k = 0; k < nu; k++) {
			out[n++] = (unsigned char)(be ? units[k] >> 8 : units[k] & 0xFF);
			out[n++] = (unsigned char)(be ? units[k] & 0xFF : units[k] >> 8);
		}
	}
	return n;
}

/* all of data through reader_read n bytes at a time, into out */
static ssize_t drain(const void *data, size_t len, size_t step, char *out, size_t cap,
		     char *msg)
{
	struct reader *r = NULL;
	struct ll_err err = LL_ERR_INIT;
	size_t got = 0;
	ssize_t k = 0;

	reader_open_mem(&r, data, len, "mem16");
	while (got < cap && (k = reader_read(r, out + got, step < cap - got ? step : cap - got,
					     &err)) > 0)
		got += (size_t)k;
	if (msg)
		snprintf(msg, 512, "%s", err.msg);
	reader_free(r);
	return k < 0 ? k : (ssize_t)got;
}

static void test_utf16(const char *dir)
{
	static const char text[] = "Datum;Typ;Brutto\r\n03.01.2025;Zahlung;1.234,56 \xe2\x82\xac\r\n"
				   "caf\xc3\xa9 \xf0\x9d\x84\x9e\r\n";
	unsigned char u16[512];
	char out[512], msg[512], lines[8][64], path[256], h1[33], h2[33];
	size_t n;
	int be, rc;

	for (be = 0; be < 2; be++) {
		size_t step;

		n = to_utf16(u16, text, be);
		/* whole, then byte by byte (a character split across reads) */
		for (step = 1; step <= 4096; step *= 4096) {
			ssize_t k = drain(u16, n, step, out, sizeof(out), NULL);

			CHECK_INT(k, 3 + (ssize_t)strlen(text));
			CHECK(k > 3 && memcmp(out, "\xef\xbb\xbf", 3) == 0);
			CHECK(k > 3 && memcmp(out + 3, text, strlen(text)) == 0);
		}
		CHECK_INT(collect((const char *)u16, n, lines, 8, &rc), 3);
		CHECK_INT(rc, 0);
		CHECK_STR(lines[1], "03.01.2025;Zahlung;1.234,56 \xe2\x82\xac");
		CHECK_STR(lines[2], "caf\xc3\xa9 \xf0\x9d\x84\x9e");
	}
	/* an odd byte count: the last character is cut in half */
	n = to_utf16(u16, "a,b\n", 0);
	CHECK_INT(drain(u16, n - 1, 4096, out, sizeof(out), msg), LL_EPARSE);
	CHECK(strstr(msg, "odd number of bytes") != NULL);
	/* a file cut inside a surrogate pair */
	n = to_utf16(u16, "x\xf0\x9d\x84\x9e", 1);
	CHECK_INT(drain(u16, n - 2, 4096, out, sizeof(out), msg), LL_EPARSE);
	CHECK(strstr(msg, "half a surrogate pair at byte 4") != NULL);
	/* an unpaired low surrogate in the middle */
	n = to_utf16(u16, "ab", 0);
	u16[2] = 0x00;
	u16[3] = 0xDC;
	CHECK_INT(drain(u16, n, 4096, out, sizeof(out), msg), LL_EPARSE);
	CHECK(strstr(msg, "low surrogate") != NULL);
	/* the reader says what it found */
	{
		struct reader *r = NULL;
		struct ll_err err = LL_ERR_INIT;

		n = to_utf16(u16, "a", 1);
		reader_open_mem(&r, u16, n, "mem16");
		CHECK_INT(reader_is_utf16(r), 0); /* nothing read yet */
		CHECK_INT(reader_read(r, out, sizeof(out), &err), 4);
		CHECK_INT(reader_is_utf16(r), 1);
		reader_free(r);
		reader_open_mem(&r, "a,b", 3, "mem8");
		CHECK_INT(reader_read(r, out, sizeof(out), &err), 3);
		CHECK_INT(reader_is_utf16(r), 0);
		reader_free(r);
	}
	/* no byte-order mark: bytes pass untouched (a one-byte file too) */
	CHECK_INT(drain("\xfe", 1, 4096, out, sizeof(out), NULL), 1);
	CHECK_INT(drain("ab\x00c", 4, 1, out, sizeof(out), NULL), 4);

	/* a large UTF-16 file, gzipped: streamed through fixed buffers, it
	 * hashes like the same text written as UTF-8 with a BOM */
	{
		size_t len = 300000, k, m = 0;
		char *txt = malloc(len + 1), *u8 = malloc(len + 4);
		unsigned char *big = malloc(2 * len + 2);
		FILE *f;

		for (k = 0; k < len; k++)
			txt[k] = (k % 61 == 60) ? '\n' : (char)('a' + (k * 31) % 26);
		txt[len] = '\0';
		m = to_utf16(big, txt, 0);
		snprintf(path, sizeof(path), "%s/u16.csv.gz", dir);
		write_gz(path, (const char *)big, m);
		CHECK_INT(read_all(path, h1, &rc, msg), (int)((len + 60) / 61));
		CHECK_INT(rc, 0);
		memcpy(u8, "\xef\xbb\xbf", 3);
		memcpy(u8 + 3, txt, len);
		snprintf(path, sizeof(path), "%s/u8.csv", dir);
		f = fopen(path, "wb");
		fwrite(u8, 1, len + 3, f);
		fclose(f);
		CHECK_INT(read_all(path, h2, &rc, msg), (int)((len + 60) / 61));
		CHECK_STR(h1, h2);
		unlink(path);
		snprintf(path, sizeof(path), "%s/u16.csv.gz", dir);
		unlink(path);
		free(txt);
		free(u8);
		free(big);
	}
}

int main(void)
{
	char out[8][64];
	int rc, n;
	char dir[] = "/tmp/ll-test-reader-XXXXXX";
	char p1[256], p2[256], h1[33], h2[33], msg[512];
	char *big;
	size_t i, biglen;
	FILE *f;

	/* LF, CRLF and lone CR; the terminator is decided per file */
	n = collect("a\nb\r\nc", 7, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_INT(rc, 0);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[1], "b");
	CHECK_STR(out[2], "c");
	n = collect("a\rb\rc\r", 6, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[2], "c");
	n = collect("a\r\nb\r\n", 6, out, 8, &rc);
	CHECK_INT(n, 2);
	CHECK_STR(out[1], "b");
	n = collect("x\r\n\r\ny\n", 7, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_STR(out[1], "");
	CHECK_STR(out[2], "y");
	n = collect("", 0, out, 8, &rc);
	CHECK_INT(n, 0);
	CHECK_INT(rc, 0);

	/* an over-long line is an error, not unbounded memory */
	biglen = LINES_MAX_LEN + 10;
	big = malloc(biglen);
	for (i = 0; i < biglen; i++)
		big[i] = 'x';
	n = collect(big, biglen, out, 8, &rc);
	CHECK_INT(rc, LL_EPARSE);
	free(big);

	/* gzip: same content hashes the same; truncation is an error */
	if (!mkdtemp(dir))
		return 1;
	snprintf(p1, sizeof(p1), "%s/a.txt", dir);
	snprintf(p2, sizeof(p2), "%s/a.txt.gz", dir);
	{
		const char *text = "h1\th2\n1\t2\n3\t4\n";

		f = fopen(p1, "wb");
		fputs(text, f);
		fclose(f);
		write_gz(p2, text, strlen(text));
	}
	CHECK_INT(read_all(p1, h1, &rc, msg), 3);
	CHECK_INT(rc, 0);
	CHECK_INT(read_all(p2, h2, &rc, msg), 3);
	CHECK_INT(rc, 0);
	CHECK_STR(h1, h2);
	/* lone CR lines whose first CR arrives in a read of its own (the
	 * first of two gzip members): the terminator is searched from the
	 * start of the line once it is known */
	{
		static const char *const members[] = { "ab", "c\r", "d\re\r" };
		int k;

		for (k = 0; k < 3; k++) {
			gzFile g = gzopen(p2, k ? "ab" : "wb");

			gzwrite(g, members[k], (unsigned)strlen(members[k]));
			gzclose(g);
		}
		CHECK_INT(read_all(p2, h2, &rc, msg), 3);
		CHECK_INT(rc, 0);
	}

	/* a large gzip cut in half */
	{
		size_t len = 200000, k;
		char *txt = malloc(len);
		long sz;

		for (k = 0; k < len; k++)
			txt[k] = (k % 50 == 49) ? '\n' : (char)('a' + (k * 7919) % 26);
		write_gz(p2, txt, len);
		free(txt);
		f = fopen(p2, "rb");
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fclose(f);
		CHECK(truncate(p2, sz / 2) == 0);
		read_all(p2, h2, &rc, msg);
		CHECK_INT(rc, LL_EPARSE);
		CHECK(strstr(msg, "truncated gzip") != NULL);
	}
	test_utf16(dir);
	unlink(p1);
	unlink(p2);
	rmdir(dir);
	return tap_done();
}
