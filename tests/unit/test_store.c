/*
 * test_store.c - the state file's query functions, table by table, on a
 * real SQLite file in a temporary folder: runs, meta, rejects, calls,
 * sources, settlements, documents (versions, supersede, replannable),
 * batches, posting outcomes, take-backs, the read views; and the one
 * error helper (a failing write names the state file and SQLite's message).
 */
#include "fixture.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "store/batches.h"
#include "store/calls.h"
#include "store/completeness.h"
#include "store/documents.h"
#include "store/lock.h"
#include "store/meta.h"
#include "store/orders.h"
#include "store/posting.h"
#include "store/read.h"
#include "store/rejects.h"
#include "store/runs.h"
#include "store/settlements.h"
#include "store/sources.h"
#include "store/store_int.h" /* state_exec: settlement rows as the tests need them */
#include "store/takeback.h"
#include "util/intr.h"

/* ---- helpers collecting what the callbacks hand over ---- */

struct texts {
	char v[16][200];
	int n;
};

static int run_text(void *ctx, const struct store_run *r)
{
	struct texts *t = ctx;

	if (t->n < 16)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%lld %s %s %s %s", (long long)r->id,
			 r->command, r->mode ? r->mode : "-", r->status,
			 r->has_exit ? "exit" : "-");
	return 0;
}

/* "<status>|<note>" of a run */
static int run_note(void *ctx, const struct store_run *r)
{
	struct texts *t = ctx;

	if (t->n < 16)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s|%s", r->status,
			 r->note ? r->note : "-");
	return 0;
}

static int msg_text(void *ctx, const char *m)
{
	struct texts *t = ctx;

	if (t->n < 16)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s", m);
	return 0;
}

static int key_text(void *ctx, const char *key, int64_t id)
{
	struct texts *t = ctx;

	if (t->n < 16)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s=%lld", key, (long long)id);
	return 0;
}

static int row_text(void *ctx, const struct store_row *row)
{
	struct texts *t = ctx;
	size_t len = 0;
	int i;

	if (t->n >= 16)
		return 0;
	for (i = 0; i < row->n && len < sizeof(t->v[0]) - 40; i++) {
		const struct store_value *v = &row->v[i];

		len += (size_t)snprintf(t->v[t->n] + len, sizeof(t->v[0]) - len, "%s",
					i ? "|" : "");
		if (v->type == STORE_INT)
			len += (size_t)snprintf(t->v[t->n] + len, sizeof(t->v[0]) - len,
						"%lld", (long long)v->i);
		else if (v->type == STORE_TEXT)
			len += (size_t)snprintf(t->v[t->n] + len, sizeof(t->v[0]) - len,
						"%.*s", (int)(v->len > 60 ? 60 : v->len), v->s);
		else
			len += (size_t)snprintf(t->v[t->n] + len, sizeof(t->v[0]) - len, "~");
	}
	t->n++;
	return 0;
}

static int stop_at_first(void *ctx, const struct store_run *r)
{
	(void)ctx;
	(void)r;
	return 7;
}

/* ---- runs, meta, rejects, calls ---- */

