/*
 * parse_woocommerce.c - WooCommerce CSV exports and REST JSON into day and
 * gateway summaries (parse_woocommerce.h).
 *
 * The three readers fill one struct woo_order at a time and hand its
 * amounts to the same few functions: woo_order_head picks the deposit
 * (paid day, gateway, currency), woo_order_amount adds one event,
 * woo_order_close checks that the amounts add up to the order total (the
 * difference becomes an event and a warning), woo_order_refund adds a
 * refund on its own day.
 * Orders that were never paid (pending, on-hold, failed, cancelled,
 * draft, trash) are counted and left out, with one warning per file.
 *
 * Exports split by month. An order placed in January and refunded in
 * February is in the January export (with its refund, when exported after
 * it) and again in the February one (shown for its refund). So that each
 * file's deposits are either identical to another file's or only part of
 * one, never a different version of it:
 *  - a refund is a deposit of its own, "<refund day> <gateway> <currency>
 *    R<order>" ("-2", "-3" for further refunds of the order on that day):
 *    the same in every file that holds it, so a second copy is a duplicate;
 *  - a day of sales is "<paid day> <gateway> <currency>" as before, holding
 *    only sales. A file covers the days from its first to its last sale of
 *    an order with no refund (orders shown for a later refund do not
 *    stretch it); a day of sales outside that span is marked partial: the
 *    file holds only the orders it lists for their refunds. normalize.c
 *    lets a whole day replace a partial copy and takes a partial copy of an
 *    imported day as a duplicate, so the January sale is imported once,
 *    from January's export, whichever file is read first.
 *
 * WebToffee CSV: line_item_N cells "name:..|sku:..|quantity:..|total:..",
 * shipping_total, fee_total, tax_total (includes shipping and fee tax),
 * order_total; refund_items "amount:..|reason:..|date:.." joined by ';'.
 * Advanced Order Export: a row per product, order fields on the first row
 * of the order; "Order Line (w/o tax)" and "Order Line Tax" per row,
 * shipping once per order; refunds per line without a date (dated on the
 * order's day, with a warning). REST JSON: line subtotals (Principal),
 * the discount (line total - subtotal, Promotion), total_tax, shipping
 * and fee lines; the order's refunds[] dated by the refund objects of the
 * same document, else by date_modified (warning).
 *
 * Tax: WooCommerce amounts are net and its tax is stated apart. The tax on
 * shipping is an event of its own (ItemPrice/ShippingTax) where the export
 * gives it (WebToffee shipping_tax_total, Advanced Order Export "Order
 * Shipping Tax Amount", REST shipping_tax), so it joins the shipping line;
 * the rest is ItemPrice/Tax, but for the fees' tax (WebToffee fee_tax_total,
 * REST fee_lines[].total_tax), which stays in the fee amount (gross: Xero
 * takes it out at the fee's rate). A REST order states its rate: its tax_lines'
 * rate_percent (else the rate its label ends in) summed, 0% when it has
 * none; every amount of the order carries it (event.h tax_stated).
 *
 * This file holds what the readers share: the order functions above and
 * the deposits they make (woo_priv.h). The CSV exports and detection are
 * read in parse_woocommerce_csv.c, REST JSON in parse_woocommerce_json.c.
 */
#include "parse_woocommerce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/woo_priv.h"
#include "util/fmt.h"
#include "util/tz.h"

void woo_ctx_init(struct woo_ctx *c, const char *path, const struct parse_sink *sink,
		  struct parse_stats *stats)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	mkt_set_init(&c->set, "woocommerce", path);
}

void woo_ctx_free(struct woo_ctx *c)
{
	mkt_set_free(&c->set);
	free(c->rdeps);
	c->rdeps = NULL;
	c->nrdeps = c->rdepcap = 0;
}

/* 1 if an order in this status was paid */
static int paid_status(struct field st, int has_paid_date)
{
	static const char *const unpaid[] = { "pending", "on-hold", "failed", "cancelled",
					      "checkout-draft", "draft", "trash",
					      "auto-draft", NULL };
	static const char *const paid[] = { "processing", "completed", "refunded", NULL };
	int i;

	if (st.len > 3 && text_ieq((struct field){ st.p, 3 }, "wc-")) {
		st.p += 3;
		st.len -= 3;
	}
	for (i = 0; paid[i]; i++)
		if (text_ieq(st, paid[i]))
			return 1;
	for (i = 0; unpaid[i]; i++)
		if (text_ieq(st, unpaid[i]))
			return 0;
	return has_paid_date || st.len == 0; /* a custom status: paid if dated */
}

