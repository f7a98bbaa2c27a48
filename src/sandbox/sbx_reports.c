/*
 * sbx_reports.c - trial balance, profit and loss, and the admin ledger,
 * added up from the journals of sbx_ledger.c in integer minor units.
 *
 * Trial balance as at a date (default today): per account the net of the
 * month to that date (Debit/Credit) and the year to date (YTD Debit/YTD
 * Credit): balance-sheet accounts since the beginning, revenue and expense
 * accounts since the start of the financial year, their earlier years
 * carried in the RETAINEDEARNINGS account, as Xero's does. Sections
 * Revenue, Expenses, Assets, Liabilities, Equity (by account Class), rows
 * by name, then a Total row; each net shows on its side, so the totals of
 * both sides are equal. Profit and loss over fromDate..toDate (default:
 * the month of toDate, today): Income, Less Cost of Sales, Gross Profit,
 * Plus Other Income, Less Operating Expenses, Net Profit. Shapes follow the
 * OpenAPI spec's ReportWithRows (Rows of Header, Section, Row, SummaryRow
 * with Cells of Value and Attributes).
 */
#include "sandbox/sbx_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_chart.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_ledger.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_settings.h"
#include "util/date.h"
#include "util/money.h"

static const char *const months[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"
};

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

/* "31 March 2024" (long) or "31 Mar 24" (short). */
static void day_text(int64_t day, int shrt, char *out, size_t n)
{
	int y, m, d;

	date_from_days(day, &y, &m, &d);
	if (shrt)
		snprintf(out, n, "%d %.3s %02d", d, months[m - 1], y % 100);
	else
		snprintf(out, n, "%d %s %d", d, months[m - 1], y);
}

/* A date argument: 0 with *day (dflt when absent), -1 after a 400 answer. */
static int date_arg(const struct sbx_req *rq, struct sbx_resp *rs, const char *name,
		    int64_t dflt, int64_t *day)
{
	const char *v = sbx_arg(rq, name);
	char msg[160];

	*day = dflt;
	if (!v || !*v)
		return 0;
	if (!sbxj_parse_date(day, v))
		return 0;
	snprintf(msg, sizeof(msg), "The %s '%.40s' is not a date (YYYY-MM-DD).", name, v);
	sbx_resp_error(rs, 400, 16, "QueryParseException", msg);
	return -1;
}

/* Class, Type, Name, AccountID of an account code (borrowed from accounts). */
static const json_t *account(const json_t *accounts, const char *code)
{
	json_t *a;
	size_t i;

	json_array_foreach((json_t *)accounts, i, a)
		if (!strcmp(str_or(a, "Code", ""), code))
			return a;
	return NULL;
}

static int is_pl(const char *cls)
{
	return !strcmp(cls, "REVENUE") || !strcmp(cls, "EXPENSE");
}

static json_t *cell(const char *value, const char *account_id)
{
	json_t *c = json_pack("{s:s}", "Value", value);

	if (account_id)
		json_object_set_new(c, "Attributes",
				    json_pack("[{s:s,s:s}]", "Value", account_id, "Id", "account"));
	return c;
}

static json_t *money_cell(int64_t v, const char *account_id)
{
	char t[40];

	return cell(money_format(t, sizeof(t), v, 2), account_id);
}

