/*
 * test_orders.c - the orders table (src/store/orders.c) in a real SQLite
 * file: a deposit's rows written in statements of several rows keep every
 * value of every row (in statements of up to 64 rows, sharing four or
 * seven values); the comparable key of an order number; and a state
 * file written before the table had its one text index (order_key,
 * platform), with the two indexes it had then, opens, loses them, and its
 * rows are found by the joins' lookups and the pairs. The filter in front
 * of store_orders_has and the kinds in front of store_orders_stale answer
 * as SQLite does: for rows written earlier in the same plan and
 * transaction, in a first plan and in a state file large enough that
 * SQLite answers the first lookups and the table is scanned later.
 */
#include "tap.h"
#include "fixture.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/orders.h"
#include "store/sources.h"
#include "store/store_int.h" /* st->db: the rows and indexes as SQLite holds them */

#define ORDER_IDS "SELECT group_concat(order_id) FROM (SELECT order_id FROM orders ORDER BY id)"

struct texts {
	char v[8][200];
	int n;
};

/* sql's rows, each row's columns joined by '|', rows by ';' into out */
static void sql_text(struct state *st, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;
	size_t len = 0;

	out[0] = '\0';
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		snprintf(out, outlen, "error: %s", sqlite3_errmsg(st->db));
		return;
	}
	while (sqlite3_step(s) == SQLITE_ROW && len < outlen) {
		int i;

		for (i = 0; i < sqlite3_column_count(s) && len < outlen; i++) {
			const unsigned char *t = sqlite3_column_text(s, i);

			len += (size_t)snprintf(out + len, outlen - len, "%s%s",
						i ? "|" : (len ? ";" : ""), t ? (const char *)t : "~");
		}
	}
	sqlite3_finalize(s);
}

static void test_order_key(void)
{
	static const char *const cases[][2] = {
		{ "#1001", "1001" },
		{ "WC-8407", "8407" },
		{ "112-1234567-1234567", "112-1234567-1234567" },
		{ "--12", "12" },
		{ "A12B", "12" },
		{ "no digits", "no digits" },
		{ "", "" },
	};
	char out[80], small[4];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		store_order_key(cases[i][0], out, sizeof(out));
		CHECK_STR(out, cases[i][1]);
	}
	/* cut to the buffer, terminated */
	store_order_key("#123456", small, sizeof(small));
	CHECK_STR(small, "123");
	store_order_key("abcdef", small, sizeof(small));
	CHECK_STR(small, "abc");
}

/*
 * 23 rows of a deposit (statements of 16, 1, 1, 4, 1 rows), the 18th of
 * another format and gateway and without shop (a run of shared values
 * ends there): every row as given, in order, with its key; a second put
 * of the settlement replaces them; rows of no settlement (0) are added.
 */
static void test_put_rows(void)
{
	char dir[256], got[4096], want[4096];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct store_order o[23];
	char ids[23][16], days[23][11];
	int64_t src = 0;
	size_t i, len = 0;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "x/orders.csv", 1, 1, &src, &err), 0);
	for (i = 0; i < 23; i++) {
		snprintf(ids[i], sizeof(ids[i]), "#%zu", 1000 + i);
		snprintf(days[i], sizeof(days[i]), "2025-01-%02zu", i + 1);
		o[i] = (struct store_order){ "shopify", "shop-a", ids[i], i % 3 ? "sale" : "refund",
					     "shopify-orders", "Shop Pay", days[i], "USD",
					     (int64_t)i * 100 - 700, src, 0 };
	}
	o[17].format = "shopify-payments-transactions";
	o[17].gateway = NULL;
	o[17].shop = NULL;
	CHECK_INT(store_orders_put(st, 7, o, 23, &err), 0);
	sql_text(st, "SELECT platform, shop, order_id, order_key, role, format, gateway,"
		 " source_id, settlement_id, day, currency, amount_minor FROM orders ORDER BY id",
		 got, sizeof(got));
	for (i = 0; i < 23; i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"%sshopify|%s|%s|%zu|%s|%s|%s|%lld|7|%s|USD|%lld",
					i ? ";" : "", i == 17 ? "" : "shop-a", ids[i], 1000 + i,
					o[i].role, o[i].format, i == 17 ? "" : "Shop Pay",
					(long long)src, days[i], (long long)o[i].amount_minor);
	CHECK_STR(got, want);
	/* the settlement again, 2 rows: they replace the 23 */
	CHECK_INT(store_orders_put(st, 7, o + 5, 2, &err), 0);
	sql_text(st, ORDER_IDS, got, sizeof(got));
	CHECK_STR(got, "#1005,#1006");
	/* settlement 0 (a channel's orders): added, nothing replaced */
	CHECK_INT(store_orders_put(st, 0, o, 1, &err), 0);
	CHECK_INT(store_orders_put(st, 0, o + 1, 1, &err), 0);
	sql_text(st, ORDER_IDS, got, sizeof(got));
	CHECK_STR(got, "#1005,#1006,#1000,#1001");
	/* none: nothing, no error */
	CHECK_INT(store_orders_put(st, 8, o, 0, &err), 0);
	fx_close(st, dir);
}

