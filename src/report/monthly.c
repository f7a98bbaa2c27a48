/*
 * monthly.c - the Monthly sheet and the Charts sheet (report_int.h).
 *
 * Monthly holds, per platform, currency and month of the deposit dates,
 * the reconciliation of the Summary month by month (deposits, gross sales,
 * refunds, fees, tax, other, net, the deposits' total, the events' and the
 * documents' totals, the tie), and below it the documents by month of
 * their date: posted, to post, rejected. Charts draws them with
 * libxlsxwriter's own charts, which point into Monthly: per platform and
 * currency, sales less refunds, fees and net deposits by month (one chart
 * each, never adding two currencies); and the documents posted against
 * those still to post, by month. Both are made of r->recon (recon.c),
 * whose order fixes every row, so the charts can be written first.
 */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

#include "formats/event.h"
#include "util/money.h"

#define CHARTS_MAX 24   /* platform × currency charts; the rest: Monthly */

/* Monthly's columns (table 1); the charts use Month, Sales less refunds,
 * Fees and Deposit total. */
enum {
	MC_PLATFORM, MC_CURRENCY, MC_MONTH, MC_DEPOSITS, MC_GROSS, MC_REFUNDS, MC_SALES,
	MC_FEES, MC_TAX, MC_OTHER, MC_NET, MC_DEPOSIT, MC_EVENTS, MC_PLANNED, MC_DIFF,
	MC_STATUS, MC_N
};

static const struct col month_cols[MC_N] = {
	{ "Platform", COL_TEXT, 14, 0 },
	{ "Currency", COL_TEXT, 9, 0 },
	{ "Month", COL_TEXT, 10, 0 },
	{ "Deposits", COL_COUNT, 9, 0 },
	{ "Gross sales", COL_MONEY, 14, MC_CURRENCY },
	{ "Refunds", COL_MONEY, 14, MC_CURRENCY },
	{ "Sales less refunds", COL_MONEY, 14, MC_CURRENCY },
	{ "Fees", COL_MONEY, 14, MC_CURRENCY },
	{ "Tax", COL_MONEY, 14, MC_CURRENCY },
	{ "Other", COL_MONEY, 14, MC_CURRENCY },
	{ "Net", COL_MONEY, 14, MC_CURRENCY },
	{ "Deposit total", COL_MONEY, 14, MC_CURRENCY },
	{ "Events total", COL_MONEY, 14, MC_CURRENCY },
	{ "Planned total", COL_MONEY, 14, MC_CURRENCY },
	{ "Difference", COL_MONEY, 13, MC_CURRENCY },
	{ "Status", COL_TEXT, 12, 0 },
};

enum { DC_MONTH, DC_POSTED, DC_PLANNED, DC_REJECTED, DC_N };

static const struct col doc_cols[DC_N] = {
	{ "Month", COL_TEXT, 10, 0 },
	{ "Posted", COL_COUNT, 9, 0 },
	{ "To post", COL_COUNT, 9, 0 },
	{ "Rejected", COL_COUNT, 9, 0 },
};

int monthly_row_of(const struct report *r, size_t i)
{
	(void)r;
	return (int)i + 2; /* after the header, 1-based */
}

int monthly_docs_row_of(const struct report *r, size_t j)
{
	/* the first table, a blank row, the title, the header */
	return (int)r->recon.n + 5 + (int)j;
}

static void set_text(struct store_value *v, const char *s)
{
	v->type = s && *s ? STORE_TEXT : STORE_NULL;
	v->s = s;
	v->len = s ? strlen(s) : 0;
	v->i = 0;
}

static void set_int(struct store_value *v, int64_t n)
{
	v->type = STORE_INT;
	v->i = n;
	v->s = NULL;
	v->len = 0;
}

static int64_t fees_of(const struct recon_month *m)
{
	return m->group[GROUP_FEE_SELLING] + m->group[GROUP_FEE_FULFIL] +
	       m->group[GROUP_FEE_ADS] + m->group[GROUP_FEE_OTHER];
}

