/*
 * test_mkt_spill.c - the marketplace parsers in bounded memory (issue 15
 * item 3, parse_mkt.h, mkt_set.c): a WooCommerce WebToffee CSV, an
 * Advanced Order Export CSV (an order's rows split across the file), a
 * WooCommerce REST JSON document, an eBay transaction report (payouts'
 * rows interleaved, one without its Payout row) and an eBay orders report,
 * each parsed with every open deposit spilled at each safe point
 * (LEDGERLIFT_SPILL_BUDGET=1) and without: the deposits delivered are the
 * same, in the same order, header for header, event for event and string
 * id for string id, and the rejects and fates too; the spill file was in
 * use. A file with more refunds than deposits allowed open at once
 * (LEDGERLIFT_MKT_MAX_OPEN lowered) is read whole (refunds are parked),
 * and one with more open days than that is refused with a message naming
 * the file, as is one whose spill file cannot be written.
 */
#include "deprec.h"
#include "tap.h"

#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "formats/parse_ebay.h"
#include "formats/parse_woocommerce.h"
#include "formats/formats.h"
#include "formats/spill.h"
#include "util/buf.h"
#include "util/reader.h"
#include "util/text.h"

/* a growing text */
struct txt {
	char *p;
	size_t len, cap;
};

static void put(struct txt *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = t->cap - t->len;

		va_start(ap, fmt);
		n = vsnprintf(t->p ? t->p + t->len : NULL, t->p ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (t->p && (size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		if (!t->p)
			abort();
	}
}

/* what a parse delivered and reported */
struct got {
	struct txt out;
	long ndep;
	int spill_file; /* a spill file was open while deposits were delivered */
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;
	struct txt *t = &g->out;
	size_t i;

	g->ndep++;
	if (deprec_spill_open())
		g->spill_file = 1;
	put(t, "D %s|%s|%d|%s|%s|%s|%lld|%d|%s|%d|%u|%ld|%u|%ld|%d|pool %u %zu|nev %zu\n",
	    d->id, d->currency, d->exponent, d->start_date, d->end_date, d->deposit_date,
	    (long long)d->total, d->has_header, d->gateway, d->day_summary, d->header_line,
	    d->rows, d->last_row, d->bad_rows, d->partial, d->pool.n, d->pool.len, d->nev);
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];

		put(t, " e %lld %lld %u %d %u %u %u %d %u|%u %s|%u %s|%u %s|%u %s|%u %s|%u %s|%u "
		       "%s|%u %s|%u %s\n",
		    (long long)e->amount, (long long)e->posted_days, e->line, e->quantity,
		    e->kind, e->flags, e->tax_stated, e->tax_rate, e->tax_name,
		    e->ttype, deposit_str(d, e->ttype), e->atype, deposit_str(d, e->atype),
		    e->adesc, deposit_str(d, e->adesc), e->order_id, deposit_str(d, e->order_id),
		    e->adjustment_id, deposit_str(d, e->adjustment_id), e->sku,
		    deposit_str(d, e->sku), e->marketplace, deposit_str(d, e->marketplace),
		    e->party, deposit_str(d, e->party), e->tax_name, deposit_str(d, e->tax_name));
	}
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct got *g = ctx;

	put(&g->out, "R %s:%ld %s %s %s\n", path, line, sev, code, msg);
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	struct got *g = ctx;

	put(&g->out, "F %s %d %s %ld %lld\n", currency, (int)fate, reason, rows,
	    (long long)amount);
	return 0;
}

/*
 * Parse text as ingest would (the format found by its header; JSON through
 * woo_parse_json_mem) with the given spill budget ("" = the default),
 * into g. Returns the parser's code; err filled.
 */
static int parse(const char *text, const char *path, const char *budget, struct got *g,
		 struct ll_err *err)
{
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, on_fate };
	struct parse_stats st;
	struct reader *r = NULL;
	struct lines l;
	const struct format_def *f = NULL;
	char *line = NULL;
	size_t len = 0;
	int rc, seen = 0;

	memset(g, 0, sizeof(*g));
	memset(&st, 0, sizeof(st));
	ll_err_clear(err);
	if (*budget)
		setenv("LEDGERLIFT_SPILL_BUDGET", budget, 1);
	else
		unsetenv("LEDGERLIFT_SPILL_BUDGET");
	if (strstr(path, ".json")) {
		rc = woo_parse_json_mem(text, strlen(text), path, &sink, &st, err);
	} else {
		reader_open_mem(&r, text, strlen(text), path);
		lines_init(&l, r);
		while ((rc = lines_next(&l, &line, &len, err)) == 1) {
			size_t bom = l.lineno == 1 ? text_bom(line, len) : 0;

			if (text_trim((struct field){ line + bom, len - bom }).len == 0)
				continue;
			if ((f = formats_detect(line + bom, len - bom, seen++)))
				break;
		}
		rc = f && f->parse ? f->parse(&l, path, line, len, &sink, &st, err) : -99;
		lines_free(&l);
		reader_free(r);
	}
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
	put(&g->out, "S rows %ld deposits %ld bad %ld first %lld last %lld\n", st.rows,
	    st.deposits, st.bad_rows, (long long)st.first_days, (long long)st.last_days);
	return rc;
}

