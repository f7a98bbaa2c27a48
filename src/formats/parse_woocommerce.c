/*
 * parse_woocommerce.c - WooCommerce CSV exports and REST JSON into day and
 * gateway summaries (parse_woocommerce.h).
 *
 * The three readers fill one struct order at a time and hand its amounts
 * to the same few functions: order_open picks the deposit (paid day,
 * gateway, currency), order_amount adds one event, order_close checks
 * that the amounts add up to the order total (the difference becomes an
 * event and a warning), order_refund adds a refund on its own day.
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
 */
#include "parse_woocommerce.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"
#include "util/intr.h"
#include "util/jsonstream.h"
#include "util/tz.h"

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	long unpaid, unpaid_line;
	long diffs, diff_line;
	long undated, undated_line;
	int64_t cov_first, cov_last; /* paid days of orders without a refund */
};

struct order {
	long line;
	struct field number;      /* as the seller sees it */
	char gateway[49];        /* payment_method, at most 48 bytes */
	char cur[4];
	int64_t days;
	struct field gmt;        /* REST JSON: the date's *_gmt twin (UTC) */
	struct deposit *d;
	int64_t total, sum;
	int has_total;
	int bad;
	int refunds;             /* refunds seen (partial days, refund ids) */
	int merge_refunds;       /* Advanced Order Export: per-line refunds of
				  * an order are one undated refund */
};

/* ---- shared ---- */

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

	date_days_ymd(days, ymd);
	snprintf(out, outlen, "%s %.48s %.3s", ymd, gateway, cur); /* fits a deposit id */
}

/* the deposit named id, dated days, a day's money of gateway (created when new) */
static struct deposit *dated_deposit(struct ctx *c, const char *id, int64_t days,
				     const char *gateway, const char *cur, long line)
{
	struct deposit *d = mkt_get(&c->set, id, cur);

	if (d && !d->has_header) {
		date_days_ymd(days, d->start_date);
		memcpy(d->end_date, d->start_date, 11);
		memcpy(d->deposit_date, d->start_date, 11);
		snprintf(d->gateway, sizeof(d->gateway), "%s", gateway);
		d->day_summary = 1;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
	}
	return d;
}

static struct deposit *day_deposit(struct ctx *c, int64_t days, const char *gateway,
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
static struct deposit *refund_deposit(struct ctx *c, struct order *o, int64_t days,
				      long line)
{
	char ymd[11], id[64];
	int k;

	date_days_ymd(days, ymd);
	for (k = 1; k < 1000; k++) {
		char sfx[8] = "";

		if (k > 1)
			snprintf(sfx, sizeof(sfx), "-%d", k);
		snprintf(id, sizeof(id), "%s %.24s %.3s R%.*s%s", ymd, o->gateway, o->cur,
			 (int)(o->number.len < 20 ? o->number.len : 20), o->number.p, sfx);
		if (!mkt_find(&c->set, id) || o->merge_refunds)
			break;
	}
	return dated_deposit(c, id, days, o->gateway, o->cur, line);
}

/* an order is complete (its refunds included): widen the span of days the
 * file covers by its paid day when it has no refund */
static void order_done(struct ctx *c, const struct order *o)
{
	if (!o->d || o->refunds)
		return;
	if (!c->cov_first || o->days < c->cov_first)
		c->cov_first = o->days;
	if (o->days > c->cov_last)
		c->cov_last = o->days;
}

static void set_gateway(struct order *o, struct field g)
{
	size_t i, k = 0;

	g = text_trim(g);
	for (i = 0; i < g.len && k + 1 < sizeof(o->gateway); i++)
		o->gateway[k++] = (g.p[i] == ' ' || (unsigned char)g.p[i] < 0x20) ? '_' : g.p[i];
	o->gateway[k] = '\0';
	if (!k)
		snprintf(o->gateway, sizeof(o->gateway), "none");
}

static int order_open(struct ctx *c, struct order *o)
{
	o->d = day_deposit(c, o->days, o->gateway, o->cur, o->line);
	return o->d ? 0 : LL_ERROR;
}

static int order_amount(struct ctx *c, struct order *o, int64_t amount, const char *atype,
			const char *adesc, enum event_kind kind, struct field sku,
			int32_t qty, long line)
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
	o->sum = money_add(o->sum, amount);
	return mkt_add(&c->set, o->d, c->stats, &e);
}

static int bad_amount(struct ctx *c, struct order *o, long line, const char *col,
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

static int order_close(struct ctx *c, struct order *o)
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
	rc = order_amount(c, o, money_sub(o->total, o->sum), "ItemPrice",
			  "Difference to order total", EV_SALE, none, 0, o->line);
	o->d->rows = rows;
	o->d->last_row = last;
	return rc;
}

/* a refund of amount (positive = money back to the buyer) on its day; the
 * row it comes from is the order's (counted on the order's day), unless a
 * row of its own holds it (row_line > 0: a REST refund object) */
static int order_refund(struct ctx *c, struct order *o, int64_t days, int64_t amount,
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
	rc = mkt_add(&c->set, d, c->stats, &e);
	d->rows = rows;
	d->last_row = last;
	if (row_line > 0)
		deposit_row(d, (uint32_t)row_line);
	return rc;
}

