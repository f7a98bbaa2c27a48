/* test_completeness.c - the completeness ledger (docs/completeness.md):
 * every data row of every sample and fixture (and of the reference files
 * in ../shared when present) is counted once, on a delivered deposit or
 * with a fate of its own; the ledger's line; coverage's gaps; Amazon
 * settlements downloaded one after another; the Shopify helpers that tell
 * a gateway and a marketplace channel; order numbers made comparable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tap.h"
#include "formats/parse_amazon.h"
#include "formats/platforms.h"
#include "formats/shopify_common.h"
#include "plan/ingest.h"
#include "plan/ledger.h"
#include "plan/normalize.h"
#include "store/orders.h"
#include "util/coverage.h"
#include "util/date.h"

/* ---- counting every row of a file ---- */

struct count {
	long rows;           /* on deposits and fates */
	int deposits;
	char ids[64][40];
	char codes[400];
	struct ledger led;
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct count *c = ctx;
	char note[600];
	int tied = normalize_deposit(d, note, sizeof(note));

	c->rows += d->rows;
	if (c->deposits < 64)
		snprintf(c->ids[c->deposits], sizeof(c->ids[0]), "%.39s", d->id);
	c->deposits++;
	ledger_add(&c->led, d->currency, tied ? FATE_IMPORTED : FATE_LEFT, tied ? NULL : "untied",
		   d->rows, d->events_sum);
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	struct count *c = ctx;

	c->rows += rows;
	ledger_add(&c->led, currency, fate, reason, rows, amount);
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct count *c = ctx;
	size_t n = strlen(c->codes);

	(void)path;
	(void)sev;
	(void)msg;
	if (n + 40 < sizeof(c->codes))
		snprintf(c->codes + n, sizeof(c->codes) - n, "%s%s:%ld", n ? " " : "", code, line);
	return 0;
}

/* Parse every file under dir; each one read to its end must count its rows
 * once. Returns the number of files parsed. */
static int every_file(const char *dir)
{
	struct file_list files;
	struct ll_err err = LL_ERR_INIT;
	char *paths[1] = { (char *)dir };
	size_t i;
	int parsed = 0;

	if (ingest_collect(&files, paths, 1, &err)) {
		file_list_free(&files);
		return 0;
	}
	for (i = 0; i < files.n * 2; i++) {
		static const struct parse_wallet by_day = { 1, { { "", "" } }, 0 };
		struct source src;
		struct parse_stats ps;
		struct count c;
		struct parse_sink sink = { &c, on_dep, on_rej, NULL, NULL, on_fate };
		struct ll_err ferr = LL_ERR_INIT;
		int rc;

		/* each file once; a payment account's (PayPal) both ways: as
		 * transfers to the bank and as days of the account */
		memset(&c, 0, sizeof(c));
		memset(&ps, 0, sizeof(ps));
		if (ingest_open(&src, files.paths[i / 2], &ferr) || !src.fmt || !src.fmt->parse ||
		    (i % 2 && !(platform_of_format(src.fmt)->caps & PLATFORM_WALLET))) {
			ingest_close(&src);
			continue;
		}
		sink.wallet = i % 2 ? &by_day : NULL;
		rc = src.fmt->parse(&src.lines, files.paths[i / 2], src.header, src.header_len,
				    &sink, &ps, &ferr);
		if (rc == 0) {
			parsed++;
			if (c.rows != ps.rows)
				fprintf(stderr, "%s%s: %ld rows counted, %ld read\n",
					files.paths[i / 2], i % 2 ? " (days)" : "", c.rows, ps.rows);
			CHECK_INT(c.rows, ps.rows);
			CHECK_INT(ledger_rows(&c.led), ps.rows);
		}
		ledger_free(&c.led);
		ingest_close(&src);
	}
	file_list_free(&files);
	return parsed;
}

/* ---- Amazon: settlements one after another ---- */

#define V2_HDR "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date"

static int parse_mem(const char *text, struct count *c)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	struct parse_stats ps;
	struct parse_sink sink = { c, on_dep, on_rej, NULL, NULL, on_fate };
	char *line;
	size_t len;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&ps, 0, sizeof(ps));
	if (reader_open_mem(&r, text, strlen(text), "mem") || lines_init(&l, r))
		return -1;
	rc = lines_next(&l, &line, &len, &err);
	if (rc == 1)
		rc = amazon_parse_settlement(&l, "mem", line, len, &sink, &ps, &err);
	if (c->rows != ps.rows)
		fprintf(stderr, "mem: %ld rows counted, %ld read\n", c->rows, ps.rows);
	CHECK_INT(c->rows, ps.rows);
	lines_free(&l);
	reader_free(r);
	ledger_free(&c->led);
	return rc;
}

