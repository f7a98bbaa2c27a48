/*
 * report.c - the Excel audit workbook (report.h, docs/report.md).
 *
 * The workbook is written from the state file alone, inside one SQLite
 * read transaction so every sheet shows the same snapshot. Each sheet is
 * a table declared once as a `struct table`: its name, its columns
 * (header, kind, width) and the SQL that yields one result column per
 * sheet column. table_write() streams the rows of that statement into the
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

#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"
#include "store/store_int.h" /* until its SQL moves into src/store/ */

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
	const char *sql;   /* one result column per entry of cols, in order */
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

static int sql_fail(struct report *r)
{
	return ll_err_set(r->err, LL_ERROR, r->st->path, 0,
			  "state file: %s", sqlite3_errmsg(r->st->db));
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

/* Write result column i of s as text (capped, see cell_text). */
static int text_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, sqlite3_stmt *s, int i, int entries,
		      int strong)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	lxw_error e;

	if (!t)
		return 0;
	if (cell_text(r, t, (size_t)sqlite3_column_bytes(s, i), entries))
		return LL_ERROR;
	if (r->text_buf.len == 0)
		return 0;
	e = worksheet_write_string(ws, row, c, buf_cstr(&r->text_buf),
				   r->text[strong]);
	return e ? xlsx_fail(r, e, "writing a cell") : 0;
}

/* Write result column i of s into (row, c) as col says. 0 or LL_ERROR. */
static int cell_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, sqlite3_stmt *s, int i,
		      const struct col *col, int strong)
{
	lxw_error e = LXW_NO_ERROR;
	const unsigned char *t;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return 0;
	switch (col->kind) {
	case COL_ID:
		e = worksheet_write_number(ws, row, c,
					   (double)sqlite3_column_int64(s, i), r->id);
		break;
	case COL_COUNT:
		e = worksheet_write_number(ws, row, c,
					   (double)sqlite3_column_int64(s, i),
					   r->count[strong]);
		break;
	case COL_MONEY: {
		int ex = money_exp((const char *)sqlite3_column_text(s, col->cur));
		int64_t minor = sqlite3_column_int64(s, i);

		/* The one place money becomes a double: the cell needs a number. */
		e = worksheet_write_number(ws, row, c,
					   (double)minor / (double)pow10_i(ex),
					   r->money[strong][ex]);
		break;
	}
	case COL_DATE: {
		lxw_datetime dt = { 0, 0, 0, 0, 0, 0.0 };
		int64_t days;

		t = sqlite3_column_text(s, i);
		if (t && date_parse_ymd(&days, (const char *)t) == 0) {
			date_from_days(days, &dt.year, &dt.month, &dt.day);
			if (dt.year >= 1900 && dt.year <= 9999) {
				e = worksheet_write_datetime(ws, row, c, &dt, r->date);
				break;
			}
		}
		return text_write(r, ws, row, c, s, i, 0, strong);
	}
	case COL_TEXT:
	case COL_ROWS:
		return text_write(r, ws, row, c, s, i, col->kind == COL_ROWS,
				  strong);
	}
	return e ? xlsx_fail(r, e, "writing a cell") : 0;
}

static int row_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		     sqlite3_stmt *s, const struct col *cols, int ncols,
		     int strong)
{
	int i;

	for (i = 0; i < ncols; i++)
		if (cell_write(r, ws, row, (lxw_col_t)i, s, i, &cols[i], strong))
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

/*
 * Stream the rows of t->sql into t->sheet (and "t->sheet (2)", ... when
 * there are more rows than a sheet holds). 0 or LL_ERROR.
 */
static int table_write(struct report *r, const struct table *t)
{
	sqlite3_stmt *s = NULL;
	lxw_worksheet *ws = NULL;
	lxw_row_t row = 0;
	int part = 1, rc = LL_ERROR, step;

	if (state_prepare(r->st, &s, t->sql, r->err))
		return LL_ERROR;
	if (sheet_start(r, &ws, t, part))
		goto done;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (row >= r->rows_per_sheet) {
			if (sheet_finish(r, ws, t, row) ||
			    sheet_start(r, &ws, t, ++part))
				goto done;
			row = 0;
		}
		row++;
		if (row_write(r, ws, row, s, t->cols, t->ncols, 0))
			goto done;
	}
	if (step != SQLITE_DONE) {
		sql_fail(r);
		goto done;
	}
	rc = sheet_finish(r, ws, t, row);
done:
	sqlite3_finalize(s);
	return rc;
}

