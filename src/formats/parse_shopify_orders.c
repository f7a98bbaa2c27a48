/*
 * parse_shopify_orders.c - the Shopify admin orders export
 * (orders_export.csv): every order, whatever its gateway (parse_shopify.h,
 * docs/shopify.md).
 *
 * One row per line item: the first row of an order carries the order-level
 * fields (Financial Status, Currency, Subtotal, Shipping, Taxes, Total,
 * Discount Amount, Refunded Amount, Payment Method ...), continuation rows
 * with the same Name only line-item fields. The parser gathers an order's
 * rows, then turns it into events on its payment day: gross line items
 * (sum of Lineitem price x quantity), the line discounts (Subtotal minus
 * that), shipping, tax when it is added on top (Total = Subtotal +
 * Shipping + Taxes; a tax-inclusive shop has Total = Subtotal + Shipping),
 * duties, a shipping discount, anything else as "Other" with a warning,
 * minus any outstanding balance. Every order amount has amount type
 * ItemPrice or Promotion and the order's Name, so order mode gives an
 * invoice per order.
 *
 * Paid orders are grouped per payment day and gateway into deposits with id
 * "<YYYY-MM-DD> <gateway>" (the pipeline puts the shop in front); the
 * deposit's total is the sum of its events (there is no bank figure to tie
 * to). Every gateway counts: Shopify Payments and Shop Pay Installments
 * orders too (the pipeline joins them with the payouts, whose charges then
 * pay the clearing account). A refund (Refunded Amount) is a deposit of its
 * own, "<day> <gateway> R<order>", holding the order's refunded amount so
 * far (cumulative: a later export that shows more adds the difference). The
 * export has no refund dates: it is dated on the order's day.
 *
 * Memory: the day deposits stay open until the file ends (an export sorted
 * by creation may pay an old order on any later day), their events moved
 * out to the temporary file over its budget between orders (spill.h); a
 * refund's deposit is whole when its order's rows are read, and is
 * delivered then (before the day deposits, which come in id order at the
 * end), so the open deposits are the file's days and gateways, not its
 * refunds. A read error mid-file delivers none of the days (their orders
 * may be cut off), while the refunds of the orders read before it are
 * delivered already (each is whole; a later good copy of the file holds
 * them again: duplicates, imported once).
 *
 * Not imported as sales, each delivered for the completeness ledger and the
 * joins with its reason in deposit.leave: orders not paid (pending,
 * authorized: "<day> <gateway> unpaid", imported as unpaid invoices only by
 * a setting) and orders of a marketplace channel (an Amazon or eBay order
 * synced into Shopify: the marketplace pays it out in its own settlement).
 * Voided and expired orders are left out.
 *
 * Tax: the order's Taxes is an event of its own (ItemPrice/Tax) whether
 * the shop adds it on top or includes it in its prices (then the sales
 * amount is net of it), so tax is never inside a sales amount. When the
 * export has the Tax 1..5 Name/Value columns the order states its tax:
 * the rate is the sum of the rates its tax lines name ("GB VAT 20%",
 * "New York State Tax 4%" + "New York City Tax 4.875%"), 0 when it charged
 * none, and every amount of the order carries it (event.h tax_stated), so
 * its invoice line books exactly that tax on a tax rate of that rate.
 */
#include "parse_shopify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"
#include "formats/shopify_common.h"
#include "util/fmt.h"
#include "util/money.h"

enum ocol {
	O_NAME, O_STATUS, O_PAID_AT, O_CREATED_AT, O_CURRENCY, O_SUBTOTAL, O_SHIPPING,
	O_TAXES, O_TOTAL, O_DISCOUNT, O_QTY, O_PRICE, O_REFUNDED, O_OUTSTANDING,
	O_DUTIES, O_GATEWAY, O_SKU, O_SOURCE, O_TAGS, O_NOTE_ATTRS, O__N
};

static const char *const ocol_names[O__N] = {
	"Name", "Financial Status", "Paid at", "Created at", "Currency", "Subtotal",
	"Shipping", "Taxes", "Total", "Discount Amount", "Lineitem quantity",
	"Lineitem price", "Refunded Amount", "Outstanding Balance", "Duties",
	"Payment Method", "Lineitem sku", "Source", "Tags", "Note Attributes"
};

#define TAX_LINES 5