/* n settlements of two rows each, downloaded one after another (each with
 * its header when headers is set) */
static char *concatenated(int n, int headers)
{
	size_t cap = (size_t)n * 800 + 400, len = 0;
	char *s = malloc(cap);
	int k;

	if (!s)
		return NULL;
	for (k = 0; k < n; k++) {
		if (headers || k == 0)
			len += (size_t)snprintf(s + len, cap - len, "%s\n", V2_HDR);
		len += (size_t)snprintf(s + len, cap - len,
					"9996%07d\t2024-01-01T00:00:00+00:00\t2024-01-15T00:00:00+00:00\t"
					"2024-01-17T00:00:00+00:00\t8.50\tUSD\t\t\t\t\t\t\t\t\t\t\t\n"
					"9996%07d\t\t\t\t\t\tOrder\t111-1\t\t\t\tAmazon.com\tItemPrice\t"
					"Principal\t10.00\tAFN\t2024-01-05\n"
					"9996%07d\t\t\t\t\t\tOrder\t111-1\t\t\t\tAmazon.com\tItemFees\t"
					"Commission\t-1.50\tAFN\t2024-01-05\n", k, k, k);
	}
	return s;
}

int main(void)
{
	struct ledger l = LEDGER_INIT;
	struct coverage cov;
	char line[600], key[80];
	struct count c;
	char *text;
	int n;

	/* the ledger's line: rows and money per currency, then imported,
	 * held back and left out by reason */
	ledger_add(&l, "USD", FATE_IMPORTED, NULL, 10, 12345);
	ledger_add(&l, "CAD", FATE_IMPORTED, "", 2, 500);
	ledger_add(&l, "USD", FATE_HELD, "not-paid-out", 3, 450);
	ledger_add(&l, "USD", FATE_LEFT, "unpaid", 1, 999);
	ledger_add(&l, "USD", FATE_LEFT, "voided", 2, 100);
	ledger_add(&l, "", FATE_LEFT, "unreadable", 1, 0);
	ledger_add(&l, "USD", FATE_LEFT, "unpaid", 1, 1);
	CHECK_INT(ledger_rows(&l), 20);
	CHECK_INT(ledger_fate_rows(&l, FATE_LEFT), 5);
	CHECK_STR(ledger_format(&l, line, sizeof(line)),
		  "20 rows (USD 138.95, CAD 5.00); imported 12 (USD 123.45, CAD 5.00); "
		  "held back 3: not-paid-out 3 (USD 4.50); left out 5: unpaid 2 (USD 10.00), "
		  "voided 2 (USD 1.00), unreadable 1");
	ledger_free(&l);
	CHECK_STR(ledger_format(&l, line, sizeof(line)), "0 rows; imported 0");

	/* coverage: settlements chain end to start; payouts by their day;
	 * day summaries without gaps */
	coverage_init(&cov, COVERAGE_CHAIN);
	coverage_add(&cov, date_days(2024, 1, 1), date_days(2024, 1, 15), 100);
	coverage_add(&cov, date_days(2024, 1, 15), date_days(2024, 1, 29), 100);
	coverage_add(&cov, date_days(2024, 2, 26), date_days(2024, 3, 11), 100);
	coverage_finish(&cov);
	CHECK_STR(coverage_text(&cov, "settlements", line, sizeof(line)),
		  "2024-01-01 to 2024-03-11, 3 settlements; missing 2024-01-30 to 2024-02-25");
	CHECK_INT(cov.missing_days, 27);
	coverage_free(&cov);
	coverage_init(&cov, COVERAGE_CADENCE);
	for (n = 0; n < 10; n++)
		if (n != 4 && n != 5) /* two weekly payouts missing */
			coverage_add(&cov, date_days(2024, 1, 1) + 7 * n, date_days(2024, 1, 1) + 7 * n, 1);
	coverage_finish(&cov);
	CHECK_STR(coverage_text(&cov, "payouts", line, sizeof(line)),
		  "2024-01-01 to 2024-03-04, 8 payouts (usually every 7 days); missing "
		  "2024-01-23 to 2024-02-11");
	coverage_free(&cov);
	coverage_init(&cov, COVERAGE_NONE);
	coverage_add(&cov, date_days(2024, 1, 1), 0, 1);
	coverage_add(&cov, date_days(2024, 5, 1), 0, 1);
	coverage_finish(&cov);
	CHECK_STR(coverage_text(&cov, "day deposits", line, sizeof(line)),
		  "2024-01-01 to 2024-05-01, 2 day deposits");
	coverage_free(&cov);

	/* 40 settlements one after another, with their headers: each one
	 * planned (before: every row after the 32nd settlement's was rejected,
	 * "more than 32 settlements interleaved") */
	text = concatenated(40, 1);
	CHECK_INT(parse_mem(text, &c), 0);
	CHECK_INT(c.deposits, 40);
	CHECK_STR(c.ids[39], "99960000039");
	CHECK_STR(c.codes, "");
	free(text);
	/* ... and without the repeated headers: a new summary row closes them */
	text = concatenated(40, 0);
	CHECK_INT(parse_mem(text, &c), 0);
	CHECK_INT(c.deposits, 40);
	CHECK_STR(c.codes, "");
	free(text);
	/* a row of a settlement after the next one began: reported, never a
	 * second copy of it */
	{
		static const char *late =
			V2_HDR "\n"
			"99970000001\t2024-01-01T00:00:00+00:00\t2024-01-15T00:00:00+00:00\t2024-01-17T00:00:00+00:00\t10.00\tUSD\t\t\t\t\t\t\t\t\t\t\t\n"
			"99970000001\t\t\t\t\t\tOrder\t111-1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t10.00\tAFN\t2024-01-05\n"
			"99970000002\t2024-01-15T00:00:00+00:00\t2024-01-29T00:00:00+00:00\t2024-01-31T00:00:00+00:00\t5.00\tUSD\t\t\t\t\t\t\t\t\t\t\t\n"
			"99970000002\t\t\t\t\t\tOrder\t111-2\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t5.00\tAFN\t2024-01-20\n"
			"99970000001\t\t\t\t\t\tOrder\t111-3\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t1.00\tAFN\t2024-01-06\n";

		CHECK_INT(parse_mem(late, &c), 0);
		CHECK_INT(c.deposits, 2);
		CHECK_STR(c.codes, "out-of-order:6");
	}

	/* Shopify: which gateways Shopify pays out; marketplace channels */
	CHECK_INT(shop_gateway_paid_by_shopify("Shopify Payments"), 1);
	CHECK_INT(shop_gateway_paid_by_shopify("Shop Pay Installments"), 1);
	CHECK_INT(shop_gateway_paid_by_shopify("shopify_payments + Shop Pay Installments"), 1);
	CHECK_INT(shop_gateway_paid_by_shopify("Shopify Payments + PayPal Express Checkout"), -1);
	CHECK_INT(shop_gateway_paid_by_shopify("Cash on Delivery (COD)"), 0);
	CHECK_INT(shop_gateway_paid_by_shopify("Mercado Pago"), 0);
	shop_channel("amazon_marketplace", (struct field){ "web", 3 }, key, sizeof(key));
	CHECK_STR(key, "amazon");
	shop_channel("manual", (struct field){ "sell-on-amazon", 14 }, key, sizeof(key));
	CHECK_STR(key, "amazon");
	shop_channel("tiktok_shop", (struct field){ "tiktok", 6 }, key, sizeof(key));
	CHECK_STR(key, "tiktok");
	shop_channel("Amazon Pay", (struct field){ "web", 3 }, key, sizeof(key));
	CHECK_STR(key, ""); /* a gateway, not a marketplace */
	CHECK_INT(shop_channel_order("amazon", (struct field){ "NORMAL, AmazonOrderID:113-0000001-5551234, x", 44 },
				     key, sizeof(key)), 1);
	CHECK_STR(key, "113-0000001-5551234");
	CHECK_INT(shop_channel_order("ebay", (struct field){ "eBay order 12-34567-89012", 25 }, key,
				     sizeof(key)), 1);
	CHECK_STR(key, "12-34567-89012");
	CHECK_INT(shop_channel_order("amazon", (struct field){ "1113-0000001-5551234", 20 }, key,
				     sizeof(key)), 0);

	/* order numbers made comparable across platforms */
	store_order_key("#1001", key, sizeof(key));
	CHECK_STR(key, "1001");
	store_order_key("WC-8407", key, sizeof(key));
	CHECK_STR(key, "8407");
	store_order_key("112-1234567-1234567", key, sizeof(key));
	CHECK_STR(key, "112-1234567-1234567");
	store_order_key("#AP-516073", key, sizeof(key));
	CHECK_STR(key, "516073");
	store_order_key("ABC", key, sizeof(key));
	CHECK_STR(key, "ABC");

	/* every sample and fixture: every row counted once */
	CHECK(every_file(tap_src("samples")) > 40);
	CHECK(every_file(tap_src("tests/data")) > 70);
	{
		/* the reference files, when they are beside the project */
		const char *shared = getenv("LL_SHARED_DIR");
		char p[4096];
		struct stat sb;

		if (shared) {
			snprintf(p, sizeof(p), "%s/formats/samples", shared);
			if (stat(p, &sb) == 0)
				CHECK(every_file(p) > 5);
		}
	}
	return tap_done();
}
