/*
 * rejects.c - the rejects table (rejects.h): recorded as the pipeline,
 * the posting stage and undo meet problems; cleared per source when a file
 * is read again; run-level ones retired to rejects_history when their
 * check runs again; counted for the exit code and the would-change total.
 */
#include "store/rejects.h"

#include <string.h>

#include "store/store_int.h"

int store_reject_add(struct state *st, int64_t source_id, const char *path,
		     long line, const char *severity, const char *code,
		     const char *message, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "INSERT INTO rejects(source_id, run_id, path, line, severity,"
		       " code, message) VALUES(?,?,?,?,?,?,?)", err))
		return LL_ERROR;
	if (source_id)
		sqlite3_bind_int64(s, 1, source_id);
	sqlite3_bind_int64(s, 2, st->run_id);
	state_bind_text(s, 3, path ? path : "");
	sqlite3_bind_int64(s, 4, line);
	state_bind_text(s, 5, severity);
	state_bind_text(s, 6, code);
	state_bind_text(s, 7, message);
	return state_step_done(st, s, err);
}

int store_reject_clear(struct state *st, int64_t source_id, const char *code,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (code ? state_stmt(st, &s, "DELETE FROM rejects WHERE code=?2 AND source_id=?1",
			      err)
		 : state_stmt(st, &s, "DELETE FROM rejects WHERE source_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	if (code)
		state_bind_text(s, 2, code);
	return state_step_done(st, s, err);
}

/* the earlier runs whose rejects a retire moves: all, or those of the
 * same command with the same inputs as the current run */
#define RETIRE_FROM                                                           \
	" source_id IS NULL AND code=?1 AND run_id<?2 AND (?3=0 OR run_id IN"  \
	" (SELECT o.id FROM runs o, runs c WHERE c.id=?2 AND o.command=c.command" \
	" AND o.inputs IS c.inputs))"

int store_reject_retire(struct state *st, const char *code, int same_inputs,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int own = !state_in_transaction(st), rc;

	if (own && state_begin(st, err))
		return LL_ERROR;
	rc = state_stmt(st, &s,
			"INSERT INTO rejects_history(run_id, resolved_run, source_id, path,"
			" line, severity, code, message) SELECT run_id, ?2, source_id, path,"
			" line, severity, code, message FROM rejects WHERE" RETIRE_FROM
			" ORDER BY id", err);
	if (!rc) {
		state_bind_text(s, 1, code);
		sqlite3_bind_int64(s, 2, st->run_id);
		sqlite3_bind_int(s, 3, same_inputs);
		rc = state_step_done(st, s, err);
	}
	if (!rc)
		rc = state_stmt(st, &s, "DELETE FROM rejects WHERE" RETIRE_FROM, err);
	if (!rc) {
		state_bind_text(s, 1, code);
		sqlite3_bind_int64(s, 2, st->run_id);
		sqlite3_bind_int(s, 3, same_inputs);
		rc = state_step_done(st, s, err);
	}
	if (own) {
		if (rc)
			state_rollback(st);
		else
			rc = state_commit(st, err);
	}
	return rc ? LL_ERROR : 0;
}

int store_reject_has_repost(struct state *st, int64_t source_id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_stmt(st, &s,
		       "SELECT 1 FROM rejects WHERE source_id=? AND code IN"
		       " ('would-change','repost-refused') LIMIT 1", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_reject_count_run(struct state *st, int64_t run_id, long *errors,
			   long *warnings, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*errors = *warnings = 0;
	if (state_prepare(st, &s,
			  "SELECT severity, count(*) FROM rejects WHERE source_id IN"
			  " (SELECT id FROM sources WHERE run_id=?1) OR"
			  " (source_id IS NULL AND run_id=?1) GROUP BY severity", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, run_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *sev = state_col_text(s, 0);

		if (!strcmp(sev, "error"))
			*errors = (long)sqlite3_column_int64(s, 1);
		else if (strcmp(sev, "note")) /* a note is information, not a problem */
			*warnings += (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : state_fail(st, err);
}

int store_reject_would_change(struct state *st, int64_t run_id,
			      int (*fn)(void *ctx, const char *message), void *ctx,
			      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT message FROM rejects WHERE code='would-change' AND"
			  " source_id IN (SELECT id FROM sources WHERE ?1=0 OR run_id=?1)", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, run_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
