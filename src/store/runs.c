/*
 * runs.c - the runs table (runs.h): a row started when a command begins,
 * finished with its status and exit code, and read back for the workbook's
 * header line, `status` and `undo`.
 */
#include "store/runs.h"

#include "store/store_int.h"

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

#define RUN_COLS "id, command, mode, started_at, finished_at, status, inputs, exit_code"

/* Step s and hand each row to fn. n counts the rows. 0, fn's, LL_ERROR. */
static int each_run(struct state *st, sqlite3_stmt *s, store_run_fn fn, void *ctx,
		    int *n, struct ll_err *err)
{
	int rc = 0, step;

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
