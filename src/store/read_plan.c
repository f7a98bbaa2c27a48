/*
 * read_plan.c - the planned documents as `plan --json` prints them
 * (read.h): with their settlement and the sequence of their batch.
 */
#include "store/read.h"

#include "store/store_int.h"

int store_read_planned(struct state *st,
		       int (*fn)(void *ctx, const struct store_planned_doc *d), void *ctx,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT d.kind, d.body, d.total_minor, d.currency, s.platform,"
			  " s.deposit_id, d.source_rows, d.order_id, d.number,"
			  " coalesce(b.seq, 0), d.natural_key, d.signed_minor"
			  " FROM documents d JOIN settlements s ON s.id=d.settlement_id"
			  " LEFT JOIN batches b ON b.id=d.batch_id"
			  " WHERE d.status='planned' ORDER BY b.seq, d.id", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_planned_doc d;

		d.kind = state_col_text(s, 0);
		d.body = state_col_text(s, 1);
		d.total_minor = sqlite3_column_int64(s, 2);
		d.currency = state_col_text(s, 3);
		d.platform = state_col_text(s, 4);
		d.deposit_id = state_col_text(s, 5);
		d.source_rows = state_col_text(s, 6);
		d.order_id = state_col_text(s, 7);
		d.number = state_col_text(s, 8);
		d.batch_seq = sqlite3_column_int64(s, 9);
		d.natural_key = state_col_text(s, 10);
		d.signed_minor = sqlite3_column_int64(s, 11);
		if ((rc = fn(ctx, &d)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
