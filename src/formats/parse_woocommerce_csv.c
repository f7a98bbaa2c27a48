/*
 * parse_woocommerce_csv.c - the two WooCommerce CSV exports (WebToffee and
 * Advanced Order Export) and the detection of every WooCommerce layout
 * (parse_woocommerce.h).
 *
 * woo_detect tells the layouts apart by their header words (the W_ and A_
 * tables below, matched by mkt_col) or, for REST JSON, by the keys on the
 * line. woo_parse_csv maps the header to a layout of column positions and
 * reads the file record by record: a WebToffee row is a whole order
 * (wt_row: packed line_item_N cells, order-level shipping, fee and tax
 * cells, refund_items), an Advanced Order Export row is one product of an
 * order whose order-level cells stand on its first row (aoe_row gathers
 * the rows of one order and closes it when the next begins). Each order's
 * amounts go through the shared order functions (woo_priv.h,
 * parse_woocommerce.c), which make the day and refund deposits.
 */
#include "parse_woocommerce.h"

#include <stdlib.h>
#include <string.h>

#include "formats/woo_priv.h"

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
static const char *const W_SHIPTAX[] = { "shipping_tax_total", "order_shipping_tax", NULL };
static const char *const W_FEETAX[] = { "fee_tax_total", NULL };
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

/* 1 if p[0..n) is key (lower case letters and '_') in any case */
static int key_is(const char *p, const char *key, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		char a = p[k];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != key[k])
			return 0;
	}
	return 1;
}

/* the values of keys[0..nkeys) (lower case, at most 4) in "k1:v1|k2:v2"
 * (a key at the start or after '|'), their names in any case, into
 * out[0..nkeys): a key's first entry, empty when it has none. One walk
 * over the cell for all of them. */
static void kv(struct field cell, const char *const *keys, size_t nkeys,
	       struct field *out)
{
	size_t n[4], k, i = 0, left = nkeys;
	int found[4] = { 0, 0, 0, 0 };

	for (k = 0; k < nkeys; k++) {
		n[k] = strlen(keys[k]);
		out[k] = (struct field){ "", 0 };
	}
	while (i < cell.len && left) {
		const char *bar = memchr(cell.p + i, '|', cell.len - i);
		size_t end = bar ? (size_t)(bar - cell.p) : cell.len;

		for (k = 0; k < nkeys; k++)
			if (!found[k] && end - i > n[k] && cell.p[i + n[k]] == ':' &&
			    key_is(cell.p + i, keys[k], n[k])) {
				out[k] = text_trim((struct field){ cell.p + i + n[k] + 1,
								   end - i - n[k] - 1 });
				found[k] = 1;
				left--;
			}
		i = end + 1;
	}
}

#define MAX_ITEMS 128

struct wt_layout {
	int id, number, date, paid, status, cur, gateway, total, ship, fee, tax, shiptax,
		feetax, refunds;
	int item[MAX_ITEMS];
	int nitem;
};

static int money_col(struct woo_ctx *c, struct woo_order *o, const struct csvrec *r,
		     int col, const char *name, int64_t *out)
{
	struct field v = mkt_cell(r, col);
	int rc = mkt_money_as(out, v, o->d->exponent, MONEY_DOT);

	if (rc < 0) {
		woo_bad_amount(c, o, r->line, name, v);
		return LL_EPARSE;
	}
	if (rc)
		*out = 0;
	return rc;
}

static int wt_refunds(struct woo_ctx *c, struct woo_order *o, struct field cell,
		      long line)
{
	size_t i = 0;

	while (i < cell.len) {
		size_t end = i;
		static const char *const refund_keys[] = { "amount", "date" };
		struct field ent, a, dt, f[2];
		int64_t amt, days;

		while (end < cell.len && cell.p[end] != ';')
			end++;
		ent = text_trim((struct field){ cell.p + i, end - i });
		i = end + 1;
		if (!ent.len)
			continue;
		kv(ent, refund_keys, 2, f);
		a = f[0];
		dt = f[1];
		if (mkt_money_as(&amt, a, o->d->exponent, MONEY_DOT)) {
			woo_bad_amount(c, o, line, "refund_items", a);
			continue;
		}
		if (woo_date_days(dt, &days)) {
			if (!c->undated++)
				c->undated_line = line;
			days = o->days;
		}
		if (woo_order_refund(c, o, days, amt, line, 0))
			return LL_ERROR;
	}
	return 0;
}