/* a row of no deposit, left out: its money when its currency and amount
 * cell can be read */
static int left_row(struct ctx *c, const char *reason, struct field cur, struct field total)
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

static int finish(struct ctx *c)
{
	size_t i;

	/* a day summary's total is what its rows add up to */
	mkt_set_total_from_events(&c->set);
	/* days of sales outside the span the file covers hold only the orders
	 * shown again for a later refund (refund deposits have a 4th word) */
	for (i = 0; i < c->set.n; i++) {
		struct deposit *d = c->set.d[i];
		const char *sp = strchr(d->id, ' ');
		int64_t days;

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
	return mkt_deliver(&c->set, c->sink, c->stats, NULL);
}

/* ---- detection ---- */

static int has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			int a = (unsigned char)s[i + k], b = (unsigned char)needle[k];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (b >= 'A' && b <= 'Z')
				b += 'a' - 'A';
			if (a != b)
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

static const char *const W_ORDER_ID[] = { "order_id", NULL };
static const char *const W_NUMBER[] = { "order_number", NULL };
static const char *const W_DATE[] = { "order_date", NULL };
static const char *const W_PAID[] = { "paid_date", "date_paid", NULL };
static const char *const W_STATUS[] = { "status", "order_status", NULL };
static const char *const W_CUR[] = { "order_currency", "currency", NULL };
static const char *const W_GATEWAY[] = { "payment_method", NULL };
static const char *const W_TOTAL[] = { "order_total", NULL };
static const char *const W_SHIP[] = { "shipping_total", "order_shipping", NULL };
static const char *const W_FEE[] = { "fee_total", NULL };
static const char *const W_TAX[] = { "tax_total", "order_tax", NULL };
static const char *const W_REFUNDS[] = { "refund_items", NULL };

static const char *const A_NUMBER[] = { "Order Number", "Order ID", "Order #", NULL };
static const char *const A_STATUS[] = { "Order Status", "Status", NULL };
static const char *const A_DATE[] = { "Order Date", NULL };
static const char *const A_PAID[] = { "Paid Date", "Date Paid", NULL };
static const char *const A_GATEWAY[] = { "Payment Method", "Payment Gateway",
	"Payment Method Title", NULL };
static const char *const A_CUR[] = { "Order Currency", "Currency", NULL };
static const char *const A_TOTAL[] = { "Order Total Amount", "Order Total", NULL };
static const char *const A_SHIP[] = { "Order Shipping Amount", "Shipping Total",
	"Order Shipping", NULL };
static const char *const A_SHIPTAX[] = { "Order Shipping Tax Amount", "Shipping Tax",
	NULL };
static const char *const A_FEES[] = { "Order Fees Amount", "Fee Total", NULL };
static const char *const A_LINE[] = { "Order Line (w/o tax)", NULL };
static const char *const A_LINETAX[] = { "Order Line Tax", NULL };
static const char *const A_LINETOTAL[] = { "Order Line Total", NULL };
static const char *const A_REFUNDED[] = { "Order Line Total Refunded", NULL };
static const char *const A_SKU[] = { "SKU", NULL };
static const char *const A_QTY[] = { "Quantity", NULL };

enum woo_format woo_detect(const char *line, size_t len)
{
	struct field t = text_trim((struct field){ line, len });
	struct csvrec *r;
	enum woo_format f = WOO_NONE;

	if (t.len && (t.p[0] == '{' || t.p[0] == '[' || t.p[0] == '"') &&
	    (has(t.p, t.len, "\"order_key\"") || has(t.p, t.len, "\"refunded_by\"") ||
	     has(t.p, t.len, "\"refunded_payment\"")))
		return WOO_REST_JSON;
	if (!memchr(line, ',', len) && !memchr(line, ';', len) && !memchr(line, '\t', len))
		return WOO_NONE;
	r = csvrec_new();
	if (!r)
		return WOO_NONE;
	if (csvrec_parse(r, line, len, mkt_delim(line, len)) == 0) {
		if ((mkt_col(r, W_ORDER_ID) >= 0 || mkt_col(r, W_NUMBER) >= 0) &&
		    mkt_col(r, W_TOTAL) >= 0)
			f = WOO_WEBTOFFEE;
		else if (mkt_col(r, A_NUMBER) >= 0 &&
			 (mkt_col(r, A_LINE) >= 0 || mkt_col(r, A_LINETOTAL) >= 0 ||
			  (mkt_col(r, A_TOTAL) >= 0 && mkt_col(r, A_STATUS) >= 0)) &&
			 !has(line, len, "Sales Record Number"))
			f = WOO_AOE;
		else if (has(line, len, "Order #") &&
			 (has(line, len, "N. Revenue") || has(line, len, "Net Sales")))
			f = WOO_ANALYTICS;
	}
	csvrec_delete(r);
	return f;
}

/* ---- WebToffee ---- */

/* the value of key in "k1:v1|k2:v2" (a key at the start or after '|') */
static struct field kv(struct field cell, const char *key)
{
	size_t n = strlen(key), i = 0;
	struct field none = { "", 0 };

	while (i < cell.len) {
		size_t end = i;

		while (end < cell.len && cell.p[end] != '|')
			end++;
		if (end - i > n && cell.p[i + n] == ':' &&
		    text_ieq((struct field){ cell.p + i, n }, key))
			return text_trim((struct field){ cell.p + i + n + 1, end - i - n - 1 });
		i = end + 1;
	}
	return none;
}

#define MAX_ITEMS 128

struct wt_layout {
	int id, number, date, paid, status, cur, gateway, total, ship, fee, tax, refunds;
	int item[MAX_ITEMS];
	int nitem;
};

static int date_days_of(struct field v, int64_t *days)
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
static int64_t gmt_days(struct ctx *c, int64_t days, struct field gmt)
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
static int order_head(struct ctx *c, struct order *o, struct field status,
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
	if (date_days_of(v, &o->days)) {
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, o->line, "error", "bad-date",
			   "order %.*s: '%.*s' is not a date; not imported",
			   (int)(o->number.len < 40 ? o->number.len : 40), o->number.p,
			   (int)(v.len < 40 ? v.len : 40), v.p);
		return LL_EPARSE;
	}
	o->days = gmt_days(c, o->days, o->gmt);
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

static int money_col(struct ctx *c, struct order *o, const struct csvrec *r, int col,
		     const char *name, int64_t *out)
{
	struct field v = mkt_cell(r, col);
	int rc = mkt_money_as(out, v, o->d->exponent, MONEY_DOT);

	if (rc < 0) {
		bad_amount(c, o, r->line, name, v);
		return LL_EPARSE;
	}
	if (rc)
		*out = 0;
	return rc;
}

static int wt_refunds(struct ctx *c, struct order *o, struct field cell, long line)
{
	size_t i = 0;

	while (i < cell.len) {
		size_t end = i;
		struct field ent, a, dt;
		int64_t amt, days;

		while (end < cell.len && cell.p[end] != ';')
			end++;
		ent = text_trim((struct field){ cell.p + i, end - i });
		i = end + 1;
		if (!ent.len)
			continue;
		a = kv(ent, "amount");
		dt = kv(ent, "date");
		if (mkt_money_as(&amt, a, o->d->exponent, MONEY_DOT)) {
			bad_amount(c, o, line, "refund_items", a);
			continue;
		}
		if (date_days_of(dt, &days)) {
			if (!c->undated++)
				c->undated_line = line;
			days = o->days;
		}
		if (order_refund(c, o, days, amt, line, 0))
			return LL_ERROR;
	}
	return 0;
}

static int wt_row(struct ctx *c, const struct wt_layout *lo, const struct csvrec *r)
{
	struct order o;
	struct field none = { "", 0 };
	int64_t v;
	int rc, i;

	memset(&o, 0, sizeof(o));
	o.line = r->line;
	o.number = mkt_cell(r, lo->number);
	if (!o.number.len)
		o.number = mkt_cell(r, lo->id);
	rc = order_head(c, &o, mkt_cell(r, lo->status), mkt_cell(r, lo->paid),
			mkt_cell(r, lo->date), mkt_cell(r, lo->cur), mkt_cell(r, lo->gateway));
	if (rc) {
		if (rc < 0 && rc != LL_EPARSE)
			return rc;
		return left_row(c, rc == 1 ? "unpaid" : "unreadable", mkt_cell(r, lo->cur),
				mkt_cell(r, lo->total)) ? LL_ERROR : 0;
	}
	deposit_row(o.d, (uint32_t)r->line);
	for (i = 0; i < lo->nitem; i++) {
		struct field cell = mkt_cell(r, lo->item[i]), tot, q;
		int64_t qty = 0;

		if (!cell.len)
			continue;
		tot = kv(cell, "total");
		q = kv(cell, "quantity");
		if (q.len && (mkt_money(&qty, q, 0, MONEY_DOT) || qty < -100000 || qty > 100000))
			qty = 0;
		rc = mkt_money_as(&v, tot, o.d->exponent, MONEY_DOT);
		if (rc < 0) {
			bad_amount(&*c, &o, r->line, "line_item total", tot);
			continue;
		}
		if (rc == 0 && order_amount(c, &o, v, "ItemPrice", "Principal", EV_SALE,
					    kv(cell, "sku"), (int32_t)qty, r->line))
			return LL_ERROR;
	}
	if (money_col(c, &o, r, lo->ship, "shipping_total", &v) == 0 && v &&
	    order_amount(c, &o, v, "ItemPrice", "Shipping", EV_SALE, none, 0, r->line))
		return LL_ERROR;
	if (money_col(c, &o, r, lo->fee, "fee_total", &v) == 0 && v &&
	    order_amount(c, &o, v, "ItemPrice", "Fee", EV_SALE, none, 0, r->line))
		return LL_ERROR;
	if (money_col(c, &o, r, lo->tax, "tax_total", &v) == 0 && v &&
	    order_amount(c, &o, v, "ItemPrice", "Tax", EV_TAX, none, 0, r->line))
		return LL_ERROR;
	rc = money_col(c, &o, r, lo->total, "order_total", &o.total);
	o.has_total = rc == 0;
	if (order_close(c, &o))
		return LL_ERROR;
	rc = wt_refunds(c, &o, mkt_cell(r, lo->refunds), r->line);
	order_done(c, &o);
	return rc;
}

/* ---- Advanced Order Export ---- */

struct aoe_layout {
	int number, status, date, paid, gateway, cur, total, ship, shiptax, fees, line,
		linetax, linetotal, refunded, sku, qty;
};

static int aoe_row(struct ctx *c, const struct aoe_layout *lo, const struct csvrec *r,
		   struct order *o, int *skip)
{
	struct field num = mkt_cell(r, lo->number), none = { "", 0 }, v;
	int64_t amt, qty = 0;
	int rc;

	if (!num.len || (o->number.len == num.len &&
			 !memcmp(o->number.p, num.p, num.len))) {
		if (*skip || !o->d) /* a row of an order left out */
			return parse_fate(c->sink, "", FATE_LEFT,
					  *skip == 1 ? "unpaid" : "unreadable", 1, 0) ? LL_ERROR : 0;
	} else {
		/* a new order: close the last one */
		if (o->d && order_close(c, o))
			return LL_ERROR;
		order_done(c, o);
		free((void *)o->number.p);
		memset(o, 0, sizeof(*o));
		o->line = r->line;
		o->merge_refunds = 1;
		o->number.p = malloc(num.len + 1);
		if (!o->number.p)
			return LL_ERROR;
		memcpy((char *)o->number.p, num.p, num.len);
		((char *)o->number.p)[num.len] = '\0';
		o->number.len = num.len;
		*skip = 0;
		rc = order_head(c, o, mkt_cell(r, lo->status), mkt_cell(r, lo->paid),
				mkt_cell(r, lo->date), mkt_cell(r, lo->cur),
				mkt_cell(r, lo->gateway));
		if (rc) {
			*skip = rc == 1 ? 1 : 2;
			o->d = NULL;
			if (rc < 0 && rc != LL_EPARSE)
				return rc;
			return left_row(c, rc == 1 ? "unpaid" : "unreadable", mkt_cell(r, lo->cur),
					mkt_cell(r, lo->total)) ? LL_ERROR : 0;
		}
		deposit_row(o->d, (uint32_t)r->line); /* its row, whatever follows */
		if ((rc = money_col(c, o, r, lo->total, "Order Total Amount", &o->total)) < 0)
			return 0;
		o->has_total = rc == 0;
		if (money_col(c, o, r, lo->ship, "Order Shipping Amount", &amt) == 0 && amt &&
		    order_amount(c, o, amt, "ItemPrice", "Shipping", EV_SALE, none, 0, r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->shiptax, "Order Shipping Tax Amount", &amt) == 0 &&
		    amt && order_amount(c, o, amt, "ItemPrice", "Tax", EV_TAX, none, 0, r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->fees, "Order Fees Amount", &amt) == 0 && amt &&
		    order_amount(c, o, amt, "ItemPrice", "Fee", EV_SALE, none, 0, r->line))
			return LL_ERROR;
	}
	deposit_row(o->d, (uint32_t)r->line);
	v = mkt_cell(r, lo->qty);
	if (v.len && (mkt_money(&qty, v, 0, MONEY_DOT) || qty < -100000 || qty > 100000))
		qty = 0;
	if (lo->line >= 0) {
		if (money_col(c, o, r, lo->line, "Order Line (w/o tax)", &amt) == 0 && amt &&
		    order_amount(c, o, amt, "ItemPrice", "Principal", EV_SALE,
				 mkt_cell(r, lo->sku), (int32_t)qty, r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->linetax, "Order Line Tax", &amt) == 0 && amt &&
		    order_amount(c, o, amt, "ItemPrice", "Tax", EV_TAX, none, 0, r->line))
			return LL_ERROR;
	} else if (money_col(c, o, r, lo->linetotal, "Order Line Total", &amt) == 0 && amt &&
		   order_amount(c, o, amt, "ItemPrice", "Principal", EV_SALE,
				mkt_cell(r, lo->sku), (int32_t)qty, r->line)) {
		return LL_ERROR;
	}
	if (money_col(c, o, r, lo->refunded, "Order Line Total Refunded", &amt) == 0 && amt) {
		if (!c->undated++)
			c->undated_line = r->line;
		if (order_refund(c, o, o->days, amt, r->line, 0))
			return LL_ERROR;
	}
	return 0;
}

int woo_parse_csv(struct lines *l, const char *path, const char *header, size_t hlen,
		  const struct parse_sink *sink, struct parse_stats *stats,
		  struct ll_err *err)
{
	struct ctx c;
	struct csvrec *h = NULL, *r = NULL;
	struct wt_layout wt;
	struct aoe_layout ao;
	struct order o;
	char delim = mkt_delim(header, hlen);
	int rc = 0, webtoffee, skip = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	memset(&wt, 0, sizeof(wt));
	memset(&ao, 0, sizeof(ao));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	mkt_set_init(&c.set, "woocommerce", path);
	h = csvrec_new();
	r = csvrec_new();
	if (!h || !r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	if (csvrec_parse(h, header, hlen, delim)) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno, "unreadable header");
		goto done;
	}
	webtoffee = woo_detect(header, hlen) == WOO_WEBTOFFEE;
	if (webtoffee) {
		wt.id = mkt_col(h, W_ORDER_ID);
		wt.number = mkt_col(h, W_NUMBER);
		wt.date = mkt_col(h, W_DATE);
		wt.paid = mkt_col(h, W_PAID);
		wt.status = mkt_col(h, W_STATUS);
		wt.cur = mkt_col(h, W_CUR);
		wt.gateway = mkt_col(h, W_GATEWAY);
		wt.total = mkt_col(h, W_TOTAL);
		wt.ship = mkt_col(h, W_SHIP);
		wt.fee = mkt_col(h, W_FEE);
		wt.tax = mkt_col(h, W_TAX);
		wt.refunds = mkt_col(h, W_REFUNDS);
		wt.nitem = 0;
		for (i = 0; i < h->nf && i < CSVREC_MAX_FIELDS && wt.nitem < MAX_ITEMS; i++) {
			struct field f = text_trim(h->f[i]);

			if (f.len > 10 && text_ieq((struct field){ f.p, 10 }, "line_item_"))
				wt.item[wt.nitem++] = (int)i;
		}
	} else {
		ao.number = mkt_col(h, A_NUMBER);
		ao.status = mkt_col(h, A_STATUS);
		ao.date = mkt_col(h, A_DATE);
		ao.paid = mkt_col(h, A_PAID);
		ao.gateway = mkt_col(h, A_GATEWAY);
		ao.cur = mkt_col(h, A_CUR);
		ao.total = mkt_col(h, A_TOTAL);
		ao.ship = mkt_col(h, A_SHIP);
		ao.shiptax = mkt_col(h, A_SHIPTAX);
		ao.fees = mkt_col(h, A_FEES);
		ao.line = mkt_col(h, A_LINE);
		ao.linetax = mkt_col(h, A_LINETAX);
		ao.linetotal = mkt_col(h, A_LINETOTAL);
		ao.refunded = mkt_col(h, A_REFUNDED);
		ao.sku = mkt_col(h, A_SKU);
		ao.qty = mkt_col(h, A_QTY);
	}
	if (webtoffee ? (wt.cur < 0 || (wt.date < 0 && wt.paid < 0))
		      : (ao.cur < 0 || ao.date < 0 ||
			 (ao.line < 0 && ao.linetotal < 0))) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: an order export without %s",
				(webtoffee ? wt.cur : ao.cur) < 0
					? "a currency column (add 'Order Currency' to the "
					  "export's fields)"
					: "an order date or order line amount column");
		goto done;
	}
	while ((rc = csvrec_next(r, l, delim, err)) == 1) {
		if (csvrec_blank(r))
			continue;
		stats->rows++;
		rc = webtoffee ? wt_row(&c, &wt, r) : aoe_row(&c, &ao, r, &o, &skip);
		if (rc < 0 && rc != LL_EPARSE) {
			ll_err_set(err, LL_ERROR, path, r->line, "out of memory");
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	if (!webtoffee && o.d && order_close(&c, &o)) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	if (!webtoffee)
		order_done(&c, &o);
	rc = finish(&c);
done:
	free((void *)o.number.p);
	mkt_set_free(&c.set);
	csvrec_delete(h);
	csvrec_delete(r);
	return rc;
}

/* ---- REST JSON ---- */

/*
 * The document is read twice, one element of its top-level array at a
 * time (jsonstream.h), each element loaded alone into jansson: memory is
 * bounded by the largest order (JSON_MAX_ORDER), not by the file. The
 * first pass checks the whole document and indexes the refund objects
 * (they date the orders' refunds, wherever they stand); the second reads
 * the orders. Nothing is delivered from a document that is not JSON.
 */
#define JSON_MAX_ORDER (8u * 1024 * 1024)
#define JSON_MAX_REFUNDS 1000000

/* a refund object of the document ("refunded_by" / "refunded_payment") */
struct refund_obj {
	json_int_t id;
	json_int_t order;  /* _links.up[0].href ".../orders/N" */
	int link;          /* 1 order read from the link, 0 no link, -1 too big */
	int found;         /* an order of this document has that id */
	int64_t days;      /* its date_created, 0 when it has none */
	long line;
	int used;     /* counted with its order's refund */
};

struct refund_index {
	struct refund_obj *r; /* in document order */
	size_t n, cap;
	size_t *by_id, *by_order; /* indices, sorted (document order among equals) */
};

static struct refund_index *sort_ix; /* qsort has no context argument */

static int cmp_by_id(const void *a, const void *b)
{
	const struct refund_obj *x = &sort_ix->r[*(const size_t *)a],
				*y = &sort_ix->r[*(const size_t *)b];

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int cmp_by_order(const void *a, const void *b)
{
	const struct refund_obj *x = &sort_ix->r[*(const size_t *)a],
				*y = &sort_ix->r[*(const size_t *)b];

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int index_sort(struct refund_index *ix)
{
	size_t i;

	if (!ix->n)
		return 0;
	ix->by_id = malloc(ix->n * sizeof(size_t));
	ix->by_order = malloc(ix->n * sizeof(size_t));
	if (!ix->by_id || !ix->by_order)
		return LL_ERROR;
	for (i = 0; i < ix->n; i++)
		ix->by_id[i] = ix->by_order[i] = i;
	sort_ix = ix;
	qsort(ix->by_id, ix->n, sizeof(size_t), cmp_by_id);
	qsort(ix->by_order, ix->n, sizeof(size_t), cmp_by_order);
	sort_ix = NULL;
	return 0;
}

/* first position in idx (sorted by key) whose key is >= v */
static size_t lower_bound(const struct refund_index *ix, const size_t *idx, int by_order,
			  json_int_t v)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct refund_obj *r = &ix->r[idx[mid]];

		if ((by_order ? r->order : r->id) < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* the last refund object with id rid (it dates the refund), or NULL */
static struct refund_obj *refund_find(struct refund_index *ix, json_int_t rid)
{
	size_t k = ix->n ? lower_bound(ix, ix->by_id, 0, rid) : 0;
	struct refund_obj *last = NULL;

	for (; k < ix->n && ix->r[ix->by_id[k]].id == rid; k++)
		last = &ix->r[ix->by_id[k]];
	return last;
}

/* an order with id oid is in the document: its refund objects have it */
static void refunds_found(struct refund_index *ix, json_int_t oid)
{
	size_t k = ix->n ? lower_bound(ix, ix->by_order, 1, oid) : 0;

	for (; k < ix->n && ix->r[ix->by_order[k]].order == oid; k++)
		if (ix->r[ix->by_order[k]].link == 1)
			ix->r[ix->by_order[k]].found = 1;
}

static struct field jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	struct field f = { "", 0 };

	if (json_is_string(v)) {
		f.p = json_string_value(v);
		f.len = json_string_length(v);
	}
	return f;
}

/* money at key: 0, 1 absent/null/empty, LL_EPARSE */
static int jmoney(json_t *o, const char *key, int exponent, int64_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return 1;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		int e;

		for (e = 0; e < exponent; e++) {
			if (i > MONEY_MAX_MINOR || i < -MONEY_MAX_MINOR)
				return LL_EPARSE; /* no amount is that large */
			i *= 10;
		}
		if (i > MONEY_MAX_MINOR || i < -MONEY_MAX_MINOR)
			return LL_EPARSE;
		*out = (int64_t)i;
		return 0;
	}
	if (!json_is_string(v))
		return LL_EPARSE; /* a JSON real would be a float: refused */
	return mkt_money(out, (struct field){ json_string_value(v), json_string_length(v) },
			 exponent, MONEY_DOT);
}

/* the day of o[key] (site time), in the organisation's zone by key_gmt */
static int jdays(struct ctx *c, json_t *o, const char *key, int64_t *days)
{
	char gk[64];

	if (date_days_of(jstr(o, key), days))
		return LL_EPARSE;
	snprintf(gk, sizeof(gk), "%s_gmt", key);
	*days = gmt_days(c, *days, jstr(o, gk));
	return 0;
}

static int json_order(struct ctx *c, json_t *jo, long line, struct refund_index *ix,
		      char *numbuf, size_t numlen)
{
	struct order o;
	struct field none = { "", 0 }, paid;
	json_t *arr, *it;
	size_t i;
	int64_t v, sub, tot;
	int rc;

	memset(&o, 0, sizeof(o));
	o.line = line;
	o.number = jstr(jo, "number");
	if (!o.number.len) {
		snprintf(numbuf, numlen, "%lld",
			 (long long)json_integer_value(json_object_get(jo, "id")));
		o.number = (struct field){ numbuf, strlen(numbuf) };
	}
	paid = jstr(jo, "date_paid");
	o.gmt = jstr(jo, paid.len ? "date_paid_gmt" : "date_created_gmt");
	rc = order_head(c, &o, jstr(jo, "status"), paid, jstr(jo, "date_created"),
			jstr(jo, "currency"), jstr(jo, "payment_method"));
	if (rc) {
		if (rc < 0 && rc != LL_EPARSE)
			return rc;
		return left_row(c, rc == 1 ? "unpaid" : "unreadable", jstr(jo, "currency"),
				jstr(jo, "total")) ? LL_ERROR : 0;
	}
	deposit_row(o.d, (uint32_t)line);
	json_array_foreach(json_object_get(jo, "line_items"), i, it) {
		struct field sku = jstr(it, "sku");
		json_t *q = json_object_get(it, "quantity");
		json_int_t qv = json_is_integer(q) ? json_integer_value(q) : 0;
		int32_t qty = qv > INT32_MAX || qv < INT32_MIN ? 0 : (int32_t)qv;
		int rs = jmoney(it, "subtotal", o.d->exponent, &sub);
		int rt = jmoney(it, "total", o.d->exponent, &tot);

		if (rs < 0 || rt < 0) {
			bad_amount(c, &o, line, "line_items total", jstr(it, rs < 0 ? "subtotal"
										 : "total"));
			continue;
		}
		if (rs)
			sub = rt ? 0 : tot;
		if (rt)
			tot = sub;
		if (sub && order_amount(c, &o, sub, "ItemPrice", "Principal", EV_SALE, sku, qty,
					line))
			return LL_ERROR;
		if (tot != sub && order_amount(c, &o, tot - sub, "Promotion", "Discount",
					       EV_PROMOTION, sku, 0, line))
			return LL_ERROR;
	}
	arr = json_object_get(jo, "shipping_lines");
	json_array_foreach(arr, i, it) {
		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0)
			bad_amount(c, &o, line, "shipping_lines total", jstr(it, "total"));
		else if (rc == 0 && v &&
			 order_amount(c, &o, v, "ItemPrice", "Shipping", EV_SALE, none, 0, line))
			return LL_ERROR;
	}
	arr = json_object_get(jo, "fee_lines");
	json_array_foreach(arr, i, it) {
		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0)
			bad_amount(c, &o, line, "fee_lines total", jstr(it, "total"));
		else if (rc == 0 && v &&
			 order_amount(c, &o, v, "ItemPrice", "Fee", EV_SALE, none, 0, line))
			return LL_ERROR;
	}
	rc = jmoney(jo, "total_tax", o.d->exponent, &v);
	if (rc < 0)
		bad_amount(c, &o, line, "total_tax", jstr(jo, "total_tax"));
	else if (rc == 0 && v && order_amount(c, &o, v, "ItemPrice", "Tax", EV_TAX, none, 0, line))
		return LL_ERROR;
	rc = jmoney(jo, "total", o.d->exponent, &o.total);
	if (rc < 0)
		bad_amount(c, &o, line, "total", jstr(jo, "total"));
	o.has_total = rc == 0;
	if (order_close(c, &o))
		return LL_ERROR;
	arr = json_object_get(jo, "refunds");
	json_array_foreach(arr, i, it) {
		json_int_t rid = json_integer_value(json_object_get(it, "id"));
		struct refund_obj *ro;
		int64_t days;

		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0) {
			bad_amount(c, &o, line, "refunds total", jstr(it, "total"));
			continue;
		}
		if (rc)
			continue;
		ro = refund_find(ix, rid);
		days = ro ? ro->days : 0;
		if (!days) {
			if (!c->undated++)
				c->undated_line = line;
			if (jdays(c, jo, "date_modified", &days))
				days = o.days;
		}
		/* the refund object is a row of its own: it goes with the refund */
		if (order_refund(c, &o, days, v, line, ro && !ro->used ? ro->line : 0))
			return LL_ERROR;
		if (ro)
			ro->used = 1;
	}
	order_done(c, &o);
	return 0;
}