static void test_runs_meta(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct texts t = { .n = 0 };
	char v[64];

	CHECK(state_run_id(st) == 1);
	CHECK_INT(store_run_finish(st, "done", 3, &err), 0);
	CHECK_INT(store_run_start(st, "undo", NULL, "[\"--run\",\"1\"]", &err), 0);
	CHECK(state_run_id(st) == 2);
	CHECK_INT(store_run_find(st, 1, run_text, &t, &err), 1);
	CHECK_INT(store_run_find(st, 0, run_text, &t, &err), 1);
	CHECK_INT(store_run_find(st, 9, run_text, &t, &err), 0);
	CHECK_STR(t.v[0], "1 plan settlement done exit");
	CHECK_STR(t.v[1], "2 undo - running -");
	t.n = 0;
	CHECK_INT(store_run_recent(st, 1, run_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "2 undo - running -");
	t.n = 0;
	CHECK_INT(store_run_last_plan(st, run_text, &t, &err), 1);
	CHECK_STR(t.v[0], "1 plan settlement done exit");
	/* a callback's non-zero return stops and comes back */
	CHECK_INT(store_run_recent(st, 5, stop_at_first, NULL, &err), 7);

	CHECK_INT(store_meta_read(st, "plan_key", v, sizeof(v), &err), 0);
	CHECK_STR(v, "");
	CHECK_INT(store_meta_write(st, "plan_key", "abc/settings/GB", &err), 0);
	CHECK_INT(store_meta_write(st, "plan_key", "def", &err), 0);
	CHECK_INT(store_meta_read(st, "plan_key", v, sizeof(v), &err), 0);
	CHECK_STR(v, "def");
	CHECK_INT(store_meta_read(st, "ledgerlift_version", v, sizeof(v), &err), 0);
	CHECK(v[0] != '\0');
}

static void test_rejects_calls(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct texts t = { .n = 0 };
	long errors = 0, warnings = 0;
	long long calls = 0, limited = 0;
	char today[32];
	int64_t src = 0;

	CHECK_INT(store_source_start(st, "in/r.txt", 10, 20, &src, &err), 0);
	CHECK_INT(store_reject_add(st, src, "in/r.txt", 3, "error", "bad-amount", "x", &err), 0);
	CHECK_INT(store_reject_add(st, src, "in/r.txt", 0, "warning", "would-change",
				   "document A is posted (would change 1 posted document)", &err),
		  0);
	CHECK_INT(store_reject_add(st, src, "in/r.txt", 0, "note", "redated", "n", &err), 0);
	CHECK_INT(store_reject_add(st, 0, NULL, 0, "warning", "sales-twice", "w", &err), 0);
	CHECK_INT(store_reject_count_run(st, state_run_id(st), &errors, &warnings, &err), 0);
	CHECK_INT(errors, 1);
	CHECK_INT(warnings, 2); /* the note does not count */
	CHECK_INT(store_reject_has_repost(st, src, &err), 1);
	CHECK_INT(store_reject_would_change(st, 0, msg_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(strstr(t.v[0], "(would change 1") != NULL);
	CHECK_INT(store_reject_clear(st, src, "would-change", &err), 0);
	CHECK_INT(store_reject_has_repost(st, src, &err), 0);
	CHECK_INT(store_reject_count_run(st, state_run_id(st), &errors, &warnings, &err), 0);
	CHECK_INT(errors, 1);
	CHECK_INT(warnings, 1);
	CHECK_INT(store_reject_clear(st, src, NULL, &err), 0);
	CHECK_INT(store_reject_count_run(st, state_run_id(st), &errors, &warnings, &err), 0);
	CHECK_INT(errors, 0);
	CHECK_INT(warnings, 1); /* the run-level warning stays */

	/* a later run checks again: the earlier run's run-level rejects of
	 * that code move to the history, marked resolved by it; its own and
	 * those of other codes stay */
	{
		int64_t first = state_run_id(st), h = 0;

		CHECK_INT(store_reject_add(st, 0, NULL, 0, "error", "preflight", "p1", &err), 0);
		CHECK_INT(store_run_start(st, "run", "settlement", "[]", &err), 0);
		CHECK_INT(store_reject_retire(st, "preflight", 0, &err), 0);
		CHECK_INT(store_reject_add(st, 0, NULL, 0, "error", "preflight", "p2", &err), 0);
		CHECK_INT(store_read_count(st, STORE_COUNT_HISTORY, &h, &err), 0);
		CHECK_INT(h, 1);
		t.n = 0;
		CHECK_INT(store_read_view(st, STORE_VIEW_HISTORY, row_text, &t, &err), 0);
		CHECK_INT(t.n, 1);
		snprintf(today, sizeof(today), "%lld|%lld|error|preflight||0|p1", (long long)first,
			 (long long)state_run_id(st));
		CHECK_STR(t.v[0], today);
		t.n = 0;
		CHECK_INT(store_read_view(st, STORE_VIEW_REJECTS, row_text, &t, &err), 0);
		CHECK_INT(t.n, 2); /* the sales-twice warning, and p2 of this run */
		CHECK(strstr(t.v[0], "|p2|") || strstr(t.v[1], "|p2|"));
		CHECK(!strstr(t.v[0], "|p1|") && !strstr(t.v[1], "|p1|"));
		/* again in the same run: nothing of its own moves */
		CHECK_INT(store_reject_retire(st, "preflight", 0, &err), 0);
		CHECK_INT(store_read_count(st, STORE_COUNT_HISTORY, &h, &err), 0);
		CHECK_INT(h, 1);
		t.n = 0;
	}

	store_call_log(st, "PUT", "Invoices?summarizeErrors=false", 200, 1, 12, NULL);
	store_call_log(st, "PUT", "Invoices?summarizeErrors=false", 429, 1, 3, "minute");
	store_call_log(st, "POST", "connect/token", 200, 1, 5, NULL);
	state_now(today);
	today[10] = '\0';
	CHECK_INT(store_call_count_day(st, today, &calls, &limited, &err), 0);
	CHECK_INT(calls, 2);    /* token calls aside */
	CHECK_INT(limited, 1);
	CHECK_INT(store_call_count_day(st, "1999-01-01", &calls, &limited, &err), 0);
	CHECK_INT(calls, 0);
}

/* ---- sources and settlements ---- */

static int sales_pair(void *ctx, const struct store_sales_twice *p)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %d %s %s", p->woo_path,
		 p->paypal_path, p->days, p->first, p->last);
	return 0;
}

static void test_sources_settlements(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_source src;
	struct store_source_end e = { "amazon-settlement-v2", "parsed", "", 40, 1,
				      "2024-01-01", "2024-01-31", "0123456789abcdef" };
	struct store_settlement_seen seen;
	struct texts t = { .n = 0 };
	struct deposit d;
	int64_t id = 0, id2 = 0, sid = 0, sid2 = 0, sum = 777;
	char fmt[64];

	CHECK_INT(store_source_find(st, "in/s.txt", &src, &err), 0);
	CHECK_INT(store_source_start(st, "in/s.txt", 100, 200, &id, &err), 0);
	CHECK_INT(store_source_finish(st, id, &e, &err), 0);
	CHECK_INT(store_source_find(st, "in/s.txt", &src, &err), 1);
	CHECK(src.id == id && src.size == 100 && src.mtime == 200);
	CHECK_STR(src.status, "parsed");
	store_source_format(st, id, fmt, sizeof(fmt));
	CHECK_STR(fmt, "amazon-settlement-v2");
	/* read again: the same row, reset */
	CHECK_INT(store_source_start(st, "in/s.txt", 101, 201, &id2, &err), 0);
	CHECK(id2 == id);
	store_source_format(st, id, fmt, sizeof(fmt));
	CHECK_STR(fmt, "");
	CHECK_INT(store_source_finish(st, id, &e, &err), 0);
	CHECK_INT(store_source_unchanged(st, id, &err), 0);
	CHECK_INT(store_source_find(st, "in/s.txt", &src, &err), 1);
	CHECK_STR(src.status, "unchanged");

	/* a new deposit: a plain insert; seen again: the same row, updated */
	CHECK_INT(store_settlement_find(st, "amazon", "S1", &seen, &err), 0);
	fx_deposit(&d, "amazon", "S1", "USD", 1000, 4);
	CHECK_INT(store_settlement_put(st, &d, id, "tied", "", 1, &sid, &err), 0);
	CHECK_INT(store_settlement_find(st, "amazon", "S1", &seen, &err), 1);
	CHECK(seen.id == sid && seen.source_id == id && seen.deposit_minor == 1000 &&
	      seen.event_count == 4 && seen.posted == 0 && !seen.partial &&
	      seen.has_currency);
	CHECK_STR(seen.status, "tied");
	CHECK_STR(seen.hash, "h-S1");
	CHECK_STR(seen.path, "in/s.txt");
	CHECK_STR(seen.format, "amazon-settlement-v2");
	CHECK_STR(seen.currency, "USD");
	d.total = 999;
	CHECK_INT(store_settlement_put(st, &d, id, "untied", "partial: some", 0, &sid2, &err),
		  0);
	CHECK(sid2 == sid);
	CHECK_INT(store_settlement_find(st, "amazon", "S1", &seen, &err), 1);
	CHECK(seen.deposit_minor == 999 && seen.partial);
	CHECK_STR(seen.status, "untied");
	/* a second fresh insert under the same id is refused (UNIQUE) */
	CHECK_INT(store_settlement_put(st, &d, id, "tied", "", 1, &sid2, &err), LL_ERROR);
	CHECK(strstr(err.msg, "state file: ") != NULL);
	CHECK_STR(err.file, state_path(st));
	ll_err_clear(&err);

	/* documents_minor: given, or summed from the documents */
	fx_insert(st, sid, "Invoice", "amazon:S1:Invoice:1", "A-1", "2024-01-15", 500, 0);
	fx_insert(st, sid, "CreditNote", "amazon:S1:CreditNote:1", "A-CN1", "2024-01-15", 100,
		  0);
	CHECK_INT(store_settlement_set_documents(st, sid, &sum, &err), 0);
	CHECK_INT(store_settlement_set_documents(st, sid, NULL, &err), 0);
	t.n = 0;
	CHECK_INT(store_read_view(st, STORE_VIEW_SETTLEMENTS, row_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(strstr(t.v[0], "amazon|S1|") == t.v[0]);
	/* untied wins over the documents' sum; no lines; the first document
	 * is the first row of Documents */
	CHECK(strstr(t.v[0],
		      "|999|1000|400|599|rows do not tie|4|2|0|~|~|partial: some|in/s.txt|1|~"));

	/* the same source sent nothing yet; unsent settlements are dropped */
	CHECK_INT(store_source_sent(st, id, &err), 0);
	CHECK_INT(store_source_drop_unsent(st, id, &err), 0);
	CHECK_INT(store_settlement_find(st, "amazon", "S1", &seen, &err), 0);

	/* WooCommerce days paid through PayPal inside PayPal transfers */
	{
		int64_t w = 0, p = 0, s1 = 0, s2 = 0;

		CHECK_INT(store_source_start(st, "in/woo.csv", 1, 1, &w, &err), 0);
		CHECK_INT(store_source_start(st, "in/pp.csv", 1, 1, &p, &err), 0);
		fx_deposit(&d, "woocommerce", "2024-01-03 PayPal Checkout x", "USD", 10, 1);
		snprintf(d.start_date, sizeof(d.start_date), "2024-01-03");
		CHECK_INT(store_settlement_put(st, &d, w, "tied", "", 1, &s1, &err), 0);
		fx_deposit(&d, "paypal", "T1", "USD", 10, 1);
		CHECK_INT(store_settlement_put(st, &d, p, "tied", "", 1, &s2, &err), 0);
		t.n = 0;
		CHECK_INT(store_settlement_sales_twice(st, sales_pair, &t, &err), 0);
		CHECK_INT(t.n, 1);
		CHECK_STR(t.v[0], "in/woo.csv in/pp.csv 1 2024-01-03 2024-01-03");
	}
}

/* documents_minor of settlement sid, as the file has it */
static long long documents_minor(struct state *st, int64_t sid)
{
	sqlite3_stmt *s = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(documents_minor, -2) FROM settlements"
			       " WHERE id=?", -1, &s, NULL) != SQLITE_OK)
		return -3;
	sqlite3_bind_int64(s, 1, sid);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * store_settlement_set_documents with a sum defers the UPDATE to the
 * transaction's commit (several rows a statement, in id order): every
 * value lands, the last one of a row wins, an upsert or a summed update
 * after it still comes last, a rollback drops what it deferred, and a
 * cached statement's parameter left unbound is NULL again at its next use.
 */
static void test_settlement_deferred(void)
{
	static const char *const probe = "SELECT ?1 IS NULL";
	struct ll_err err = LL_ERR_INIT;
	char dir[256], id[32];
	struct state *st = fx_open(dir);
	struct deposit d;
	int64_t sids[70], src = 0, again = 0, sum, gone = 0, reborn = 0;
	sqlite3_stmt *s = NULL;
	int i, ok;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "in/d.csv", 1, 1, &src, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	for (i = 0; i < 70; i++) {
		snprintf(id, sizeof(id), "D%02d", i);
		fx_deposit(&d, "woocommerce", id, "USD", 100 + i, 1);
		CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &sids[i], &err), 0);
	}
	/* out of id order, row 5 twice (the second wins) */
	for (i = 69; i >= 0; i--) {
		sum = 1000 + i;
		CHECK_INT(store_settlement_set_documents(st, sids[i], &sum, &err), 0);
	}
	sum = 55555;
	CHECK_INT(store_settlement_set_documents(st, sids[5], &sum, &err), 0);
	/* row 8 summed from its documents (none: 0), row 7 seen again (an
	 * upsert: documents_minor 0), both after their deferred values; row 9
	 * deferred last (written by the commit alone) */
	CHECK_INT(store_settlement_set_documents(st, sids[8], NULL, &err), 0);
	sum = 777;
	CHECK_INT(store_settlement_set_documents(st, sids[7], &sum, &err), 0);
	fx_deposit(&d, "woocommerce", "D07", "USD", 107, 1);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 0, &again, &err), 0);
	CHECK(again == sids[7]);
	sum = 99999;
	CHECK_INT(store_settlement_set_documents(st, sids[9], &sum, &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	for (i = 0, ok = 1; i < 70; i++) {
		long long want = i == 5	  ? 55555
				 : i == 9 ? 99999
				 : i == 7 || i == 8 ? 0 : 1000 + i;

		if (documents_minor(st, sids[i]) != want) {
			ok = 0;
			printf("# settlement %d: documents_minor %lld, want %lld\n", i,
			       documents_minor(st, sids[i]), want);
		}
	}
	CHECK(ok);

	/* a rolled-back transaction's values go with it (not onto the row
	 * that takes the same id next) */
	CHECK_INT(state_begin(st, &err), 0);
	fx_deposit(&d, "woocommerce", "GONE", "USD", 1, 1);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &gone, &err), 0);
	sum = 4242;
	CHECK_INT(store_settlement_set_documents(st, gone, &sum, &err), 0);
	state_rollback(st);
	CHECK_INT(state_begin(st, &err), 0);
	fx_deposit(&d, "woocommerce", "REBORN", "USD", 1, 1);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &reborn, &err), 0);
	CHECK(reborn == gone);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(documents_minor(st, reborn), 0);

	/* outside a transaction the value is written at once */
	sum = 31;
	CHECK_INT(store_settlement_set_documents(st, sids[0], &sum, &err), 0);
	CHECK_INT(documents_minor(st, sids[0]), 31);

	/* a cached statement comes back without the bindings of its last use */
	CHECK_INT(state_stmt(st, &s, probe, &err), 0);
	sqlite3_bind_int(s, 1, 1);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 0);
	state_done(st, s);
	CHECK_INT(state_stmt(st, &s, probe, &err), 0);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 1);
	state_done(st, s);
	fx_close(st, dir);
}

/*
 * The deferred documents_minor values are bounded, not held for the whole
 * transaction: a file of 200k deposits (WooCommerce's refunds) is one
 * transaction, and holding them all grew with the file (4.8 MB at 1M
 * rows). Past 4,096 waiting, they are written in the same transaction.
 */
static void test_settlement_deferred_bounded(void)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256], id[32];
	struct state *st = fx_open(dir);
	struct deposit d;
	int64_t sid = 0, src = 0, sum, first = 0;
	long written = -1;
	sqlite3_stmt *s = NULL;
	int i;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "in/b.csv", 1, 1, &src, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "B%04d", i);
		fx_deposit(&d, "woocommerce", id, "USD", 100, 1);
		CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &sid, &err), 0);
		if (!first)
			first = sid;
		sum = 7;
		CHECK_INT(store_settlement_set_documents(st, sid, &sum, &err), 0);
	}
	/* still inside the transaction: most of them are on their rows */
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM settlements WHERE documents_minor=7",
			       -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		written = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (written < 4096)
		printf("# %ld of 5000 written before the commit\n", written);
	CHECK(written >= 4096);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(documents_minor(st, first), 7);
	CHECK_INT(documents_minor(st, sid), 7);
	fx_close(st, dir);
}

