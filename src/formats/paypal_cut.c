/*
 * paypal_cut.c - PayPal rows cut into deposits (paypal_cut.h).
 *
 * Deposits: each transfer to the bank closes one. Its amounts are, for
 * every row since the previous transfer, the Gross (typed by the row's
 * class: Payment, Refund, Currency conversion, Hold, Transfer, ...) and
 * the Fee; the transfer's own fee; "Balance carried in" (the balance
 * before the first row) and "Balance carried out" (minus the balance after
 * the transfer). Their sum is minus the transfer's Gross when the Balance
 * column agrees with the rows; without a Balance column only a balance
 * that returns to zero ties. Skipped rows (Denied, Canceled, Failed,
 * Removed; rows that do not move the balance) are left out.
 *
 * A currency that is never withdrawn (EUR payments into a USD account)
 * reaches the bank through currency conversions: a pair of conversion rows,
 * one in each currency, linked by Reference Txn ID. Its rows up to each
 * conversion into a withdrawn currency (the EUR payments, fees, refunds,
 * the EUR balance carried in and left behind) join the deposit that holds
 * the conversion's other row, converted at the pair's rate (received /
 * paid, exact integer arithmetic, each line rounded half away from zero),
 * in place of that row; what the rounded lines miss of the amount
 * received is an "Exchange difference" line, so the deposit still ties to
 * the cent. The EUR rows must add up to the amount converted (else the
 * conversion stays one line and the rows are reported). Rows after the
 * last conversion, and currencies neither converted nor withdrawn, are
 * reported as before (no-transfer).
 *
 * pp_cut works on every row of the file, sorted: in memory (c->rows), or
 * in the sorted store's temporary file read by blocks (pp_at: a file with
 * such conversions, in bounded memory; the pairing by sorted keys,
 * paypal_index.c); pp_close_window makes one transfer's
 * deposit the same way from the rows paypal_stream.c kept since the
 * previous transfer, and pp_fate says a settled row's fate for both.
 * Deposits are spilled (spill.h) at each safe point, between transfers.
 */
#include "paypal_cut.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pp_row_atype(const struct pp_row *p, enum event_kind *k)
{
	switch ((enum pp_class)p->cls) {
	case PT_CONVERSION:
		*k = EV_BALANCE;
		return "Currency conversion";
	case PT_HOLD:
		*k = EV_RESERVE;
		return "Hold";
	case PT_REFUND:
		*k = EV_REFUND;
		return "Refund";
	case PT_WITHDRAWAL:
	case PT_FUNDING:
		*k = EV_BALANCE;
		return "Transfer";
	case PT_FEE:
		*k = EV_FEE;
		return "Fee";
	case PT_PAYMENT:
		*k = p->gross >= 0 ? EV_SALE : EV_OTHER;
		return p->gross >= 0 ? "Payment" : "Payment sent";
	default:
		/* a type word not understood: reported by the reader, kept
		 * apart so it is never booked as a sale on a guess */
		*k = EV_OTHER;
		return "Unclassified";
	}
}

/* row i is one of d's rows (with or without money) */
static void attach(struct pp_ctx *c, struct deposit *d, size_t i)
{
	struct pp_row *p = pp_at(c, i, 0);

	(void)d;
	if (p->done)
		return;
	pp_at(c, i, 1)->done = 1;
	c->attached++; /* close_segment sets d's rows from the count */
}

/* rows [a, b] (not skipped) are held back or left out, why */
static void mark(struct pp_ctx *c, size_t a, size_t b, enum pp_why why)
{
	size_t i;

	for (i = a; i <= b && i < c->n; i++) {
		const struct pp_row *p = pp_at(c, i, 0);

		if (!p->skip && !p->done && p->why != why)
			pp_at(c, i, 1)->why = why;
	}
}

static int add(struct pp_ctx *c, struct deposit *d, const struct pp_row *p, int64_t amount,
	       const char *atype, const char *adesc, enum event_kind k)
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
	e.txn = (struct field){ p->txid, strlen(p->txid) };
	e.party = (struct field){ p->party, strlen(p->party) };
	return mkt_add(&c->set, d, c->stats, &e);
}

/* A transfer's last events, from its withdrawal W: the withdrawal's own
 * fee, and the balance left in PayPal after it (carried out). */
