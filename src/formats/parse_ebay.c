/*
 * parse_ebay.c - eBay transaction reports (parse_ebay.h) from the .com,
 * .co.uk, .de, .fr, .it and .es sites, and the file loop the orders
 * reader (parse_ebay_orders.c) shares.
 *
 * All of eBay's reports are CSV read through csvrec (quoted cells, a bare
 * quote in an unquoted cell, "--" for empty), comma-, semicolon- or
 * tab-delimited, with columns found by name once from the header
 * (ebay_words: English, German, French, Italian, Spanish). The header is
 * turned into UTF-8 first, so a CP1252 German file matches the same
 * names. The header's words decide the report's language, and the
 * language what a value that proves nothing is read as: eBay.de, .fr, .it
 * and .es write decimal commas and day-first dates, eBay.com month-first
 * dates, eBay.co.uk (an English report with Postage columns) day-first; a
 * value that proves its separator ("12,50") is read as it shows.
 *
 * Transaction report (with or without its preamble; its first column
 * "Transaction creation date" or "Transaction date"): every non-Payout row
 * belongs to the payout named in its Payout ID. Order, Refund, Claim and
 * Payment dispute rows are split into their amount columns (item subtotal,
 * shipping, seller-collected tax, eBay-collected tax in and withheld, each
 * fee column, charity), each one event; when the columns do not add up to
 * the row's Net amount the difference becomes one more event and a
 * warning, so no money is lost or invented. Other rows (Shipping label,
 * Other fee, Hold, Transfer, ...) are one event of their Net amount, typed
 * by the row Type; a type not understood is reported with its first line
 * and imported as "Unclassified", never guessed. The Payout row gives the
 * deposit: its amount, date and line. Its sign convention is not
 * documented, so the total takes the sign that ties when one does (a
 * payout whose rows are all present ties either way; one that does not is
 * reported with both figures).
 *
 * A cell starting with '=' is a spreadsheet formula someone added,
 * reported and not imported.
 */
#include "parse_ebay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/ebay_priv.h"
#include "util/fmt.h"

#define MAX_FEES 24

struct tx_layout {
	int date, type, order, net, pcur, pdate, pid, hold, sku, qty;
	int subtotal, ship, stax, etax, gross, tcur, desc, charity, rate;
	int fee[MAX_FEES];
	char fee_name[MAX_FEES][80];
	int nfee;
};

/* a header converted to UTF-8 and split */
static int read_header(struct csvrec *hdr, struct buf *u8, const char *header,
		       size_t hlen, char *delim)
{
	buf_reset(u8);
	if (text_append_utf8(u8, header, hlen))
		return LL_ERROR;
	*delim = mkt_delim(u8->ptr, u8->len);
	return csvrec_parse(hdr, u8->ptr, u8->len, *delim);
}

static int str_has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

enum ebay_format ebay_detect(const char *line, size_t len)
{
	struct csvrec *r = csvrec_new();
	struct buf u8 = BUF_INIT(LINES_MAX_LEN * 4);
	enum ebay_format f = EBAY_NONE;
	char delim;

	if (!r)
		return EBAY_NONE;
	if (read_header(r, &u8, line, len, &delim) == 0) {
		if (eb_find(r, EC_TDATE, NULL) >= 0 ||
		    (eb_find(r, EC_NET, NULL) >= 0 && eb_find(r, EC_PID, NULL) >= 0 &&
		     eb_find(r, EC_TYPE, NULL) >= 0))
			f = EBAY_TRANSACTIONS;
		else if (eb_find(r, EC_SRN, NULL) >= 0 && eb_find(r, EC_TOTAL, NULL) >= 0 &&
			 eb_find(r, EC_SALE, NULL) >= 0)
			f = eb_find(r, EC_SOLDFOR, NULL) >= 0 ? EBAY_ORDERS : EBAY_FILE_EXCHANGE;
		else if (len >= 19 && r->nf >= 3 &&
			 text_ieq(text_trim(r->f[0]), "Order creation date") &&
			 text_ieq(text_trim(r->f[1]), "Order number"))
			f = EBAY_ORDER_EARNINGS;
	}
	buf_free(&u8);
	csvrec_delete(r);
	return f;
}