/*
 * The writer holding the lock answers store_settlement_find (and _content)
 * for a deposit never recorded from a set of the table's keys: a recorded one (this
 * process, an earlier one, past the set's growth) is still found, a
 * rolled-back one is not, and can be recorded again.
 */
static void test_settlement_keys(void)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256], db[320], id[32];
	struct state *st = NULL;
	struct store_settlement_seen seen;
	struct deposit d;
	int64_t src = 0, sid = 0, a = 0;
	int i, missed = 0, found = 0;

	snprintf(dir, sizeof(dir), "/tmp/ll_test_store_XXXXXX");
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(db, sizeof(db), "%s/state.db", dir);
	CHECK_INT(state_open_held(&st, db, "plan", 0, &err), 0);
	if (!st)
		return;
	CHECK_INT(store_source_start(st, "in/k.csv", 1, 1, &src, &err), 0);
	CHECK_INT(store_settlement_find(st, "woocommerce", "A", &seen, &err), 0);
	fx_deposit(&d, "woocommerce", "A", "USD", 5, 1);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &a, &err), 0);
	CHECK_INT(store_settlement_find(st, "woocommerce", "A", &seen, &err), 1);
	CHECK(seen.id == a && seen.deposit_minor == 5);
	CHECK_INT(store_settlement_find(st, "paypal", "A", &seen, &err), 0);
	CHECK_INT(store_settlement_find_content(st, "woocommerce", "h-A", &seen, &err), 1);
	CHECK(seen.id == a);
	CHECK_INT(store_settlement_find_content(st, "woocommerce", "h-Z", &seen, &err), 0);
	/* rolled back: not found, recorded again */
	CHECK_INT(state_begin(st, &err), 0);
	fx_deposit(&d, "woocommerce", "B", "USD", 6, 1);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &sid, &err), 0);
	state_rollback(st);
	CHECK_INT(store_settlement_find(st, "woocommerce", "B", &seen, &err), 0);
	CHECK_INT(store_settlement_put(st, &d, src, "tied", "", 1, &sid, &err), 0);
	CHECK_INT(store_settlement_find(st, "woocommerce", "B", &seen, &err), 1);
	/* past the set's first size */
	CHECK_INT(state_begin(st, &err), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "M%d", i);
		fx_deposit(&d, "woocommerce", id, "USD", i, 1);
		if (store_settlement_put(st, &d, src, "tied", "", 1, &sid, &err))
			missed++;
	}
	CHECK_INT(state_commit(st, &err), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(id, sizeof(id), "M%d", i);
		found += store_settlement_find(st, "woocommerce", id, &seen, &err) == 1 &&
			 seen.deposit_minor == i;
	}
	CHECK_INT(missed, 0);
	CHECK_INT(found, 3000);
	state_close(st);
	/* the next writer reads the keys from the table */
	st = NULL;
	CHECK_INT(state_open_held(&st, db, "plan", 0, &err), 0);
	if (!st)
		return;
	CHECK_INT(store_settlement_find(st, "woocommerce", "C", &seen, &err), 0);
	CHECK_INT(store_settlement_find(st, "woocommerce", "A", &seen, &err), 1);
	CHECK(seen.id == a);
	CHECK_INT(store_settlement_find(st, "woocommerce", "M2999", &seen, &err), 1);
	CHECK_INT(store_settlement_find_content(st, "woocommerce", "h-A", &seen, &err), 1);
	CHECK(seen.id == a);
	CHECK_INT(store_settlement_find_content(st, "woocommerce", "h-C", &seen, &err), 0);
	fx_close(st, dir);
}

/* ---- documents: versions, supersede, replannable ---- */

static void test_documents(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_doc_ref ref;
	struct texts t = { .n = 0 };
	int64_t sid = fx_settlement(st, 0, "D1", "USD", 300);
	int64_t a, b, c, batch = 0, versions = 0, voided = 0;
	int changed = 0;

	a = fx_insert(st, sid, "Invoice", "amazon:D1:Invoice:1", "D-1", "2024-01-15", 300, 0);
	b = fx_insert(st, sid, "Invoice", "amazon:D1:Invoice:2", "D-2", "2024-01-15", 10, 0);
	c = fx_insert(st, sid, "Invoice", "amazon:D1:Invoice:3", "D-3", "2024-01-15", 10, 0);
	CHECK(a > 0 && b == a + 1 && c == b + 1);
	CHECK_INT(store_doc_posted(st, "amazon:D1:Invoice:1", &ref, &err), 0);
	CHECK_INT(store_doc_number_taken(st, "D-1", "amazon:D1:Invoice:1", &err), 0);
	CHECK_INT(store_doc_number_taken(st, "D-1", "amazon:OTHER:Invoice:1", &err), 1);

	/* a posted; b in a batch sent with no answer (in flight); c planned */
	CHECK_INT(store_post_found(st, a, "D-1", "xid-a", &changed, &err), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(store_batch_insert(st, 1, "Invoices", &batch, &err), 0);
	CHECK_INT(store_batch_add_doc(st, batch, b, &err), 0);
	CHECK_INT(fx_claim(st, batch, "key-1"), 1);
	CHECK_INT(store_doc_posted(st, "amazon:D1:Invoice:1", &ref, &err), 1);
	CHECK(ref.id == a);
	CHECK_STR(ref.number, "D-1");
	CHECK_STR(ref.hash, "h-D-1");
	CHECK_INT(store_doc_inflight(st, "amazon:D1:Invoice:2", &ref, &err), 1);
	CHECK(ref.id == b);
	CHECK_INT(store_doc_inflight(st, "amazon:D1:Invoice:3", &ref, &err), 0);
	CHECK_INT(store_doc_posted_of(st, sid, key_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(strstr(t.v[0], "amazon:D1:Invoice:1=") == t.v[0]);

	/* a new plan replaces only c (b may be in Xero, a is) */
	CHECK_INT(store_doc_drop_replannable(st, sid, &err), 0);
	CHECK_INT(store_doc_inflight(st, "amazon:D1:Invoice:2", &ref, &err), 1);
	CHECK_INT(store_doc_number_taken(st, "D-3", "x", &err), 0);

	/* a superseded AUTHORISED version holding the number: the next is -v2 */
	CHECK_INT(store_doc_supersede(st, a, "superseded by run 1", &err), 0);
	CHECK_INT(store_doc_posted(st, "amazon:D1:Invoice:1", &ref, &err), 0);
	CHECK_INT(store_doc_versions(st, "amazon:D1:Invoice:1", "D-1", &versions, &voided,
				     &err), 0);
	CHECK_INT(versions, 1);
	CHECK_INT(voided, 0); /* its body is not AUTHORISED, nor is it voided */
	CHECK_INT(store_takeback_record(st, a, "superseded", "replaced",
					"replaced by run 2 (voided)", &err), 0);
	CHECK_INT(store_doc_versions(st, "amazon:D1:Invoice:1", "D-1", &versions, &voided,
				     &err), 0);
	CHECK_INT(versions, 1);
	CHECK_INT(voided, 1);
	CHECK_INT(store_doc_versions(st, "amazon:D1:Invoice:1", "D-1-v2", &versions, &voided,
				     &err), 0);
	CHECK_INT(voided, 0);
	/* an earlier version of the same key does not take its number */
	CHECK_INT(store_doc_number_taken(st, "D-1", "amazon:D1:Invoice:1", &err), 0);
}

/* ---- batches, posting, take-back ---- */

struct planned_list {
	int64_t id[8];
	char endpoint[8][16];
	int n;
	int bodies;
};

static int planned_batch(void *ctx, int64_t id, const char *endpoint)
{
	struct planned_list *l = ctx;

	l->id[l->n] = id;
	snprintf(l->endpoint[l->n++], sizeof(l->endpoint[0]), "%s", endpoint);
	return 0;
}

static int count_body(void *ctx, const char *body)
{
	struct planned_list *l = ctx;

	l->bodies += body && body[0] == '{';
	return 0;
}

static int unsettled(void *ctx, const struct store_unsettled *u)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s", u->number, u->endpoint);
	return 0;
}

static int batchable(void *ctx, const struct store_batchable *b)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%lld %s", (long long)b->id, b->kind);
	return 0;
}

static int takeback(void *ctx, const struct store_takeback *d)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %s", d->number, d->kind,
		 d->xero_id ? d->xero_id : "-");
	return 0;
}

