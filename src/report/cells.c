/*
 * cells.c - writing the workbook's cells (report_int.h): text made valid
 * for Excel (UTF-8, no control characters, capped at a cell's limit with
 * a "(+N more)" mark, provenance lists cut between entries), dates, ids,
 * counts and money (integer minor units, a double only at the cell,
 * shown with the currency's decimals), links (to another sheet's row, to
 * a document's page in Xero), header rows, widths that fit what was
 * written, sheets set up for paper, and whole detail sheets streamed from
 * a read view of the state file.
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

/* The width (in characters) a cell of text takes: its code points. */
static double text_width(const char *t, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += ((unsigned char)t[i] & 0xC0) != 0x80;
	return (double)w;
}

/* Digits of |v| with thousands separators (group: 1), a sign, decimals. */
static double number_width(int64_t v, int group, int decimals)
{
	double w = v < 0 ? 1 : 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int digits = 1;

	while (u >= 10) {
		u /= 10;
		digits++;
	}
	w += digits + (group ? (digits - 1) / 3 : 0);
	return w + (decimals ? decimals + 1 : 0);
}

static void widen(struct report *r, int i, double w)
{
	if (i >= 0 && i < STORE_ROW_MAX && w > r->widths[i])
		r->widths[i] = w;
}

/* Write value i of row as text (capped, see cell_text) in format f (NULL:
 * plain or bold as strong says). */
static int text_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, const struct store_row *vals, int i, int entries,
		      int strong, lxw_format *f)
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
	widen(r, (int)c, text_width(r->text_buf.ptr, r->text_buf.len));
	e = worksheet_write_string(ws, row, c, buf_cstr(&r->text_buf),
				   f ? f : r->text[strong]);
	return e ? report_fail(r, e, "writing a cell") : 0;
}

/* The link lk makes of vals, into url ("" when none). */
static void cell_link(const struct report *r, const struct store_row *vals,
		      const struct col_link *lk, char *url, size_t urllen)
{
	char num[24], kind[32] = "", xtype[32] = "";
	const char *t;
	size_t len;

	url[0] = '\0';
	if (!lk || lk->value <= 0 || lk->value >= vals->n ||
	    vals->v[lk->value].type == STORE_NULL)
		return;
	if (lk->kind == LINK_SHEET) {
		report_sheet_ref(r, lk->target, value_int(vals, lk->value), url, urllen);
		return;
	}
	if (lk->value + 2 < vals->n) {
		if ((t = value_text(vals, lk->value + 1, num, &len)))
			snprintf(xtype, sizeof(xtype), "%.*s", (int)len, t);
		if ((t = value_text(vals, lk->value + 2, num, &len)))
			snprintf(kind, sizeof(kind), "%.*s", (int)len, t);
	}
	t = value_text(vals, lk->value, num, &len);
	if (t && len < 64) {
		char id[64];

		snprintf(id, sizeof(id), "%.*s", (int)len, t);
		report_xero_url(url, urllen, r->shortcode, kind, xtype, id);
	}
}

/* Write value i of vals into (row, c) as col says. 0 or LL_ERROR. */
static int cell_write(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		      lxw_col_t c, const struct store_row *vals, int i,
		      const struct col *col, const struct col_link *lk, int strong)
{
	lxw_error e = LXW_NO_ERROR;
	char num[24], url[600];
	size_t len;
	const char *t;
	int linked = 0;

	if (vals->v[i].type == STORE_NULL)
		return 0;
	cell_link(r, vals, lk, url, sizeof(url));
	if (url[0] && (linked = report_link(r, ws, row, c, url)) < 0)
		return LL_ERROR;
	switch (col->kind) {
	case COL_ID:
		widen(r, (int)c, number_width(value_int(vals, i), 0, 0));
		e = worksheet_write_number(ws, row, c, (double)value_int(vals, i),
					   linked ? r->link_count : r->id);
		break;
	case COL_COUNT:
		widen(r, (int)c, number_width(value_int(vals, i), 1, 0));
		e = worksheet_write_number(ws, row, c, (double)value_int(vals, i),
					   linked ? r->link_count : r->count[strong]);
		break;
	case COL_MONEY: {
		int ex = money_exp(value_text(vals, col->cur, num, &len));
		int64_t minor = value_int(vals, i);

		widen(r, (int)c, number_width(minor / pow10_i(ex), 1, ex) +
				 (minor < 0 && minor > -pow10_i(ex) ? 1 : 0));
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
				widen(r, (int)c, 10);
				e = worksheet_write_datetime(ws, row, c, &dt, r->date);
				break;
			}
		}
		return text_write(r, ws, row, c, vals, i, 0, strong, NULL);
	}
	case COL_TEXT:
	case COL_WRAP:
	case COL_ROWS:
		return text_write(r, ws, row, c, vals, i, col->kind == COL_ROWS, strong,
				  linked ? r->link_text : col->kind == COL_WRAP ? r->wrap : NULL);
	}
	return e ? report_fail(r, e, "writing a cell") : 0;
}