/* ---- shared ---- */

/* The English name of a row type; one not understood is noted (reported
 * at the end of the file with its first line) and returned as written. */
static const char *canon_type(struct eb_ctx *c, struct field v, long line, char *out,
			      size_t outlen, int *known)
{
	const char *canon;
	struct sfmt f;
	size_t i;

	buf_reset(&c->u8);
	if (text_append_utf8(&c->u8, v.p, v.len))
		return "";
	canon = eb_type_canon((struct field){ c->u8.ptr, c->u8.len });
	*known = canon != NULL;
	if (canon)
		return canon;
	sf_init(&f, out, outlen);  /* "%.*s" */
	if (c->u8.len)
		sf_strn(&f, c->u8.ptr, c->u8.len < outlen - 1 ? c->u8.len : outlen - 1);
	for (i = 0; i < c->nunknown; i++)
		if (!strcmp(c->unknown[i].w, out)) {
			c->unknown[i].count++;
			return out;
		}
	if (c->nunknown < EB_MAX_WORDS) {
		const char *w = out[0] ? out : "(empty)";
		size_t wl = strlen(w);

		if (wl >= sizeof(c->unknown[0].w))
			wl = sizeof(c->unknown[0].w) - 1;
		memcpy(c->unknown[c->nunknown].w, w, wl);
		c->unknown[c->nunknown].w[wl] = '\0';
		c->unknown[c->nunknown].count = 1;
		c->unknown[c->nunknown++].line = line;
	} else {
		c->unknown_more++;
	}
	return out;
}

int eb_add(struct eb_ctx *c, struct deposit *d, struct mkt_ev *e, int64_t amount,
	   const char *atype, const char *adesc, enum event_kind kind)
{
	e->amount = amount;
	e->atype = atype;
	e->adesc = adesc;
	e->kind = kind;
	return mkt_add(&c->set, d, c->stats, e);
}

int eb_bad_amount(struct eb_ctx *c, struct deposit *d, long line, const char *col,
		  struct field v)
{
	c->stats->bad_rows++;
	if (d) {
		d->bad_rows++;
		deposit_row(d, (uint32_t)line); /* the row goes with its deposit */
	} else {
		c->unreadable++;
	}
	return parse_reject(c->sink, c->path, line, "error", "bad-amount",
			  "'%.*s' in column '%s' is not an amount; the row is not imported",
			  (int)(v.len < 40 ? v.len : 40), v.p, col);
}

int eb_money(const struct eb_ctx *c, int64_t *out, struct field v, int exponent)
{
	return mkt_money_as(out, v, exponent, c->style);
}

/* ---- transaction report ---- */

static void tx_layout(struct tx_layout *lo, const struct csvrec *h, unsigned score[EB__NLANG])
{
	int used[CSVREC_MAX_FIELDS] = { 0 };
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS;
	int *cols[] = { &lo->date, &lo->type, &lo->order, &lo->net, &lo->pcur, &lo->pdate,
			&lo->pid, &lo->hold, &lo->sku, &lo->qty, &lo->subtotal, &lo->ship,
			&lo->stax, &lo->etax, &lo->gross, &lo->tcur, &lo->desc, &lo->charity,
			&lo->rate };
	static const enum eb_col names[] = { EC_TDATE, EC_TYPE, EC_ORDERNO, EC_NET, EC_PCUR,
					     EC_PDATE, EC_PID, EC_HOLD, EC_SKU, EC_QTY,
					     EC_SUBTOTAL, EC_SHIP, EC_STAX, EC_ETAX, EC_GROSS,
					     EC_TCUR, EC_DESC, EC_CHARITY, EC_RATE };

	memset(lo, 0, sizeof(*lo));
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		*cols[i] = eb_find(h, names[i], score);
		if (*cols[i] >= 0)
			used[*cols[i]] = 1;
	}
	for (i = 0; i < n && lo->nfee < MAX_FEES; i++) {
		struct field f = text_trim(h->f[i]);

		if (used[i] || !eb_fee_like(f))
			continue;
		lo->fee[lo->nfee] = (int)i;
		snprintf(lo->fee_name[lo->nfee], sizeof(lo->fee_name[0]), "%.*s",
			 (int)(f.len < 79 ? f.len : 79), f.p);
		lo->nfee++;
	}
}