/* the first row's order-level money fields kept as text */
static int money_col(int k)
{
	return k >= O_SUBTOTAL && k != O_QTY && k != O_PRICE && k != O_GATEWAY &&
	       k != O_SKU && k != O_SOURCE && k != O_TAGS && k != O_NOTE_ATTRS;
}

/* one order being gathered: the first row's fields, copied */
struct order {
	int open;
	long line, last_line;
	long nrows;      /* its rows: the first and the continuation rows */
	char name[64], status[32], gateway[128], currency[4], day[11];
	char channel[16];   /* a marketplace channel's name ("amazon"), "" if none */
	char channel_order[64]; /* that marketplace's order number, when the
				 * order's tags or note attributes give it */
	int64_t days;    /* Paid at (else Created at): its day in the organisation's zone */
	int64_t written; /* the same day as written */
	int64_t gross; /* sum of Lineitem price x quantity, in minor units */
	int gross_ok;
	struct field v[O__N]; /* money fields of the first row (into text) */
	char text[2048];
	size_t tlen;
	/* the tax it states (Tax N Name): rate, names joined by " + " */
	int tax_stated;
	int64_t tax_rate, tax_sum;
	char tax_name[160];
};

struct orun {
	struct shop_ctx c;
	int idx[O__N];
	int tax_name_idx[TAX_LINES], tax_value_idx[TAX_LINES];
	struct order o;
	long mixed;
	/* orders not paid (listed in one warning): count, first line, money
	 * per currency of the first one seen */
	long unpaid, unpaid_line;
	char unpaid_cur[4];
	int64_t unpaid_sum;
	int unpaid_mixed_cur;
	long owed;          /* of them, marked paid with the whole total outstanding */
	long channel, channel_line;
	int sink_rc;        /* the sink's non-zero answer to a refund delivered early */
};

/* ", N marked paid with the whole total still outstanding" or "" */
static const char *owed_note(char *out, size_t outlen, long n)
{
	if (!n)
		return "";
	snprintf(out, outlen, "; %ld of them marked paid with the whole total still "
		 "outstanding", n);
	return out;
}

static int istatus(const struct order *o, const char *s)
{
	return text_ieq((struct field){ o->status, strlen(o->status) }, s);
}

/* keep a copy of first-row money field k */
static void keep_field(struct order *o, int k, struct field f)
{
	if (o->tlen + f.len > sizeof(o->text)) {
		o->v[k] = (struct field){ "", 0 };
		return;
	}
	memcpy(o->text + o->tlen, f.p, f.len);
	o->v[k] = (struct field){ o->text + o->tlen, f.len };
	o->tlen += f.len;
}

static void add_item(struct orun *t, const struct csvrec *r)
{
	struct order *o = &t->o;
	struct field q = shop_get(r, t->idx[O_QTY]), p = shop_get(r, t->idx[O_PRICE]);
	int64_t qty, price;
	int exp = currency_exponent(o->currency);

	if (r->line != o->line)
		o->nrows++; /* a continuation row */
	o->last_line = r->line;
	if (q.len == 0 && p.len == 0)
		return;
	if (money_parse(&qty, q.p, q.len, 0, MONEY_DOT) || shop_money(&price, p, exp) ||
	    qty < 0 || qty > 1000000 || price > INT64_MAX / 1000000 || price < -INT64_MAX / 1000000) {
		o->gross_ok = 0;
		return;
	}
	o->gross = money_add(o->gross, qty * price);
}

/* The tax the order states, from its Tax N Name columns: each names its
 * rate; the order's rate is their sum (tax lines on the same goods: state
 * and city, CGST and SGST). No Tax N line at all: it charged no tax (0%).
 * A name without a rate: not stated. */
static void stated_tax(struct orun *t, const struct csvrec *r)
{
	struct order *o = &t->o;
	size_t nl = 0;
	int k;

	o->tax_stated = 0;
	o->tax_rate = o->tax_sum = 0;
	o->tax_name[0] = '\0';
	if (t->tax_name_idx[0] < 0)
		return; /* an export without the columns states nothing */
	for (k = 0; k < TAX_LINES; k++) {
		struct field n = text_trim(shop_get(r, t->tax_name_idx[k]));
		int64_t rate;

		if (!n.len)
			continue;
		if (money_rate_in_name(n.p, n.len, &rate))
			return;
		o->tax_rate += rate;
		if (o->currency[0]) {
			int64_t v = 0;

			if (shop_money(&v, shop_get(r, t->tax_value_idx[k]),
				       currency_exponent(o->currency)))
				return;
			o->tax_sum += v;
		}
		if (nl < sizeof(o->tax_name) - 1) {
			struct sfmt f;  /* "%s%.*s": once full, no more are added */

			sf_init(&f, o->tax_name + nl, sizeof(o->tax_name) - nl);
			sf_str(&f, nl ? " + " : "");
			sf_strn(&f, n.p, n.len);
			nl += f.len;
		}
	}
	o->tax_stated = 1;
}