static json_t *report(struct sandbox *s, const char *id, const char *name, const char *title,
		      const char *period, json_t *rows)
{
	char org[256] = "", today[40];
	json_t *r = json_object();

	store_meta_get(s->store, "name", org, sizeof(org));
	day_text(sbxj_now_ms() / 86400000, 0, today, sizeof(today));
	json_object_set_new(r, "ReportID", json_string(id));
	json_object_set_new(r, "ReportName", json_string(name));
	json_object_set_new(r, "ReportType", json_string(id));
	json_object_set_new(r, "ReportTitles", json_pack("[s,s,s]", title, org, period));
	json_object_set_new(r, "ReportDate", json_string(today));
	json_object_set_new(r, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	json_object_set_new(r, "Fields", json_array());
	json_object_set_new(r, "Rows", rows); /* steals */
	return r;
}

/* ---- trial balance ------------------------------------------------------- */

struct tb {
	const json_t *accounts;
	int64_t date, month_start, fy_start;
	const char *retained;
	struct ledger_sums sums;   /* v[0] month, v[1] year to date */
	int oom;
};

static void tb_post(void *ctx, const struct ledger_post *p)
{
	struct tb *t = ctx;
	const json_t *a = account(t->accounts, p->code);
	int earlier = a && is_pl(str_or(a, "Class", "")) && p->day < t->fy_start;

	if (p->day > t->date)
		return;
	t->oom |= ledger_sums_add(&t->sums, earlier ? t->retained : p->code, 1, p->amount);
	if (p->day >= t->month_start && !earlier)
		t->oom |= ledger_sums_add(&t->sums, p->code, 0, p->amount);
}

/* Net of a pair as (debit, credit) cell texts; zero on the side of hint. */
static void side(json_t *cells, int64_t net, int64_t hint, const char *id, int64_t *dr,
		 int64_t *cr)
{
	if (net > 0 || (net == 0 && hint >= 0)) {
		json_array_append_new(cells, money_cell(net, id));
		json_array_append_new(cells, cell("", id));
		*dr += net;
	} else {
		json_array_append_new(cells, cell("", id));
		json_array_append_new(cells, money_cell(-net, id));
		*cr += -net;
	}
}

/* Start of the financial year containing day. */
static int64_t fy_start(struct sandbox *s, int64_t day)
{
	const struct chart_country *c;
	char cc[8] = "GB";
	int y, m, d, end_d, end_m;
	int64_t end;

	store_meta_get(s->store, "country", cc, sizeof(cc));
	c = chart_country(cc);
	end_d = c ? c->fy_end_day : 31;
	end_m = c ? c->fy_end_month : 12;
	date_from_days(day, &y, &m, &d);
	for (;;) {
		int dd = end_d;

		while (dd > 28 && !date_valid(y, end_m, dd))
			dd--;
		end = date_days(y, end_m, dd);
		if (end < day)
			return end + 1;
		y--;
	}
}

static int trial_balance(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	static const struct { const char *cls, *title; } sections[] = {
		{ "REVENUE", "Revenue" }, { "EXPENSE", "Expenses" }, { "ASSET", "Assets" },
		{ "LIABILITY", "Liabilities" }, { "EQUITY", "Equity" },
	};
	struct tb t;
	json_t *accounts, *rows, *a;
	int64_t tot[4] = { 0, 0, 0, 0 };
	char period[64];
	size_t k, i;
	int y, m, d;

	memset(&t, 0, sizeof(t));
	if (date_arg(rq, rs, "date", sbxj_now_ms() / 86400000, &t.date))
		return 0;
	date_from_days(t.date, &y, &m, &d);
	t.month_start = date_days(y, m, 1);
	t.fy_start = fy_start(s, t.date);
	accounts = store_list(s->store, SBX_K_ACCOUNT, 0, NULL, 0);
	t.accounts = accounts;
	json_array_foreach(accounts, i, a)
		if (!strcmp(str_or(a, "SystemAccount", ""), "RETAINEDEARNINGS"))
			t.retained = str_or(a, "Code", "");
	if (!t.retained || ledger_walk(s, tb_post, &t) || t.oom) {
		ledger_sums_free(&t.sums);
		json_decref(accounts);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return 0;
	}
	rows = json_array();
	json_array_append_new(rows, json_pack("{s:s,s:[{s:s},{s:s},{s:s},{s:s},{s:s}]}", "RowType",
					      "Header", "Cells", "Value", "Account", "Value", "Debit",
					      "Value", "Credit", "Value", "YTD Debit", "Value",
					      "YTD Credit"));
	for (k = 0; k < sizeof(sections) / sizeof(sections[0]); k++) {
		json_t *sec_rows = json_array();
		const char **names = calloc(json_array_size(accounts) + 1, sizeof(*names));
		size_t n = 0, x, yv;

		if (!names) {
			json_decref(sec_rows);
			t.oom = 1;
			break;
		}
		json_array_foreach(accounts, i, a)
			if (!strcmp(str_or(a, "Class", ""), sections[k].cls) &&
			    ledger_sums_get(&t.sums, str_or(a, "Code", "")))
				names[n++] = str_or(a, "Code", "");
		/* rows by account name */
		for (x = 1; x < n; x++)
			for (yv = x; yv > 0 && strcmp(str_or(account(accounts, names[yv - 1]), "Name", ""),
						      str_or(account(accounts, names[yv]), "Name", "")) > 0; yv--) {
				const char *tmp = names[yv - 1];

				names[yv - 1] = names[yv];
				names[yv] = tmp;
			}
		for (x = 0; x < n; x++) {
			const json_t *acc = account(accounts, names[x]);
			const struct ledger_sum *sum = ledger_sums_get(&t.sums, names[x]);
			const char *id = str_or(acc, "AccountID", "");
			char label[300];
			json_t *cells = json_array();

			snprintf(label, sizeof(label), "%s (%s)", str_or(acc, "Name", ""), names[x]);
			json_array_append_new(cells, cell(label, id));
			side(cells, sum->v[0], sum->v[1], id, &tot[0], &tot[1]);
			side(cells, sum->v[1], sum->v[1], id, &tot[2], &tot[3]);
			json_array_append_new(sec_rows, json_pack("{s:s,s:o}", "RowType", "Row",
								  "Cells", cells));
		}
		free(names);
		json_array_append_new(rows, json_pack("{s:s,s:s,s:o}", "RowType", "Section", "Title",
						      sections[k].title, "Rows", sec_rows));
	}
	json_array_append_new(rows, json_pack("{s:s,s:s,s:[{s:s,s:[o,o,o,o,o]}]}", "RowType",
					      "Section", "Title", "", "Rows", "RowType", "SummaryRow",
					      "Cells", cell("Total", NULL), money_cell(tot[0], NULL),
					      money_cell(tot[1], NULL), money_cell(tot[2], NULL),
					      money_cell(tot[3], NULL)));
	ledger_sums_free(&t.sums);
	json_decref(accounts);
	if (t.oom) {
		json_decref(rows);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return 0;
	}
	strcpy(period, "As at ");
	day_text(t.date, 0, period + 6, sizeof(period) - 6);
	sbx_resp_envelope(rs, "Reports",
			  json_pack("[o]", report(s, "TrialBalance", "Trial Balance", "Trial Balance",
						  period, rows)), NULL);
	return 0;
}

/* ---- profit and loss ----------------------------------------------------- */

struct pl {
	int64_t from, to;
	struct ledger_sums sums;
	int oom;
};

static void pl_post(void *ctx, const struct ledger_post *p)
{
	struct pl *t = ctx;

	if (p->day >= t->from && p->day <= t->to)
		t->oom |= ledger_sums_add(&t->sums, p->code, 0, p->amount);
}

/* Which P&L section an account falls in: 0 income, 1 cost of sales, 2 other income, 3 expenses, -1 none. */
static int pl_section(const json_t *a)
{
	const char *cls = str_or(a, "Class", ""), *type = str_or(a, "Type", "");

	if (!strcmp(cls, "REVENUE"))
		return !strcmp(type, "OTHERINCOME") ? 2 : 0;
	if (!strcmp(cls, "EXPENSE"))
		return !strcmp(type, "DIRECTCOSTS") ? 1 : 3;
	return -1;
}

static json_t *total_row(const char *label, int64_t v, const char *type)
{
	return json_pack("{s:s,s:[o,o]}", "RowType", type, "Cells", cell(label, NULL),
			 money_cell(v, NULL));
}

static int profit_and_loss(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	static const struct { const char *title, *total; int sign; } secs[4] = {
		{ "Income", "Total Income", -1 },
		{ "Less Cost of Sales", "Total Cost of Sales", 1 },
		{ "Plus Other Income", "Total Other Income", -1 },
		{ "Less Operating Expenses", "Total Operating Expenses", 1 },
	};
	struct pl t;
	json_t *accounts, *rows, *a, *sec[4];
	int64_t totals[4] = { 0, 0, 0, 0 }, gross, net;
	char period[96], head[32], from_text[40];
	int y, m, d, k, has[4] = { 0, 0, 0, 0 };
	size_t i;

	memset(&t, 0, sizeof(t));
	if (date_arg(rq, rs, "toDate", sbxj_now_ms() / 86400000, &t.to))
		return 0;
	date_from_days(t.to, &y, &m, &d);
	if (date_arg(rq, rs, "fromDate", date_days(y, m, 1), &t.from))
		return 0;
	if (ledger_walk(s, pl_post, &t) || t.oom) {
		ledger_sums_free(&t.sums);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return 0;
	}
	accounts = store_list(s->store, SBX_K_ACCOUNT, 0, NULL, 0);
	for (k = 0; k < 4; k++)
		sec[k] = json_array();
	json_array_foreach(accounts, i, a) {
		const struct ledger_sum *sum = ledger_sums_get(&t.sums, str_or(a, "Code", ""));
		const char *id = str_or(a, "AccountID", "");

		k = pl_section(a);
		if (k < 0 || !sum)
			continue;
		json_array_append_new(sec[k], json_pack("{s:s,s:[o,o]}", "RowType", "Row", "Cells",
							cell(str_or(a, "Name", ""), id),
							money_cell(secs[k].sign * sum->v[0], id)));
		totals[k] += secs[k].sign * sum->v[0];
		has[k] = 1;
	}
	day_text(t.to, 1, head, sizeof(head));
	rows = json_array();
	json_array_append_new(rows, json_pack("{s:s,s:[{s:s},{s:s}]}", "RowType", "Header", "Cells",
					      "Value", "", "Value", head));
	gross = totals[0] - totals[1];
	net = gross + totals[2] - totals[3];
	for (k = 0; k < 4; k++) {
		if (has[k] || k == 0 || k == 3) {
			json_array_append_new(sec[k], total_row(secs[k].total, totals[k], "SummaryRow"));
			json_array_append_new(rows, json_pack("{s:s,s:s,s:o}", "RowType", "Section",
							      "Title", secs[k].title, "Rows", sec[k]));
		} else {
			json_decref(sec[k]);
		}
		if (k == 1 && has[1])
			json_array_append_new(rows, json_pack("{s:s,s:s,s:[o]}", "RowType", "Section",
							      "Title", "", "Rows",
							      total_row("Gross Profit", gross, "Row")));
	}
	json_array_append_new(rows, json_pack("{s:s,s:s,s:[o]}", "RowType", "Section", "Title", "",
					      "Rows", total_row("Net Profit", net, "Row")));
	ledger_sums_free(&t.sums);
	json_decref(accounts);
	day_text(t.from, 0, from_text, sizeof(from_text));
	day_text(t.to, 0, head, sizeof(head));
	snprintf(period, sizeof(period), "%s to %s", from_text, head);
	sbx_resp_envelope(rs, "Reports",
			  json_pack("[o]", report(s, "ProfitAndLoss", "Profit and Loss",
						  "Profit and Loss", period, rows)), NULL);
	return 0;
}

int reports_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *name = strchr(rq->sub, '/');

	if (strcmp(rq->method, "GET")) {
		sbx_resp_text(rs, 405, "Method not allowed");
		return 0;
	}
	if (name && !strcasecmp(name + 1, "TrialBalance"))
		return trial_balance(s, rq, rs);
	if (name && !strcasecmp(name + 1, "ProfitAndLoss"))
		return profit_and_loss(s, rq, rs);
	sbx_resp_not_found(rs);
	return 0;
}

