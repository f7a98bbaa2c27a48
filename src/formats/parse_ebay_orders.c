/*
 * parse_ebay_orders.c - eBay Seller Hub orders reports and File Exchange
 * downloads from the .com, .co.uk, .de, .fr, .it and .es sites
 * (parse_ebay.h; the columns by name through ebay_words).
 *
 * Each row is an order line; amounts with a currency symbol (before or
 * after the number: "$900.00", "116,99 €") give the currency; the paid
 * date (else the sale date) picks the day. Sold For is a unit price unless
 * Sold For + the rest equals Total Price. Amounts are read with the
 * site's decimal separator unless a value proves the other ("12,50" in an
 * English report re-saved by a spreadsheet). Footer lines ("N record(s)
 * downloaded", "Seller ID :") and padding rows are skipped. Each day and
 * currency is one day summary whose total is what its rows add up to.
 */
#include "formats/ebay_priv.h"

#include <stdio.h>
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

int eb_ord_row(struct eb_ctx *c, const struct ord_layout *lo, const struct csvrec *r)
{
	struct field v, tot = mkt_cell(r, lo->total), sold = mkt_cell(r, lo->soldfor);
	char cur[4] = "", id[64], day[11];
	struct ll_time t;
	struct deposit *d;
	struct mkt_ev e;
	int64_t qty = 1, soldv = 0, total = 0, vals[4], etax = 0, sum;
	int rc, has_total, has_sold, i, has_etax, etax_in;
	long line = r->line;
	static const char *const names[4] = { "Shipping And Handling", "Seller Collected Tax",
					      "Insurance", "eBay Collected Tax" };
	static const char *const descs[3] = { "Shipping", "Tax", "Insurance" };
	int cols[4];

	cols[0] = lo->ship;
	cols[1] = lo->stax;
	cols[2] = lo->ins;
	cols[3] = lo->etax;
	/* currency: a Currency column, else the symbol on the amounts */
	v = mkt_cell(r, lo->cur);
	if (v.len == 3) {
		memcpy(cur, v.p, 3);
		cur[3] = '\0';
	} else if (!mkt_money_currency(tot, cur) && !mkt_money_currency(sold, cur)) {
		cur[0] = '\0';
	}
	v = mkt_cell(r, lo->paid);
	if (lo->paid < 0 || v.len == 0)
		v = mkt_cell(r, lo->sale);
	if (v.len == 0) {
		if (!c->unpaid++)
			c->unpaid_line = line;
		return 0;
	}
	if (mkt_date(&t, v.p, v.len, c->dmy)) {
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-date",
				  "'%.*s' is not a date; the row is not imported",
				  (int)(v.len < 40 ? v.len : 40), v.p);
	}
	if (!currency_valid(cur)) {
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "no currency symbol on Total Price '%.*s'; the row is not "
				  "imported", (int)(tot.len < 40 ? tot.len : 40), tot.p);
	}
	date_ymd(&t, day);
	snprintf(id, sizeof(id), "%s %s", day, cur);
	d = mkt_get(&c->set, id, cur);
	if (!d)
		return LL_ERROR;
	if (!d->has_header) {
		memcpy(d->start_date, day, 11);
		memcpy(d->end_date, day, 11);
		memcpy(d->deposit_date, day, 11);
		/* a day's sales, not a payout: paid into the clearing account,
		 * moved to the bank by the transaction report's payouts */
		d->day_summary = 1;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
	}
	rc = eb_money(c, &total, tot, d->exponent);
	if (rc < 0)
		return eb_bad_amount(c, d, line, "Total Price", tot);
	has_total = rc == 0;
	rc = eb_money(c, &soldv, sold, d->exponent);
	if (rc < 0)
		return eb_bad_amount(c, d, line, lo->soldfor >= 0 ? "Sold For" : "Sale Price", sold);
	has_sold = rc == 0;
	v = mkt_cell(r, lo->qty);
	if (v.len && (eb_money(c, &qty, v, 0) != 0 || qty < 0 || qty > 100000))
		return eb_bad_amount(c, d, line, "Quantity", v);
	for (i = 0; i < 4; i++) {
		v = mkt_cell(r, cols[i]);
		rc = eb_money(c, &vals[i], v, d->exponent);
		if (rc < 0)
			return eb_bad_amount(c, d, line, names[i], v);
		if (rc)
			vals[i] = 0;
	}
	etax = vals[3];
	has_etax = etax != 0;
	v = mkt_cell(r, lo->etaxinc);
	etax_in = has_etax && !(v.len && (text_ieq(v, "No") || text_ieq(v, "Nein") ||
						 text_ieq(v, "Non") || text_ieq(v, "N\xc3\xa3o")));
	sum = vals[0] + vals[1] + vals[2] + (etax_in ? etax : 0);
	/* Sold For is the unit price, unless it already is the line */
	if (has_sold && qty > 1 && !(has_total && soldv + sum == total))
		soldv *= qty;
	if (has_sold)
		sum = money_add(sum, soldv);

	memset(&e, 0, sizeof(e));
	e.line = line;
	e.days = parse_days(c->sink, c->stats, &t);
	e.ttype = "Order";
	e.order = mkt_cell(r, lo->order);
	if (e.order.len == 0)
		e.order = mkt_cell(r, lo->srn);
	e.sku = mkt_cell(r, lo->sku);
	e.quantity = (int32_t)qty;
	if (has_sold && soldv &&
	    eb_add(c, d, &e, soldv, "ItemPrice", "Principal", EV_SALE))
		return LL_ERROR;
	for (i = 0; i < 3; i++)
		if (vals[i] && eb_add(c, d, &e, vals[i], "ItemPrice", descs[i],
				   i == 1 ? EV_TAX : EV_SALE))
			return LL_ERROR;
	if (etax_in && (eb_add(c, d, &e, etax, "ItemPrice", "eBay collected tax", EV_TAX) ||
			eb_add(c, d, &e, -etax, "ItemWithheldTax", "eBay collected tax",
			    EV_WITHHELD_TAX)))
		return LL_ERROR;
	if (has_total && sum != total) {
		char a1[32], a2[32];

		if (!c->diffs++)
			c->diff_line = line;
		if (c->diffs <= 20)
			parse_reject(c->sink, c->path, line, "warning", "total-difference",
				   "the amounts of this row add up to %s, its Total Price is "
				   "%s; the difference is imported as 'Difference to total price'",
				   money_format(a1, sizeof(a1), sum, d->exponent),
				   money_format(a2, sizeof(a2), total, d->exponent));
		if (eb_add(c, d, &e, money_sub(total, sum), "ItemPrice", "Difference to total price",
			EV_SALE))
			return LL_ERROR;
	}
	return 0;
}

static int keep_day(const struct deposit *d)
{
	return d->nev > 0 || d->bad_rows > 0;
}

int eb_ord_finish(struct eb_ctx *c)
{
	/* a day summary's total is what its rows add up to */
	mkt_set_total_from_events(&c->set);
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid",
			   "%ld row(s) have no paid or sale date (first on line %ld): not "
			   "imported", c->unpaid, c->unpaid_line);
	return mkt_deliver(&c->set, c->sink, c->stats, keep_day);
}