static int begin_order(struct orun *t, const struct csvrec *r)
{
	struct order *o = &t->o;
	struct field v, cur;
	int k;

	memset(o, 0, sizeof(*o));
	o->open = 1;
	o->line = o->last_line = r->line;
	o->nrows = 1;
	o->gross_ok = 1;
	shop_copy(o->name, sizeof(o->name), shop_get(r, t->idx[O_NAME]));
	shop_copy(o->status, sizeof(o->status), shop_get(r, t->idx[O_STATUS]));
	shop_copy(o->gateway, sizeof(o->gateway), shop_get(r, t->idx[O_GATEWAY]));
	if (!o->gateway[0])
		snprintf(o->gateway, sizeof(o->gateway), "unknown");
	shop_channel(o->gateway, shop_get(r, t->idx[O_SOURCE]), o->channel,
		     sizeof(o->channel));
	if (o->channel[0] &&
	    !shop_channel_order(o->channel, shop_get(r, t->idx[O_TAGS]), o->channel_order,
				sizeof(o->channel_order)))
		shop_channel_order(o->channel, shop_get(r, t->idx[O_NOTE_ATTRS]),
				   o->channel_order, sizeof(o->channel_order));
	cur = shop_get(r, t->idx[O_CURRENCY]);
	shop_copy(o->currency, sizeof(o->currency), cur);
	if (cur.len != 3 || !currency_valid(o->currency))
		o->currency[0] = '\0';
	v = shop_get(r, t->idx[O_PAID_AT]);
	if (shop_date_local(&t->c, v, &o->written, &o->days, o->day))
		v = shop_get(r, t->idx[O_CREATED_AT]);
	if (shop_date_local(&t->c, v, &o->written, &o->days, o->day))
		o->day[0] = '\0';
	for (k = O_SUBTOTAL; k < O__N; k++)
		if (money_col(k))
			keep_field(o, k, shop_get(r, t->idx[k]));
	stated_tax(t, r);
	if (o->currency[0])
		add_item(t, r);
	return 0;
}

/* an amount of the order; own: one of the order's own amounts, which
 * carry the tax it states */
static int add_ev(struct orun *t, struct deposit *d, const struct order *o,
		  const char *atype, const char *adesc, enum event_kind kind, int64_t amount,
		  int own)
{
	struct shop_ctx *c = &t->c;
	struct event e;

	if (amount == 0 && strcmp(adesc, "Sales") != 0)
		return 0;
	memset(&e, 0, sizeof(e));
	e.amount = amount;
	e.posted_days = o->days;
	e.line = (uint32_t)o->line;
	e.kind = (uint8_t)kind;
	if (own && o->tax_stated) {
		e.tax_stated = TAX_STATED_COVERS; /* its Taxes cover goods and shipping */
		e.tax_rate = (int32_t)o->tax_rate;
		if (shop_intern_s(c, d, o->tax_name, &e.tax_name))
			return LL_ERROR;
	}
	/* a marketplace channel's order goes by the marketplace's number when
	 * the order says it (the joins look for it in that settlement) */
	if (shop_intern_s(c, d, o->gateway, &e.ttype) ||
	    shop_intern_s(c, d, atype, &e.atype) || shop_intern_s(c, d, adesc, &e.adesc) ||
	    shop_intern_s(c, d, o->channel_order[0] ? o->channel_order : o->name,
			  &e.order_id) ||
	    shop_add(c, d, &e))
		return LL_ERROR;
	d->total = money_add(d->total, amount);
	return 0;
}

/* The order's rows are d's: however many events it gave (a refund deposit
 * holds none: they are counted on the order's day). */
static void order_rows(struct deposit *d, long before, long nrows)
{
	d->rows = before + nrows;
	d->last_row = 0;
}

