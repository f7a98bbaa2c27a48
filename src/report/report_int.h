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
 * Every sheet starts with report_sheet_new (set up for paper); what the
 * Summary, the charts and the Monthly sheet show is read once into
 * r->recon (recon.c).
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
	COL_WRAP,   /* free text (messages, notes): as COL_TEXT, wrapped in its width */
	COL_ROWS,   /* provenance "f:1-4,9;g:3"; cut between entries, N entries */
	COL_DATE,   /* "YYYY-MM-DD" becomes an Excel date; other text stays text */
	COL_ID,     /* integer shown plainly (line, run and batch numbers) */
	COL_COUNT,  /* integer with thousands separators */
	COL_MONEY   /* minor units; the currency code is in result column `cur` */
};

struct col {
	const char *header;
	enum col_kind kind;
	double width;   /* the widest the column grows to fit its values
			 * (text beyond is cut on paper); numbers and dates
			 * always fit */
	int cur;        /* COL_MONEY: index of the row's currency column */
};

struct table {
	const char *sheet;
	const struct col *cols;
	int ncols;
	enum store_view view; /* one row value per entry of cols, in order,
			       * then the values links are made of */
};

/* What a cell links to (cells.c). */
enum link_kind {
	LINK_SHEET = 1, /* row value `value`: a 1-based position in sheet
			 * `target` (its continuation sheets counted:
			 * "Lines (2)") */
	LINK_XERO       /* row values value, value+1, value+2: the Xero id
			 * (NULL: not posted, no link), Xero type and kind
			 * (links.c) */
};

