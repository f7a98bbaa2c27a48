/*
 * paypal_days.c - PayPal as the account it is (paypal_cut.h, pp_days):
 * the rows of each currency cut into days of the account.
 *
 * A day ("2025-03-04 USD", the date as PayPal writes it) is a deposit whose
 * events are that day's rows, each row's Gross and Fee tagged with the
 * row's Transaction ID and Name (map_account.c makes every row a bank
 * transaction in the PayPal account of its currency, or a transfer to or
 * from the bank), and whose total is what the day moved the account's
 * balance by, from the Balance column: for every row, its Balance less
 * the Balance before it (the previous row's, or for the first row of the
 * currency its own less its Net). A day whose rows miss one (a row cut out
 * of the download) does not tie and is reported; nothing is carried
 * between deposits, so the days a file holds are imported whatever comes
 * before or after them: a balance carried in from before the download is
 * its opening balance, the rows after the last transfer to the bank are
 * days like the others. Per currency a note reports the opening balance
 * (the first row's Balance less its Net, else the figure settings.json
 * gives, else 0.00) and the closing one: the rows imported move the
 * account by their difference.
 *
 * Rows at the same second (a transfer to the bank and the conversion that
 * funds it) are put in the order their Balance cells chain, whatever order
 * the download lists them in, so each day ends on its real closing balance.
 *
 * Every row counts once in the completeness ledger (docs/completeness.md):
 * a row on its day is one of the day's rows (a row whose amount cannot be
 * read too: the day cannot tie without it) and marked done; a row with
 * Gross and Fee 0 is left for pp_fates as no-money, as are the rows this
 * file never places (skipped, a date or currency not read).
 *
 * A currency's days are made a row at a time (pp_day_row, between
 * pp_day_begin and pp_day_end): from every row in memory, sorted
 * (pp_days), or as a time-ordered file's rows stream past
 * (paypal_stream.c). Deposits are spilled (spill.h) between rows.
 */
#include "paypal_cut.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"

static int usable(const struct pp_row *p)
{
	return !p->skip && !p->bad;
}

static void swap_rows(struct pp_ctx *c, size_t i, size_t j)
{
	struct pp_row t;

	if (i == j)
		return;
	t = c->rows[i];
	c->rows[i] = c->rows[j];
	c->rows[j] = t;
}

/*
 * Rows [i, j) share one instant: reorder them so that each one's Balance
 * less its Net is the Balance before it. prev is the Balance before the
 * first (has_prev 0: unknown, then the row whose start no other row ends
 * on begins the chain). Rows that do not chain stay as they are.
 */
void pp_chain_instant(struct pp_ctx *c, size_t i, size_t j, int64_t prev, int has_prev)
{
	size_t k, r, q;

	for (k = i; k < j; k++)
		if (!usable(&c->rows[k]) || !c->rows[k].has_bal)
			return;
	if (!has_prev) {
		for (r = i; r < j; r++) {
			int64_t start = c->rows[r].balance - c->rows[r].net;

			for (q = i; q < j; q++)
				if (q != r && c->rows[q].balance == start)
					break;
			if (q == j)
				break;
		}
		if (r == j)
			return;
		swap_rows(c, i, r);
		prev = c->rows[i].balance;
		i++;
	}
	for (k = i; k < j; k++) {
		for (r = k; r < j; r++)
			if (c->rows[r].balance - c->rows[r].net == prev)
				break;
		if (r == j)
			return;
		swap_rows(c, k, r);
		prev = c->rows[k].balance;
	}
}

static void chain_order(struct pp_ctx *c, size_t a, size_t end)
{
	size_t i = a, j;

	while (i < end) {
		const struct pp_row *b = i > a ? &c->rows[i - 1] : NULL;

		for (j = i + 1; j < end && c->rows[j].utc == c->rows[i].utc; j++)
			;
		if (j - i > 1)
			pp_chain_instant(c, i, j, b ? b->balance : 0,
				      b && usable(b) && b->has_bal);
		i = j;
	}
}

/* the day deposit of row p, created with its header when new */
static struct deposit *day_of(struct pp_ctx *c, const struct pp_row *p)
{
	char id[32], ymd[11];
	struct deposit *d;
	struct sfmt f;

	date_days_ymd(p->days, ymd);
	sf_init(&f, id, sizeof(id));  /* "%s %s" */
	sf_str(&f, ymd);
	sf_char(&f, ' ');
	sf_str(&f, p->cur);
	d = mkt_get(&c->set, id, p->cur);
	if (!d)
		return NULL;
	if (!d->has_header) {
		d->has_header = 1;
		d->account_day = 1;
		d->header_line = (uint32_t)p->line;
		memcpy(d->start_date, ymd, 11);
		memcpy(d->end_date, ymd, 11);
		memcpy(d->deposit_date, ymd, 11);
	} else if ((uint32_t)p->line < d->header_line) {
		d->header_line = (uint32_t)p->line;
	}
	return d;
}

static int add(struct pp_ctx *c, struct deposit *d, const struct pp_row *p,
	       const char *key, int64_t amount, const char *atype, const char *adesc,
	       enum event_kind k)
{
	struct mkt_ev e;

	memset(&e, 0, sizeof(e));
	e.amount = amount;
	e.days = p->local;
	e.line = p->line;
	e.kind = k;
	e.ttype = p->type;
	e.atype = atype;
	e.adesc = adesc;
	e.order = (struct field){ p->inv, strlen(p->inv) };
	e.txn = (struct field){ key, strlen(key) };
	e.party = (struct field){ p->party, strlen(p->party) };
	return mkt_add(&c->set, d, c->stats, &e);
}

