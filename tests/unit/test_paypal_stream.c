/* test_paypal_stream.c - a PayPal activity download in time order is cut
 * as its rows stream past (paypal_stream.c), with exactly the result the
 * sort gives (LEDGERLIFT_PAYPAL_SORT=1: every row in memory, sorted, as
 * before): every deposit with every event and its strings, every message
 * and every row's fate, in the same order. The downloads are written here
 * (USD and EUR, about 1,300 rows: payments, refunds, fees, rows that do
 * not move the balance, a denied one, a row of Gross and Fee 0, an amount
 * and a date that cannot be read, rows at the same second listed against
 * their Balance chain, conversions, a transfer id twice, EUR starting with
 * a balance carried in, rows after the last transfer) oldest first, newest
 * first and shuffled, read in both models (transfer, account), with the
 * default spill budget and with LEDGERLIFT_SPILL_BUDGET=1 (rows and
 * windows in temporary files from the first row, every deposit spilled at
 * every safe point). A shuffled file is still read (sorted): the same
 * deposits and totals as the ordered one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "formats/parse_paypal.h"
#include "plan/ingest.h"

static char tmpdir[] = "/tmp/ll-test-ppstream-XXXXXX";

/* ---- a download ---- */

struct row {
	long t;            /* seconds from 2025-06-01 00:00 PDT */
	char date[16];     /* as written: M/D/YYYY, or not a date */
	const char *type, *status, *cur, *name;
	long gross, fee, bal;
	char id[24], ref[24], inv[16];
	const char *amount_text; /* Gross as written instead, when set */
};

#define MAXROWS 2000
static struct row rows[MAXROWS];
static int nrows;
static unsigned long seed = 12345;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

static struct row *add(long t, const char *type, const char *cur, long gross, long fee,
		       long *bal)
{
	struct row *r = &rows[nrows];

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
	snprintf(r->id, sizeof(r->id), "LLST%08d", nrows);
	nrows++;
	return r;
}

/* June 2025: 30 days of 40 rows; USD from zero, EUR with 50.00 carried in;
 * every currency withdrawn each fifth day from the tenth (after an EUR to USD conversion
 * at the same second, listed first in the file) */
static void make_rows(void)
{
	long usd = 0, eur = 5000, t;
	int day, k;
	struct row *r;

	nrows = 0;
	for (day = 0; day < 30; day++) {
		for (k = 0; k < 40; k++) {
			long g = 1000 + (long)rnd(9000), f = -(g * 3 / 100 + 30);
			int same = day == 4 && k >= 10 && k < 14; /* four rows at one second */

			t = day * 86400L + 8 * 3600 + (same ? 10 : k) * 600;
			if (k % 9 == 4) {
				r = add(t, "General Authorization", "USD", g, 0, &usd);
				usd -= g; /* moves nothing */
				r->bal = usd;
			} else if (k % 13 == 6) {
				r = add(t, "Express Checkout Payment", "USD", g, f, &usd);
				r->status = "Denied";
				usd -= g + f;
				r->bal = usd;
			} else if (k % 5 == 2) {
				r = add(t, "Express Checkout Payment", "EUR", g, f, &eur);
			} else if (k % 17 == 3) {
				r = add(t, "Payment Refund", "USD", -g / 2, 0, &usd);
			} else {
				r = add(t, "Express Checkout Payment", "USD", g, f, &usd);
				snprintf(r->inv, sizeof(r->inv), "INV%d", day * 100 + k);
			}
		}
		if (day == 6) { /* Gross and Fee 0, an unreadable amount and date */
			add(day * 86400L + 16 * 3600, "General Payment", "USD", 0, 0, &usd);
			r = add(day * 86400L + 16 * 3600 + 60, "Express Checkout Payment", "USD",
				500, -45, &usd);
			r->amount_text = "5.0.0";
			r = add(day * 86400L + 16 * 3600 + 120, "Express Checkout Payment", "USD",
				700, -51, &usd);
			snprintf(r->date, sizeof(r->date), "31/31/2025");
		}
		if (day % 5 == 4 && day >= 9 && day < 29) { /* the first after 400 rows */
			struct row *a, *b, *w1, *w2;
			long x = eur / 2, y = x * 108 / 100, usd0 = usd;

			t = day * 86400L + 20 * 3600;
			/* listed first, but last in the Balance chain of its second */
			w1 = add(t, "General Withdrawal", "USD", -(usd0 + y), 0, &usd);
			a = add(t, "General Currency Conversion", "EUR", -x, 0, &eur);
			b = add(t, "General Currency Conversion", "USD", y, 0, &usd);
			snprintf(a->ref, sizeof(a->ref), "%s", b->id);
			snprintf(b->ref, sizeof(b->ref), "%s", a->id);
			b->bal = usd0 + y;
			w1->bal = 0;
			usd = 0;
			w2 = add(t + 60, "General Withdrawal", "EUR", -eur, 0, &eur);
			if (day == 19) /* a transfer id twice in the file */
				snprintf(w2->id, sizeof(w2->id), "%s", w1->id);
		}
	}
}

