/*
 * read.h - the read-only views of the state file: the audit workbook's
 * tables and counts (read_report.c), the planned documents of `plan
 * --json` (read_plan.c) and `status`'s summaries (read_status.c). Nothing here writes; each view hands its rows to a
 * callback as values or structs, never as SQL statements, and memory
 * stays bounded however many rows there are.
 */
#ifndef LL_STORE_READ_H
#define LL_STORE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "store/state.h"

/* ---- the workbook (report.c) ---- */

/* One value of a view's row: NULL, an integer, or text (borrowed until
 * the callback returns; len its bytes). */
enum store_type { STORE_NULL = 0, STORE_INT, STORE_TEXT };

struct store_value {
	enum store_type type;
	int64_t i;
	const char *s;
	size_t len;
};

#define STORE_ROW_MAX 24

struct store_row {
	int n;
	struct store_value v[STORE_ROW_MAX];
};

/*
 * The views, one per sheet; the columns of each row, in order. Money is
 * integer minor units; dates are YYYY-MM-DD text. Columns after the ones a
 * sheet shows ("then, for links") carry what its links are made of: a
 * position is the 1-based row of the target in its own view's order.
 *
 * FILES: path, format, status, reason, rows, settlements, first date,
 *   last date, size, content hash; by path.
 * SETTLEMENTS: platform, deposit id, start, end, deposit date, currency,
 *   deposit, events total, documents total, difference, tie (ties, rows
 *   do not tie, documents differ, not planned), events, documents, lines,
 *   paid via clearing, transfer to bank, note, source path; then, for
 *   links, the position of its first document in DOCUMENTS and of its
 *   first line in LINES (NULL when none); by platform, currency, deposit
 *   date, deposit id. Documents total and count: invoices and credit notes
 *   planned, posted or rejected (superseded and replaced versions do not
 *   count); lines: every line LINES shows for it.
 * DOCUMENTS (invoices, credit notes and every kind but payments and bank
 *   transfers): number, kind, Xero type, date, due date, contact,
 *   reference, currency, total (signed as it counts toward the deposit),
 *   status, deposit id, order id, batch, Xero id, message, source rows;
 *   then, for links, the Xero id when posted (else NULL), the Xero type,
 *   the kind, the settlement's position in SETTLEMENTS; by settlement, id.
 * PAYMENTS (payments and bank transfers): reference, kind, Xero type,
 *   date, currency, amount (positive, as in Xero), status, deposit id, the
 *   number of the document a payment pays, batch, Xero id, message; then,
 *   for links, as DOCUMENTS; by settlement, id.
 * LINES: document number, line, category, account, tax type, description,
 *   tracking, amount, currency, events, source rows; by settlement,
 *   document, line.
 * REJECTS (the current ones): severity, code, path, line, message, run;
 *   by path, line, id.
 * HISTORY (rejects a later run resolved, store_reject_retire): run,
 *   resolved by run, severity, code, path, line, message; by id.
 * BATCHES: id, run, seq, endpoint, method, documents, bytes, status.
 * CALLS: run, at, method, path, status, attempt, elapsed ms, problem.
 * TIE_MONTHS: platform, currency, month of the deposit date, deposits,
 *   source (events) total, deposit total, planned total, difference,
 *   status (ties, differs, not planned); by platform, currency, month.
 * RECON_LINES: platform, currency, month of the deposit date, line
 *   category, the sum of those lines (signed toward the deposit) over the
 *   invoices and credit notes that count (planned, posted, rejected); by
 *   platform, currency, month, category.
 */
enum store_view {
	STORE_VIEW_FILES,
	STORE_VIEW_SETTLEMENTS,
	STORE_VIEW_DOCUMENTS,
	STORE_VIEW_PAYMENTS,
	STORE_VIEW_LINES,
	STORE_VIEW_REJECTS,
	STORE_VIEW_HISTORY,
	STORE_VIEW_BATCHES,
	STORE_VIEW_CALLS,
	STORE_VIEW_TIE_MONTHS,
	STORE_VIEW_RECON_LINES
};

/* Every row of view v to fn; a non-zero return stops and is returned.
 * 0 or LL_ERROR. */
int store_read_view(struct state *st, enum store_view v,
		    int (*fn)(void *ctx, const struct store_row *row), void *ctx,
		    struct ll_err *err);

