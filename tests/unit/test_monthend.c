/* test_monthend.c - month ends and negative deposits (plan/map.h,
 * plan/monthend.h) through map_deposit, on deposits built in memory and
 * mappings written to a temporary folder: a deposit across month ends is
 * one part per month whose earlier parts roll their balance forward on the
 * carried-balance account (total 0, dated at month end) and whose last
 * part equals the deposit (dated on it), in settlement and order mode; a
 * negative deposit is a bill by default; a negative order-mode payout that
 * Amazon charged to the card or carried forward is no bank transfer but a
 * line on the carried-balance account; the settings and their errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "plan/map.h"
#include "plan/monthend.h"
#include "util/date.h"

static char tmpdir[] = "/tmp/ll-test-monthend-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static const char amazon_csv[] =
	"transaction_type,amount_type,amount_description,account_code,tax_type,"
	"line_description,tracking\n"
	"Order,ItemPrice,*,200,{none},Sales,\n"
	"Order,ItemFees,*,404,{none},Fees,\n"
	"Refund,ItemPrice,*,200,{none},Refunds,\n"
	"*,other-transaction,Payable to Amazon,8160,{none},Balance from the previous settlement,\n";

static struct mappings *load_err(const char *settings, struct ll_err *err)
{
	struct mappings *m = NULL;

	put("amazon.csv", amazon_csv);
	put("settings.json", settings);
	if (mappings_load(&m, tmpdir, err))
		return NULL;
	return m;
}

static struct mappings *load(const char *settings)
{
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load_err(settings, &err);

	if (!m)
		printf("# mappings: %s\n", err.msg);
	return m;
}

struct ev {
	uint32_t line;
	const char *date, *ttype, *atype, *adesc, *order;
	int kind;
	int64_t amount;
};

static void make_deposit(struct deposit *d, const char *deposit_date, const struct ev *ev,
			 size_t n)
{
	size_t i;

	deposit_init(d, "amazon", "S1", "f.txt");
	snprintf(d->currency, sizeof(d->currency), "USD");
	snprintf(d->start_date, sizeof(d->start_date), "2024-01-01");
	snprintf(d->end_date, sizeof(d->end_date), "2024-01-14");
	snprintf(d->deposit_date, sizeof(d->deposit_date), "%s", deposit_date);
	d->header_line = 1;
	d->has_header = 1;
	d->total = 0;
	for (i = 0; i < n; i++) {
		struct event e;

		memset(&e, 0, sizeof(e));
		e.line = ev[i].line;
		e.amount = ev[i].amount;
		e.kind = (uint8_t)ev[i].kind;
		date_parse_ymd(&e.posted_days, ev[i].date);
		strpool_intern(&d->pool, ev[i].ttype, strlen(ev[i].ttype), &e.ttype);
		strpool_intern(&d->pool, ev[i].atype, strlen(ev[i].atype), &e.atype);
		strpool_intern(&d->pool, ev[i].adesc, strlen(ev[i].adesc), &e.adesc);
		if (ev[i].order)
			strpool_intern(&d->pool, ev[i].order, strlen(ev[i].order), &e.order_id);
		deposit_add(d, &e);
		d->total += e.amount;
	}
}

static int64_t lines_sum(const struct doc *d)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < d->nlines; i++)
		s += d->lines[i].amount;
	return s;
}

/* the documents' signed totals (payments and transfers count 0) */
static int64_t signed_sum(const struct doc_list *l)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		s += l->docs[i].signed_total;
	return s;
}

static size_t count_kind(const struct doc_list *l, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += !strcmp(l->docs[i].kind, kind);
	return n;
}

/* what the payments and the transfer move into the clearing account */
static int64_t clearing_flow(const struct doc_list *l, const char *clearing)
{
	int64_t f = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct doc *d = &l->docs[i];

		if (!strcmp(d->kind, "Payment"))
			f += !strcmp(d->xero_type, "ACCRECPAYMENT") ? d->total : -d->total;
		else if (!strcmp(d->kind, "BankTransfer"))
			f += !strcmp(d->account, clearing) ? -d->total : d->total;
	}
	return f;
}