static void test_posting(void)
{
	char dir[256];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct planned_list pl;
	struct store_superseded sup;
	struct texts t = { .n = 0 };
	int64_t sid, inv, pay, orphan_target, orphan, batch = 0, batch2 = 0;
	long n = 0, left = 0, posted = 0, undone = 0, seq = 0;
	int changed = 0;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "P1", "USD", 100);
	inv = fx_insert(st, sid, "Invoice", "amazon:P1:Invoice:1", "P-1", "2024-01-15", 100, 0);
	pay = fx_insert(st, sid, "Payment", "amazon:P1:Invoice:1:payment", "P-1, pay",
			"2024-01-15", 100, 0);
	orphan_target = fx_insert(st, sid, "Invoice", "amazon:P1:Invoice:2", "P-2",
				  "2024-01-15", 5, 0);
	orphan = fx_insert(st, sid, "Payment", "amazon:P1:Invoice:2:payment", "P-2, pay",
			   "2024-01-15", 5, 0);
	/* the payments wait for what they pay */
	CHECK_INT(store_batch_reset_planned(st, &err), 0);
	CHECK_INT(store_batch_each_batchable(st, batchable, &t, &err), 0);
	CHECK_INT(t.n, 2);
	CHECK(strstr(t.v[0], " Invoice") && strstr(t.v[1], " Invoice"));

	CHECK_INT(store_batch_max_seq(st, &seq, &err), 0);
	CHECK_INT(store_batch_insert(st, seq + 1, "Invoices", &batch, &err), 0);
	CHECK_INT(store_batch_add_doc(st, batch, inv, &err), 0);
	CHECK_INT(store_batch_add_doc(st, batch, orphan_target, &err), 0);
	CHECK_INT(store_batch_set_size(st, batch, 2, 100, &err), 0);
	memset(&pl, 0, sizeof(pl));
	CHECK_INT(store_batch_each_planned(st, 10, planned_batch, &pl, &err), 0);
	CHECK(pl.n >= 1 && pl.id[pl.n - 1] == batch);
	CHECK_STR(pl.endpoint[pl.n - 1], "Invoices");
	CHECK_INT(store_batch_each_body(st, batch, count_body, &pl, &err), 0);
	CHECK_INT(pl.bodies, 2);

	/* claimed, answered: one posted, one rejected; the batch is settled */
	CHECK_INT(fx_claim(st, batch, "key-2"), 1);
	CHECK_INT(store_post_answer(st, batch, "P-1", "posted", "xid-1", NULL, &changed, &err),
		  0);
	CHECK_INT(changed, 1);
	CHECK_INT(store_post_answer(st, batch, "P-1", "posted", "xid-1", NULL, &changed, &err),
		  0);
	CHECK_INT(changed, 0); /* not planned any more */
	CHECK_INT(store_batch_left(st, batch, &left, &err), 0);
	CHECK_INT(left, 1);
	CHECK_INT(store_post_answer(st, batch, "P-2", "rejected", NULL, "Account code is bad",
				    &changed, &err), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(store_batch_left(st, batch, &left, &err), 0);
	CHECK_INT(left, 0);
	CHECK_INT(store_batch_set_status(st, batch, "done", &err), 0);

	/* the payment of the rejected invoice is rejected too; the other waits
	 * no more */
	CHECK_INT(store_post_reject_orphans(st, &n, &err), 0);
	CHECK_INT(n, 1);
	t.n = 0;
	CHECK_INT(store_batch_each_batchable(st, batchable, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(atoll(t.v[0]) == pay);
	(void)orphan;

	/* sent with no answer: unsettled; looked up: not found -> re-sent */
	CHECK_INT(store_batch_insert(st, seq + 2, "Payments", &batch2, &err), 0);
	CHECK_INT(store_batch_add_doc(st, batch2, pay, &err), 0);
	CHECK_INT(fx_claim(st, batch2, "key-3"), 1);
	CHECK_INT(store_batch_set_status(st, batch2, "unknown", &err), 0);
	t.n = 0;
	CHECK_INT(store_post_each_unsettled(st, 40, unsettled, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "P-1, pay Payments");
	CHECK_INT(store_post_was_resent(st, batch2, "P-1, pay", &err), 0);
	CHECK_INT(store_post_resend(st, pay, &err), 0);
	CHECK_INT(store_batch_settle_done(st, &err), 0);
	t.n = 0;
	CHECK_INT(store_post_each_unsettled(st, 40, unsettled, &t, &err), 0);
	CHECK_INT(t.n, 0);
	/* batched again and claimed: it was re-sent; then found by a lookup */
	CHECK_INT(store_batch_add_doc(st, batch2, pay, &err), 0);
	CHECK_INT(store_post_was_resent(st, batch2, "P-1, pay", &err), 1);
	CHECK_INT(store_post_found(st, pay, "P-1, other", "xid-p", &changed, &err), 0);
	CHECK_INT(changed, 0); /* another number is another document */
	CHECK_INT(store_post_found(st, pay, "P-1, pay", "xid-p", &changed, &err), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(store_post_count_planned(st, &n, &err), 0);
	CHECK_INT(n, 0);

	/* take-back of the run: the payment first, then the invoice */
	CHECK_INT(store_takeback_count(st, state_run_id(st), &posted, &undone, &err), 0);
	CHECK_INT(posted, 2);
	CHECK_INT(undone, 0);
	t.n = 0;
	CHECK_INT(store_takeback_each(st, state_run_id(st), 1, takeback, &t, &err), 0);
	CHECK_INT(store_takeback_each(st, state_run_id(st), 0, takeback, &t, &err), 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0], "P-1, pay Payment xid-p");
	CHECK_STR(t.v[1], "P-1 Invoice xid-1");
	CHECK_INT(store_takeback_record(st, pay, "posted", "undone", "undone by run 9", &err),
		  0);
	CHECK_INT(store_takeback_record(st, inv, "posted", NULL, "not undone: PAID", &err), 0);
	CHECK_INT(store_takeback_count(st, state_run_id(st), &posted, &undone, &err), 0);
	CHECK_INT(posted, 1);
	CHECK_INT(undone, 1);

	/* a repost Xero refuses: the old version posted again, the new rejected */
	CHECK_INT(store_doc_supersede(st, inv, "superseded", &err), 0);
	fx_insert(st, sid, "Invoice", "amazon:P1:Invoice:1", "P-1-v2", "2024-01-15", 101, 0);
	t.n = 0;
	CHECK_INT(store_takeback_each(st, 0, 0, takeback, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_INT(store_takeback_superseded(st, inv, &sup, &err), 1);
	CHECK(sup.settlement_id == sid && sup.source_id == 0);
	CHECK_STR(sup.key, "amazon:P1:Invoice:1");
	CHECK_INT(store_takeback_refuse_new(st, sid, sup.key, "not posted", &err), 0);
	CHECK_INT(store_takeback_restore(st, inv, sup.key, "not replaced", &err), 0);
	CHECK_INT(store_takeback_superseded(st, inv, &sup, &err), 0);
	{
		struct store_doc_ref ref;
		long long rejected = 0;

		CHECK_INT(store_doc_posted(st, "amazon:P1:Invoice:1", &ref, &err), 1);
		CHECK(ref.id == inv);
		/* P-2 earlier, and now the refused new version */
		CHECK_INT(store_read_doc_count(st, STORE_KINDS_DOCUMENTS, "rejected", &rejected,
					       &err), 0);
		CHECK_INT(rejected, 2);
	}
	CHECK_INT(store_doc_number_taken(st, "P-1-v2", "amazon:P1:Invoice:1", &err), 1);
	fx_close(st, dir);
}

/* Claiming checks the batch is still the planned one the request was
 * built from; re-sent payments and transfers are found for a lookup. */
static void test_claim_resent(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct texts t = { .n = 0 };
	char dir[256];
	struct state *st = fx_open(dir);
	int64_t sid, inv, p1, p2, tr, b = 0;
	long body = (long)strlen("{\"N\":\"C-1\"}");
	int claimed = 0;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "C1", "USD", 0);
	inv = fx_insert(st, sid, "Invoice", "amazon:C1:Invoice:1", "C-1", "2024-01-15", 5, 0);
	CHECK_INT(store_batch_insert(st, 1, "Invoices", &b, &err), 0);
	CHECK_INT(store_batch_add_doc(st, b, inv, &err), 0);
	/* not the content loaded: not claimed, still planned */
	CHECK_INT(store_batch_claim(st, b, "k", 2, body, &claimed, &err), 0);
	CHECK_INT(claimed, 0);
	CHECK_INT(store_batch_claim(st, b, "k", 1, body + 1, &claimed, &err), 0);
	CHECK_INT(claimed, 0);
	CHECK_INT(store_batch_claim(st, b, "k", 1, body, &claimed, &err), 0);
	CHECK_INT(claimed, 1);
	/* claimed once: a second claim (another process) gets nothing */
	CHECK_INT(store_batch_claim(st, b, "k2", 1, body, &claimed, &err), 0);
	CHECK_INT(claimed, 0);

	p1 = fx_insert(st, sid, "Payment", "amazon:C1:a:payment", "C-1, a", "2024-01-15", 5, 0);
	p2 = fx_insert(st, sid, "Payment", "amazon:C1:b:payment", "C-1, b", "2024-01-15", 5, 0);
	tr = fx_insert(st, sid, "BankTransfer", "amazon:C1:transfer", "C1 t", "2024-01-15", 5,
		       0);
	CHECK_INT(store_post_each_resent(st, "", 0, 40, unsettled, &t, &err), 0);
	CHECK_INT(t.n, 0);
	CHECK_INT(store_post_resend(st, p1, &err), 0);
	CHECK_INT(store_post_resend(st, p2, &err), 0);
	CHECK_INT(store_post_resend(st, tr, &err), 0);
	CHECK_INT(store_post_resend(st, inv, &err), 0); /* sent, not planned: no-op */
	CHECK_INT(store_post_each_resent(st, "", 0, 40, unsettled, &t, &err), 0);
	CHECK_INT(t.n, 3);
	CHECK_STR(t.v[0], "C1 t BankTransfers");
	CHECK_STR(t.v[1], "C-1, a Payments");
	CHECK_STR(t.v[2], "C-1, b Payments");
	t.n = 0;
	CHECK_INT(store_post_each_resent(st, "Payments", p1, 40, unsettled, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "C-1, b Payments");
	fx_close(st, dir);
}

/* ---- the read views ---- */

static int planned_doc(void *ctx, const struct store_planned_doc *d)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %lld %s %s %lld", d->kind, d->number,
		 (long long)d->total_minor, d->platform, d->deposit_id,
		 (long long)d->batch_seq);
	return 0;
}

static int group(void *ctx, const struct store_doc_group *g)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %s %s %lld %lld %lld", g->platform,
		 g->month, g->status, g->currency, (long long)g->count,
		 (long long)g->total_minor, (long long)g->net_minor);
	return 0;
}

static int status_count(void *ctx, const char *status, int64_t n)
{
	struct texts *t = ctx;

	snprintf(t->v[t->n++], sizeof(t->v[0]), "%s=%lld", status, (long long)n);
	return 0;
}

static void test_read(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct texts t = { .n = 0 };
	struct store_resume rs;
	char dir[256];
	struct state *st = fx_open(dir);
	int64_t sid, batch = 0, n = 0, csrc = 0;
	long long c = 0;
	int began = 0;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "R1", "USD", 900);
	fx_insert(st, sid, "Invoice", "amazon:R1:Invoice:1", "R-1", "2024-02-03", 1000, 0);
	fx_insert(st, sid, "CreditNote", "amazon:R1:CreditNote:1", "R-CN1", "2024-02-03", 100,
		  0);
	fx_insert(st, sid, "BankTransfer", "amazon:R1:transfer", "R1 transfer", "2024-02-04",
		  900, 0);
	CHECK_INT(store_batch_insert(st, 1, "Invoices", &batch, &err), 0);
	CHECK_INT(store_batch_add_doc(st, batch, 1, &err), 0);
	/* a file's completeness ledger: what the summaries' held back and
	 * left out count (rows, and money per currency) */
	CHECK_INT(store_source_start(st, "in/c.csv", 1, 1, &csrc, &err), 0);
	CHECK_INT(store_completeness_add(st, csrc, "USD", "imported", "", 5, 9000, &err), 0);
	CHECK_INT(store_completeness_add(st, csrc, "USD", "held", "not-paid-out", 3, 4500, &err),
		  0);
	CHECK_INT(store_completeness_add(st, csrc, "GBP", "left", "unpaid", 2, -300, &err), 0);
	CHECK_INT(store_completeness_add(st, csrc, "", "left", "unreadable", 1, 0, &err), 0);
	CHECK_INT(store_completeness_add(st, csrc, "USD", "left", "no-money", 1, 0, &err), 0);

	CHECK_INT(state_begin_read(st, &began, &err), 0);
	CHECK_INT(began, 1);
	CHECK_INT(state_in_transaction(st), 1);
	CHECK_INT(store_read_view(st, STORE_VIEW_TIE_MONTHS, row_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "amazon|USD|2024-01|1|900|900|900|0|ties");
	t.n = 0;
	/* the documents the Documents sheet shows (the transfer is on
	 * Payments), with what their links are made of: not posted, so no
	 * Xero id; the settlement is the first */
	CHECK_INT(store_read_view(st, STORE_VIEW_DOCUMENTS, row_text, &t, &err), 0);
	CHECK_INT(t.n, 2);
	CHECK(strstr(t.v[1], "R-CN1|CreditNote|ACCRECCREDIT|2024-02-03||") == t.v[1]);
	CHECK(strstr(t.v[1], "|USD|-100|~|planned|R1|~|~|~|~|~|~|ACCRECCREDIT|CreditNote|1") !=
	      NULL);
	t.n = 0;
	CHECK_INT(store_read_view(st, STORE_VIEW_PAYMENTS, row_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(strstr(t.v[0], "R1 transfer|BankTransfer|") == t.v[0]);
	CHECK(strstr(t.v[0], "|USD|900|planned|R1|~|~|~|~|~|") != NULL);
	t.n = 0;
	/* a settlement's documents and lines: how many, and where the first
	 * of each stands (no lines here) */
	CHECK_INT(store_read_view(st, STORE_VIEW_SETTLEMENTS, row_text, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK(strstr(t.v[0], "|900|900|900|0|ties|") != NULL);
	CHECK(strstr(t.v[0], "|~|1|~") != NULL && strlen(t.v[0]) > 6 &&
	      !strcmp(t.v[0] + strlen(t.v[0]) - 4, "|1|~"));
	t.n = 0;
	CHECK_INT(store_read_view(st, STORE_VIEW_BATCHES, row_text, &t, &err), 0);
	CHECK_STR(t.v[0], "1|1|1|Invoices|PUT|0|0|planned");
	CHECK_INT(store_read_count(st, STORE_COUNT_DOCUMENTS, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_INT(store_read_count(st, STORE_COUNT_MOVES, &n, &err), 0);
	CHECK_INT(n, 1);
	t.n = 0;
	CHECK_INT(store_read_statuses(st, STORE_GROUP_SETTLEMENTS, status_count, &t, &err), 0);
	CHECK_STR(t.v[0], "tied=1");
	{
		struct store_plan_counts pc;

		CHECK_INT(store_read_plan_counts(st, &pc, &err), 0);
		CHECK_INT(pc.tied, 1);
		CHECK_INT(pc.untied, 0);
		CHECK_INT(pc.duplicate, 0);
		/* rows from the ledger, not messages; money only where it is */
		CHECK_INT(pc.held_back, 3);
		CHECK_STR(pc.held_money, "USD 45.00");
		CHECK_INT(pc.left_out, 4);
		CHECK_STR(pc.left_money, "GBP -3.00");
	}
	state_rollback(st);
	CHECK_INT(state_in_transaction(st), 0);

	t.n = 0;
	CHECK_INT(store_read_planned(st, planned_doc, &t, &err), 0);
	CHECK_INT(t.n, 3);
	/* in batch order: the unbatched ones (seq 0, NULL) first, then by id */
	CHECK_STR(t.v[0], "CreditNote R-CN1 100 amazon R1 0");
	CHECK_STR(t.v[2], "Invoice R-1 1000 amazon R1 1");
	t.n = 0;
	CHECK_INT(store_read_doc_groups(st, group, &t, &err), 0);
	CHECK_INT(t.n, 1);
	CHECK_STR(t.v[0], "amazon 2024-02 planned USD 2 1100 900");
	CHECK_INT(store_read_doc_count(st, STORE_KINDS_ALL, NULL, &c, &err), 0);
	CHECK_INT(c, 3);
	CHECK_INT(store_read_doc_count(st, STORE_KINDS_MOVES, "planned", &c, &err), 0);
	CHECK_INT(c, 1);
	CHECK_INT(store_read_doc_count(st, STORE_KINDS_DOCUMENTS, "posted", &c, &err), 0);
	CHECK_INT(c, 0);
	CHECK_INT(store_read_resume(st, &rs, &err), 0);
	CHECK_INT(rs.planned_docs, 3);
	CHECK_INT(rs.planned_batches, 1);
	CHECK_INT(rs.unbatched, 2);
	CHECK_INT(rs.lookup_batches, 0);
	fx_close(st, dir);
}

/* A write that fails (the disk full) names the state file and says what
 * SQLite said, through the one error helper. */
static void test_error_helper(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	char dir[256], db[320];

	snprintf(dir, sizeof(dir), "/tmp/ll_test_store_XXXXXX");
	if (!mkdtemp(dir))
		return;
	snprintf(db, sizeof(db), "%s/full.db", dir);
	setenv("LEDGERLIFT_TEST_FAIL_WRITE_AT", "1", 1);
	CHECK_INT(state_open(&st, db, &err), LL_ERROR);
	unsetenv("LEDGERLIFT_TEST_FAIL_WRITE_AT");
	CHECK_STR(err.file, db);
	CHECK(strstr(err.msg, "state file: ") == err.msg);
	CHECK(strstr(err.msg, "full") != NULL);
	state_close(st);
	fx_close(NULL, dir);
}

/* One command at a time: a second holder is refused, naming the first;
 * a reader is not; a wait can be interrupted; closing frees it. */
static void test_lock(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct state *a = NULL, *b = NULL, *r = NULL;
	char dir[256], db[320], want[128];

	snprintf(dir, sizeof(dir), "/tmp/ll_test_store_XXXXXX");
	if (!mkdtemp(dir))
		return;
	snprintf(db, sizeof(db), "%s/held.db", dir);
	CHECK_INT(state_open_held(&a, db, "run", 0, &err), 0);
	CHECK_INT(state_open_held(&b, db, "plan", 0, &err), LL_ECONFLICT);
	CHECK(b == NULL);
	snprintf(want, sizeof(want), "in use by 'ledgerlift run' (pid %ld, since 20",
		 (long)getpid());
	CHECK(strstr(err.msg, want) != NULL);
	CHECK(strstr(err.msg, "--wait") != NULL);
	/* status reads without the lock */
	CHECK_INT(state_open_read(&r, db, &err), 0);
	state_close(r);
	/* waiting, interrupted: gives up */
	intr_request();
	CHECK_INT(state_open_held(&b, db, "undo", 1, &err), LL_ETRANSIENT);
	CHECK(strstr(err.msg, "interrupted while waiting") != NULL);
	state_close(a);
	CHECK_INT(state_open_held(&b, db, "plan", 0, &err), 0);
	state_close(b);
	fx_close(NULL, dir);
}

static int count_rows(void *ctx, const struct store_row *row)
{
	(void)row;
	(*(int64_t *)ctx)++;
	return 0;
}

/* a state file made before lines had net_minor and tax_minor gets them
 * when it is opened, and keeps its lines */
static void test_line_tax_columns(void)
{
	char dir[256], path[300];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	sqlite3 *db;
	int64_t n = -1;

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	state_close(st);
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "INSERT INTO lines(document_id, line_no, amount_minor)"
			       " VALUES(1, 1, 500); ALTER TABLE lines DROP COLUMN net_minor;"
			       " ALTER TABLE lines DROP COLUMN tax_minor", NULL, NULL, NULL),
		  SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(state_open(&st, path, &err), 0);
	if (!st)
		return;
	CHECK_INT(store_read_count(st, STORE_COUNT_LINES, &n, &err), 0);
	CHECK_INT(n, 1);
	/* the By account view reads them: it prepares */
	CHECK_INT(store_read_view(st, STORE_VIEW_BY_ACCOUNT, count_rows, &n, &err), 0);
	fx_close(st, dir);
}

/* sql's one integer answer on st's connection (-1: none) */
static int64_t sql_int(struct state *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int body_lens(void *ctx, const struct store_batchable *b)
{
	((long *)ctx)[0]++;
	((long *)ctx)[1] += b->body_len;
	return 0;
}

/* Every document keeps length(body) in body_len, written with the body:
 * the batch walk reads it (a stored length, not the body), falls back to
 * the body where it is NULL, and a state file made before the column gets
 * it filled for every document when it is opened. */
/* Documents written while the statement cache is full: the flush's
 * statements, not cached, are finalized once run (else the file cannot
 * be closed: no clean mark) and every row is written. */
static void test_doc_cache_full(void)
{
	static char sql[STATE_STMT_CACHE][24];
	char dir[256], path[300], key[48], num[16];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	struct stat sb;
	int64_t sid;
	int i;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "F1", "USD", 0);
	for (i = 0; i < STATE_STMT_CACHE; i++) { /* every slot: a text of its own */
		sqlite3_stmt *s = NULL;

		snprintf(sql[i], sizeof(sql[i]), "SELECT %d", i);
		CHECK_INT(state_stmt(st, &s, sql[i], &err), 0);
		state_done(st, s);
	}
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "amazon:F1:Invoice:%d", i);
		snprintf(num, sizeof(num), "F-%d", i);
		CHECK(fx_insert(st, sid, "Invoice", key, num, "2024-01-15", 10, 0) > 0);
	}
	CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE number LIKE 'F-%'"), 3);
	snprintf(path, sizeof(path), "%s.clean", state_path(st));
	state_close(st);
	CHECK(stat(path, &sb) == 0);
	tap_rmdir(dir);
}

static void test_body_len(void)
{
	char dir[256], path[300];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	int64_t sid;
	long walk[2] = { 0, 0 };
	sqlite3 *db;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "L1", "USD", 300);
	fx_insert(st, sid, "Invoice", "amazon:L1:Invoice:1", "L-1", "2024-01-15", 300, 0);
	fx_insert(st, sid, "Invoice", "amazon:L1:Invoice:2", "L-2", "2024-01-15", 10, 500);
	CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE body_len=length(body)"), 2);
	/* the walk reads the column */
	CHECK_INT(state_exec(st, "UPDATE documents SET body_len=7", &err), 0);
	CHECK_INT(store_batch_each_batchable(st, body_lens, walk, &err), 0);
	CHECK(walk[0] == 2 && walk[1] == 14);
	/* NULL (never written): the body's length */
	CHECK_INT(state_exec(st, "UPDATE documents SET body_len=NULL WHERE number='L-2'", &err),
		  0);
	walk[0] = walk[1] = 0;
	CHECK_INT(store_batch_each_batchable(st, body_lens, walk, &err), 0);
	CHECK(walk[0] == 2 &&
	      walk[1] == 7 + sql_int(st, "SELECT length(body) FROM documents WHERE number='L-2'"));
	/* bodies of multi-byte characters, in any place of the eight bytes
	 * counted at a time: body_len is what length() gives */
	{
		static const char *const bodies[] = {
			"{\"A\":\"Caf\xc3\xa9\"}", "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
			"1234567\xc3\xa9", "12345678\xf0\x9f\x98\x80" "abcdefgh\xc3\xa9\xc3\xa9x",
			"", "\xc3\xa9", "abcdefghijklmnop"
		};
		size_t k;

		for (k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
			struct doc d;
			char key[40], num[16];

			snprintf(key, sizeof(key), "amazon:L1:Utf8:%zu", k);
			snprintf(num, sizeof(num), "U-%zu", k);
			fx_doc(&d, "Invoice", key, num, "2024-01-16", 1, 1, 0);
			free(d.body);
			d.body = strdup(bodies[k]);
			CHECK_INT(store_doc_insert(st, sid, "USD", &d, NULL, &err), 0);
			fx_doc_free(&d);
		}
		CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE number LIKE 'U-%'"
				  " AND body_len=length(body)"), 7);
		CHECK_INT(sql_int(st, "SELECT sum(body_len) FROM documents WHERE number LIKE 'U-%'"),
			  12 + 3 + 8 + 20 + 0 + 1 + 16);
		CHECK_INT(state_exec(st, "DELETE FROM documents WHERE number LIKE 'U-%'", &err), 0);
	}
	snprintf(path, sizeof(path), "%s", state_path(st));
	state_close(st);
	/* a file of a ledgerlift before the column; a body of multi-byte
	 * characters: length() counts characters, as the walk did */
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db, "UPDATE documents SET body='{\"Name\":\"Caf\xc3\xa9 \xe2\x82\xac\"}'"
			       " WHERE number='L-1'; ALTER TABLE documents DROP COLUMN body_len",
			       NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CHECK_INT(state_open(&st, path, &err), 0);
	if (!st)
		return;
	CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE body_len=length(body)"), 2);
	CHECK_INT(sql_int(st, "SELECT body_len FROM documents WHERE number='L-1'"), 17);
	fx_close(st, dir);
}

/* documents and lines of two state files, as text, in id order */
static void dump_docs(struct state *st, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;

	out[0] = '\0';
	if (sqlite3_prepare_v2(st->db, "SELECT d.id || '|' || d.settlement_id || '|' ||"
			       " d.natural_key || '|' || d.number || '|' || d.currency || '|' ||"
			       " d.run_id || '|' || d.body_len || '|' || coalesce(d.order_id, '-')"
			       " || '|' || coalesce((SELECT group_concat(l.id || ':' || l.line_no ||"
			       " ':' || l.description || ':' || l.amount_minor, ',') FROM lines l"
			       " WHERE l.document_id = d.id), '') FROM documents d ORDER BY d.id",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW && n + 200 < outlen)
		n += (size_t)snprintf(out + n, outlen - n, "%s\n", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

#define QDOCS 37

/* QDOCS documents of 0-3 lines each, the lines describing their document */
static void queue_docs(struct doc *d, struct doc_line (*l)[3])
{
	int i, k;

	for (i = 0; i < QDOCS; i++) {
		char key[64], num[32];

		snprintf(key, sizeof(key), "amazon:Q1:Invoice:%d", i);
		snprintf(num, sizeof(num), "Q-%d", i);
		fx_doc(&d[i], "Invoice", key, num, "2024-02-01", 100 + i, 100 + i, (size_t)i);
		if (i % 3 == 0)
			snprintf(d[i].order_id, sizeof(d[i].order_id), "O-%d", i);
		memset(l[i], 0, sizeof(l[i]));
		d[i].lines = l[i];
		d[i].nlines = (size_t)(i % 4);
		for (k = 0; k < (int)d[i].nlines; k++) {
			snprintf(l[i][k].description, sizeof(l[i][k].description), "Q-%d/%d", i,
				 k + 1);
			l[i][k].amount = 10 * i + k;
		}
	}
}

/* Documents queued go in together (statements of 16, 4 and 1 documents
 * and of their lines): the rows are those of inserting them one by one,
 * each line under its own document. While they wait, a queued number is
 * taken; a number no document holds is answered without inserting them.
 * A table of many documents answers by SQLite at first, then by a filter
 * of every number, the same answers. */
static void test_doc_queue(void)
{
	static char one[16384], queued[16384];
	static struct doc d[QDOCS];
	static struct doc_line l[QDOCS][3];
	char dir1[256], dir2[256], key[64], num[32], path[300];
	struct ll_err err = LL_ERR_INIT;
	struct state *a = fx_open(dir1), *b = fx_open(dir2);
	int64_t sa, sb, id = 0;
	int i, wrong = 0;

	if (!a || !b)
		return;
	queue_docs(d, l);
	sa = fx_settlement(a, 0, "Q1", "USD", 300);
	sb = fx_settlement(b, 0, "Q1", "USD", 300);
	fx_insert(a, sa, "Invoice", "amazon:Q0:Invoice:1", "P-1", "2024-01-15", 300, 0);
	fx_insert(b, sb, "Invoice", "amazon:Q0:Invoice:1", "P-1", "2024-01-15", 300, 0);
	for (i = 0; i < QDOCS; i++)
		CHECK_INT(store_doc_insert(a, sa, "EUR", &d[i], &id, &err), 0);
	CHECK_INT(id, QDOCS + 1);
	/* the first question reads the numbers there are (P-1) */
	CHECK_INT(store_doc_number_taken(b, "Q-99", "amazon:Q1:Invoice:99", &err), 0);
	for (i = 0; i < QDOCS; i++)
		CHECK_INT(store_doc_queue(b, sb, "EUR", &d[i], &err), 0);
	/* waiting: P-1 is in the table, Q-35 queued, Q-99 nowhere; a number
	 * the filter may hold has the queue inserted before SQLite answers */
	CHECK_INT(store_doc_number_taken(b, "Q-99", "amazon:Q1:Invoice:99", &err), 0);
	/* a full queue (32) went in; the rest waits, not asked */
	CHECK_INT(sql_int(b, "SELECT count(*) FROM documents"), 33);
	CHECK_INT(store_doc_number_taken(b, "P-1", "amazon:Q1:Invoice:99", &err), 1);
	CHECK_INT(store_doc_number_taken(b, "Q-35", "amazon:Q1:Invoice:35", &err), 0);
	CHECK_INT(store_doc_number_taken(b, "Q-35", "amazon:Q1:Invoice:99", &err), 1);
	CHECK_INT(store_doc_flush(b, &err), 0);
	CHECK_INT(sql_int(b, "SELECT count(*) FROM documents"), QDOCS + 1);
	CHECK_INT(sql_int(b, "SELECT count(*) FROM lines"), 54);
	CHECK_INT(sql_int(b, "SELECT count(*) FROM lines l JOIN documents d ON d.id ="
			  " l.document_id WHERE l.description <> d.number || '/' || l.line_no"),
		  0);
	dump_docs(a, one, sizeof(one));
	dump_docs(b, queued, sizeof(queued));
	CHECK(strlen(one) > 500);
	CHECK_STR(queued, one);
	/* forgotten: nothing of it goes in */
	CHECK_INT(store_doc_queue(b, sb, "EUR", &d[0], &err), 0);
	store_doc_forget(b);
	CHECK_INT(store_doc_flush(b, &err), 0);
	CHECK_INT(sql_int(b, "SELECT count(*) FROM documents"), QDOCS + 1);
	for (i = 0; i < QDOCS; i++)
		fx_doc_free(&d[i]);
	fx_close(a, dir1);

	/* 6,000 documents already there: SQLite answers, then the filter */
	CHECK_INT(state_exec(b, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1"
			     " FROM c WHERE i < 6000) INSERT INTO documents(natural_key, kind,"
			     " xero_type, number, status) SELECT 'k:' || i, 'Invoice', 'ACCREC',"
			     " 'N-' || i, 'planned' FROM c", &err), 0);
	snprintf(path, sizeof(path), "%s", state_path(b));
	state_close(b);
	CHECK_INT(state_open(&b, path, &err), 0);
	if (!b)
		return;
	for (i = 1; i <= 1200; i++) {
		snprintf(key, sizeof(key), "k:%d", 7000 - i);
		snprintf(num, sizeof(num), "N-%d", i * 5);
		/* held by k:<i*5> up to 6000; never by its own key */
		wrong += store_doc_number_taken(b, num, key, &err) != (i * 5 <= 6000);
		snprintf(key, sizeof(key), "k:%d", i * 5);
		wrong += store_doc_number_taken(b, num, key, &err) != 0;
	}
	CHECK_INT(wrong, 0);
	fx_close(b, dir2);
}

/* About 400 KB of rows in st (a file with pages enough to damage). */
static void fill(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;

	CHECK_INT(state_exec(st, "CREATE TABLE filler(x); WITH RECURSIVE c(i) AS (SELECT 1"
			     " UNION ALL SELECT i+1 FROM c WHERE i<2000) INSERT INTO filler"
			     " SELECT randomblob(200) FROM c", &err), 0);
}

/* Zero the last page of the file at path (a page of the filler table's
 * rows, which opening never reads); with keep, its modification time stays
 * as it was (damage no stat can see). */
static void damage_last_page(const char *path, int keep)
{
	struct stat sb;
	struct timespec times[2];
	char zero[4096];
	int fd = open(path, O_WRONLY);

	memset(zero, 0, sizeof(zero));
	CHECK(fd >= 0 && fstat(fd, &sb) == 0);
	if (fd < 0)
		return;
	CHECK(pwrite(fd, zero, sizeof(zero), sb.st_size - (off_t)sizeof(zero)) ==
	      (ssize_t)sizeof(zero));
	times[0] = sb.st_atim;
	times[1] = sb.st_mtim;
	if (keep)
		CHECK_INT(futimens(fd, times), 0);
	close(fd);
}

/*
 * PRAGMA quick_check on open: a writer skips it only when the file's last
 * writer closed it cleanly and nothing changed it since (its clean mark
 * matches); status always runs it; a writer that died, a file changed by
 * another program, or a mark of another version gets it.
 */
static void test_clean_mark(void)
{
	char dir[256], path[300], mark[320], text[256];
	struct state *st = fx_open(dir);
	struct ll_err err = LL_ERR_INIT;
	FILE *f;
	pid_t pid;
	int status = 0;
	size_t n;

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	snprintf(mark, sizeof(mark), "%s.clean", path);
	fill(st);
	CHECK(access(mark, F_OK) != 0); /* open: no mark */
	state_close(st);
	CHECK(access(mark, F_OK) == 0);
	/* status reads it (and leaves an empty log it cannot remove) */
	st = NULL;
	CHECK_INT(state_open_read(&st, path, &err), 0);
	state_close(st);

	/* closed cleanly, damaged unseen: a writer opens it, status refuses */
	damage_last_page(path, 1);
	st = NULL;
	CHECK_INT(state_open(&st, path, &err), 0);
	CHECK(access(mark, F_OK) != 0); /* taken while it is open */
	state_close(st);
	CHECK(access(mark, F_OK) == 0);
	st = NULL;
	CHECK_INT(state_open_read(&st, path, &err), LL_ERROR);
	CHECK(strstr(err.msg, "state file is damaged") != NULL);
	state_close(st);

	/* a mark of another ledgerlift version */
	f = fopen(mark, "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = '\0';
	f = fopen(mark, "w");
	if (f) {
		fprintf(f, "ledgerlift 0.0.1%s", strchr(text, ' ') ? strchr(text, ' ') : "");
		fclose(f);
	}
	memset(&err, 0, sizeof(err));
	st = NULL;
	CHECK_INT(state_open(&st, path, &err), LL_ERROR);
	CHECK(strstr(err.msg, "state file is damaged") != NULL);
	CHECK(access(mark, F_OK) != 0);
	state_close(st);
	fx_close(NULL, dir);

	/* a symlink planted where the mark's temporary file once went: never
	 * written through (issue 16's token-file finding, again) */
	st = fx_open(dir);
	if (st) {
		char victim[320], tmpname[340], got[16] = "";

		snprintf(path, sizeof(path), "%s", state_path(st));
		snprintf(victim, sizeof(victim), "%s/victim", dir);
		snprintf(tmpname, sizeof(tmpname), "%s.clean.tmp", path);
		f = fopen(victim, "w");
		if (f) {
			fputs("keep", f);
			fclose(f);
		}
		CHECK(symlink(victim, tmpname) == 0);
		state_close(st);
		f = fopen(victim, "r");
		n = f ? fread(got, 1, sizeof(got) - 1, f) : 0;
		if (f)
			fclose(f);
		got[n] = '\0';
		CHECK_STR(got, "keep");
		unlink(tmpname);
		unlink(victim);
		fx_close(NULL, dir);
	}

	/* a writer that died leaves no mark; a file another program changed
	 * (its modification time) does not match its mark */
	st = fx_open(dir);
	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	snprintf(mark, sizeof(mark), "%s.clean", path);
	fill(st);
	state_close(st);
	pid = fork();
	if (pid == 0) {
		struct state *child = NULL;

		_exit(state_open(&child, path, &err) == 0 ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(access(mark, F_OK) != 0);
	damage_last_page(path, 1);
	memset(&err, 0, sizeof(err));
	st = NULL;
	CHECK_INT(state_open(&st, path, &err), LL_ERROR);
	CHECK(strstr(err.msg, "state file is damaged") != NULL);
	state_close(st);
	fx_close(NULL, dir);

	st = fx_open(dir);
	if (!st)
		return;
	snprintf(path, sizeof(path), "%s", state_path(st));
	fill(st);
	state_close(st);
	usleep(20000);
	damage_last_page(path, 0);
	memset(&err, 0, sizeof(err));
	st = NULL;
	CHECK_INT(state_open(&st, path, &err), LL_ERROR);
	CHECK(strstr(err.msg, "state file is damaged") != NULL);
	state_close(st);
	fx_close(NULL, dir);
}

/* A run whose process died (its row still `running`, the lock free): a
 * reader sees it interrupted while no command holds the file, running
 * while one does; the next command that takes the lock records it. */
static void test_dead_run(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct state *a = NULL, *b = NULL, *r = NULL;
	struct texts t = { .n = 0 };
	char dir[256], db[320];

	snprintf(dir, sizeof(dir), "/tmp/ll_test_store_XXXXXX");
	if (!mkdtemp(dir))
		return;
	snprintf(db, sizeof(db), "%s/dead.db", dir);
	CHECK_INT(state_open_held(&a, db, "run", 0, &err), 0);
	CHECK_INT(store_run_start(a, "run", "settlement", NULL, &err), 0);
	CHECK_INT(store_lock_held(db), 1);
	CHECK_INT(state_open_read(&r, db, &err), 0);
	CHECK_INT(store_run_find(r, 0, run_note, &t, &err), 1);
	CHECK_STR(t.v[0], "running|-"); /* its command holds the file */
	/* the process "dies": the descriptor closes, the row stays running */
	state_close(a);
	CHECK_INT(store_lock_held(db), 0);
	t.n = 0;
	CHECK_INT(store_run_recent(r, 5, run_note, &t, &err), 0);
	CHECK(strncmp(t.v[0], "interrupted|ended without recording its end", 43) == 0);
	state_close(r);
	/* the file itself is unchanged by the reader */
	CHECK_INT(state_open(&r, db, &err), 0);
	t.n = 0;
	CHECK_INT(store_run_find(r, 0, run_note, &t, &err), 1);
	CHECK_STR(t.v[0], "running|-");
	state_close(r);
	/* the next command holding the file records it */
	CHECK_INT(state_open_held(&b, db, "plan", 0, &err), 0);
	t.n = 0;
	CHECK_INT(store_run_find(b, 0, run_note, &t, &err), 1);
	CHECK(strncmp(t.v[0], "interrupted|ended without recording its end", 43) == 0);
	CHECK(strstr(t.v[0], "found by 'plan' at 20") != NULL);
	state_close(b);
	fx_close(NULL, dir);
}

/* store_orders_has: whether another source of a format counts an order in
 * one of the roles, and the first such source's path (a row whose source
 * is gone counts, with path ""). */
static void test_orders_has(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_order o = { "shopify", "shop-a", "#1001", "sale", "shopify-orders", "",
				 "2025-01-02", "USD", 1500, 0, 0 };
	int64_t zed = 0, abc = 0, mine = 0;
	char path[64];

	CHECK_INT(store_source_start(st, "orders/zed.csv", 1, 1, &zed, &err), 0);
	CHECK_INT(store_source_start(st, "orders/abc.csv", 1, 1, &abc, &err), 0);
	CHECK_INT(store_source_start(st, "payments/tx.csv", 1, 1, &mine, &err), 0);
	o.source_id = zed;
	CHECK_INT(store_orders_put(st, 901, &o, 1, &err), 0);
	strcpy(path, "untouched");
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "sale", "shopify-orders",
				   mine, path, sizeof(path), &err), 1);
	CHECK_STR(path, "orders/zed.csv");
	/* the same order in a source whose path sorts first: that path */
	o.source_id = abc;
	CHECK_INT(store_orders_put(st, 902, &o, 1, &err), 0);
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "refund,sale",
				   "shopify-orders", mine, path, sizeof(path), &err), 1);
	CHECK_STR(path, "orders/abc.csv");
	/* the excluded source is not another one */
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "sale", "shopify-orders",
				   abc, path, sizeof(path), &err), 1);
	CHECK_STR(path, "orders/zed.csv");
	/* no match: 0, path as it was */
	strcpy(path, "untouched");
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "refund", "shopify-orders",
				   mine, path, sizeof(path), &err), 0);
	CHECK_INT(store_orders_has(st, "shopify", "shop-b", "#1001", "sale", "shopify-orders",
				   mine, path, sizeof(path), &err), 0);
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1002", "sale", "shopify-orders",
				   mine, NULL, 0, &err), 0);
	CHECK_STR(path, "untouched");
	/* a row whose source is gone: found, its path "" before any other */
	o.source_id = 99999;
	CHECK_INT(store_orders_put(st, 903, &o, 1, &err), 0);
	CHECK_INT(store_orders_has(st, "shopify", "shop-a", "#1001", "sale", "shopify-orders",
				   mine, path, sizeof(path), &err), 1);
	CHECK_STR(path, "");
}