/* what a report's language decides when a value does not: eBay.de, .fr,
 * .it and .es write decimal commas and day-first dates; an English report
 * is month-first (eBay.com) unless it has the columns only eBay.co.uk
 * writes (Postage ...) */
static void set_locale(struct eb_ctx *c, const struct csvrec *h, const unsigned score[])
{
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS;

	c->lang = eb_lang_of(score);
	c->style = c->lang == EB_EN ? MONEY_DOT : MONEY_COMMA;
	c->dmy = c->lang == EB_EN ? MKT_MDY : MKT_DMY;
	for (i = 0; c->lang == EB_EN && i < n; i++)
		if (eb_uk_column(text_trim(h->f[i])))
			c->dmy = MKT_DMY;
}

/*
 * The rate that takes a row's amounts from its transaction currency (texp
 * decimals) into the payout's (pexp), as *num / *den of minor units: the
 * Exchange rate column, read either way round, when it turns the row's net
 * in the transaction currency into its Net amount within 2% (eBay's
 * direction is unverified); else the rate the row implies (Net amount /
 * net in the transaction currency). 0, or 1 when neither is possible.
 */
static int fx_rate(struct field rate, enum money_style style, int texp, int pexp,
		   int64_t net_tx, int64_t netv, int64_t *num, int64_t *den)
{
	int64_t r8 = 0, p10 = 1, t10 = 1, conv;
	int k;

	for (k = 0; k < pexp; k++)
		p10 *= 10;
	for (k = 0; k < texp; k++)
		t10 *= 10;
	if (net_tx == 0)
		return 1;
	if (mkt_money_as(&r8, rate, 8, style) == 0 && r8 > 0 && r8 < INT64_C(1000000000000)) {
		int64_t tol = (netv < 0 ? -netv : netv) / 50 + 2;
		int64_t cand[2][2] = { { r8 * p10, INT64_C(100000000) * t10 },
				       { INT64_C(100000000) * p10, r8 * t10 } };

		for (k = 0; k < 2; k++)
			if (money_muldiv(&conv, net_tx, cand[k][0], cand[k][1]) == 0 &&
			    conv - netv <= tol && netv - conv <= tol) {
				*num = cand[k][0];
				*den = cand[k][1];
				return 0;
			}
	}
	*num = netv;
	*den = net_tx;
	return 0;
}

struct amt {
	int col;
	const char *atype, *adesc, *name;
	enum event_kind kind;
};