/* across a month end, settlement mode, the default: two parts */
static void test_split(void)
{
	static const struct ev ev[] = {
		{ 2, "2024-01-30", "Order", "ItemPrice", "Principal", "A", EV_SALE, 1000 },
		{ 3, "2024-01-31", "Order", "ItemFees", "Commission", "A", EV_FEE, -100 },
		{ 4, "2024-02-02", "Order", "ItemPrice", "Principal", "B", EV_SALE, 400 },
	};
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	const struct doc *a, *b;

	if (!m)
		return;
	make_deposit(&dep, "2024-02-05", ev, 3);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 2);
	if (out.n != 2)
		goto done;
	a = &out.docs[0];
	b = &out.docs[1];
	/* the January part: its lines, then the roll-forward; total 0, at
	 * the month's end */
	CHECK_STR(a->number, "AMZ-S1-2024-01");
	CHECK_STR(a->natural_key, "amazon:S1:month:2024-01");
	CHECK_STR(a->date, "2024-01-31");
	CHECK(strstr(a->reference, ", 2024-01 part") != NULL);
	CHECK_STR(a->kind, "Invoice");
	CHECK_STR(a->xero_type, "ACCREC");
	CHECK_INT(a->total, 0);
	CHECK_INT(a->signed_total, 0);
	CHECK_INT(a->nlines, 3);
	if (a->nlines == 3) {
		const struct doc_line *r = &a->lines[2];

		CHECK_STR(r->account, "8160");
		CHECK_STR(r->tax_type, "NONE");
		CHECK_INT(r->amount, -900);
		CHECK_STR(r->description, "Balance carried forward to the 2024-02 part");
		CHECK_STR(r->category, "Month end/Carried forward/2024-02");
		CHECK_STR(r->source_rows, "f.txt:1");
		CHECK_INT(r->settles, 0);
	}
	CHECK_STR(a->body,
		  "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Amazon\"},"
		  "\"Date\":\"2024-01-31\",\"DueDate\":\"2024-01-31\","
		  "\"LineAmountTypes\":\"Inclusive\",\"InvoiceNumber\":\"AMZ-S1-2024-01\","
		  "\"Reference\":\"Amazon settlement S1 (2024-01-01 to 2024-01-14), 2024-01 part\","
		  "\"CurrencyCode\":\"USD\",\"Status\":\"DRAFT\",\"LineItems\":["
		  "{\"Description\":\"Sales\",\"Quantity\":1,\"UnitAmount\":10.00,"
		  "\"LineAmount\":10.00,\"AccountCode\":\"200\",\"TaxType\":\"NONE\"},"
		  "{\"Description\":\"Fees\",\"Quantity\":1,\"UnitAmount\":-1.00,"
		  "\"LineAmount\":-1.00,\"AccountCode\":\"404\",\"TaxType\":\"NONE\"},"
		  "{\"Description\":\"Balance carried forward to the 2024-02 part\","
		  "\"Quantity\":1,\"UnitAmount\":-9.00,\"LineAmount\":-9.00,"
		  "\"AccountCode\":\"8160\",\"TaxType\":\"NONE\"}]}");
	/* the February part brings it back and equals the deposit, on its date */
	CHECK_STR(b->number, "AMZ-S1-2024-02");
	CHECK_STR(b->natural_key, "amazon:S1:month:2024-02");
	CHECK_STR(b->date, "2024-02-05");
	CHECK_INT(b->signed_total, dep.total);
	CHECK_INT(b->total, 1300);
	CHECK_INT(lines_sum(b), dep.total);
	if (b->nlines == 2) {
		CHECK_STR(b->lines[0].account, "8160");
		CHECK_INT(b->lines[0].amount, 900);
		CHECK_STR(b->lines[0].description, "Balance brought forward from the 2024-01 part");
		CHECK_INT(b->lines[1].amount, 400);
	} else {
		CHECK_INT(b->nlines, 2);
	}
	CHECK_INT(signed_sum(&out), dep.total);
	doc_list_free(&out);
	mappings_free(m);

	/* turned off: one document on the deposit date */
	m = load("{\"amazon\": {\"split_months\": false}}");
	o.m = m;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK(out.n == 1 && !strcmp(out.docs[0].natural_key, "amazon:S1:settlement") &&
	      !strcmp(out.docs[0].date, "2024-02-05") && out.docs[0].signed_total == 1300);
	doc_list_free(&out);
	mappings_free(m);

	/* another carried-balance account and its tax type, by setting */
	m = load("{\"amazon\": {\"carried_balance_account\": \"8199\","
		 " \"carried_balance_tax_type\": \"EXEMPTOUTPUT\"}}");
	o.m = m;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK(out.n == 2 && out.docs[0].nlines == 3 &&
	      !strcmp(out.docs[0].lines[2].account, "8199") &&
	      !strcmp(out.docs[0].lines[2].tax_type, "EXEMPTOUTPUT"));
