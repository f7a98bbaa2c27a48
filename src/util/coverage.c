/*
 * coverage.c - a run of deposits' period and gaps (coverage.h).
 */
#include "util/coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

void coverage_init(struct coverage *c, enum coverage_rule rule)
{
	memset(c, 0, sizeof(*c));
	c->rule = rule;
}

void coverage_free(struct coverage *c)
{
	free(c->days);
	c->days = NULL;
	c->ndays = c->capdays = 0;
}

static void note_gap(struct coverage *c, int64_t from, int64_t to)
{
	char a[11], b[11], t[40];
	size_t n;

	c->ngaps++;
	c->missing_days += to - from + 1;
	date_days_ymd(from, a);
	date_days_ymd(to, b);
	if (from == to)
		snprintf(t, sizeof(t), "%s%s", c->glen ? "; " : "", a);
	else
		snprintf(t, sizeof(t), "%s%s to %s", c->glen ? "; " : "", a, b);
	n = strlen(t);
	if (c->glen + n + 32 >= sizeof(c->gaps)) {
		c->gaps_not_listed++;
		return;
	}
	memcpy(c->gaps + c->glen, t, n + 1);
	c->glen += n;
}

void coverage_add(struct coverage *c, int64_t start, int64_t end, int64_t amount)
{
	if (!start)
		return;
	if (!end || end < start)
		end = start;
	if (c->rule == COVERAGE_CHAIN && c->deposits && start > c->covered_end + 1)
		note_gap(c, c->covered_end + 1, start - 1);
	if (c->rule == COVERAGE_CADENCE) {
		if (c->ndays == c->capdays) {
			size_t nc = c->capdays ? c->capdays * 2 : 64;
			int64_t *nd = realloc(c->days, nc * sizeof(*nd));

			if (!nd) {
				c->oom = 1;
				return;
			}
			c->days = nd;
			c->capdays = nc;
		}
		c->days[c->ndays++] = end;
	}
	if (!c->deposits || start < c->first)
		c->first = start;
	if (!c->deposits || end > c->covered_end)
		c->covered_end = end;
	if (!c->deposits || end > c->last)
		c->last = end;
	c->deposits++;
	c->amount += amount;
}

static int cmp_days(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void coverage_finish(struct coverage *c)
{
	int64_t *iv;
	size_t i, n;

	if (c->rule != COVERAGE_CADENCE || c->ndays < 3)
		return;
	qsort(c->days, c->ndays, sizeof(*c->days), cmp_days);
	iv = malloc((c->ndays - 1) * sizeof(*iv));
	if (!iv) {
		c->oom = 1;
		return;
	}
	for (i = 1, n = 0; i < c->ndays; i++)
		if (c->days[i] > c->days[i - 1])
			iv[n++] = c->days[i] - c->days[i - 1];
	if (n) {
		qsort(iv, n, sizeof(*iv), cmp_days);
		c->usual = iv[n / 2];
		for (i = 1; i < c->ndays; i++) {
			int64_t d = c->days[i] - c->days[i - 1];

			if (d > 2 * c->usual && d - c->usual >= 3)
				note_gap(c, c->days[i - 1] + 1, c->days[i] - 1);
		}
	}
	free(iv);
}

char *coverage_text(const struct coverage *c, const char *noun, char *out, size_t outlen)
{
	char a[11] = "", b[11] = "";
	int k;

	if (c->deposits) {
		date_days_ymd(c->first, a);
		date_days_ymd(c->last, b);
	}
	k = snprintf(out, outlen, "%s to %s, %ld %s", a, b, c->deposits, noun);
	if (k < 0 || (size_t)k >= outlen)
		return out;
	if (c->rule == COVERAGE_CADENCE && c->usual)
		k += snprintf(out + k, outlen - (size_t)k, " (usually every %lld day%s)",
			      (long long)c->usual, c->usual == 1 ? "" : "s");
	if (k < 0 || (size_t)k >= outlen)
		return out;
	if (c->ngaps && c->gaps_not_listed)
		snprintf(out + k, outlen - (size_t)k, "; missing %s; and %ld more gap%s", c->gaps,
			 c->gaps_not_listed, c->gaps_not_listed == 1 ? "" : "s");
	else if (c->ngaps)
		snprintf(out + k, outlen - (size_t)k, "; missing %s", c->gaps);
	else if (c->rule != COVERAGE_NONE)
		snprintf(out + k, outlen - (size_t)k, "; no gaps");
	return out;
}
