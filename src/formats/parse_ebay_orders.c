/*
 * parse_ebay_orders.c - eBay Seller Hub orders reports and File Exchange
 * downloads from the .com, .co.uk, .de, .fr, .it and .es sites
 * (parse_ebay.h; the columns by name through ebay_words).
 *
 * Each row is an order line; amounts with a currency symbol (before or
 * after the number: "$900.00", "116,99 €") give the currency; the paid
 * date picks the day (the sale date in a download without a Paid On Date
 * column). An order with no paid date was never paid: it is not a sale.
 * The rows of one order (the same Order Number, else Sales Record Number)
 * are gathered: a multi-item order's order row (Total Price, shipping,
 * taxes, no Sold For) and item rows (Sold For, Quantity, Custom Label)
 * give one line per item and the order's amounts once. Sold For is a unit
 * price unless Sold For + the rest equals Total Price. Amounts are read
 * with the site's decimal separator unless a value proves the other
 * ("12,50" in an English report re-saved by a spreadsheet). Footer lines
 * ("N record(s) downloaded", "Seller ID :") and padding rows are skipped.
 * Each day and currency is one day summary whose total is what its rows
 * add up to; the pipeline takes out the orders a transaction report holds
 * (plan/join.c).
 */
#include "formats/ebay_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eb_ord_layout(struct ord_layout *lo, const struct csvrec *h, unsigned score[EB__NLANG])
{
	lo->srn = eb_find(h, EC_SRN, score);
	lo->order = eb_find(h, EC_OORDER, score);
	lo->sku = eb_find(h, EC_OSKU, score);
	lo->qty = eb_find(h, EC_OQTY, score);
	lo->soldfor = eb_find(h, EC_SOLDFOR, score);
	if (lo->soldfor < 0)
		lo->soldfor = eb_find(h, EC_SALEPRICE, score);
	lo->ship = eb_find(h, EC_OSHIP, score);
	lo->stax = eb_find(h, EC_OSTAX, score);
	lo->etax = eb_find(h, EC_OETAX, score);
	lo->etaxinc = eb_find(h, EC_OETAXINC, score);
	lo->ins = eb_find(h, EC_INS, score);
	lo->total = eb_find(h, EC_TOTAL, score);
	lo->paid = eb_find(h, EC_PAID, score);
	lo->sale = eb_find(h, EC_SALE, score);
	lo->cur = eb_find(h, EC_OCUR, score);
}

int eb_footer_line(const struct csvrec *r)
{
	struct field f = mkt_cell(r, 0);
	size_t i;

	if (f.len >= 9 && text_ieq((struct field){ f.p, 9 }, "Seller ID"))
		return 1;
	for (i = 0; i + 20 <= f.len; i++)
		if (text_ieq((struct field){ f.p + i, 20 }, "record(s) downloaded"))
			return 1;
	return 0;
}

/* one row of an orders report, read; its order is flushed when the next
 * order begins (rows of one order are together) */
struct orow {
	long line;
	int64_t days;          /* paid (else sale) day in the organisation's zone */
	int has_date, paid, bad;
	int64_t qty, sold, total, vals[4];
	int has_sold, has_total;
	char sku[64];
};

#define ORD_MAX_ROWS 64

struct eb_order {
	char key[64];           /* Order Number, else Sales Record Number */
	char order[64];         /* the order's number for its events */
	char cur[4];
	int nrows;
	struct orow rows[ORD_MAX_ROWS];
};

static const char *const amt_names[4] = { "Shipping And Handling", "Seller Collected Tax",
					  "Insurance", "eBay Collected Tax" };

/* The day summary of day and currency, created when new. */
static struct deposit *order_day(struct eb_ctx *c, int64_t days, const char *cur, long line)
{
	char id[64], day[11];
	struct deposit *d;

	date_days_ymd(days, day);
	snprintf(id, sizeof(id), "%s %s", day, cur);
	d = mkt_get(&c->set, id, cur);
	if (d && !d->has_header) {
		memcpy(d->start_date, day, 11);
		memcpy(d->end_date, day, 11);
		memcpy(d->deposit_date, day, 11);
		/* a day's sales, not a payout: paid into the clearing account,
		 * moved to the bank by the transaction report's payouts */
		d->day_summary = 1;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
	}
	return d;
}