/* One row's events: its Gross (typed by its class) then its Fee, tagged
 * with the row's key (its Transaction ID, else its date and time). */
static int add_row(struct pp_ctx *c, struct deposit *d, const struct pp_row *p)
{
	char key[64];
	enum event_kind k;
	const char *at = pp_row_atype(p, &k);
	struct sfmt f;

	if (p->txid[0]) {
		sf_copy(key, sizeof(key), p->txid);
	} else {
		sf_init(&f, key, sizeof(key));  /* "no id %.11s %.15s" */
		sf_str(&f, "no id ");
		sf_strn(&f, p->date, 11);
		sf_char(&f, ' ');
		sf_strn(&f, p->time, 15);
	}
	if (p->gross && add(c, d, p, key, p->gross, at, pp_row_adesc(p), k))
		return LL_ERROR;
	if (p->fee && add(c, d, p, key, p->fee, "Fee", p->type, EV_FEE))
		return LL_ERROR;
	return 0;
}

/* The opening figure settings.json gives for cur, in minor units: 1 and
 * *out, or 0 when it gives none (or one that is not an amount: said). */
static int given_opening(struct pp_ctx *c, const struct parse_wallet *w, const char *cur,
			 int64_t *out)
{
	size_t i;

	for (i = 0; w && i < w->nopen; i++) {
		struct field f = { w->open[i].amount, strlen(w->open[i].amount) };

		if (strcmp(w->open[i].currency, cur))
			continue;
		if (mkt_money(out, f, currency_exponent(cur), MONEY_DOT) == 0)
			return 1;
		parse_reject(c->sink, c->path, 0, "warning", "opening-balance",
			   "settings.json: opening_balance %s '%s' is not an amount; not used",
			   cur, w->open[i].amount);
		return 0;
	}
	return 0;
}

void pp_day_begin(struct pp_day *st, const char *cur)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->cur, sizeof(st->cur), "%s", cur);
	st->e = currency_exponent(st->cur);
	st->have = 1;
	snprintf(st->from, sizeof(st->from), "not stated: 0.00 assumed");
}

int pp_day_row(struct pp_ctx *c, struct pp_day *st, struct pp_row *p,
	       const struct parse_wallet *w)
{
	struct deposit *d;
	int64_t before, after;

	if (p->skip)
		return 0;
	if (!p->days) /* a date not read: reported, cannot be placed */
		return 0;
	if (!(d = day_of(c, p)))
		return LL_ERROR;
	if (p->bad) {
		/* one of the day's rows, which cannot tie without it */
		d->bad_rows++;
		deposit_row(d, (uint32_t)p->line);
		p->done = 1;
		st->have = 0;
		return 0;
	}
	if (!st->started) {
		st->started = 1;
		st->first_line = p->line;
		if (p->has_bal) {
			st->open = p->balance - p->net;
			snprintf(st->from, sizeof(st->from), "the first row's Balance less its Net,"
				 " line %ld", p->line);
		} else if (given_opening(c, w, st->cur, &st->open)) {
			snprintf(st->from, sizeof(st->from), "given in settings.json");
		}
		st->run = st->open;
	}
	before = st->have ? st->run : p->has_bal ? p->balance - p->net : st->run;
	after = p->has_bal ? p->balance : before + p->net;
	st->any_bal |= p->has_bal;
	d->total += after - before;
	st->run = after;
	st->have = 1;
	st->rows++;
	st->last_line = p->line;
	if (add_row(c, d, p))
		return LL_ERROR;
	/* on its day, or (Gross and Fee 0) moving nothing: left out */
	if (p->gross || p->fee)
		p->done = 1;
	else
		p->why = PW_ZERO;
	return 0;
}

void pp_day_end(struct pp_ctx *c, struct pp_day *st)
{
	char s1[32], s2[32], s3[32];

	if (!st->rows)
		return;
	money_format(s1, sizeof(s1), st->open, st->e);
	money_format(s2, sizeof(s2), st->run, st->e);
	money_format(s3, sizeof(s3), st->run - st->open, st->e);
	if (st->any_bal)
		parse_reject(c->sink, c->path, st->first_line, "note", "opening-balance",
			   "%s: opening balance %s (%s), closing balance %s (line %ld): the "
			   "%ld row(s) imported move the PayPal %s account by %s", st->cur, s1,
			   st->from, s2, st->last_line, st->rows, st->cur, s3);
	else
		parse_reject(c->sink, c->path, st->first_line, "note", "opening-balance",
			   "%s: the rows state no Balance, so they cannot be checked against "
			   "PayPal's: opening balance %s (%s), the %ld row(s) imported move the "
			   "PayPal %s account by %s", st->cur, s1, st->from, st->rows, st->cur, s3);
}

/* The days of one currency, rows [a, end). */
static int currency_days(struct pp_ctx *c, size_t a, size_t end, const struct parse_wallet *w)
{
	struct pp_day st;
	size_t i;

	chain_order(c, a, end);
	pp_day_begin(&st, c->rows[a].cur);
	for (i = a; i < end; i++)
		if (pp_day_row(c, &st, &c->rows[i], w) || mkt_check(&c->set))
			return LL_ERROR;
	pp_day_end(c, &st);
	return 0;
}

int pp_days(struct pp_ctx *c, const struct parse_wallet *w)
{
	size_t i = 0, end;

	while (i < c->n) {
		const char *cur = c->rows[i].cur;

		for (end = i; end < c->n && !strcmp(c->rows[end].cur, cur); end++)
			;
		if (cur[0] && currency_days(c, i, end, w))
			return LL_ERROR;
		i = end;
	}
	return 0;
}