/* ---- /__sandbox/ledger ----------------------------------------------------- */

struct admin {
	int64_t from, to;
	struct ledger_sums acc;   /* code: v[0] debit, v[1] credit */
	struct ledger_sums cur;   /* "CUR\tcode": v[0] net */
	struct ledger_sums tax;   /* "CUR\tTYPE": v[0] net, v[1] tax */
	long postings;
	int oom;
};

static void admin_post(void *ctx, const struct ledger_post *p)
{
	struct admin *t = ctx;
	char key[64];

	if ((t->from >= 0 && p->day < t->from) || (t->to >= 0 && p->day > t->to))
		return;
	t->postings++;
	t->oom |= ledger_sums_add(&t->acc, p->code, p->amount > 0 ? 0 : 1,
				  p->amount > 0 ? p->amount : -p->amount);
	snprintf(key, sizeof(key), "%s\t%s", p->currency, p->code);
	t->oom |= ledger_sums_add(&t->cur, key, 0, p->amount_cur);
	if (p->tax_type) {
		snprintf(key, sizeof(key), "%s\t%s", p->currency, p->tax_type);
		t->oom |= ledger_sums_add(&t->tax, key, 0, p->amount_cur);
		t->oom |= ledger_sums_add(&t->tax, key, 1, p->tax);
	}
}