static void day_id(char *out, size_t outlen, int64_t days, const char *gateway,
		   const char *cur)
{
	char ymd[11];
	struct sfmt f;

	date_days_ymd(days, ymd);
	sf_init(&f, out, outlen);  /* "%s %.48s %.3s": fits a deposit id */
	sf_str(&f, ymd);
	sf_char(&f, ' ');
	sf_strn(&f, gateway, 48);
	sf_char(&f, ' ');
	sf_strn(&f, cur, 3);
}

/* the deposit named id, dated days, a day's money of gateway (created when new) */
static struct deposit *dated_deposit(struct woo_ctx *c, const char *id, int64_t days,
				     const char *gateway, const char *cur, long line)
{
	struct deposit *d = mkt_get(&c->set, id, cur);

	if (d && !d->has_header) {
		date_days_ymd(days, d->start_date);
		memcpy(d->end_date, d->start_date, 11);
		memcpy(d->deposit_date, d->start_date, 11);
		sf_copy(d->gateway, sizeof(d->gateway), gateway);
		d->day_summary = 1;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
	}
	return d;
}

static struct deposit *day_deposit(struct woo_ctx *c, int64_t days, const char *gateway,
				   const char *cur, long line)
{
	char id[64];

	day_id(id, sizeof(id), days, gateway, cur);
	return dated_deposit(c, id, days, gateway, cur, line);
}

/*
 * The deposit of a refund: "<day> <gateway> <currency> R<order>", "-k"
 * for the k-th refund of the order on that day. Orders whose refunds
 * merge (one undated refund per order) share the first.
 */
static struct deposit *refund_deposit(struct woo_ctx *c, struct woo_order *o,
				      int64_t days, long line)
{
	char ymd[11], id[64];
	int k;

	date_days_ymd(days, ymd);
	for (k = 1; k < 1000; k++) {
		struct sfmt f;

		/* "%s %.24s %.3s R%.*s%s", the last "-k" from the second on */
		sf_init(&f, id, sizeof(id));
		sf_str(&f, ymd);
		sf_char(&f, ' ');
		sf_strn(&f, o->gateway, 24);
		sf_char(&f, ' ');
		sf_strn(&f, o->cur, 3);
		sf_str(&f, " R");
		sf_strn(&f, o->number.p, o->number.len < 20 ? o->number.len : 20);
		if (k > 1) {
			sf_char(&f, '-');
			sf_i64(&f, k);
		}
		if (!mkt_find(&c->set, id) || o->merge_refunds)
			break;
	}
	return dated_deposit(c, id, days, o->gateway, o->cur, line);
}

/* an order is complete (its refunds included): widen the span of days the
 * file covers by its paid day when it has no refund. Its refund deposits
 * are complete too (a later copy of the order in the file makes its own,
 * "-2", or reads a merged one back): each gets its total, as woo_finish
 * gives a day's, and is parked until delivery, so a file of 200k refunds
 * keeps 200k places, not 200k deposits */
int woo_order_done(struct woo_ctx *c, const struct woo_order *o)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nrdeps && rc == 0; i++) {
		struct deposit *d = c->rdeps[i];

		rc = mkt_unspill(&c->set, d);
		if (rc == 0) {
			mkt_total_from_events(d);
			rc = mkt_park(&c->set, d);
		}
	}
	c->nrdeps = 0;
	if (!o->d || o->refunds)
		return rc;
	if (!c->cov_first || o->days < c->cov_first)
		c->cov_first = o->days;
	if (o->days > c->cov_last)
		c->cov_last = o->days;
	return rc;
}

/* d is a refund deposit of the order being read: parked when it is done */
static int refund_pending(struct woo_ctx *c, struct deposit *d)
{
	size_t i;

	for (i = 0; i < c->nrdeps; i++)
		if (c->rdeps[i] == d)
			return 0;
	if (c->nrdeps == c->rdepcap) {
		size_t nc = c->rdepcap ? c->rdepcap * 2 : 8;
		struct deposit **nr = realloc(c->rdeps, nc * sizeof(*nr));

		if (!nr)
			return LL_ERROR;
		c->rdeps = nr;
		c->rdepcap = nc;
	}
	c->rdeps[c->nrdeps++] = d;
	return 0;
}

static void set_gateway(struct woo_order *o, struct field g)
{
	size_t i, k = 0;

	g = text_trim(g);
	for (i = 0; i < g.len && k + 1 < sizeof(o->gateway); i++)
		o->gateway[k++] = (g.p[i] == ' ' || (unsigned char)g.p[i] < 0x20) ? '_' : g.p[i];
	o->gateway[k] = '\0';
	if (!k)
		snprintf(o->gateway, sizeof(o->gateway), "none");
}