static int close_transfer(struct pp_ctx *c, struct deposit *d, const struct pp_row *W)
{
	if (W->fee && add(c, d, W, W->fee, "Fee", W->type, EV_FEE))
		return LL_ERROR;
	if (W->has_bal && W->balance &&
	    add(c, d, W, -W->balance, "Balance", "Balance carried out", EV_BALANCE))
		return LL_ERROR;
	return 0;
}

const char *pp_row_adesc(const struct pp_row *p)
{
	return p->cls == PT_PAYMENT && p->gross < 0 && p->party[0] ? p->party : p->type;
}

/* one converted line: amount (in the rows' currency) * received / paid */
static int add_fx(struct pp_ctx *c, struct deposit *d, const struct pp_row *p,
		  const struct pp_fx_seg *f, int64_t received, int64_t amount, const char *atype,
		  const char *adesc, enum event_kind k, int64_t *sum)
{
	int64_t v;

	if (!amount)
		return 0;
	if (money_muldiv(&v, amount, received, f->paid)) {
		d->bad_rows++;
		return parse_reject(c->sink, c->path, p->line, "error", "bad-amount",
				  "the %s amount converts to more than the largest amount; "
				  "not imported", p->cur);
	}
	*sum = money_add(*sum, v);
	return add(c, d, p, v, atype, adesc, k);
}

/*
 * The rows of segment f (another currency) in place of the conversion row
 * w of this deposit, converted at w's received / f's paid; the rounding
 * left over is one Exchange difference line, so they sum to w's gross.
 */
static int add_converted(struct pp_ctx *c, struct deposit *d, const struct pp_row *w,
			 const struct pp_fx_seg *f)
{
	struct pp_row J = *pp_at(c, f->j, 0), p;
	int64_t sum = 0;
	char desc[16];
	size_t i;

	p = *pp_at(c, f->a, 0);
	if (add_fx(c, d, &p, f, w->gross, f->open, "Balance", "Balance carried in", EV_BALANCE,
		   &sum))
		return LL_ERROR;
	for (i = f->a; i <= f->j; i++)
		if (!pp_at(c, i, 0)->skip)
			attach(c, d, i);
	for (i = f->a; i < f->j; i++) {
		enum event_kind k;
		const char *at;

		p = *pp_at(c, i, 0);
		if (p.skip)
			continue;
		at = pp_row_atype(&p, &k);
		if (add_fx(c, d, &p, f, w->gross, p.gross, at, pp_row_adesc(&p), k, &sum) ||
		    add_fx(c, d, &p, f, w->gross, p.fee, "Fee", p.type, EV_FEE, &sum))
			return LL_ERROR;
	}
	if (add_fx(c, d, &J, f, w->gross, J.fee, "Fee", J.type, EV_FEE, &sum) ||
	    add_fx(c, d, &J, f, w->gross, -f->close, "Balance", "Balance carried out",
		   EV_BALANCE, &sum))
		return LL_ERROR;
	snprintf(desc, sizeof(desc), "%s to %s", J.cur, w->cur);
	if (sum != w->gross &&
	    add(c, d, w, money_sub(w->gross, sum), "Exchange difference", desc, EV_OTHER))
		return LL_ERROR;
	return 0;
}

/* one deposit: rows [a, w) of one currency and the transfer w */
static int close_segment(struct pp_ctx *c, struct pp_conv *x, size_t a, size_t w,
			 int64_t open, int has_open)
{
	struct pp_row W = *pp_at(c, w, 0), first = W, p;
	struct deposit *d;
	size_t i;

	d = mkt_get(&c->set, W.txid[0] ? W.txid : "no-id", W.cur);
	if (!d)
		return LL_ERROR;
	c->attached = 0;
	if (d->nev || d->has_header) {
		d->bad_rows++;
		for (i = a; i <= w; i++)
			if (!pp_at(c, i, 0)->skip)
				attach(c, d, i); /* with the untied transfer */
		d->rows += c->attached;
		return parse_reject(c->sink, c->path, W.line, "error", "duplicate-id",
				  "transfer id %s appears twice in this file", W.txid);
	}
	d->total = -W.gross;
	d->has_header = 1;
	d->header_line = (uint32_t)W.line;
	date_days_ymd(W.days, d->deposit_date);
	memcpy(d->end_date, d->deposit_date, 11);
	for (i = a; i < w; i++) {
		const struct pp_row *q = pp_at(c, i, 0);

		if (!q->skip && !q->bad && q->days) {
			first = *q;
			break;
		}
	}
	date_days_ymd(first.days, d->start_date);
	if (has_open && open &&
	    add(c, d, &first, open, "Balance", "Balance carried in", EV_BALANCE))
		return LL_ERROR;
	for (i = a; i <= w; i++)
		if (!pp_at(c, i, 0)->skip)
			attach(c, d, i);
	for (i = a; i < w; i++) {
		enum event_kind k;
		const char *at;

		p = *pp_at(c, i, 0);
		if (p.skip)
			continue;
		if (p.bad) {
			d->bad_rows++;
			continue;
		}
		if (p.fx) {
			struct pp_fx_seg fb, *f = pp_store_get(&x->fx, p.fx - 1, 1, &fb);

			if (!f)
				return LL_ERROR;
			fb = *f;
			if (add_converted(c, d, &p, &fb))
				return LL_ERROR;
		} else {
			at = pp_row_atype(&p, &k);
			if (p.gross && add(c, d, &p, p.gross, at, pp_row_adesc(&p), k))
				return LL_ERROR;
		}
		if (p.fee && add(c, d, &p, p.fee, "Fee", p.type, EV_FEE))
			return LL_ERROR;
	}
	if (close_transfer(c, d, &W))
		return LL_ERROR;
	/* its rows are those attached, whatever events they gave */
	d->rows = c->attached;
	d->last_row = 0;
	return 0;
}

