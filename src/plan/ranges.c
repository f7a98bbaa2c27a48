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

static int add_u32(struct buf *b, uint32_t v)
{
	char tmp[12];
	int i = 11;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return buf_add(b, tmp + i, (size_t)(11 - i));
}

char *ranges_text(const char *path, const struct ranges *const *rgs, size_t n)
{
	struct buf b = BUF_INIT(64u * 1024 * 1024);
	size_t *pos = calloc(n ? n : 1, sizeof(*pos));
	uint32_t cur0 = 0, cur1 = 0;
	int have = 0, rc = 0, first = 1;

	if (!pos)
		return NULL;
	rc |= buf_adds(&b, path);
	rc |= buf_addc(&b, ':');
	for (;;) {
		size_t k, best = n;

		/* the next range in line order among the lists */
		for (k = 0; k < n; k++)
			if (pos[k] < rgs[k]->n &&
			    (best == n || rgs[k]->r[pos[k]][0] < rgs[best]->r[pos[best]][0]))
				best = k;
		if (best < n && have && rgs[best]->r[pos[best]][0] <= cur1 + 1) {
			if (rgs[best]->r[pos[best]][1] > cur1)
				cur1 = rgs[best]->r[pos[best]][1];
			pos[best]++;
			continue;
		}
		if (have) {
			if (!first)
				rc |= buf_addc(&b, ',');
			first = 0;
			rc |= add_u32(&b, cur0);
			if (cur1 != cur0) {
				rc |= buf_addc(&b, '-');
				rc |= add_u32(&b, cur1);
			}
		}
		if (best == n)
			break;
		cur0 = rgs[best]->r[pos[best]][0];
		cur1 = rgs[best]->r[pos[best]][1];
		pos[best]++;
		have = 1;
	}
	free(pos);
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
