/*
 * takeback.c - documents as undo and a repost take them back
 * (takeback.h). Each outcome is written in the caller's transaction, one
 * transaction per document outcome (undo.c).
 */
#include "store/takeback.h"

#include <string.h>

#include "store/store_int.h"

int store_takeback_count(struct state *st, int64_t run, long *posted, long *undone,
			 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*posted = *undone = 0;
	if (state_prepare(st, &s,
			  "SELECT coalesce(sum(d.status='posted'),0),"
			  " coalesce(sum(d.status='undone'),0) FROM documents d"
			  " JOIN batches b ON b.id=d.batch_id WHERE b.run_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, run);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*posted = (long)sqlite3_column_int64(s, 0);
		*undone = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}

int store_takeback_each(struct state *st, int64_t run, int payments,
			int (*fn)(void *ctx, const struct store_takeback *d), void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  run == 0
				  ? "SELECT d.id, d.number, d.kind, d.xero_id, d.body FROM"
				    " documents d WHERE d.status='superseded' AND"
				    " (d.kind='Payment')=?2 ORDER BY d.kind='Invoice', d.id"
				  : "SELECT d.id, d.number, d.kind, d.xero_id, d.body FROM"
				    " documents d JOIN batches b ON b.id=d.batch_id WHERE"
				    " b.run_id=?1 AND d.status='posted' AND (d.kind='Payment')=?2"
				    " ORDER BY d.kind='Invoice', d.id", err))
		return LL_ERROR;
	if (run)
		sqlite3_bind_int64(s, 1, run);
	sqlite3_bind_int(s, 2, payments != 0);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_takeback d;

		d.id = sqlite3_column_int64(s, 0);
		d.number = state_col_text(s, 1);
		d.kind = state_col_text(s, 2);
		d.xero_id = state_col_text(s, 3);
		d.body = state_col_text(s, 4);
		if ((rc = fn(ctx, &d)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_takeback_record(struct state *st, int64_t id, const char *from, const char *to,
			  const char *msg, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (to ? state_stmt(st, &s, "UPDATE documents SET status=?4, message=?2 WHERE id=?3"
			    " AND status=?1", err)
	       : state_stmt(st, &s, "UPDATE documents SET message=?2 WHERE id=?3 AND"
			    " status=?1", err))
		return LL_ERROR;
	state_bind_text(s, 1, from);
	state_bind_text(s, 2, msg);
	sqlite3_bind_int64(s, 3, id);
	if (to)
		state_bind_text(s, 4, to);
	return state_step_done(st, s, err);
}

int store_takeback_superseded(struct state *st, int64_t id, struct store_superseded *out,
			      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (state_prepare(st, &s,
			  "SELECT d.settlement_id, substr(d.natural_key, 1,"
			  " instr(d.natural_key, '#superseded-') - 1), coalesce(t.source_id,"
			  " 0), coalesce(src.path, '') FROM documents d LEFT JOIN settlements t"
			  " ON t.id=d.settlement_id LEFT JOIN sources src ON src.id=t.source_id"
			  " WHERE d.id=? AND d.status='superseded'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->settlement_id = sqlite3_column_int64(s, 0);
		state_col_copy(s, 1, out->key, sizeof(out->key));
		out->source_id = sqlite3_column_int64(s, 2);
		state_col_copy(s, 3, out->path, sizeof(out->path));
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_takeback_refuse_new(struct state *st, int64_t sid, const char *key,
			      const char *msg, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s,
			  "UPDATE documents SET status='rejected', message=?1, natural_key="
			  " natural_key || '#refused-' || id WHERE settlement_id=?2 AND"
			  " status='planned' AND (natural_key=?3 OR NOT EXISTS (SELECT 1 FROM"
			  " documents WHERE settlement_id=?2 AND status='planned' AND"
			  " natural_key=?3))", err))
		return LL_ERROR;
	state_bind_text(s, 1, msg);
	sqlite3_bind_int64(s, 2, sid);
	state_bind_text(s, 3, key);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_takeback_restore(struct state *st, int64_t id, const char *key, const char *msg,
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s,
			  "UPDATE documents SET status='posted', natural_key=?, message=?"
			  " WHERE id=? AND status='superseded'", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	state_bind_text(s, 2, msg);
	sqlite3_bind_int64(s, 3, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