static int is_conversion(const struct pp_row *p)
{
	return !p->skip && !p->bad && p->cls == PT_CONVERSION;
}

/* The balance before rows[a..end) of one currency, from the first usable
 * row that states its Balance: 1 and *open, or 0 when none says. */
static int opening_balance(struct pp_ctx *c, size_t a, size_t end, int64_t *open)
{
	size_t j;

	for (j = a; j < end; j++) {
		const struct pp_row *p = pp_at(c, j, 0);

		if (p->skip || p->bad)
			continue;
		if (!p->has_bal)
			return 0;
		*open = p->balance - p->net;
		return 1;
	}
	return 0;
}

/*
 * Rows [a, end) of cur, a currency with no transfer to the bank: cut it at
 * each conversion into a withdrawn currency and hand each part to that
 * conversion's other row (fx_seg). Returns the first row not handed on
 * (the rest is reported by the caller), or (size_t)-1 out of memory.
 */
static size_t convert_segments(struct pp_ctx *c, struct pp_conv *x, size_t a, size_t end,
			       int64_t open, int has_open)
{
	size_t j, i, k;
	int first = 1, err = 0;

	for (j = a; j < end; j++) {
		struct pp_row J = *pp_at(c, j, 0);
		int64_t sum = 0, close = J.has_bal ? J.balance : 0;
		long bad = 0, aline;
		char s1[32], s2[32];

		if (!is_conversion(&J))
			continue;
		if ((k = pp_conv_pair(x, &J, &err)) == (size_t)-1) {
			if (err)
				return (size_t)-1;
			continue;
		}
		for (i = a; i < j; i++) {
			const struct pp_row *p = pp_at(c, i, 0);

			bad += p->bad;
			if (!p->skip && !p->bad)
				sum += p->gross + p->fee;
		}
		aline = pp_at(c, a, 0)->line;
		sum = money_add(sum, money_sub(money_add(has_open ? open : 0, J.fee), close));
		if (first && !(has_open && open == 0)) {
			mark(c, a, j, PW_PARTIAL);
			parse_reject(c->sink, c->path, aline, "warning", "partial-transfer",
				   "%s: the activity before conversion %s starts with a balance "
				   "of %s carried from before this file; not imported (a "
				   "download from earlier has it whole)", J.cur, J.txid,
				   has_open ? "non-zero" : "unknown");
		} else if (bad || sum != -J.gross) {
			mark(c, a, j, PW_UNTIED);
			parse_reject(c->sink, c->path, J.line, "error", "conversion-untied",
				   "%s: the %zu row(s) before conversion %s (first on line %ld) "
				   "add up to %s%s, the conversion took %s; they are not "
				   "imported, the conversion stays one line of its transfer",
				   J.cur, j - a, J.txid, aline,
				   money_format(s1, sizeof(s1), sum, currency_exponent(J.cur)),
				   bad ? " without the rows that could not be read" : "",
				   money_format(s2, sizeof(s2), -J.gross,
						currency_exponent(J.cur)));
		} else {
			struct pp_fx_seg f;

			f.a = a;
			f.j = j;
			f.open = has_open ? open : 0;
			f.close = close;
			f.paid = -J.gross;
			if (pp_store_add(&x->fx, &f))
				return (size_t)-1;
			pp_conv_take(x, k);
			pp_at(c, k, 1)->fx = (uint32_t)x->fx.n;
		}
		first = 0;
		open = close;
		has_open = J.has_bal;
		a = j + 1;
	}
	return a;
}