/* Left out of every deposit: its rows and (best effort) its Total. */
static int order_left(struct orun *t, const char *reason)
{
	struct order *o = &t->o;
	int64_t total = 0;

	if (!o->currency[0] ||
	    shop_money(&total, o->v[O_TOTAL], currency_exponent(o->currency)))
		total = 0;
	return parse_fate(t->c.sink, o->currency, FATE_LEFT, reason, o->nrows, total);
}

/* A day deposit's id into id[0..cap): "%s %.*s%.24s" (day, the gateway cut
 * to gw bytes, suffix), or "%s %.*s %.3s%.24s" with cur */
static void day_id(char *id, size_t cap, const struct order *o, int gw, const char *cur,
		   const char *suffix)
{
	struct sfmt f;

	sf_init(&f, id, cap);
	sf_str(&f, o->day);
	sf_char(&f, ' ');
	sf_strn(&f, o->gateway, gw < 0 ? (size_t)-1 : (size_t)gw); /* as printf's %.*s */
	if (cur) {
		sf_char(&f, ' ');
		sf_strn(&f, cur, 3);
	}
	sf_strn(&f, suffix, 24);
}

/* A day deposit's header: o's paid day, its gateway, a day summary. */
static void day_header(struct deposit *d, const struct order *o)
{
	struct sfmt f;

	sf_copy(d->deposit_date, sizeof(d->deposit_date), o->day);
	sf_copy(d->start_date, sizeof(d->start_date), o->day);
	sf_copy(d->end_date, sizeof(d->end_date), o->day);
	sf_init(&f, d->gateway, sizeof(d->gateway));  /* "%.63s" */
	sf_strn(&f, o->gateway, 63);
	d->day_summary = 1;
	d->has_header = 1;
}

/* The open deposit of the order's day and gateway (id + suffix), with
 * another currency's orders under "<id> <CUR>"; NULL when out of memory or
 * over the limit (reported). */
static struct deposit *day_deposit(struct orun *t, const char *suffix)
{
	struct order *o = &t->o;
	struct shop_ctx *c = &t->c;
	struct deposit *d;
	char id[96];
	int created;
	/* within 70 bytes (a shop goes in front), the suffix whole: the
	 * gateway's name is cut instead when it must be */
	int gw = 70 - 11 - (int)strlen(suffix) - 4;

	day_id(id, sizeof(id), o, gw, NULL, suffix);
	d = shop_deposit(c, id, o->currency, o->line, &created);
	if (d && strcmp(d->currency, o->currency)) {
		day_id(id, sizeof(id), o, gw, o->currency, suffix);
		d = shop_deposit(c, id, o->currency, o->line, &created);
	}
	if (d && created)
		day_header(d, o);
	return d;
}

/*
 * The refund of the order ending (its refunded amount so far, cumulative:
 * a later export with a new refund adds a credit note), a deposit of its
 * own, "<day> <gateway> R<order>", delivered at once: only this order
 * adds to it, and the order's rows are all read (an order's rows are
 * consecutive), so it is never held until the file ends. 0, or LL_ERROR
 * (out of memory: then t->sink_rc 0) or the sink's answer (t->sink_rc).
 */
static int deliver_refund(struct orun *t, int64_t refunded)
{
	struct order *o = &t->o;
	struct shop_ctx *c = &t->c;
	struct deposit *d = calloc(1, sizeof(*d));
	char id[96], suffix[80];
	struct sfmt f;
	int gw, rc;

	if (!d)
		return LL_ERROR;
	/* the id as day_deposit makes it */
	sf_init(&f, suffix, sizeof(suffix));  /* " R%.20s" */
	sf_str(&f, " R");
	sf_strn(&f, o->name, 20);
	gw = 70 - 11 - (int)f.len - 4;
	day_id(id, sizeof(id), o, gw, NULL, suffix);
	if (deposit_init(d, "shopify", id, c->path)) {
		deposit_free(d);
		free(d);
		return LL_ERROR;
	}
	sf_copy(d->currency, sizeof(d->currency), o->currency);
	d->exponent = currency_exponent(o->currency);
	d->header_line = (uint32_t)o->line;
	day_header(d, o);
	if (o->channel[0])
		snprintf(d->leave, sizeof(d->leave), "marketplace-channel");
	d->cumulative = 1;
	rc = add_ev(t, d, o, "ItemPrice", "Refund", EV_REFUND, -refunded, 1);
	order_rows(d, 0, 0); /* its rows are counted on the order's day */
	if (rc == 0) {
		c->stats->deposits++;
		rc = c->sink->deposit(c->sink->ctx, d);
		t->sink_rc = rc;
	}
	deposit_free(d);
	free(d);
	return rc;
}