/* --- the sheets ----------------------------------------------------- */

/* Documents counted per settlement: all statuses (a rejected document is
 * still part of the plan that must tie; its status says why it is not in
 * Xero). */
/* per settlement: what its documents count toward the deposit (versions
 * taken back or replaced do not count, as in the state's documents_minor),
 * how many; and what its payments moved into the clearing account and its
 * transfer moved on to the bank (NULL when there are none) */
#define DOCS_BY_SETTLEMENT                                                 \
	"(SELECT settlement_id AS sid,"                                    \
	" sum(CASE WHEN kind IN ('Invoice','CreditNote') AND status IN"    \
	"  ('planned','posted','rejected') THEN signed_minor ELSE 0 END)"  \
	"  AS total,"                                                      \
	" sum(kind IN ('Invoice','CreditNote') AND status IN"              \
	"  ('planned','posted','rejected')) AS n,"                         \
	" sum(CASE WHEN kind='Payment' AND status IN ('planned','posted')" \
	"  THEN CASE WHEN xero_type IN ('ARCREDITPAYMENT','ACCPAYPAYMENT')"\
	"  THEN -total_minor ELSE total_minor END END) AS paid,"           \
	" sum(CASE WHEN kind='BankTransfer' AND status IN"                 \
	"  ('planned','posted') THEN total_minor END) AS moved"            \
	" FROM documents GROUP BY settlement_id)"

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
		"Files", cols, NCOLS(cols),
		"SELECT path, format, status, reason, rows, settlements,"
		" first_date, last_date, size, content_hash"
		" FROM sources ORDER BY path"
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
		"Settlements", cols, NCOLS(cols),
		"SELECT s.platform, s.deposit_id, s.start_date, s.end_date,"
		" s.deposit_date, s.currency, s.deposit_minor, s.events_minor,"
		" coalesce(d.total, 0), s.deposit_minor - coalesce(d.total, 0),"
		" CASE WHEN coalesce(d.n, 0) = 0 THEN 'not planned'"
		"  WHEN s.deposit_minor = d.total THEN 'ties' ELSE 'differs' END,"
		" s.status, s.event_count, coalesce(d.n, 0), d.paid,"
		" CASE WHEN s.deposit_minor < 0 THEN -d.moved ELSE d.moved END,"
		" s.note, src.path"
		" FROM settlements s LEFT JOIN " DOCS_BY_SETTLEMENT " d"
		" ON d.sid = s.id LEFT JOIN sources src ON src.id = s.source_id"
		" ORDER BY s.platform, s.currency, s.deposit_date, s.deposit_id"
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
		"Documents", cols, NCOLS(cols),
		"SELECT d.number, d.kind, d.xero_type, d.date, d.due_date,"
		" d.contact, d.reference, d.currency, d.signed_minor,"
		" d.total_minor, d.status, s.deposit_id, d.order_id, d.batch_id,"
		" d.xero_id, d.message, d.source_rows"
		" FROM documents d LEFT JOIN settlements s ON s.id = d.settlement_id"
		" ORDER BY d.settlement_id, d.id"
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
		"Lines", cols, NCOLS(cols),
		"SELECT d.number, l.line_no, l.category, l.account_code,"
		" l.tax_type, l.description, l.tracking, l.amount_minor,"
		" d.currency, l.event_count, l.source_rows"
		" FROM documents d JOIN lines l ON l.document_id = d.id"
		" ORDER BY d.settlement_id, d.id, l.line_no"
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
		"Rejects", cols, NCOLS(cols),
		"SELECT severity, code, path, line, message FROM rejects"
		" ORDER BY path, line, id"
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
		"Batches", cols, NCOLS(cols),
		"SELECT id, run_id, seq, endpoint, method, doc_count, bytes, status"
		" FROM batches ORDER BY run_id, seq, id"
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
		"Calls", cols, NCOLS(cols),
		"SELECT run_id, at, method, path, status, attempt, elapsed_ms, problem"
		" FROM calls ORDER BY id"
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

