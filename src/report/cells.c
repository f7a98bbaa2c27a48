/*
 * cells.c - writing the workbook's cells (report_int.h): text made valid
 * for Excel (UTF-8, no control characters, capped at a cell's limit with
 * a "(+N more)" mark, provenance lists cut between entries), dates, ids,
 * counts and money (integer minor units, a double only at the cell,
 * shown with the currency's decimals), header rows, and whole detail
 * sheets streamed from a read view of the state file.
 */
#include "report/report_int.h"

#include <string.h>

#include "util/date.h"
#include "util/intr.h"
#include "util/money.h"

/* --- errors --------------------------------------------------------- */

int report_fail(struct report *r, lxw_error e, const char *what)
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
	return e ? report_fail(r, e, "writing a cell") : 0;
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
	return e ? report_fail(r, e, "writing a cell") : 0;
}

int report_row(struct report *r, lxw_worksheet *ws, lxw_row_t row,
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
int report_header(struct report *r, lxw_worksheet *ws, lxw_row_t row,
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
			return report_fail(r, e, "writing a header");
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
	return report_header(r, *out, 0, t->cols, t->ncols);
}

static int sheet_finish(struct report *r, lxw_worksheet *ws,
			const struct table *t, lxw_row_t last)
{
	lxw_error e = worksheet_autofilter(ws, 0, 0, last,
					   (lxw_col_t)(t->ncols - 1));

	return e ? report_fail(r, e, "setting an autofilter") : 0;
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

	/* a stop request abandons the workbook (report_write leaves no file) */
	intr_test_point("sheet-row");
	if (intr_requested())
		return ll_err_set(w->r->err, LL_ETRANSIENT, w->r->path, 0,
				  "interrupted while writing the workbook; not written");
	if (w->row >= w->r->rows_per_sheet) {
		if (sheet_finish(w->r, w->ws, w->t, w->row) ||
		    sheet_start(w->r, &w->ws, w->t, ++w->part))
			return LL_ERROR;
		w->row = 0;
	}
	w->row++;
	return report_row(w->r, w->ws, w->row, vals, w->t->cols, w->t->ncols, 0);
}

/*
 * Stream the rows of view t->view into t->sheet (and "t->sheet (2)", ...
 * when there are more rows than a sheet holds). 0 or LL_ERROR.
 */
int report_table(struct report *r, const struct table *t)
{
	struct streaming w = { r, t, NULL, 0, 1 };

	if (sheet_start(r, &w.ws, t, w.part) ||
	    store_read_view(r->st, t->view, table_row, &w, r->err))
		return LL_ERROR;
	return sheet_finish(r, w.ws, t, w.row);
}

/* --- the sheets ----------------------------------------------------- */
