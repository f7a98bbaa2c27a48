/*
 * plan.c - documents into batches (plan.h).
 *
 * Planned batches are recomputed from scratch on every plan, so adding a
 * file or changing a mapping yields exactly the batches a fresh plan
 * would; the order is endpoint (Invoices, CreditNotes, Payments,
 * BankTransfers), date, number. A payment is batched only once the
 * document it pays is posted (a later round of the same run).
 */
#include "plan.h"

#include <stdio.h>
#include <string.h>
#include "store/store_int.h" /* until its SQL moves into src/store/ */

/* body bytes of the wrapper {"Invoices":[ ... ]} and separators */
#define WRAPPER_BYTES 32

static int insert_batch(struct state *st, sqlite3_stmt *ins, long seq,
			const char *endpoint, int64_t *id, struct ll_err *err)
{
	sqlite3_reset(ins);
	sqlite3_bind_int64(ins, 1, st->run_id);
	sqlite3_bind_int64(ins, 2, seq);
	sqlite3_bind_text(ins, 3, endpoint, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
				  sqlite3_errmsg(st->db));
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int close_batch(struct state *st, sqlite3_stmt *upd, int64_t id, long docs,
		       long bytes, struct ll_err *err)
{
	sqlite3_reset(upd);
	sqlite3_bind_int64(upd, 1, docs);
	sqlite3_bind_int64(upd, 2, bytes);
	sqlite3_bind_int64(upd, 3, id);
	if (sqlite3_step(upd) != SQLITE_DONE)
		return ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
				  sqlite3_errmsg(st->db));
	return 0;
}

const char *plan_endpoint(const char *kind)
{
	if (!strcmp(kind, "CreditNote"))
		return "CreditNotes";
	if (!strcmp(kind, "Payment"))
		return "Payments";
	if (!strcmp(kind, "BankTransfer"))
		return "BankTransfers";
	return "Invoices";
}

int plan_batches(struct state *st, struct plan_stats *out, struct ll_err *err)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *upd = NULL, *setb = NULL;
	char endpoint[32] = "";
	int64_t batch = 0;
	long seq = 0, docs = 0, bytes = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (state_begin(st, err))
		return LL_ERROR;
	rc = state_exec(st,
			"UPDATE documents SET batch_id=NULL WHERE status='planned' AND"
			" batch_id IN (SELECT id FROM batches WHERE status='planned');"
			"DELETE FROM batches WHERE status='planned';", err);
	if (rc)
		goto fail;
	if ((rc = state_prepare(st, &sel,
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
				" THEN 1 WHEN 'Payment' THEN 2 ELSE 3 END, date, number",
				err)) ||
	    (rc = state_prepare(st, &ins,
				"INSERT INTO batches(run_id, seq, endpoint, method,"
				" doc_count, bytes, status) VALUES(?,?,?,'PUT',0,0,'planned')",
				err)) ||
	    (rc = state_prepare(st, &upd,
				"UPDATE batches SET doc_count=?, bytes=? WHERE id=?", err)) ||
	    (rc = state_prepare(st, &setb,
				"UPDATE documents SET batch_id=? WHERE id=?", err)))
		goto fail;
	{
		sqlite3_stmt *mx = NULL;

		if ((rc = state_prepare(st, &mx, "SELECT coalesce(max(seq),0) FROM batches",
					err)))
			goto fail;
		if (sqlite3_step(mx) == SQLITE_ROW)
			seq = (long)sqlite3_column_int64(mx, 0);
		sqlite3_finalize(mx);
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t doc = sqlite3_column_int64(sel, 0);
		const char *kind = (const char *)sqlite3_column_text(sel, 1);
		const char *ep = plan_endpoint(kind);
		long len = (long)sqlite3_column_int64(sel, 2) + 1;

		if (!batch || strcmp(ep, endpoint) || docs >= PLAN_MAX_DOCS ||
		    bytes + len + WRAPPER_BYTES > (long)PLAN_MAX_BYTES) {
			if (batch && (rc = close_batch(st, upd, batch, docs, bytes, err)))
				goto fail;
			snprintf(endpoint, sizeof(endpoint), "%s", ep);
			if ((rc = insert_batch(st, ins, ++seq, ep, &batch, err)))
				goto fail;
			docs = 0;
			bytes = WRAPPER_BYTES;
			out->batches++;
		}
		docs++;
		bytes += len;
		out->documents++;
		sqlite3_reset(setb);
		sqlite3_bind_int64(setb, 1, batch);
		sqlite3_bind_int64(setb, 2, doc);
		if (sqlite3_step(setb) != SQLITE_DONE) {
			rc = ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
					sqlite3_errmsg(st->db));
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
				sqlite3_errmsg(st->db));
		goto fail;
	}
	if (batch && (rc = close_batch(st, upd, batch, docs, bytes, err)))
		goto fail;
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(setb);
	return state_commit(st, err);
fail:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(setb);
	state_rollback(st);
	return rc ? rc : LL_ERROR;
}