static void money(char *out, size_t cap, long v)
{
	snprintf(out, cap, "%s%ld.%02ld", v < 0 ? "-" : "", labs(v) / 100, labs(v) % 100);
}

/* write rows in the order of idx */
static const char *write_file(const char *name, const int *idx)
{
	static char path[512];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fprintf(f, "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\","
		   "\"Gross\",\"Fee\",\"Net\",\"Transaction ID\",\"Reference Txn ID\","
		   "\"Invoice Number\",\"Balance\"\n");
	for (i = 0; i < nrows; i++) {
		const struct row *r = &rows[idx[i]];
		long s = r->t % 86400;
		char g[24], fe[24], n[24], b[24];

		money(g, sizeof(g), r->gross);
		money(fe, sizeof(fe), r->fee);
		money(n, sizeof(n), r->gross + r->fee);
		money(b, sizeof(b), r->bal);
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

/* ---- what a parse gives, as text ---- */

struct fp {
	char *s;
	size_t len, cap;
	struct fp *fates; /* the fates: a channel of their own */
	int ndep;
	char ids[4096]; /* "id total;" per deposit */
};

static void put(struct fp *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct fp *f, const char *fmt, ...)
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
	struct fp *f = ctx;
	size_t i, n = strlen(f->ids);

	f->ndep++;
	snprintf(f->ids + n, sizeof(f->ids) - n, "%s %lld;", d->id, (long long)d->total);
	put(f, "D %s %s %s %s %s %lld rows %ld bad %ld line %u nev %zu day %d\n", d->id,
	    d->currency, d->start_date, d->end_date, d->deposit_date, (long long)d->total,
	    d->rows, d->bad_rows, d->header_line, d->nev, d->account_day);
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];

		put(f, " E %lld %lld %u %u %u|%s|%s|%s|%s|%s|%s|%s ids %u %u %u %u %u %u\n",
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
	put(ctx, "R %ld %s %s %s\n", line, sev, code, msg);
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows_, int64_t amount)
{
	put(((struct fp *)ctx)->fates, "F %s %d %s %ld %lld\n", currency, (int)fate, reason,
	    rows_, (long long)amount);
	return 0;
}

static const struct parse_wallet by_day = { 1, { { "", "" } }, 0 };

/* parse path (account model: w) into f (fates into fates); sort 1 forces
 * the sort */
static int parse(const char *path, const struct parse_wallet *w, int sort, const char *budget,
		 struct fp *f, struct fp *fates)
{
	struct source s;
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = { f, on_dep, on_rej, NULL, w, on_fate };
	struct parse_stats st;
	int rc;

	memset(f, 0, sizeof(*f));
	memset(fates, 0, sizeof(*fates));
	f->fates = fates;
	put(fates, "fates\n");
	memset(&st, 0, sizeof(st));
	setenv("LEDGERLIFT_PAYPAL_SORT", sort ? "1" : "0", 1);
	if (budget)
		setenv("LEDGERLIFT_SPILL_BUDGET", budget, 1);
	else
		unsetenv("LEDGERLIFT_SPILL_BUDGET");
	if ((rc = ingest_open(&s, path, &err))) {
		printf("# %s: %s\n", path, err.msg);
		return rc;
	}
	rc = s.fmt && s.fmt->parse
		     ? s.fmt->parse(&s.lines, path, s.header, s.header_len, &sink, &st, &err)
		     : -99;
	if (rc)
		printf("# %s: %s\n", path, err.msg);
	put(f, "S rows %ld bad %ld deposits %ld days %lld-%lld\n", st.rows, st.bad_rows,
	    st.deposits, (long long)st.first_days, (long long)st.last_days);
	ingest_close(&s);
	return rc;
}

/* the first line where a and b differ, for the test's output */
static int same(const struct fp *a, const struct fp *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

static void show_diff(const struct fp *a, const struct fp *b)
{
	size_t i = 0, ls = 0;

	while (i < a->len && i < b->len && a->s[i] == b->s[i])
		if (a->s[i++] == '\n')
			ls = i;
	printf("# sorted:   %.160s\n# streamed: %.160s\n", a->s + ls, b->s + ls);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "id total;" entries in order, for comparing files whose ties differ */
static void sorted_ids(const char *ids, char *out, size_t cap)
{
	char buf[4096], *tok[256], *save = NULL, *t;
	size_t n = 0, i, len = 0;

	snprintf(buf, sizeof(buf), "%s", ids);
	for (t = strtok_r(buf, ";", &save); t && n < 256; t = strtok_r(NULL, ";", &save))
		tok[n++] = t;
	qsort(tok, n, sizeof(tok[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s;", tok[i]);
}

static void test_orders(void)
{
	static const char *names[3] = { "ascending.csv", "descending.csv", "shuffled.csv" };
	static const char *budgets[2] = { NULL, "1" };
	static int idx[MAXROWS];
	char want_ids[2][4096], got_ids[4096];
	int o, m, b, i;

	make_rows();
	CHECK(nrows > 1200 && nrows < MAXROWS);
	for (o = 0; o < 3; o++) {
		const char *path;

		for (i = 0; i < nrows; i++)
			idx[i] = o == 1 ? nrows - 1 - i : i;
		for (i = nrows - 1; o == 2 && i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1), x = idx[i];

			idx[i] = idx[j];
			idx[j] = x;
		}
		path = write_file(names[o], idx);
		for (m = 0; m < 2; m++) {
			const struct parse_wallet *w = m ? &by_day : NULL;
			struct fp sorted, streamed, sfates, fates;
			long held_sorted = paypal_files_held;

			CHECK_INT(parse(path, w, 1, NULL, &sorted, &sfates), 0);
			CHECK_INT(paypal_files_held - held_sorted, 1);
			CHECK(sorted.ndep == (m ? 60 : 6));
			CHECK(strstr(sorted.s, "R ") != NULL);
			CHECK(strstr(sfates.s, "F ") != NULL);
			if (o == 0)
				sorted_ids(sorted.ids, want_ids[m], sizeof(want_ids[m]));
			else {
				/* the same deposits, whatever the order of the rows */
				sorted_ids(sorted.ids, got_ids, sizeof(got_ids));
				CHECK_STR(got_ids, want_ids[m]);
			}
			for (b = 0; b < 2; b++) {
				long streamed0 = paypal_files_streamed;
				long sorted0 = paypal_files_sorted;
				long held0 = paypal_files_held;

				CHECK_INT(parse(path, w, 0, budgets[b], &streamed, &fates), 0);
				/* in time order: streamed; shuffled: sorted in the
				 * store (in a file with the 1-byte budget), then
				 * streamed; never every row held in memory */
				CHECK_INT(paypal_files_streamed - streamed0, 1);
				CHECK_INT(paypal_files_sorted - sorted0, o == 2);
				CHECK_INT(paypal_files_held - held0, 0);
				if (!same(&sorted, &streamed) || !same(&sfates, &fates)) {
					printf("# %s, %s model, budget %s:\n", names[o],
					       m ? "account" : "transfer",
					       budgets[b] ? budgets[b] : "default");
					show_diff(&sorted, &streamed);
					show_diff(&sfates, &fates);
					CHECK(0);
				} else {
					CHECK(1);
				}
				free(streamed.s);
				free(fates.s);
			}
			free(sorted.s);
			free(sfates.s);
		}
	}
	unsetenv("LEDGERLIFT_PAYPAL_SORT");
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_orders();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