int report_wrap_lines(const char *t, size_t len, double width)
{
	double per = width - 1 > 4 ? width - 1 : 4;
	double w = text_width(t, len);
	int lines = (int)(w / per) + 1;

	return lines > WRAP_LINES_MAX ? WRAP_LINES_MAX : lines;
}

/* report_row, with links on some columns. */
static int row_links(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		     const struct store_row *vals, const struct col *cols, int ncols,
		     const struct col_link *links, int nlinks, int strong)
{
	int i, k, lines = 1;

	/* wrapped text: the row as high as its longest (a spreadsheet does not
	 * grow a row written this way by itself) */
	for (i = 0; i < ncols && i < vals->n; i++) {
		if (cols[i].kind == COL_WRAP && vals->v[i].type == STORE_TEXT) {
			int l = report_wrap_lines(vals->v[i].s, vals->v[i].len, cols[i].width);

			if (l > lines)
				lines = l;
		}
	}
	if (lines > 1) {
		lxw_error e = worksheet_set_row(ws, row, 15.0 * lines, NULL);

		if (e)
			return report_fail(r, e, "setting a row's height");
	}
	for (i = 0; i < ncols && i < vals->n; i++) {
		const struct col_link *lk = NULL;

		for (k = 0; k < nlinks; k++)
			if (links[k].col == i)
				lk = &links[k];
		if (cell_write(r, ws, row, (lxw_col_t)i, vals, i, &cols[i], lk, strong))
			return LL_ERROR;
	}
	return 0;
}

int report_row(struct report *r, lxw_worksheet *ws, lxw_row_t row,
	       const struct store_row *vals, const struct col *cols, int ncols,
	       int strong)
{
	return row_links(r, ws, row, vals, cols, ncols, NULL, 0, strong);
}

/* The widest word of a header: the header wraps at its spaces. */
static double header_width(const char *h)
{
	double best = 0, w = 0;

	for (; *h; h++) {
		if (*h == ' ') {
			w = 0;
			continue;
		}
		if (((unsigned char)*h & 0xC0) != 0x80 && ++w > best)
			best = w;
	}
	return best;
}

/* The header row at `row` (two lines high: headers wrap at their spaces);
 * the widths start from the headers'. */
int report_header(struct report *r, lxw_worksheet *ws, lxw_row_t row,
		  const struct col *cols, int ncols)
{
	lxw_error e = worksheet_set_row(ws, row, 30, NULL);
	int i;

	memset(r->widths, 0, sizeof(r->widths));
	for (i = 0; !e && i < ncols; i++) {
		widen(r, i, header_width(cols[i].header));
		e = worksheet_write_string(ws, row, (lxw_col_t)i, cols[i].header, r->head);
	}
	return e ? report_fail(r, e, "writing a header") : 0;
}

/* Widths from what was written: each value fits (text up to its col's
 * width; numbers and dates always, or they would show as ####). */
