/*
 * orders.c - the orders table (orders.h): writing the orders a deposit
 * counts, and the lookups the joins across exports make.
 */
#include "store/orders.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

void store_order_key(const char *order_id, char *out, size_t outlen)
{
	size_t n = strlen(order_id), e, b;

	for (e = n; e > 0; e--)
		if ((order_id[e - 1] >= '0' && order_id[e - 1] <= '9'))
			break;
	for (b = e; b > 0; b--) {
		char ch = order_id[b - 1];

		if (!((ch >= '0' && ch <= '9') || ch == '-'))
			break;
	}
	while (b < e && order_id[b] == '-')
		b++;
	if (b == e) { /* no digits: the whole id */
		b = 0;
		e = n;
	}
	if (!outlen)
		return;
	if (e - b > outlen - 1)
		e = b + outlen - 1;
	memcpy(out, order_id + b, e - b);
	out[e - b] = '\0';
}

/*
 * Rows go in statements of 16, 4 and 1 rows (each cached by its text),
 * not one statement each; what runs of rows share (platform, shop, format,
 * source: a file's) is bound once a statement, as ?1..?4, and each row
 * binds its own eight. OR FAIL: with ABORT (NOT NULL's default) SQLite
 * keeps a statement journal of every page a statement of several rows
 * changes, in case it stops half-way, and spills it to a temporary file
 * past 64 KiB (95,000 writes for Amazon's 200k rows); a failure here fails
 * the transaction anyway.
 */
#define ORDER_COLS "(platform, shop, format, source_id, gateway, settlement_id, currency," \
	" order_id, order_key, role, day, amount_minor)"
#define ROW1 "(?1,?2,?3,?4,?,?,?,?,?,?,?,?)"
#define ROW4 ROW1 "," ROW1 "," ROW1 "," ROW1
#define ROW16 ROW4 "," ROW4 "," ROW4 "," ROW4
#define ORDER_SHARED 4
#define ORDER_OWN 8

static const char *const insert_sql[3] = {
	"INSERT OR FAIL INTO orders" ORDER_COLS " VALUES" ROW1,
	"INSERT OR FAIL INTO orders" ORDER_COLS " VALUES" ROW4,
	"INSERT OR FAIL INTO orders" ORDER_COLS " VALUES" ROW16,
};

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* 1 when b shares what a statement binds once with a */
static int same_run(const struct store_order *a, const struct store_order *b)
{
	return a->source_id == b->source_id && same_text(a->platform, b->platform) &&
	       same_text(a->shop ? a->shop : "", b->shop ? b->shop : "") &&
	       same_text(a->format, b->format);
}

/* the rows o[0..n), of settlement *sid when not NULL (else each its own) */
static int add_rows(struct state *st, const struct store_order *o, size_t n,
		    const int64_t *sid, struct ll_err *err)
{
	static const size_t rows[3] = { 1, 4, 16 };
	sqlite3_stmt *s = NULL;
	size_t i = 0;

	while (i < n) {
		char key[16][80]; /* bound as they are: alive until the step */
		size_t run = 1, k;
		int w;

		while (run < 16 && i + run < n && same_run(&o[i], &o[i + run]))
			run++;
		w = run >= 16 ? 2 : run >= 4 ? 1 : 0;
		if (state_stmt(st, &s, insert_sql[w], err))
			return LL_ERROR;
		state_bind_text(s, 1, o[i].platform);
		state_bind_text(s, 2, o[i].shop ? o[i].shop : "");
		state_bind_text(s, 3, o[i].format);
		sqlite3_bind_int64(s, 4, o[i].source_id);
		for (k = 0; k < rows[w]; k++, i++) {
			int b = ORDER_SHARED + (int)k * ORDER_OWN;

			store_order_key(o[i].order_id, key[k], sizeof(key[k]));
			state_bind_text(s, b + 1, o[i].gateway ? o[i].gateway : "");
			sqlite3_bind_int64(s, b + 2, sid ? *sid : o[i].settlement_id);
			state_bind_text(s, b + 3, o[i].currency);
			state_bind_text(s, b + 4, o[i].order_id);
			state_bind_text(s, b + 5, key[k]);
			state_bind_text(s, b + 6, o[i].role);
			state_bind_text(s, b + 7, o[i].day);
			sqlite3_bind_int64(s, b + 8, o[i].amount_minor);
		}
		if (state_step_done(st, s, err))
			return LL_ERROR;
	}
	return 0;
}

