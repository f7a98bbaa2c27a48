/*
 * summary.c - the workbook's Summary sheet (report_int.h): one page that
 * reconciles every deposit in the state file after the run, per platform
 * and currency. The first table takes the money apart: gross sales,
 * refunds, fees by group, tax and other add up to the net, which equals
 * the deposits (Difference 0, Check `ties`). The second sets what was
 * planned against what is posted. Beside it, the counts of what planning
 * found, read where the console's plan summary reads them
 * (store_read_plan_counts: the rows held back and left out, with their
 * money, from the completeness ledger), so the two always say the same
 * and equal the Completeness sheet's rows by fate; and at the
 * top, links to the other sheets. The one sheet laid out by hand: its
 * rows come from r->recon (recon.c), all in memory, written in order.
 */
#include "report/report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/event.h"
#include "store/runs.h"
#include "util/money.h"

#define COUNT_COL 10   /* the counts' labels (overflowing to the right) */
#define COUNT_NUM 13   /* and their numbers */

/* --- cells ---------------------------------------------------------- */

struct sheet {
	struct report *r;
	lxw_worksheet *ws;
	lxw_error e;        /* the first failure */
};

static void put_text(struct sheet *s, lxw_row_t row, int col, const char *t,
		     lxw_format *f)
{
	if (!s->e && t && *t)
		s->e = worksheet_write_string(s->ws, row, (lxw_col_t)col, t, f);
}

static void put_count(struct sheet *s, lxw_row_t row, int col, int64_t n, int strong)
{
	if (!s->e)
		s->e = worksheet_write_number(s->ws, row, (lxw_col_t)col, (double)n,
					      s->r->count[strong]);
}

static void put_money(struct sheet *s, lxw_row_t row, int col, int64_t minor,
		      const char *cur, int strong)
{
	int ex = cur && *cur ? currency_exponent(cur) : 2;
	int64_t d = 1;
	int k;

	if (ex < 0 || ex > 3)
		ex = 2;
	for (k = 0; k < ex; k++)
		d *= 10;
	/* money becomes a double only here, for the cell */
	if (!s->e)
		s->e = worksheet_write_number(s->ws, row, (lxw_col_t)col,
					      (double)minor / (double)d,
					      s->r->money[strong][ex]);
}

static void put_headers(struct sheet *s, lxw_row_t row, const char *const *h, int n,
			int first)
{
	int i;

	for (i = 0; i < n; i++)
		put_text(s, row, first + i, h[i], s->r->head);
}

/* --- the reconciliation ---------------------------------------------- */

/* One line of a table: a platform × currency, or a currency's total. */
struct recon_line {
	char platform[32], currency[8];
	int64_t deposits, deposit, planned;
	int64_t group[GROUP_N];
	struct recon_docs docs;
};

static int64_t net_of(const struct recon_line *l)
{
	int64_t n = 0;
	int g;

	for (g = 0; g < GROUP_N; g++)
		n += l->group[g];
	return n;
}

/* lines: per platform × currency (from the months), then per currency
 * over all platforms ("All platforms"); *nplat the first kind's count. */
