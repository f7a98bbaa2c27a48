/*
 * summary.c - the workbook's Summary sheet (report_int.h): the run it
 * describes, the per-month tie table of deposits against documents, and
 * beside it the counts block (files, settlements, documents by status,
 * rejects). The one sheet laid out by hand.
 */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

#include "store/runs.h"
#include "util/date.h"
#include "util/money.h"

struct side {
	struct {
		char label[64];
		int64_t value;
	} e[SIDE_MAX];
	int n, next;
	lxw_row_t first;
};

#define SIDE_COL 10

static void side_add(struct side *sd, const char *a, const char *b,
		     int64_t value)
{
	if (sd->n >= SIDE_MAX)
		return;
	snprintf(sd->e[sd->n].label, sizeof(sd->e[sd->n].label), "%s%s%s", a,
		 b ? " " : "", b ? b : "");
	sd->e[sd->n++].value = value;
}

/* Write the counts-block entries that belong on rows up to `row`. */
static int side_upto(struct report *r, lxw_worksheet *ws, struct side *sd,
		     lxw_row_t row)
{
	while (sd->next < sd->n && sd->first + (lxw_row_t)sd->next <= row) {
		lxw_row_t at = sd->first + (lxw_row_t)sd->next;
		lxw_error e = worksheet_write_string(ws, at, SIDE_COL,
						     sd->e[sd->next].label, NULL);

		if (!e)
			e = worksheet_write_number(ws, at, SIDE_COL + 1,
						   (double)sd->e[sd->next].value,
						   r->count[0]);
		if (e)
			return report_fail(r, e, "writing the counts");
		sd->next++;
	}
	return 0;
}

/* The statuses of a group found in the state (side_statuses). */
#define STATUS_MAX 32
struct found {
	char status[STATUS_MAX][32];
	int64_t n[STATUS_MAX];
	int count;
};

static int found_one(void *ctx, const char *status, int64_t n)
{
	struct found *f = ctx;

	if (!status || f->count >= STATUS_MAX)
		return 0;
	snprintf(f->status[f->count], sizeof(f->status[0]), "%s", status);
	f->n[f->count++] = n;
	return 0;
}

/* "<label> <status>" counts of group g: the known statuses always (0 when
 * absent), then any other status found. */
static int side_statuses(struct report *r, struct side *sd, const char *label,
			 enum store_group g, const char *const *known)
{
	struct found f;
	int i, k;

	f.count = 0;
	if (store_read_statuses(r->st, g, found_one, &f, r->err))
		return LL_ERROR;
	for (i = 0; known[i]; i++) {
		int64_t n = 0;

		for (k = 0; k < f.count; k++)
			if (!strcmp(f.status[k], known[i]))
				n = f.n[k];
		side_add(sd, label, known[i], n);
	}
	for (k = 0; k < f.count; k++) {
		for (i = 0; known[i] && strcmp(known[i], f.status[k]); i++)
			;
		if (!known[i])
			side_add(sd, label, f.status[k], f.n[k]);
	}
	return 0;
}

static int summary_counts(struct report *r, struct side *sd)
{
	static const char *const settlement_st[] = {
		"tied", "untied", "conflict", "duplicate", NULL };
	static const char *const document_st[] = {
		"planned", "posted", "rejected", NULL };
	static const struct {
		const char *label;
		enum store_count what;
	} plain[] = {
		{ "Files", STORE_COUNT_FILES },
		{ "Files recognised", STORE_COUNT_FILES_RECOGNISED },
		{ "Files skipped", STORE_COUNT_FILES_SKIPPED },
		{ "Files with errors", STORE_COUNT_FILES_ERRORS },
		{ "Settlements", STORE_COUNT_SETTLEMENTS },
	}, tail[] = {
		{ "Documents", STORE_COUNT_DOCUMENTS },
		{ "Lines", STORE_COUNT_LINES },
		{ "Rejects (rows or files not used)", STORE_COUNT_REJECT_ERRORS },
		{ "Warnings", STORE_COUNT_REJECT_WARNINGS },
		{ "Batches", STORE_COUNT_BATCHES },
	};
	int64_t n;
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (store_read_count(r->st, plain[i].what, &n, r->err))
			return LL_ERROR;
		side_add(sd, plain[i].label, NULL, n);
	}
	if (side_statuses(r, sd, "Settlements", STORE_GROUP_SETTLEMENTS, settlement_st))
		return LL_ERROR;
	if (store_read_count(r->st, tail[0].what, &n, r->err))
		return LL_ERROR;
	side_add(sd, tail[0].label, NULL, n);
	if (side_statuses(r, sd, "Documents", STORE_GROUP_DOCUMENTS, document_st))
		return LL_ERROR;
	if (store_read_count(r->st, STORE_COUNT_MOVES, &n, r->err))
		return LL_ERROR;
	if (n) {
		/* payments and transfers (order mode, day summaries) */
		side_add(sd, "Payments and transfers", NULL, n);
		if (side_statuses(r, sd, "Payments and transfers", STORE_GROUP_MOVES,
				  document_st))
			return LL_ERROR;
	}
	for (i = 1; i < sizeof(tail) / sizeof(tail[0]); i++) {
		if (store_read_count(r->st, tail[i].what, &n, r->err))
			return LL_ERROR;
		side_add(sd, tail[i].label, NULL, n);
	}
	return 0;
}

/* The run line of the Summary (summary_run). */
struct run_line {
	struct side *sd;
	char *out;
	size_t outlen;
	const char *now;
};