static int tx_row(struct eb_ctx *c, const struct tx_layout *lo, const struct csvrec *r)
{
	char tbuf[96], cur[4] = "", pid[64], desc[128];
	const char *type;
	struct field v = mkt_cell(r, lo->type), net = mkt_cell(r, lo->net);
	struct deposit *d;
	struct ll_time t;
	struct mkt_ev e;
	struct sfmt f;
	int64_t amt, netv = 0, sum = 0;
	int has_net, refund, rc, i, parts = 0, known = 0;
	long line = r->line;

	type = canon_type(c, v, line, tbuf, sizeof(tbuf), &known);
	v = mkt_cell(r, lo->pid);
	if (v.len == 0 || (v.len == 2 && v.p[0] == '-' && v.p[1] == '-')) {
		struct field pc = mkt_cell(r, lo->pcur);

		if (!c->unpaid++)
			c->unpaid_line = line;
		/* held back, with its Net amount when its currency is plain */
		if (pc.len != 3)
			pc = mkt_cell(r, lo->tcur);
		cur[0] = '\0';
		if (pc.len == 3) {
			memcpy(cur, pc.p, 3);
			cur[3] = '\0';
		}
		if (!currency_valid(cur) || eb_money(c, &netv, net, currency_exponent(cur)))
			netv = 0;
		return parse_fate(c->sink, currency_valid(cur) ? cur : "", FATE_HELD,
				  "not-paid-out", 1, currency_valid(cur) ? netv : 0)
			       ? LL_ERROR : 0;
	}
	sf_init(&f, pid, sizeof(pid));  /* "%.*s" */
	if (v.len)
		sf_strn(&f, v.p, v.len < 63 ? v.len : 63);
	v = mkt_cell(r, lo->pcur);
	if (v.len == 0 || v.p[0] == '-')
		v = mkt_cell(r, lo->tcur);
	if (v.len == 3) {
		memcpy(cur, v.p, 3);
		cur[3] = '\0';
	} else if (!mkt_money_currency(net, cur)) {
		cur[0] = '\0';
	}
	if (!currency_valid(cur)) {
		c->stats->bad_rows++;
		c->unreadable++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "payout %s: no payout currency on this row; not imported", pid);
	}
	d = mkt_get(&c->set, pid, cur);
	if (!d)
		return LL_ERROR;
	deposit_row(d, (uint32_t)line); /* with or without money, the row is the payout's */
	if (strcmp(d->currency, cur)) {
		c->stats->bad_rows++;
		d->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "payout %s is in %s, this row in %s; not imported", pid,
				  d->currency, cur);
	}
	rc = eb_money(c, &netv, net, d->exponent);
	if (rc < 0)
		return eb_bad_amount(c, d, line, "Net amount", net);
	has_net = rc == 0;

	if (!strcmp(type, "Payout")) {
		if (d->has_header) {
			c->stats->bad_rows++;
			d->bad_rows++;
			return parse_reject(c->sink, c->path, line, "error", "second-payout",
					  "a second Payout row for payout %s (first on line %u)",
					  pid, d->header_line);
		}
		if (!has_net)
			return eb_bad_amount(c, d, line, "Net amount", net);
		v = mkt_cell(r, lo->pdate);
		if (mkt_date(&t, v.p, v.len, c->dmy)) {
			v = mkt_cell(r, lo->date);
			if (mkt_date(&t, v.p, v.len, c->dmy)) {
				c->stats->bad_rows++;
				d->bad_rows++;
				return parse_reject(c->sink, c->path, line, "error", "bad-date",
						  "payout %s: no payout date; not imported", pid);
			}
		}
		date_ymd(&t, d->deposit_date);
		d->total = netv;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
		return 0;
	}

	memset(&e, 0, sizeof(e));
	e.line = line;
	e.ttype = type;
	e.order = mkt_cell(r, lo->order);
	if (e.order.len == 2 && e.order.p[0] == '-')
		e.order.len = 0;
	e.sku = mkt_cell(r, lo->sku);
	if (e.sku.len == 2 && e.sku.p[0] == '-')
		e.sku.len = 0;
	v = mkt_cell(r, lo->qty);
	if (v.len && eb_money(c, &amt, v, 0) == 0 && amt > -100000 && amt < 100000)
		e.quantity = (int32_t)amt;
	v = mkt_cell(r, lo->date);
	if (mkt_date(&t, v.p, v.len, c->dmy)) {
		c->stats->bad_rows++;
		d->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-date",
				  "'%.*s' is not a transaction date; the row is not imported",
				  (int)(v.len < 40 ? v.len : 40), v.p);
	}
	e.days = parse_days(c->sink, c->stats, &t);

	refund = !strcmp(type, "Refund") || !strcmp(type, "Claim") ||
		 !strcmp(type, "Payment dispute");
	if (refund || !strcmp(type, "Order")) {
		struct amt a[] = {
			{ lo->subtotal, "ItemPrice", "Principal", "Item subtotal",
			  refund ? EV_REFUND : EV_SALE },
			{ lo->ship, "ItemPrice", "Shipping", "Shipping and handling",
			  refund ? EV_REFUND : EV_SALE },
			{ lo->stax, "ItemPrice", "Tax", "Seller collected tax",
			  refund ? EV_REFUND : EV_TAX },
			{ lo->charity, "Charity", "Charity donation", "Charity donation", EV_OTHER },
		};
		int64_t vals[4 + MAX_FEES + 1];
		int have[4 + MAX_FEES + 1];
		int64_t etax = 0, rnum = 1, rden = 1;
		int has_etax = 0, ex = d->exponent, foreign = 0;
		struct field tc = mkt_cell(r, lo->tcur);

		/* a row in another currency than the payout: its amounts are in
		 * the transaction currency, only Net is in the payout's */
		if (tc.len == 3 && lo->pcur >= 0 && memcmp(tc.p, d->currency, 3) != 0 &&
		    has_net) {
			char tcur[4];

			memcpy(tcur, tc.p, 3);
			tcur[3] = '\0';
			ex = currency_exponent(tcur);
			foreign = 1;
		}
		for (i = 0; i < 4; i++) {
			v = mkt_cell(r, a[i].col);
			rc = eb_money(c, &vals[i], v, ex);
			if (rc < 0)
				return eb_bad_amount(c, d, line, a[i].name, v);
			have[i] = rc == 0 && vals[i] != 0;
		}
		for (i = 0; i < lo->nfee; i++) {
			v = mkt_cell(r, lo->fee[i]);
			rc = eb_money(c, &vals[4 + i], v, ex);
			if (rc < 0)
				return eb_bad_amount(c, d, line, lo->fee_name[i], v);
			have[4 + i] = rc == 0 && vals[4 + i] != 0;
		}
		v = mkt_cell(r, lo->etax);
		rc = eb_money(c, &etax, v, ex);
		if (rc < 0)
			return eb_bad_amount(c, d, line, "eBay collected tax", v);
		has_etax = rc == 0 && etax != 0;
		if (foreign) {
			/* each amount converted into the payout currency, rounded
			 * half away from zero; what the rounding and eBay's rate
			 * leave against Net goes to an exchange difference line */
			int64_t net_tx = 0;

			for (i = 0; i < 4 + lo->nfee; i++)
				if (have[i])
					net_tx = money_add(net_tx, vals[i]);
			if (fx_rate(mkt_cell(r, lo->rate), c->style, ex, d->exponent, net_tx,
				    netv, &rnum, &rden)) {
				snprintf(desc, sizeof(desc), "Net converted from %.3s", tc.p);
				return eb_add(c, d, &e, netv, "ItemPrice", desc,
					   refund ? EV_REFUND : EV_SALE);
			}
			for (i = 0; i < 4 + lo->nfee; i++)
				if (have[i] && money_muldiv(&vals[i], vals[i], rnum, rden))
					return eb_bad_amount(c, d, line, "Exchange rate",
							  mkt_cell(r, lo->rate));
			if (has_etax && money_muldiv(&etax, etax, rnum, rden))
				return eb_bad_amount(c, d, line, "Exchange rate", mkt_cell(r, lo->rate));
		}
		for (i = 0; i < 4; i++) {
			if (!have[i])
				continue;
			if (eb_add(c, d, &e, vals[i], a[i].atype, a[i].adesc, a[i].kind))
				return LL_ERROR;
			sum = money_add(sum, vals[i]);
			parts++;
		}
		for (i = 0; i < lo->nfee; i++) {
			if (!have[4 + i])
				continue;
			if (eb_add(c, d, &e, vals[4 + i], "Fees", lo->fee_name[i], EV_FEE))
				return LL_ERROR;
			sum = money_add(sum, vals[4 + i]);
			parts++;
		}
		if (has_etax) {
			/* paid by the buyer, kept and remitted by eBay: in and out */
			if (eb_add(c, d, &e, etax, "ItemPrice", "eBay collected tax",
				refund ? EV_REFUND : EV_TAX) ||
			    eb_add(c, d, &e, -etax, "ItemWithheldTax", "eBay collected tax",
				EV_WITHHELD_TAX))
				return LL_ERROR;
			parts++;
		}
		if (!has_net)
			return 0;
		if (foreign && sum != netv && parts) {
			snprintf(desc, sizeof(desc), "Exchange difference (%.3s)", tc.p);
			return eb_add(c, d, &e, money_sub(netv, sum), "Exchange", desc, EV_OTHER);
		}
		if (sum != netv) {
			/* columns left out of the report, or ones we do not know */
			if (parts) {
				char a1[32], a2[32];

				if (!c->diffs++)
					c->diff_line = line;
				if (c->diffs <= 20)
					parse_reject(c->sink, c->path, line, "warning", "net-difference",
						   "payout %s: the amount columns of this %s row add "
						   "up to %s, its Net amount is %s; the difference is "
						   "imported as 'Difference to net amount'", pid, type,
						   money_format(a1, sizeof(a1), sum, d->exponent),
						   money_format(a2, sizeof(a2), netv, d->exponent));
			}
			return eb_add(c, d, &e, money_sub(netv, sum), "ItemPrice",
				   parts ? "Difference to net amount" : "Net amount",
				   refund ? EV_REFUND : EV_SALE);
		}
		return 0;
	}

	/* any other row: its Net amount, typed by the row type */
	if (!has_net) {
		v = mkt_cell(r, lo->gross);
		rc = eb_money(c, &netv, v, d->exponent);
		if (rc < 0)
			return eb_bad_amount(c, d, line, "Gross transaction amount", v);
		if (rc == 1)
			return 0; /* a row with no money */
	}
	v = mkt_cell(r, !strcmp(type, "Hold") ? lo->hold : lo->desc);
	if (v.len == 2 && v.p[0] == '-')
		v.len = 0;
	buf_reset(&c->u8);
	if (text_append_utf8(&c->u8, v.p, v.len))
		return LL_ERROR;
	sf_init(&f, desc, sizeof(desc));  /* "%.*s" */
	if (c->u8.len)
		sf_strn(&f, c->u8.ptr, c->u8.len < 120 ? c->u8.len : 120);
	{
		enum event_kind k = EV_OTHER;

		if (!strcmp(type, "Hold"))
			k = EV_RESERVE;
		else if (!strcmp(type, "Transfer"))
			k = EV_BALANCE;
		else if (str_has(type, "fee") || str_has(type, "label"))
			k = EV_FEE;
		/* a type not understood is kept apart, never guessed */
		return eb_add(c, d, &e, netv, known ? type : "Unclassified", desc,
			      known ? k : EV_OTHER);
	}
}

