/* test_map.c - a deposit's events to Xero documents (plan/map.h) through
 * the interface, on deposits built in memory and mappings written to a
 * temporary folder: lines that sum to the deposit, rows that merge,
 * unmapped amounts on the fallback account (warned once), the bodies'
 * JSON byte for byte, order mode's invoices, credit notes and summary,
 * negative deposits as bills or credit notes, payments and the bank
 * transfer, sales another platform records, errors. Month parts and
 * carried balances: test_monthend.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "formats/platforms.h"
#include "plan/map.h"
#include "util/date.h"

static char tmpdir[] = "/tmp/ll-test-map-XXXXXX";

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

#define HEADER "transaction_type,amount_type,amount_description,account_code,tax_type," \
	       "line_description,tracking\n"

static const char amazon_csv[] = HEADER
	"Order,ItemPrice,Principal,200,{none},Sales,marketplace\n"
	"Order,ItemPrice,Shipping,200,{none},Sales,marketplace\n"
	"Order,ItemFees,*,404,{none},Fees,\n"
	"Refund,ItemPrice,*,200,{none},Refunds,\n"
	"Refund,ItemFees,*,404,{none},Fees,\n"
	"*,Payment,*,201,{none},Other payments,\n";

static const char paypal_csv[] = HEADER
	"*,Payment,*,200,{none},PayPal sales,\n"
	"*,Store payment,*,8180,{none},Store payments,\n"
	"*,Fee,*,404,{none},PayPal fees,\n";

static struct mappings *load(const char *settings)
{
	struct mappings *m = NULL;
	struct ll_err err = LL_ERR_INIT;

	put("amazon.csv", amazon_csv);
	put("paypal.csv", paypal_csv);
	put("settings.json", settings);
	if (mappings_load(&m, tmpdir, &err)) {
		printf("# mappings: %s\n", err.msg);
		return NULL;
	}
	return m;
}

/* an event of a deposit in memory */
struct ev {
	uint32_t line;
	const char *date, *ttype, *atype, *adesc, *order, *mkt;
	int kind;
	int64_t amount;
};

static void make_deposit(struct deposit *d, const char *platform, const char *deposit_date,
			 const struct ev *ev, size_t n)
{
	int64_t total = 0;
	size_t i;

	deposit_init(d, platform, "S1", "f.txt");
	snprintf(d->currency, sizeof(d->currency), "USD");
	snprintf(d->start_date, sizeof(d->start_date), "2024-01-01");
	snprintf(d->end_date, sizeof(d->end_date), "2024-01-14");
	snprintf(d->deposit_date, sizeof(d->deposit_date), "%s", deposit_date);
	d->header_line = 1;
	d->has_header = 1;
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
		if (ev[i].mkt)
			strpool_intern(&d->pool, ev[i].mkt, strlen(ev[i].mkt), &e.marketplace);
		deposit_add(d, &e);
		total += e.amount;
	}
	d->total = total;
}

struct warned {
	int n;
	long line;
	char code[32], msg[512];
};

static int on_warn(void *ctx, const char *path, long line, const char *code,
		   const char *message)
{
	struct warned *w = ctx;

	(void)path;
	w->n++;
	w->line = line;
	snprintf(w->code, sizeof(w->code), "%s", code);
	snprintf(w->msg, sizeof(w->msg), "%s", message);
	return 0;
}

/* a settlement: three orders' sales, fees, a refund and a storage fee no
 * row maps; the total is the sum, 12.00 */
static const struct ev sales[] = {
	{ 2, "2024-01-05", "Order", "ItemPrice", "Principal", "A", "Amazon.com", EV_SALE, 1000 },
	{ 3, "2024-01-05", "Order", "ItemPrice", "Shipping", "A", "Amazon.com", EV_SALE, 200 },
	{ 4, "2024-01-05", "Order", "ItemFees", "Commission", "A", "Amazon.com", EV_FEE, -150 },
	{ 5, "2024-01-07", "Order", "ItemPrice", "Principal", "B", "Amazon.com", EV_SALE, 500 },
	{ 6, "2024-01-09", "Refund", "ItemPrice", "Principal", "A", "Amazon.com", EV_REFUND, -300 },
	{ 7, "2024-01-09", "Refund", "ItemFees", "Commission", "A", "Amazon.com", EV_FEE, 50 },
	{ 8, "2024-01-10", "Other", "other-transaction", "Storage Fee", NULL, NULL, EV_FEE, -100 },
};
#define NSALES (sizeof(sales) / sizeof(sales[0]))

