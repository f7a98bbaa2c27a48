/* test_parse_amazon.c - the settlement parser on in-memory files: both
 * layouts, every amount becoming one event, ties, and bad rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "plan/normalize.h"
#include "formats/parse_amazon.h"
#include "util/text.h"

#define V1_HDR "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tshipment-fee-type\tshipment-fee-amount\torder-fee-type\torder-fee-amount\tfulfillment-id\tposted-date\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\tprice-type\tprice-amount\titem-related-fee-type\titem-related-fee-amount\tmisc-fee-amount\tother-fee-amount\tother-fee-reason-description\tpromotion-id\tpromotion-type\tpromotion-amount\tdirect-payment-type\tdirect-payment-amount\tother-amount"
#define V2_HDR "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\tamount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\tmerchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased"

struct got {
	int ndep;
	char id[4][64];
	int64_t total[4], sum[4];
	size_t nev[4];
	int tied[4];
	int kinds[4][10];
	char currency[4][4];
	char sku[128];
	int rejects;
	char last_code[64];
	long last_line;
	char codes[256]; /* "code@line " of every message */
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;
	char note[600];
	size_t i;
	int k = g->ndep++;

	if (k >= 4)
		return 0;
	snprintf(g->id[k], 64, "%.63s", d->id);
	snprintf(g->currency[k], 4, "%s", d->currency);
	g->total[k] = d->total;
	g->nev[k] = d->nev;
	g->tied[k] = normalize_deposit(d, note, sizeof(note));
	g->sum[k] = d->events_sum;
	for (i = 0; i < d->nev; i++) {
		g->kinds[k][d->ev[i].kind]++;
		if (d->ev[i].sku)
			snprintf(g->sku, sizeof(g->sku), "%s", deposit_str(d, d->ev[i].sku));
	}
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev,
		  const char *code, const char *msg)
{
	struct got *g = ctx;

	(void)path;
	(void)sev;
	(void)msg;
	g->rejects++;
	g->last_line = line;
	snprintf(g->last_code, sizeof(g->last_code), "%s", code);
	snprintf(g->codes + strlen(g->codes), sizeof(g->codes) - strlen(g->codes), "%s@%ld ",
		 code, line);
	return 0;
}

static int parse(const char *text, struct got *g, struct ll_err *err)
{
	struct reader *r = NULL;
	struct lines l;
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, NULL };
	struct parse_stats ps;
	char *line;
	size_t len, bom;
	int rc;

	memset(g, 0, sizeof(*g));
	memset(&ps, 0, sizeof(ps));
	reader_open_mem(&r, text, strlen(text), "mem.txt");
	lines_init(&l, r);
	do {
		rc = lines_next(&l, &line, &len, err);
	} while (rc == 1 && len == 0);
	bom = text_bom(line, len);
	rc = amazon_parse_settlement(&l, "mem.txt", line + bom, len - bom, &sink, &ps, err);
	lines_free(&l);
	reader_free(r);
	return rc;
}

/* V1: a summary, an order spread over rows, a refund, a non-order row */
static const char *v1 =
	V1_HDR "\n"
	"111\t2025-07-01T00:00:00+00:00\t2025-07-15T00:00:00+00:00\t2025-07-17T00:00:00+00:00\t28.95\tCAD\n"
	"111\t\t\t\t\t\tOrder\t701-1\t\t\t\tAmazon.ca\t\t\t\t\t\t2025-07-02T10:00:00+00:00\t\t\t\tSKU-1\t1\tPrincipal\t35.00\t\t\t\t\t\t\t\t\t\t\t\n"
	"111\t\t\t\t\t\tOrder\t701-1\t\t\t\tAmazon.ca\t\t\t\t\t\t2025-07-02T10:00:00+00:00\t\t\t\tSKU-1\t\tShipping\t6.99\t\t\t\t\t\t\t\t\t\t\t\n"
	"\n"
	"111\t\t\t\t\t\tOrder\t701-1\t\t\t\tAmazon.ca\t\t\t\t\t\t2025-07-02T10:00:00+00:00\t\t\t\tSKU-1\t\t\t\tCommission\t-5.62\t\t\t\t\t\t\t\t\t\n"
	"111\t\t\t\t\t\tOrder\t701-1\t\t\t\tAmazon.ca\t\t\t\t\t\t2025-07-02T10:00:00+00:00\t\t\t\tSKU-1\t\t\t\t\t\t\t\t\t\tShipping\t-6.99\t\t\t\n"
	"111\t\t\t\t\t\tRefund\t701-2\t\tamzn1:x\t\tAmazon.ca\t\t\t\t\t\t2025-07-03T10:00:00+00:00\t\t\t\tSKU-2\t\tPrincipal\t-10.00\tCommission\t1.50\t\t\t\t\t\t\t\t\n"
	"111\t\t\t\t\t\tSubscription Fee\t\t\t\t\t\t\t\t\t\t\t2025-07-04T10:00:00+00:00\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t-39.99    \n"
	"111\t\t\t\t\t\tWAREHOUSE_DAMAGE\t\t\t\t\t\t\t\t\t\t\t2025-07-05T10:00:00+00:00\t\t\t\tSKU-3\t2\t\t\t\t\t\t\t\t\t\t\t\t\t48.06\n";