/* the end of a currency's rows starting at i */
static size_t cur_end(struct pp_ctx *c, size_t i, char cur[4])
{
	memcpy(cur, pp_at(c, i, 0)->cur, 4);
	for (i++; i < c->n && !strcmp(pp_at(c, i, 0)->cur, cur); i++)
		;
	return i;
}

/* pp_cut once the currencies and pairing keys are known */
static int cut(struct pp_ctx *c, struct pp_conv *x)
{
	size_t i = 0, nfx = 0;

	/* first the currencies never withdrawn: their conversions decide what
	 * the withdrawn currencies' deposits hold */
	while (x->any && i < c->n) {
		size_t a = i, end;
		char cur[4];
		int64_t open = 0;
		int has_open = 0;

		end = cur_end(c, i, cur);
		i = end;
		if (!cur[0] || pp_conv_withdrawn(x, cur))
			continue;
		has_open = opening_balance(c, a, end, &open);
		if (convert_segments(c, x, a, end, open, has_open) == (size_t)-1)
			return LL_ERROR;
	}
	i = 0;

	while (i < c->n) {
		size_t a = i, j, end;
		char cur[4];
		int64_t open = 0;
		int has_open = 0, first = 1;

		if (c->row_err)
			return LL_ERROR;
		if (!pp_at(c, i, 0)->cur[0]) { /* rows without a currency were reported */
			i++;
			continue;
		}
		end = cur_end(c, i, cur);
		/* rows handed on with their conversions are in another deposit
		 * (the segments are in order of their last row) */
		for (; nfx < x->fx.n; nfx++) {
			struct pp_fx_seg fb, *f = pp_store_get(&x->fx, nfx, 1, &fb);

			if (!f)
				return LL_ERROR;
			if (f->j >= end)
				break;
			a = f->j + 1;
		}
		has_open = opening_balance(c, a, end, &open);
		for (j = a; j < end; j++) {
			struct pp_row p = *pp_at(c, j, 0);

			if (p.skip || p.bad || !p.withdrawal)
				continue;
			if (first && !(has_open && open == 0)) {
				mark(c, a, j, PW_PARTIAL);
				parse_reject(c->sink, c->path, pp_at(c, a, 0)->line, "warning",
					   "partial-transfer",
					   "%s: the activity before transfer %s starts with a "
					   "balance of %s carried from before this file; not "
					   "imported (a download from earlier has it whole)", cur,
					   p.txid, has_open ? "non-zero" : "unknown");
			} else if (close_segment(c, x, a, j, open, has_open) ||
				   mkt_check_now(&c->set)) {
				return LL_ERROR;
			}
			first = 0;
			open = p.has_bal ? p.balance : 0;
			has_open = p.has_bal;
			a = j + 1;
		}
		if (a < end) {
			size_t k, left = 0;
			long aline = pp_at(c, a, 0)->line;

			for (k = a; k < end; k++) {
				const struct pp_row *q = pp_at(c, k, 0);

				left += !q->skip && !q->bad;
			}
			mark(c, a, end - 1, PW_NO_TRANSFER);
			if (left)
				parse_reject(c->sink, c->path, aline, "warning", "no-transfer",
					   "%zu %s row(s) after the last transfer to the bank "
					   "(first on line %ld): not imported until a download "
					   "includes their transfer", left, cur, aline);
		}
		i = end;
	}
	return c->row_err ? LL_ERROR : 0;
}

int pp_cut(struct pp_ctx *c)
{
	struct pp_conv x;
	int rc = pp_conv_init(&x, c);

	if (rc == 0)
		rc = cut(c, &x);
	if (rc && !c->store.err[0]) {
		const char *e = x.keys.err[0] ? x.keys.err : x.fx.err;

		if (e[0])
			snprintf(c->store.err, sizeof(c->store.err), "%s", e);
	}
	pp_conv_free(&x);
	return rc;
}

