/*
 * report.c - the Excel audit workbook (report.h, docs/report.md).
 *
 * The workbook is written from the state file alone, inside one read
 * transaction so every sheet shows the same snapshot. Each sheet is a
 * table declared once as a `struct table`: its name, its columns (header,
 * kind, width) and the state's read view (store/read.h) that yields one
 * value per sheet column. table_write() streams the view's rows into the
 * sheet with libxlsxwriter in constant_memory mode (rows go to a temp file
 * as they are written, so they must come in order and each sheet is
 * finished before the next starts); memory stays bounded however many
 * documents and lines there are, and a table longer than a sheet goes on
 * in "Lines (2)". Money is stored as integer minor units and becomes a
 * double only when a cell is written, divided by 10^exponent of the row's
 * currency and shown with that many decimals. The Summary sheet is the
 * one hand-written layout: the per-month tie table with the counts block
 * beside it. The finished file reaches its path by temp file, fsync,
 * rename and folder fsync, so a crash never leaves half a workbook there.
 */
#include "report.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "store/read.h"
#include "store/runs.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"

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

/* --- errors --------------------------------------------------------- */

static int xlsx_fail(struct report *r, lxw_error e, const char *what)
{
	return ll_err_set(r->err, LL_ERROR, r->path, 0,
			  "audit workbook: %s: %s", what, lxw_strerror(e));
}

/* --- cell text: valid UTF-8, no control characters, capped ---------- */

/* Decode one code point of p[0..n); invalid bytes decode to U+FFFD, one
 * byte at a time. Returns the bytes consumed. */
static size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c = p[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Characters XML 1.0 cannot carry become U+FFFD. */
static uint32_t xml_safe(uint32_t c)
{
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
	    c == 0xFFFE || c == 0xFFFF)
		return 0xFFFD;
	return c;
}