/* the same deposits, events and messages with every deposit spilled at
 * each safe point as without a spill */
static void same_spilled(const char *name, const char *text, long want_deposits,
			 const char *want_text)
{
	struct got a, b;
	struct ll_err err;
	int rc;

	rc = parse(text, name, "", &a, &err);
	CHECK_INT(rc, 0);
	rc = parse(text, name, "1", &b, &err);
	CHECK_INT(rc, 0);
	fprintf(stderr, "# %s: %ld deposits\n", name, a.ndep);
	if (want_deposits >= 0)
		CHECK_INT(a.ndep, want_deposits);
	CHECK_INT(b.ndep, a.ndep);
	CHECK_INT(b.out.len, a.out.len);
	CHECK(a.out.len == b.out.len && memcmp(a.out.p, b.out.p, a.out.len) == 0);
	if (a.out.len != b.out.len || memcmp(a.out.p, b.out.p, a.out.len)) {
		size_t i = 0;

		while (i < a.out.len && i < b.out.len && a.out.p[i] == b.out.p[i])
			i++;
		fprintf(stderr, "# %s differs at %zu: ...%.120s\n# vs ...%.120s\n", name, i,
			a.out.p + (i > 40 ? i - 40 : 0), b.out.p + (i > 40 ? i - 40 : 0));
	}
	CHECK(b.spill_file); /* the budget-1 parse did spill */
	CHECK(a.out.p && strstr(a.out.p, want_text) != NULL);
	if (!a.out.p || !strstr(a.out.p, want_text))
		fprintf(stderr, "# %s: no '%s' in:\n%.3000s\n", name, want_text, a.out.p);
	free(a.out.p);
	free(b.out.p);
}

static const char *const GATE[] = { "stripe", "paypal", "cod" };

static void ymd(char out[16], int day)
{
	snprintf(out, 16, "2025-%02d-%02d", (3 + day / 28) % 100, 1 + day % 28);
}

/* WebToffee: orders over days and gateways, refunds (a second one on
 * another day for some), a bad amount, and order 6 again at the end (its
 * refund's deposit "R6" exists, parked: read back, the copy's is "R6-2") */
static char *webtoffee(int norders, int ndays, int refund_every)
{
	struct txt t = { NULL, 0, 0 };
	int i;

	put(&t, "order_id,order_number,order_date,status,shipping_total,fee_total,tax_total,"
		"order_total,order_currency,payment_method,refund_items,paid_date,line_item_1,"
		"line_item_2\n");
	for (i = 1; i <= norders + 1; i++) {
		int o = i <= norders ? i : 6, day = o % ndays;
		char d[16], rd[16];
		const char *cur = o % 5 == 0 ? "EUR" : "USD";

		ymd(d, day);
		ymd(rd, day + 2);
		put(&t, "%d,%d,%s 10:00:00,completed,%d.00,0,1.00,%s,%s,%s,", o, o, d, o % 4,
		    o % 11 == 0 ? "x12" : "", cur, GATE[o % 3]);
		if (o % refund_every == 0)
			put(&t, "\"amount:%d.50|reason:r|date:%s 09:00:00%s\"", o % 9 + 1, rd,
			    o % 2 == 0 ? "" : ";amount:1.00|reason:s|date:" "2025-05-20 10:00:00");
		put(&t, ",%s 10:00:00,name:Shoe|sku:S%d|quantity:%d|total:%d.25,"
			"name:Hat|sku:H%d|quantity:1|total:3.00\n",
		    d, o % 13, o % 3 + 1, o % 17, o % 5);
	}
	return t.p;
}

/* Advanced Order Export: a row per product, refunds per line (merged, on
 * the order's day); order 10 again at the end (its merged refund deposit
 * read back and added to) */