static int recon_lines(struct report *r, struct recon_line **out, size_t *n,
		       size_t *nplat)
{
	const struct recon *rc = &r->recon;
	struct recon_line *v = calloc(2 * (rc->n + rc->npc) + 1, sizeof(*v));
	size_t i, k, m = 0, p;
	int g;

	*out = v;
	*n = *nplat = 0;
	if (!v)
		return ll_err_set(r->err, LL_ERROR, r->path, 0, "out of memory");
	for (i = 0; i < rc->n; i++) {
		const struct recon_month *mo = &rc->m[i];

		if (!m || strcmp(v[m - 1].platform, mo->platform) ||
		    strcmp(v[m - 1].currency, mo->currency)) {
			snprintf(v[m].platform, sizeof(v[m].platform), "%s", mo->platform);
			snprintf(v[m].currency, sizeof(v[m].currency), "%s", mo->currency);
			m++;
		}
		v[m - 1].deposits += mo->deposits;
		v[m - 1].deposit += mo->deposit;
		v[m - 1].planned += mo->planned;
		for (g = 0; g < GROUP_N; g++)
			v[m - 1].group[g] += mo->group[g];
	}
	/* documents by status: a platform × currency with documents but no
	 * deposit cannot happen (every document comes from one) */
	for (i = 0; i < rc->npc; i++)
		for (k = 0; k < m; k++)
			if (!strcmp(v[k].platform, rc->pc[i].platform) &&
			    !strcmp(v[k].currency, rc->pc[i].currency))
				v[k].docs = rc->pc[i];
	p = m;
	/* the currencies' totals, in currency order */
	for (i = 0; i < p; i++) {
		for (k = p; k < m; k++)
			if (!strcmp(v[k].currency, v[i].currency))
				break;
		if (k == m) {
			snprintf(v[m].platform, sizeof(v[m].platform), "All platforms");
			memcpy(v[m].currency, v[i].currency, sizeof(v[m].currency));
			m++;
		}
		v[k].deposits += v[i].deposits;
		v[k].deposit += v[i].deposit;
		v[k].planned += v[i].planned;
		for (g = 0; g < GROUP_N; g++)
			v[k].group[g] += v[i].group[g];
		v[k].docs.posted += v[i].docs.posted;
		v[k].docs.planned += v[i].docs.planned;
		v[k].docs.rejected += v[i].docs.rejected;
		v[k].docs.posted_net += v[i].docs.posted_net;
		v[k].docs.planned_net += v[i].docs.planned_net;
		v[k].docs.rejected_net += v[i].docs.rejected_net;
	}
	for (i = p; i + 1 < m; i++)
		for (k = i + 1; k < m; k++)
			if (strcmp(v[k].currency, v[i].currency) < 0) {
				struct recon_line t = v[i];

				v[i] = v[k];
				v[k] = t;
			}
	*n = m;
	*nplat = p;
	return 0;
}

/* One line of the first table at row. */
static void recon_row(struct sheet *s, lxw_row_t row, const struct recon_line *l,
		      int strong)
{
	static const enum recon_group order[] = {
		GROUP_SALES, GROUP_REFUNDS, GROUP_FEE_SELLING, GROUP_FEE_FULFIL,
		GROUP_FEE_ADS, GROUP_FEE_OTHER, GROUP_TAX, GROUP_OTHER };
	int64_t net = net_of(l), diff = l->deposit - net;
	size_t g;
	int col = 3;

	put_text(s, row, 0, platform_title(l->platform), s->r->text[strong]);
	put_text(s, row, 1, l->currency, s->r->text[strong]);
	put_count(s, row, 2, l->deposits, strong);
	for (g = 0; g < sizeof(order) / sizeof(order[0]); g++)
		put_money(s, row, col++, l->group[order[g]], l->currency, strong);
	put_money(s, row, col++, net, l->currency, strong);
	put_money(s, row, col++, l->deposit, l->currency, strong);
	put_money(s, row, col++, diff, l->currency, strong);
	put_text(s, row, col, diff == 0 ? "ties" : l->planned == 0 && net == 0 ? "not planned"
									     : "differs",
		 s->r->text[strong]);
}

/* One line of the second table at row. */
static void docs_row(struct sheet *s, lxw_row_t row, const struct recon_line *l,
		     int strong)
{
	const struct recon_docs *d = &l->docs;
	int64_t planned = d->posted_net + d->planned_net + d->rejected_net;

	put_text(s, row, 0, platform_title(l->platform), s->r->text[strong]);
	put_text(s, row, 1, l->currency, s->r->text[strong]);
	put_count(s, row, 2, d->posted + d->planned + d->rejected, strong);
	put_count(s, row, 3, d->posted, strong);
	put_count(s, row, 4, d->planned, strong);
	put_count(s, row, 5, d->rejected, strong);
	put_money(s, row, 6, planned, l->currency, strong);
	put_money(s, row, 7, d->posted_net, l->currency, strong);
	put_money(s, row, 8, planned - d->posted_net, l->currency, strong);
}

/* --- counts --------------------------------------------------------- */

#define COUNTS_MAX 20