/* store_settlement_family: the tied settlements of other sources under an
 * id or "<id>-N", and no others (ids that share the id's first letters,
 * "<id>.", another platform, untied, the excluded source). */
static void test_settlement_family(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	int64_t a = 0, b = 0, sum = -1;
	long count = -1;
	char path[64];

	CHECK_INT(store_source_start(st, "fam/b.csv", 1, 1, &b, &err), 0);
	CHECK_INT(store_source_start(st, "fam/a.csv", 1, 1, &a, &err), 0);
	{
		char sql[1400];

		snprintf(sql, sizeof(sql),
			 "INSERT INTO settlements(platform, deposit_id, source_id, status,"
			 " deposit_minor) VALUES"
			 " ('shopify', 'P7', %lld, 'tied', 1),"       /* counts */
			 " ('shopify', 'P7-1', %lld, 'tied', 10),"    /* counts */
			 " ('shopify', 'P7-', %lld, 'tied', 100),"    /* counts: starts 'P7-' */
			 " ('shopify', 'P7-2', %lld, 'untied', 1000),"
			 " ('shopify', 'P70', %lld, 'tied', 10000),"
			 " ('shopify', 'P7.1', %lld, 'tied', 100000),"
			 " ('shopify', 'P7 1', %lld, 'tied', 100000),"
			 " ('shopify', 'P', %lld, 'tied', 100000),"
			 " ('ebay', 'P7-3', %lld, 'tied', 100000),"
			 " ('shopify', 'P7-4', %lld, 'tied', 1000000)", /* the excluded source */
			 (long long)b, (long long)a, (long long)b, (long long)a, (long long)a,
			 (long long)a, (long long)a, (long long)a, (long long)a, 424242LL);
		CHECK_INT(state_exec(st, sql, &err), 0);
	}
	CHECK_INT(store_settlement_family(st, "shopify", "P7", 424242, &sum, &count, path,
					  sizeof(path), &err), 0);
	CHECK(sum == 111 && count == 3);
	CHECK_STR(path, "fam/a.csv");
	CHECK_INT(store_settlement_family(st, "shopify", "P7", a, &sum, &count, path,
					  sizeof(path), &err), 0);
	CHECK(sum == 1000101 && count == 3);
	CHECK_STR(path, "fam/b.csv");
	CHECK_INT(store_settlement_family(st, "shopify", "Q", a, &sum, &count, path,
					  sizeof(path), &err), 0);
	CHECK(sum == 0 && count == 0);
	CHECK_STR(path, "");
}