int report_sheet_monthly(struct report *r, const struct report_opts *o)
{
	const struct recon *rc = &r->recon;
	struct store_row row;
	lxw_worksheet *ws;
	lxw_row_t at;
	lxw_error e;
	size_t i;
	int g;

	(void)o;
	ws = report_sheet_new(r, MONTHLY_SHEET, 0, 0);
	if (!ws)
		return LL_ERROR;
	worksheet_freeze_panes(ws, 1, 0);
	if (report_header(r, ws, 0, month_cols, MC_N))
		return LL_ERROR;
	memset(&row, 0, sizeof(row));
	row.n = MC_N;
	for (i = 0; i < rc->n; i++) {
		const struct recon_month *m = &rc->m[i];
		int64_t net = 0;

		for (g = 0; g < GROUP_N; g++)
			net += m->group[g];
		set_text(&row.v[MC_PLATFORM], m->platform);
		set_text(&row.v[MC_CURRENCY], m->currency);
		set_text(&row.v[MC_MONTH], m->month);
		set_int(&row.v[MC_DEPOSITS], m->deposits);
		set_int(&row.v[MC_GROSS], m->group[GROUP_SALES]);
		set_int(&row.v[MC_REFUNDS], m->group[GROUP_REFUNDS]);
		set_int(&row.v[MC_SALES], m->group[GROUP_SALES] + m->group[GROUP_REFUNDS]);
		set_int(&row.v[MC_FEES], fees_of(m));
		set_int(&row.v[MC_TAX], m->group[GROUP_TAX]);
		set_int(&row.v[MC_OTHER], m->group[GROUP_OTHER]);
		set_int(&row.v[MC_NET], net);
		set_int(&row.v[MC_DEPOSIT], m->deposit);
		set_int(&row.v[MC_EVENTS], m->events);
		set_int(&row.v[MC_PLANNED], m->planned);
		set_int(&row.v[MC_DIFF], m->diff);
		set_text(&row.v[MC_STATUS], m->status);
		if (report_row(r, ws, (lxw_row_t)monthly_row_of(r, i) - 1, &row, month_cols,
			       MC_N, 0))
			return LL_ERROR;
	}
	e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)rc->n, MC_N - 1);
	if (e)
		return report_fail(r, e, "setting an autofilter");
	/* the documents by month, below (the widths stay the first table's) */
	at = (lxw_row_t)monthly_docs_row_of(r, 0) - 3;
	e = worksheet_write_string(ws, at, 0, "Documents by month of their date (invoices and"
				   " credit notes that count: posted, to post, rejected)",
				   r->section);
	if (e)
		return report_fail(r, e, "writing Monthly");
	{
		double keep[STORE_ROW_MAX];

		memcpy(keep, r->widths, sizeof(keep));
		if (report_header(r, ws, at + 1, doc_cols, DC_N))
			return LL_ERROR;
		for (g = 0; g < STORE_ROW_MAX; g++)
			if (keep[g] > r->widths[g])
				r->widths[g] = keep[g];
	}
	row.n = DC_N;
	for (i = 0; i < rc->ndm; i++) {
		set_text(&row.v[DC_MONTH], rc->dm[i].month);
		set_int(&row.v[DC_POSTED], rc->dm[i].posted);
		set_int(&row.v[DC_PLANNED], rc->dm[i].planned);
		set_int(&row.v[DC_REJECTED], rc->dm[i].rejected);
		if (report_row(r, ws, (lxw_row_t)monthly_docs_row_of(r, i) - 1, &row, doc_cols,
			       DC_N, 0))
			return LL_ERROR;
	}
	return report_widths(r, ws, month_cols, MC_N);
}

/* --- Charts --------------------------------------------------------- */

/* "=Monthly!$C$2:$C$9": column col, 1-based rows first..last. */
static void range(char *out, size_t outlen, int col, int first, int last)
{
	snprintf(out, outlen, "=%s!$%c$%d:$%c$%d", MONTHLY_SHEET, 'A' + col, first, 'A' + col,
		 last);
}

static void add_series(lxw_chart *c, const char *name, int cat_col, int val_col,
		       int first, int last)
{
	char cats[64], vals[64];
	lxw_chart_series *s;

	range(cats, sizeof(cats), cat_col, first, last);
	range(vals, sizeof(vals), val_col, first, last);
	s = chart_add_series(c, cats, vals);
	if (s)
		chart_series_set_name(s, name);
}

