/*
 * ranges.c - the source rows of a document line (ranges.h): sorted,
 * non-overlapping line ranges grown in file order, and their text
 * ("file.txt:1-4,7"), several lists merged into one for a document: the
 * text is the maximal runs of the lists' lines together, found through a
 * bitmap of those lines when they are dense enough (a document's usually
 * are), else by scanning the lists for the next range.
 */
#include "plan/ranges.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"

int ranges_add(struct ranges *rg, uint32_t line)
{
	if (rg->n && line >= rg->r[rg->n - 1][0] && line <= rg->r[rg->n - 1][1] + 1) {
		if (line > rg->r[rg->n - 1][1])
			rg->r[rg->n - 1][1] = line;
		return 0;
	}
	if (rg->n == rg->cap) {
		size_t nc = rg->cap ? rg->cap * 2 : 4;
		uint32_t(*n)[2] = realloc(rg->r, nc * sizeof(*n));

		if (!n)
			return LL_ERROR;
		rg->r = n;
		rg->cap = nc;
	}
	rg->r[rg->n][0] = line;
	rg->r[rg->n][1] = line;
	rg->n++;
	return 0;
}

static const char digits2[201] = "00010203040506070809"
				  "10111213141516171819"
				  "20212223242526272829"
				  "30313233343536373839"
				  "40414243444546474849"
				  "50515253545556575859"
				  "60616263646566676869"
				  "70717273747576777879"
				  "80818283848586878889"
				  "90919293949596979899";

/* v in decimal at out (no terminator); its length: written from the
 * end, two digits at a time */
static size_t put_u32(char *out, uint32_t v)
{
	size_t n = v < 10	  ? 1
		   : v < 100	  ? 2
		   : v < 1000	  ? 3
		   : v < 10000	  ? 4
		   : v < 100000	  ? 5
		   : v < 1000000    ? 6
		   : v < 10000000   ? 7
		   : v < 100000000  ? 8
		   : v < 1000000000 ? 9
				    : 10;
	char *p = out + n;

	while (v >= 100) {
		uint32_t r = v % 100;

		v /= 100;
		p -= 2;
		p[0] = digits2[2 * r];
		p[1] = digits2[2 * r + 1];
	}
	if (v >= 10) {
		p -= 2;
		p[0] = digits2[2 * v];
		p[1] = digits2[2 * v + 1];
	} else {
		*--p = (char)('0' + v);
	}
	return n;
}

/* the text of the ranges after "path:": sorted by start, adjacent and
 * overlapping ones joined (emit() gets them in start order) */
struct emitter {
	struct buf *b;
	char out[256]; /* the text, added to b a chunk at a time */
	size_t ol;
	uint32_t cur0, cur1;
	int have, first, rc;
};

static void emit_flush(struct emitter *m)
{
	if (m->ol > sizeof(m->out) - 24) {
		m->rc |= buf_add(m->b, m->out, m->ol);
		m->ol = 0;
	}
	if (!m->first)
		m->out[m->ol++] = ',';
	m->first = 0;
	m->ol += put_u32(m->out + m->ol, m->cur0);
	if (m->cur1 != m->cur0) {
		m->out[m->ol++] = '-';
		m->ol += put_u32(m->out + m->ol, m->cur1);
	}
}

static void emit(struct emitter *m, uint32_t r0, uint32_t r1)
{
	if (m->have && r0 <= m->cur1 + 1) {
		if (r1 > m->cur1)
			m->cur1 = r1;
		return;
	}
	if (m->have)
		emit_flush(m);
	m->cur0 = r0;
	m->cur1 = r1;
	m->have = 1;
}

/* the lists merged by scanning them all for the next start: for lists
 * spread too thin for a bitmap */
static int merge_scan(struct emitter *m, const struct ranges *const *rgs, size_t n)
{
	/* pos[k]: list k's next range; key[k]: where it starts, past every
	 * line (UINT64_MAX) once list k is done */
	size_t *pos = calloc(n, sizeof(*pos));
	uint64_t *key = malloc(n * sizeof(*key));
	size_t k;

	if (!pos || !key) {
		free(pos);
		free(key);
		return LL_ERROR;
	}
	for (k = 0; k < n; k++)
		key[k] = rgs[k]->n ? rgs[k]->r[0][0] : UINT64_MAX;
	for (;;) {
		size_t best = n;
		uint64_t bk = UINT64_MAX;

		for (k = 0; k < n; k++)
			if (key[k] < bk) {
				bk = key[k];
				best = k;
			}
		if (best == n)
			break;
		emit(m, rgs[best]->r[pos[best]][0], rgs[best]->r[pos[best]][1]);
		pos[best]++;
		key[best] = pos[best] < rgs[best]->n ? rgs[best]->r[pos[best]][0] : UINT64_MAX;
	}
	free(pos);
	free(key);
	return 0;
}

