/*
 * read_report.c - the workbook's views and counts (read.h). Each view is
 * one statement streamed row by row to the caller, so the workbook's
 * memory stays bounded however large the state file is.
 */
#include "store/read.h"

#include <string.h>

#include "store/completeness.h"
#include "store/store_int.h"

/* Documents counted per settlement: all statuses (a rejected document is
 * still part of the plan that must tie; its status says why it is not in
 * Xero). */
/* per settlement: what its documents count toward the deposit (versions
 * taken back or replaced do not count, as in the state's documents_minor;
 * a day of a PayPal account counts its bank transactions and its transfers
 * to and from the bank, whose signed totals are what they move the account
 * by; an order-mode transfer's is 0), how many; and what its payments
 * moved into the clearing account and its transfer moved on to the bank
 * (NULL when there are none) */
#define COUNTED_KIND                                                       \
	" (kind IN ('Invoice','CreditNote','BankTransaction') OR"          \
	"  (kind='BankTransfer' AND signed_minor<>0))"
#define DOCS_BY_SETTLEMENT                                                 \
	"(SELECT settlement_id AS sid,"                                    \
	" sum(CASE WHEN" COUNTED_KIND " AND status IN"                     \
	"  ('planned','posted','rejected') THEN signed_minor ELSE 0 END)"  \
	"  AS total,"                                                      \
	" sum(" COUNTED_KIND " AND status IN"                              \
	"  ('planned','posted','rejected')) AS n,"                         \
	" sum(kind NOT IN ('Payment','BankTransfer') AND status IN"        \
	"  ('planned','posted','rejected')) AS ndocs,"                     \
	" sum(CASE WHEN kind='Payment' AND status IN ('planned','posted')" \
	"  THEN CASE WHEN xero_type IN ('ARCREDITPAYMENT','ACCPAYPAYMENT')"\
	"  THEN -total_minor ELSE total_minor END END) AS paid,"           \
	" sum(CASE WHEN kind='BankTransfer' AND status IN"                 \
	"  ('planned','posted') THEN total_minor END) AS moved"            \
	" FROM documents GROUP BY settlement_id)"

#define TIE_SELECT(platform, month)                                            \
	"SELECT " platform ", s.currency, " month ", count(*),"               \
	" sum(s.events_minor), sum(s.deposit_minor),"                         \
	" sum(coalesce(d.total, 0)),"                                          \
	" sum(s.deposit_minor) - sum(coalesce(d.total, 0)),"                   \
	" CASE WHEN sum(coalesce(d.n, 0)) = 0 THEN 'not planned'"              \
	"  WHEN sum(s.deposit_minor) = sum(coalesce(d.total, 0)) THEN 'ties'"  \
	"  ELSE 'differs' END"                                                 \
	" FROM settlements s LEFT JOIN " DOCS_BY_SETTLEMENT " d ON d.sid = s.id"

/* The documents the Documents sheet shows (all but what moves money) and
 * the payments and transfers of the Payments sheet. */
#define DOC_KINDS " d.kind NOT IN ('Payment','BankTransfer')"
#define MOVE_KINDS " d.kind IN ('Payment','BankTransfer')"

/* Positions (1-based rows in their sheet's order) for the links between
 * sheets: a settlement's first document and first line, and where each
 * settlement stands. Each is one pass over its table (a window function),
 * never a count per row. */
#define POS_DOCS                                                               \
	"dpos AS (SELECT sid, min(rn) AS first FROM (SELECT d.settlement_id AS"  \
	" sid, row_number() OVER (ORDER BY d.settlement_id, d.id) AS rn FROM"    \
	" documents d WHERE" DOC_KINDS ") GROUP BY sid)"
#define POS_LINES                                                              \
	"lpos AS (SELECT sid, min(rn) AS first, count(*) AS n FROM (SELECT"      \
	" d.settlement_id AS sid, row_number() OVER (ORDER BY d.settlement_id,"  \
	" d.id, l.line_no) AS rn FROM documents d JOIN lines l ON"               \
	" l.document_id = d.id) GROUP BY sid)"