int pp_fate(struct pp_ctx *c, const struct pp_row *p)
{
	const char *cur = p->cur[0] ? p->cur : "";
	int64_t net = p->skip || p->bad || !cur[0] ? 0 : p->net;

	if (p->done)
		return 0;
	if (p->skip)
		return parse_fate(c->sink, cur, FATE_LEFT,
				  p->why == PW_NO_EFFECT ? "no-balance-effect"
				  : p->why == PW_NOT_DONE ? "not-completed" : "no-money",
				  1, 0);
	if (p->why == PW_PARTIAL)
		return parse_fate(c->sink, cur, FATE_HELD, "partial-transfer", 1, net);
	if (p->why == PW_NO_TRANSFER)
		return parse_fate(c->sink, cur, FATE_HELD, "no-transfer", 1, net);
	if (p->why == PW_UNTIED)
		return parse_fate(c->sink, cur, FATE_LEFT, "untied", 1, net);
	if (p->why == PW_ZERO)
		return parse_fate(c->sink, cur, FATE_LEFT, "no-money", 1, 0);
	return parse_fate(c->sink, cur, FATE_LEFT, "unreadable", 1, 0);
}

int pp_fates(struct pp_ctx *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n && rc == 0; i++)
		rc = pp_fate(c, pp_at(c, i, 0));
	return rc ? rc : c->row_err ? LL_ERROR : 0;
}

/* the window's rows in order, a block at a time, each to fn */
static int each_row(struct pp_ctx *c, struct pp_store *win,
		    int (*fn)(struct pp_ctx *c, struct deposit *d, struct pp_row *p),
		    struct deposit *d)
{
	struct pp_row *buf = NULL, *blk;
	size_t i, k;
	int rc = 0;

	if (!pp_store_in_memory(win) && !(buf = malloc(PP_BLOCK * sizeof(*buf))))
		return LL_ERROR;
	for (i = 0; i < win->n && rc == 0; i += PP_BLOCK) {
		size_t m = win->n - i < PP_BLOCK ? win->n - i : PP_BLOCK;

		if (!(blk = pp_store_get(win, i, m, buf))) {
			rc = LL_ERROR;
			break;
		}
		for (k = 0; k < m && rc == 0; k++)
			rc = fn(c, d, &blk[k]);
	}
	free(buf);
	return rc;
}

/* a row of a duplicate transfer: attached (counted), or its fate */
static int dup_row(struct pp_ctx *c, struct deposit *d, struct pp_row *p)
{
	(void)d;
	return p->skip ? pp_fate(c, p) : 0;
}

/* a row of a transfer's deposit: its Gross and Fee, as close_segment */
static int seg_row(struct pp_ctx *c, struct deposit *d, struct pp_row *p)
{
	enum event_kind k;
	const char *at;

	if (p->skip)
		return pp_fate(c, p);
	if (p->bad) {
		d->bad_rows++;
		return 0;
	}
	at = pp_row_atype(p, &k);
	if (p->gross && add(c, d, p, p->gross, at, pp_row_adesc(p), k))
		return LL_ERROR;
	if (p->fee && add(c, d, p, p->fee, "Fee", p->type, EV_FEE))
		return LL_ERROR;
	return 0;
}

int pp_close_window(struct pp_ctx *c, struct pp_store *win, size_t nonskip,
		    const struct pp_row *first, const struct pp_row *W, int64_t open,
		    int has_open)
{
	struct deposit *d;
	int rc;

	d = mkt_get(&c->set, W->txid[0] ? W->txid : "no-id", W->cur);
	if (!d)
		return LL_ERROR;
	if (d->nev || d->has_header) {
		d->bad_rows++;
		d->rows += (long)nonskip + 1; /* with the untied transfer */
		rc = parse_reject(c->sink, c->path, W->line, "error", "duplicate-id",
				  "transfer id %s appears twice in this file", W->txid);
		return rc ? rc : each_row(c, win, dup_row, d);
	}
	d->total = -W->gross;
	d->has_header = 1;
	d->header_line = (uint32_t)W->line;
	date_days_ymd(W->days, d->deposit_date);
	memcpy(d->end_date, d->deposit_date, 11);
	if (!first)
		first = W;
	date_days_ymd(first->days, d->start_date);
	if (has_open && open &&
	    add(c, d, first, open, "Balance", "Balance carried in", EV_BALANCE))
		return LL_ERROR;
	if (each_row(c, win, seg_row, d))
		return LL_ERROR;
	if (close_transfer(c, d, W))
		return LL_ERROR;
	d->rows = (long)nonskip + 1;
	d->last_row = 0;
	return 0;
}