static int utf8_put(struct buf *b, uint32_t c)
{
	char o[4];
	size_t n;

	if (c < 0x80) {
		o[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		o[0] = (char)(0xF0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	}
	return buf_add(b, o, n);
}

static int is_entry_sep(char c)
{
	return c == ',' || c == ';';
}

/*
 * Put s[0..n) into r->text_buf as text a cell can hold: valid UTF-8, no
 * control characters, at most CELL_MAX UTF-16 units. Longer text is cut
 * and ends in "…(+N more)": N characters, or for provenance (entries)
 * N entries, the text being cut after the last whole entry.
 */
static int cell_text(struct report *r, const unsigned char *s, size_t n,
		     int entries)
{
	struct buf *b = &r->text_buf;
	size_t i = 0, keep_len = 0, keep_in = 0;
	long units = 0, keep_units = 0, more = 0;
	uint32_t c;

	buf_reset(b);
	while (i < n) {
		size_t l = utf8_next(s + i, n - i, &c);
		int u = c >= 0x10000 ? 2 : 1;

		if (units + u > CELL_MAX)
			break;
		if (utf8_put(b, xml_safe(c)))
			goto nomem;
		units += u;
		i += l;
		if (units <= CELL_MAX - MARK_RESERVE) {
			keep_len = b->len;
			keep_in = i;
			keep_units = units;
		}
	}
	if (i >= n)
		return 0;

	/* Too long: keep the first part, count what is left out. */
	b->len = keep_len;
	b->ptr[keep_len] = '\0';
	if (entries) {
		size_t cut = keep_len, k;

		while (cut > 0 && !is_entry_sep(b->ptr[cut - 1]))
			cut--;
		if (cut > 0) {
			for (k = cut; k < keep_len; k++)
				more += is_entry_sep(b->ptr[k]);
			b->len = cut - 1;
			b->ptr[b->len] = '\0';
		} else {
			more = 0;
		}
		for (k = keep_in; k < n; k++)
			more += is_entry_sep((char)s[k]);
		more += 1;
	} else {
		long total = keep_units;

		for (i = keep_in; i < n;) {
			i += utf8_next(s + i, n - i, &c);
			total += c >= 0x10000 ? 2 : 1;
		}
		more = total - keep_units;
	}
	if (buf_printf(b, "\xE2\x80\xA6(+%ld more)", more))
		goto nomem;
	return 0;
nomem:
	return ll_err_set(r->err, LL_ERROR, r->path, 0,
			  "audit workbook: out of memory for a cell's text");
}

/* --- cells and rows ------------------------------------------------- */

static int64_t pow10_i(int e)
{
	int64_t d = 1;

	while (e-- > 0)
		d *= 10;
	return d;
}

static int money_exp(const char *cur)
{
	int e = cur ? currency_exponent(cur) : 2;

	return e < 0 || e > 3 ? 2 : e;
}

/* Value i of row as an integer (text read as SQLite would: its leading
 * digits). */
static int64_t value_int(const struct store_row *row, int i)
{
	const struct store_value *v = &row->v[i];
	const char *p = v->s;
	int64_t n = 0;
	int neg = 0;

	if (v->type != STORE_TEXT)
		return v->i;
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	return neg ? -n : n;
}

/* Value i of row as text (NULL when NULL); integers are written out. */
static const char *value_text(const struct store_row *row, int i, char num[24],
			      size_t *len)
{
	const struct store_value *v = &row->v[i];

	if (v->type == STORE_NULL)
		return NULL;
	if (v->type == STORE_TEXT) {
		*len = v->len;
		return v->s;
	}
	*len = (size_t)snprintf(num, 24, "%lld", (long long)v->i);
	return num;
}

/* Write value i of row as text (capped, see cell_text). */
static int text_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, const struct store_row *vals, int i, int entries,
		      int strong)
{
	char num[24];
	size_t len = 0;
	const char *t = value_text(vals, i, num, &len);
	lxw_error e;

	if (!t)
		return 0;
	if (cell_text(r, (const unsigned char *)t, len, entries))
		return LL_ERROR;
	if (r->text_buf.len == 0)
		return 0;
	e = worksheet_write_string(ws, row, c, buf_cstr(&r->text_buf),
				   r->text[strong]);
	return e ? xlsx_fail(r, e, "writing a cell") : 0;
}

/* Write value i of vals into (row, c) as col says. 0 or LL_ERROR. */
static int cell_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, const struct store_row *vals, int i,
		      const struct col *col, int strong)
{
	lxw_error e = LXW_NO_ERROR;
	char num[24];
	size_t len;
	const char *t;

	if (vals->v[i].type == STORE_NULL)
		return 0;
	switch (col->kind) {
	case COL_ID:
		e = worksheet_write_number(ws, row, c, (double)value_int(vals, i), r->id);
		break;
	case COL_COUNT:
		e = worksheet_write_number(ws, row, c, (double)value_int(vals, i),
					   r->count[strong]);
		break;
	case COL_MONEY: {
		int ex = money_exp(value_text(vals, col->cur, num, &len));
		int64_t minor = value_int(vals, i);

		/* The one place money becomes a double: the cell needs a number. */
		e = worksheet_write_number(ws, row, c,
					   (double)minor / (double)pow10_i(ex),
					   r->money[strong][ex]);
		break;
	}
	case COL_DATE: {
		lxw_datetime dt = { 0, 0, 0, 0, 0, 0.0 };
		int64_t days;

		t = value_text(vals, i, num, &len);
		if (t && date_parse_ymd(&days, t) == 0) {
			date_from_days(days, &dt.year, &dt.month, &dt.day);
			if (dt.year >= 1900 && dt.year <= 9999) {
				e = worksheet_write_datetime(ws, row, c, &dt, r->date);
				break;
			}
		}
		return text_write(r, ws, row, c, vals, i, 0, strong);
	}
	case COL_TEXT:
	case COL_ROWS:
		return text_write(r, ws, row, c, vals, i, col->kind == COL_ROWS,
				  strong);
	}
	return e ? xlsx_fail(r, e, "writing a cell") : 0;
}