static int64_t lines_sum(const struct doc *d)
{
	int64_t s = 0;
	size_t i;

	for (i = 0; i < d->nlines; i++)
		s += d->lines[i].amount;
	return s;
}

static void test_settlement(void)
{
	struct mappings *m = load("{\"amazon\": {\"contact\": \"Amazon \\\"US\\\"\","
				  " \"tracking_category\": \"Channel\"}}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct warned w = { 0 };
	struct map_opts o = { m, -1, on_warn, &w };
	struct ll_err err = LL_ERR_INIT;
	const struct doc *d;
	json_t *j;
	json_error_t je;

	if (!m)
		return;
	make_deposit(&dep, "amazon", "2024-01-15", sales, NSALES);
	CHECK_INT(dep.total, 1200);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 1);
	if (out.n != 1)
		goto done;
	d = &out.docs[0];
	CHECK_STR(d->kind, "Invoice");
	CHECK_STR(d->xero_type, "ACCREC");
	CHECK_STR(d->number, "AMZ-S1");
	CHECK_STR(d->natural_key, "amazon:S1:settlement");
	CHECK_STR(d->date, "2024-01-15");
	CHECK_INT(d->total, 1200);
	CHECK_INT(d->signed_total, 1200);
	CHECK_INT(lines_sum(d), dep.total);
	/* Principal and Shipping post alike: one line; the two fee rows too */
	CHECK_INT(d->nlines, 4);
	CHECK_STR(d->lines[0].description, "Sales");
	CHECK_INT(d->lines[0].amount, 1700);
	CHECK_INT(d->lines[0].event_count, 3);
	CHECK_STR(d->lines[0].source_rows, "f.txt:2-3,5");
	CHECK_STR(d->lines[0].tracking, "Amazon.com");
	CHECK_STR(d->lines[1].description, "Fees");
	CHECK_INT(d->lines[1].amount, -100);
	CHECK_STR(d->lines[1].source_rows, "f.txt:4,7");
	CHECK_STR(d->lines[2].description, "Refunds");
	CHECK_STR(d->lines[3].account, "429");
	CHECK_STR(d->lines[3].description, "Unmapped: Other/other-transaction/Storage Fee");
	CHECK_STR(d->source_rows, "f.txt:2-8");
	/* the unmapped amount is warned about once, with its line */
	CHECK_INT(w.n, 1);
	CHECK_INT(w.line, 8);
	CHECK_STR(w.code, "unmapped");
	CHECK(strstr(w.msg, "settlement S1: no mapping for transaction type 'Other'") != NULL);
	CHECK(strstr(w.msg, "mappings/amazon.csv") != NULL);
	/* the body, byte for byte (the contact's quotes escaped) */
	CHECK_STR(d->body,
		  "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Amazon \\\"US\\\"\"},"
		  "\"Date\":\"2024-01-15\",\"DueDate\":\"2024-01-15\","
		  "\"LineAmountTypes\":\"Inclusive\",\"InvoiceNumber\":\"AMZ-S1\","
		  "\"Reference\":\"Amazon settlement S1 (2024-01-01 to 2024-01-14)\","
		  "\"CurrencyCode\":\"USD\",\"Status\":\"DRAFT\",\"LineItems\":["
		  "{\"Description\":\"Sales\",\"Quantity\":1,\"UnitAmount\":17.00,"
		  "\"LineAmount\":17.00,\"AccountCode\":\"200\",\"TaxType\":\"NONE\","
		  "\"Tracking\":[{\"Name\":\"Channel\",\"Option\":\"Amazon.com\"}]},"
		  "{\"Description\":\"Fees\",\"Quantity\":1,\"UnitAmount\":-1.00,"
		  "\"LineAmount\":-1.00,\"AccountCode\":\"404\",\"TaxType\":\"NONE\"},"
		  "{\"Description\":\"Refunds\",\"Quantity\":1,\"UnitAmount\":-3.00,"
		  "\"LineAmount\":-3.00,\"AccountCode\":\"200\",\"TaxType\":\"NONE\"},"
		  "{\"Description\":\"Unmapped: Other/other-transaction/Storage Fee\","
		  "\"Quantity\":1,\"UnitAmount\":-1.00,\"LineAmount\":-1.00,"
		  "\"AccountCode\":\"429\",\"TaxType\":\"NONE\"}]}");
	j = json_loads(d->body, 0, &je);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(json_object_get(j, "Contact"), "Name")),
		  "Amazon \"US\"");
	json_decref(j);
	CHECK_INT(strlen(d->hash), 32);

	/* renumbered: the body follows */
	snprintf(out.docs[0].number, sizeof(out.docs[0].number), "AMZ-S1-v2");
	CHECK_INT(map_render_body(&out.docs[0], &mappings_for(m, "amazon")->s, "USD", 2), 0);
	CHECK(strstr(out.docs[0].body, "\"InvoiceNumber\":\"AMZ-S1-v2\"") != NULL);
