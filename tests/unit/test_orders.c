/*
 * test_orders.c - the orders table (src/store/orders.c) in a real SQLite
 * file: a deposit's rows written in statements of several rows keep every
 * value of every row; the comparable key of an order number; and a state
 * file written before the table had its one text index (order_key,
 * platform), with the two indexes it had then, opens, loses them, and its
 * rows are found by the joins' lookups and the pairs.
 */
#include "tap.h"
#include "fixture.h"

#include <sqlite3.h>
#include <stdio.h>
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

int main(void)
{
	test_order_key();
	test_put_rows();
	test_old_indexes();
	return tap_done();
}