/* obj[first][second] for a "first\tsecond" key, created as needed. Borrowed. */
static json_t *nested(json_t *obj, const char *key, const char **second)
{
	char first[64];
	const char *tab = strchr(key, '\t');
	json_t *o;

	snprintf(first, sizeof(first), "%.*s", (int)(tab ? tab - key : 0), key);
	*second = tab ? tab + 1 : key;
	o = json_object_get(obj, first);
	if (!o) {
		o = json_object();
		json_object_set_new(obj, first, o); /* steals, o stays borrowed */
	}
	return o;
}

int reports_ledger(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	struct admin t;
	json_t *accounts, *v, *accs, *curs, *taxes;
	int64_t dr = 0, cr = 0;
	char base[4], ymd[11];
	const char *second;
	size_t i;

	memset(&t, 0, sizeof(t));
	if (date_arg(rq, rs, "fromDate", -1, &t.from) ||
	    date_arg(rq, rs, "toDate", -1, &t.to))
		return 0;
	if (t.to < 0 && date_arg(rq, rs, "date", -1, &t.to))
		return 0;
	if (ledger_walk(s, admin_post, &t) || t.oom) {
		sbx_resp_json(rs, 500, json_pack("{s:s}", "error", "the ledger could not be made"));
		goto done;
	}
	ledger_sums_sort(&t.acc);
	ledger_sums_sort(&t.cur);
	ledger_sums_sort(&t.tax);
	accounts = store_list(s->store, SBX_K_ACCOUNT, 0, NULL, 0);
	accs = json_object();
	for (i = 0; i < t.acc.n; i++) {
		const struct ledger_sum *e = &t.acc.e[i];
		const json_t *a = account(accounts, e->key);

		json_object_set_new(accs, e->key,
				    json_pack("{s:s,s:s,s:s,s:I,s:I,s:I}", "Name", str_or(a, "Name", ""),
					      "Class", str_or(a, "Class", ""), "Type", str_or(a, "Type", ""),
					      "Debit", (json_int_t)e->v[0], "Credit", (json_int_t)e->v[1],
					      "Balance", (json_int_t)(e->v[0] - e->v[1])));
		dr += e->v[0];
		cr += e->v[1];
	}
	json_decref(accounts);
	curs = json_object();
	for (i = 0; i < t.cur.n; i++) {
		json_t *o = nested(curs, t.cur.e[i].key, &second);

		json_object_set_new(o, second, json_integer(t.cur.e[i].v[0]));
	}
	taxes = json_object();
	for (i = 0; i < t.tax.n; i++) {
		json_t *o = nested(taxes, t.tax.e[i].key, &second);

		json_object_set_new(o, second, json_pack("{s:I,s:I}", "Net", (json_int_t)t.tax.e[i].v[0],
							 "Tax", (json_int_t)t.tax.e[i].v[1]));
	}
	settings_base_currency(s, base);
	v = json_object();
	json_object_set_new(v, "BaseCurrency", json_string(base));
	date_days_ymd(t.from, ymd);
	json_object_set_new(v, "FromDate", t.from >= 0 ? json_string(ymd) : json_null());
	date_days_ymd(t.to, ymd);
	json_object_set_new(v, "ToDate", t.to >= 0 ? json_string(ymd) : json_null());
	json_object_set_new(v, "Exponent", json_integer(2));
	json_object_set_new(v, "Accounts", accs);
	json_object_set_new(v, "Currencies", curs);
	json_object_set_new(v, "TaxTypes", taxes);
	json_object_set_new(v, "Debit", json_integer(dr));
	json_object_set_new(v, "Credit", json_integer(cr));
	json_object_set_new(v, "Balanced", json_boolean(dr == cr));
	json_object_set_new(v, "Postings", json_integer(t.postings));
	sbx_resp_json(rs, 200, v);
done:
	ledger_sums_free(&t.acc);
	ledger_sums_free(&t.cur);
	ledger_sums_free(&t.tax);
	return 0;
}