static int order_open(struct woo_ctx *c, struct woo_order *o)
{
	o->d = day_deposit(c, o->days, o->gateway, o->cur, o->line);
	return o->d ? 0 : LL_ERROR;
}

int woo_order_amount(struct woo_ctx *c, struct woo_order *o, int64_t amount,
		     const char *atype, const char *adesc, enum event_kind kind,
		     struct field sku, int32_t qty, long line)
{
	struct mkt_ev e;

	memset(&e, 0, sizeof(e));
	e.amount = amount;
	e.days = o->days;
	e.line = line;
	e.quantity = qty;
	e.kind = kind;
	e.ttype = "Order";
	e.atype = atype;
	e.adesc = adesc;
	e.order = o->number;
	e.sku = sku;
	if (o->tax_stated && kind != EV_OTHER) {
		e.tax_stated = TAX_STATED_RATE; /* each part's tax is its own amount */
		e.tax_rate = o->tax_rate;
		e.tax_name = (struct field){ o->tax_name, strlen(o->tax_name) };
	}
	o->sum = money_add(o->sum, amount);
	return mkt_add(&c->set, o->d, c->stats, &e);
}

int woo_bad_amount(struct woo_ctx *c, struct woo_order *o, long line, const char *col,
		   struct field v)
{
	if (!o->bad) {
		c->stats->bad_rows++;
		if (o->d)
			o->d->bad_rows++;
	}
	o->bad = 1;
	return parse_reject(c->sink, c->path, line, "error", "bad-amount",
			  "order %.*s: '%.*s' in '%s' is not an amount; not imported",
			  (int)(o->number.len < 40 ? o->number.len : 40), o->number.p,
			  (int)(v.len < 40 ? v.len : 40), v.p, col);
}

int woo_order_close(struct woo_ctx *c, struct woo_order *o)
{
	char a1[32], a2[32];
	struct field none = { "", 0 };
	long rows;
	uint32_t last;
	int rc;

	if (!o->d || o->bad || !o->has_total || o->sum == o->total)
		return 0;
	if (!c->diffs++)
		c->diff_line = o->line;
	if (c->diffs <= 20)
		parse_reject(c->sink, c->path, o->line, "warning", "total-difference",
			   "order %.*s: its amounts add up to %s, its order total is %s; the "
			   "difference is imported as 'Difference to order total'",
			   (int)(o->number.len < 40 ? o->number.len : 40), o->number.p,
			   money_format(a1, sizeof(a1), o->sum, o->d->exponent),
			   money_format(a2, sizeof(a2), o->total, o->d->exponent));
	/* on the order's first row, counted already: no row of its own */
	rows = o->d->rows;
	last = o->d->last_row;
	rc = woo_order_amount(c, o, money_sub(o->total, o->sum), "ItemPrice",
			  "Difference to order total", EV_SALE, none, 0, o->line);
	o->d->rows = rows;
	o->d->last_row = last;
	return rc;
}

/* a refund of amount (positive = money back to the buyer) on its day; the
 * row it comes from is the order's (counted on the order's day), unless a
 * row of its own holds it (row_line > 0: a REST refund object) */
int woo_order_refund(struct woo_ctx *c, struct woo_order *o, int64_t days, int64_t amount,
		     long line, long row_line)
{
	struct deposit *d = refund_deposit(c, o, days, line);
	struct mkt_ev e;
	long rows;
	uint32_t last;
	int rc;

	if (!d)
		return LL_ERROR;
	rows = d->rows;
	last = d->last_row;
	o->refunds++;
	memset(&e, 0, sizeof(e));
	e.amount = amount > 0 ? -amount : amount;
	e.days = days;
	e.line = line;
	e.kind = EV_REFUND;
	e.ttype = "Refund";
	e.atype = "ItemPrice";
	e.adesc = "Refund";
	e.order = o->number;
	if (o->tax_stated) {
		e.tax_stated = TAX_STATED_RATE;
		e.tax_rate = o->tax_rate;
		e.tax_name = (struct field){ o->tax_name, strlen(o->tax_name) };
	}
	rc = mkt_add(&c->set, d, c->stats, &e);
	d->rows = rows;
	d->last_row = last;
	if (row_line > 0)
		deposit_row(d, (uint32_t)row_line);
	if (rc == 0)
		rc = refund_pending(c, d);
	return rc;
}

/* a row of no deposit, left out: its money when its currency and amount
 * cell can be read */
int woo_left_row(struct woo_ctx *c, const char *reason, struct field cur,
		 struct field total)
{
	char cc[4] = "";
	int64_t v = 0;

