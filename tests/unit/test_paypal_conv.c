/* test_paypal_conv.c - the transfer model's file where a currency that is
 * never withdrawn converts into one that is (EUR sales PayPal converts into
 * USD at once, USD withdrawn): cut from its sorted row store in a temporary
 * file (LEDGERLIFT_SPILL_BUDGET=1; paypal_index.c), never every row held
 * in memory, with exactly what the in-memory sort gives
 * (LEDGERLIFT_PAYPAL_SORT=1): every deposit, event, string, message and
 * fate, in the same order. The download (about 1,000 rows, oldest first,
 * newest first and shuffled) has EUR carried in before the first
 * conversion (held back), a conversion whose rows do not add up, refunds
 * converted back, a pair linked by instant only, EUR after the last
 * conversion and a GBP sale never converted; every tests/data/paypal file
 * is compared the same way. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "formats/parse_paypal.h"
#include "plan/ingest.h"

static char tmpdir[] = "/tmp/ll-test-ppconv-XXXXXX";

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

/* a EUR row converted into USD at once: the EUR and USD conversion rows at
 * its instant, linked to it by Reference Txn ID (by instant only: link 0) */
static void convert(const struct row *of, long *eur, long *usd, int link, int off)
{
	long net = of->gross + of->fee, got = (labs(net) * 10837 + 5000) / 10000;
	struct row *a, *b;

	a = add(of->t, "General Currency Conversion", "EUR", -net, 0, eur);
	a->bal += off; /* its Balance cell says 0.01 more than the rows */
	b = add(of->t, "General Currency Conversion", "USD", net > 0 ? got : -got, 0, usd);
	if (link) {
		snprintf(a->ref, sizeof(a->ref), "%s", of->id);
		snprintf(b->ref, sizeof(b->ref), "%s", of->id);
	}
}

/* June 2025: 30 days of 20 sales, every fourth in EUR and converted;
 * USD withdrawn each third day from the second */
static void make_rows(void)
{
	long usd = 0, eur = 3000, gbp = 0, t;
	int day, k;
	struct row *r;

	nrows = 0;
	for (day = 0; day < 30; day++) {
		for (k = 0; k < 20; k++) {
			long g = 1000 + (long)rnd(9000), f = -(g * 3 / 100 + 30);

			t = day * 86400L + 8 * 3600 + k * 900;
			if (k % 4 == 1 && day < 28) {
				r = add(t, "Express Checkout Payment", "EUR", g, f, &eur);
				/* day 5: not tied (a Balance cell 0.01 off);
				 * day 7: linked by instant only */
				convert(r, &eur, &usd, !(day == 7 && k == 5), day == 5 && k == 9);
			} else if (k % 4 == 1) {
				add(t, "Express Checkout Payment", "EUR", g, f, &eur);
			} else if (k == 18 && day % 6 == 3) {
				r = add(t, "Payment Refund", "EUR", -g / 4, 0, &eur);
				convert(r, &eur, &usd, 1, 0);
			} else if (k == 19 && day == 12) {
				add(t, "Express Checkout Payment", "GBP", g, f, &gbp);
			} else if (k == 17 && day % 7 == 2) {
				r = add(t, "Express Checkout Payment", "USD", g, f, &usd);
				r->status = "Denied";
				usd -= g + f;
				r->bal = usd;
			} else {
				r = add(t, "Express Checkout Payment", "USD", g, f, &usd);
				snprintf(r->inv, sizeof(r->inv), "INV%d", day * 100 + k);
			}
		}
		if (day % 3 == 1)
			add(day * 86400L + 20 * 3600, "General Withdrawal", "USD", -usd, 0, &usd);
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

/* path in the transfer model: the in-memory sort against the store cut
 * (default budget; 1: in its temporary file); what[] names it */
static void compare(const char *path, const char *what, int generated)
{
	static const char *budgets[2] = { NULL, "1" };
	struct fp sorted, cut, sfates, fates;
	int b, rc;

	rc = parse(path, NULL, 1, NULL, &sorted, &sfates);

	if (generated) {
		CHECK_INT(rc, 0);
		CHECK(sorted.ndep == 10);
		CHECK(strstr(sorted.s, "partial-transfer") != NULL);
		CHECK(strstr(sorted.s, "conversion-untied") != NULL);
		CHECK(strstr(sorted.s, "no-transfer") != NULL);
	}
	for (b = 0; b < 2; b++) {
		long held0 = paypal_files_held, stored0 = paypal_files_cut_stored;

		/* the same answer (a fixture that cannot be read: the same error) */
		CHECK_INT(parse(path, NULL, 0, budgets[b], &cut, &fates), rc);
		if (generated) {
			/* never every row in memory; with the 1-byte budget, cut
			 * from the sorted store in its file */
			CHECK_INT(paypal_files_held - held0, 0);
			CHECK_INT(paypal_files_cut_stored - stored0, b == 1);
		}
		if (!same(&sorted, &cut) || !same(&sfates, &fates)) {
			printf("# %s, budget %s:\n", what, budgets[b] ? budgets[b] : "default");
			show_diff(&sorted, &cut);
			show_diff(&sfates, &fates);
			CHECK(0);
		} else {
			CHECK(1);
		}
		free(cut.s);
		free(fates.s);
	}
	free(sorted.s);
	free(sfates.s);
}

static void test_converted(void)
{
	static const char *names[3] = { "ascending.csv", "descending.csv", "shuffled.csv" };
	static int idx[MAXROWS];
	int o, i;

	make_rows();
	CHECK(nrows > 800 && nrows < MAXROWS);
	for (o = 0; o < 3; o++) {
		for (i = 0; i < nrows; i++)
			idx[i] = o == 1 ? nrows - 1 - i : i;
		for (i = nrows - 1; o == 2 && i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1), x = idx[i];

			idx[i] = idx[j];
			idx[j] = x;
		}
		compare(write_file(names[o], idx), names[o], 1);
	}
}

/* every PayPal fixture, read as transfers */
static void test_fixtures(void)
{
	const char *src = getenv("LL_SOURCE_DIR");
	char dir[512], path[1024];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/data/paypal", src ? src : ".");
	d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strstr(e->d_name, "README"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		compare(path, e->d_name, 0);
		n++;
	}
	closedir(d);
	CHECK(n > 10);
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_converted();
	test_fixtures();
	unsetenv("LEDGERLIFT_PAYPAL_SORT");
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