static int count_pair(void *ctx, const struct store_order_pair *p)
{
	struct texts *t = ctx;

	if (t->n < 16)
		snprintf(t->v[t->n++], sizeof(t->v[0]), "%s %s %s %s %lld", p->platform_a,
			 p->path_a, p->platform_b, p->path_b, (long long)p->orders);
	return 0;
}

/* store_orders_pairs and store_orders_stale in a state file of their own:
 * one platform gives no pair; the same order sold on two gives one. */
static void test_orders_pairs(void)
{
	struct ll_err err = LL_ERR_INIT;
	char dir[256];
	struct state *st = fx_open(dir);
	struct store_order o = { "woocommerce", "", "WC-5512", "sale", "woocommerce-csv", "",
				 "2025-03-02", "GBP", 2500, 0, 0 };
	struct texts t = { .n = 0 };
	int64_t woo = 0, woo2 = 0, amz = 0;

	if (!st)
		return;
	CHECK_INT(store_source_start(st, "w/orders.csv", 1, 1, &woo, &err), 0);
	CHECK_INT(store_source_start(st, "w/orders2.csv", 1, 1, &woo2, &err), 0);
	CHECK_INT(store_source_start(st, "a/settlement.txt", 1, 1, &amz, &err), 0);
	o.source_id = woo;
	CHECK_INT(store_orders_put(st, 1, &o, 1, &err), 0);
	o.source_id = woo2;
	CHECK_INT(store_orders_put(st, 2, &o, 1, &err), 0);
	CHECK_INT(store_orders_pairs(st, count_pair, &t, &err), 0);
	CHECK_INT(t.n, 0); /* one platform */
	CHECK_INT(store_orders_stale(st, msg_text, &t, &err), 0);
	CHECK_INT(t.n, 0);
	o.platform = "amazon";
	o.order_id = "A-5512";
	o.format = "amazon-settlement-v2";
	o.day = "2025-03-05";
	o.amount_minor = -2500;
	o.source_id = amz;
	CHECK_INT(store_orders_put(st, 3, &o, 1, &err), 0);
	CHECK_INT(store_orders_pairs(st, count_pair, &t, &err), 0);
	CHECK_INT(t.n, 2);
	CHECK_STR(t.v[0], "amazon a/settlement.txt woocommerce w/orders.csv 1");
	CHECK_STR(t.v[1], "amazon a/settlement.txt woocommerce w/orders2.csv 1");
	fx_close(st, dir);
}

