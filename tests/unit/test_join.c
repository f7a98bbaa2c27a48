/*
 * test_join.c - join_index writes the orders of a file's deposits in
 * statements over several deposits (src/plan/join.c): the rows come out as
 * store_orders_put, deposit by deposit, writes them (ids, values, a
 * settlement recorded again replacing its rows); a rollback's rows are
 * forgotten (join_discard); and a lookup of another export's orders
 * (eBay's orders report against the transaction report) finds rows not
 * written yet; a deposit's events in no order give one row per order and
 * role, in the order of the orders' first mention and the roles' names.
 */
#include "tap.h"
#include "fixture.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/join.h"
#include "plan/mapping.h"
#include "store/orders.h"
#include "store/store_int.h" /* st->db: the rows as SQLite holds them */
#include "util/date.h"
#include "util/strpool.h"

static char tmpdir[] = "/tmp/ll-test-join-XXXXXX";

#define MAP_CSV "transaction_type,amount_type,amount_description,account_code,tax_type," \
	"line_description,tracking\n*,*,*,200,{none},Sales,\n"
static const char *const map_files[] = { "settings.json", "amazon.csv", "ebay.csv" };

#define ROWS "SELECT group_concat(id || ':' || platform || ':' || order_id || ':' || role" \
	     " || ':' || settlement_id || ':' || source_id || ':' || amount_minor || ':' || day," \
	     " ';') FROM (SELECT * FROM orders ORDER BY id)"

static void rows(struct state *st, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;
	const unsigned char *t;

	out[0] = '\0';
	if (sqlite3_prepare_v2(st->db, ROWS, -1, &s, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW && (t = sqlite3_column_text(s, 0)))
		snprintf(out, outlen, "%s", (const char *)t);
	sqlite3_finalize(s);
}

static int no_reject(void *ctx, const char *path, long line, const char *severity,
		     const char *code, const char *message)
{
	(void)ctx, (void)path, (void)line, (void)severity, (void)code, (void)message;
	return 0;
}

static int no_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	(void)ctx, (void)currency, (void)fate, (void)reason, (void)rows, (void)amount;
	return 0;
}

/* a deposit of sales of orders ids[0..n) (amount 100 + i each) */
static void sales(struct deposit *d, const char *platform, const char *id,
		  const char *const *ids, size_t n)
{
	size_t i;

	deposit_init(d, platform, id, "f.csv");
	snprintf(d->currency, sizeof(d->currency), "USD");
	snprintf(d->deposit_date, sizeof(d->deposit_date), "2024-01-15");
	d->header_line = 1;
	for (i = 0; i < n; i++) {
		struct event e;

		memset(&e, 0, sizeof(e));
		e.line = (uint32_t)(i + 2);
		e.amount = 100 + (int64_t)i;
		e.kind = EV_SALE;
		date_parse_ymd(&e.posted_days, "2024-01-10");
		strpool_intern(&d->pool, "Order", 5, &e.ttype);
		strpool_intern(&d->pool, "ItemPrice", 9, &e.atype);
		strpool_intern(&d->pool, "Principal", 9, &e.adesc);
		strpool_intern(&d->pool, ids[i], strlen(ids[i]), &e.order_id);
		deposit_add(d, &e);
		d->total += e.amount;
	}
}

static void join_init(struct join *j, struct state *st, const struct mappings *m,
		      struct ll_err *err)
{
	memset(j, 0, sizeof(*j));
	j->st = st;
	j->m = m;
	j->err = err;
	j->reject = no_reject;
	j->fate = no_fate;
}

static const char *const a_ids[] = { "A-1", "A-2", "A-3" };
static const char *const b_ids[] = { "B-9", "B-8", "B-7", "B-6", "B-5" };
static const char *const c_ids[] = { "A-2", "C-1" };

/* The same deposits through join_index and through store_orders_put
 * each: the same rows, row for row. */
