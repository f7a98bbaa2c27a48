/*
 * read_status.c - the read models of `status` (read.h): documents grouped
 * for the table, counts by kind and status, and what a resume would do.
 */
#include "store/read.h"

#include <string.h>

#include "store/store_int.h"

int store_read_doc_groups(struct state *st,
			  int (*fn)(void *ctx, const struct store_doc_group *g), void *ctx,
			  struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT coalesce(s.platform,'-'), coalesce(substr(d.date,1,7),'-'),"
			  " d.status, coalesce(d.currency,'-'), count(*),"
			  " coalesce(sum(d.total_minor),0),"
			  " coalesce(sum(coalesce(d.signed_minor,d.total_minor)),0)"
			  " FROM documents d LEFT JOIN settlements s ON s.id=d.settlement_id"
			  " WHERE d.kind IN ('Invoice','CreditNote','BankTransaction')"
			  " GROUP BY 1,2,3,4 ORDER BY 1,2, CASE d.status WHEN 'planned' THEN 0"
			  " WHEN 'posted' THEN 1 WHEN 'rejected' THEN 2 WHEN 'undone' THEN 3"
			  " ELSE 4 END, 3, 4", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_doc_group g;

		g.platform = state_col_text(s, 0);
		g.month = state_col_text(s, 1);
		g.status = state_col_text(s, 2);
		g.currency = state_col_text(s, 3);
		g.count = sqlite3_column_int64(s, 4);
		g.total_minor = sqlite3_column_int64(s, 5);
		g.net_minor = sqlite3_column_int64(s, 6);
		if ((rc = fn(ctx, &g)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

/* One count(*) with an optional text parameter ?1. */
static int count(struct state *st, const char *sql, const char *arg, long long *out,
		 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*out = 0;
	if (state_prepare(st, &s, sql, err))
		return LL_ERROR;
	if (arg)
		state_bind_text(s, 1, arg);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}

int store_read_doc_count(struct state *st, enum store_kinds kinds, const char *status,
			 long long *out, struct ll_err *err)
{
	static const char *const sql[3][2] = {
		{ "SELECT count(*) FROM documents",
		  "SELECT count(*) FROM documents WHERE status=?" },
		{ "SELECT count(*) FROM documents WHERE kind IN"
		  " ('Invoice','CreditNote','BankTransaction')",
		  "SELECT count(*) FROM documents WHERE status=? AND"
		  " kind IN ('Invoice','CreditNote','BankTransaction')" },
		{ "SELECT count(*) FROM documents WHERE NOT kind IN"
		  " ('Invoice','CreditNote','BankTransaction')",
		  "SELECT count(*) FROM documents WHERE status=? AND"
		  " NOT kind IN ('Invoice','CreditNote','BankTransaction')" },
	};

	if ((unsigned)kinds > STORE_KINDS_MOVES)
		return ll_err_set(err, LL_ERROR, NULL, 0, "no such kinds %d", (int)kinds);
	return count(st, sql[kinds][status != NULL], status, out, err);
}

int store_read_resume(struct state *st, struct store_resume *out, struct ll_err *err)
{
	memset(out, 0, sizeof(*out));
	if (count(st, "SELECT count(*) FROM batches WHERE status IN ('sent','unknown')",
		  NULL, &out->lookup_batches, err) ||
	    count(st, "SELECT count(*) FROM documents d JOIN batches b ON"
		  " b.id=d.batch_id WHERE b.status IN ('sent','unknown') AND"
		  " d.status='planned'", NULL, &out->lookup_docs, err) ||
	    count(st, "SELECT count(*) FROM documents WHERE status='planned'", NULL,
		  &out->planned_docs, err) ||
	    count(st, "SELECT count(*) FROM batches b WHERE b.status='planned'"
		  " AND EXISTS (SELECT 1 FROM documents d WHERE"
		  " d.batch_id=b.id AND d.status='planned')", NULL, &out->planned_batches,
		  err) ||
	    /* planned but in no planned batch yet: batched at the next run */
	    count(st, "SELECT count(*) FROM documents d WHERE d.status='planned'"
		  " AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id=d.batch_id"
		  " AND b.status IN ('planned','sent','unknown'))", NULL, &out->unbatched,
		  err) ||
	    count(st, "SELECT count(*) FROM documents WHERE status='rejected'", NULL,
		  &out->rejected, err) ||
	    count(st, "SELECT count(*) FROM documents WHERE status='superseded'", NULL,
		  &out->superseded, err))
		return LL_ERROR;
	out->planned_docs -= out->lookup_docs;
	return 0;
}