/* The gathered order -> events. 0, 1 (order not imported), LL_ERROR, or
 * the sink's non-zero answer to its refund (t->sink_rc). */
static int end_order(struct orun *t)
{
	struct order *o = &t->o;
	struct shop_ctx *c = &t->c;
	static const char *const void_status[] = { "voided", "expired", NULL };
	static const char *const unpaid_status[] = { "pending", "authorized", "unpaid", NULL };
	static const char *const money_status[] = { "paid", "partially_paid",
						    "partially_refunded", "refunded", NULL };
	int64_t m[O__N];
	int64_t sales, disc, rest, dl, tax = 0, duties = 0, shipdisc = 0, other = 0;
	int64_t total;      /* Total, 0 when it is not an amount */
	struct deposit *d;
	int k, known = 0, exp, unpaid = 0;
	long before;

	if (!o->open)
		return 0;
	o->open = 0;
	for (k = 0; void_status[k]; k++)
		if (istatus(o, void_status[k]))
			return order_left(t, "voided") ? LL_ERROR : 0; /* no money taken */
	for (k = 0; unpaid_status[k]; k++)
		if (istatus(o, unpaid_status[k]))
			unpaid = 1;
	for (k = 0; money_status[k]; k++)
		if (istatus(o, money_status[k]))
			known = 1;
	if (shop_money(&total, o->v[O_TOTAL], currency_exponent(o->currency)))
		total = 0;
	if (known && !unpaid && o->v[O_OUTSTANDING].len && total > 0) {
		/* "paid" with its whole total still outstanding (an order an app
		 * created as paid with no payment behind it): no money moved */
		int64_t owed = 0;

		if (!shop_money(&owed, o->v[O_OUTSTANDING], currency_exponent(o->currency)) &&
		    owed >= total) {
			unpaid = 1;
			t->owed++;
		}
	}
	if (!known && !unpaid) {
		shop_reject(c, o->line, "warning", "order-status",
			    "order %s: Financial Status '%s' is not one we know; not imported",
			    o->name, o->status);
		return order_left(t, "unknown-status") ? LL_ERROR : 1;
	}
	if (!o->currency[0] || !o->day[0]) {
		shop_reject(c, o->line, "error", !o->day[0] ? "bad-date" : "bad-currency",
			    "order %s: %s; not imported", o->name,
			    !o->day[0] ? "neither Paid at nor Created at is a date"
				       : "Currency is not an ISO code");
		return order_left(t, "unreadable") ? LL_ERROR : 1;
	}
	if (strstr(o->gateway, " + ") && !o->channel[0] && !unpaid &&
	    shop_gateway_paid_by_shopify(o->gateway) < 0) {
		t->mixed++;
		shop_reject(c, o->line, "warning", "mixed-gateway",
			    "order %s was paid by '%s': the export does not say how much went "
			    "through each; imported whole into that combination's clearing "
			    "account (the Shopify Payments part also comes with the payouts)",
			    o->name, o->gateway);
	}
	if (unpaid) {
		if (!t->unpaid++) {
			t->unpaid_line = o->line;
			memcpy(t->unpaid_cur, o->currency, 4);
		}
		if (!strcmp(t->unpaid_cur, o->currency))
			t->unpaid_sum += total;
		else
			t->unpaid_mixed_cur = 1;
	} else if (o->channel[0] && !t->channel++) {
		t->channel_line = o->line;
	}
	d = day_deposit(t, unpaid ? " unpaid" : "");
	if (!d)
		return c->n >= SHOP_MAX_DEPOSITS ? (order_left(t, "unreadable") ? LL_ERROR : 1)
						 : LL_ERROR;
	if (unpaid)
		snprintf(d->leave, sizeof(d->leave), "unpaid");
	else if (o->channel[0])
		snprintf(d->leave, sizeof(d->leave), "marketplace-channel");
	before = d->rows;
	if (o->days != o->written)
		c->stats->redated++;
	exp = d->exponent;
	for (k = O_SUBTOTAL; k < O__N; k++) {
		m[k] = 0;
		if (!money_col(k) || o->v[k].len == 0)
			continue;
		if (shop_money(&m[k], o->v[k], exp)) {
			shop_reject(c, o->line, "error", "bad-amount",
				    "order %s: %s '%.*s' is not an amount in %s; not imported",
				    o->name, ocol_names[k], (int)(o->v[k].len < 40 ? o->v[k].len : 40),
				    o->v[k].p, o->currency);
			d->bad_rows++;
			order_rows(d, before, o->nrows);
			return 1;
		}
	}
	if (o->v[O_TOTAL].len == 0) {
		shop_reject(c, o->line, "error", "bad-amount",
			    "order %s: no Total; not imported", o->name);
		d->bad_rows++;
		order_rows(d, before, o->nrows);
		return 1;
	}
	/* its tax lines must add up to its Taxes to state them */
	if (o->tax_stated && o->tax_sum != m[O_TAXES])
		o->tax_stated = 0;
	/* gross items and their discount, when the line items explain Subtotal */
	sales = m[O_SUBTOTAL];
	if (o->gross_ok && o->gross >= m[O_SUBTOTAL] && o->gross > 0)
		sales = o->gross;
	disc = m[O_SUBTOTAL] - sales;
	dl = m[O_DISCOUNT] + disc; /* Discount Amount not on the line items */
	if (dl < 0)
		dl = 0;
	rest = m[O_TOTAL] - m[O_SUBTOTAL] - m[O_SHIPPING];
	if (rest == m[O_TAXES] + m[O_DUTIES]) {
		tax = m[O_TAXES]; /* tax added on top */
		duties = m[O_DUTIES];
	} else if (rest == m[O_DUTIES]) {
		duties = m[O_DUTIES]; /* tax included in prices: taken out of them */
		tax = m[O_TAXES];
		sales -= tax;
	} else if (dl && rest == m[O_TAXES] + m[O_DUTIES] - dl) {
		tax = m[O_TAXES];
		duties = m[O_DUTIES];
		shipdisc = -dl;
	} else if (dl && rest == m[O_DUTIES] - dl) {
		duties = m[O_DUTIES];
		shipdisc = -dl;
		tax = m[O_TAXES];
		sales -= tax;
	} else {
		char a[32];

		other = rest;
		shop_reject(c, o->line, "warning", "order-total",
			    "order %s: Total is not Subtotal + Shipping (+ Taxes, Duties, "
			    "discounts); the difference %s is booked as 'Other'", o->name,
			    money_format(a, sizeof(a), other, exp));
	}
	if (add_ev(t, d, o, "ItemPrice", "Sales", EV_SALE, sales, 1) ||
	    add_ev(t, d, o, "Promotion", "Discount", EV_PROMOTION, disc, 1) ||
	    add_ev(t, d, o, "ItemPrice", "Shipping", EV_SALE, m[O_SHIPPING], 1) ||
	    add_ev(t, d, o, "Promotion", "Shipping discount", EV_PROMOTION, shipdisc, 1) ||
	    add_ev(t, d, o, "ItemPrice", "Tax", EV_TAX, tax, 1) ||
	    add_ev(t, d, o, "ItemPrice", "Duties", EV_TAX, duties, 0) ||
	    add_ev(t, d, o, "ItemPrice", "Other", EV_SALE, other, 0) ||
	    add_ev(t, d, o, "ItemPrice", "Outstanding", EV_SALE,
		   !unpaid && m[O_OUTSTANDING] > 0 ? -m[O_OUTSTANDING] : 0, 1))
		return LL_ERROR;
	order_rows(d, before, o->nrows);
	if (m[O_REFUNDED] > 0 && !unpaid)
		return deliver_refund(t, m[O_REFUNDED]);
	return 0;
}