static char *aoe(int norders)
{
	struct txt t = { NULL, 0, 0 };
	int i, k;

	put(&t, "Order Number,Order Status,Order Date,Paid Date,Payment Method,Order Currency,"
		"Order Total Amount,Order Shipping Amount,Order Line (w/o tax),Order Line Tax,"
		"Order Line Total Refunded,SKU,Quantity\n");
	for (i = 1; i <= norders; i++) {
		char d[16];
		int rows = 1 + i % 3;

		ymd(d, i % 9);
		for (k = 0; k < rows; k++) {
			if (k == 0)
				put(&t, "%d,completed,%s 10:00:00,%s 10:05:00,%s,GBP,,%d.00,", i, d, d,
				    GATE[i % 3], i % 3);
			else
				put(&t, "%d,,,,,,,,", i);
			put(&t, "%d.10,0.%02d,%s,SKU%d,%d\n", k + 1, i % 100,
			    (i % 4 == 0 || i == 10) ? "1.50" : "", (i + k) % 7, k + 1);
		}
	}
	put(&t, "10,completed,2025-03-02 10:00:00,2025-03-02 10:05:00,%s,GBP,,0.00,4.00,0,"
		"2.00,Z10,1\n", GATE[10 % 3]);
	return t.p;
}

/* REST JSON: orders with refunds[], refund objects dating some */
static char *woo_json(int norders)
{
	struct txt t = { NULL, 0, 0 };
	int i;

	put(&t, "[");
	for (i = 1; i <= norders; i++) {
		char d[16], rd[16];

		ymd(d, i % 15);
		ymd(rd, i % 15 + 3);
		put(&t, "%s{\"id\": %d, \"number\": \"N%d\", \"order_key\": \"k%d\", "
			"\"status\": \"completed\", \"currency\": \"%s\", \"payment_method\": \"%s\",\n"
			" \"date_paid\": \"%sT10:00:00\", \"date_modified\": \"%sT10:00:00\", "
			"\"total\": \"%d.00\", \"total_tax\": \"0.00\",\n"
			" \"line_items\": [{\"sku\": \"S%d\", \"quantity\": 1, \"subtotal\": \"%d.00\", "
			"\"total\": \"%d.00\"}],\n \"refunds\": [",
		    i > 1 ? ",\n" : "", i, i, i, i % 4 ? "EUR" : "USD", GATE[i % 3], d, rd,
		    10 + i % 7, i % 5, 10 + i % 7, 10 + i % 7);
		if (i % 2 == 0)
			put(&t, "{\"id\": %d, \"total\": \"-%d.00\"}", 1000 + i, 1 + i % 4);
		if (i % 6 == 0)
			put(&t, ", {\"id\": %d, \"total\": \"-1.00\"}", 5000 + i);
		put(&t, "]}");
		if (i % 4 == 0)
			put(&t, ",\n{\"id\": %d, \"date_created\": \"%sT08:00:00\", \"amount\": \"1.00\", "
				"\"refunded_by\": 1, \"_links\": {\"up\": [{\"href\": "
				"\"https://x.example/wc/v3/orders/%d\"}]}}",
			    1000 + i, rd, i);
	}
	put(&t, "]\n");
	return t.p;
}

/* eBay transaction report: payouts' rows interleaved; the last payout has
 * no Payout row (held back, its events read back for the report) */
static char *ebay_tx(int npayouts, int rows_each)
{
	struct txt t = { NULL, 0, 0 };
	int r, p;

	put(&t, "Transaction creation date,Type,Order number,Net amount,Payout currency,"
		"Payout date,Payout ID,Custom label,Quantity,Item subtotal,Shipping and handling,"
		"Final Value Fee - variable,Gross transaction amount,Transaction currency,"
		"Description\n");
	for (r = 0; r < rows_each; r++)
		for (p = 0; p < npayouts; p++)
			put(&t, "\"Mar %d, 2025\",%s,99-%05d-%05d,%d.%02d,USD,\"Apr %d, 2025\",%d,"
				"SKU-%d,1,%d.%02d,1.00,-1.00,%d.%02d,USD,--\n",
			    1 + r % 28, r % 5 == 4 ? "Refund" : "Order", p, r, r % 5 == 4 ? -3 : 5 + r,
			    p % 100, 1 + p % 28, 7000 + p, r % 9, r % 5 == 4 ? -3 : 5 + r, p % 100,
			    r % 5 == 4 ? -3 : 5 + r, p % 100);
	for (p = 0; p + 1 < npayouts; p++) {
		long net = 0;

		for (r = 0; r < rows_each; r++)
			net += (r % 5 == 4 ? -300 : (5 + r) * 100) + (r % 5 == 4 ? -(p % 100) : p % 100);
		put(&t, "\"Apr %d, 2025\",Payout,--,%ld.%02ld,USD,\"Apr %d, 2025\",%d,--,--,--,--,--,"
			"--,USD,Payout\n", 1 + p % 28, net / 100, net % 100, 1 + p % 28, 7000 + p);
	}
	return t.p;
}

