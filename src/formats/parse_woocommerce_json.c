/*
 * parse_woocommerce_json.c - WooCommerce REST API v3 JSON (one order, an
 * array of orders, refund objects) into the shared order logic
 * (parse_woocommerce.h, woo_priv.h).
 *
 * A REST order states its amounts apart: line subtotals (Principal), the
 * discount (line total - subtotal, Promotion), total_tax (split into the
 * shipping's tax and the rest), shipping_lines and fee_lines, and its
 * refunds[] (id and total). The refund objects of the same document
 * ("refunded_by" / "refunded_payment", linked to their order by
 * _links.up) date those refunds; a refund without one is dated by the
 * order's date_modified, with a warning. The refund objects are indexed
 * (sorted by id and by order) in a first pass over the document, so they
 * may stand anywhere in it; the orders are read in a second pass.
 */
#include "parse_woocommerce.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/woo_priv.h"
#include "util/intr.h"
#include "util/jsonstream.h"

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

/* qsort has no context argument; one per thread (parser threads: src/plan/prefetch.c) */
static _Thread_local struct refund_index *sort_ix;

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
static int jdays(struct woo_ctx *c, json_t *o, const char *key, int64_t *days)
{
	char gk[64];

	if (woo_date_days(jstr(o, key), days))
		return LL_EPARSE;
	snprintf(gk, sizeof(gk), "%s_gmt", key);
	*days = woo_gmt_days(c, *days, jstr(o, gk));
	return 0;
}

/* The rate a REST order's tax_lines state: each line's rate_percent (a
 * number or numeric text), else the rate its label ends in; summed. No
 * tax lines and no tax: 0%. A line with neither, or tax without lines:
 * not stated. */
static void json_stated_tax(struct woo_order *o, json_t *lines, int has_tax)
{
	size_t i, nl = 0;
	json_t *tl;
	int64_t sum = 0;

	o->tax_stated = 0;
	if (!json_is_array(lines) || (has_tax && json_array_size(lines) == 0))
		return;
	json_array_foreach(lines, i, tl) {
		json_t *rp = json_object_get(tl, "rate_percent");
		struct field label = jstr(tl, "label");
		int64_t r = -1;
		char num[32];

		/* a JSON real would be a float: its label's rate is read instead */
		if (json_is_integer(rp) && json_integer_value(rp) >= 0 &&
		    json_integer_value(rp) <= 100) {
			r = (int64_t)json_integer_value(rp) * 10000;
		} else if (json_is_string(rp)) {
			snprintf(num, sizeof(num), "%s", json_string_value(rp));
			if (money_parse(&r, num, strlen(num), 4, MONEY_DOT))
				r = -1;
		}
		if (r < 0 && money_rate_in_name(label.p, label.len, &r))
			return;
		sum += r;
		if (nl < sizeof(o->tax_name) - 1)
			nl += (size_t)snprintf(o->tax_name + nl, sizeof(o->tax_name) - nl, "%s%.*s",
					       nl ? " + " : "", (int)(label.len < 60 ? label.len : 60),
					       label.p ? label.p : "");
	}
	if (sum > 1000000)
		return;
	o->tax_rate = (int32_t)sum;
	o->tax_stated = 1;
}