/* A link on the cells of column col of a table (report_table_links). */
struct col_link {
	int col;
	enum link_kind kind;
	int value;          /* the row value the link is made of */
	const char *target; /* LINK_SHEET: the sheet's name */
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct report;

/* The reconciliation's groups of line categories (groups.c). */
enum recon_group {
	GROUP_SALES,        /* goods, shipping, gift wrap, promotions charged */
	GROUP_REFUNDS,      /* refunds, chargebacks, guarantee claims */
	GROUP_FEE_SELLING,  /* commissions, referral and payment fees */
	GROUP_FEE_FULFIL,   /* fulfilment, inbound shipping, shipping labels */
	GROUP_FEE_ADS,      /* advertising */
	GROUP_FEE_OTHER,    /* storage, subscriptions, other fees */
	GROUP_TAX,          /* tax collected, and tax the platform withholds */
	GROUP_OTHER,        /* reserves, reimbursements, adjustments, transfers */
	GROUP_N
};

/* The group of a line category ("Order/ItemPrice/Principal", the mapping
 * row's transaction type, amount type and description). */
enum recon_group report_group_of(const char *category);
/* Its heading on the Summary ("Gross sales", "Selling fees", ...). */
const char *report_group_name(enum recon_group g);

/* One platform × currency × month of deposit dates (recon.c). */
struct recon_month {
	char platform[32], currency[8], month[12];
	int64_t deposits;          /* how many */
	int64_t events, deposit, planned, diff; /* TIE_MONTHS */
	char status[16];           /* ties, differs, not planned */
	int64_t group[GROUP_N];    /* the lines that count, by group */
};

/* Documents of one key (a platform × currency, or a month) by status. */
struct recon_docs {
	char platform[32], currency[8], month[12];
	int64_t posted, planned, rejected;          /* how many */
	int64_t posted_net, planned_net, rejected_net; /* signed totals */
};

/* What the Summary, the charts and the Monthly sheet are made of, read
 * once per workbook; bounded by platforms × currencies × months, never by
 * documents or lines. */
struct recon {
	struct recon_month *m;     /* by platform, currency, month */
	size_t n, cap;
	struct recon_docs *pc;     /* by platform, currency (month "") */
	size_t npc, cappc;
	struct recon_docs *dm;     /* by month of the document date (platform "") */
	size_t ndm, capdm;
};

int recon_load(struct report *r, struct recon *out);
void recon_free(struct recon *rc);

struct report {
	struct state *st;
	const char *path;
	struct ll_err *err;
	lxw_workbook *wb;
	lxw_format *head, *title, *section, *note, *date, *id, *count[2], *money[2][4];
	lxw_format *text[2];      /* plain text is NULL: an empty format is
				   * looked up again for every cell */
	lxw_format *wrap;         /* COL_WRAP and the Read me's prose */
	lxw_format *link_text, *link_count; /* a hyperlink's cell */
	struct buf text_buf;      /* one cell's text, sanitised and capped */
	uint32_t rows_per_sheet;
	const struct report_opts *o;
	char shortcode[32];       /* the Xero organisation's ShortCode ("" unknown) */
	char run_line[512];       /* which run, when; the Summary and the footers */
	uint32_t urls;            /* links on the sheet being written */
	int has_moves;            /* payments or transfers: a Payments sheet */
	int has_history;          /* resolved rejects: a History sheet */
	struct recon recon;
	/* the widest value so far per column of the sheet being written */
	double widths[STORE_ROW_MAX];
};

/* The lines text t[0..len) takes wrapped in a column width characters
 * wide, at most WRAP_LINES_MAX (the rest is cut on paper). */
#define WRAP_LINES_MAX 4
int report_wrap_lines(const char *t, size_t len, double width);

/* A libxlsxwriter failure as err (the workbook's path, what failed). */
int report_fail(struct report *r, lxw_error e, const char *what);
/* One row of cells from column 0, a value of vals per entry of cols
 * (money in the row's currency); strong: bold; links as cols say. Widens
 * r->widths. 0 or LL_ERROR. */
int report_row(struct report *r, lxw_worksheet *ws, lxw_row_t row,
	       const struct store_row *vals, const struct col *cols, int ncols,
	       int strong);
/* The header row of cols at row (widths reset to the headers'). 0 or
 * LL_ERROR. */
int report_header(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		  const struct col *cols, int ncols);
/* Set the columns' widths from r->widths, each within its col's width. */
int report_widths(struct report *r, lxw_worksheet *ws, const struct col *cols,
		  int ncols);
/* A whole detail sheet: t's header, then its view's rows streamed in,
 * continued on "<sheet> (2)" past r->rows_per_sheet. 0 or LL_ERROR. */
int report_table(struct report *r, const struct table *t);
/* The same with links on some columns' cells (links[0..nlinks)). */
int report_table_links(struct report *r, const struct table *t,
		       const struct col_link *links, int nlinks);
/* A new sheet, set up for paper: landscape, one page wide (fit_height
 * pages tall, 0 = as many as needed), row header_row repeated on each
 * page (-1: none), the workbook's title, the sheet's name and the page
 * number in the footer. NULL (err filled) on failure. */
lxw_worksheet *report_sheet_new(struct report *r, const char *name, int header_row,
				int fit_height);
/* A link in the cell at (row, col) to url (internal: or https:), then
 * nothing else: the caller writes the cell's value over it with
 * r->link_text or r->link_count. 1 written; 0 when the sheet has as many
 * links as Excel allows (the value is then written plain); LL_ERROR. */
int report_link(struct report *r, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *url);
/* "internal:'Sheet (2)'!A5" for 1-based position pos of a detail sheet
 * of r (its continuation counted) into out. */
void report_sheet_ref(const struct report *r, const char *sheet, int64_t pos, char *out,
		      size_t outlen);
/* The Xero page of a posted document (links.c), into out: 0, or -1 when
 * Xero has no documented deep link for it (bank transfers) or xero_id is
 * not a Xero id. shortcode "" gives the link without the organisation. */
int report_xero_url(char *out, size_t outlen, const char *shortcode, const char *kind,
		    const char *xero_type, const char *xero_id);

/* r->run_line: which run the workbook shows (run_id; 0 the latest), its
 * status and times, and when it is written. 0, LL_ENOTFOUND for a run the
 * state does not have, LL_ERROR. */
int report_run_line(struct report *r, int64_t run_id);

/* The sheets, in the order report.c writes them (the sheet list there). */
int report_sheet_readme(struct report *r, const struct report_opts *o);
int report_sheet_summary(struct report *r, const struct report_opts *o);
int report_sheet_charts(struct report *r, const struct report_opts *o);
int report_sheet_files(struct report *r, const struct report_opts *o);
int report_sheet_completeness(struct report *r, const struct report_opts *o);
int report_sheet_coverage(struct report *r, const struct report_opts *o);
int report_sheet_settlements(struct report *r, const struct report_opts *o);
int report_sheet_documents(struct report *r, const struct report_opts *o);
int report_sheet_payments(struct report *r, const struct report_opts *o);
int report_sheet_lines(struct report *r, const struct report_opts *o);
int report_sheet_rejects(struct report *r, const struct report_opts *o);
int report_sheet_history(struct report *r, const struct report_opts *o);
int report_sheet_monthly(struct report *r, const struct report_opts *o);
int report_sheet_batches(struct report *r, const struct report_opts *o);
int report_sheet_calls(struct report *r, const struct report_opts *o);

/* The Monthly sheet's layout, which the charts point into (monthly.c):
 * the first data row (1-based, Excel's) of recon month i, and of the
 * documents-by-month table's month j. */
#define MONTHLY_SHEET "Monthly"
int monthly_row_of(const struct report *r, size_t i);
int monthly_docs_row_of(const struct report *r, size_t j);

#endif