static int wt_row(struct woo_ctx *c, const struct wt_layout *lo, const struct csvrec *r)
{
	struct woo_order o;
	struct field none = { "", 0 };
	int64_t v, ft = 0;
	int rc, i;

	memset(&o, 0, sizeof(o));
	o.line = r->line;
	o.number = mkt_cell(r, lo->number);
	if (!o.number.len)
		o.number = mkt_cell(r, lo->id);
	rc = woo_order_head(c, &o, mkt_cell(r, lo->status), mkt_cell(r, lo->paid),
			mkt_cell(r, lo->date), mkt_cell(r, lo->cur), mkt_cell(r, lo->gateway));
	if (rc) {
		if (rc < 0 && rc != LL_EPARSE)
			return rc;
		return woo_left_row(c, rc == 1 ? "unpaid" : "unreadable", mkt_cell(r, lo->cur),
				mkt_cell(r, lo->total)) ? LL_ERROR : 0;
	}
	deposit_row(o.d, (uint32_t)r->line);
	for (i = 0; i < lo->nitem; i++) {
		static const char *const item_keys[] = { "total", "quantity", "sku" };
		struct field cell = mkt_cell(r, lo->item[i]), tot, q, f[3];
		int64_t qty = 0;

		if (!cell.len)
			continue;
		kv(cell, item_keys, 3, f);
		tot = f[0];
		q = f[1];
		if (q.len && (mkt_money(&qty, q, 0, MONEY_DOT) || qty < -100000 || qty > 100000))
			qty = 0;
		rc = mkt_money_as(&v, tot, o.d->exponent, MONEY_DOT);
		if (rc < 0) {
			woo_bad_amount(&*c, &o, r->line, "line_item total", tot);
			continue;
		}
		if (rc == 0 && woo_order_amount(c, &o, v, "ItemPrice", "Principal", EV_SALE,
					    f[2], (int32_t)qty, r->line))
			return LL_ERROR;
	}
	if (money_col(c, &o, r, lo->ship, "shipping_total", &v) == 0 && v &&
	    woo_order_amount(c, &o, v, "ItemPrice", "Shipping", EV_SALE, none, 0, r->line))
		return LL_ERROR;
	/* the fees' tax (in tax_total) stays with the fees: gross, Xero takes it out */
	if (lo->feetax < 0 || money_col(c, &o, r, lo->feetax, "fee_tax_total", &ft) != 0)
		ft = 0;
	if (money_col(c, &o, r, lo->fee, "fee_total", &v) == 0 && money_add(v, ft) &&
	    woo_order_amount(c, &o, money_add(v, ft), "ItemPrice", "Fee", EV_SALE, none, 0,
			 r->line))
		return LL_ERROR;
	if (money_col(c, &o, r, lo->tax, "tax_total", &v) == 0 && v) {
		int64_t st = 0;

		/* tax_total includes the shipping's: that part joins shipping */
		if (lo->shiptax >= 0 &&
		    money_col(c, &o, r, lo->shiptax, "shipping_tax_total", &st) != 0)
			st = 0;
		v = money_sub(money_sub(v, ft), st);
		if ((v && woo_order_amount(c, &o, v, "ItemPrice", "Tax", EV_TAX, none, 0, r->line)) ||
		    (st && woo_order_amount(c, &o, st, "ItemPrice", "ShippingTax", EV_TAX, none, 0,
					r->line)))
			return LL_ERROR;
	}
	rc = money_col(c, &o, r, lo->total, "order_total", &o.total);
	o.has_total = rc == 0;
	if (woo_order_close(c, &o))
		return LL_ERROR;
	rc = wt_refunds(c, &o, mkt_cell(r, lo->refunds), r->line);
	if (woo_order_done(c, &o))
		return LL_ERROR;
	return rc;
}

/* ---- Advanced Order Export ---- */

struct aoe_layout {
	int number, status, date, paid, gateway, cur, total, ship, shiptax, fees, line,
		linetax, linetotal, refunded, sku, qty;
};