static int json_order(struct woo_ctx *c, json_t *jo, long line, struct refund_index *ix,
		      char *numbuf, size_t numlen)
{
	struct woo_order o;
	struct field none = { "", 0 }, paid;
	json_t *arr, *it;
	size_t i;
	int64_t v, sub, tot, fee_tax = 0;
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
	rc = woo_order_head(c, &o, jstr(jo, "status"), paid, jstr(jo, "date_created"),
			jstr(jo, "currency"), jstr(jo, "payment_method"));
	if (rc) {
		if (rc < 0 && rc != LL_EPARSE)
			return rc;
		return woo_left_row(c, rc == 1 ? "unpaid" : "unreadable", jstr(jo, "currency"),
				jstr(jo, "total")) ? LL_ERROR : 0;
	}
	deposit_row(o.d, (uint32_t)line);
	{
		int64_t tt = 0;

		json_stated_tax(&o, json_object_get(jo, "tax_lines"),
				jmoney(jo, "total_tax", o.d->exponent, &tt) != 1 && tt != 0);
	}
	json_array_foreach(json_object_get(jo, "line_items"), i, it) {
		struct field sku = jstr(it, "sku");
		json_t *q = json_object_get(it, "quantity");
		json_int_t qv = json_is_integer(q) ? json_integer_value(q) : 0;
		int32_t qty = qv > INT32_MAX || qv < INT32_MIN ? 0 : (int32_t)qv;
		int rs = jmoney(it, "subtotal", o.d->exponent, &sub);
		int rt = jmoney(it, "total", o.d->exponent, &tot);

		if (rs < 0 || rt < 0) {
			woo_bad_amount(c, &o, line, "line_items total", jstr(it, rs < 0 ? "subtotal"
										 : "total"));
			continue;
		}
		if (rs)
			sub = rt ? 0 : tot;
		if (rt)
			tot = sub;
		if (sub && woo_order_amount(c, &o, sub, "ItemPrice", "Principal", EV_SALE, sku, qty,
					line))
			return LL_ERROR;
		if (tot != sub && woo_order_amount(c, &o, tot - sub, "Promotion", "Discount",
					       EV_PROMOTION, sku, 0, line))
			return LL_ERROR;
	}
	arr = json_object_get(jo, "shipping_lines");
	json_array_foreach(arr, i, it) {
		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0)
			woo_bad_amount(c, &o, line, "shipping_lines total", jstr(it, "total"));
		else if (rc == 0 && v &&
			 woo_order_amount(c, &o, v, "ItemPrice", "Shipping", EV_SALE, none, 0, line))
			return LL_ERROR;
	}
	arr = json_object_get(jo, "fee_lines");
	json_array_foreach(arr, i, it) {
		int64_t t = 0;

		/* a fee's tax (in total_tax) stays with it: gross, Xero takes it out */
		if (jmoney(it, "total_tax", o.d->exponent, &t))
			t = 0;
		fee_tax = money_add(fee_tax, t);
		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0)
			woo_bad_amount(c, &o, line, "fee_lines total", jstr(it, "total"));
		else if (rc == 0 && money_add(v, t) &&
			 woo_order_amount(c, &o, money_add(v, t), "ItemPrice", "Fee", EV_SALE, none, 0,
				      line))
			return LL_ERROR;
	}
	rc = jmoney(jo, "total_tax", o.d->exponent, &v);
	if (rc < 0) {
		woo_bad_amount(c, &o, line, "total_tax", jstr(jo, "total_tax"));
	} else if (rc == 0 && v) {
		int64_t st = 0;

		/* total_tax includes shipping_tax: that part joins shipping */
		if (jmoney(jo, "shipping_tax", o.d->exponent, &st))
			st = 0;
		v = money_sub(money_sub(v, fee_tax), st);
		if ((v && woo_order_amount(c, &o, v, "ItemPrice", "Tax", EV_TAX, none, 0, line)) ||
		    (st && woo_order_amount(c, &o, st, "ItemPrice", "ShippingTax", EV_TAX, none, 0,
					line)))
			return LL_ERROR;
	}
	rc = jmoney(jo, "total", o.d->exponent, &o.total);
	if (rc < 0)
		woo_bad_amount(c, &o, line, "total", jstr(jo, "total"));
	o.has_total = rc == 0;
	if (woo_order_close(c, &o))
		return LL_ERROR;
	arr = json_object_get(jo, "refunds");
	json_array_foreach(arr, i, it) {
		json_int_t rid = json_integer_value(json_object_get(it, "id"));
		struct refund_obj *ro;
		int64_t days;

		rc = jmoney(it, "total", o.d->exponent, &v);
		if (rc < 0) {
			woo_bad_amount(c, &o, line, "refunds total", jstr(it, "total"));
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
		if (woo_order_refund(c, &o, days, v, line, ro && !ro->used ? ro->line : 0))
			return LL_ERROR;
		if (ro)
			ro->used = 1;
	}
	return woo_order_done(c, &o);
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
	struct woo_ctx c;
	struct refund_index ix;
	struct reader *r = NULL;
	struct jsonstream *js = NULL;
	const char *el;
	size_t len, k;
	long line;
	json_t *v = NULL;
	int rc;
	char numbuf[32];

	woo_ctx_init(&c, path, sink, stats);
	memset(&ix, 0, sizeof(ix));

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
			/* after an order no event index or string id is held */
			if (json_order(&c, v, oline, &ix, numbuf, sizeof(numbuf)) < 0 ||
			    mkt_check(&c.set)) {
				rc = ll_err_set(err, LL_ERROR, path, oline, "%s",
						mkt_errmsg(&c.set));
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
	rc = woo_finish(&c);
	if (rc < 0 && c.set.failed)
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", mkt_errmsg(&c.set));
done:
	jsonstream_free(js);
	reader_free(r);
	free(ix.r);
	free(ix.by_id);
	free(ix.by_order);
	woo_ctx_free(&c);
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