static int add_amt(struct eb_ctx *c, struct deposit *d, const struct orow *w,
		   const struct eb_order *o, int64_t amount, const char *atype,
		   const char *adesc, enum event_kind kind, int32_t qty, const char *sku)
{
	struct mkt_ev e;

	if (!amount && strcmp(adesc, "Principal"))
		return 0;
	memset(&e, 0, sizeof(e));
	e.line = w->line;
	e.days = w->days;
	e.ttype = "Order";
	e.order = (struct field){ o->order, strlen(o->order) };
	e.sku = (struct field){ sku ? sku : "", sku ? strlen(sku) : 0 };
	e.quantity = qty;
	return eb_add(c, d, &e, amount, atype, adesc, kind);
}

/* A row's shipping, taxes and insurance; the eBay-collected tax in and out
 * when the report says it is in the total. Adds their sum to *sum. */
static int add_rest(struct eb_ctx *c, struct deposit *d, const struct orow *w,
		    const struct eb_order *o, int etax_in, int64_t *sum)
{
	static const char *const descs[3] = { "Shipping", "Tax", "Insurance" };
	int i;

	for (i = 0; i < 3; i++) {
		if (add_amt(c, d, w, o, w->vals[i], "ItemPrice", descs[i],
			    i == 1 ? EV_TAX : EV_SALE, 0, NULL))
			return LL_ERROR;
		*sum = money_add(*sum, w->vals[i]);
	}
	if (etax_in && w->vals[3]) {
		if (add_amt(c, d, w, o, w->vals[3], "ItemPrice", "eBay collected tax", EV_TAX, 0,
			    NULL) ||
		    add_amt(c, d, w, o, -w->vals[3], "ItemWithheldTax", "eBay collected tax",
			    EV_WITHHELD_TAX, 0, NULL))
			return LL_ERROR;
		*sum = money_add(*sum, w->vals[3]);
	}
	return 0;
}

/* what Total Price leaves unexplained: one line and a warning */
static int add_diff(struct eb_ctx *c, struct deposit *d, const struct orow *w,
		    const struct eb_order *o, int64_t sum, int64_t total)
{
	char a1[32], a2[32];

	if (sum == total)
		return 0;
	if (!c->diffs++)
		c->diff_line = w->line;
	if (c->diffs <= 20)
		parse_reject(c->sink, c->path, w->line, "warning", "total-difference",
			   "the amounts of this %s add up to %s, its Total Price is %s; the "
			   "difference is imported as 'Difference to total price'",
			   o->nrows > 1 ? "order" : "row",
			   money_format(a1, sizeof(a1), sum, d->exponent),
			   money_format(a2, sizeof(a2), total, d->exponent));
	return add_amt(c, d, w, o, money_sub(total, sum), "ItemPrice", "Difference to total price",
		       EV_SALE, 0, NULL);
}

/*
 * The gathered order -> its day summary. A multi-item order comes as an
 * order row (Total Price, shipping, taxes; no Sold For) and one row per
 * item (Sold For, Quantity, Custom Label): each item is a line of its own,
 * the order row's amounts once, checked against its Total Price. Rows that
 * each carry their own Total Price are one line each, as a single-item
 * order is. An order no row of which has a paid date (when the report has
 * the column) was never paid: left out, not a sale.
 */
