/*
 * store_floor.c - what writing a plan's rows costs in SQLite alone.
 *
 * Issue 15 asks for 20x a plain Python script that sums an export per
 * deposit and writes nothing. ledgerlift keeps every document, line and
 * order in the state file, so that a migration killed at any moment
 * resumes with nothing posted twice. This benchmark measures the floor of
 * that design: the state file's real schema (state_open), one transaction,
 * statements prepared once, and rows of the sizes a PayPal plan writes (a
 * bank transaction a payment: a document with its 466-byte body, two
 * lines, an order row), with nothing parsed, mapped or rendered; then, as
 * a plan does, each document's batch_id set in document order.
 *
 *   bench/store_floor ROWS [DIR]      (prints seconds for each step)
 *
 * No parsing at all: whatever its parsers do, ledgerlift writing the same
 * rows can gain on this only by how it groups them into statements (its
 * INSERTs take 64 rows each; these take one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/state.h"
#include "store/store_int.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* the state file and what SQLite and ledgerlift keep beside it */
static void remove_state(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", ".clean", ".lock" };
	char p[600];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, ext[i]);
		unlink(p);
	}
}

static int prep(sqlite3 *db, sqlite3_stmt **s, const char *sql)
{
	if (sqlite3_prepare_v2(db, sql, -1, s, NULL) == SQLITE_OK)
		return 0;
	fprintf(stderr, "store_floor: %s\n", sqlite3_errmsg(db));
	return -1;
}

static int step(sqlite3 *db, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "store_floor: %s\n", sqlite3_errmsg(db));
	return -1;
}

int main(int argc, char **argv)
{
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	sqlite3_stmt *doc = NULL, *line = NULL, *ord = NULL, *bat = NULL;
	char path[512], key[64], num[48], src[96], body[467];
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	double t0, t1, t2;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/store_floor_%ld.db", dir, (long)getpid());
	if (n <= 0 || state_open(&st, path, &err)) {
		fprintf(stderr, "usage: store_floor ROWS [DIR] (%s)\n", err.msg);
		return 2;
	}
	db = st->db; /* store_int.h: the benchmark is a store insider */
	memset(body, 'x', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	if (prep(db, &doc, "INSERT INTO documents(settlement_id, natural_key, kind,"
		 " xero_type, number, reference, contact, date, currency, total_minor,"
		 " signed_minor, status, content_hash, body, source_rows, run_id, body_len)"
		 " VALUES(?1,?2,'BankTransaction','RECEIVE',?3,?3,'Test Buyer','2024-01-01',"
		 "'EUR',8122,8122,'planned','6c9ffb2e5a871b4e2972e59b94c7d3bf',?4,?5,1,466)") ||
	    prep(db, &line, "INSERT INTO lines(document_id, line_no, category, account_code,"
		 " tax_type, description, amount_minor, event_count, source_rows, net_minor,"
		 " tax_minor) VALUES(?1,?2,'*/Payment/*','2510','OUTPUT2',"
		 "'PayPal payments received',8400,1,?3,0,0)") ||
	    prep(db, &ord, "INSERT INTO orders(platform, shop, order_id, order_key, role,"
		 " format, source_id, settlement_id, day, currency, amount_minor)"
		 " VALUES('paypal','',?1,?1,'sale','paypal-activity',1,?2,'2024-01-01','USD',3875)") ||
	    prep(db, &bat, "UPDATE documents SET batch_id=?1 WHERE id=?2"))
		return 1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	t0 = now();
	for (i = 0; i < n; i++) {
		int64_t id;

		snprintf(key, sizeof(key), "paypal:2024-01-01 EUR:row:LLPV24%014ld", i);
		snprintf(num, sizeof(num), "PayPal LLPV24%014ld", i);
		snprintf(src, sizeof(src), "/tmp/ll-bench/paypal-r200000-s1/data/"
			 "Download-2024.CSV:%ld", i + 2);
		sqlite3_bind_int64(doc, 1, 1 + i / 700);
		sqlite3_bind_text(doc, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(doc, 3, num, -1, SQLITE_STATIC);
		sqlite3_bind_text(doc, 4, body, -1, SQLITE_STATIC);
		sqlite3_bind_text(doc, 5, src, -1, SQLITE_STATIC);
		if (step(db, doc))
			return 1;
		id = sqlite3_last_insert_rowid(db);
		for (int l = 1; l <= 2; l++) {
			sqlite3_bind_int64(line, 1, id);
			sqlite3_bind_int64(line, 2, l);
			sqlite3_bind_text(line, 3, src, -1, SQLITE_STATIC);
			if (step(db, line))
				return 1;
		}
		snprintf(key, sizeof(key), "%010ld", 2024000000 + i);
		sqlite3_bind_text(ord, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ord, 2, 1 + i / 700);
		if (step(db, ord))
			return 1;
	}
	t1 = now();
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(bat, 1, 1 + i / 50);
		sqlite3_bind_int64(bat, 2, i + 1);
		if (step(db, bat))
			return 1;
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t2 = now();
	printf("store_floor: %ld documents (466-byte bodies), %ld lines, %ld orders\n", n,
	       2 * n, n);
	printf("  insert %.2f s   batch_id %.2f s   total %.2f s   (%.0f documents/s)\n",
	       t1 - t0, t2 - t1, t2 - t0, (double)n / (t2 - t0));
	sqlite3_finalize(doc);
	sqlite3_finalize(line);
	sqlite3_finalize(ord);
	sqlite3_finalize(bat);
	state_close(st);
	remove_state(path);
	return 0;
}