/* eBay orders report: orders of one or two rows over days and currencies */
static char *ebay_orders(int norders)
{
	struct txt t = { NULL, 0, 0 };
	int i;

	put(&t, "\"Sales Record Number\",\"Order Number\",\"Quantity\",\"Sold For\","
		"\"Shipping And Handling\",\"Total Price\",\"Sale Date\",\"Paid On Date\"\n");
	for (i = 1; i <= norders; i++) {
		const char *sym = i % 3 ? "\xc2\xa3" : "$";
		int day = 1 + i % 20;

		if (i % 4 == 0) {
			put(&t, "%d,99-%d,,,%s2.00,%s%d.00,Jul-%02d-26,Jul-%02d-26\n", 1000 + i, i, sym,
			    sym, 12 + i % 5, day, day);
			put(&t, "%d,99-%d,1,%s%d.00,,,Jul-%02d-26,Jul-%02d-26\n", 1000 + i, i, sym,
			    10 + i % 5, day, day);
		} else {
			put(&t, "%d,99-%d,2,%s%d.00,%s1.00,%s%d.00,Jul-%02d-26,%s\n", 1000 + i, i, sym,
			    3 + i % 4, sym, sym, 2 * (3 + i % 4) + 1, day,
			    i % 10 == 0 ? "" : (i % 2 ? "Jul-21-26" : "Jul-22-26"));
		}
	}
	put(&t, "\n%d record(s) downloaded,from Jul-01-26 to Jul-31-26\n", norders);
	return t.p;
}

static void test_same(void)
{
	char *s;

	/* 24 days (12 x USD/EUR), 100 refunds + 50 second ones, order 6's copy */
	s = webtoffee(300, 12, 3);
	same_spilled("wt.csv", s, 24 + 150 + 1, "2025-03-09 stripe USD R6-2|");
	free(s);
	/* 9 days, 15 + order 10's merged refunds (its 2 rows 3.00, its copy 2.00) */
	s = aoe(60);
	same_spilled("aoe.csv", s, 9 + 15 + 1, "2025-03-02 paypal GBP R10|GBP|2|2025-03-02|"
		     "2025-03-02|2025-03-02|-500|");
	free(s);
	/* 30 days, 45 refunds + 15 second ones on the same day ("-2") */
	s = woo_json(90);
	same_spilled("rest.json", s, 30 + 45 + 15, "2025-03-16 stripe USD RN12-2|");
	free(s);
	/* 40 payouts, the last one without its Payout row (held back) */
	s = ebay_tx(40, 30);
	same_spilled("tx.csv", s, 39, "F USD 1 no-payout-row 30 ");
	free(s);
	s = ebay_orders(200);
	same_spilled("orders.csv", s, 14, "D 2026-07-22 GBP|");
	free(s);
}

/* more refunds than deposits allowed open at once: read whole, the same as
 * without the lower limit; more open days than that: refused, naming the
 * file */
static void test_many_refunds(void)
{
	struct got a, b;
	struct ll_err err;
	char *s = webtoffee(400, 2, 1);

	CHECK_INT(parse(s, "many.csv", "", &a, &err), 0);
	setenv("LEDGERLIFT_MKT_MAX_OPEN", "50", 1);
	CHECK_INT(parse(s, "many.csv", "", &b, &err), 0);
	CHECK_STR(err.msg, "");
	CHECK(a.ndep > 400);
	CHECK_INT(b.ndep, a.ndep);
	CHECK(a.out.len == b.out.len && memcmp(a.out.p, b.out.p, a.out.len) == 0);
	free(s);
	free(a.out.p);
	free(b.out.p);

	s = webtoffee(400, 60, 1000);
	CHECK(parse(s, "days.csv", "", &b, &err) < 0);
	CHECK_STR(err.file, "days.csv");
	CHECK(strstr(err.msg, "more than 50 deposits open at once") != NULL);
	free(b.out.p);
	unsetenv("LEDGERLIFT_MKT_MAX_OPEN");
	CHECK_INT(parse(s, "days.csv", "", &b, &err), 0);
	free(s);
	free(b.out.p);
}

/* the spill file cannot grow (RLIMIT_FSIZE, in a child): the parse stops
 * with the file named and what failed, not "out of memory" */
static void test_write_fails(void)
{
	char *s = webtoffee(3000, 5, 1);
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		struct got g;
		struct ll_err err;
		int rc;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		rc = parse(s, "big.csv", "", &g, &err);
		_exit(rc == LL_ERROR && !strcmp(err.file, "big.csv") &&
			      strstr(err.msg, "cannot write open deposits to a temporary file")
		      ? 0 : 1);
	}
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(s);
}

int main(void)
{
	test_same();
	test_many_refunds();
	test_write_fails();
	return tap_done();
}