struct counts {
	const char *label[COUNTS_MAX];
	int64_t n[COUNTS_MAX];
	char money[COUNTS_MAX][200]; /* beside the number: "USD 45.00, ..." */
	int count;
};

static void count_add(struct counts *c, const char *label, int64_t n)
{
	if (c->count < COUNTS_MAX) {
		c->label[c->count] = label;
		c->money[c->count][0] = '\0';
		c->n[c->count++] = n;
	}
}

/* a count with its money per currency (money "" for none) */
static void count_add_money(struct counts *c, const char *label, int64_t n, const char *money)
{
	count_add(c, label, n);
	if (c->count && c->label[c->count - 1] == label)
		snprintf(c->money[c->count - 1], sizeof(c->money[0]), "%s", money);
}

static int summary_counts(struct report *r, struct counts *c)
{
	static const struct {
		const char *label;
		enum store_count what;
	} plain[] = {
		{ "Files recognised", STORE_COUNT_FILES_RECOGNISED },
		{ "Files skipped", STORE_COUNT_FILES_SKIPPED },
		{ "Files with errors", STORE_COUNT_FILES_ERRORS },
		{ "Documents (invoices, credit notes)", STORE_COUNT_DOCUMENTS },
		{ "Payments and transfers", STORE_COUNT_MOVES },
		{ "Errors (rows or files not used)", STORE_COUNT_REJECT_ERRORS },
		{ "Warnings", STORE_COUNT_REJECT_WARNINGS },
		{ "Resolved by a later run (History)", STORE_COUNT_HISTORY },
	};
	struct store_plan_counts pc;
	int64_t n;
	size_t i;

	if (store_read_plan_counts(r->st, &pc, r->err))
		return LL_ERROR;
	count_add(c, "Settlements tied", pc.tied);
	count_add(c, "Settlements not tied", pc.untied);
	count_add(c, "Duplicates (not imported again)", pc.duplicate);
	count_add(c, "Conflicting copies (not imported)", pc.conflict);
	count_add_money(c, "Rows held back (1)", pc.held_back, pc.held_money);
	count_add_money(c, "Rows left out (1)", pc.left_out, pc.left_money);
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (store_read_count(r->st, plain[i].what, &n, r->err))
			return LL_ERROR;
		if (n || plain[i].what != STORE_COUNT_MOVES)
			count_add(c, plain[i].label, n);
	}
	return 0;
}

/* --- the run -------------------------------------------------------- */

struct run_line {
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
	return 0;
}

/* One line on the run: which, what, when. LL_ENOTFOUND for an unknown id. */
static int summary_run(struct report *r, int64_t run_id, char *out, size_t outlen)
{
	char now[32];
	struct run_line l = { out, outlen, now };
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

int report_run_line(struct report *r, int64_t run_id)
{
	return summary_run(r, run_id, r->run_line, sizeof(r->run_line));
}

/* --- the sheet ------------------------------------------------------ */

/* The other sheets, linked from the top of the Summary. */
static void sheet_links(struct sheet *s, lxw_row_t row)
{
	static const char *const names[] = {
		"Read me", "Charts", "Settlements", "Documents", "Payments", "Lines",
		"Files", "Rejects", "History", "Monthly", "Batches", "Calls" };
	struct report *r = s->r;
	char url[80];
	size_t i;
	int col = 1, linked;

	put_text(s, row, 0, "Sheets:", r->text[1]);
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !s->e; i++) {
		if ((!strcmp(names[i], "Payments") && !r->has_moves) ||
		    (!strcmp(names[i], "History") && !r->has_history))
			continue;
		snprintf(url, sizeof(url), "internal:'%s'!A1", names[i]);
		linked = report_link(r, s->ws, row, (lxw_col_t)col, url);
		if (linked < 0) {
			s->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
			return;
		}
		put_text(s, row, col++, names[i], linked ? r->link_text : NULL);
	}
}