done:
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* three months across a year end, negative in the end: the middle part
 * brings the balance in and carries it on; the last is a bill */
static void test_three_months(void)
{
	static const struct ev ev[] = {
		{ 2, "2024-11-28", "Order", "ItemPrice", "Principal", "A", EV_SALE, 500 },
		{ 3, "2024-12-15", "Order", "ItemFees", "Commission", "A", EV_FEE, -200 },
		{ 4, "2025-01-03", "Order", "ItemFees", "Commission", "B", EV_FEE, -800 },
	};
	static const struct {
		const char *number, *date, *type;
		int64_t total, signed_total;
		size_t nlines;
	} want[] = {
		{ "AMZ-S1-2024-11", "2024-11-30", "ACCREC", 0, 0, 2 },
		{ "AMZ-S1-2024-12", "2024-12-31", "ACCREC", 0, 0, 3 },
		{ "AMZ-S1-2025-01", "2025-01-06", "ACCPAY", 500, -500, 2 },
	};
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	size_t i;

	if (!m)
		return;
	make_deposit(&dep, "2025-01-06", ev, 3);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 3);
	for (i = 0; i < out.n && i < 3; i++) {
		CHECK_STR(out.docs[i].number, want[i].number);
		CHECK_STR(out.docs[i].date, want[i].date);
		CHECK_STR(out.docs[i].xero_type, want[i].type);
		CHECK_INT(out.docs[i].total, want[i].total);
		CHECK_INT(out.docs[i].signed_total, want[i].signed_total);
		CHECK_INT(out.docs[i].nlines, want[i].nlines);
	}
	if (out.n == 3 && out.docs[1].nlines == 3) {
		const struct doc *d = &out.docs[1];

		CHECK_INT(d->lines[0].amount, 500);   /* brought from November */
		CHECK_STR(d->lines[0].description, "Balance brought forward from the 2024-11 part");
		CHECK_INT(d->lines[2].amount, -300);  /* carried on to January */
		CHECK_STR(d->lines[2].description, "Balance carried forward to the 2025-01 part");
		CHECK_INT(out.docs[2].lines[0].amount, 300);
		/* a bill shows its lines with the sign flipped */
		CHECK(strstr(out.docs[2].body, "\"LineAmount\":-3.00,\"AccountCode\":\"8160\"") != NULL);
	}
	CHECK_INT(signed_sum(&out), dep.total);
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* one month only, and a row posted after the deposit's month (joins the
 * last part: no part dated after the deposit) */