/* A VFS over the default one that counts the statement journals SQLite
 * opens as files (a statement's undo log past 64 KiB). */
static sqlite3_vfs *base_vfs, counting_vfs;
static int subjournals;

static int counting_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags,
			 int *out)
{
	(void)v;
	if (flags & SQLITE_OPEN_SUBJOURNAL)
		subjournals++;
	return base_vfs->xOpen(base_vfs, name, f, flags, out);
}

/* Documents written in bulk keep no statement journal: on a table of 3,000
 * documents, 64 more whose keys and numbers fall between theirs (so each
 * row of a statement of 16 changes another leaf of both text indexes,
 * ~130 KB of pages that were there before it, past SQLite's 64 KiB kept in
 * memory) are written with no journal file opened, and body_len is what
 * length() gives (with characters of 2 and 3 bytes). A function in the
 * INSERT (length(?)) made SQLite keep one: on PayPal's 200k rows, 420k
 * writes to a temporary file. */
static void test_doc_no_stmt_journal(void)
{
	static struct doc old[3000], d[64];
	char dir[256], key[64], num[32];
	struct ll_err err = LL_ERR_INIT;
	struct state *st;
	int64_t sid;
	int i, failed = 0;

	base_vfs = sqlite3_vfs_find(NULL);
	counting_vfs = *base_vfs;
	counting_vfs.zName = "ll-counting";
	counting_vfs.xOpen = counting_open;
	CHECK_INT(sqlite3_vfs_register(&counting_vfs, 1), SQLITE_OK);
	if (!(st = fx_open(dir)))
		goto out;
	sid = fx_settlement(st, 0, "J1", "USD", 300);
	CHECK_INT(state_begin(st, &err), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "amazon:J1:Invoice:%06d", i * 100);
		snprintf(num, sizeof(num), "J-%06d", i * 100);
		fx_doc(&old[i], "Invoice", key, num, "2024-02-01", 100, 100, 16);
		failed += store_doc_queue(st, sid, "USD", &old[i], &err) != 0;
	}
	CHECK_INT(failed, 0);
	CHECK_INT(store_doc_flush(st, &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	for (i = 0; i < 64; i++) {
		snprintf(key, sizeof(key), "amazon:J1:Invoice:%06d", i * 4650 + 37);
		snprintf(num, sizeof(num), "J-%06d", i * 4650 + 37);
		fx_doc(&d[i], "Invoice", key, num, "2024-02-01", 100, 100, 64);
		if (i == 5)
			memcpy(d[i].body + 4, "\xc3\xa9\xe2\x82\xac", 5); /* two characters */
		CHECK_INT(store_doc_queue(st, sid, "USD", &d[i], &err), 0);
	}
	subjournals = 0;
	CHECK_INT(store_doc_flush(st, &err), 0);
	CHECK_INT(subjournals, 0);
	CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE body_len IS NOT"
			  " length(body)"), 0);
	CHECK_INT(sql_int(st, "SELECT body_len FROM documents WHERE number='J-023287'"),
		  (int64_t)strlen(d[5].body) - 3);
	CHECK_INT(state_commit(st, &err), 0);
	for (i = 0; i < 3000; i++)
		fx_doc_free(&old[i]);
	for (i = 0; i < 64; i++)
		fx_doc_free(&d[i]);
	fx_close(st, dir);