static int count_query(struct report *r, const char *sql, const char *arg,
		       int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_prepare(r->st, &s, sql, r->err))
		return LL_ERROR;
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	*out = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		sql_fail(r);
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : LL_ERROR;
}

/* "<label> <status>" counts of table: the known statuses always (0 when
 * absent), then any other status found. */
static int side_statuses(struct report *r, struct side *sd, const char *label,
			 const char *table, const char *const *known)
{
	sqlite3_stmt *s = NULL;
	char sql[400];
	int64_t n;
	int i, step;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE status = ?",
		 table);
	for (i = 0; known[i]; i++) {
		if (count_query(r, sql, known[i], &n))
			return LL_ERROR;
		side_add(sd, label, known[i], n);
	}
	snprintf(sql, sizeof(sql),
		 "SELECT status, count(*) FROM %s GROUP BY status ORDER BY status",
		 table);
	if (state_prepare(r->st, &s, sql, r->err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *st = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; known[i] && st && strcmp(known[i], st); i++)
			;
		if (st && !known[i])
			side_add(sd, label, st, sqlite3_column_int64(s, 1));
	}
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : sql_fail(r);
}

static int summary_counts(struct report *r, struct side *sd)
{
	static const char *const settlement_st[] = {
		"tied", "untied", "conflict", "duplicate", NULL };
	static const char *const document_st[] = {
		"planned", "posted", "rejected", NULL };
	static const struct {
		const char *label, *sql;
	} plain[] = {
		{ "Files", "SELECT count(*) FROM sources" },
		{ "Files recognised", "SELECT count(*) FROM sources WHERE status"
		  " IN ('parsed','unchanged','duplicate')" },
		{ "Files skipped", "SELECT count(*) FROM sources"
		  " WHERE status = 'skipped'" },
		{ "Files with errors", "SELECT count(*) FROM sources"
		  " WHERE status = 'error'" },
		{ "Settlements", "SELECT count(*) FROM settlements" },
	};
	static const char docs_only[] =
		"(SELECT status FROM documents WHERE kind IN ('Invoice','CreditNote'))";
	static const char moves_only[] =
		"(SELECT status FROM documents WHERE kind IN ('Payment','BankTransfer'))";
	static const struct {
		const char *label, *sql;
	} tail[] = {
		{ "Documents", "SELECT count(*) FROM documents WHERE kind IN"
		  " ('Invoice','CreditNote')" },
		{ "Lines", "SELECT count(*) FROM lines" },
		{ "Rejects (rows or files not used)",
		  "SELECT count(*) FROM rejects WHERE severity = 'error'" },
		{ "Warnings", "SELECT count(*) FROM rejects WHERE severity = 'warning'" },
		{ "Batches", "SELECT count(*) FROM batches" },
	};
	int64_t n;
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (count_query(r, plain[i].sql, NULL, &n))
			return LL_ERROR;
		side_add(sd, plain[i].label, NULL, n);
	}
	if (side_statuses(r, sd, "Settlements", "settlements", settlement_st))
		return LL_ERROR;
	if (count_query(r, tail[0].sql, NULL, &n))
		return LL_ERROR;
	side_add(sd, tail[0].label, NULL, n);
	if (side_statuses(r, sd, "Documents", docs_only, document_st))
		return LL_ERROR;
	if (count_query(r, "SELECT count(*) FROM documents WHERE kind IN"
			" ('Payment','BankTransfer')", NULL, &n))
		return LL_ERROR;
	if (n) {
		/* payments and transfers (order mode, day summaries) */
		side_add(sd, "Payments and transfers", NULL, n);
		if (side_statuses(r, sd, "Payments and transfers", moves_only, document_st))
			return LL_ERROR;
	}
	for (i = 1; i < sizeof(tail) / sizeof(tail[0]); i++) {
		if (count_query(r, tail[i].sql, NULL, &n))
			return LL_ERROR;
		side_add(sd, tail[i].label, NULL, n);
	}
	return 0;
}

