/*
 * posting.c - documents as the posting stage reads and records them
 * (posting.h). A document leaves `planned` only here (and in undo's
 * takeback.c): posted or rejected by an answer matched by number, posted
 * when a lookup finds it, or sent again when a lookup does not.
 */
#include "store/posting.h"

#include "store/store_int.h"

/* the message of a document sent again after a lookup did not find it */
#define RESENT_MSG "not found in Xero after an unknown outcome; sent again"

/*
 * Steps s (rows of id, number, endpoint) to its end, handing each row to fn
 * until fn returns non-zero; s is finalized or, when cached, reset. Returns
 * fn's code, 0 at the end, or LL_ERROR with err set.
 */
static int each_unsettled(struct state *st, sqlite3_stmt *s,
			  int (*fn)(void *ctx, const struct store_unsettled *u), void *ctx,
			  struct ll_err *err)
{
	int rc = 0, step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_unsettled u;

		u.id = sqlite3_column_int64(s, 0);
		u.number = state_col_text(s, 1);
		u.endpoint = state_col_text(s, 2);
		if ((rc = fn(ctx, &u)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	state_done(st, s);
	return rc;
}

int store_post_each_planned(struct state *st,
			    int (*fn)(void *ctx, const struct store_planned *d), void *ctx,
			    struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT number, body, date, currency FROM documents"
			  " WHERE status='planned' ORDER BY id", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_planned d;

		d.number = state_col_text(s, 0);
		d.body = state_col_text(s, 1);
		d.date = state_col_text(s, 2);
		d.currency = state_col_text(s, 3);
		if ((rc = fn(ctx, &d)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_post_count_planned(struct state *st, long *n, struct ll_err *err)
{
	int64_t count;
	int rc = state_query_int64(st, "SELECT count(*) FROM documents WHERE status='planned'",
				   &count, err);

	*n = (long)count;
	return rc;
}

int store_post_answer(struct state *st, int64_t batch, const char *number,
		      const char *status, const char *xero_id, const char *msg,
		      int *changed, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	*changed = 0;
	if (state_stmt(st, &s,
		       "UPDATE documents SET status=?, xero_id=?, message=? WHERE"
		       " batch_id=? AND number=? AND status='planned'", err))
		return LL_ERROR;
	state_bind_text(s, 1, status);
	state_bind_text(s, 2, xero_id);
	state_bind_text(s, 3, msg);
	sqlite3_bind_int64(s, 4, batch);
	state_bind_text(s, 5, number);
	return state_step_changed(st, s, changed, err);
}

int store_post_was_resent(struct state *st, int64_t batch, const char *number,
			  struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_stmt(st, &s,
		       "SELECT 1 FROM documents WHERE batch_id=? AND number=? AND"
		       " status='planned' AND message='" RESENT_MSG "'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, batch);
	state_bind_text(s, 2, number);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_post_each_unsettled(struct state *st, int limit,
			      int (*fn)(void *ctx, const struct store_unsettled *u),
			      void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_prepare(st, &s,
			  "SELECT d.id, d.number, b.endpoint FROM documents d JOIN"
			  " batches b ON b.id=d.batch_id WHERE b.status IN"
			  " ('sent','unknown') AND d.status='planned'"
			  " ORDER BY b.endpoint, b.id, d.id LIMIT ?", err))
		return LL_ERROR;
	sqlite3_bind_int(s, 1, limit);
	return each_unsettled(st, s, fn, ctx, err);
}

int store_post_next_unsettled_batch(struct state *st, int64_t *batch, int *answered,
				    struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*batch = 0;
	*answered = 0;
	if (state_stmt(st, &s,
		       "SELECT b.id, b.status='unknown' FROM batches b WHERE b.status IN"
		       " ('sent','unknown') AND EXISTS (SELECT 1 FROM documents d WHERE d.batch_id=b.id AND"
		       " d.status='planned') ORDER BY b.endpoint, b.id LIMIT 1", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*batch = sqlite3_column_int64(s, 0);
		*answered = sqlite3_column_int(s, 1);
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_post_each_unsettled_of(struct state *st, int64_t batch, int64_t after_id,
				 int limit,
				 int (*fn)(void *ctx, const struct store_unsettled *u),
				 void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "SELECT d.id, d.number, b.endpoint FROM documents d JOIN"
		       " batches b ON b.id=d.batch_id WHERE b.id=?1 AND d.status='planned'"
		       " AND d.id > ?2 ORDER BY d.id LIMIT ?3", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, batch);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, limit);
	return each_unsettled(st, s, fn, ctx, err);
}

int store_post_requeue(struct state *st, int64_t batch, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "UPDATE documents SET message='" RESENT_MSG "' WHERE batch_id=?"
		       " AND status='planned'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, batch);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	if (state_stmt(st, &s, "UPDATE batches SET status='planned' WHERE id=? AND"
		       " status IN ('sent','unknown')", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, batch);
	return state_step_done(st, s, err);
}

int store_post_resend_rest(struct state *st, int64_t batch, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "UPDATE documents SET batch_id=NULL, message='" RESENT_MSG "'"
		       " WHERE batch_id=? AND status='planned'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, batch);
	return state_step_done(st, s, err);
}

int store_post_each_resent(struct state *st, const char *after_endpoint, int64_t after_id,
			   int limit, int (*fn)(void *ctx, const struct store_unsettled *u),
			   void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_prepare(st, &s,
			  "SELECT id, number, endpoint FROM (SELECT d.id, d.number, CASE"
			  " d.kind WHEN 'Payment' THEN 'Payments' WHEN 'BankTransaction' THEN"
			  " 'BankTransactions' ELSE 'BankTransfers' END"
			  " AS endpoint FROM documents d WHERE d.status='planned' AND"
			  " d.kind IN ('Payment','BankTransfer','BankTransaction') AND"
			  " d.message='" RESENT_MSG "'"
			  " AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id=d.batch_id AND"
			  " b.status IN ('sent','unknown'))) WHERE (endpoint, id) > (?1, ?2)"
			  " ORDER BY endpoint, id LIMIT ?3", err))
		return LL_ERROR;
	state_bind_text(s, 1, after_endpoint);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, limit);
	return each_unsettled(st, s, fn, ctx, err);
}

int store_post_found(struct state *st, int64_t id, const char *number,
		     const char *xero_id, int *changed, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	*changed = 0;
	if (state_stmt(st, &s,
		       "UPDATE documents SET status='posted', xero_id=?,"
		       " message='found in Xero after an unknown outcome'"
		       " WHERE id=? AND number=? AND status='planned'", err))
		return LL_ERROR;
	state_bind_text(s, 1, xero_id);
	sqlite3_bind_int64(s, 2, id);
	state_bind_text(s, 3, number);
	return state_step_changed(st, s, changed, err);
}

int store_post_resend(struct state *st, int64_t id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "UPDATE documents SET batch_id=NULL, message='" RESENT_MSG "'"
		       " WHERE id=? AND status='planned'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return state_step_done(st, s, err);
}

int store_post_reject_orphans(struct state *st, long *n, struct ll_err *err)
{
	*n = 0;
	if (state_exec(st,
		       "UPDATE documents SET status='rejected', message='not sent: the"
		       " document it pays was rejected by Xero' WHERE kind='Payment' AND"
		       " status='planned' AND batch_id IS NULL AND NOT EXISTS (SELECT 1"
		       " FROM documents t WHERE t.natural_key=substr(documents.natural_key,"
		       " 1, length(documents.natural_key) - 8) AND t.status IN"
		       " ('planned','posted'))", err))
		return LL_ERROR;
	*n = (long)sqlite3_changes(st->db);
	return 0;
}

int store_post_each_unsent(struct state *st, const char *after_kind, int64_t after_id,
			   int limit, int (*fn)(void *ctx, const struct store_unsent *u),
			   void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT d.id, d.number, d.kind, d.currency, d.total_minor FROM"
			  " documents d WHERE d.status='planned' AND (d.batch_id IS NULL OR"
			  " d.batch_id IN (SELECT id FROM batches WHERE status='planned')) AND"
			  " coalesce(d.message,'')<>'" RESENT_MSG "' AND"
			  " (d.settlement_id IS NULL OR d.settlement_id NOT IN (SELECT"
			  " settlement_id FROM documents WHERE status='superseded' AND"
			  " settlement_id IS NOT NULL)) AND (d.kind, d.id) > (?1, ?2)"
			  " ORDER BY d.kind, d.id LIMIT ?3", err))
		return LL_ERROR;
	state_bind_text(s, 1, after_kind);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_unsent u;

		u.id = sqlite3_column_int64(s, 0);
		u.number = state_col_text(s, 1);
		u.kind = state_col_text(s, 2);
		u.currency = state_col_text(s, 3);
		u.total_minor = sqlite3_column_int64(s, 4);
		if ((rc = fn(ctx, &u)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_post_adopt_batch(struct state *st, const char *endpoint, int64_t *batch,
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "INSERT INTO batches(run_id, seq, endpoint, method, doc_count, bytes,"
		       " status) VALUES(?1, (SELECT coalesce(max(seq),0)+1 FROM batches), ?2,"
		       " 'GET', 0, 0, 'done')", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, st->run_id);
	state_bind_text(s, 2, endpoint);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	*batch = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_post_adopt(struct state *st, int64_t id, const char *number, const char *xero_id,
		     int64_t batch, int *changed, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*changed = 0;
	if (state_stmt(st, &s,
		       "UPDATE documents SET status='posted', xero_id=?1, batch_id=?2,"
		       " message='" STORE_ADOPTED_MSG "' WHERE id=?3 AND number=?4 AND"
		       " status='planned'", err))
		return LL_ERROR;
	state_bind_text(s, 1, xero_id);
	sqlite3_bind_int64(s, 2, batch);
	sqlite3_bind_int64(s, 3, id);
	state_bind_text(s, 4, number);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		*changed = sqlite3_changes(st->db) > 0;
		state_done(st, s);
		/* the adoption batch counts what it holds */
		if (*changed && state_stmt(st, &s, "UPDATE batches SET doc_count=doc_count+1"
					   " WHERE id=?", err))
			return LL_ERROR;
		if (!*changed)
			return 0;
		sqlite3_bind_int64(s, 1, batch);
		return state_step_done(st, s, err);
	}
	state_fail(st, err);
	state_done(st, s);
	return LL_ERROR;
}

int store_post_adopt_differs(struct state *st, int64_t id, const char *msg, int *changed,
			     struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	*changed = 0;
	if (state_stmt(st, &s,
		       "UPDATE documents SET status='rejected', message=? WHERE id=? AND"
		       " status='planned'", err))
		return LL_ERROR;
	state_bind_text(s, 1, msg);
	sqlite3_bind_int64(s, 2, id);
	return state_step_changed(st, s, changed, err);
}