static void test_one_month_and_late_rows(void)
{
	static const struct ev one[] = {
		{ 2, "2024-01-20", "Order", "ItemPrice", "Principal", "A", EV_SALE, 1000 },
		{ 3, "2024-01-22", "Order", "ItemFees", "Commission", "A", EV_FEE, -100 },
	};
	static const struct ev late[] = {
		{ 2, "2024-01-30", "Order", "ItemPrice", "Principal", "A", EV_SALE, 100 },
		{ 3, "2024-02-03", "Order", "ItemPrice", "Principal", "B", EV_SALE, 50 },
		{ 4, "2024-03-01", "Order", "ItemPrice", "Principal", "C", EV_SALE, 20 },
	};
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;

	if (!m)
		return;
	make_deposit(&dep, "2024-02-01", one, 2);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK(out.n == 1 && !strcmp(out.docs[0].natural_key, "amazon:S1:settlement") &&
	      !strcmp(out.docs[0].number, "AMZ-S1") && !strcmp(out.docs[0].date, "2024-02-01") &&
	      out.docs[0].nlines == 2);
	doc_list_free(&out);
	deposit_free(&dep);

	make_deposit(&dep, "2024-02-05", late, 3);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 2);
	if (out.n == 2) {
		CHECK_STR(out.docs[1].number, "AMZ-S1-2024-02");
		CHECK_STR(out.docs[1].date, "2024-02-05");
		CHECK_INT(out.docs[1].signed_total, 170);
		CHECK_STR(out.docs[1].source_rows, "f.txt:3-4");
	}
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* order mode across a month end: the orders keep their own documents and
 * dates; the summary is one part per month, rolled forward */
static void test_split_order_mode(void)
{
	static const struct ev ev[] = {
		{ 2, "2024-01-30", "Order", "ItemPrice", "Principal", "A", EV_SALE, 1000 },
		{ 3, "2024-01-30", "Order", "ItemFees", "Commission", "A", EV_FEE, -150 },
		{ 4, "2024-01-31", "Order", "ItemFees", "FBAPerUnitFulfillmentFee", "A", EV_FEE, -100 },
		{ 5, "2024-02-02", "Order", "ItemPrice", "Principal", "B", EV_SALE, 500 },
		{ 6, "2024-02-02", "Order", "ItemFees", "Commission", "B", EV_FEE, -80 },
	};
	static const struct {
		const char *number, *key, *date, *type;
		int64_t signed_total;
	} want[] = {
		{ "AMZ-S1-2024-01", "amazon:S1:summary:2024-01", "2024-01-31", "ACCREC", 0 },
		{ "AMZ-S1-2024-02", "amazon:S1:summary:2024-02", "2024-02-05", "ACCPAY", -330 },
		{ "AMZ-A", "amazon:S1:order:A", "2024-01-30", "ACCREC", 1000 },
		{ "AMZ-B", "amazon:S1:order:B", "2024-02-02", "ACCREC", 500 },
	};
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, MODE_ORDER, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	size_t i;

	if (!m)
		return;
	make_deposit(&dep, "2024-02-05", ev, 5);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 4);
	for (i = 0; i < out.n && i < 4; i++) {
		CHECK_STR(out.docs[i].number, want[i].number);
		CHECK_STR(out.docs[i].natural_key, want[i].key);
		CHECK_STR(out.docs[i].date, want[i].date);
		CHECK_STR(out.docs[i].xero_type, want[i].type);
		CHECK_INT(out.docs[i].signed_total, want[i].signed_total);
		CHECK_INT(lines_sum(&out.docs[i]), want[i].signed_total);
	}
	if (out.n == 4) {
		const struct doc *d = &out.docs[0];

		CHECK(d->nlines == 2 && d->lines[1].amount == 250 &&
		      !strcmp(d->lines[1].account, "8160"));
		CHECK(out.docs[1].nlines == 2 && out.docs[1].lines[0].amount == -250);
	}
	CHECK_INT(signed_sum(&out), dep.total);
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* Order mode, AUTHORISED, payments on: a negative Amazon payout is not a
 * transfer from the bank (Amazon charged the card or carries it forward):
 * the summary gets "+X on 8160", the payments bring the clearing account
 * to zero, and the documents still count the deposit. */
