/*
 * deprec.c - the recording parse sink of the parser tests (deprec.h).
 */
#include "deprec.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/text.h"

static void logf_(struct deprec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void logf_(struct deprec *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (r->loglen + (size_t)n + 1 > r->logcap) {
		size_t nc = (r->logcap ? r->logcap * 2 : 4096) + (size_t)n;
		char *p = realloc(r->log, nc);

		if (!p)
			abort();
		r->log = p;
		r->logcap = nc;
	}
	memcpy(r->log + r->loglen, line, (size_t)n);
	r->loglen += (size_t)n;
	r->log[r->loglen] = '\0';
}

int deprec_spill_open(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;
	int found = 0;

	if (!dir)
		return 0;
	while (!found && (e = readdir(dir)) != NULL) {
		char p[300], t[4096];
		ssize_t n;

		snprintf(p, sizeof(p), "/proc/self/fd/%s", e->d_name);
		n = readlink(p, t, sizeof(t) - 1);
		if (n <= 0)
			continue;
		t[n] = '\0';
		found = strstr(t, "ledgerlift-spill-") && strstr(t, "(deleted)");
	}
	closedir(dir);
	return found;
}

static int on_dep(void *ctx, struct deposit *d)
{
	struct deprec *r = ctx;
	struct deprec_dep *x;
	uint32_t i;

	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;
		struct deprec_dep *p = realloc(r->d, nc * sizeof(*p));

		if (!p)
			abort();
		r->d = p;
		r->cap = nc;
	}
	if (deprec_spill_open())
		r->spill_open = 1;
	x = &r->d[r->n++];
	memset(x, 0, sizeof(*x));
	x->h = *d;
	memset(&x->h.pool, 0, sizeof(x->h.pool));
	x->h.ev = NULL;
	x->h.path = NULL;
	x->h.spill = NULL;
	x->nev = d->nev;
	x->ev = malloc((d->nev ? d->nev : 1) * sizeof(*x->ev));
	x->nstr = d->pool.n;
	x->str = calloc(d->pool.n ? d->pool.n : 1, sizeof(*x->str));
	if (!x->ev || !x->str)
		abort();
	if (d->nev)
		memcpy(x->ev, d->ev, d->nev * sizeof(*x->ev));
	for (i = 0; i < d->pool.n; i++)
		x->str[i] = strdup(deposit_str(d, i));
	logf_(r, "deposit %s\n", d->id);
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	logf_(ctx, "%s:%ld %s %s %s\n", path, line, sev, code, msg);
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	logf_(ctx, "fate %s %d %s %ld %lld\n", currency, (int)fate, reason, rows,
	      (long long)amount);
	return 0;
}

int deprec_parse(parse_fn fn, const char *text, size_t len, const char *budget,
		 struct deprec *r, struct ll_err *err)
{
	struct reader *rd = NULL;
	struct lines l;
	struct parse_sink sink = { r, on_dep, on_rej, NULL, NULL, on_fate };
	struct parse_stats ps;
	char *line;
	size_t hl, bom;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&ps, 0, sizeof(ps));
	if (budget)
		setenv("LEDGERLIFT_SPILL_BUDGET", budget, 1);
	else
		unsetenv("LEDGERLIFT_SPILL_BUDGET");
	reader_open_mem(&rd, text, len, "mem.csv");
	lines_init(&l, rd);
	rc = lines_next(&l, &line, &hl, err);
	bom = rc == 1 ? text_bom(line, hl) : 0;
	rc = rc == 1 ? fn(&l, "mem.csv", line + bom, hl - bom, &sink, &ps, err) : -100;
	logf_(r, "stats rows %ld bad %ld deposits %ld days %lld-%lld\n", ps.rows, ps.bad_rows,
	      ps.deposits, (long long)ps.first_days, (long long)ps.last_days);
	lines_free(&l);
	reader_free(rd);
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
	return rc;
}

static int same_dep(const struct deprec_dep *a, const struct deprec_dep *b)
{
	const struct deposit *x = &a->h, *y = &b->h;
	size_t i;

#define SAME(cond, what)                                                           \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "deposit %s: %s differs\n", x->id, what); \
			return 0;                                                  \
		}                                                                  \
	} while (0)
	SAME(!strcmp(x->id, y->id) && !strcmp(x->platform, y->platform), "id");
	SAME(!strcmp(x->currency, y->currency) && x->exponent == y->exponent, "currency");
	SAME(!strcmp(x->start_date, y->start_date) && !strcmp(x->end_date, y->end_date) &&
		     !strcmp(x->deposit_date, y->deposit_date), "dates");
	SAME(x->total == y->total && x->has_header == y->has_header, "total");
	SAME(!strcmp(x->gateway, y->gateway) && x->day_summary == y->day_summary, "gateway");
	SAME(x->header_line == y->header_line && x->rows == y->rows &&
		     x->bad_rows == y->bad_rows && x->last_row == y->last_row, "rows");
	SAME(!strcmp(x->leave, y->leave) && x->unpaid == y->unpaid &&
		     x->cumulative == y->cumulative && x->partial == y->partial, "leave");
	SAME(x->nspill == 0 && y->nspill == 0, "nspill (delivered spilled)");
	SAME(a->nev == b->nev, "event count");
	for (i = 0; i < a->nev; i++)
		SAME(!memcmp(&a->ev[i], &b->ev[i], sizeof(a->ev[i])), "an event");
	SAME(a->nstr == b->nstr, "string count");
	for (i = 0; i < a->nstr; i++)
		SAME(!strcmp(a->str[i], b->str[i]), "a string");
#undef SAME
	return 1;
}

int deprec_same(const struct deprec *a, const struct deprec *b)
{
	size_t i;

	if (a->n != b->n) {
		fprintf(stderr, "%zu deposits against %zu\n", a->n, b->n);
		return 0;
	}
	for (i = 0; i < a->n; i++)
		if (!same_dep(&a->d[i], &b->d[i]))
			return 0;
	if ((a->log == NULL) != (b->log == NULL) || (a->log && strcmp(a->log, b->log))) {
		fprintf(stderr, "rejects and fates differ:\n%s\n---\n%s\n", a->log ? a->log : "",
			b->log ? b->log : "");
		return 0;
	}
	return 1;
}

size_t deprec_events(const struct deprec *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->d[i].nev;
	return n;
}

void deprec_free(struct deprec *r)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->d[i].nstr; k++)
			free(r->d[i].str[k]);
		free(r->d[i].str);
		free(r->d[i].ev);
	}
	free(r->d);
	free(r->log);
	memset(r, 0, sizeof(*r));
}