static int orders_row(struct orun *t, const struct csvrec *r)
{
	struct order *o = &t->o;
	struct field name = shop_get(r, t->idx[O_NAME]);
	struct field status = shop_get(r, t->idx[O_STATUS]);
	int rc = 0;

	if (name.len == 0) {
		shop_reject(&t->c, r->line, "error", "bad-row",
			    "row has no Name (order number); row not imported");
		return shop_left(&t->c, "", "unreadable", 0);
	}
	if (status.len == 0) {
		/* a continuation row: another line item of the open order */
		if (o->open && strlen(o->name) == name.len && !memcmp(o->name, name.p, name.len)) {
			if (o->currency[0]) {
				add_item(t, r);
			} else {
				o->nrows++; /* counted with its order, whatever it is */
				o->last_line = r->line;
			}
			return 0;
		}
		shop_reject(&t->c, r->line, "error", "bad-row",
			    "row of order %.*s has no Financial Status and does not follow "
			    "that order's first row; row not imported",
			    (int)(name.len < 60 ? name.len : 60), name.p);
		return shop_left(&t->c, "", "unreadable", 0);
	}
	if (o->open) {
		rc = end_order(t);
		if (rc < 0)
			return rc;
	}
	if (begin_order(t, r))
		return LL_ERROR;
	return rc;
}