static int row_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		     const struct store_row *vals, const struct col *cols, int ncols,
		     int strong)
{
	int i;

	for (i = 0; i < ncols && i < vals->n; i++)
		if (cell_write(r, ws, row, (lxw_col_t)i, vals, i, &cols[i], strong))
			return LL_ERROR;
	return 0;
}

/* Column widths and the header row at `row`. */
static int header_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
			const struct col *cols, int ncols)
{
	lxw_error e;
	int i;

	for (i = 0; i < ncols; i++) {
		e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
					 cols[i].width, NULL);
		if (!e)
			e = worksheet_write_string(ws, row, (lxw_col_t)i,
						   cols[i].header, r->head);
		if (e)
			return xlsx_fail(r, e, "writing a header");
	}
	return 0;
}

/* --- generic tables ------------------------------------------------- */

static int sheet_start(struct report *r, lxw_worksheet **out,
		       const struct table *t, int part)
{
	char name[32];

	if (part > 1)
		snprintf(name, sizeof(name), "%s (%d)", t->sheet, part);
	else
		snprintf(name, sizeof(name), "%s", t->sheet);
	*out = workbook_add_worksheet(r->wb, name);
	if (!*out)
		return ll_err_set(r->err, LL_ERROR, r->path, 0,
				  "audit workbook: cannot add sheet %s", name);
	worksheet_freeze_panes(*out, 1, 0);
	return header_write(r, *out, 0, t->cols, t->ncols);
}

static int sheet_finish(struct report *r, lxw_worksheet *ws,
			const struct table *t, lxw_row_t last)
{
	lxw_error e = worksheet_autofilter(ws, 0, 0, last,
					   (lxw_col_t)(t->ncols - 1));

	return e ? xlsx_fail(r, e, "setting an autofilter") : 0;
}

/* The sheet being streamed (table_write). */
struct streaming {
	struct report *r;
	const struct table *t;
	lxw_worksheet *ws;
	lxw_row_t row;
	int part;
};

static int table_row(void *ctx, const struct store_row *vals)
{
	struct streaming *w = ctx;

	if (w->row >= w->r->rows_per_sheet) {
		if (sheet_finish(w->r, w->ws, w->t, w->row) ||
		    sheet_start(w->r, &w->ws, w->t, ++w->part))
			return LL_ERROR;
		w->row = 0;
	}
	w->row++;
	return row_write(w->r, w->ws, w->row, vals, w->t->cols, w->t->ncols, 0);
}

/*
 * Stream the rows of view t->view into t->sheet (and "t->sheet (2)", ...
 * when there are more rows than a sheet holds). 0 or LL_ERROR.
 */
static int table_write(struct report *r, const struct table *t)
{
	struct streaming w = { r, t, NULL, 0, 1 };

	if (sheet_start(r, &w.ws, t, w.part) ||
	    store_read_view(r->st, t->view, table_row, &w, r->err))
		return LL_ERROR;
	return sheet_finish(r, w.ws, t, w.row);
}

/* --- the sheets ----------------------------------------------------- */

static int sheet_files(struct report *r)
{
	static const struct col cols[] = {
		{ "Path", COL_TEXT, 50, 0 },
		{ "Format", COL_TEXT, 22, 0 },
		{ "Status", COL_TEXT, 11, 0 },
		{ "Reason", COL_TEXT, 40, 0 },
		{ "Rows", COL_COUNT, 10, 0 },
		{ "Settlements", COL_COUNT, 11, 0 },
		{ "First date", COL_DATE, 11, 0 },
		{ "Last date", COL_DATE, 11, 0 },
		{ "Size (bytes)", COL_COUNT, 14, 0 },
		{ "Content hash", COL_TEXT, 34, 0 },
	};
	static const struct table t = {
		"Files", cols, NCOLS(cols), STORE_VIEW_FILES
	};

	return table_write(r, &t);
}