/*
 * 200 rows in one call, in runs that take each kind of statement: 70 of
 * one deposit, 90 of deposits of 3 rows each (gateway, settlement and
 * currency their own), 20 of one deposit, 4 of it from another source,
 * 16 of one deposit of another currency (statements of 64 and 16 rows
 * sharing four values, of 64, 16 and 4 sharing seven): every value of
 * every row as given, in order. Then by store_orders_put (their own
 * settlement_id not read) 40 rows of deposits of 3 (16 and 4 sharing
 * four) and 20 of one deposit (16 and 4 sharing seven): all of them.
 */
static void test_wide_rows(void)
{
	char dir[256];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	static struct store_order o[200];
	static char ids[200][16], days[200][11], gw[200][8];
	static char got[40000], want[40000];
	int64_t src = 0, src2 = 0;
	size_t i, len = 0;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "x/a.txt", 1, 1, &src, &err), 0);
	CHECK_INT(store_source_start(st, "x/b.txt", 1, 2, &src2, &err), 0);
	for (i = 0; i < 200; i++) {
		int64_t sid = i < 70 ? 11 : i < 160 ? 20 + (int64_t)(i - 70) / 3 : i < 184 ? 60 : 61;

		snprintf(ids[i], sizeof(ids[i]), "112-%07zu-1", 7000000 - i * 13);
		snprintf(days[i], sizeof(days[i]), "2025-%02zu-%02zu", 1 + i % 12, 1 + i % 28);
		snprintf(gw[i], sizeof(gw[i]), "g%lld", (long long)sid % 4);
		o[i] = (struct store_order){ "amazon", "", ids[i], i % 5 ? "sale" : "refund",
					     "amazon-settlement", gw[i], days[i],
					     i >= 184 ? "EUR" : "USD", (int64_t)i * 37 - 900,
					     i >= 180 && i < 184 ? src2 : src, sid };
	}
	CHECK_INT(store_orders_add(st, o, 200, &err), 0);
	CHECK_INT(store_orders_put(st, 99, o + 100, 40, &err), 0);
	CHECK_INT(store_orders_put(st, 98, o + 3, 20, &err), 0);
	sql_text(st, "SELECT id, order_id, order_key, role, gateway, source_id, settlement_id,"
		 " day, currency, amount_minor FROM orders ORDER BY id", got, sizeof(got));
	for (i = 0; i < 260; i++) {
		const struct store_order *r = &o[i < 200 ? i : i < 240 ? i - 100 : i - 237];
		int64_t sid = i < 200 ? r->settlement_id : i < 240 ? 99 : 98;

		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"%s%zu|%s|%s|%s|%s|%lld|%lld|%s|%s|%lld", i ? ";" : "",
					i + 1, r->order_id, r->order_id, r->role, r->gateway,
					(long long)r->source_id,
					(long long)sid, r->day,
					r->currency, (long long)r->amount_minor);
	}
	CHECK_STR(got, want);
	fx_close(st, dir);
}

static int count_pair(void *ctx, const struct store_order_pair *p)
{
	struct texts *t = ctx;

	if (t->n < 8)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %s %s %lld", p->platform_a,
			 p->path_a, p->platform_b, p->path_b, (long long)p->orders);
	return 0;
}

static int stale_path(void *ctx, const char *path)
{
	struct texts *t = ctx;

	if (t->n < 8)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s", path);
	return 0;
}