/* the lists' lines [lo, hi] marked in a bitmap of nw words, then its
 * runs of set bits in order */
static int merge_bitmap(struct emitter *m, const struct ranges *const *rgs, size_t n,
			uint32_t lo, size_t nw)
{
	uint64_t small[256], *w = nw <= 256 ? small : calloc(nw, sizeof(*w));
	size_t k, j, i;

	if (!w)
		return LL_ERROR;
	if (w == small)
		memset(small, 0, nw * sizeof(*w));
	for (k = 0; k < n; k++)
		for (j = 0; j < rgs[k]->n; j++) {
			uint64_t a = rgs[k]->r[j][0] - lo, e = (uint64_t)rgs[k]->r[j][1] - lo + 1;
			size_t wa = (size_t)(a >> 6), we = (size_t)(e >> 6);
			uint64_t ma = ~0ULL << (a & 63), me = (e & 63) ? ~(~0ULL << (e & 63)) : 0;

			if (wa == we) {
				w[wa] |= ma & me;
				continue;
			}
			w[wa] |= ma;
			for (i = wa + 1; i < we; i++)
				w[i] = ~0ULL;
			if (me)
				w[we] |= me;
		}
	/* runs: from each set bit to the next clear one */
	for (i = 0; i < nw;) {
		uint64_t x = w[i];
		uint64_t s, e;

		if (!x) {
			i++;
			continue;
		}
		s = (uint64_t)i * 64 + (uint64_t)__builtin_ctzll(x);
		/* the end: the first clear bit at or past s */
		x = ~w[i] & (~0ULL << (s & 63));
		while (!x && ++i < nw)
			x = ~w[i];
		e = i < nw ? (uint64_t)i * 64 + (uint64_t)__builtin_ctzll(x) : (uint64_t)nw * 64;
		emit(m, (uint32_t)(lo + s), (uint32_t)(lo + e - 1));
		if (i < nw)
			w[i] &= ~0ULL << (e & 63); /* the run's bits gone from it */
	}
	if (w != small)
		free(w);
	return 0;
}

char *ranges_text(const char *path, const struct ranges *const *rgs, size_t n)
{
	struct buf b = BUF_INIT(64u * 1024 * 1024);
	struct emitter m;
	size_t k, j, nr = 0, nonempty = 0, one = 0;
	uint32_t lo = UINT32_MAX, hi = 0;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	m.b = &b;
	m.first = 1;
	rc |= buf_adds(&b, path);
	rc |= buf_addc(&b, ':');
	for (k = 0; k < n; k++)
		if (rgs[k]->n) {
			nonempty++;
			one = k;
			nr += rgs[k]->n;
			if (rgs[k]->r[0][0] < lo)
				lo = rgs[k]->r[0][0];
			if (rgs[k]->r[rgs[k]->n - 1][1] > hi)
				hi = rgs[k]->r[rgs[k]->n - 1][1];
		}
	if (nonempty == 1) {
		/* one list: already in line order */
		for (j = 0; j < rgs[one]->n; j++)
			emit(&m, rgs[one]->r[j][0], rgs[one]->r[j][1]);
	} else if (nonempty > 1) {
		/* a bitmap when its words are no more than a few per range */
		uint64_t nw = (((uint64_t)hi - lo) >> 6) + 1;

		if (nw <= 4 * (uint64_t)nr + 64)
			rc |= merge_bitmap(&m, rgs, n, lo, (size_t)nw);
		else
			rc |= merge_scan(&m, rgs, n);
	}
	if (m.have)
		emit_flush(&m);
	rc |= m.rc;
	rc |= buf_add(&b, m.out, m.ol);
	if (rc) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

char *ranges_text_line(const char *path, uint32_t line)
{
	size_t n = strlen(path) + 16;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s:%lu", path, (unsigned long)line);
	return s;
}