static void test_rows_as_put(const struct mappings *m)
{
	struct ll_err err = LL_ERR_INIT;
	char dir1[256], dir2[256], got[4096], want[4096];
	struct state *st = fx_open(dir1), *ref = fx_open(dir2);
	struct deposit a, b, c;
	struct store_order o[8];
	struct join j;
	size_t i;

	if (!st || !ref)
		return;
	sales(&a, "amazon", "S1", a_ids, 3);
	sales(&b, "amazon", "S2", b_ids, 5);
	sales(&c, "amazon", "S1", c_ids, 2);
	join_init(&j, st, m, &err);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(join_index(&j, &a, 1, 5, "amazon-settlement"), 0);
	CHECK_INT(join_index(&j, &b, 1, 6, "amazon-settlement"), 0);
	CHECK_INT(join_index(&j, &a, 1, 0, "amazon-settlement"), 0); /* of no settlement */
	/* settlement 6, the highest, again (a file read again in the run):
	 * replaced */
	CHECK_INT(join_index(&j, &c, 1, 6, "amazon-settlement"), 0);
	CHECK_INT(join_file_end(&j, "f.csv"), 0);
	CHECK_INT(state_commit(st, &err), 0);
	join_free(&j);

	/* the reference: each deposit's rows by store_orders_put */
	CHECK_INT(state_begin(ref, &err), 0);
	{
		const struct {
			const struct deposit *d;
			const char *const *ids;
			size_t n;
			int64_t sid;
		} put[] = { { &a, a_ids, 3, 5 }, { &b, b_ids, 5, 6 }, { &a, a_ids, 3, 0 },
			    { &c, c_ids, 2, 6 } };
		size_t k;

		for (k = 0; k < sizeof(put) / sizeof(put[0]); k++) {
			size_t n = 0;

			/* join_index's order: the order ids as the deposit first
			 * names them (its string pool's) */
			for (i = 0; i < put[k].n; i++) {
				memset(&o[n], 0, sizeof(o[0]));
				o[n].platform = "amazon";
				o[n].shop = "";
				o[n].order_id = put[k].ids[i];
				o[n].role = "sale";
				o[n].format = "amazon-settlement";
				o[n].gateway = "";
				o[n].day = "2024-01-10";
				o[n].currency = "USD";
				o[n].amount_minor = 100 + (int64_t)i;
				o[n].source_id = 1;
				n++;
			}
			CHECK_INT(store_orders_put(ref, put[k].sid, o, n, &err), 0);
		}
	}
	CHECK_INT(state_commit(ref, &err), 0);
	rows(st, got, sizeof(got));
	rows(ref, want, sizeof(want));
	CHECK(got[0] != '\0');
	CHECK_STR(got, want);
	/* settlement 6 holds c's orders only */
	CHECK(strstr(got, "B-9:sale:6") == NULL);
	CHECK(strstr(got, "C-1:sale:6") != NULL);
	deposit_free(&a);
	deposit_free(&b);
	deposit_free(&c);
	fx_close(st, dir1);
	fx_close(ref, dir2);
}

/* A rolled-back file's orders are not written by the next file's end. */
static void test_discard(const struct mappings *m)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256], got[4096];
	struct state *st = fx_open(dir);
	struct deposit a, b;
	struct join j;

	if (!st)
		return;
	sales(&a, "amazon", "S1", a_ids, 3);
	sales(&b, "amazon", "S2", b_ids, 1);
	join_init(&j, st, m, &err);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(join_index(&j, &a, 1, 5, "amazon-settlement"), 0);
	state_rollback(st);
	join_discard(&j);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(join_index(&j, &b, 2, 6, "amazon-settlement"), 0);
	CHECK_INT(join_file_end(&j, "g.csv"), 0);
	CHECK_INT(state_commit(st, &err), 0);
	rows(st, got, sizeof(got));
	CHECK_STR(got, "1:amazon:B-9:sale:6:2:100:2024-01-10");
	join_free(&j);
	deposit_free(&a);
	deposit_free(&b);
	fx_close(st, dir);
}

/* eBay: an orders report's order that a transaction report read just
 * before holds is taken out, its rows not written yet. */
static void test_lookup(const struct mappings *m)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256], got[4096];
	struct state *st = fx_open(dir);
	struct deposit tx, ord;
	const char *why = NULL;
	struct join j;
	static const char *const one[] = { "11-22" };

	if (!st)
		return;
	sales(&tx, "ebay", "T1", one, 1);
	sales(&ord, "ebay", "O1", one, 1);
	ord.day_summary = 1;
	join_init(&j, st, m, &err);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(join_index(&j, &tx, 1, 3, "ebay-transaction-report"), 0);
	CHECK_INT(join_before(&j, &ord, 2, "ebay-orders-report", &why), JOIN_LEAVE);
	CHECK_STR(why ? why : "", "in-another-export");
	CHECK_INT(join_file_end(&j, "o.csv"), 0);
	CHECK_INT(state_commit(st, &err), 0);
	rows(st, got, sizeof(got));
	CHECK_STR(got, "1:ebay:11-22:sale:3:1:100:2024-01-10");
	join_free(&j);
	deposit_free(&tx);
	deposit_free(&ord);
	fx_close(st, dir);
}

#define ROLE_ROWS "SELECT group_concat(order_id || ':' || role || ':' || amount_minor || ':'" \
	" || day || ':' || gateway || ':' || currency, ';') FROM (SELECT * FROM orders ORDER BY id)"

/* one event of order id: kind, EVF_STORE when store, amount, day */
static void ev(struct deposit *d, const char *id, enum event_kind kind, int store,
	       int64_t amount, const char *day)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)(d->nev + 2);
	e.amount = amount;
	e.kind = kind;
	e.flags = store ? EVF_STORE : 0;
	date_parse_ymd(&e.posted_days, day);
	strpool_intern(&d->pool, "Order", 5, &e.ttype);
	strpool_intern(&d->pool, "ItemPrice", 9, &e.atype);
	strpool_intern(&d->pool, "Principal", 9, &e.adesc);
	strpool_intern(&d->pool, id, strlen(id), &e.order_id);
	deposit_add(d, &e);
	d->total += amount;
}