/* a payout with its Payout row, its events in memory, just before it is
 * delivered: the sign that ties, its dates; 0 (dropped) for one without
 * its row (tx_finish reported it) */
static int tx_prep(void *ctx, struct deposit *d)
{
	int64_t sum = 0, lo = 0, hi = 0;
	size_t k;

	(void)ctx;
	if (!d->has_header)
		return 0;
	for (k = 0; k < d->nev; k++) {
		sum = money_add(sum, d->ev[k].amount);
		if (!lo || d->ev[k].posted_days < lo)
			lo = d->ev[k].posted_days;
		if (d->ev[k].posted_days > hi)
			hi = d->ev[k].posted_days;
	}
	if (sum != d->total && sum == -d->total)
		d->total = -d->total; /* the other sign convention */
	if (lo) {
		date_days_ymd(lo, d->start_date);
		date_days_ymd(hi, d->end_date);
	} else {
		memcpy(d->start_date, d->deposit_date, 11);
		memcpy(d->end_date, d->deposit_date, 11);
	}
	for (k = 0; k < d->nev; k++)
		if (!d->ev[k].posted_days)
			date_parse_ymd(&d->ev[k].posted_days, d->deposit_date);
	return 1;
}

static int tx_finish(struct eb_ctx *c)
{
	size_t i;

	/* payouts without their Payout row, reported in the file's order; the
	 * others are finished one at a time as they are delivered (tx_prep),
	 * so that only one is in memory */
	for (i = 0; i < c->set.n; i++) {
		struct deposit *d = c->set.d[i];

		if (!d || d->has_header)
			continue;
		if (mkt_unspill(&c->set, d))
			return LL_ERROR;
		parse_reject(c->sink, c->path, 0, "warning", "no-payout-row",
			   "payout %s: its Payout row is not in this file (the payout "
			   "is dated after the report's end); its %zu amounts are not "
			   "imported: export a range that covers the payout date", d->id,
			   d->nev);
		if (parse_fate_deposit(c->sink, d, FATE_HELD, "no-payout-row"))
			return LL_ERROR;
		deposit_free(d); /* not delivered: its events are not needed */
	}
	if (c->unreadable && parse_fate(c->sink, "", FATE_LEFT, "unreadable", c->unreadable, 0))
		return LL_ERROR;
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid-out",
			   "%ld row(s) have no Payout ID (not paid out yet, first on line "
			   "%ld): not imported; a later report has them in their payout",
			   c->unpaid, c->unpaid_line);
	return mkt_deliver_each(&c->set, c->sink, c->stats, tx_prep, NULL);
}