int store_orders_add(struct state *st, const struct store_order *o, size_t n,
		     struct ll_err *err)
{
	return add_rows(st, o, n, NULL, err);
}

int store_orders_drop_settlement(struct state *st, int64_t settlement_id,
				 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "DELETE FROM orders WHERE settlement_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, settlement_id);
	return state_step_done(st, s, err);
}

int store_orders_max_settlement(struct state *st, int64_t *max, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*max = 0;
	if (state_stmt(st, &s, "SELECT coalesce(max(settlement_id), 0) FROM orders", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*max = sqlite3_column_int64(s, 0);
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_orders_put(struct state *st, int64_t settlement_id, const struct store_order *o,
		     size_t n, struct ll_err *err)
{
	if (settlement_id > 0 && store_orders_drop_settlement(st, settlement_id, err))
		return LL_ERROR;
	return add_rows(st, o, n, &settlement_id, err);
}

int store_orders_clear_source(struct state *st, int64_t source_id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "DELETE FROM orders WHERE source_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	return state_step_done(st, s, err);
}

int store_orders_has(struct state *st, const char *platform, const char *shop,
		     const char *order_id, const char *roles, const char *format,
		     int64_t exclude_source, char *path, size_t pathlen, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, found = 0;
	char key[80];

	/* the first path in order, a missing source ('') first: min() over
	 * the matches, not ORDER BY ... LIMIT 1, which builds a temporary
	 * b-tree on every call (a third of a Shopify payments plan); found
	 * by (order_key, platform), the one index of orders' text; the path
	 * a subquery of the rows found, so a miss opens no sources cursor */
	if (state_stmt(st, &s,
		       "SELECT count(*), min(coalesce((SELECT path FROM sources"
		       " WHERE id = o.source_id), '')) FROM orders o"
		       " WHERE o.order_key=?7 AND o.platform=?2 AND o.order_id=?1 AND o.shop=?3"
		       " AND o.format=?4 AND o.source_id<>?5"
		       " AND instr(',' || ?6 || ',', ',' || o.role || ',') > 0",
		       err))
		return LL_ERROR;
	store_order_key(order_id, key, sizeof(key));
	state_bind_text(s, 7, key);
	state_bind_text(s, 1, order_id);
	state_bind_text(s, 2, platform);
	state_bind_text(s, 3, shop ? shop : "");
	state_bind_text(s, 4, format);
	sqlite3_bind_int64(s, 5, exclude_source);
	state_bind_text(s, 6, roles);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		found = sqlite3_column_int64(s, 0) > 0;
		if (found && path)
			state_col_copy(s, 1, path, pathlen);
	} else {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? found : LL_ERROR;
}

/* the gateways whose money Shopify pays out (shopify_common.c's list) */
#define PAID_BY_SHOPIFY \
	"(lower(o.gateway) LIKE '%shopify payments%' OR lower(o.gateway) LIKE" \
	" '%shopify_payments%' OR lower(o.gateway) LIKE '%shop pay%' OR" \
	" lower(o.gateway) LIKE '%shop_pay%')"

int store_orders_paid_span(struct state *st, const char *platform, const char *shop,
			   const char *format, char first[11], char last[11],
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, found = 0;

	if (state_stmt(st, &s,
		       "SELECT min(o.day), max(o.day) FROM orders o WHERE o.platform=?1"
		       " AND o.shop=?2 AND o.format=?3 AND o.role='sale' AND " PAID_BY_SHOPIFY,
		       err))
		return LL_ERROR;
	state_bind_text(s, 1, platform);
	state_bind_text(s, 2, shop ? shop : "");
	state_bind_text(s, 3, format);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		state_col_copy(s, 0, first, 11);
		state_col_copy(s, 1, last, 11);
		found = 1;
	} else if (step != SQLITE_ROW) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? found : LL_ERROR;
}

int store_orders_stale(struct state *st, int (*fn)(void *ctx, const char *path), void *ctx,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step, found = 0;

	/* nothing written to orders or sources since it named none (stamp.h) */
	if (st->stamp.stale_none)
		return 0;
	/* the rows the query below starts from and the rows it looks for,
	 * if any of both: a cheap scan rules out a join that cannot give a
	 * row, so a re-plan does not join every order with every other */
	rc = state_flag(st, "SELECT (EXISTS (SELECT 1 FROM orders WHERE platform='shopify'"
			" AND format='shopify-payments-transactions' AND role IN ('sale','refund'))"
			" AND EXISTS (SELECT 1 FROM orders WHERE platform='shopify'"
			" AND format='shopify-orders' AND role='sale'))"
			" OR (EXISTS (SELECT 1 FROM orders WHERE platform='ebay'"
			" AND format='ebay-orders-report' AND role IN ('sale','refund'))"
			" AND EXISTS (SELECT 1 FROM orders WHERE platform='ebay'"
			" AND format='ebay-transaction-report' AND role IN ('sale','refund')))", err);
	if (rc == 0)
		stamp_stale_none(st);
	if (rc <= 0)
		return rc;
	rc = 0;
	if (state_prepare(st, &s,
			  "SELECT DISTINCT src.path FROM orders p"
			  " JOIN sources src ON src.id = p.source_id"
			  " WHERE ((p.platform='shopify' AND p.format='shopify-payments-transactions'"
			  "   AND p.role IN ('sale','refund') AND EXISTS (SELECT 1 FROM orders o"
			  "   WHERE o.order_key=p.order_key AND o.platform=p.platform"
			  "   AND o.order_id=p.order_id AND o.shop=p.shop"
			  "   AND o.format='shopify-orders' AND o.role='sale'"
			  "   AND o.source_id<>p.source_id))"
			  "  OR (p.platform='ebay' AND p.format='ebay-orders-report'"
			  "   AND p.role IN ('sale','refund') AND EXISTS (SELECT 1 FROM orders o"
			  "   WHERE o.order_key=p.order_key AND o.platform=p.platform"
			  "   AND o.order_id=p.order_id AND o.format='ebay-transaction-report'"
			  "   AND o.role IN ('sale','refund')"
			  "   AND o.source_id<>p.source_id)))"
			  " ORDER BY src.path", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		found = 1;
		if ((rc = fn(ctx, state_col_text(s, 0))))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	else if (rc == 0 && !found)
		stamp_stale_none(st);
	sqlite3_finalize(s);
	return rc;
}

int store_orders_pairs(struct state *st,
		       int (*fn)(void *ctx, const struct store_order_pair *p), void *ctx,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step, found = 0;

	/* nothing written to orders or sources since it named none (stamp.h) */
	if (st->stamp.pairs_none)
		return 0;
	/* a pair is of two platforms */
	rc = state_flag(st, "SELECT EXISTS (SELECT 1 FROM orders WHERE platform <>"
			" (SELECT platform FROM orders LIMIT 1))", err);
	if (rc == 0)
		stamp_pairs_none(st);
	if (rc <= 0)
		return rc;
	rc = 0;
	if (state_prepare(st, &s,
			  "SELECT a.platform, sa.path, a.role, coalesce(a.format,''),"
			  " b.platform, sb.path, b.role, coalesce(b.format,''),"
			  " count(DISTINCT a.order_key), min(a.order_id), min(a.day), max(a.day)"
			  " FROM orders a JOIN orders b ON b.order_key = a.order_key"
			  "  AND b.platform <> a.platform AND b.currency = a.currency"
			  " JOIN sources sa ON sa.id = a.source_id"
			  " JOIN sources sb ON sb.id = b.source_id"
			  " WHERE length(a.order_key) >= 3 AND b.role = 'sale' AND ("
			  "  (a.role = 'channel')"
			  "  OR (a.role = 'sale' AND a.platform < b.platform"
			  "   AND abs(a.amount_minor) = abs(b.amount_minor)"
			  "   AND abs(julianday(a.day) - julianday(b.day)) <= 7))"
			  " GROUP BY sa.path, sb.path, a.role, a.platform, b.platform"
			  " ORDER BY sa.path, sb.path LIMIT 50", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_order_pair p;

		p.platform_a = state_col_text(s, 0);
		p.path_a = state_col_text(s, 1);
		p.role_a = state_col_text(s, 2);
		p.format_a = state_col_text(s, 3);
		p.platform_b = state_col_text(s, 4);
		p.path_b = state_col_text(s, 5);
		p.role_b = state_col_text(s, 6);
		p.format_b = state_col_text(s, 7);
		p.orders = sqlite3_column_int64(s, 8);
		p.example = state_col_text(s, 9);
		p.first = state_col_text(s, 10);
		p.last = state_col_text(s, 11);
		found = 1;
		if ((rc = fn(ctx, &p)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	else if (rc == 0 && !found)
		stamp_pairs_none(st);
	sqlite3_finalize(s);
	return rc;
}