#define SETTLEMENT_ORDER "platform, currency, deposit_date, deposit_id"
#define POS_SETTLEMENTS                                                        \
	"spos AS (SELECT id, row_number() OVER (ORDER BY " SETTLEMENT_ORDER ")"  \
	" AS rn FROM settlements)"

/* DOCUMENTS and PAYMENTS: the link columns after the shown ones */
#define DOC_LINKS                                                              \
	" CASE WHEN d.status = 'posted' THEN d.xero_id END, d.xero_type, d.kind," \
	" sp.rn"

static const char *const view_sql[] = {
	[STORE_VIEW_FILES] =
		"SELECT path, format, status, reason, rows, settlements,"
		" first_date, last_date, size, content_hash"
		" FROM sources ORDER BY path",
	[STORE_VIEW_SETTLEMENTS] =
		"WITH " POS_DOCS ", " POS_LINES
		" SELECT s.platform, s.deposit_id, s.start_date, s.end_date,"
		" s.deposit_date, s.currency, s.deposit_minor, s.events_minor,"
		" coalesce(d.total, 0), s.deposit_minor - coalesce(d.total, 0),"
		" CASE WHEN s.status = 'untied' THEN 'rows do not tie'"
		"  WHEN coalesce(d.n, 0) = 0 THEN 'not planned'"
		"  WHEN s.deposit_minor = d.total THEN 'ties' ELSE 'documents differ' END,"
		" s.event_count, coalesce(d.ndocs, 0), coalesce(lp.n, 0), d.paid,"
		" CASE WHEN s.deposit_minor < 0 THEN -d.moved ELSE d.moved END,"
		" s.note, src.path, dp.first, lp.first"
		" FROM settlements s LEFT JOIN " DOCS_BY_SETTLEMENT " d"
		" ON d.sid = s.id LEFT JOIN sources src ON src.id = s.source_id"
		" LEFT JOIN dpos dp ON dp.sid = s.id LEFT JOIN lpos lp ON lp.sid = s.id"
		" ORDER BY s.platform, s.currency, s.deposit_date, s.deposit_id",
	[STORE_VIEW_DOCUMENTS] =
		"WITH " POS_SETTLEMENTS
		" SELECT d.number, d.kind, d.xero_type, d.date, d.due_date,"
		" d.contact, d.reference, d.currency, d.signed_minor,"
		" (SELECT sum(tax_minor) FROM lines l WHERE l.document_id = d.id),"
		" d.status, s.deposit_id, d.order_id, d.batch_id,"
		" d.xero_id, d.message, d.source_rows," DOC_LINKS
		" FROM documents d LEFT JOIN settlements s ON s.id = d.settlement_id"
		" LEFT JOIN spos sp ON sp.id = d.settlement_id"
		" WHERE" DOC_KINDS " ORDER BY d.settlement_id, d.id",
	[STORE_VIEW_PAYMENTS] =
		"WITH " POS_SETTLEMENTS
		" SELECT d.number, d.kind, d.xero_type, d.date, d.currency,"
		" d.total_minor, d.status, s.deposit_id, p.number, d.batch_id,"
		" d.xero_id, d.message," DOC_LINKS
		" FROM documents d LEFT JOIN settlements s ON s.id = d.settlement_id"
		" LEFT JOIN spos sp ON sp.id = d.settlement_id"
		/* a payment's key is the key of what it pays + ":payment" */
		" LEFT JOIN documents p ON d.kind = 'Payment' AND p.natural_key ="
		"  substr(d.natural_key, 1, length(d.natural_key) - 8)"
		" WHERE" MOVE_KINDS " ORDER BY d.settlement_id, d.id",
	[STORE_VIEW_LINES] =
		"SELECT d.number, l.line_no, l.category, l.account_code,"
		" l.tax_type, l.description, l.tracking, l.amount_minor,"
		" d.currency, l.event_count, l.source_rows"
		" FROM documents d JOIN lines l ON l.document_id = d.id"
		" ORDER BY d.settlement_id, d.id, l.line_no",
	[STORE_VIEW_REJECTS] =
		"SELECT severity, code, path, line, message, run_id FROM rejects"
		" ORDER BY path, line, id",
	[STORE_VIEW_HISTORY] =
		"SELECT run_id, resolved_run, severity, code, path, line, message"
		" FROM rejects_history ORDER BY id",
	[STORE_VIEW_BATCHES] =
		"SELECT id, run_id, seq, endpoint, method, doc_count, bytes, status"
		" FROM batches ORDER BY run_id, seq, id",
	[STORE_VIEW_CALLS] =
		"SELECT run_id, at, method, path, status, attempt, elapsed_ms, problem"
		" FROM calls ORDER BY id",
	[STORE_VIEW_TIE_MONTHS] =
		TIE_SELECT("s.platform",
			   "coalesce(substr(s.deposit_date, 1, 7), '(no date)')")
		" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	[STORE_VIEW_RECON_LINES] =
		"SELECT s.platform, s.currency,"
		" coalesce(substr(s.deposit_date, 1, 7), '(no date)'), l.category,"
		" sum(l.amount_minor)"
		" FROM settlements s JOIN documents d ON d.settlement_id = s.id"
		" JOIN lines l ON l.document_id = d.id"
		" WHERE d.kind IN ('Invoice','CreditNote','BankTransaction') AND d.status IN"
		" ('planned','posted','rejected')"
		" GROUP BY 1, 2, 3, 4"
		/* a PayPal account's transfers to and from the bank count toward
		 * its day (what the day moved the account by); they have no lines */
		" UNION ALL SELECT s.platform, s.currency,"
		" coalesce(substr(s.deposit_date, 1, 7), '(no date)'), 'Transfer to or from the bank',"
		" sum(d.signed_minor)"
		" FROM settlements s JOIN documents d ON d.settlement_id = s.id"
		" WHERE d.kind = 'BankTransfer' AND d.signed_minor <> 0 AND d.status IN"
		" ('planned','posted','rejected')"
		" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
};

