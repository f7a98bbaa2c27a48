/*
 * ranges.c - the source rows of a document line (ranges.h): sorted,
 * non-overlapping line ranges grown in file order, and their text
 * ("file.txt:1-4,7"), several lists merged into one for a document.
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

/* v in decimal at out; its length */
static size_t put_u32(char *out, uint32_t v)
{
	char tmp[10];
	size_t i = sizeof(tmp), n;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = sizeof(tmp) - i;
	memcpy(out, tmp + i, n);
	return n;
}

char *ranges_text(const char *path, const struct ranges *const *rgs, size_t n)
{
	struct buf b = BUF_INIT(64u * 1024 * 1024);
	/* pos[k]: list k's next range; key[k]: where it starts, past every
	 * line (UINT64_MAX) once list k is done */
	size_t *pos = calloc(n ? n : 1, sizeof(*pos));
	uint64_t *key = malloc((n ? n : 1) * sizeof(*key));
	char out[256]; /* the text, added to b a chunk at a time */
	size_t ol = 0, k;
	uint32_t cur0 = 0, cur1 = 0;
	int have = 0, rc = 0, first = 1;

	if (!pos || !key) {
		free(pos);
		free(key);
		return NULL;
	}
	for (k = 0; k < n; k++)
		key[k] = rgs[k]->n ? rgs[k]->r[0][0] : UINT64_MAX;
	rc |= buf_adds(&b, path);
	rc |= buf_addc(&b, ':');
	for (;;) {
		size_t best = n;
		uint64_t bk = UINT64_MAX;
		uint32_t r0 = 0, r1 = 0;

		/* the next range in line order among the lists (the first
		 * list of those starting on the same line) */
		for (k = 0; k < n; k++)
			if (key[k] < bk) {
				bk = key[k];
				best = k;
			}
		if (best < n) {
			r0 = rgs[best]->r[pos[best]][0];
			r1 = rgs[best]->r[pos[best]][1];
			pos[best]++;
			key[best] = pos[best] < rgs[best]->n ? rgs[best]->r[pos[best]][0]
							     : UINT64_MAX;
			if (have && r0 <= cur1 + 1) {
				if (r1 > cur1)
					cur1 = r1;
				continue;
			}
		}
		if (have) {
			if (ol > sizeof(out) - 24) {
				rc |= buf_add(&b, out, ol);
				ol = 0;
			}
			if (!first)
				out[ol++] = ',';
			first = 0;
			ol += put_u32(out + ol, cur0);
			if (cur1 != cur0) {
				out[ol++] = '-';
				ol += put_u32(out + ol, cur1);
			}
		}
		if (best == n)
			break;
		cur0 = r0;
		cur1 = r1;
		have = 1;
	}
	rc |= buf_add(&b, out, ol);
	free(pos);
	free(key);
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