/* The counts of the workbook's Summary. */
enum store_count {
	STORE_COUNT_FILES,
	STORE_COUNT_FILES_RECOGNISED,  /* parsed, unchanged or duplicate */
	STORE_COUNT_FILES_SKIPPED,
	STORE_COUNT_FILES_ERRORS,
	STORE_COUNT_SETTLEMENTS,
	STORE_COUNT_DOCUMENTS,         /* invoices and credit notes */
	STORE_COUNT_MOVES,             /* payments and bank transfers */
	STORE_COUNT_LINES,
	STORE_COUNT_REJECT_ERRORS,
	STORE_COUNT_REJECT_WARNINGS,
	STORE_COUNT_BATCHES,
	STORE_COUNT_HISTORY            /* rejects a later run resolved */
};

int store_read_count(struct state *st, enum store_count what, int64_t *out,
		     struct ll_err *err);

/*
 * What planning found, as the state holds it after the run: the console's
 * plan summary (stages_print_plan) and the workbook's Summary both read it
 * here, so they say the same. Settlements tied and not tied (the status of
 * each deposit's row); duplicates and conflicts (the deposits seen again
 * and not imported: their `duplicate` warnings and `conflict` errors, which
 * live as long as the file that brought them); held back and left out.
 *
 * held_back and left_out are rows, from the completeness ledger (the
 * completeness table: store_read_completeness_totals, the Completeness
 * sheet's Rows by fate), with their money per currency as a person reads
 * it ("USD 45.00, GBP 3.00", "" when none): held back = rows that wait for
 * a later export; left out = rows not imported (unpaid, voided, untied,
 * duplicate, ...; docs/completeness.md).
 */
struct store_plan_counts {
	int64_t tied, untied, duplicate, conflict;
	int64_t held_back, left_out;
	char held_money[200], left_money[200];
};

int store_read_plan_counts(struct state *st, struct store_plan_counts *out,
			   struct ll_err *err);

/* Rows counted by status. */
enum store_group {
	STORE_GROUP_SETTLEMENTS,
	STORE_GROUP_DOCUMENTS,  /* invoices and credit notes */
	STORE_GROUP_MOVES       /* payments and bank transfers */
};

/* Each status of group g (NULL for rows without one) with its count, in
 * status order, to fn; a non-zero return stops and is returned.
 * 0 or LL_ERROR. */
int store_read_statuses(struct state *st, enum store_group g,
			int (*fn)(void *ctx, const char *status, int64_t n), void *ctx,
			struct ll_err *err);

/* ---- plan --json (cmd_plan.c) ---- */

/* A planned document as `plan --json` prints it (fields borrowed; order_id
 * may be NULL). */
struct store_planned_doc {
	const char *kind, *number, *body, *currency, *natural_key;
	int64_t total_minor, signed_minor;
	const char *platform, *deposit_id;   /* its settlement */
	const char *order_id, *source_rows;
	int64_t batch_seq;                   /* 0: in no batch */
};

/* Every planned document, in batch order then id, to fn; a non-zero
 * return stops and is returned. 0 or LL_ERROR. */
int store_read_planned(struct state *st,
		       int (*fn)(void *ctx, const struct store_planned_doc *d), void *ctx,
		       struct ll_err *err);

/* ---- status (cmd_status.c) ---- */

/* Documents grouped by platform, month of the document date, status and
 * currency (fields borrowed; "-" for a missing platform, month or
 * currency). Invoices and credit notes only. */
struct store_doc_group {
	const char *platform, *month, *status, *currency;
	int64_t count;
	int64_t total_minor;  /* sum of the totals */
	int64_t net_minor;    /* signed: credit notes and bills negative */
};

/* Every group, by platform, month, status (planned, posted, rejected,
 * undone, then the others), currency, to fn; a non-zero return stops and
 * is returned. 0 or LL_ERROR. */
int store_read_doc_groups(struct state *st,
			  int (*fn)(void *ctx, const struct store_doc_group *g), void *ctx,
			  struct ll_err *err);

/* Which documents a count is about. */
enum store_kinds {
	STORE_KINDS_ALL,
	STORE_KINDS_DOCUMENTS,  /* invoices, credit notes, bank transactions */
	STORE_KINDS_MOVES       /* payments and bank transfers */
};

/* The documents of those kinds in status (NULL: any status). 0 or LL_ERROR. */
int store_read_doc_count(struct state *st, enum store_kinds kinds, const char *status,
			 long long *out, struct ll_err *err);

/* What a resume would do next (status's Resume section). */
struct store_resume {
	long long lookup_batches;   /* batches sent with no settled answer */
	long long lookup_docs;      /* their documents still planned */
	long long planned_docs;     /* planned documents, lookups aside */
	long long planned_batches;  /* planned batches holding a planned document */
	long long unbatched;        /* planned documents in no open batch yet */
	long long rejected, superseded;
};

int store_read_resume(struct state *st, struct store_resume *out, struct ll_err *err);

#endif
