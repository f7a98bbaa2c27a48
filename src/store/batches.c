/*
 * batches.c - the batches table (batches.h): rebuilt by plan_batches from
 * the documents waiting to be sent, then claimed, settled and reloaded by
 * the posting stage.
 */
#include "store/batches.h"

#include "store/store_int.h"

int store_batch_reset_planned(struct state *st, struct ll_err *err)
{
	return state_exec(st,
			  /* a planned batch with a key was sent before and is to
			   * be sent again as it was (store_post_requeue) */
			  "UPDATE documents SET batch_id=NULL WHERE status='planned' AND"
			  " batch_id IN (SELECT id FROM batches WHERE status='planned'"
			  " AND idempotency_key IS NULL);"
			  "DELETE FROM batches WHERE status='planned' AND"
			  " idempotency_key IS NULL;", err);
}

int store_batch_each_batchable(struct state *st,
			       int (*fn)(void *ctx, const struct store_batchable *b),
			       void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT id, kind, length(body) FROM documents"
			  " WHERE status='planned' AND batch_id IS NULL AND"
			  /* a settlement's new versions wait until its
			   * superseded documents are out of Xero */
			  " settlement_id NOT IN (SELECT settlement_id FROM"
			  " documents WHERE status='superseded' AND"
			  " settlement_id IS NOT NULL) AND"
			  /* a payment waits until what it pays is in Xero */
			  " (kind<>'Payment' OR EXISTS (SELECT 1 FROM documents t"
			  " WHERE t.natural_key=substr(documents.natural_key, 1,"
			  " length(documents.natural_key) - 8) AND t.status='posted'))"
			  " ORDER BY CASE kind WHEN 'Invoice' THEN 0 WHEN 'CreditNote'"
			  " THEN 1 WHEN 'Payment' THEN 2 WHEN 'BankTransaction' THEN 3"
			  " ELSE 4 END, date, number", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_batchable b;

		b.id = sqlite3_column_int64(s, 0);
		b.kind = state_col_text(s, 1);
		b.body_len = (long)sqlite3_column_int64(s, 2);
		if ((rc = fn(ctx, &b)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_batch_max_seq(struct state *st, long *seq, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*seq = 0;
	if (state_prepare(st, &s, "SELECT coalesce(max(seq),0) FROM batches", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*seq = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}

int store_batch_insert(struct state *st, long seq, const char *endpoint, int64_t *id,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "INSERT INTO batches(run_id, seq, endpoint, method,"
		       " doc_count, bytes, status) VALUES(?,?,?,'PUT',0,0,'planned')", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, st->run_id);
	sqlite3_bind_int64(s, 2, seq);
	state_bind_text(s, 3, endpoint);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_batch_set_size(struct state *st, int64_t id, long docs, long bytes,
			 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE batches SET doc_count=?, bytes=? WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, docs);
	sqlite3_bind_int64(s, 2, bytes);
	sqlite3_bind_int64(s, 3, id);
	return state_step_done(st, s, err);
}

int store_batch_add_doc(struct state *st, int64_t id, int64_t doc, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE documents SET batch_id=? WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, doc);
	return state_step_done(st, s, err);
}

int store_batch_each_planned(struct state *st, int max,
			     int (*fn)(void *ctx, int64_t id, const char *endpoint),
			     void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT id, endpoint FROM batches WHERE status='planned' ORDER BY seq"
			  " LIMIT ?", err))
		return LL_ERROR;
	sqlite3_bind_int(s, 1, max);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, sqlite3_column_int64(s, 0), state_col_text(s, 1))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_batch_each_body(struct state *st, int64_t id,
			  int (*fn)(void *ctx, const char *body), void *ctx,
			  struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_stmt(st, &s,
		       "SELECT body FROM documents WHERE batch_id=? AND status='planned'"
		       " ORDER BY id", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	state_done(st, s);
	return rc;
}

int store_batch_claim(struct state *st, int64_t id, const char *key, long docs,
		      long body_bytes, int *claimed, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*claimed = 0;
	if (state_stmt(st, &s,
		       "UPDATE batches SET status='sent', idempotency_key=?1, run_id=?2"
		       " WHERE id=?3 AND status='planned' AND (SELECT count(*),"
		       " coalesce(sum(length(CAST(body AS BLOB))), 0) FROM documents"
		       " WHERE batch_id=?3 AND status='planned') = (?4, ?5)", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, st->run_id);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, docs);
	sqlite3_bind_int64(s, 5, body_bytes);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE)
		*claimed = sqlite3_changes(st->db) > 0;
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_batch_set_status(struct state *st, int64_t id, const char *status,
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE batches SET status=? WHERE id=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, id);
	return state_step_done(st, s, err);
}

int store_batch_left(struct state *st, int64_t id, long *left, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*left = 0;
	if (state_stmt(st, &s,
		       "SELECT count(*) FROM documents WHERE batch_id=? AND status='planned'",
		       err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*left = (long)sqlite3_column_int64(s, 0);
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_batch_settle_done(struct state *st, struct ll_err *err)
{
	return state_exec(st, "UPDATE batches SET status='done' WHERE status IN"
			  " ('sent','unknown') AND NOT EXISTS (SELECT 1 FROM documents d"
			  " WHERE d.batch_id=batches.id AND d.status='planned')", err);
}