static int parse_common(struct lines *l, const char *path, const char *header,
			size_t hlen, const struct parse_sink *sink,
			struct parse_stats *stats, struct ll_err *err, int orders);

int ebay_parse_transactions(struct lines *l, const char *path, const char *header,
			    size_t hlen, const struct parse_sink *sink,
			    struct parse_stats *stats, struct ll_err *err)
{
	return parse_common(l, path, header, hlen, sink, stats, err, 0);
}

int ebay_parse_orders(struct lines *l, const char *path, const char *header,
		      size_t hlen, const struct parse_sink *sink,
		      struct parse_stats *stats, struct ll_err *err)
{
	return parse_common(l, path, header, hlen, sink, stats, err, 1);
}

static int formula_row(const struct csvrec *r)
{
	size_t i;

	for (i = 0; i < r->nf && i < CSVREC_MAX_FIELDS; i++) {
		struct field f = text_trim(r->f[i]);

		if (f.len > 1 && f.p[0] == '=' && !r->quoted[i])
			return (int)i + 1;
	}
	return 0;
}

/* the header cells that name no column we know (fee columns are known),
 * for a message */
static void unknown_cells(const struct csvrec *h, char *out, size_t cap)
{
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS, len = 0;
	int k;

	out[0] = '\0';
	for (i = 0; i < n && len + 8 < cap; i++) {
		struct field f = text_trim(h->f[i]);

		if (!f.len || eb_fee_like(f))
			continue;
		for (k = 0; k < EC__N; k++)
			if (eb_col_is(f, (enum eb_col)k, NULL))
				break;
		if (k < EC__N)
			continue;
		len += (size_t)snprintf(out + len, cap - len, "%s'%.*s'", len ? ", " : "",
					(int)(f.len < 40 ? f.len : 40), f.p);
	}
	if (len >= cap)
		out[cap - 1] = '\0';
}