done:
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* order mode: an invoice per order, a credit note per order refund, a
 * summary for the rest (negative here: a bill to Amazon); the signed
 * totals sum to the deposit */
static void test_order_mode(void)
{
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, MODE_ORDER, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	static const struct {
		const char *kind, *type, *number, *key, *date;
		int64_t signed_total;
	} want[] = {
		{ "Invoice", "ACCPAY", "AMZ-S1", "amazon:S1:summary", "2024-01-15", -200 },
		{ "Invoice", "ACCREC", "AMZ-A", "amazon:S1:order:A", "2024-01-05", 1200 },
		{ "CreditNote", "ACCRECCREDIT", "AMZ-A-RS1", "amazon:S1:refund:A", "2024-01-09", -300 },
		{ "Invoice", "ACCREC", "AMZ-B", "amazon:S1:order:B", "2024-01-07", 500 },
	};
	int64_t sum = 0;
	size_t i;

	if (!m)
		return;
	make_deposit(&dep, "amazon", "2024-01-15", sales, NSALES);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 4);
	for (i = 0; i < out.n && i < 4; i++) {
		const struct doc *d = &out.docs[i];

		CHECK_STR(d->kind, want[i].kind);
		CHECK_STR(d->xero_type, want[i].type);
		CHECK_STR(d->number, want[i].number);
		CHECK_STR(d->natural_key, want[i].key);
		CHECK_STR(d->date, want[i].date);
		CHECK_INT(d->signed_total, want[i].signed_total);
		CHECK_INT(lines_sum(d), d->signed_total);
		sum += d->signed_total;
	}
	CHECK_INT(sum, dep.total);
	if (out.n >= 2) {
		CHECK_STR(out.docs[1].order_id, "A");
		CHECK_STR(out.docs[1].reference, "Amazon order A, settlement S1");
		CHECK_STR(out.docs[2].reference, "Amazon refund for order A, settlement S1");
		/* a credit note shows its lines with the sign flipped, and has no due date */
		CHECK(strstr(out.docs[2].body, "\"CreditNoteNumber\":\"AMZ-A-RS1\"") != NULL);
		CHECK(strstr(out.docs[2].body, "\"LineAmount\":3.00") != NULL);
		CHECK(strstr(out.docs[2].body, "DueDate") == NULL);
	}
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* a negative deposit: a bill by default (its lines flipped, no
 * reference), a credit note when asked */
static void test_negative(void)
{
	static const struct ev fees[] = {
		{ 2, "2024-01-05", "Order", "ItemFees", "Commission", NULL, NULL, EV_FEE, -250 },
	};
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;

	if (!m)
		return;
	make_deposit(&dep, "amazon", "2024-01-15", fees, 1);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_STR(out.docs[0].xero_type, "ACCPAY");
		CHECK_INT(out.docs[0].total, 250);
		CHECK_INT(out.docs[0].signed_total, -250);
		CHECK_STR(out.docs[0].body,
			  "{\"Type\":\"ACCPAY\",\"Contact\":{\"Name\":\"Amazon\"},"
			  "\"Date\":\"2024-01-15\",\"DueDate\":\"2024-01-15\","
			  "\"LineAmountTypes\":\"Inclusive\",\"InvoiceNumber\":\"AMZ-S1\","
			  "\"CurrencyCode\":\"USD\",\"Status\":\"DRAFT\",\"LineItems\":["
			  "{\"Description\":\"Fees\",\"Quantity\":1,\"UnitAmount\":2.50,"
			  "\"LineAmount\":2.50,\"AccountCode\":\"404\",\"TaxType\":\"NONE\"}]}");
	}
	doc_list_free(&out);
	mappings_free(m);

	m = load("{\"amazon\": {\"negative_settlement\": \"credit-note\"}}");
	o.m = m;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK(out.n == 1 && !strcmp(out.docs[0].xero_type, "ACCRECCREDIT"));
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

