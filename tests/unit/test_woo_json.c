/*
 * test_woo_json.c - the WooCommerce REST JSON reader, one order at a time
 * (issue 16): refund objects after their orders still date the refunds;
 * an order id that does not fit in 64 bits is not another order; a broken
 * element or an oversized order fails the document, naming the line;
 * integer amounts too large for an amount are refused, not overflowed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "formats/parse_woocommerce.h"

struct got {
	int ndep;
	char id[8][96];
	int64_t total[8];
	int nrej;
	char rej[8][200];
	long counted; /* rows on deposits and row fates (the completeness ledger) */
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;

	if (g->ndep < 8) {
		snprintf(g->id[g->ndep], sizeof(g->id[0]), "%s", d->id);
		g->total[g->ndep] = d->total;
	}
	g->ndep++;
	g->counted += d->rows;
	return 0;
}

static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	struct got *g = ctx;

	(void)currency;
	(void)fate;
	(void)reason;
	(void)amount;
	g->counted += rows;
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct got *g = ctx;

	(void)path;
	if (g->nrej < 8)
		snprintf(g->rej[g->nrej], 200, "%ld %s %s: %.140s", line, sev, code, msg);
	g->nrej++;
	return 0;
}

static int parse(const char *json, struct got *g, struct ll_err *err)
{
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, on_fate };
	struct parse_stats st;
	int rc;

	memset(g, 0, sizeof(*g));
	memset(&st, 0, sizeof(st));
	ll_err_clear(err);
	rc = woo_parse_json_mem(json, strlen(json), "t.json", &sink, &st, err);
	/* a document read whole counts each element once (docs/completeness.md) */
	if (rc == 0)
		CHECK_INT(g->counted, st.rows);
	return rc;
}

#define ORDER(id, extra)                                                                  \
	"{\"id\": " id ", \"number\": \"" id "\", \"order_key\": \"k" id "\",\n"              \
	" \"status\": \"completed\", \"currency\": \"GBP\", \"payment_method\": \"stripe\",\n" \
	" \"date_paid\": \"2025-03-03T10:00:00\", \"total\": \"10.00\",\n"                    \
	" \"line_items\": [{\"total\": \"10.00\"}]" extra "}"

int main(void)
{
	struct got g;
	struct ll_err err = LL_ERR_INIT;

	/* 1. an order id of 8301 + 2^64 in a refund's link is not order 8301:
	 * the refund is reported (it used to wrap to 8301 and vanish) */
	CHECK_INT(parse("[" ORDER("8301", "") ",\n"
			"{\"id\": 77, \"date_created\": \"2025-03-04T10:00:00\", \"refunded_by\": 1,\n"
			" \"_links\": {\"up\": [{\"href\": \"https://x.example/wc/v3/orders/18446744073709559917\"}]}}]",
			&g, &err), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_INT(g.nrej, 1);
	CHECK_STR(g.rej[0], "5 warning bad-id: refund 77: the order id in its link (_links.up) does "
			    "not fit in 64 bits, so no order of this file is its order; not imported");
	/* the same link with the real id: the order is found, nothing to say */
	CHECK_INT(parse("[" ORDER("8301", "") ",\n"
			"{\"id\": 77, \"date_created\": \"2025-03-04T10:00:00\", \"refunded_by\": 1,\n"
			" \"_links\": {\"up\": [{\"href\": \"https://x.example/wc/v3/orders/8301\"}]}}]",
			&g, &err), 0);
	CHECK_INT(g.nrej, 0);

	/* 2. refund objects after the orders date the refunds; an orphan
	 * refund is reported once, on its own line */
	CHECK_INT(parse("[" ORDER("8401", ",\n \"refunds\": [{\"id\": 91, \"total\": \"-4.00\"}]") ",\n"
			"{\"id\": 91, \"date_created\": \"2025-03-09T10:00:00\", \"refunded_by\": 1,\n"
			" \"_links\": {\"up\": [{\"href\": \"https://x.example/wc/v3/orders/8401\"}]}},\n"
			"{\"id\": 92,\n \"refunded_payment\": true, \"date_created\": \"2025-03-09T10:00:00\",\n"
			" \"_links\": {\"up\": [{\"href\": \"https://x.example/wc/v3/orders/9999\"}]}}]",
			&g, &err), 0);
	CHECK_INT(g.ndep, 2);
	CHECK_STR(g.id[0], "2025-03-03 stripe GBP");
	CHECK_STR(g.id[1], "2025-03-09 stripe GBP R8401");
	CHECK_INT(g.total[1], -400);
	CHECK_INT(g.nrej, 1);
	CHECK(!strncmp(g.rej[0], "9 warning refund-without-order: refund 92 of order 9999", 55));

	/* 3. a broken order: the document fails at that line, nothing delivered */
	CHECK_INT(parse("[" ORDER("1", "") ",\n" ORDER("2", "") ",\n{\"id\": 3,\n \"x\": tru}]", &g, &err),
		  LL_EPARSE);
	CHECK_INT(g.ndep, 0);
	CHECK_INT(err.line, 10);
	CHECK(strstr(err.msg, "not valid JSON") != NULL);
	/* an integer too big for jansson is a JSON error with its line */
	CHECK_INT(parse("[" ORDER("1", "") ",\n" ORDER("18446744073709559917", "") "]", &g, &err),
		  LL_EPARSE);
	CHECK_INT(err.line, 5);
	CHECK(strstr(err.msg, "too big") != NULL);

	/* 4. an integer amount too large once in minor units: refused */
	CHECK_INT(parse("[{\"id\": 5, \"order_key\": \"k\", \"status\": \"completed\",\n"
			" \"currency\": \"GBP\", \"payment_method\": \"stripe\",\n"
			" \"date_paid\": \"2025-03-03T10:00:00\", \"total\": 9223372036854775807,\n"
			" \"line_items\": [{\"total\": 922337203685477581}]}]", &g, &err), 0);
	CHECK_INT(g.nrej, 2);
	CHECK(strstr(g.rej[0], "bad-amount") != NULL);

	/* 5. one order over the cap (8 MiB of JSON): refused, with its line */
	{
		size_t big = 9u << 20, n;
		char *doc = malloc(big + 64);

		n = (size_t)snprintf(doc, 64, "[1,\n{\"order_key\": \"");
		memset(doc + n, 'x', big);
		memcpy(doc + n + big, "\"}]", 4);
		CHECK_INT(parse(doc, &g, &err), LL_EPARSE);
		CHECK_INT(err.line, 2);
		CHECK(strstr(err.msg, "more than 8388608 bytes") != NULL);
		free(doc);
	}
	return tap_done();
}
