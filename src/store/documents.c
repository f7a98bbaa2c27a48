/*
 * documents.c - documents and lines as planning writes them
 * (documents.h): every statement here runs once per document or line of
 * a plan, so each is a cached statement (state_stmt).
 */
#include "store/documents.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

/* 1 and *out for the first row of the cached statement sql with key bound
 * to ?1, 0 when none, LL_ERROR. */
static int doc_ref(struct state *st, const char *sql, const char *key,
		   struct store_doc_ref *out, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (state_stmt(st, &s, sql, err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		state_col_copy(s, 1, out->hash, sizeof(out->hash));
		state_col_copy(s, 2, out->number, sizeof(out->number));
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_doc_any_live(struct state *st, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s,
			  "SELECT EXISTS(SELECT 1 FROM documents WHERE status IN"
			  " ('posted','superseded','replaced')) OR EXISTS(SELECT 1 FROM"
			  " batches WHERE status IN ('sent','unknown'))", err))
		return LL_ERROR;
	rc = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_doc_posted(struct state *st, const char *key, struct store_doc_ref *out,
		     struct ll_err *err)
{
	return doc_ref(st, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='posted'", key, out, err);
}

int store_doc_inflight(struct state *st, const char *key, struct store_doc_ref *out,
		       struct ll_err *err)
{
	return doc_ref(st, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='planned' AND batch_id IN" SENT_BEFORE,
		       key, out, err);
}

/* Run the cached statement sql with ?1 = id. 0 or LL_ERROR. */
static int exec_id(struct state *st, const char *sql, int64_t id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, sql, err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return state_step_done(st, s, err);
}

/* Documents a new plan of a settlement replaces: not posted, and not in a
 * batch whose outcome is unknown (sent, no answer yet: it may be in Xero,
 * and only a lookup may say; see store_doc_inflight). */
#define REPLANNABLE                                                          \
	" status IN ('planned','rejected','undone') AND (batch_id IS NULL OR" \
	" batch_id NOT IN" SENT_BEFORE ")"

int store_doc_drop_replannable(struct state *st, int64_t sid, struct ll_err *err)
{
	return exec_id(st, "DELETE FROM lines WHERE document_id IN (SELECT id FROM"
		       " documents WHERE settlement_id=? AND" REPLANNABLE ")", sid, err) ||
	       exec_id(st, "DELETE FROM documents WHERE settlement_id=? AND" REPLANNABLE,
		       sid, err) ? LL_ERROR : 0;
}

int store_doc_posted_of(struct state *st, int64_t sid,
			int (*fn)(void *ctx, const char *key, int64_t id), void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_stmt(st, &s,
		       "SELECT natural_key, id FROM documents WHERE settlement_id=? AND"
		       " status='posted'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, sid);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0), sqlite3_column_int64(s, 1))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	state_done(st, s);
	return rc;
}

int store_doc_supersede(struct state *st, int64_t id, const char *msg,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "UPDATE documents SET status='superseded', natural_key="
		       " natural_key || '#superseded-' || id, message=? WHERE id=? AND"
		       " status='posted'", err))
		return LL_ERROR;
	state_bind_text(s, 1, msg);
	sqlite3_bind_int64(s, 2, id);
	return state_step_done(st, s, err);
}

int store_doc_versions(struct state *st, const char *key, const char *number,
		       int64_t *versions, int64_t *voided, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*versions = *voided = 0;
	if (state_stmt(st, &s,
		       "SELECT count(*), coalesce(sum(number=?2 AND (message LIKE"
		       " '%(voided)' OR (status='superseded' AND body LIKE"
		       " '%\"Status\":\"AUTHORISED\"%'))), 0) FROM documents WHERE"
		       " natural_key > ?1 || '#superseded-' AND"
		       " natural_key < ?1 || '#superseded.' AND"
		       " status IN ('superseded','replaced')", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	state_bind_text(s, 2, number);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*versions = sqlite3_column_int64(s, 0);
		*voided = sqlite3_column_int64(s, 1);
	} else {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_doc_number_taken(struct state *st, const char *number, const char *key,
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_stmt(st, &s,
		       "SELECT 1 FROM documents WHERE number=?1 AND natural_key<>?2 AND"
		       " NOT (natural_key > ?2 || '#superseded-' AND"
		       " natural_key < ?2 || '#superseded.')", err))
		return LL_ERROR;
	state_bind_text(s, 1, number);
	state_bind_text(s, 2, key);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

/* The lines of a document are inserted up to LINES_PER_INSERT a statement
 * (one statement cached per count). OR FAIL: a statement of several rows
 * that could stop half-way (NOT NULL, ABORT) keeps a statement journal of
 * every page it changes; a failure here fails the transaction anyway. */
#define LINES_PER_INSERT 8
#define LINE_VALUES "(?,?,?,?,?,?,?,?,?,?,?,?)"
#define LINES_INSERT "INSERT OR FAIL INTO lines(document_id, line_no, category," \
	" account_code, tax_type, description, tracking, amount_minor, event_count, source_rows," \
	" net_minor, tax_minor) VALUES"

static const char *const lines_sql[LINES_PER_INSERT] = {
	LINES_INSERT LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES ","
		LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES ","
		LINE_VALUES "," LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES ","
		LINE_VALUES "," LINE_VALUES "," LINE_VALUES,
	LINES_INSERT LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES ","
		LINE_VALUES "," LINE_VALUES "," LINE_VALUES "," LINE_VALUES,
};

/* lines [from, from+n) of d, of document doc_id, in one statement */
static int insert_lines(struct state *st, int64_t doc_id, const struct doc *d, size_t from,
			size_t n, struct ll_err *err)
{
	sqlite3_stmt *ls = NULL;
	size_t i;

	if (state_stmt(st, &ls, lines_sql[n - 1], err))
		return LL_ERROR;
	for (i = 0; i < n; i++) {
		const struct doc_line *l = &d->lines[from + i];
		int b = (int)i * 12;

		sqlite3_bind_int64(ls, b + 1, doc_id);
		sqlite3_bind_int64(ls, b + 2, (sqlite3_int64)(from + i) + 1);
		state_bind_text(ls, b + 3, l->category);
		state_bind_text(ls, b + 4, l->account);
		state_bind_text(ls, b + 5, l->tax_type);
		state_bind_text(ls, b + 6, l->description);
		state_bind_text(ls, b + 7, l->tracking);
		sqlite3_bind_int64(ls, b + 8, l->amount);
		sqlite3_bind_int64(ls, b + 9, l->event_count);
		state_bind_text(ls, b + 10, l->source_rows);
		sqlite3_bind_int64(ls, b + 11, l->net);
		sqlite3_bind_int64(ls, b + 12, l->booked_tax);
	}
	return state_step_done(st, ls, err);
}

int store_doc_insert(struct state *st, int64_t sid, const char *currency,
		     const struct doc *d, int64_t *id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int64_t doc_id;
	size_t i;

	if (state_stmt(st, &s,
		       "INSERT INTO documents(settlement_id, natural_key, kind, xero_type,"
		       " number, reference, contact, date, due_date, currency, total_minor,"
		       " signed_minor, status, content_hash, body, order_id, source_rows,"
		       " run_id, body_len) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'planned',?,?,?,?,?,"
		       " length(?14))", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, sid);
	state_bind_text(s, 2, d->natural_key);
	state_bind_text(s, 3, d->kind);
	state_bind_text(s, 4, d->xero_type);
	state_bind_text(s, 5, d->number);
	state_bind_text(s, 6, d->reference);
	state_bind_text(s, 7, d->contact);
	state_bind_text(s, 8, d->date);
	state_bind_text(s, 9, d->due_date);
	state_bind_text(s, 10, currency);
	sqlite3_bind_int64(s, 11, d->total);
	sqlite3_bind_int64(s, 12, d->signed_total);
	state_bind_text(s, 13, d->hash);
	state_bind_text(s, 14, d->body);
	if (d->order_id[0])
		state_bind_text(s, 15, d->order_id);
	state_bind_text(s, 16, d->source_rows);
	sqlite3_bind_int64(s, 17, st->run_id);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	doc_id = sqlite3_last_insert_rowid(st->db);
	if (id)
		*id = doc_id;
	for (i = 0; i < d->nlines; i += LINES_PER_INSERT) {
		size_t n = d->nlines - i < LINES_PER_INSERT ? d->nlines - i : LINES_PER_INSERT;

		if (insert_lines(st, doc_id, d, i, n, err))
			return LL_ERROR;
	}
	return 0;
}