static int sheet_settlements(struct report *r)
{
	static const struct col cols[] = {
		{ "Platform", COL_TEXT, 10, 0 },
		{ "Deposit id", COL_TEXT, 16, 0 },
		{ "Start", COL_DATE, 11, 0 },
		{ "End", COL_DATE, 11, 0 },
		{ "Deposit date", COL_DATE, 12, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Deposit amount", COL_MONEY, 15, 5 },
		{ "Events total", COL_MONEY, 15, 5 },
		{ "Documents total", COL_MONEY, 15, 5 },
		{ "Difference", COL_MONEY, 13, 5 },
		{ "Check", COL_TEXT, 11, 0 },
		{ "Tie status", COL_TEXT, 10, 0 },
		{ "Events", COL_COUNT, 9, 0 },
		{ "Documents", COL_COUNT, 10, 0 },
		{ "Paid via clearing", COL_MONEY, 15, 5 },
		{ "Transfer to bank", COL_MONEY, 15, 5 },
		{ "Note", COL_TEXT, 50, 0 },
		{ "Source file", COL_TEXT, 50, 0 },
	};
	static const struct table t = {
		"Settlements", cols, NCOLS(cols), STORE_VIEW_SETTLEMENTS
	};

	return table_write(r, &t);
}

static int sheet_documents(struct report *r)
{
	static const struct col cols[] = {
		{ "Number", COL_TEXT, 22, 0 },
		{ "Kind", COL_TEXT, 11, 0 },
		{ "Xero type", COL_TEXT, 13, 0 },
		{ "Date", COL_DATE, 11, 0 },
		{ "Due date", COL_DATE, 11, 0 },
		{ "Contact", COL_TEXT, 24, 0 },
		{ "Reference", COL_TEXT, 28, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Counted total", COL_MONEY, 14, 7 },
		{ "Total", COL_MONEY, 14, 7 },
		{ "Status", COL_TEXT, 10, 0 },
		{ "Deposit id", COL_TEXT, 16, 0 },
		{ "Order id", COL_TEXT, 20, 0 },
		{ "Batch", COL_ID, 7, 0 },
		{ "Xero id", COL_TEXT, 38, 0 },
		{ "Message", COL_TEXT, 40, 0 },
		{ "Source rows", COL_ROWS, 40, 0 },
	};
	static const struct table t = {
		"Documents", cols, NCOLS(cols), STORE_VIEW_DOCUMENTS
	};

	return table_write(r, &t);
}

static int sheet_lines(struct report *r)
{
	static const struct col cols[] = {
		{ "Document", COL_TEXT, 22, 0 },
		{ "Line", COL_ID, 6, 0 },
		{ "Category", COL_TEXT, 34, 0 },
		{ "Account", COL_TEXT, 9, 0 },
		{ "Tax type", COL_TEXT, 12, 0 },
		{ "Description", COL_TEXT, 40, 0 },
		{ "Tracking", COL_TEXT, 20, 0 },
		{ "Amount", COL_MONEY, 14, 8 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Events", COL_COUNT, 8, 0 },
		{ "Source rows", COL_ROWS, 40, 0 },
	};
	static const struct table t = {
		"Lines", cols, NCOLS(cols), STORE_VIEW_LINES
	};

	return table_write(r, &t);
}

static int sheet_rejects(struct report *r)
{
	static const struct col cols[] = {
		{ "Severity", COL_TEXT, 9, 0 },
		{ "Code", COL_TEXT, 18, 0 },
		{ "File", COL_TEXT, 50, 0 },
		{ "Line", COL_ID, 8, 0 },
		{ "Message", COL_TEXT, 80, 0 },
	};
	static const struct table t = {
		"Rejects", cols, NCOLS(cols), STORE_VIEW_REJECTS
	};

	return table_write(r, &t);
}

static int sheet_batches(struct report *r)
{
	static const struct col cols[] = {
		{ "Batch", COL_ID, 7, 0 },
		{ "Run", COL_ID, 6, 0 },
		{ "Seq", COL_ID, 6, 0 },
		{ "Endpoint", COL_TEXT, 12, 0 },
		{ "Method", COL_TEXT, 8, 0 },
		{ "Documents", COL_COUNT, 10, 0 },
		{ "Bytes", COL_COUNT, 12, 0 },
		{ "Status", COL_TEXT, 10, 0 },
	};
	static const struct table t = {
		"Batches", cols, NCOLS(cols), STORE_VIEW_BATCHES
	};

	return table_write(r, &t);
}

static int sheet_calls(struct report *r)
{
	static const struct col cols[] = {
		{ "Run", COL_ID, 6, 0 },
		{ "At", COL_TEXT, 21, 0 },
		{ "Method", COL_TEXT, 8, 0 },
		{ "Path", COL_TEXT, 48, 0 },
		{ "Status", COL_ID, 8, 0 },
		{ "Attempt", COL_ID, 8, 0 },
		{ "Elapsed ms", COL_COUNT, 11, 0 },
		{ "Problem", COL_TEXT, 30, 0 },
	};
	static const struct table t = {
		"Calls", cols, NCOLS(cols), STORE_VIEW_CALLS
	};

	return table_write(r, &t);
}

/* --- Summary -------------------------------------------------------- */

/*
 * The counts block sits beside the tie table (columns K:L) so the table's
 * header can stay frozen near the top. In constant_memory mode rows are
 * written in order, so its entries are emitted row by row together with
 * the table (side_upto).
 */
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
			return xlsx_fail(r, e, "writing the counts");
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
	       row_write(t->r, t->ws, t->row, vals, t->cols, t->ncols, t->strong)
		       ? LL_ERROR : 0;
}

static int sheet_summary(struct report *r, const struct report_opts *o)
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
		xlsx_fail(r, e, "writing the Summary");
		goto done;
	}
	if (header_write(r, ws, row, cols, NCOLS(cols)))
		goto done;
	e = worksheet_write_string(ws, row, SIDE_COL, "Counts", r->head);
	if (!e)
		e = worksheet_write_string(ws, row, SIDE_COL + 1, "Number", r->head);
	if (e) {
		xlsx_fail(r, e, "writing the Summary");
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
			xlsx_fail(r, e, "setting an autofilter");
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

/* --- the workbook --------------------------------------------------- */

static void formats_init(struct report *r)
{
	static const char *const money_fmt[4] = {
		"#,##0;-#,##0", "#,##0.0;-#,##0.0", "#,##0.00;-#,##0.00",
		"#,##0.000;-#,##0.000" };
	int strong, ex;

	r->head = workbook_add_format(r->wb);
	format_set_bold(r->head);
	format_set_bg_color(r->head, 0xDDEBF7);
	format_set_bottom(r->head, LXW_BORDER_THIN);
	r->title = workbook_add_format(r->wb);
	format_set_bold(r->title);
	format_set_font_size(r->title, 14);
	r->date = workbook_add_format(r->wb);
	format_set_num_format(r->date, "yyyy-mm-dd");
	r->id = workbook_add_format(r->wb);
	format_set_num_format(r->id, "0");
	r->text[0] = NULL;
	r->text[1] = workbook_add_format(r->wb);
	format_set_bold(r->text[1]);
	for (strong = 0; strong < 2; strong++) {
		r->count[strong] = workbook_add_format(r->wb);
		format_set_num_format(r->count[strong], "#,##0");
		for (ex = 0; ex < 4; ex++) {
			r->money[strong][ex] = workbook_add_format(r->wb);
			format_set_num_format(r->money[strong][ex], money_fmt[ex]);
		}
		if (strong) {
			format_set_bold(r->count[strong]);
			for (ex = 0; ex < 4; ex++)
				format_set_bold(r->money[strong][ex]);
		}
	}
}

/* Build the whole workbook into file tmp. A libxlsxwriter failure when
 * closing is returned in *close_err (0 if none). */
static int workbook_build(struct report *r, const char *tmp, char *tmpdir,
			  int zip64, const struct report_opts *o,
			  lxw_error *close_err)
{
	lxw_workbook_options wo = { LXW_TRUE, tmpdir, (uint8_t)(zip64 ? LXW_TRUE : LXW_FALSE) };
	lxw_doc_properties props;
	char title[256];
	lxw_error e;
	int rc;

	*close_err = LXW_NO_ERROR;
	r->wb = workbook_new_opt(tmp, &wo);
	if (!r->wb)
		return ll_err_set(r->err, LL_ERROR, r->path, 0,
				  "audit workbook: cannot create it (out of memory "
				  "or no temp space in %s)", tmpdir);
	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "%s", o->title ? o->title : "ledgerlift audit");
	props.title = title;
	props.comments = "Written by ledgerlift " LL_VERSION " from its state file.";
	workbook_set_properties(r->wb, &props);
	formats_init(r);
	rc = sheet_summary(r, o);
	if (!rc)
		rc = sheet_files(r);
	if (!rc)
		rc = sheet_settlements(r);
	if (!rc)
		rc = sheet_documents(r);
	if (!rc)
		rc = sheet_lines(r);
	if (!rc)
		rc = sheet_rejects(r);
	if (!rc)
		rc = sheet_batches(r);
	if (!rc)
		rc = sheet_calls(r);
	/* Close even after a failure: it frees everything; the file goes. */
	e = workbook_close(r->wb);
	r->wb = NULL;
	if (!rc && e) {
		*close_err = e;
		rc = xlsx_fail(r, e, "writing the file");
	}
	return rc;
}

static int fsync_path(const char *p, int dir, struct ll_err *err)
{
	int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ll_err_set(err, LL_ERROR, p, 0, "cannot open for fsync: %s",
				  strerror(errno));
	if (fsync(fd) != 0)
		rc = ll_err_set(err, LL_ERROR, p, 0, "fsync failed: %s",
				strerror(errno));
	close(fd);
	return rc;
}

int report_write(struct state *st, const char *path,
		 const struct report_opts *o, struct ll_err *err)
{
	static const struct report_opts defaults = REPORT_OPTS_INIT;
	struct report r;
	char tmp[4096], dir[4096];
	const char *slash;
	lxw_error close_err = LXW_NO_ERROR;
	int fd, rc = LL_ERROR, began = 0, have_tmp = 0, zip64;
	mode_t um;

	assert(st && path);
	if (!o)
		o = &defaults;
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.path = path;
	r.err = err;
	r.rows_per_sheet = o->rows_per_sheet && o->rows_per_sheet < SHEET_ROWS_MAX
				   ? o->rows_per_sheet : SHEET_ROWS_MAX;
	buf_init(&r.text_buf, (size_t)CELL_MAX * 3 + 64);

	slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= sizeof(tmp)) {
		ll_err_set(err, LL_ERROR, path, 0, "report path is too long");
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot create a temp file "
			   "beside the report: %s", strerror(errno));
		goto done;
	}
	have_tmp = 1;
	um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0) { /* a normal file, not mkstemp's 0600 */
		ll_err_set(err, LL_ERROR, tmp, 0, "chmod failed: %s", strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);

	/* One read transaction: every sheet sees the same snapshot. */
	if (state_begin_read(st, &began, err))
		goto done;
	/* ZIP64 only when a part outgrows 4 GB: Excel is strict about it. */
	for (zip64 = 0; zip64 < 2; zip64++) {
		rc = workbook_build(&r, tmp, dir, zip64, o, &close_err);
		if (rc == 0 || close_err != LXW_ERROR_ZIP_BAD_ZIP_FILE)
			break;
	}
	if (rc)
		goto done;
	rc = LL_ERROR;
	if (fsync_path(tmp, 0, err))
		goto done;
	if (rename(tmp, path) != 0) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot rename %s to it: %s",
			   tmp, strerror(errno));
		goto done;
	}
	have_tmp = 0;
	if (fsync_path(dir, 1, err))
		goto done;
	rc = 0;
done:
	if (began)
		state_rollback(st); /* read-only: nothing to keep */
	if (have_tmp)
		unlink(tmp);
	buf_free(&r.text_buf);
	return rc;
}