/* one warning per row type not understood */
static void report_types(struct eb_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nunknown; i++)
		parse_reject(c->sink, c->path, c->unknown[i].line, "warning", "unknown-type",
			   "%s eBay row type '%s' not understood (%ld row(s), first on line "
			   "%ld): its amounts are imported as 'Unclassified' (the suspense account in "
			   "mappings/ebay.csv; a row '<type>,Unclassified,...' there books "
			   "it elsewhere), never guessed", eb_lang_name(c->lang),
			   c->unknown[i].w, c->unknown[i].count, c->unknown[i].line);
	if (c->unknown_more)
		parse_reject(c->sink, c->path, 0, "warning", "unknown-type",
			   "%ld more row(s) with a type not understood (more than %d different "
			   "words): imported as 'Unclassified'", c->unknown_more, EB_MAX_WORDS);
}

static int parse_common(struct lines *l, const char *path, const char *header,
			size_t hlen, const struct parse_sink *sink,
			struct parse_stats *stats, struct ll_err *err, int orders)
{
	struct eb_ctx c;
	struct csvrec *h = NULL, *r = NULL;
	unsigned score[EB__NLANG] = { 0 };
	struct tx_layout tlo;
	struct ord_layout olo;
	char delim = ',';
	int rc = 0, fcol;

