/*
 * report_int.h - what the parts of the audit workbook share (src/report/
 * only): the report being written, the table declaration a detail sheet
 * is made of, the cell writers, and one function per sheet.
 *
 * A sheet is a function `report_sheet_<name>(r, o)` in its own file (or
 * beside its kin: sheets.c holds the detail tables) and a row of the
 * sheet list in report.c, which writes them in order. A detail sheet is a
 * `struct table` (name, columns, the state's read view) handed to
 * report_table(); a hand-laid sheet (the Summary) writes its cells with
 * report_row/report_header and libxlsxwriter directly, using r's formats.
 */
#ifndef LL_REPORT_INT_H
#define LL_REPORT_INT_H

#include <stdint.h>

#include <xlsxwriter.h>

#include "report/report.h"
#include "store/read.h"
#include "util/buf.h"

#define CELL_MAX 32767        /* Excel's limit on a cell's text, UTF-16 units */
#define MARK_RESERVE 32       /* room kept for "…(+N more)" */
#define SHEET_ROWS_MAX (LXW_ROW_MAX - 1) /* data rows under the header */
#define SIDE_MAX 48           /* entries in the Summary counts block */

enum col_kind {
	COL_TEXT,   /* text; longer than a cell holds: cut, "…(+N more)" chars */
	COL_ROWS,   /* provenance "f:1-4,9;g:3"; cut between entries, N entries */
	COL_DATE,   /* "YYYY-MM-DD" becomes an Excel date; other text stays text */
	COL_ID,     /* integer shown plainly (line, run and batch numbers) */
	COL_COUNT,  /* integer with thousands separators */
	COL_MONEY   /* minor units; the currency code is in result column `cur` */
};

struct col {
	const char *header;
	enum col_kind kind;
	double width;
	int cur;    /* COL_MONEY: index of the row's currency column */
};

struct table {
	const char *sheet;
	const struct col *cols;
	int ncols;
	enum store_view view; /* one row value per entry of cols, in order */
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct report {
	struct state *st;
	const char *path;
	struct ll_err *err;
	lxw_workbook *wb;
	lxw_format *head, *title, *date, *id, *count[2], *money[2][4];
	lxw_format *text[2];      /* plain text is NULL: an empty format is
				   * looked up again for every cell */
	struct buf text_buf;      /* one cell's text, sanitised and capped */
	uint32_t rows_per_sheet;
};

/* A libxlsxwriter failure as err (the workbook's path, what failed). */
int report_fail(struct report *r, lxw_error e, const char *what);
/* One row of cells from column 0, a value of vals per entry of cols
 * (money in the row's currency); strong: bold. 0 or LL_ERROR. */
int report_row(struct report *r, lxw_worksheet *ws, lxw_row_t row,
	       const struct store_row *vals, const struct col *cols, int ncols,
	       int strong);
/* The header row of cols at row. 0 or LL_ERROR. */
int report_header(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		  const struct col *cols, int ncols);
/* A whole detail sheet: t's header, then its view's rows streamed in,
 * continued on "<sheet> (2)" past r->rows_per_sheet. 0 or LL_ERROR. */
int report_table(struct report *r, const struct table *t);

/* The sheets, in the order report.c writes them (the sheet list there). */
int report_sheet_summary(struct report *r, const struct report_opts *o);
int report_sheet_files(struct report *r, const struct report_opts *o);
int report_sheet_settlements(struct report *r, const struct report_opts *o);
int report_sheet_documents(struct report *r, const struct report_opts *o);
int report_sheet_lines(struct report *r, const struct report_opts *o);
int report_sheet_by_account(struct report *r, const struct report_opts *o);
int report_sheet_rejects(struct report *r, const struct report_opts *o);
int report_sheet_batches(struct report *r, const struct report_opts *o);
int report_sheet_calls(struct report *r, const struct report_opts *o);

#endif