/* One line on the run: which, what, when. LL_ENOTFOUND for an unknown id. */
static int summary_run(struct report *r, int64_t run_id, struct side *sd,
		       char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;
	char now[32];
	int step;

	state_now(now);
	if (state_prepare(r->st, &s,
			  "SELECT id, command, status, started_at, finished_at"
			  " FROM runs WHERE ?1 = 0 OR id = ?1"
			  " ORDER BY id DESC LIMIT 1", r->err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, run_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(s, 4);

		snprintf(out, outlen,
			 "Run %lld (%s, %s), started %s, finished %s. Written %s.",
			 (long long)sqlite3_column_int64(s, 0),
			 sqlite3_column_text(s, 1) ? (const char *)sqlite3_column_text(s, 1) : "?",
			 sqlite3_column_text(s, 2) ? (const char *)sqlite3_column_text(s, 2) : "?",
			 sqlite3_column_text(s, 3) ? (const char *)sqlite3_column_text(s, 3) : "?",
			 f ? f : "not yet", now);
		side_add(sd, "Run", NULL, sqlite3_column_int64(s, 0));
	} else if (step == SQLITE_DONE && run_id == 0) {
		snprintf(out, outlen, "No run recorded yet. Written %s.", now);
	}
	sqlite3_finalize(s);
	if (step == SQLITE_DONE && run_id != 0)
		return ll_err_set(r->err, LL_ENOTFOUND, r->st->path, 0,
				  "run %lld is not in the state file",
				  (long long)run_id);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : sql_fail(r);
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
#define SUMMARY_SELECT(platform, month)                                        \
	"SELECT " platform ", s.currency, " month ", count(*),"               \
	" sum(s.events_minor), sum(s.deposit_minor),"                         \
	" sum(coalesce(d.total, 0)),"                                          \
	" sum(s.deposit_minor) - sum(coalesce(d.total, 0)),"                   \
	" CASE WHEN sum(coalesce(d.n, 0)) = 0 THEN 'not planned'"              \
	"  WHEN sum(s.deposit_minor) = sum(coalesce(d.total, 0)) THEN 'ties'"  \
	"  ELSE 'differs' END"                                                 \
	" FROM settlements s LEFT JOIN " DOCS_BY_SETTLEMENT " d ON d.sid = s.id"
	static const char *by_month =
		SUMMARY_SELECT("s.platform",
			       "coalesce(substr(s.deposit_date, 1, 7), '(no date)')")
		" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
	static const char *by_currency =
		SUMMARY_SELECT("'All platforms'", "'Grand total'")
		" GROUP BY s.currency ORDER BY s.currency";
#undef SUMMARY_SELECT
	struct side *sd = calloc(1, sizeof(*sd));
	sqlite3_stmt *s = NULL;
	lxw_worksheet *ws;
	lxw_row_t row = 3;
	lxw_error e;
	char line[512] = "";
	int rc = LL_ERROR, step, pass;

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
	for (pass = 0; pass < 2; pass++) {
		if (state_prepare(r->st, &s, pass ? by_currency : by_month, r->err))
			goto done;
		if (pass)
			row++;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			row++;
			if (side_upto(r, ws, sd, row) ||
			    row_write(r, ws, row, s, cols, NCOLS(cols), pass))
				goto done;
		}
		if (step != SQLITE_DONE) {
			sql_fail(r);
			goto done;
		}
		sqlite3_finalize(s);
		s = NULL;
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
	sqlite3_finalize(s);
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

	assert(st && st->db && path);
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
	if (sqlite3_get_autocommit(st->db)) {
		if (state_exec(st, "BEGIN", err))
			goto done;
		began = 1;
	}
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