/*
 * A state file as a ledgerlift before the index (order_key, platform)
 * wrote it: indexes orders_order (order_id, platform) and orders_key
 * (order_key), rows written by it. Opened as a writer, it has the new
 * index and not the old two; its rows are found by store_orders_has, the
 * stale sources and the pairs, beside rows written now.
 */
static void test_old_indexes(void)
{
	char dir[256], path[300], got[1024], found[64];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct texts t = { .n = 0 };
	struct store_order amz = { "amazon", "", "113-0000042-0000001", "sale",
				   "amazon-settlement-v2", "", "2025-03-05", "USD", 2500, 0, 0 };
	sqlite3 *db;

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	state_close(st);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db,
			       "DROP INDEX orders_key_platform;"
			       "CREATE INDEX orders_order ON orders(order_id, platform);"
			       "CREATE INDEX orders_key ON orders(order_key);"
			       "INSERT INTO sources(id, path, status) VALUES"
			       " (1, 's/orders.csv', 'done'), (2, 's/payments.csv', 'done'),"
			       " (3, 'w/orders.csv', 'done');"
			       "INSERT INTO orders(platform, shop, order_id, order_key, role, format,"
			       " gateway, source_id, settlement_id, day, currency, amount_minor) VALUES"
			       " ('shopify', 'shop-a', '#1001', '1001', 'sale', 'shopify-orders',"
			       "  'Shopify Payments', 1, 11, '2025-01-02', 'USD', 1500),"
			       " ('shopify', 'shop-a', '#1001', '1001', 'sale',"
			       "  'shopify-payments-transactions', '', 2, 12, '2025-01-03', 'USD', 1500),"
			       " ('woocommerce', '', 'WC-0000042-0000001', '0000042-0000001', 'sale',"
			       "  'woocommerce-webtoffee-csv', '', 3, 13, '2025-03-02', 'USD', -2500)",
			       NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(state_open(&st, path, &err), 0);
	if (!st)
		return;
	sql_text(st, "SELECT name FROM sqlite_master WHERE tbl_name='orders' AND type='index'"
		 " ORDER BY name", got, sizeof(got));
	CHECK_STR(got, "orders_key_platform;orders_settlement;orders_source");
	/* the joins' lookup finds the old row by its key */
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "sale", "shopify-orders", 2,
				   found, sizeof(found), &err), 1);
	CHECK_STR(found, "s/orders.csv");
	/* the key matches, the order number does not: not found */
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "1001", "sale", "shopify-orders", 2,
				   NULL, 0, &err), 0);
	/* the payments export counting an order the orders export records */
	CHECK_INT(store_orders_stale(st, stale_path, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "s/payments.csv");
	/* a row written now pairs with an old one of another platform */
	t.n = 0;
	amz.order_id = "113-0000042-0000001";
	{
		int64_t a = 0;

		CHECK_INT(store_source_start(st, "a/settlement.txt", 1, 1, &a, &err), 0);
		amz.source_id = a;
	}
	CHECK_INT(store_orders_put(st, 14, &amz, 1, &err), 0);
	CHECK_INT(store_orders_pairs(st, count_pair, &t, &err), 0);
	CHECK_INT(t.n, 0); /* keys differ: "113-0000042-0000001" */
	amz.order_id = "A0000042-0000001";
	CHECK_INT(store_orders_put(st, 14, &amz, 1, &err), 0);
	CHECK_INT(store_orders_pairs(st, count_pair, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "amazon a/settlement.txt woocommerce w/orders.csv 1");
	fx_close(st, dir);
}

/* ---- the filter and the kinds against SQLite -------------------------- */

static const char *const plat[2] = { "shopify", "ebay" };
static const char *const fmts[2][2] = {
	{ "shopify-orders", "shopify-payments-transactions" },
	{ "ebay-transaction-report", "ebay-orders-report" },
};
static const char *const roles[3] = { "sale", "refund", "payment" };

/* row i of the synthetic orders (numbers of 0..n), of source src */
static struct store_order synth(size_t i, int64_t src, char id[24])
{
	size_t p = i % 2, f = (i / 2) % 2;

	snprintf(id, 24, "#%zu", 5000 + i * 7 % 9973);
	return (struct store_order){ plat[p], p ? NULL : (i / 4) % 2 ? "shop-b" : "shop-a", id,
				     roles[i % 3], fmts[p][f], "", "2025-02-01", "USD",
				     (int64_t)i, src, 0 };
}

/* store_orders_has as SQLite answers it, without the filter: the count */
static long long sql_has(struct state *st, const char *platform, const char *shop,
			 const char *order_id, const char *roles_csv, const char *format,
			 int64_t exclude)
{
	sqlite3_stmt *s = NULL;
	long long n = -1;
	char key[80];

	/* by the index (order_key, platform): not a scan of the table each */
	store_order_key(order_id, key, sizeof(key));
	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*) FROM orders WHERE order_key=?7 AND platform=?1"
			       " AND shop=?2"
			       " AND order_id=?3 AND format=?4 AND source_id<>?5"
			       " AND instr(',' || ?6 || ',', ',' || role || ',') > 0",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, shop ? shop : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, order_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, exclude);
	sqlite3_bind_text(s, 6, roles_csv, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

struct tally {
	long asked, found, wrong; /* lookups, found ones, answers unlike SQLite's */
};

/*
 * Look up synthetic order i (numbers 0..max) every way a join does: its
 * own platform, shop and format, the other format, another shop, both
 * role lists, excluding its source and another; each answer against
 * SQLite's count (a "no" for a present order is wrong).
 */
static void ask(struct state *st, size_t i, int64_t src, struct tally *t)
{
	static const char *const lists[2] = { "sale", "sale,refund" };
	char id[24];
	struct store_order o = synth(i, src, id);
	size_t p = i % 2, k, f;
	struct ll_err err = LL_ERR_INIT;

	for (f = 0; f < 2; f++)
		for (k = 0; k < 4; k++) {
			const char *shop = k == 3 ? "shop-z" : o.shop;
			const char *list = lists[k % 2];
			int64_t ex = k < 2 ? src : src + 1;
			char path[64];
			long long want = sql_has(st, o.platform, shop, o.order_id, list,
						 fmts[p][f], ex);
			int got = store_orders_has(st, o.platform, shop, o.order_id, list,
						   fmts[p][f], ex, path, sizeof(path), &err);

			t->asked++;
			if (got == 1)
				t->found++;
			if (want < 0 || got < 0 || got != (want > 0)) {
				t->wrong++;
				if (t->wrong <= 3)
					fprintf(stderr, "# order %s %s %s %s %s ex %lld: has %d, SQLite %lld\n",
						 o.platform, shop ? shop : "", o.order_id, list,
						 fmts[p][f], (long long)ex, got, want);
			}
		}
}

/* rows [from, to) of source src in statements of several rows */
static int add_synth(struct state *st, size_t from, size_t to, int64_t src)
{
	struct store_order *o = malloc((to - from + 1) * sizeof(*o));
	char (*ids)[24] = malloc((to - from + 1) * sizeof(*ids));
	struct ll_err err = LL_ERR_INIT;
	size_t i;
	int rc;

	if (!o || !ids) {
		free(o);
		free(ids);
		return -1;
	}
	for (i = from; i < to; i++)
		o[i - from] = synth(i, src, ids[i - from]);
	rc = store_orders_add(st, o, to - from, &err);
	free(o);
	free(ids);
	return rc;
}

static int stale_count(void *ctx, const char *path)
{
	(void)path;
	++*(int *)ctx;
	return 0;
}

/*
 * A first plan: the table empty, then rows written in its transaction (in
 * statements of 16), looked up between the writes; orders never written
 * are not found. The kinds: payments-export sales alone name no stale
 * source, with an orders export's sales they do.
 */
static void test_filter_first_plan(void)
{
	char dir[256];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct tally t = { 0, 0, 0 };
	int64_t a = 0, b = 0;
	int n = 0;
	size_t i;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "x/a.csv", 1, 1, &a, &err), 0);
	CHECK_INT(store_source_start(st, "x/b.csv", 1, 1, &b, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	/* nothing yet: every answer "no" */
	for (i = 0; i < 40; i++)
		ask(st, i, a, &t);
	CHECK_INT(t.found, 0);
	CHECK_INT(add_synth(st, 0, 300, a), 0);
	for (i = 0; i < 600; i += 3)
		ask(st, i, a, &t);
	CHECK_INT(add_synth(st, 300, 700, b), 0);
	for (i = 0; i < 800; i += 2)
		ask(st, i, b, &t);
	CHECK_INT(t.wrong, 0);
	CHECK(t.found > 100);
	CHECK_INT(state_commit(st, &err), 0);
	fx_close(st, dir);

	/* the kinds */
	st = fx_open(dir);
	if (!st)
		return;
	CHECK_INT(store_source_start(st, "x/payments.csv", 1, 1, &a, &err), 0);
	CHECK_INT(store_source_start(st, "x/orders.csv", 1, 1, &b, &err), 0);
	{
		char id1[24], id2[24];
		struct store_order tx = synth(0, a, id1), ord = synth(0, b, id2);

		tx.format = "shopify-payments-transactions";
		tx.role = "sale";
		ord.format = "shopify-orders";
		ord.role = "payment"; /* not a sale: no join */
		CHECK_INT(store_orders_add(st, &tx, 1, &err), 0);
		CHECK_INT(store_orders_add(st, &ord, 1, &err), 0);
		CHECK_INT(store_orders_stale(st, stale_count, &n, &err), 0);
		CHECK_INT(n, 0);
		ord.role = "sale";
		CHECK_INT(store_orders_add(st, &ord, 1, &err), 0);
		CHECK_INT(store_orders_stale(st, stale_count, &n, &err), 0);
		CHECK_INT(n, 1);
		/* its rows gone, none again (as SQLite answers) */
		n = 0;
		CHECK_INT(store_orders_clear_source(st, b, &err), 0);
		CHECK_INT(store_orders_stale(st, stale_count, &n, &err), 0);
		CHECK_INT(n, 0);
	}
	fx_close(st, dir);
}

/*
 * A state file of 20,000 rows, opened again: SQLite answers the first
 * lookups, then the table is scanned once; rows written before the scan
 * (in the same transaction) and after it are found. The kinds, unknown
 * when it opens, are asked of SQLite (all rows of one source: no stale
 * source), then kept as rows of other sources are written.
 */
static void test_filter_large(void)
{
	char dir[256], path[300];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct tally t = { 0, 0, 0 };
	int64_t a = 0, b = 0, c = 0;
	int n = 0;
	size_t i;

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	CHECK_INT(store_source_start(st, "x/a.csv", 1, 1, &a, &err), 0);
	CHECK_INT(store_source_start(st, "x/b.csv", 1, 1, &b, &err), 0);
	CHECK_INT(store_source_start(st, "x/c.csv", 1, 1, &c, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(add_synth(st, 0, 20000, a), 0);
	CHECK_INT(state_commit(st, &err), 0);
	state_close(st);
	CHECK_INT(state_open(&st, path, &err), 0);
	if (!st)
		return;
	CHECK_INT(store_orders_stale(st, stale_count, &n, &err), 0);
	CHECK_INT(n, 0);
	CHECK_INT(state_begin(st, &err), 0);
	/* written before any lookup, then between those SQLite answers */
	CHECK_INT(add_synth(st, 20000, 20100, b), 0);
	for (i = 19900; i < 20150; i++)
		ask(st, i, b, &t);
	/* 2,000 lookups (20,000 rows / 10) so far: the scan */
	CHECK_INT(add_synth(st, 20100, 20200, c), 0);
	for (i = 0; i < 20300; i += 37)
		ask(st, i, c, &t);
	CHECK_INT(add_synth(st, 20200, 20400, b), 0);
	for (i = 19800; i < 20500; i++)
		ask(st, i, c, &t);
	CHECK(t.asked > 2100);
	CHECK_INT(t.wrong, 0);
	CHECK(t.found > 1000);
	/* the kinds: both eBay reports' sales are here, of two sources */
	CHECK_INT(store_orders_stale(st, stale_count, &n, &err), 0);
	CHECK(n > 0);
	CHECK_INT(state_commit(st, &err), 0);
	fx_close(st, dir);
}

int main(void)
{
	test_order_key();
	test_put_rows();
	test_wide_rows();
	test_old_indexes();
	test_filter_first_plan();
	test_filter_large();
	return tap_done();
}