	if (cur.len == 3) {
		memcpy(cc, cur.p, 3);
		cc[3] = '\0';
	}
	if (!currency_valid(cc))
		cc[0] = '\0';
	if (!cc[0] || mkt_money_as(&v, total, currency_exponent(cc), MONEY_DOT))
		v = 0;
	return parse_fate(c->sink, cc, FATE_LEFT, reason, 1, v);
}

/* a day summary's total is what its rows add up to (a parked refund's is
 * set already: the same) */
static int total_prep(void *ctx, struct deposit *d)
{
	(void)ctx;
	mkt_total_from_events(d);
	return 1;
}

int woo_finish(struct woo_ctx *c)
{
	size_t i;

	/* days of sales outside the span the file covers hold only the orders
	 * shown again for a later refund (refund deposits have a 4th word;
	 * parked ones are refunds) */
	for (i = 0; i < c->set.n; i++) {
		struct deposit *d = c->set.d[i];
		const char *sp;
		int64_t days;

		if (!d)
			continue;
		sp = strchr(d->id, ' ');
		if (sp && (sp = strchr(sp + 1, ' ')) && strchr(sp + 1, ' '))
			continue;
		if (date_parse_ymd(&days, d->start_date))
			continue;
		if (!c->cov_first || days < c->cov_first || days > c->cov_last)
			d->partial = 1;
	}
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid",
			   "%ld order(s) were not paid (pending, on-hold, failed, cancelled "
			   "or draft; first on line %ld): not imported", c->unpaid,
			   c->unpaid_line);
	if (c->undated)
		parse_reject(c->sink, c->path, c->undated_line, "warning", "refund-date",
			   "%ld refund(s) carry no date of their own (first on line %ld): "
			   "dated on the order's day (CSV) or last change (JSON)", c->undated,
			   c->undated_line);
	if (c->diffs > 20)
		parse_reject(c->sink, c->path, c->diff_line, "warning", "total-difference",
			   "%ld orders in all whose amounts do not add up to their total "
			   "(first on line %ld); only the first 20 are listed", c->diffs,
			   c->diff_line);
	return mkt_deliver_each(&c->set, c->sink, c->stats, total_prep, NULL);
}

int woo_date_days(struct field v, int64_t *days)
{
	struct ll_time t;

	if (v.len == 0 || mkt_date(&t, v.p, v.len, MKT_DMY))
		return LL_EPARSE;
	*days = mkt_days(&t);
	return 0;
}

/*
 * The day a site-time date (days) falls on in the organisation's zone,
 * from its UTC twin gmt (a REST *_gmt field): days itself without a zone
 * or a readable twin with a time. A moved day counts in stats->redated.
 */
int64_t woo_gmt_days(struct woo_ctx *c, int64_t days, struct field gmt)
{
	struct ll_time t;
	int64_t local;

	if (!c->sink->tz || !gmt.len || mkt_date(&t, gmt.p, gmt.len, MKT_DMY) ||
	    !t.has_time)
		return days;
	if (!t.has_tz) {
		t.has_tz = 1;
		t.tz_min = 0;
	}
	local = tz_days(c->sink->tz, &t);
	if (local != days)
		c->stats->redated++;
	return local;
}
/* currency, gateway, day and status of an order; 1 = skip (unpaid),
 * 0 = go on, <0 reported error */
int woo_order_head(struct woo_ctx *c, struct woo_order *o, struct field status,
		   struct field paid, struct field created, struct field cur,
		   struct field gateway)
{
	struct field v;

	if (!paid_status(status, paid.len > 0)) {
		if (!c->unpaid++)
			c->unpaid_line = o->line;
		return 1;
	}
	v = paid.len ? paid : created;
	if (woo_date_days(v, &o->days)) {
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, o->line, "error", "bad-date",
			   "order %.*s: '%.*s' is not a date; not imported",
			   (int)(o->number.len < 40 ? o->number.len : 40), o->number.p,
			   (int)(v.len < 40 ? v.len : 40), v.p);
		return LL_EPARSE;
	}
	o->days = woo_gmt_days(c, o->days, o->gmt);
	if (cur.len != 3) {
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, o->line, "error", "bad-currency",
			   "order %.*s: currency '%.*s' is not an ISO code; not imported",
			   (int)(o->number.len < 40 ? o->number.len : 40), o->number.p,
			   (int)(cur.len < 20 ? cur.len : 20), cur.p);
		return LL_EPARSE;
	}
	memcpy(o->cur, cur.p, 3);
	o->cur[3] = '\0';
	if (!currency_valid(o->cur)) {
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, o->line, "error", "bad-currency",
			   "order %.*s: currency '%s' is not an ISO code; not imported",
			   (int)(o->number.len < 40 ? o->number.len : 40), o->number.p, o->cur);
		return LL_EPARSE;
	}
	set_gateway(o, gateway);
	return order_open(c, o);
}