int main(void)
{
	struct got g;
	struct ll_err err = LL_ERR_INIT;
	char *buf;

	CHECK_INT(amazon_detect(V1_HDR, strlen(V1_HDR)), AMZ_SETTLEMENT_V1);
	CHECK_INT(amazon_detect(V2_HDR, strlen(V2_HDR)), AMZ_SETTLEMENT_V2);
	CHECK_INT(amazon_detect("order-id\torder-item-id\tpurchase-date\tpayments-date", 48),
		  AMZ_ORDER_REPORT);
	CHECK_INT(amazon_detect("\"date/time\",\"settlement id\",\"type\"", 35), AMZ_DATE_RANGE);
	CHECK_INT(amazon_detect("a\tb\tc", 5), AMZ_NONE);

	CHECK_INT(parse(v1, &g, &err), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_STR(g.id[0], "111");
	CHECK_STR(g.currency[0], "CAD");
	CHECK_INT(g.total[0], 2895);
	CHECK_INT(g.nev[0], 8); /* every amount one event */
	CHECK_INT(g.sum[0], 2895);
	CHECK(g.tied[0]);
	CHECK_INT(g.kinds[0][EV_SALE], 2);
	CHECK_INT(g.kinds[0][EV_FEE], 3); /* commission, refund commission, subscription */
	CHECK_INT(g.kinds[0][EV_PROMOTION], 1);
	CHECK_INT(g.kinds[0][EV_REFUND], 1);
	CHECK_INT(g.kinds[0][EV_REIMBURSEMENT], 1);
	CHECK_INT(g.rejects, 0);

	/* a header in capitals (or mixed case) names the same columns: the
	 * names are compared without case (name_ieq, text_ieq) */
	{
		size_t n = strlen(v1), i;
		int up = 1;

		buf = malloc(n + 1);
		memcpy(buf, v1, n + 1);
		for (i = 0; buf[i] != '\n'; i++) {
			if (buf[i] == '\t')
				up = !up;
			if (up && buf[i] >= 'a' && buf[i] <= 'z')
				buf[i] = (char)(buf[i] - 'a' + 'A');
		}
		CHECK_INT(parse(buf, &g, &err), 0);
		CHECK_INT(g.ndep, 1);
		CHECK_INT(g.total[0], 2895);
		CHECK_INT(g.nev[0], 8);
		CHECK_INT(g.sum[0], 2895);
		CHECK_INT(g.kinds[0][EV_SALE], 2);
		CHECK_INT(g.kinds[0][EV_FEE], 3);
		CHECK_INT(g.kinds[0][EV_PROMOTION], 1);
		CHECK_INT(g.kinds[0][EV_REFUND], 1);
		CHECK_INT(g.kinds[0][EV_REIMBURSEMENT], 1);
		CHECK_INT(g.rejects, 0);
		free(buf);
	}

	/* CRLF and a BOM give the same result */
	{
		size_t n = strlen(v1), i, k = 3;

		buf = malloc(n * 2 + 4);
		memcpy(buf, "\xEF\xBB\xBF", 3);
		for (i = 0; i < n; i++) {
			if (v1[i] == '\n')
				buf[k++] = '\r';
			buf[k++] = v1[i];
		}
		buf[k] = '\0';
		CHECK_INT(parse(buf, &g, &err), 0);
		CHECK_INT(g.nev[0], 8);
		CHECK(g.tied[0]);
		free(buf);
	}

	/* V2 with decimal commas (EU), Latin-1 sku, one bad amount */
	{
		const char *v2 =
			V2_HDR "\n"
			"222\t2025-01-25T00:00:00+00:00\t2025-02-08T00:00:00+00:00\t2025-02-10T00:00:00+00:00\t1.234,56\tEUR\n"
			"222\t\t\t\t\t\tOrder\t302-1\t\t\t\tAmazon.de\tItemPrice\tPrincipal\t1.300,00\t\t2025-01-30\t\t\t\t\tCaf\xE9-1\t1\n"
			"222\t\t\t\t\t\tOrder\t302-1\t\t\t\tAmazon.de\tItemFees\tCommission\t-65,44\t\t2025-01-30\t\t\t\t\tCaf\xE9-1\t\n"
			"222\t\t\t\t\t\tOrder\t302-1\t\t\t\tAmazon.de\tItemFees\tFBAPerUnitFulfillmentFee\t12.3x\t\t2025-01-30\t\t\t\t\tCaf\xE9-1\t\n";

		CHECK_INT(parse(v2, &g, &err), 0);
		CHECK_INT(g.ndep, 1);
		CHECK_INT(g.total[0], 123456);
		CHECK_INT(g.nev[0], 2);
		CHECK_INT(g.sum[0], 123456);
		CHECK(!g.tied[0]); /* a row could not be read: flagged, not planned */
		CHECK_STR(g.sku, "Caf\xC3\xA9-1");
		CHECK_INT(g.rejects, 1);
		CHECK_STR(g.last_code, "bad-amount");
		CHECK_INT(g.last_line, 5);
	}

	/* unknown amount column keeps its money; unknown set is an error */
	{
		const char *v = "settlement-id\ttotal-amount\tcurrency\tdeposit-date\ttransaction-type\tother-amount\tnew-fee-amount\n"
				"333\t-1.00\tUSD\t2025-03-01\n"
				"333\t\t\t\tSubscription Fee\t-0.50\t\n"
				"333\t\t\t\tOrder\t\t-0.50\n";

		CHECK_INT(parse(v, &g, &err), 0);
		CHECK_INT(g.nev[0], 2);
		CHECK(g.tied[0]);
		CHECK_STR(g.last_code, "unknown-column");
		CHECK_INT(parse("settlement-id\tfoo\tbar\n1\t2\t3\n", &g, &err), LL_EPARSE);
		CHECK(strstr(err.msg, "unknown column set") != NULL);
	}

	/* two settlements' rows interleaved (each row to its own, whichever
	 * came before it), then a third one's summary closing both: a row of
	 * the first after that is reported, not added to a second copy */
	{
		const char *v = V2_HDR "\n"
			"501\t2025-03-01\t2025-03-14\t2025-03-16\t7.00\tUSD\n"
			"501\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t5.00\t\t2025-03-02\n"
			"502\t\t\t\t\t\tOrder\t2\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t9.00\t\t2025-03-02\n"
			"501\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t1.00\t\t2025-03-02\n"
			"502\t2025-03-01\t2025-03-14\t2025-03-16\t10.00\tUSD\n"
			"50\t\t\t\t\t\tOrder\t3\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t4.00\t\t2025-03-02\n"
			"502\t\t\t\t\t\tRefund\t2\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t1.00\t\t2025-03-02\n"
			"501\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t1.00\t\t2025-03-02\n"
			"5010\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t2.00\t\t2025-03-02\n"
			"503\t2025-03-15\t2025-03-28\t2025-03-30\t0.00\tUSD\n"
			"501\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t3.00\t\t2025-03-02\n";

		CHECK_INT(parse(v, &g, &err), 0);
		CHECK_INT(g.ndep, 3); /* 501, 502, 503; 50 and 5010 have no summary */
		CHECK_STR(g.id[0], "501");
		CHECK_INT(g.nev[0], 3);
		CHECK_INT(g.sum[0], 700);
		CHECK(g.tied[0]);
		CHECK_STR(g.id[1], "502");
		CHECK_INT(g.nev[1], 2);
		CHECK_INT(g.sum[1], 1000);
		CHECK_INT(g.kinds[1][EV_REFUND], 1); /* same amount type, another kind */
		CHECK_INT(g.kinds[1][EV_SALE], 1);
		CHECK_STR(g.codes, "out-of-order@12 no-summary@0 no-summary@0 ");
	}

	/* a settlement with no summary row is reported, not planned */
	{
		const char *v = V2_HDR "\n"
			"444\t\t\t\t\t\tOrder\t1\t\t\t\tAmazon.com\tItemPrice\tPrincipal\t5.00\t\t2025-03-01\n";

		CHECK_INT(parse(v, &g, &err), 0);
		CHECK_INT(g.ndep, 0);
		CHECK_STR(g.last_code, "no-summary");
	}
	return tap_done();
}