/*
 * The order id a refund object belongs to, from _links.up[0].href
 * ".../orders/N", read exactly: 1 with *out, 0 when there is no such link,
 * -1 when N does not fit in 64 bits (8301 + 2^64 is not order 8301).
 */
static int refund_order(json_t *r, json_int_t *out)
{
	json_t *up = json_array_get(json_object_get(json_object_get(r, "_links"), "up"), 0);
	const char *href = json_string_value(json_object_get(up, "href"));
	const char *p;
	json_int_t n = 0;

	*out = 0;
	if (!href || !(p = strstr(href, "/orders/")) || p[8] < '0' || p[8] > '9')
		return 0;
	for (p += 8; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';

		if (n > (LLONG_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	return 1;
}

static int is_refund_obj(json_t *v)
{
	return json_object_get(v, "refunded_by") || json_object_get(v, "refunded_payment");
}

/* the document's bytes: memory (mem != NULL) or the file at path, again */
static int json_open(struct reader **r, struct jsonstream **js, const char *path,
		     const char *mem, size_t memlen, struct ll_err *err)
{
	int rc;

	*js = NULL;
	if (mem)
		rc = reader_open_mem(r, mem, memlen, path) ? ll_err_set(err, LL_ERROR, path, 0,
									"out of memory") : 0;
	else
		rc = reader_open_file(r, path, err);
	if (rc)
		return rc;
	if (jsonstream_open(js, *r, JSON_MAX_ORDER, path)) {
		reader_free(*r);
		*r = NULL;
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	}
	return 0;
}

/* the next element as a jansson value: 1, 0 at the end, or an error */
static int json_next(struct jsonstream *js, const char *path, json_t **v, const char **el,
		     size_t *len, long *line, struct ll_err *err)
{
	json_error_t je;
	int rc;

	*v = NULL;
	if (intr_requested())
		return ll_err_set(err, LL_ETRANSIENT, path, 0,
				  "interrupted; the file is read again on the next run");
	rc = jsonstream_next(js, el, len, line, err);
	if (rc != 1)
		return rc;
	*v = json_loadb(*el, *len, JSON_DECODE_ANY, &je);
	if (!*v)
		return ll_err_set(err, LL_EPARSE, path,
				  *line + (je.line > 1 ? je.line - 1 : 0),
				  "not valid JSON: %s", je.text);
	return 1;
}

/* the whole document, from memory or the file (mem NULL) */
static int json_parse(const char *path, const char *mem, size_t memlen,
		      const struct parse_sink *sink, struct parse_stats *stats,
		      struct ll_err *err)
{
	struct ctx c;
	struct refund_index ix;
	struct reader *r = NULL;
	struct jsonstream *js = NULL;
	const char *el;
	size_t len, k;
	long line;
	json_t *v = NULL;
	int rc;
	char numbuf[32];

	memset(&c, 0, sizeof(c));
	memset(&ix, 0, sizeof(ix));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	mkt_set_init(&c.set, "woocommerce", path);

	/* 1. the whole document is JSON; the refund objects, indexed */
	if ((rc = json_open(&r, &js, path, mem, memlen, err)))
		goto done;
	while ((rc = json_next(js, path, &v, &el, &len, &line, err)) == 1) {
		if (json_is_object(v) && is_refund_obj(v)) {
			struct refund_obj *ro;

			if (ix.n == ix.cap) {
				size_t nc = ix.cap ? ix.cap * 2 : 64;
				struct refund_obj *nr;

				if (ix.n >= JSON_MAX_REFUNDS) {
					rc = ll_err_set(err, LL_EPARSE, path, line,
							"more than %d refund objects in one "
							"document: split the export",
							JSON_MAX_REFUNDS);
					break;
				}
				nr = realloc(ix.r, nc * sizeof(*nr));
				if (!nr) {
					rc = ll_err_set(err, LL_ERROR, path, line, "out of memory");
					break;
				}
				ix.r = nr;
				ix.cap = nc;
			}
			ro = &ix.r[ix.n++];
			memset(ro, 0, sizeof(*ro));
			ro->id = json_integer_value(json_object_get(v, "id"));
			ro->link = refund_order(v, &ro->order);
			ro->line = line + jsonstream_lines_to(el, len, "\"refunded_");
			if (jdays(&c, v, "date_created", &ro->days))
				ro->days = 0;
		}
		json_decref(v);
		v = NULL;
	}
	json_decref(v);
	v = NULL;
	jsonstream_free(js);
	reader_free(r);
	js = NULL;
	r = NULL;
	if (rc < 0)
		goto done;
	if (index_sort(&ix)) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}

	/* 2. the orders, one at a time */
	if ((rc = json_open(&r, &js, path, mem, memlen, err)))
		goto done;
	while ((rc = json_next(js, path, &v, &el, &len, &line, err)) == 1) {
		if (!json_is_object(v)) {
			json_decref(v);
			continue;
		}
		if (is_refund_obj(v)) {
			stats->rows++; /* its order, when in the file, imports it */
		} else if (json_object_get(v, "order_key") || json_object_get(v, "line_items")) {
			long oline = line + jsonstream_lines_to(el, len, "\"order_key\"");

			stats->rows++;
			if (json_object_get(v, "order_key"))
				refunds_found(&ix, json_integer_value(json_object_get(v, "id")));
			if (json_order(&c, v, oline, &ix, numbuf, sizeof(numbuf)) < 0) {
				rc = ll_err_set(err, LL_ERROR, path, oline, "out of memory");
				break;
			}
		}
		json_decref(v);
		v = NULL;
	}
	json_decref(v);
	if (rc < 0)
		goto done;
	/* refund objects no order of this document took: held back (the
	 * order's export brings them; docs/completeness.md) */
	for (k = 0; k < ix.n; k++)
		if (!ix.r[k].used && parse_fate(sink, "", FATE_HELD, "refund-without-order", 1, 0)) {
			rc = LL_ERROR;
			goto done;
		}
	/* refund objects whose order is not in the document, in its order */
	for (k = 0; k < ix.n; k++) {
		const struct refund_obj *ro = &ix.r[k];

		if (ro->found)
			continue;
		if (ro->link < 0)
			parse_reject(sink, path, ro->line, "warning", "bad-id",
				     "refund %lld: the order id in its link (_links.up) does "
				     "not fit in 64 bits, so no order of this file is its "
				     "order; not imported", (long long)ro->id);
		else
			parse_reject(sink, path, ro->line, "warning", "refund-without-order",
				     "refund %lld of order %lld: the order is not in this "
				     "file (a refund alone has no currency or payment "
				     "method); not imported: export the order with it",
				     (long long)ro->id, (long long)ro->order);
	}
	rc = finish(&c);
done:
	jsonstream_free(js);
	reader_free(r);
	free(ix.r);
	free(ix.by_id);
	free(ix.by_order);
	mkt_set_free(&c.set);
	return rc;
}

int woo_parse_json_mem(const char *data, size_t len, const char *path,
		       const struct parse_sink *sink, struct parse_stats *stats,
		       struct ll_err *err)
{
	return json_parse(path, data ? data : "", data ? len : 0, sink, stats, err);
}

int woo_parse_json(struct lines *l, const char *path, const char *header, size_t hlen,
		   const struct parse_sink *sink, struct parse_stats *stats,
		   struct ll_err *err)
{
	char *line;
	size_t len;
	int rc;

	(void)header;
	(void)hlen;
	/* the line reader to its end: the file's content hash */
	while ((rc = lines_next(l, &line, &len, err)) == 1)
		if ((l->lineno & 4095) == 0 && intr_requested())
			return ll_err_set(err, LL_ETRANSIENT, path, l->lineno,
					  "interrupted; the file is read again on the next run");
	if (rc < 0)
		return rc;
	/* the document from its start, wherever the detected line was */
	return json_parse(path, NULL, 0, sink, stats, err);
}