out:
	sqlite3_vfs_unregister(&counting_vfs);
}

/* A new state file is made with STATE_PAGE_SIZE pages (a plan of 200k
 * PayPal rows wrote 412k pages of 4 KiB to the WAL and read 331k back);
 * one made with 4 KiB pages before keeps them and still opens and plans. */
static void test_page_size(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct state *st;
	struct doc d;
	char dir[256], db[320];
	sqlite3 *raw = NULL;
	int64_t sid;

	if (!(st = fx_open(dir)))
		return;
	CHECK_INT(sql_int(st, "PRAGMA page_size"), 16384);
	CHECK_INT(sql_int(st, "PRAGMA cache_size"), -8192);
	sid = fx_settlement(st, 0, "P1", "USD", 100);
	state_close(st);
	snprintf(db, sizeof(db), "%s/state.db", dir);
	/* the file as an older ledgerlift made it: 4 KiB pages */
	CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
	CHECK_INT(sqlite3_exec(raw, "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096;"
			       " VACUUM; PRAGMA journal_mode=WAL", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	st = NULL;
	CHECK_INT(state_open(&st, db, &err), 0);
	if (!st) {
		fprintf(stderr, "reopen: %s\n", err.msg);
		return;
	}
	CHECK_INT(sql_int(st, "PRAGMA page_size"), 4096);
	CHECK_INT(sql_int(st, "PRAGMA cache_size"), -8192);
	CHECK_INT(state_begin(st, &err), 0);
	fx_doc(&d, "Invoice", "amazon:P1:Invoice:1", "P-1", "2024-02-01", 100, 100, 16);
	CHECK_INT(store_doc_queue(st, sid, "USD", &d, &err), 0);
	CHECK_INT(store_doc_flush(st, &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(sql_int(st, "SELECT count(*) FROM documents WHERE number='P-1'"), 1);
	fx_doc_free(&d);
	fx_close(st, dir);
}

int main(void)
{
	char dir[256];
	struct state *st = fx_open(dir);

	if (!st)
		return tap_done();
	test_runs_meta(st);
	test_rejects_calls(st);
	test_sources_settlements(st);
	test_documents(st);
	test_orders_has(st);
	test_settlement_family(st);
	fx_close(st, dir);
	test_settlement_deferred();
	test_settlement_deferred_bounded();
	test_settlement_keys();
	test_orders_pairs();
	test_posting();
	test_claim_resent();
	test_read();
	test_error_helper();
	test_line_tax_columns();
	test_body_len();
	test_doc_cache_full();
	test_doc_queue();
	test_doc_no_stmt_journal();
	test_page_size();
	test_clean_mark();
	test_dead_run();
	test_lock(); /* last: it leaves the interrupt flag set */
	return tap_done();
}
