/*
 * runs.c - the runs table (runs.h): a row started when a command begins,
 * finished with its status and exit code, and read back for the workbook's
 * header line, `status` and `undo`.
 */
#include "store/runs.h"

#include <stdio.h>
#include <string.h>

#include "store/lock.h"
#include "store/store_int.h"
#include "util/log.h"

/* what a run that died without recording its end is shown with */
#define DEAD_NOTE "ended without recording its end (its process was killed or the" \
		  " machine stopped)"

int store_run_start(struct state *st, const char *command, const char *mode,
		    const char *inputs_json, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[32];

	state_now(now);
	if (state_stmt(st, &s,
		       "INSERT INTO runs(command, started_at, mode, status, inputs)"
		       " VALUES(?,?,?,'running',?)", err))
		return LL_ERROR;
	state_bind_text(s, 1, command);
	state_bind_text(s, 2, now);
	state_bind_text(s, 3, mode);
	state_bind_text(s, 4, inputs_json);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	st->run_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_run_finish(struct state *st, const char *status, int exit_code,
		     struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[32];

	state_now(now);
	if (state_stmt(st, &s,
		       "UPDATE runs SET finished_at=?, status=?, exit_code=? WHERE id=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, now);
	state_bind_text(s, 2, status);
	sqlite3_bind_int(s, 3, exit_code);
	sqlite3_bind_int64(s, 4, st->run_id);
	return state_step_done(st, s, err);
}

int store_run_settle_dead(struct state *st, const char *by, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	char now[32], note[256];
	int step;

	if (state_prepare(st, &s, "SELECT id, command, started_at FROM runs WHERE"
			  " status='running' ORDER BY id", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		log_info("run %lld (%s, started %s) %s; recorded as interrupted",
			 (long long)sqlite3_column_int64(s, 0), state_col_text(s, 1),
			 state_col_text(s, 2), DEAD_NOTE);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return state_fail(st, err);
	state_now(now);
	snprintf(note, sizeof(note), DEAD_NOTE "; found by '%s' at %s", by, now);
	s = NULL;
	if (state_prepare(st, &s, "UPDATE runs SET status='interrupted', note=? WHERE"
			  " status='running'", err))
		return LL_ERROR;
	state_bind_text(s, 1, note);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : state_fail(st, err);
}

#define RUN_COLS "id, command, mode, started_at, finished_at, status, inputs, exit_code," \
		 " note"

/* A row read `running` by a reader: its run is alive only while a command
 * holds the lock. Tested before the read (*free_before, -1 untested) and
 * again now, after it: the row is dead only if the lock was free both
 * times (a run could otherwise have started, or ended, between a test and
 * the read). A lock that cannot be tested keeps the row as it is. */
static int dead_for_reader(struct state *st, int free_before)
{
	return free_before == 1 && store_lock_held(st->path) == 0;
}

/* 1 when nobody holds the lock (readers only; -1 for writers) */
static int lock_free_now(struct state *st)
{
	return st->readonly ? store_lock_held(st->path) == 0 : -1;
}

/* Step s and hand each row to fn. n counts the rows. 0, fn's, LL_ERROR. */
static int each_run(struct state *st, sqlite3_stmt *s, store_run_fn fn, void *ctx,
		    int *n, struct ll_err *err)
{
	int rc = 0, step, free_before = lock_free_now(st);

	*n = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_run r;

		r.id = sqlite3_column_int64(s, 0);
		r.command = state_col_text(s, 1);
		r.mode = state_col_text(s, 2);
		r.started_at = state_col_text(s, 3);
		r.finished_at = state_col_text(s, 4);
		r.status = state_col_text(s, 5);
		r.inputs = state_col_text(s, 6);
		r.has_exit = sqlite3_column_type(s, 7) != SQLITE_NULL;
		r.exit_code = sqlite3_column_int64(s, 7);
		r.note = state_col_text(s, 8);
		if (r.status && !strcmp(r.status, "running") && dead_for_reader(st, free_before)) {
			r.status = "interrupted";
			r.note = DEAD_NOTE;
		}
		(*n)++;
		if ((rc = fn(ctx, &r)))
			break;
	}
	if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_run_find(struct state *st, int64_t id, store_run_fn fn, void *ctx,
		   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int n, rc;

	if (state_prepare(st, &s, "SELECT " RUN_COLS " FROM runs WHERE ?1 = 0 OR id = ?1"
			  " ORDER BY id DESC LIMIT 1", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = each_run(st, s, fn, ctx, &n, err);
	return rc ? rc : n > 0;
}

int store_run_recent(struct state *st, int limit, store_run_fn fn, void *ctx,
		     struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int n;

	if (state_prepare(st, &s, "SELECT " RUN_COLS " FROM (SELECT * FROM runs ORDER BY"
			  " id DESC LIMIT ?) ORDER BY id", err))
		return LL_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return each_run(st, s, fn, ctx, &n, err);
}

int store_run_last_plan(struct state *st, store_run_fn fn, void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int n, rc;

	if (state_prepare(st, &s, "SELECT " RUN_COLS " FROM runs WHERE command IN"
			  " ('run','plan') ORDER BY id DESC LIMIT 1", err))
		return LL_ERROR;
	rc = each_run(st, s, fn, ctx, &n, err);
	return rc ? rc : n > 0;
}