int report_widths(struct report *r, lxw_worksheet *ws, const struct col *cols,
		  int ncols)
{
	int i;

	for (i = 0; i < ncols && i < STORE_ROW_MAX; i++) {
		double w = r->widths[i] * 1.1 + 2;
		int text = cols[i].kind == COL_TEXT || cols[i].kind == COL_WRAP ||
			   cols[i].kind == COL_ROWS;
		lxw_format *f = cols[i].kind == COL_WRAP ? r->wrap : NULL;
		lxw_error e;

		if (text && w > cols[i].width)
			w = cols[i].width;
		if (w < 5)
			w = 5;
		if (w > 255)
			w = 255;
		e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, f);
		if (e)
			return report_fail(r, e, "setting a width");
	}
	return 0;
}

/* --- paper and links ----------------------------------------------- */

lxw_worksheet *report_sheet_new(struct report *r, const char *name, int header_row,
				int fit_height)
{
	lxw_worksheet *ws = workbook_add_worksheet(r->wb, name);
	char footer[LXW_HEADER_FOOTER_MAX + 1], title[96];
	const char *t = r->o && r->o->title ? r->o->title : "ledgerlift audit";
	size_t n = 0;

	if (!ws) {
		ll_err_set(r->err, LL_ERROR, r->path, 0,
			   "audit workbook: cannot add sheet %s", name);
		return NULL;
	}
	r->urls = 0;
	/* the title in the footer: '&' is a control character there */
	for (; *t && n + 2 < sizeof(title); t++) {
		if (*t == '&')
			title[n++] = '&';
		title[n++] = *t;
	}
	title[n] = '\0';
	snprintf(footer, sizeof(footer), "&L&8%s: &A&R&8Page &P of &N", title);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, (uint16_t)fit_height);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
	worksheet_set_footer(ws, footer);
	if (header_row >= 0)
		worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row);
	return ws;
}

int report_link(struct report *r, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *url)
{
	lxw_error e;

	if (r->urls >= LXW_MAX_NUMBER_URLS)
		return 0; /* Excel's limit per sheet: the rest are plain */
	e = worksheet_write_url(ws, row, col, url, r->link_text);
	if (e)
		return report_fail(r, e, "writing a link");
	r->urls++;
	return 1;
}

void report_sheet_ref(const struct report *r, const char *sheet, int64_t pos, char *out,
		      size_t outlen)
{
	uint32_t per = r->rows_per_sheet ? r->rows_per_sheet : 1;
	int64_t part = pos > 0 ? (pos - 1) / per + 1 : 1;
	int64_t row = pos > 0 ? (pos - 1) % per + 2 : 2; /* 1-based, after the header */

	if (part > 1)
		snprintf(out, outlen, "internal:'%s (%lld)'!A%lld", sheet, (long long)part,
			 (long long)row);
	else
		snprintf(out, outlen, "internal:'%s'!A%lld", sheet, (long long)row);
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
	*out = report_sheet_new(r, name, 0, 0);
	if (!*out)
		return LL_ERROR;
	worksheet_freeze_panes(*out, 1, 0);
	return report_header(r, *out, 0, t->cols, t->ncols);
}

static int sheet_finish(struct report *r, lxw_worksheet *ws,
			const struct table *t, lxw_row_t last)
{
	lxw_error e = worksheet_autofilter(ws, 0, 0, last,
					   (lxw_col_t)(t->ncols - 1));

	if (e)
		return report_fail(r, e, "setting an autofilter");
	return report_widths(r, ws, t->cols, t->ncols);
}

/* The sheet being streamed (table_write). */
struct streaming {
	struct report *r;
	const struct table *t;
	const struct col_link *links;
	int nlinks;
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
	return row_links(w->r, w->ws, w->row, vals, w->t->cols, w->t->ncols, w->links,
			 w->nlinks, 0);
}

/*
 * Stream the rows of view t->view into t->sheet (and "t->sheet (2)", ...
 * when there are more rows than a sheet holds). 0 or LL_ERROR.
 */
int report_table(struct report *r, const struct table *t)
{
	return report_table_links(r, t, NULL, 0);
}

int report_table_links(struct report *r, const struct table *t,
		       const struct col_link *links, int nlinks)
{
	struct streaming w = { r, t, links, nlinks, NULL, 0, 1 };

	if (sheet_start(r, &w.ws, t, w.part) ||
	    store_read_view(r->st, t->view, table_row, &w, r->err))
		return LL_ERROR;
	return sheet_finish(r, w.ws, t, w.row);
}