static void test_negative_payout(void)
{
	static const struct ev ev[] = {
		{ 2, "2024-01-05", "Order", "ItemPrice", "Principal", "A", EV_SALE, 300 },
		{ 3, "2024-01-05", "Order", "ItemFees", "Commission", "A", EV_FEE, -500 },
	};
	static const struct ev refund_only[] = {
		{ 2, "2024-01-09", "Refund", "ItemPrice", "Principal", "A", EV_REFUND, -300 },
	};
	static const struct ev across[] = {
		{ 2, "2024-01-30", "Order", "ItemPrice", "Principal", "A", EV_SALE, 300 },
		{ 3, "2024-01-30", "Order", "ItemFees", "Commission", "A", EV_FEE, -400 },
		{ 4, "2024-02-01", "Order", "ItemFees", "Commission", "A", EV_FEE, -100 },
	};
	const char *paid = "{\"amazon\": {\"status\": \"AUTHORISED\","
			   " \"clearing_account\": \"8171\", \"bank_account\": \"090\"%s}}";
	char settings[256];
	struct mappings *m;
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { NULL, MODE_ORDER, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;

	snprintf(settings, sizeof(settings), paid, "");
	m = load(settings);
	if (!m)
		return;
	o.m = m;
	make_deposit(&dep, "2024-01-15", ev, 2);
	CHECK_INT(dep.total, -200);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(count_kind(&out, "BankTransfer"), 0);
	CHECK_INT(count_kind(&out, "Payment"), 2);
	CHECK_INT(clearing_flow(&out, "8171"), 0);
	CHECK_INT(signed_sum(&out), dep.total);
	if (out.n >= 2) {
		const struct doc *s = &out.docs[0];

		/* the summary: the fees and the card line, a bill for 3.00 */
		CHECK_STR(s->natural_key, "amazon:S1:summary");
		CHECK_STR(s->xero_type, "ACCPAY");
		CHECK_INT(s->total, 300);
		CHECK_INT(s->signed_total, -500);
		CHECK_INT(s->nlines, 2);
		if (s->nlines == 2) {
			CHECK_STR(s->lines[1].account, "8160");
			CHECK_STR(s->lines[1].tax_type, "NONE");
			CHECK_INT(s->lines[1].amount, 200);
			CHECK_INT(s->lines[1].settles, 1);
			CHECK_STR(s->lines[1].description,
				  "Amazon balance charged to card or carried forward");
		}
		CHECK(strstr(s->body, "\"LineAmount\":-2.00,\"AccountCode\":\"8160\"") != NULL);
	}
	doc_list_free(&out);
	deposit_free(&dep);

	/* only a refund: a summary of its own carries the line */
	make_deposit(&dep, "2024-01-15", refund_only, 1);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(count_kind(&out, "BankTransfer"), 0);
	CHECK_INT(clearing_flow(&out, "8171"), 0);
	CHECK_INT(signed_sum(&out), dep.total);
	CHECK(out.n >= 2 && !strcmp(out.docs[1].natural_key, "amazon:S1:summary") &&
	      out.docs[1].total == 300 && out.docs[1].signed_total == 0 &&
	      !strcmp(out.docs[1].xero_type, "ACCREC") &&
	      !strcmp(out.docs[1].source_rows, "f.txt:1"));
	doc_list_free(&out);
	deposit_free(&dep);

	/* across a month end: the line goes on the last part */
	make_deposit(&dep, "2024-02-05", across, 3);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(count_kind(&out, "BankTransfer"), 0);
	CHECK_INT(clearing_flow(&out, "8171"), 0);
	CHECK_INT(signed_sum(&out), dep.total);
	CHECK(out.n >= 2 && out.docs[0].total == 0 &&
	      !strcmp(out.docs[1].natural_key, "amazon:S1:summary:2024-02") &&
	      out.docs[1].nlines == 3 && out.docs[1].lines[2].settles &&
	      out.docs[1].lines[2].amount == 200 && out.docs[1].signed_total == -500);
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);

	/* "negative_payout": "transfer" (a platform that debits the bank):
	 * the transfer from the bank, as for the other platforms */
	snprintf(settings, sizeof(settings), paid, ", \"negative_payout\": \"transfer\"");
	m = load(settings);
	o.m = m;
	make_deposit(&dep, "2024-01-15", ev, 2);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(count_kind(&out, "BankTransfer"), 1);
	CHECK_INT(clearing_flow(&out, "8171"), 0);
	CHECK(out.n >= 1 && out.docs[0].nlines == 1 && out.docs[0].total == 500);
	doc_list_free(&out);
	mappings_free(m);

	/* DRAFT (nothing paid) and settlement mode: no line, no transfer */
	m = load("{\"amazon\": {\"clearing_account\": \"8171\"}}");
	o.m = m;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 2);
	CHECK(out.n == 2 && out.docs[0].nlines == 1 && out.docs[0].signed_total == -500);
	doc_list_free(&out);
	mappings_free(m);
	snprintf(settings, sizeof(settings), paid, "");
	m = load(settings);
	o.m = m;
	o.mode = MODE_SETTLEMENT;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK(out.n == 1 && out.docs[0].total == 200 && out.docs[0].nlines == 2 &&
	      !strcmp(out.docs[0].xero_type, "ACCPAY"));
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* the defaults per platform, the settings and their errors */
static void test_settings(void)
{
	static const struct {
		const char *platform, *carried;
		enum negative_payout negpay;
	} want[] = {
		{ "amazon", "8160", NEGPAY_CARRIED },
		{ "shopify", "8162", NEGPAY_TRANSFER },
		{ "ebay", "8163", NEGPAY_TRANSFER },
		{ "woocommerce", "8164", NEGPAY_TRANSFER },
		{ "paypal", "8165", NEGPAY_TRANSFER },
	};
	struct mappings *m = load("{}");
	struct ll_err err = LL_ERR_INIT;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct platform_settings *s = &mappings_for(m, want[i].platform)->s;

		CHECK_STR(s->carried_account, want[i].carried);
		CHECK_STR(s->carried_tax_code, "NONE");
		CHECK_INT(s->split_months, 1);
		CHECK_INT(s->negative, NEG_BILL);
		CHECK_INT(s->negative_payout, want[i].negpay);
	}
	mappings_free(m);
	/* AU: {none} is BAS Excluded */
	m = load("{\"country\": \"AU\"}");
	CHECK(m && !strcmp(mappings_for(m, "amazon")->s.carried_tax_code, "BASEXCLUDED"));
	mappings_free(m);

	m = load_err("{\"amazon\": {\"split_months\": \"yes\"}}", &err);
	CHECK(!m && strstr(err.msg, "amazon.split_months is not true or false"));
	mappings_free(m);
	m = load_err("{\"amazon\": {\"negative_payout\": \"card\"}}", &err);
	CHECK(!m && strstr(err.msg, "negative_payout 'card' is not transfer or carried"));
	mappings_free(m);
	m = load_err("{\"amazon\": {\"carried_balance_account\": \"\"}}", &err);
	CHECK(!m && strstr(err.msg, "amazon.split_months needs a carried_balance_account"));
	mappings_free(m);
	/* without a split and carried balances, none is needed */
	m = load("{\"amazon\": {\"carried_balance_account\": \"\", \"split_months\": false,"
		 " \"negative_payout\": \"transfer\"}}");
	CHECK(m != NULL);
	mappings_free(m);
	m = load_err("{\"amazon\": {\"carried_balance_tax_type\": \"{nothing}\"}}", &err);
	CHECK(!m && strstr(err.msg, "carried_balance_tax_type {nothing} has no code"));
	mappings_free(m);
}

int main(void)
{
	char path[512];
	const char *const files[] = { "amazon.csv", "settings.json" };
	size_t i;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_split();
	test_three_months();
	test_one_month_and_late_rows();
	test_split_order_mode();
	test_negative_payout();
	test_settings();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	return tap_done();
}