/* AUTHORISED order mode with payments: each document paid from the
 * clearing account, and the payout a transfer from it to the bank */
static void test_payments(void)
{
	struct mappings *m = load("{\"amazon\": {\"status\": \"AUTHORISED\","
				  " \"clearing_account\": \"8171\", \"bank_account\": \"091\"}}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, MODE_ORDER, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	int64_t paid = 0;
	size_t i, ndocs = 0, npay = 0, ntr = 0;

	if (!m)
		return;
	make_deposit(&dep, "amazon", "2024-01-15", sales, NSALES);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	for (i = 0; i < out.n; i++) {
		const struct doc *d = &out.docs[i];

		if (!strcmp(d->kind, "Payment")) {
			const struct doc *t = &out.docs[d->parent];

			npay++;
			CHECK(d->parent >= 0 && (size_t)d->parent < i);
			CHECK_INT(d->total, t->total);
			CHECK_STR(d->target, t->number);
			CHECK_STR(d->account, "8171");
			paid += t->signed_total;
		} else if (!strcmp(d->kind, "BankTransfer")) {
			ntr++;
			CHECK_STR(d->body,
				  "{\"FromBankAccount\":{\"Code\":\"8171\"},"
				  "\"ToBankAccount\":{\"Code\":\"091\"},\"Date\":\"2024-01-15\","
				  "\"Amount\":12.00,\"Reference\":\"Amazon settlement S1\"}");
			CHECK_INT(d->total, dep.total);
		} else {
			ndocs++;
		}
	}
	CHECK_INT(ndocs, 4);
	CHECK_INT(npay, 4);
	CHECK_INT(ntr, 1);
	CHECK_INT(paid, dep.total);   /* the clearing account returns to zero */
	/* the summary is a bill: its payment is a bill payment */
	if (out.n > 4) {
		CHECK_STR(out.docs[4].xero_type, "ACCPAYPAYMENT");
		CHECK_STR(out.docs[4].body,
			  "{\"Invoice\":{\"InvoiceNumber\":\"AMZ-S1\"},"
			  "\"Account\":{\"Code\":\"8171\"},\"Date\":\"2024-01-15\","
			  "\"Amount\":2.00,\"Reference\":\"AMZ-S1, Amazon settlement S1\"}");
		CHECK_STR(out.docs[5].body,
			  "{\"Invoice\":{\"InvoiceNumber\":\"AMZ-A\"},"
			  "\"Account\":{\"Code\":\"8171\"},\"Date\":\"2024-01-05\","
			  "\"Amount\":12.00,\"Reference\":\"AMZ-A, Amazon settlement S1\"}");
	}
	doc_list_free(&out);

	/* settlement mode: a payout document is matched to the bank, not paid */
	o.mode = MODE_SETTLEMENT;
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 1);
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);

	/* no clearing account: documents unpaid, warned about */
	{
		struct warned w = { 0 };

		m = load("{\"amazon\": {\"status\": \"AUTHORISED\"}}");
		o.m = m;
		o.mode = MODE_ORDER;
		o.warn = on_warn;
		o.warn_ctx = &w;
		make_deposit(&dep, "amazon", "2024-01-15", sales + 3, 1);
		CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
		CHECK_INT(out.n, 1);
		CHECK_INT(w.n, 1);
		CHECK_STR(w.code, "no-clearing-account");
		CHECK(strstr(w.msg, "in settings.json (amazon)") != NULL);
		doc_list_free(&out);
		deposit_free(&dep);
		mappings_free(m);
	}
}

/* "sales_recorded_by" on the platform whose payments may be another's
 * sales: a Payment with the shop's invoice number maps as Store payment;
 * the same rows of a platform without that capability do not */