static int flush_order(struct eb_ctx *c, struct eb_order *o, int etax_in_col)
{
	struct deposit *d;
	const struct orow *head = NULL, *dated = NULL;
	int i, items = 0, rc = 0;
	int64_t sum = 0;
	long before;

	if (!o->nrows)
		return 0;
	for (i = 0; i < o->nrows; i++) {
		const struct orow *w = &o->rows[i];

		if (w->paid && !dated)
			dated = w;
		if (w->has_sold && !w->bad)
			items++;
		else if (w->has_total && !head && !w->bad)
			head = w;
	}
	if (!dated) {
		/* never paid: not a sale (its Total, when it can be read) */
		for (i = 0; i < o->nrows && rc == 0; i++)
			rc = parse_fate(c->sink, o->cur, FATE_LEFT, "unpaid", 1,
					o->rows[i].has_total ? o->rows[i].total : 0);
		if (!c->unpaid++)
			c->unpaid_line = o->rows[0].line;
		o->nrows = 0;
		return rc ? LL_ERROR : 0;
	}
	d = order_day(c, dated->days, o->cur, o->rows[0].line);
	if (!d)
		return LL_ERROR;
	before = d->rows;
	for (i = 0; i < o->nrows; i++) {
		struct orow *w = &o->rows[i];

		w->days = dated->days; /* the order's day */
		if (w->bad)
			d->bad_rows++;
	}
	if (o->nrows > 1 && head && items) {
		for (i = 0; i < o->nrows && rc == 0; i++) {
			const struct orow *w = &o->rows[i];
			int64_t amt;

			if (w->bad || w == head)
				continue;
			amt = w->sold * (w->qty > 1 ? w->qty : 1);
			rc = add_amt(c, d, w, o, amt, "ItemPrice", "Principal", EV_SALE,
				     (int32_t)w->qty, w->sku) ||
			     add_rest(c, d, w, o, etax_in_col, &sum);
			sum = money_add(sum, amt);
		}
		if (rc == 0)
			rc = add_rest(c, d, head, o, etax_in_col, &sum);
		if (rc == 0)
			rc = add_diff(c, d, head, o, sum, head->total);
	} else {
		for (i = 0; i < o->nrows && rc == 0; i++) {
			const struct orow *w = &o->rows[i];
			int64_t amt = w->sold, rest = 0;
			int k;

			if (w->bad)
				continue;
			for (k = 0; k < 3; k++)
				rest = money_add(rest, w->vals[k]);
			if (etax_in_col)
				rest = money_add(rest, w->vals[3]);
			/* Sold For is the unit price, unless it already is the line */
			if (w->has_sold && w->qty > 1 && !(w->has_total && amt + rest == w->total))
				amt *= w->qty;
			sum = 0;
			if (w->has_sold && amt)
				rc = add_amt(c, d, w, o, amt, "ItemPrice", "Principal", EV_SALE,
					     (int32_t)w->qty, w->sku);
			sum = money_add(sum, w->has_sold ? amt : 0);
			if (rc == 0)
				rc = add_rest(c, d, w, o, etax_in_col, &sum);
			if (rc == 0 && w->has_total)
				rc = add_diff(c, d, w, o, sum, w->total);
		}
	}
	/* the order's rows are the day's, with or without money */
	d->rows = before + o->nrows;
	d->last_row = 0;
	o->nrows = 0;
	return rc ? LL_ERROR : 0;
}

