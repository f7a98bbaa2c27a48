/*
 * completeness.c - the workbook's Completeness and Coverage sheets
 * (report_int.h, docs/report.md).
 *
 * Completeness: for each file, its rows and money per currency by fate
 * (imported, held back, left out) and reason, then a bold line with the
 * rows counted against the rows the file has (they must be equal: every
 * money row accounted for). Coverage: per platform, currency and kind of
 * deposit, the period the imported deposits cover and the days missing
 * between them (store_read_coverage, util/coverage.h).
 */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

#include "store/completeness.h"
#include "util/coverage.h"
#include "util/date.h"

static const struct col completeness_cols[] = {
	{ "File", COL_TEXT, 50, 0 },
	{ "Format", COL_TEXT, 24, 0 },
	{ "File rows", COL_COUNT, 10, 0 },
	{ "Currency", COL_TEXT, 9, 0 },
	{ "Fate", COL_TEXT, 10, 0 },
	{ "Reason", COL_TEXT, 22, 0 },
	{ "Rows", COL_COUNT, 9, 0 },
	{ "Amount", COL_MONEY, 15, 3 },
};

/* the sheet being written: the file whose entries are coming, its counts */
struct csheet {
	struct report *r;
	lxw_worksheet *ws;
	lxw_row_t row;
	char path[4096], format[64];
	int64_t file_rows, counted;
	int open;
};

static struct store_value text(const char *s)
{
	struct store_value v = { STORE_TEXT, 0, s ? s : "", s ? strlen(s) : 0 };

	return v;
}

static struct store_value num(int64_t i)
{
	struct store_value v = { STORE_INT, i, NULL, 0 };

	return v;
}

static struct store_value none(void)
{
	struct store_value v = { STORE_NULL, 0, NULL, 0 };

	return v;
}

/* the bold line closing a file: rows counted, and whether they are all */
static int close_file(struct csheet *w)
{
	struct store_row row;

	if (!w->open)
		return 0;
	w->open = 0;
	row.n = 8;
	row.v[0] = text(w->path);
	row.v[1] = text(w->format);
	row.v[2] = num(w->file_rows);
	row.v[3] = text("");
	row.v[4] = text("all");
	row.v[5] = text(w->counted == w->file_rows ? "every row counted"
						   : "ROWS NOT COUNTED ONCE");
	row.v[6] = num(w->counted);
	row.v[7] = none();
	return report_row(w->r, w->ws, ++w->row, &row, completeness_cols,
			  NCOLS(completeness_cols), 1);
}

static int completeness_row(void *ctx, const struct store_completeness *c)
{
	struct csheet *w = ctx;
	struct store_row row;

	if (w->open && strcmp(w->path, c->path) && close_file(w))
		return LL_ERROR;
	if (!w->open) {
		snprintf(w->path, sizeof(w->path), "%s", c->path);
		snprintf(w->format, sizeof(w->format), "%s", c->format);
		w->file_rows = c->file_rows;
		w->counted = 0;
		w->open = 1;
	}
	w->counted += c->rows;
	row.n = 8;
	row.v[0] = text(c->path);
	row.v[1] = text(c->format);
	row.v[2] = num(c->file_rows);
	row.v[3] = text(c->currency);
	row.v[4] = text(!strcmp(c->fate, "held") ? "held back"
			: !strcmp(c->fate, "left") ? "left out" : c->fate);
	row.v[5] = text(c->reason);
	row.v[6] = num(c->rows);
	row.v[7] = c->currency[0] ? num(c->amount_minor) : none();
	return report_row(w->r, w->ws, ++w->row, &row, completeness_cols,
			  NCOLS(completeness_cols), 0);
}

int report_sheet_completeness(struct report *r, const struct report_opts *o)
{
	struct csheet w;
	lxw_error e;

	(void)o;
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.ws = report_sheet_new(r, "Completeness", 0, 0);
	if (!w.ws)
		return LL_ERROR;
	worksheet_freeze_panes(w.ws, 1, 0);
	if (report_header(r, w.ws, 0, completeness_cols, NCOLS(completeness_cols)) ||
	    store_read_completeness(r->st, STORE_COMPLETENESS_FILES, 0, completeness_row, &w,
				    r->err) ||
	    close_file(&w))
		return LL_ERROR;
	e = worksheet_autofilter(w.ws, 0, 0, w.row, NCOLS(completeness_cols) - 1);
	if (e)
		return report_fail(r, e, "setting an autofilter");
	return report_widths(r, w.ws, completeness_cols, NCOLS(completeness_cols));
}

/* --- Coverage ------------------------------------------------------- */

static const struct col coverage_cols[] = {
	{ "Platform", COL_TEXT, 12, 0 },
	{ "Currency", COL_TEXT, 9, 0 },
	{ "Deposits of", COL_TEXT, 12, 0 },
	{ "First day", COL_DATE, 11, 0 },
	{ "Last day", COL_DATE, 11, 0 },
	{ "Deposits", COL_COUNT, 10, 0 },
	{ "Amount", COL_MONEY, 15, 1 },
	{ "Gaps", COL_COUNT, 7, 0 },
	{ "Days missing", COL_COUNT, 12, 0 },
	{ "Missing", COL_TEXT, 80, 0 },
};

struct vsheet {
	struct report *r;
	lxw_worksheet *ws;
	lxw_row_t row;
};

static int coverage_row(void *ctx, const struct store_coverage *c)
{
	struct vsheet *w = ctx;
	struct store_row row;
	char a[11], b[11], gaps[COVERAGE_GAPS_TEXT + 64];

	date_days_ymd(c->c->first, a);
	date_days_ymd(c->c->last, b);
	if (c->c->gaps_not_listed)
		snprintf(gaps, sizeof(gaps), "%s; and %ld more", c->c->gaps,
			 c->c->gaps_not_listed);
	else
		snprintf(gaps, sizeof(gaps), "%s", c->c->gaps);
	row.n = 10;
	row.v[0] = text(c->title);
	row.v[1] = text(c->currency);
	row.v[2] = text(c->noun);
	row.v[3] = text(a);
	row.v[4] = text(b);
	row.v[5] = num(c->c->deposits);
	row.v[6] = num(c->c->amount);
	row.v[7] = c->c->rule != COVERAGE_NONE ? num(c->c->ngaps) : none();
	row.v[8] = c->c->rule != COVERAGE_NONE ? num(c->c->missing_days) : none();
	row.v[9] = text(gaps);
	return report_row(w->r, w->ws, ++w->row, &row, coverage_cols, NCOLS(coverage_cols), 0);
}

int report_sheet_coverage(struct report *r, const struct report_opts *o)
{
	struct vsheet w = { r, NULL, 0 };
	lxw_error e;

	(void)o;
	w.ws = report_sheet_new(r, "Coverage", 0, 0);
	if (!w.ws)
		return LL_ERROR;
	worksheet_freeze_panes(w.ws, 1, 0);
	if (report_header(r, w.ws, 0, coverage_cols, NCOLS(coverage_cols)) ||
	    store_read_coverage(r->st, coverage_row, &w, r->err))
		return LL_ERROR;
	e = worksheet_autofilter(w.ws, 0, 0, w.row, NCOLS(coverage_cols) - 1);
	if (e)
		return report_fail(r, e, "setting an autofilter");
	return report_widths(r, w.ws, coverage_cols, NCOLS(coverage_cols));
}