static void test_sales_recorded_by(void)
{
	static const struct ev ev[] = {
		{ 2, "2024-01-05", "Express Checkout Payment", "Payment", "", "WC-1001", NULL, EV_SALE, 1000 },
		{ 3, "2024-01-05", "Express Checkout Payment", "Payment", "", NULL, NULL, EV_SALE, 500 },
		{ 4, "2024-01-06", "Express Checkout Payment", "Payment", "", "X-1", NULL, EV_SALE, 200 },
		{ 5, "2024-01-06", "Express Checkout Payment", "Fee", "", "WC-1001", NULL, EV_FEE, -50 },
	};
	const char *gateway = platform_with(PLATFORM_PAYS_OTHERS_SALES)->name;
	/* the same settings in a section of a platform without the capability */
	struct mappings *m = load("{\"paypal\": {\"sales_recorded_by\": \"woocommerce\","
				  " \"invoice_prefix\": \"WC-\"}, \"amazon\": {\"sales_recorded_by\":"
				  " \"woocommerce\", \"invoice_prefix\": \"WC-\"}}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;
	size_t i;
	int store = 0;

	if (!m)
		return;
	make_deposit(&dep, gateway, "2024-01-15", ev, 4);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 1);
	if (out.n == 1) {
		CHECK_INT(out.docs[0].nlines, 3);
		for (i = 0; i < out.docs[0].nlines; i++) {
			const struct doc_line *l = &out.docs[0].lines[i];

			if (!strcmp(l->account, "8180")) {
				store = 1;
				CHECK_INT(l->amount, 1000);
				CHECK_STR(l->source_rows, "f.txt:2");
			} else if (!strcmp(l->account, "200")) {
				CHECK_INT(l->amount, 700);
			}
		}
		CHECK(store);
		CHECK_INT(lines_sum(&out.docs[0]), dep.total);
		CHECK_STR(out.docs[0].reference, "PayPal transfer S1 (2024-01-01 to 2024-01-14)");
	}
	doc_list_free(&out);
	deposit_free(&dep);

	/* the same rows and settings on a platform without the capability: every
	 * Payment is an "Other payments" line (201), none a store payment */
	make_deposit(&dep, "amazon", "2024-01-15", ev, 4);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 1);
	for (i = 0; out.n == 1 && i < out.docs[0].nlines; i++) {
		const struct doc_line *l = &out.docs[0].lines[i];

		CHECK(strstr(l->category, "Store") == NULL);
		if (!strcmp(l->account, "201"))
			CHECK_INT(l->amount, 1700);
	}
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

static void test_errors(void)
{
	struct mappings *m = load("{}");
	struct deposit dep;
	struct doc_list out = { 0 };
	struct map_opts o = { m, -1, NULL, NULL };
	struct ll_err err = LL_ERR_INIT;

	if (!m)
		return;
	/* a platform the table lacks */
	make_deposit(&dep, "nowhere", "2024-01-15", sales, 1);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), LL_EPARSE);
	CHECK(strstr(err.msg, "no platform nowhere") != NULL);
	deposit_free(&dep);
	/* a platform whose mapping file is not in the folder */
	make_deposit(&dep, "ebay", "2024-01-15", sales, 1);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), LL_EPARSE);
	CHECK(strstr(err.msg, "no mapping table for ebay (mappings/ebay.csv)") != NULL);
	deposit_free(&dep);
	/* a tied empty deposit needs no document */
	make_deposit(&dep, "amazon", "2024-01-15", sales, 0);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), 0);
	CHECK_INT(out.n, 0);
	deposit_free(&dep);
	mappings_free(m);
	/* a number template that does not fit */
	m = load("{\"amazon\": {\"number\": \"AMZ-{settlement}-{settlement}-{settlement}-"
		 "{settlement}-{settlement}-{settlement}-{start}-{end}-{start}-{end}-{start}-"
		 "{end}-{start}-{end}-{start}-{end}-{start}-{end}\"}}");
	o.m = m;
	make_deposit(&dep, "amazon", "2024-01-15", sales, 1);
	snprintf(dep.id, sizeof(dep.id), "%063d", 7);
	CHECK_INT(map_deposit(&out, &o, &dep, &err), LL_EPARSE);
	CHECK(strstr(err.msg, "too long") != NULL);
	doc_list_free(&out);
	deposit_free(&dep);
	mappings_free(m);
}

int main(void)
{
	char path[512];
	const char *const files[] = { "amazon.csv", "paypal.csv", "settings.json" };
	size_t i;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_settlement();
	test_order_mode();
	test_negative();
	test_payments();
	test_sales_recorded_by();
	test_errors();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, files[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	return tap_done();
}