int eb_ord_row(struct eb_ctx *c, const struct ord_layout *lo, const struct csvrec *r)
{
	struct field v, tot = mkt_cell(r, lo->total), sold = mkt_cell(r, lo->soldfor);
	struct field key = mkt_cell(r, lo->order);
	char cur[4] = "", keybuf[64];
	struct ll_time t;
	struct eb_order *o = c->ord;
	struct orow *w;
	int rc, i, exp;
	long line = r->line;
	int cols[4];

	if (!o) {
		o = c->ord = calloc(1, sizeof(*o));
		if (!o)
			return LL_ERROR;
	}
	cols[0] = lo->ship;
	cols[1] = lo->stax;
	cols[2] = lo->ins;
	cols[3] = lo->etax;
	if (key.len == 0)
		key = mkt_cell(r, lo->srn);
	snprintf(keybuf, sizeof(keybuf), "%.*s", (int)(key.len < 63 ? key.len : 63), key.p);
	/* currency: a Currency column, else the symbol on the amounts */
	v = mkt_cell(r, lo->cur);
	if (v.len == 3) {
		memcpy(cur, v.p, 3);
		cur[3] = '\0';
	} else if (!mkt_money_currency(tot, cur) && !mkt_money_currency(sold, cur)) {
		cur[0] = '\0';
	}
	/* a new order (or an order in another currency): the last one is done */
	if (o->nrows && (!key.len || strcmp(o->key, keybuf) || o->nrows == ORD_MAX_ROWS ||
			 (cur[0] && strcmp(cur, o->cur))) &&
	    flush_order(c, o, c->etax_in_col))
		return LL_ERROR;
	if (!currency_valid(cur)) {
		c->stats->bad_rows++;
		c->unreadable++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "no currency symbol on Total Price '%.*s'; the row is not "
				  "imported", (int)(tot.len < 40 ? tot.len : 40), tot.p);
	}
	if (!o->nrows) {
		snprintf(o->key, sizeof(o->key), "%s", keybuf);
		v = mkt_cell(r, lo->order);
		if (v.len == 0)
			v = mkt_cell(r, lo->srn);
		snprintf(o->order, sizeof(o->order), "%.*s", (int)(v.len < 63 ? v.len : 63), v.p);
		memcpy(o->cur, cur, 4);
	}
	w = &o->rows[o->nrows];
	memset(w, 0, sizeof(*w));
	w->line = line;
	w->qty = 1;
	exp = currency_exponent(cur);
	/* the paid date; without a Paid On Date column, the sale date */
	v = mkt_cell(r, lo->paid);
	w->paid = v.len > 0;
	if (lo->paid < 0) {
		v = mkt_cell(r, lo->sale);
		w->paid = v.len > 0;
	}
	if (w->paid && mkt_date(&t, v.p, v.len, c->dmy)) {
		c->stats->bad_rows++;
		c->unreadable++;
		return parse_reject(c->sink, c->path, line, "error", "bad-date",
				  "'%.*s' is not a date; the row is not imported",
				  (int)(v.len < 40 ? v.len : 40), v.p);
	}
	if (w->paid)
		w->days = parse_days(c->sink, c->stats, &t);
	o->nrows++;
	rc = eb_money(c, &w->total, tot, exp);
	if (rc < 0) {
		w->bad = 1;
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-amount",
				  "'%.*s' in column 'Total Price' is not an amount; the row is not "
				  "imported", (int)(tot.len < 40 ? tot.len : 40), tot.p);
	}
	w->has_total = rc == 0;
	rc = eb_money(c, &w->sold, sold, exp);
	if (rc < 0) {
		w->bad = 1;
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-amount",
				  "'%.*s' in column '%s' is not an amount; the row is not imported",
				  (int)(sold.len < 40 ? sold.len : 40), sold.p,
				  lo->soldfor >= 0 ? "Sold For" : "Sale Price");
	}
	w->has_sold = rc == 0;
	v = mkt_cell(r, lo->qty);
	if (v.len && (eb_money(c, &w->qty, v, 0) != 0 || w->qty < 0 || w->qty > 100000)) {
		w->bad = 1;
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-amount",
				  "'%.*s' in column 'Quantity' is not a quantity; the row is not "
				  "imported", (int)(v.len < 40 ? v.len : 40), v.p);
	}
	for (i = 0; i < 4; i++) {
		v = mkt_cell(r, cols[i]);
		rc = eb_money(c, &w->vals[i], v, exp);
		if (rc < 0) {
			w->bad = 1;
			c->stats->bad_rows++;
			return parse_reject(c->sink, c->path, line, "error", "bad-amount",
					  "'%.*s' in column '%s' is not an amount; the row is "
					  "not imported", (int)(v.len < 40 ? v.len : 40), v.p,
					  amt_names[i]);
		}
		if (rc)
			w->vals[i] = 0;
	}
	v = mkt_cell(r, lo->etaxinc);
	c->etax_in_col = !(v.len && (text_ieq(v, "No") || text_ieq(v, "Nein") ||
				     text_ieq(v, "Non") || text_ieq(v, "N\xc3\xa3o")));
	v = mkt_cell(r, lo->sku);
	snprintf(w->sku, sizeof(w->sku), "%.*s", (int)(v.len < 63 ? v.len : 63), v.p);
	return 0;
}

/* a day with money or a bad row (its events in memory or spilled) */
static int keep_day(const struct deposit *d)
{
	return d->nev > 0 || d->nspill > 0 || d->bad_rows > 0;
}

/* a day summary's total is what its rows add up to; days without money
 * (reported by eb_ord_finish) dropped */
static int day_prep(void *ctx, struct deposit *d)
{
	(void)ctx;
	if (!keep_day(d))
		return 0;
	mkt_total_from_events(d);
	return 1;
}

int eb_ord_finish(struct eb_ctx *c)
{
	size_t i;

	if (c->ord && flush_order(c, c->ord, c->etax_in_col))
		return LL_ERROR;
	/* days without events (none spilled either): nothing to unspill */
	for (i = 0; i < c->set.n; i++)
		if (c->set.d[i] && !keep_day(c->set.d[i]) &&
		    parse_fate_deposit(c->sink, c->set.d[i], FATE_LEFT, "no-money"))
			return LL_ERROR;
	if (c->unreadable && parse_fate(c->sink, "", FATE_LEFT, "unreadable", c->unreadable, 0))
		return LL_ERROR;
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid",
			   "%ld order(s) were never paid (no paid date; first on line %ld): "
			   "not sales, not imported", c->unpaid, c->unpaid_line);
	return mkt_deliver_each(&c->set, c->sink, c->stats, day_prep, NULL);
}