	memset(&c, 0, sizeof(c));
	memset(&tlo, 0, sizeof(tlo));
	memset(&olo, 0, sizeof(olo));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	mkt_set_init(&c.set, "ebay", path);
	buf_init(&c.u8, LINES_MAX_LEN * 4);
	h = csvrec_new();
	r = csvrec_new();
	if (!h || !r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	{
		struct buf hb = BUF_INIT(LINES_MAX_LEN * 4);

		rc = read_header(h, &hb, header, hlen, &delim);
		if (rc == 0) {
			if (orders)
				eb_ord_layout(&olo, h, score);
			else
				tx_layout(&tlo, h, score);
			set_locale(&c, h, score);
		}
		buf_free(&hb);
		if (rc) {
			rc = ll_err_set(err, LL_EPARSE, path, l->lineno, "unreadable header");
			goto done;
		}
	}
	if (orders ? (olo.total < 0 && olo.soldfor < 0)
		   : (tlo.pid < 0 || tlo.type < 0 || tlo.date < 0 || tlo.net < 0)) {
		char words[400];

		unknown_cells(h, words, sizeof(words));
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: an eBay %s (%s) %s (header words not "
				"understood: %s)", orders ? "orders report" : "transaction report",
				eb_lang_name(c.lang),
				orders ? "without a Total Price or Sold For column"
				: tlo.pid < 0 || tlo.type < 0
					? "without a Payout ID or Type column (add them to the "
					  "report's columns)"
					: tlo.date < 0 ? "without a transaction date column"
						       : "without a Net amount column",
				words[0] ? words : "none");
		goto done;
	}
	while ((rc = csvrec_next(r, l, delim, err)) == 1) {
		if (csvrec_blank(r))
			continue; /* padding row of commas */
		if (orders && eb_footer_line(r))
			continue;
		stats->rows++;
		if ((fcol = formula_row(r))) {
			c.formula++;
			if (parse_fate(sink, "", FATE_LEFT, "formula", 1, 0)) {
				rc = LL_ERROR;
				goto done;
			}
			parse_reject(sink, path, r->line, "warning", "formula",
				   "a spreadsheet formula ('%.*s' in column %d), not eBay data: "
				   "row not imported", (int)(r->f[fcol - 1].len < 40 ? r->f[fcol - 1].len : 40),
				   r->f[fcol - 1].p, fcol);
			continue;
		}
		rc = orders ? eb_ord_row(&c, &olo, r) : tx_row(&c, &tlo, r);
		/* after a row no event index or string id is held: a safe point */
		if (rc < 0 || mkt_check(&c.set)) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "%s", mkt_errmsg(&c.set));
			goto done;
		}
	}
	if (rc < 0)
		goto done; /* read error: deliver nothing */
	if (c.diffs > 20)
		parse_reject(sink, path, c.diff_line, "warning", "net-difference",
			   "%ld rows in all whose amount columns do not add up (first on "
			   "line %ld); only the first 20 are listed", c.diffs, c.diff_line);
	report_types(&c);
	rc = orders ? eb_ord_finish(&c) : tx_finish(&c);
	if (rc < 0 && c.set.failed)
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", mkt_errmsg(&c.set));
done:
	free(c.ord);
	mkt_set_free(&c.set);
	buf_free(&c.u8);
	csvrec_delete(h);
	csvrec_delete(r);
	return rc;
}