int store_read_view(struct state *st, enum store_view v,
		    int (*fn)(void *ctx, const struct store_row *row), void *ctx,
		    struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	struct store_row row;
	int rc = 0, step, i;

	const char *sql = v == STORE_VIEW_BY_ACCOUNT ? store_sql_by_account
			  : (size_t)v < sizeof(view_sql) / sizeof(view_sql[0]) ? view_sql[v] : NULL;

	if (!sql)
		return ll_err_set(err, LL_ERROR, NULL, 0, "no such view %d", (int)v);
	if (state_prepare(st, &s, sql, err))
		return LL_ERROR;
	row.n = sqlite3_column_count(s);
	if (row.n > STORE_ROW_MAX)
		row.n = STORE_ROW_MAX;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < row.n; i++) {
			struct store_value *x = &row.v[i];

			switch (sqlite3_column_type(s, i)) {
			case SQLITE_NULL:
				x->type = STORE_NULL;
				x->s = NULL;
				x->len = 0;
				x->i = 0;
				break;
			case SQLITE_INTEGER:
			case SQLITE_FLOAT:
				x->type = STORE_INT;
				x->i = sqlite3_column_int64(s, i);
				x->s = NULL;
				x->len = 0;
				break;
			default:
				x->type = STORE_TEXT;
				x->s = state_col_text(s, i);
				x->len = (size_t)sqlite3_column_bytes(s, i);
				x->i = 0;
			}
		}
		if ((rc = fn(ctx, &row)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

static const char *const count_sql[] = {
	[STORE_COUNT_FILES] = "SELECT count(*) FROM sources",
	[STORE_COUNT_FILES_RECOGNISED] = "SELECT count(*) FROM sources WHERE status"
		" IN ('parsed','unchanged','duplicate')",
	[STORE_COUNT_FILES_SKIPPED] = "SELECT count(*) FROM sources WHERE status = 'skipped'",
	[STORE_COUNT_FILES_ERRORS] = "SELECT count(*) FROM sources WHERE status = 'error'",
	[STORE_COUNT_SETTLEMENTS] = "SELECT count(*) FROM settlements",
	[STORE_COUNT_DOCUMENTS] = "SELECT count(*) FROM documents WHERE kind IN"
		" ('Invoice','CreditNote','BankTransaction')",
	[STORE_COUNT_MOVES] = "SELECT count(*) FROM documents WHERE kind IN"
		" ('Payment','BankTransfer')",
	[STORE_COUNT_LINES] = "SELECT count(*) FROM lines",
	[STORE_COUNT_REJECT_ERRORS] = "SELECT count(*) FROM rejects WHERE severity = 'error'",
	[STORE_COUNT_REJECT_WARNINGS] = "SELECT count(*) FROM rejects WHERE"
		" severity = 'warning'",
	[STORE_COUNT_BATCHES] = "SELECT count(*) FROM batches",
	[STORE_COUNT_HISTORY] = "SELECT count(*) FROM rejects_history",
};

int store_read_count(struct state *st, enum store_count what, int64_t *out,
		     struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*out = 0;
	if ((size_t)what >= sizeof(count_sql) / sizeof(count_sql[0]))
		return ll_err_set(err, LL_ERROR, NULL, 0, "no such count %d", (int)what);
	if (state_prepare(st, &s, count_sql[what], err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : state_fail(st, err);
}

int store_read_plan_counts(struct state *st, struct store_plan_counts *out,
			   struct ll_err *err)
{
	struct store_completeness_totals t;
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (state_prepare(st, &s,
			  /* one pass over the settlements for both counts (a
			   * re-plan of 1M WooCommerce rows: most of what is left) */
			  "SELECT coalesce(sum(status = 'tied'), 0),"
			  " coalesce(sum(status = 'untied'), 0),"
			  " (SELECT count(*) FROM rejects WHERE code = 'duplicate'),"
			  " (SELECT count(*) FROM rejects WHERE code = 'conflict')"
			  " FROM settlements", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->tied = sqlite3_column_int64(s, 0);
		out->untied = sqlite3_column_int64(s, 1);
		out->duplicate = sqlite3_column_int64(s, 2);
		out->conflict = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return state_fail(st, err);
	/* held back and left out: rows and money of the completeness ledger */
	if (store_read_completeness_totals(st, &t, err))
		return LL_ERROR;
	out->held_back = t.held;
	out->left_out = t.left;
	store_completeness_money_text(&t, "held", out->held_money, sizeof(out->held_money));
	store_completeness_money_text(&t, "left", out->left_money, sizeof(out->left_money));
	return 0;
}

static const char *const status_sql[] = {
	[STORE_GROUP_SETTLEMENTS] = "SELECT status, count(*) FROM settlements"
		" GROUP BY status ORDER BY status",
	[STORE_GROUP_DOCUMENTS] = "SELECT status, count(*) FROM documents WHERE kind IN"
		" ('Invoice','CreditNote','BankTransaction') GROUP BY status ORDER BY status",
	[STORE_GROUP_MOVES] = "SELECT status, count(*) FROM documents WHERE kind IN"
		" ('Payment','BankTransfer') GROUP BY status ORDER BY status",
};

int store_read_statuses(struct state *st, enum store_group g,
			int (*fn)(void *ctx, const char *status, int64_t n), void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if ((size_t)g >= sizeof(status_sql) / sizeof(status_sql[0]))
		return ll_err_set(err, LL_ERROR, NULL, 0, "no such group %d", (int)g);
	if (state_prepare(st, &s, status_sql[g], err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0), sqlite3_column_int64(s, 1))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
