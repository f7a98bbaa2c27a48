/*
 * pp_download.c - test support for the PayPal tests that read one download
 * two ways and compare (test_paypal_stream, test_paypal_conv): the rows of
 * an activity download built in memory (pp_add), written in any order
 * (pp_write), and what a parse of a file gives as text (pp_parse): every
 * deposit with its events and strings, every message, and every row's fate
 * on a channel of its own.
 */
#include "pp_download.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

struct pp_row pp_rows[PP_MAXROWS];
int pp_nrows;
static unsigned long pp_seed = 12345;

unsigned pp_rnd(unsigned n)
{
	pp_seed = pp_seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((pp_seed >> 33) % n);
}

struct pp_row *pp_add(long t, const char *type, const char *cur, long gross, long fee,
		       long *bal)
{
	struct pp_row *r = &pp_rows[pp_nrows];

	memset(r, 0, sizeof(*r));
	r->t = t;
	snprintf(r->date, sizeof(r->date), "6/%d/2025", (int)(t / 86400 % 30) + 1);
	r->type = type;
	r->status = "Completed";
	r->cur = cur;
	r->name = gross < 0 ? "Supplier Ltd" : "Test Buyer";
	r->gross = gross;
	r->fee = fee;
	*bal += gross + fee;
	r->bal = *bal;
	snprintf(r->id, sizeof(r->id), "LLST%08d", pp_nrows);
	pp_nrows++;
	return r;
}

static void pp_money(char *out, size_t cap, long v)
{
	snprintf(out, cap, "%s%ld.%02ld", v < 0 ? "-" : "", labs(v) / 100, labs(v) % 100);
}

/* write rows in the order of idx */
const char *pp_write(const char *dir, const char *name, const int *idx)
{
	static char path[512];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\","
		   "\"Gross\",\"Fee\",\"Net\",\"Transaction ID\",\"Reference Txn ID\","
		   "\"Invoice Number\",\"Balance\"\n");
	for (i = 0; i < pp_nrows; i++) {
		const struct pp_row *r = &pp_rows[idx[i]];
		long s = r->t % 86400;
		char g[24], fe[24], n[24], b[24];

		pp_money(g, sizeof(g), r->gross);
		pp_money(fe, sizeof(fe), r->fee);
		pp_money(n, sizeof(n), r->gross + r->fee);
		pp_money(b, sizeof(b), r->bal);
		fprintf(f, "\"%s\",\"%02ld:%02ld:%02ld\",\"PDT\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\","
			   "\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\"\n",
			r->date, s / 3600, s / 60 % 60, s % 60, r->name, r->type, r->status,
			r->cur, r->amount_text ? r->amount_text : g, fe, n, r->id, r->ref,
			r->inv, b);
	}
	if (fclose(f)) {
		perror(path);
		exit(1);
	}
	return path;
}


static void pp_put(struct pp_fp *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pp_put(struct pp_fp *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(f->s + f->len, f->cap - f->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < f->cap - f->len)
			break;
		f->cap = f->cap * 2 + (size_t)n + 1024;
		f->s = realloc(f->s, f->cap);
		if (!f->s)
			exit(1);
	}
	f->len += (size_t)n;
}

static int on_dep(void *ctx, struct deposit *d)
{
	struct pp_fp *f = ctx;
	size_t i, n = strlen(f->ids);

	f->ndep++;
	snprintf(f->ids + n, sizeof(f->ids) - n, "%s %lld;", d->id, (long long)d->total);
	pp_put(f, "D %s %s %s %s %s %lld rows %ld bad %ld line %u nev %zu day %d\n", d->id,
	    d->currency, d->start_date, d->end_date, d->deposit_date, (long long)d->total,
	    d->rows, d->bad_rows, d->header_line, d->nev, d->account_day);
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];

		pp_put(f, " E %lld %lld %u %u %u|%s|%s|%s|%s|%s|%s|%s ids %u %u %u %u %u %u\n",
		    (long long)e->amount, (long long)e->posted_days, e->line, e->kind, e->flags,
		    strpool_get(&d->pool, e->ttype), strpool_get(&d->pool, e->atype),
		    strpool_get(&d->pool, e->adesc), strpool_get(&d->pool, e->order_id),
		    strpool_get(&d->pool, e->adjustment_id), strpool_get(&d->pool, e->party),
		    strpool_get(&d->pool, e->marketplace), e->ttype, e->atype, e->adesc,
		    e->order_id, e->adjustment_id, e->party);
	}
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	(void)path;
	pp_put(ctx, "R %ld %s %s %s\n", line, sev, code, msg);
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows_, int64_t amount)
{
	pp_put(((struct pp_fp *)ctx)->fates, "F %s %d %s %ld %lld\n", currency, (int)fate, reason,
	    rows_, (long long)amount);
	return 0;
}

/* parse path (account model: w) into f (fates into fates); sort 1 forces
 * the sort */
int pp_parse(const char *path, const struct parse_wallet *w, int sort, const char *budget,
		 struct pp_fp *f, struct pp_fp *fates)
{
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = { f, on_dep, on_rej, NULL, w, on_fate };
	struct parse_stats st;
	int rc, opened;

	memset(f, 0, sizeof(*f));
	memset(fates, 0, sizeof(*fates));
	f->fates = fates;
	pp_put(fates, "fates\n");
	setenv("LEDGERLIFT_PAYPAL_SORT", sort ? "1" : "0", 1);
	if (budget)
		setenv("LEDGERLIFT_SPILL_BUDGET", budget, 1);
	else
		unsetenv("LEDGERLIFT_SPILL_BUDGET");
	rc = tap_parse_path(path, &sink, &st, NULL, 0, &opened, &err);
	if (rc)
		printf("# %s: %s\n", path, err.msg);
	if (!opened)
		return rc;
	pp_put(f, "S rows %ld bad %ld deposits %ld days %lld-%lld\n", st.rows, st.bad_rows,
	    st.deposits, (long long)st.first_days, (long long)st.last_days);
	return rc;
}

/* the first line where a and b differ, for the test's output */
int pp_same(const struct pp_fp *a, const struct pp_fp *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

void pp_show_diff(const struct pp_fp *a, const struct pp_fp *b)
{
	size_t i = 0, ls = 0;

	while (i < a->len && i < b->len && a->s[i] == b->s[i])
		if (a->s[i++] == '\n')
			ls = i;
	printf("# sorted:   %.160s\n# streamed: %.160s\n", a->s + ls, b->s + ls);
}