int shopify_parse_orders(struct lines *l, const char *path, const char *header, size_t hlen,
			 const struct parse_sink *sink, struct parse_stats *stats,
			 struct ll_err *err)
{
	struct orun *t = calloc(1, sizeof(*t));
	struct csvrec *hdr = NULL, *rec = NULL;
	int rc, i;

	if (!t)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	if ((rc = shop_open_header(&hdr, &rec, path, header, hlen, err)))
		goto done;
	if (shop_ctx_init(&t->c, path, sink, stats)) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	t->c.delim = mkt_delim(header, hlen);
	for (i = 0; i < O__N; i++)
		t->idx[i] = shop_col(hdr, ocol_names[i]);
	for (i = 0; i < TAX_LINES; i++) {
		char nm[24];

		snprintf(nm, sizeof(nm), "Tax %d Name", i + 1);
		t->tax_name_idx[i] = shop_col(hdr, nm);
		snprintf(nm, sizeof(nm), "Tax %d Value", i + 1);
		t->tax_value_idx[i] = shop_col(hdr, nm);
	}
	if (t->idx[O_NAME] < 0 || t->idx[O_STATUS] < 0 || t->idx[O_TOTAL] < 0 ||
	    t->idx[O_CURRENCY] < 0 || (t->idx[O_PAID_AT] < 0 && t->idx[O_CREATED_AT] < 0)) {
		rc = ll_err_set(err, LL_EPARSE, path, 1,
				"unknown column set: a Shopify orders export needs Name, "
				"Financial Status, Total, Currency and Paid at or Created at");
		goto done;
	}
	while ((rc = csvrec_next(rec, l, t->c.delim, err)) == 1) {
		stats->rows++;
		rc = orders_row(t, rec);
		if (t->sink_rc) {
			rc = t->sink_rc; /* the sink's answer to a refund: it said why */
			goto done;
		}
		if (rc < 0) {
			ll_err_set(err, LL_ERROR, path, rec->line, "out of memory");
			goto done;
		}
		if (rc)
			stats->bad_rows++;
		/* this row began an order: the one before is complete, its
		 * events are in their deposits and nothing of theirs is held
		 * (the order being gathered is text): a safe point */
		if (t->o.open && t->o.line == rec->line &&
		    shop_spill_check(&t->c, rec->line, err) < 0) {
			rc = LL_ERROR;
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	rc = end_order(t);
	if (t->sink_rc) {
		rc = t->sink_rc;
		goto done;
	}
	if (rc < 0) {
		ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	if (rc)
		stats->bad_rows++;
	if (t->unpaid) {
		char a[48], owed[96];

		shop_reject(&t->c, t->unpaid_line, "warning", "unpaid",
			    "%ld order(s) not paid (Financial Status pending or authorized: "
			    "cash on delivery, payment terms%s; first on line %ld), total %s %s%s: "
			    "not imported as sales; \"unpaid_orders\": \"invoice\" in the "
			    "shopify section of settings.json imports them as unpaid invoices",
			    t->unpaid, owed_note(owed, sizeof(owed), t->owed), t->unpaid_line,
			    money_format(a, sizeof(a), t->unpaid_sum,
					 currency_exponent(t->unpaid_cur)),
			    t->unpaid_cur, t->unpaid_mixed_cur ? " and more in other currencies"
							       : "");
	}
	if (t->channel)
		shop_reject(&t->c, t->channel_line, "note", "marketplace-channel",
			    "%ld order(s) of a marketplace channel (an Amazon, eBay or other "
			    "marketplace order synced into Shopify; first on line %ld): not "
			    "imported from Shopify, the marketplace pays them out in its own "
			    "settlement (import that)", t->channel, t->channel_line);
	rc = shop_ctx_finish(&t->c, 1, NULL, NULL, err);
done:
	shop_ctx_finish(&t->c, 0, NULL, NULL, NULL); /* a no-op once finished */
	shop_close_header(hdr, rec);
	free(t);
	return rc;
}