/* Place chart k of the grid (two across) under the title rows. */
static lxw_error place(lxw_worksheet *ws, int k, lxw_chart *c)
{
	lxw_chart_options opt;
	lxw_row_t row = (lxw_row_t)(3 + (k / 2) * 17);
	lxw_col_t col = (lxw_col_t)((k % 2) * 9);

	memset(&opt, 0, sizeof(opt));
	opt.x_scale = 1.05;
	opt.y_scale = 1.1;
	return worksheet_insert_chart_opt(ws, row, col, c, &opt);
}

static void axis_format(lxw_chart *c, const char *cur)
{
	int ex = cur && *cur ? currency_exponent(cur) : 2;

	chart_axis_set_num_format(c->y_axis, ex == 0 ? "#,##0" : "#,##0.00");
	/* month names under the chart, clear of the negative bars */
	chart_axis_set_label_position(c->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
	chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
}

int report_sheet_charts(struct report *r, const struct report_opts *o)
{
	const struct recon *rc = &r->recon;
	lxw_worksheet *ws;
	lxw_chart *c;
	lxw_error e = LXW_NO_ERROR;
	char title[160];
	size_t i, first;
	int k = 0, pairs = 0;

	(void)o;
	ws = report_sheet_new(r, "Charts", -1, 0);
	if (!ws)
		return LL_ERROR;
	e = worksheet_write_string(ws, 0, 0, "Charts: the Monthly sheet's figures", r->title);
	if (!e)
		e = worksheet_write_string(ws, 1, 0, "Each platform and currency on its own"
					   " (amounts are never added across currencies);"
					   " the documents in all currencies by count.", NULL);
	if (e)
		return report_fail(r, e, "writing Charts");
	if (rc->ndm) {
		c = workbook_add_chart(r->wb, LXW_CHART_COLUMN_STACKED);
		if (!c)
			return report_fail(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		chart_title_set_name(c, "Documents posted and to post, by month");
		add_series(c, "Posted", DC_MONTH, DC_POSTED, monthly_docs_row_of(r, 0),
			   monthly_docs_row_of(r, rc->ndm - 1));
		add_series(c, "To post", DC_MONTH, DC_PLANNED, monthly_docs_row_of(r, 0),
			   monthly_docs_row_of(r, rc->ndm - 1));
		add_series(c, "Rejected", DC_MONTH, DC_REJECTED, monthly_docs_row_of(r, 0),
			   monthly_docs_row_of(r, rc->ndm - 1));
		chart_axis_set_num_format(c->y_axis, "#,##0");
		chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
		if ((e = place(ws, k++, c)))
			return report_fail(r, e, "placing a chart");
	}
	for (i = 0; i < rc->n; i = first) {
		const struct recon_month *m = &rc->m[i];

		for (first = i + 1; first < rc->n &&
				    !strcmp(rc->m[first].platform, m->platform) &&
				    !strcmp(rc->m[first].currency, m->currency);
		     first++)
			;
		if (++pairs > CHARTS_MAX)
			continue;
		c = workbook_add_chart(r->wb, LXW_CHART_COLUMN);
		if (!c)
			return report_fail(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		snprintf(title, sizeof(title), "%s %s by month: sales, fees, net deposits",
			 platform_title(m->platform), m->currency);
		chart_title_set_name(c, title);
		add_series(c, "Sales less refunds", MC_MONTH, MC_SALES, monthly_row_of(r, i),
			   monthly_row_of(r, first - 1));
		add_series(c, "Fees", MC_MONTH, MC_FEES, monthly_row_of(r, i),
			   monthly_row_of(r, first - 1));
		add_series(c, "Net deposits", MC_MONTH, MC_DEPOSIT, monthly_row_of(r, i),
			   monthly_row_of(r, first - 1));
		axis_format(c, m->currency);
		if ((e = place(ws, k++, c)))
			return report_fail(r, e, "placing a chart");
	}
	if (pairs > CHARTS_MAX) {
		snprintf(title, sizeof(title), "%d more platform and currency pairs: see the"
			 " Monthly sheet.", pairs - CHARTS_MAX);
		e = worksheet_write_string(ws, (lxw_row_t)(3 + ((k + 1) / 2) * 17), 0, title,
					   r->note);
	} else if (k == 0) {
		e = worksheet_write_string(ws, 3, 0, "No deposits in the state file yet.",
					   r->note);
	}
	return e ? report_fail(r, e, "writing Charts") : 0;
}