static int aoe_row(struct woo_ctx *c, const struct aoe_layout *lo, const struct csvrec *r,
		   struct woo_order *o, int *skip)
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
		if (o->d && woo_order_close(c, o))
			return LL_ERROR;
		if (woo_order_done(c, o))
			return LL_ERROR;
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
		rc = woo_order_head(c, o, mkt_cell(r, lo->status), mkt_cell(r, lo->paid),
				mkt_cell(r, lo->date), mkt_cell(r, lo->cur),
				mkt_cell(r, lo->gateway));
		if (rc) {
			*skip = rc == 1 ? 1 : 2;
			o->d = NULL;
			if (rc < 0 && rc != LL_EPARSE)
				return rc;
			return woo_left_row(c, rc == 1 ? "unpaid" : "unreadable", mkt_cell(r, lo->cur),
					mkt_cell(r, lo->total)) ? LL_ERROR : 0;
		}
		deposit_row(o->d, (uint32_t)r->line); /* its row, whatever follows */
		if ((rc = money_col(c, o, r, lo->total, "Order Total Amount", &o->total)) < 0)
			return 0;
		o->has_total = rc == 0;
		if (money_col(c, o, r, lo->ship, "Order Shipping Amount", &amt) == 0 && amt &&
		    woo_order_amount(c, o, amt, "ItemPrice", "Shipping", EV_SALE, none, 0, r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->shiptax, "Order Shipping Tax Amount", &amt) == 0 &&
		    amt && woo_order_amount(c, o, amt, "ItemPrice", "ShippingTax", EV_TAX, none, 0,
					r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->fees, "Order Fees Amount", &amt) == 0 && amt &&
		    woo_order_amount(c, o, amt, "ItemPrice", "Fee", EV_SALE, none, 0, r->line))
			return LL_ERROR;
	}
	deposit_row(o->d, (uint32_t)r->line);
	v = mkt_cell(r, lo->qty);
	if (v.len && (mkt_money(&qty, v, 0, MONEY_DOT) || qty < -100000 || qty > 100000))
		qty = 0;
	if (lo->line >= 0) {
		if (money_col(c, o, r, lo->line, "Order Line (w/o tax)", &amt) == 0 && amt &&
		    woo_order_amount(c, o, amt, "ItemPrice", "Principal", EV_SALE,
				 mkt_cell(r, lo->sku), (int32_t)qty, r->line))
			return LL_ERROR;
		if (money_col(c, o, r, lo->linetax, "Order Line Tax", &amt) == 0 && amt &&
		    woo_order_amount(c, o, amt, "ItemPrice", "Tax", EV_TAX, none, 0, r->line))
			return LL_ERROR;
	} else if (money_col(c, o, r, lo->linetotal, "Order Line Total", &amt) == 0 && amt &&
		   woo_order_amount(c, o, amt, "ItemPrice", "Principal", EV_SALE,
				mkt_cell(r, lo->sku), (int32_t)qty, r->line)) {
		return LL_ERROR;
	}
	if (money_col(c, o, r, lo->refunded, "Order Line Total Refunded", &amt) == 0 && amt) {
		if (!c->undated++)
			c->undated_line = r->line;
		if (woo_order_refund(c, o, o->days, amt, r->line, 0))
			return LL_ERROR;
	}
	return 0;
}

int woo_parse_csv(struct lines *l, const char *path, const char *header, size_t hlen,
		  const struct parse_sink *sink, struct parse_stats *stats,
		  struct ll_err *err)
{
	struct woo_ctx c;
	struct csvrec *h = NULL, *r = NULL;
	struct wt_layout wt;
	struct aoe_layout ao;
	struct woo_order o;
	char delim = mkt_delim(header, hlen);
	int rc = 0, webtoffee, skip = 0;
	size_t i;

	woo_ctx_init(&c, path, sink, stats);
	memset(&o, 0, sizeof(o));
	memset(&wt, 0, sizeof(wt));
	memset(&ao, 0, sizeof(ao));
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
		wt.shiptax = mkt_col(h, W_SHIPTAX);
		wt.feetax = mkt_col(h, W_FEETAX);
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
		/* after a row no event index or string id is held: a safe point */
		if ((rc < 0 && rc != LL_EPARSE) || mkt_check(&c.set)) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "%s", mkt_errmsg(&c.set));
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	if (!webtoffee && ((o.d && woo_order_close(&c, &o)) || woo_order_done(&c, &o))) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", mkt_errmsg(&c.set));
		goto done;
	}
	rc = woo_finish(&c);
	if (rc < 0 && c.set.failed)
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", mkt_errmsg(&c.set));
done:
	free((void *)o.number.p);
	woo_ctx_free(&c);
	csvrec_delete(h);
	csvrec_delete(r);
	return rc;
}