/*
 * A deposit's events in no order: one row per order and role, the orders
 * as the deposit first names them, each order's roles in the order of
 * their names (payment, payment-refund, refund, sale), amounts summed, the
 * first day; 48 events of 12 orders met again and again (the sort of more
 * than 16). The next deposit, of another gateway and currency, keeps its
 * own (the pending rows share their texts with the row before only when
 * they are the same).
 */
static void test_roles_sorted(const struct mappings *m)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256], got[8192], want[8192], id[16];
	struct state *st = fx_open(dir);
	struct deposit d, d2;
	struct join j;
	size_t i, len = 0;
	int r, k;

	if (!st)
		return;
	deposit_init(&d, "amazon", "S7", "f.csv");
	snprintf(d.currency, sizeof(d.currency), "USD");
	snprintf(d.deposit_date, sizeof(d.deposit_date), "2024-02-01");
	snprintf(d.gateway, sizeof(d.gateway), "Card");
	/* X: sale, refund, payment, payment-refund, met four times apart */
	ev(&d, "X", EV_SALE, 0, 1000, "2024-01-20");
	ev(&d, "Y", EV_REFUND, 0, -50, "2024-01-21");
	ev(&d, "X", EV_REFUND, 1, -30, "2024-01-19");
	ev(&d, "Y", EV_SALE, 0, 500, "2024-01-22");
	ev(&d, "X", EV_TAX, 0, 80, "2024-01-18");
	ev(&d, "X", EV_PROMOTION, 1, 20, "2024-01-25");
	ev(&d, "Y", EV_REFUND, 0, -5, "2024-01-17");
	ev(&d, "X", EV_REFUND, 0, -200, "2024-01-26");
	ev(&d, "Z", EV_FEE, 0, -3, "2024-01-10"); /* no role: no row */
	/* 12 orders, each met four times, backwards each round */
	for (r = 0; r < 4; r++)
		for (k = 11; k >= 0; k--) {
			snprintf(id, sizeof(id), "N%02d", (k * 7) % 12);
			ev(&d, id, r % 2 ? EV_REFUND : EV_SALE, 0, (int64_t)(k + 1) * (r + 1),
			   r == 2 ? "2024-01-05" : "2024-01-15");
		}
	deposit_init(&d2, "amazon", "S8", "f.csv");
	snprintf(d2.currency, sizeof(d2.currency), "EUR");
	snprintf(d2.deposit_date, sizeof(d2.deposit_date), "2024-02-02");
	ev(&d2, "X", EV_SALE, 0, 7, "2024-01-20");
	join_init(&j, st, m, &err);
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(join_index(&j, &d, 1, 5, "amazon-settlement"), 0);
	CHECK_INT(join_index(&j, &d2, 1, 6, "amazon-settlement"), 0);
	CHECK_INT(join_file_end(&j, "f.csv"), 0);
	CHECK_INT(state_commit(st, &err), 0);
	{
		sqlite3_stmt *s = NULL;

		got[0] = '\0';
		if (sqlite3_prepare_v2(st->db, ROLE_ROWS, -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
			snprintf(got, sizeof(got), "%s", (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	len += (size_t)snprintf(want + len, sizeof(want) - len,
				"X:payment:20:2024-01-25:Card:USD;"
				"X:payment-refund:-30:2024-01-19:Card:USD;"
				"X:refund:-200:2024-01-26:Card:USD;"
				"X:sale:1080:2024-01-18:Card:USD;"
				"Y:refund:-55:2024-01-17:Card:USD;"
				"Y:sale:500:2024-01-22:Card:USD");
	/* first named in the first round: (k * 7) % 12 for k = 11 .. 0 */
	for (i = 0; i < 12; i++) {
		int n = (int)((11 - i) * 7 % 12), kk;
		int64_t sale = 0, refund = 0;

		for (kk = 0; kk < 12; kk++)
			if ((kk * 7) % 12 == n) {
				sale = (int64_t)(kk + 1) * (1 + 3);   /* rounds 0, 2 */
				refund = (int64_t)(kk + 1) * (2 + 4); /* rounds 1, 3 */
			}
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					";N%02d:refund:%lld:2024-01-15:Card:USD"
					";N%02d:sale:%lld:2024-01-05:Card:USD",
					n, (long long)refund, n, (long long)sale);
	}
	snprintf(want + len, sizeof(want) - len, ";X:sale:7:2024-01-20::EUR");
	CHECK_STR(got, want);
	join_free(&j);
	deposit_free(&d);
	deposit_free(&d2);
	fx_close(st, dir);
}

int main(void)
{
	struct mappings *m = NULL;
	struct ll_err err = LL_ERR_INIT;
	char path[512];
	size_t i;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	tap_write(tmpdir, "settings.json", "{}");
	tap_write(tmpdir, "amazon.csv", MAP_CSV);
	tap_write(tmpdir, "ebay.csv", MAP_CSV);
	if (mappings_load(&m, tmpdir, &err)) {
		printf("# mappings: %s\n", err.msg);
		CHECK(0);
		return tap_done();
	}
	test_rows_as_put(m);
	test_discard(m);
	test_lookup(m);
	test_roles_sorted(m);
	mappings_free(m);
	for (i = 0; i < sizeof(map_files) / sizeof(map_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, map_files[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	return tap_done();
}