static int run_line(void *ctx, const struct store_run *run)
{
	struct run_line *l = ctx;

	snprintf(l->out, l->outlen, "Run %lld (%s, %s), started %s, finished %s. Written %s.",
		 (long long)run->id, run->command ? run->command : "?",
		 run->status ? run->status : "?", run->started_at ? run->started_at : "?",
		 run->finished_at ? run->finished_at : "not yet", l->now);
	side_add(l->sd, "Run", NULL, run->id);
	return 0;
}

/* One line on the run: which, what, when. LL_ENOTFOUND for an unknown id. */
static int summary_run(struct report *r, int64_t run_id, struct side *sd,
		       char *out, size_t outlen)
{
	char now[32];
	struct run_line l = { sd, out, outlen, now };
	int found;

	state_now(now);
	found = store_run_find(r->st, run_id, run_line, &l, r->err);
	if (found < 0)
		return LL_ERROR;
	if (!found && run_id == 0)
		snprintf(out, outlen, "No run recorded yet. Written %s.", now);
	if (!found && run_id != 0)
		return ll_err_set(r->err, LL_ENOTFOUND, state_path(r->st), 0,
				  "run %lld is not in the state file",
				  (long long)run_id);
	return 0;
}

/* The tie table of the Summary being written, with the counts beside. */
struct tie_rows {
	struct report *r;
	lxw_worksheet *ws;
	struct side *sd;
	const struct col *cols;
	int ncols;
	lxw_row_t row;
	int strong;
};

static int tie_row(void *ctx, const struct store_row *vals)
{
	struct tie_rows *t = ctx;

	t->row++;
	return side_upto(t->r, t->ws, t->sd, t->row) ||
	       report_row(t->r, t->ws, t->row, vals, t->cols, t->ncols, t->strong)
		       ? LL_ERROR : 0;
}

int report_sheet_summary(struct report *r, const struct report_opts *o)
{
	static const struct col cols[] = {
		{ "Platform", COL_TEXT, 12, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Month", COL_TEXT, 11, 0 },
		{ "Deposits", COL_COUNT, 9, 0 },
		{ "Source total", COL_MONEY, 15, 1 },
		{ "Deposit total", COL_MONEY, 15, 1 },
		{ "Planned total", COL_MONEY, 15, 1 },
		{ "Difference", COL_MONEY, 13, 1 },
		{ "Status", COL_TEXT, 12, 0 },
	};
	struct side *sd = calloc(1, sizeof(*sd));
	struct tie_rows t;
	lxw_worksheet *ws;
	lxw_row_t row = 3;
	lxw_error e;
	char line[512] = "";
	int rc = LL_ERROR, pass;

	if (!sd)
		return ll_err_set(r->err, LL_ERROR, r->path, 0, "out of memory");
	if ((rc = summary_run(r, o->run_id, sd, line, sizeof(line))) != 0 ||
	    (rc = summary_counts(r, sd)) != 0)
		goto done;
	rc = LL_ERROR;
	ws = workbook_add_worksheet(r->wb, "Summary");
	if (!ws) {
		ll_err_set(r->err, LL_ERROR, r->path, 0,
			   "audit workbook: cannot add sheet Summary");
		goto done;
	}
	worksheet_freeze_panes(ws, 4, 0);
	e = worksheet_write_string(ws, 0, 0, o->title ? o->title : "ledgerlift audit",
				   r->title);
	if (!e)
		e = worksheet_write_string(ws, 1, 0, line, NULL);
	if (!e)
		e = worksheet_set_column(ws, SIDE_COL - 1, SIDE_COL - 1, 3, NULL);
	if (!e)
		e = worksheet_set_column(ws, SIDE_COL, SIDE_COL, 32, NULL);
	if (!e)
		e = worksheet_set_column(ws, SIDE_COL + 1, SIDE_COL + 1, 11, NULL);
	if (e) {
		report_fail(r, e, "writing the Summary");
		goto done;
	}
	if (report_header(r, ws, row, cols, NCOLS(cols)))
		goto done;
	e = worksheet_write_string(ws, row, SIDE_COL, "Counts", r->head);
	if (!e)
		e = worksheet_write_string(ws, row, SIDE_COL + 1, "Number", r->head);
	if (e) {
		report_fail(r, e, "writing the Summary");
		goto done;
	}
	sd->first = row + 1;

	/* Pass 0: the tie table by platform, currency and month. Pass 1,
	 * after a blank row: grand totals per currency, in bold. */
	t.r = r;
	t.ws = ws;
	t.sd = sd;
	t.cols = cols;
	t.ncols = NCOLS(cols);
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			row++;
		t.row = row;
		t.strong = pass;
		if (store_read_view(r->st, pass ? STORE_VIEW_TIE_CURRENCIES : STORE_VIEW_TIE_MONTHS,
				    tie_row, &t, r->err))
			goto done;
		row = t.row;
		if (pass)
			break;
		/* Before any later row: constant_memory has flushed earlier ones. */
		e = worksheet_autofilter(ws, 3, 0, row, (lxw_col_t)(NCOLS(cols) - 1));
		if (e) {
			report_fail(r, e, "setting an autofilter");
			goto done;
		}
	}
	if (side_upto(r, ws, sd, LXW_ROW_MAX))
		goto done;
	worksheet_activate(ws);
	rc = 0;
done:
	free(sd);
	return rc;
}