int report_sheet_summary(struct report *r, const struct report_opts *o)
{
	static const char *const head_a[] = {
		"Platform", "Currency", "Deposits", "Gross sales", "Refunds", "Selling fees",
		"Fulfilment & shipping", "Advertising", "Other fees", "Tax", "Other", "Net",
		"Deposit total", "Difference", "Check" };
	static const double width[] = { 13, 9, 11, 14, 13, 13, 13, 13, 13, 13, 13, 14, 14,
					12, 11 };
	static const char *const head_b[] = {
		"Platform", "Currency", "Documents", "Posted", "To post", "Rejected",
		"Planned total", "Posted total", "Not yet posted" };
	struct recon_line *lines = NULL;
	struct counts c;
	struct sheet s = { r, NULL, LXW_NO_ERROR };
	size_t n = 0, nplat = 0, i;
	lxw_row_t row;
	int rc = LL_ERROR, k;

	memset(&c, 0, sizeof(c));
	if ((rc = summary_counts(r, &c)) != 0 || (rc = recon_lines(r, &lines, &n, &nplat)) != 0)
		goto done;
	rc = LL_ERROR;
	s.ws = report_sheet_new(r, "Summary", -1, 1);
	if (!s.ws)
		goto done;
	for (k = 0; k < NCOLS(width); k++)
		if (!s.e)
			s.e = worksheet_set_column(s.ws, (lxw_col_t)k, (lxw_col_t)k, width[k],
						   NULL);
	put_text(&s, 0, 0, o->title ? o->title : "ledgerlift audit", r->title);
	put_text(&s, 1, 0, r->run_line, NULL);
	put_text(&s, 2, 0, "The state after this run: every deposit in the state file, by"
		 " platform and currency. Amounts are in each line's currency: never add"
		 " them across currencies. 'Read me' says what each column means.", NULL);
	sheet_links(&s, 3);

	row = 5;
	put_text(&s, row++, 0, "Reconciliation: what each platform paid out, taken apart",
		 r->section);
	if (!s.e)
		s.e = worksheet_set_row(s.ws, row, 30, NULL);
	put_headers(&s, row, head_a, NCOLS(head_a), 0);
	for (i = 0; i < n; i++) {
		if (i == nplat)
			row++; /* a blank line, then the currencies' totals */
		recon_row(&s, ++row, &lines[i], i >= nplat);
	}
	if (n == 0)
		put_text(&s, ++row, 0, "No deposits in the state file yet.", r->note);

	row += 2;
	put_text(&s, row, 0, "Planned against posted: the documents that count toward the"
		 " deposits", r->section);
	put_text(&s, row++, COUNT_COL, "What planning found (as the console said)",
		 r->section);
	if (!s.e)
		s.e = worksheet_set_row(s.ws, row, 30, NULL);
	put_headers(&s, row, head_b, NCOLS(head_b), 0);
	put_text(&s, row, COUNT_COL, "Count", r->head);
	put_text(&s, row, COUNT_COL + 1, "", r->head);
	put_text(&s, row, COUNT_NUM, "Number", r->head);
	put_text(&s, row, COUNT_NUM + 1, "Amount", r->head);
	{
		/* the documents' lines (a blank one before the totals) and the
		 * counts side by side: rows are written in order */
		size_t rows = n + (nplat && nplat < n ? 1 : 0), j, li = 0;

		if ((size_t)c.count > rows)
			rows = (size_t)c.count;
		for (j = 0; j < rows; j++) {
			row++;
			if (li < n && !(li == nplat && li && j == nplat)) {
				docs_row(&s, row, &lines[li], li >= nplat);
				li++;
			}
			if (j < (size_t)c.count) {
				put_text(&s, row, COUNT_COL, c.label[j], NULL);
				put_count(&s, row, COUNT_NUM, c.n[j], 0);
				put_text(&s, row, COUNT_NUM + 1, c.money[j], NULL);
			}
		}
		put_text(&s, row + 2, COUNT_COL,
			 "(1) Rows of the files, from the completeness ledger (the Completeness"
			 " sheet's Rows by fate), with their money per currency: held back ="
			 " waiting for a later export; left out = not imported (unpaid, voided,"
			 " untied, duplicate, ...: its Reason column).", r->note);
	}
	worksheet_activate(s.ws);
	if (s.e) {
		report_fail(r, s.e, "writing the Summary");
		goto done;
	}
	rc = 0;
done:
	free(lines);
	return rc;
}
