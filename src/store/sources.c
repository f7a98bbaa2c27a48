/*
 * sources.c - the sources table (sources.h): looked up by path before a
 * file is read, reset when it is read again, finished with its outcome;
 * and the two questions about what a source's settlements sent to Xero
 * (whether any, and dropping those of which nothing went).
 */
#include "store/sources.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

int store_source_find(struct state *st, const char *path, struct store_source *out,
		      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (state_stmt(st, &s, "SELECT id, size, mtime, status FROM sources WHERE path=?",
		       err))
		return LL_ERROR;
	state_bind_text(s, 1, path);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->size = sqlite3_column_int64(s, 1);
		out->mtime = sqlite3_column_int64(s, 2);
		state_col_copy(s, 3, out->status, sizeof(out->status));
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_source_start(struct state *st, const char *path, int64_t size, int64_t mtime,
		       int64_t *id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_stmt(st, &s,
		       "INSERT INTO sources(path, size, mtime, status, run_id)"
		       " VALUES(?,?,?,'reading',?) ON CONFLICT(path) DO UPDATE SET"
		       " size=excluded.size, mtime=excluded.mtime, status='reading',"
		       " reason=NULL, rows=0, settlements=0, first_date=NULL,"
		       " last_date=NULL, format=NULL, content_hash=NULL,"
		       " run_id=excluded.run_id RETURNING id", err))
		return LL_ERROR;
	state_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, size);
	sqlite3_bind_int64(s, 3, mtime);
	sqlite3_bind_int64(s, 4, st->run_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_source_finish(struct state *st, int64_t id, const struct store_source_end *e,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "UPDATE sources SET format=?, status=?, reason=?, rows=?,"
		       " settlements=?, first_date=?, last_date=?, content_hash=?"
		       " WHERE id=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, e->format);
	state_bind_text(s, 2, e->status);
	if (e->reason && e->reason[0])
		state_bind_text(s, 3, e->reason);
	sqlite3_bind_int64(s, 4, e->rows);
	sqlite3_bind_int64(s, 5, e->settlements);
	if (e->first_date && e->first_date[0]) {
		state_bind_text(s, 6, e->first_date);
		state_bind_text(s, 7, e->last_date);
	}
	state_bind_text(s, 8, e->hash);
	sqlite3_bind_int64(s, 9, id);
	return state_step_done(st, s, err);
}

int store_source_unchanged(struct state *st, int64_t id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE sources SET status='unchanged', run_id=(SELECT"
		       " max(id) FROM runs) WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return state_step_done(st, s, err);
}

void store_source_format(struct state *st, int64_t id, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;

	out[0] = '\0';
	if (state_stmt(st, &s, "SELECT format FROM sources WHERE id=?", NULL) == 0) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
			state_col_copy(s, 0, out, outlen);
		state_done(st, s);
	}
}

int store_source_sent(struct state *st, int64_t id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s,
			  "SELECT EXISTS(SELECT 1 FROM documents d JOIN settlements s ON"
			  " s.id=d.settlement_id LEFT JOIN batches b ON b.id=d.batch_id"
			  " WHERE s.source_id=? AND (d.status NOT IN ('planned','rejected')"
			  " OR coalesce(b.status, 'planned') <> 'planned'))", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_source_drop_unsent(struct state *st, int64_t id, struct ll_err *err)
{
#define UNSENT "SELECT s.id FROM settlements s WHERE s.source_id=?1 AND NOT EXISTS" \
	" (SELECT 1 FROM documents d LEFT JOIN batches b ON b.id=d.batch_id" \
	" WHERE d.settlement_id=s.id AND (d.status NOT IN ('planned','rejected') OR" \
	" coalesce(b.status, 'planned') <> 'planned'))"
	static const char *const sql[] = {
		"DELETE FROM lines WHERE document_id IN (SELECT id FROM"
		" documents WHERE settlement_id IN (" UNSENT "))",
		"DELETE FROM documents WHERE settlement_id IN (" UNSENT ")",
		"DELETE FROM settlements WHERE id IN (" UNSENT ")",
	};
#undef UNSENT
	size_t i;

	/* the deferred documents_minor values of rows about to go first
	 * (their ids may be taken again by the rows that replace them) */
	if (store_settlement_flush(st, err))
		return LL_ERROR;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *s = NULL;

		if (state_stmt(st, &s, sql[i], err))
			return LL_ERROR;
		sqlite3_bind_int64(s, 1, id);
		if (state_step_done(st, s, err))
			return LL_ERROR;
	}
	return 0;
}
