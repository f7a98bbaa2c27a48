/*
 * join.c - the decisions across exports that make every order count once
 * (join.h, docs/completeness.md).
 *
 * Each rule is decided from the state file (the orders table: what the
 * deposits imported so far count, store/orders.h), so it does not matter
 * which export is read first: the pipeline reads again, in the same run,
 * a file whose decisions an export read after it has changed
 * (store_orders_stale), and a posted document that would change takes the
 * would-change path like any other.
 *
 *   Shopify: the orders export records the sale of every paid order
 *   (day summaries, or an invoice per order); a Shopify Payments charge or
 *   refund of an order it records is the money of that sale (EVF_STORE:
 *   "Store payment", the clearing account its day was paid into), never a
 *   sale again. A payouts export has no orders: its Charges and Refunds
 *   are store payments when the shop's orders export holds Shopify-paid
 *   orders from two weeks before the payout (a fortnight of charges) to
 *   its day.
 *
 *   eBay: an order a transaction report holds is taken out of an orders
 *   report (the transaction report's money wins).
 *
 *   A Shopify order's refund is cumulative: a later export showing more
 *   refunded adds a deposit of the difference ("<id>-2"); an equal or
 *   smaller one is a duplicate.
 */
#include "plan/join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "plan/map.h"
#include "store/orders.h"
#include "store/settlements.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/money.h"

/* what was joined or taken out of a file, with which other file */
struct join_pair {
	char code[24];        /* "joined", "in-another-export" */
	char other[512];      /* the other file */
	long orders;
	long line;            /* the first deposit's line */
};

/*
 * The orders join_index recorded, not yet written: one multi-row statement
 * for up to 64 of them, over the deposits of a file, instead of statements
 * of each deposit's few (and a DELETE of its settlement's old rows, which
 * a settlement above every one the table holds, sid_max, cannot have).
 * Written at the file's end, past JOIN_PENDING_MAX rows, before a DELETE,
 * and before a lookup whose answer they could change.
 */
#define JOIN_PENDING_MAX 256

struct pend_order {
	size_t platform, shop, order_id, format, gateway, day, currency; /* in text */
	const char *role;     /* a literal of role_of */
	int64_t amount, source_id, settlement_id;
};

struct ord;

struct join_orders {
	struct pend_order *o;
	size_t n, cap;
	struct buf text;      /* their strings, by offset */
	int64_t src;          /* the source of the first of them */
	int mixed;            /* ... and not of all */
	int64_t sid_max;      /* no row of orders (or here) has a higher settlement */
	int sid_known;
	struct store_order *out; /* for the writing, JOIN_PENDING_MAX + 1 */
	/* join_index's, kept from deposit to deposit: the events' orders
	 * (and sort_ords' room), then the rows and their days */
	struct ord *ords;
	size_t cap_ords;
	struct store_order *rows;
	char (*days)[11];
	size_t cap_rows;
};

void join_discard(struct join *j)
{
	if (j->pend) {
		j->pend->n = 0;
		buf_reset(&j->pend->text);
	}
}

void join_free(struct join *j)
{
	free(j->pairs);
	j->pairs = NULL;
	j->npairs = j->cappairs = 0;
	if (j->pend) {
		free(j->pend->o);
		buf_free(&j->pend->text);
		free(j->pend->out);
		free(j->pend->ords);
		free(j->pend->rows);
		free(j->pend->days);
		free(j->pend);
		j->pend = NULL;
	}
}

/* Write the pending orders. 0 or LL_ERROR. */
static int flush_orders(struct join *j)
{
	struct join_orders *p = j->pend;
	size_t i;
	int rc;

	if (!p || !p->n)
		return 0;
	for (i = 0; i < p->n; i++) {
		const struct pend_order *o = &p->o[i];
		struct store_order *so = &p->out[i];

		so->platform = p->text.ptr + o->platform;
		so->shop = p->text.ptr + o->shop;
		so->order_id = p->text.ptr + o->order_id;
		so->role = o->role;
		so->format = p->text.ptr + o->format;
		so->gateway = p->text.ptr + o->gateway;
		so->day = p->text.ptr + o->day;
		so->currency = p->text.ptr + o->currency;
		so->amount_minor = o->amount;
		so->source_id = o->source_id;
		so->settlement_id = o->settlement_id;
	}
	i = p->n;
	p->n = 0;
	rc = store_orders_add(j->st, p->out, i, j->err);
	buf_reset(&p->text); /* after: p->out points into it */
	return rc;
}

/* Write them before a lookup that excludes source exclude (its own
 * file's rows: then the pending ones cannot answer it) when some are of
 * another source, or before any lookup (exclude -1). 0 or LL_ERROR. */
static int flush_for_lookup(struct join *j, int64_t exclude)
{
	const struct join_orders *p = j->pend;

	if (p && p->n && (exclude < 0 || p->mixed || p->src != exclude))
		return flush_orders(j);
	return 0;
}

/* s (NULL: "") into the pending text: its offset, or (size_t)-1; the
 * offset at (a field of the order before, n > 0) when that text is s, as
 * a deposit's platform, shop, format, gateway, currency and mostly its
 * day are for each of its orders */
static size_t pend_text(struct join_orders *p, const char *s, const size_t *at)
{
	if (!s)
		s = "";
	if (p->n && !strcmp(p->text.ptr + *at, s))
		return *at;
	return buf_add_str0(&p->text, s, strlen(s));
}

/* One more order to write. 0 or LL_ERROR. */
static int pend_order(struct join *j, const struct store_order *so)
{
	struct join_orders *p = j->pend;
	struct pend_order *o, *prev;

	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 64;
		struct pend_order *g = realloc(p->o, nc * sizeof(*g));

		if (!g)
			return ll_err_set(j->err, LL_ERROR, NULL, 0, "out of memory");
		p->o = g;
		p->cap = nc;
	}
	o = &p->o[p->n];
	prev = p->n ? o - 1 : o; /* read only when p->n */
	o->platform = pend_text(p, so->platform, &prev->platform);
	o->shop = pend_text(p, so->shop, &prev->shop);
	o->order_id = pend_text(p, so->order_id, &prev->order_id);
	o->format = pend_text(p, so->format, &prev->format);
	o->gateway = pend_text(p, so->gateway, &prev->gateway);
	o->day = pend_text(p, so->day, &prev->day);
	o->currency = pend_text(p, so->currency, &prev->currency);
	if (o->platform == (size_t)-1 || o->shop == (size_t)-1 || o->order_id == (size_t)-1 ||
	    o->format == (size_t)-1 || o->gateway == (size_t)-1 || o->day == (size_t)-1 ||
	    o->currency == (size_t)-1)
		return ll_err_set(j->err, LL_ERROR, NULL, 0, "out of memory");
	if (!p->n) {
		p->src = so->source_id;
		p->mixed = 0;
	} else if (so->source_id != p->src) {
		p->mixed = 1;
	}
	o->role = so->role;
	o->amount = so->amount_minor;
	o->source_id = so->source_id;
	o->settlement_id = so->settlement_id;
	p->n++;
	return p->n >= JOIN_PENDING_MAX ? flush_orders(j) : 0;
}

/* j->pend, made when first needed; NULL with j->err filled */
static struct join_orders *pend_get(struct join *j)
{
	struct join_orders *p = j->pend;

	if (p)
		return p;
	if (!(p = j->pend = calloc(1, sizeof(*p))) ||
	    !(p->out = malloc((JOIN_PENDING_MAX + 1) * sizeof(*p->out)))) {
		ll_err_set(j->err, LL_ERROR, NULL, 0, "out of memory");
		return NULL;
	}
	buf_init(&p->text, SIZE_MAX);
	return p;
}

/* The k orders of settlement sid (0: none) replace what the state file
 * holds of sid, as store_orders_put would. 0 or LL_ERROR. */
static int put_orders(struct join *j, int64_t sid, const struct store_order *so, size_t k)
{
	struct join_orders *p = pend_get(j);
	size_t i;

	if (!p)
		return LL_ERROR;
	if (!p->sid_known) {
		int64_t max;

		if (store_orders_max_settlement(j->st, &max, j->err))
			return LL_ERROR;
		if (max > p->sid_max)
			p->sid_max = max;
		p->sid_known = 1;
	}
	/* its rows so far, if it can have any, go first, in their turn */
	if (sid > 0 && sid <= p->sid_max &&
	    (flush_orders(j) || store_orders_drop_settlement(j->st, sid, j->err)))
		return LL_ERROR;
	for (i = 0; i < k; i++)
		if (pend_order(j, &so[i]))
			return LL_ERROR;
	if (sid > p->sid_max)
		p->sid_max = sid;
	return 0;
}

static int note_pair(struct join *j, const char *code, const char *other, long line)
{
	size_t i;

	for (i = 0; i < j->npairs; i++)
		if (!strcmp(j->pairs[i].code, code) && !strcmp(j->pairs[i].other, other)) {
			j->pairs[i].orders++;
			return 0;
		}
	if (j->npairs == j->cappairs) {
		size_t nc = j->cappairs ? j->cappairs * 2 : 4;
		struct join_pair *np = realloc(j->pairs, nc * sizeof(*np));

		if (!np)
			return ll_err_set(j->err, LL_ERROR, NULL, 0, "out of memory");
		j->pairs = np;
		j->cappairs = nc;
	}
	memset(&j->pairs[j->npairs], 0, sizeof(j->pairs[0]));
	snprintf(j->pairs[j->npairs].code, sizeof(j->pairs[0].code), "%s", code);
	snprintf(j->pairs[j->npairs].other, sizeof(j->pairs[0].other), "%s", other);
	j->pairs[j->npairs].orders = 1;
	j->pairs[j->npairs].line = line;
	j->npairs++;
	return 0;
}

int join_file_end(struct join *j, const char *path)
{
	size_t i;
	int rc = flush_orders(j);

	for (i = 0; i < j->npairs && rc == 0; i++) {
		const struct join_pair *p = &j->pairs[i];
		char msg[1400];

		if (!strcmp(p->code, "joined")) {
			snprintf(msg, sizeof(msg),
				 "%ld order(s) of these payouts are in the orders export %.500s: "
				 "one invoice each from there; their charges and refunds here "
				 "take the money out of the Shopify Payments clearing account "
				 "(Store payment), not sales again", p->orders, p->other);
			rc = j->reject(j->ctx, path, p->line, "note", "joined", msg);
		} else {
			snprintf(msg, sizeof(msg),
				 "%ld order(s) of this orders report are also in the transaction "
				 "report %.500s: imported once, from the transaction report (its "
				 "money wins); left out here", p->orders, p->other);
			rc = j->reject(j->ctx, path, p->line, "warning", "same-order", msg);
		}
	}
	j->npairs = 0;
	return rc;
}

void join_shop_name(const struct platform_settings *s, const char *path, char *out,
		    size_t outlen)
{
	char cwd[4096], dir[4096];
	const char *name, *slash;
	size_t n = 0, i;

	if (s && s->shop[0]) {
		name = s->shop;
	} else {
		slash = strrchr(path, '/');
		if (slash && slash > path) {
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
			/* "a/./b.csv", "a/b/" */
			while (strlen(dir) > 2 && !strcmp(dir + strlen(dir) - 2, "/."))
				dir[strlen(dir) - 2] = '\0';
			name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
			if (!strcmp(name, ".") && getcwd(cwd, sizeof(cwd)))
				name = strrchr(cwd, '/') ? strrchr(cwd, '/') + 1 : cwd;
		} else if (!slash && getcwd(cwd, sizeof(cwd))) {
			name = strrchr(cwd, '/') ? strrchr(cwd, '/') + 1 : cwd;
		} else {
			name = "";
		}
	}
	for (i = 0; name[i] && n + 1 < outlen && n < 24; i++) {
		char ch = name[i];

		out[n++] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				   (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'
			   ? ch : '-';
	}
	if (!n && outlen > 5)
		snprintf(out, outlen, "shop");
	else
		out[n] = '\0';
}

const char *join_shop_short(const char *shop, char *out, size_t outlen)
{
	static const char mys[] = ".myshopify.com";
	size_t n = strlen(shop), ls = sizeof(mys) - 1;

	if (n > ls && !strcasecmp(shop + n - ls, mys))
		n -= ls;
	if (n > JOIN_SHOP_SHORT)
		n = JOIN_SHOP_SHORT;
	if (n >= outlen)
		n = outlen ? outlen - 1 : 0;
	while (n && (shop[n - 1] == '-' || shop[n - 1] == '.' || shop[n - 1] == '_'))
		n--;
	if (outlen)
		snprintf(out, outlen, "%.*s", (int)n, shop);
	return out;
}

/* ---- the orders a deposit counts --------------------------------- */

/* the roles role_of gives, in strcmp order (the rows' order within an
 * order, which the ids of the orders table follow) */
static const char *const roles[] = { "channel", "payment", "payment-refund", "refund",
				     "sale" };
enum { ROLE_CHANNEL, ROLE_PAYMENT, ROLE_PAYMENT_REFUND, ROLE_REFUND, ROLE_SALE,
       ROLE_NONE };

/* an order's amounts of one role: key = order_id << 3 | role (ROLE_*),
 * which orders them as (order_id, strcmp of the role) */
struct ord {
	uint64_t key;
	int64_t amount;
	int64_t days;
};

/*
 * A gateway's payment of an order a store's export records: the one rule
 * the mapping applies (map_event_atype: "Store payment" / "Store refund",
 * a platform with PLATFORM_PAYS_OTHERS_SALES and "sales_recorded_by", a
 * Payment or Refund whose invoice number starts with "invoice_prefix";
 * docs/woocommerce-paypal.md), so what the orders table counts as a sale
 * is what the documents book as one.
 */
static int paid_for_shop(const struct platform_map *pm, const struct deposit *d,
			 const struct event *e)
{
	const char *at;

	if (!pm)
		return 0;
	at = map_event_atype(pm, d, e);
	return !strcmp(at, "Store payment") || !strcmp(at, "Store refund");
}

/* pm: the deposit's platform's mapping when it pays others' sales (NULL
 * otherwise: no event of it is a store payment by the mapping); ROLE_*,
 * ROLE_NONE for an event that counts no order */
static int role_of(const struct platform_map *pm, const struct deposit *d,
		   const struct event *e)
{
	int store;

	if (d->leave[0])
		return !strcmp(d->leave, "marketplace-channel") ? ROLE_CHANNEL : ROLE_NONE;
	if (e->kind != EV_SALE && e->kind != EV_TAX && e->kind != EV_PROMOTION &&
	    e->kind != EV_REFUND)
		return ROLE_NONE;
	store = (e->flags & EVF_STORE) != 0 || paid_for_shop(pm, d, e);
	if (e->kind == EV_REFUND)
		return store ? ROLE_PAYMENT_REFUND : ROLE_REFUND;
	return store ? ROLE_PAYMENT : ROLE_SALE;
}

/* o[0..n) by key, tmp as large: a merge sort that merges no two halves
 * already in order, so a deposit's events, mostly in the order their
 * order ids were first met, cost about one pass (the merge below makes
 * any order of equal keys the same) */
static void sort_ords(struct ord *o, struct ord *tmp, size_t n)
{
	size_t i, k, h, a, b;

	if (n <= 16) {
		for (i = 1; i < n; i++) {
			struct ord x = o[i];

			for (k = i; k > 0 && o[k - 1].key > x.key; k--)
				o[k] = o[k - 1];
			o[k] = x;
		}
		return;
	}
	h = n / 2;
	sort_ords(o, tmp, h);
	sort_ords(o + h, tmp, n - h);
	if (o[h - 1].key <= o[h].key)
		return;
	memcpy(tmp, o, h * sizeof(*o));
	for (a = 0, b = h, k = 0; a < h && b < n;)
		o[k++] = o[b].key < tmp[a].key ? o[b++] : tmp[a++];
	while (a < h)
		o[k++] = tmp[a++];
}

int join_index(struct join *j, const struct deposit *d, int64_t source_id, int64_t sid,
	       const char *format)
{
	const struct platform_map *pm = mappings_for(j->m, d->platform);
	struct join_orders *p = pend_get(j);
	struct store_order *so;
	struct ord *o;
	size_t i, n = 0, k = 0;

	if (!p)
		return LL_ERROR;
	if (pm && !(pm->def->caps & PLATFORM_PAYS_OTHERS_SALES))
		pm = NULL;
	if (2 * d->nev > p->cap_ords) { /* and sort_ords' tmp */
		free(p->ords);
		p->cap_ords = 0;
		if (!(p->ords = malloc(2 * d->nev * sizeof(*p->ords))))
			return ll_err_set(j->err, LL_ERROR, d->path, 0, "out of memory");
		p->cap_ords = 2 * d->nev;
	}
	o = p->ords;
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];
		int role = role_of(pm, d, e);

		if (!e->order_id || role == ROLE_NONE || !deposit_str(d, e->order_id)[0])
			continue;
		o[n].key = (uint64_t)e->order_id << 3 | (uint64_t)role;
		o[n].amount = e->amount;
		o[n].days = e->posted_days;
		n++;
	}
	sort_ords(o, o + n, n);
	/* merge by (order, role) */
	for (i = 0; i < n; i++) {
		if (k && o[k - 1].key == o[i].key) {
			o[k - 1].amount += o[i].amount;
			if (o[i].days && (!o[k - 1].days || o[i].days < o[k - 1].days))
				o[k - 1].days = o[i].days;
			continue;
		}
		o[k++] = o[i];
	}
	if (k > p->cap_rows) {
		free(p->rows);
		free(p->days);
		p->cap_rows = 0;
		p->rows = malloc(k * sizeof(*p->rows));
		p->days = malloc(k * sizeof(*p->days));
		if (!p->rows || !p->days)
			return ll_err_set(j->err, LL_ERROR, d->path, 0, "out of memory");
		p->cap_rows = k;
	}
	so = p->rows;
	for (i = 0; i < k; i++) {
		if (!o[i].days) {
			so[i].day = d->deposit_date;
		} else if (i && o[i].days == o[i - 1].days) {
			so[i].day = so[i - 1].day; /* the same day's text */
		} else {
			date_days_ymd(o[i].days, p->days[i]);
			so[i].day = p->days[i];
		}
		so[i].platform = d->platform;
		so[i].shop = d->shop;
		so[i].order_id = deposit_str(d, (uint32_t)(o[i].key >> 3));
		so[i].role = roles[o[i].key & 7];
		so[i].format = format;
		so[i].gateway = d->gateway;
		so[i].currency = d->currency;
		so[i].amount_minor = o[i].amount;
		so[i].source_id = source_id;
		so[i].settlement_id = sid;
	}
	return put_orders(j, sid, so, k);
}

/* ---- Shopify ------------------------------------------------------- */

/* A Shopify Payments transactions export's payout: the charges and
 * refunds of orders the orders export records are store payments. */
static int join_shopify_tx(struct join *j, struct deposit *d, int64_t source_id)
{
	uint32_t last = 0, *seen = NULL;
	size_t i, k, nseen = 0;
	int known = 0, rc = 0;
	char path[1024];

	if (d->nev && !(seen = malloc(d->nev * sizeof(*seen))))
		return ll_err_set(j->err, LL_ERROR, d->path, 0, "out of memory");
	for (i = 0; i < d->nev && rc == 0; i++) {
		struct event *e = &d->ev[i];

		if (!e->order_id || (e->kind != EV_SALE && e->kind != EV_REFUND) ||
		    strcmp(deposit_str(d, e->atype), "ItemPrice") != 0)
			continue;
		if (e->order_id != last) {
			last = e->order_id;
			if (flush_for_lookup(j, source_id)) {
				rc = LL_ERROR;
				break;
			}
			known = store_orders_has(j->st, d->platform, d->shop,
						 deposit_str(d, e->order_id), "sale",
						 "shopify-orders", source_id, path, sizeof(path),
						 j->err);
			if (known < 0) {
				rc = LL_ERROR;
				break;
			}
			for (k = 0; k < nseen && seen[k] != e->order_id; k++)
				;
			if (known && k == nseen) { /* each order counted once */
				seen[nseen++] = e->order_id;
				rc = note_pair(j, "joined", path, (long)d->header_line);
			}
		}
		if (known)
			e->flags |= EVF_STORE;
	}
	free(seen);
	return rc;
}

/* A payouts export's payout (no orders): its Charges and Refunds are store
 * payments when the shop's orders export covers the two weeks before it. */
static int join_shopify_payouts(struct join *j, struct deposit *d)
{
	char first[11], last[11];
	int64_t f, l, p;
	size_t i;
	int rc = flush_for_lookup(j, -1) ? LL_ERROR
		 : store_orders_paid_span(j->st, d->platform, d->shop, "shopify-orders", first,
					  last, j->err);

	if (rc <= 0)
		return rc;
	if (date_parse_ymd(&f, first) || date_parse_ymd(&l, last) ||
	    date_parse_ymd(&p, d->deposit_date) || f > p - 14 || l < p)
		return 0;
	for (i = 0; i < d->nev; i++) {
		struct event *e = &d->ev[i];
		const char *desc = deposit_str(d, e->adesc);

		if (!strcmp(deposit_str(d, e->atype), "ItemPrice") &&
		    (!strcmp(desc, "Charge") || !strcmp(desc, "Refund")))
			e->flags |= EVF_STORE;
	}
	return 0;
}

/*
 * A cumulative deposit (a Shopify order's refunded amount so far): when
 * other sources imported the same id (and its differences "<id>-N"), this
 * copy adds what it holds more as "<id>-<N+1>"; one that holds no more is
 * a duplicate. JOIN_PLAN, JOIN_LEAVE, LL_ERROR.
 */
static int join_cumulative(struct join *j, struct deposit *d, int64_t source_id,
			   const char **reason)
{
	int64_t sum = 0, more;
	long count = 0;
	char path[1024] = "", a[48], b[48], msg[1400];
	size_t i;

	if (store_settlement_family(j->st, d->platform, d->id, source_id, &sum, &count, path,
				    sizeof(path), j->err))
		return LL_ERROR;
	if (!count)
		return JOIN_PLAN;
	more = d->total - sum; /* refunds are negative: more refunded is below 0 */
	if (more >= 0 || d->nev != 1) {
		snprintf(msg, sizeof(msg),
			 "%s %s (%s) is already imported from %.600s (%s in all); not imported "
			 "again", deposit_noun(d), d->id,
			 money_format(a, sizeof(a), d->total, d->exponent), path,
			 money_format(b, sizeof(b), sum, d->exponent));
		*reason = "duplicate";
		if (j->reject(j->ctx, d->path, d->header_line, "warning", "duplicate", msg))
			return LL_ERROR;
		return JOIN_LEAVE;
	}
	if (strlen(d->id) > sizeof(d->id) - 12)
		d->id[sizeof(d->id) - 12] = '\0';
	i = strlen(d->id);
	snprintf(d->id + i, sizeof(d->id) - i, "-%ld", count + 1);
	if (d->shown_id[0]) {
		if (strlen(d->shown_id) > sizeof(d->shown_id) - 12)
			d->shown_id[sizeof(d->shown_id) - 12] = '\0';
		i = strlen(d->shown_id);
		snprintf(d->shown_id + i, sizeof(d->shown_id) - i, "-%ld", count + 1);
	}
	d->ev[0].amount = more;
	d->total = more;
	{
		char c[48];

		snprintf(msg, sizeof(msg),
			 "%s: %s refunded in all now, %s of it imported before from %.600s: "
			 "the difference %s is imported as %s", deposit_noun(d),
			 money_format(a, sizeof(a), sum + more, d->exponent),
			 money_format(b, sizeof(b), sum, d->exponent), path,
			 money_format(c, sizeof(c), more, d->exponent), d->id);
	}
	if (j->reject(j->ctx, d->path, d->header_line, "note", "new-refund", msg))
		return LL_ERROR;
	return JOIN_PLAN;
}

/* ---- eBay ---------------------------------------------------------- */

/* An orders report's day: the orders a transaction report holds are taken
 * out (left out as in another export). JOIN_PLAN, JOIN_LEAVE, LL_ERROR. */
static int join_ebay_orders(struct join *j, struct deposit *d, int64_t source_id,
			    const char **reason)
{
	size_t i, k, kept = 0;
	uint32_t last = 0;
	int out = 0;
	int64_t gone = 0, total = 0;
	long rows = 0;
	char path[1024];
	uint8_t *drop;

	if (!d->nev)
		return JOIN_PLAN;
	drop = calloc(d->nev, 1);
	if (!drop)
		return ll_err_set(j->err, LL_ERROR, d->path, 0, "out of memory");
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];

		if (!e->order_id)
			continue;
		if (e->order_id != last) {
			last = e->order_id;
			if (flush_for_lookup(j, source_id)) {
				free(drop);
				return LL_ERROR;
			}
			out = store_orders_has(j->st, d->platform, "", deposit_str(d, e->order_id),
					       "sale,refund", "ebay-transaction-report", source_id, path,
					       sizeof(path), j->err);
			if (out < 0) {
				free(drop);
				return LL_ERROR;
			}
			if (out && note_pair(j, "in-another-export", path, (long)e->line)) {
				free(drop);
				return LL_ERROR;
			}
		}
		drop[i] = (uint8_t)out;
	}
	for (i = 0; i < d->nev; i++)
		if (drop[i])
			gone += d->ev[i].amount;
	/* count each dropped line once (lines shared with kept events stay) */
	rows = 0;
	for (i = 0; i < d->nev; i++) {
		int first = 1, shared = 0;

		if (!drop[i])
			continue;
		for (k = 0; k < d->nev; k++) {
			if (d->ev[k].line != d->ev[i].line)
				continue;
			if (!drop[k])
				shared = 1;
			else if (k < i)
				first = 0;
		}
		if (first && !shared)
			rows++;
	}
	for (i = 0; i < d->nev; i++)
		if (!drop[i]) {
			d->ev[kept++] = d->ev[i];
			total += d->ev[i].amount;
		}
	free(drop);
	if (kept == d->nev)
		return JOIN_PLAN;
	d->nev = kept;
	d->total = total; /* a day summary's total is what its rows add up to */
	if (rows > d->rows)
		rows = d->rows;
	d->rows -= rows;
	if (j->fate(j->ctx, d->currency, FATE_LEFT, "in-another-export", rows, gone))
		return LL_ERROR;
	if (kept == 0) {
		*reason = "in-another-export";
		return JOIN_LEAVE;
	}
	return JOIN_PLAN;
}

/* ---- the deposit ---------------------------------------------------- */

int join_before(struct join *j, struct deposit *d, int64_t source_id, const char *format,
		const char **reason)
{
	const struct platform_map *pm = mappings_for(j->m, d->platform);
	const struct platform_settings *s = pm ? &pm->s : NULL;
	int rc;

	*reason = NULL;
	if (platform_has(d->platform, PLATFORM_SHOPS)) {
		char base[sizeof(d->id)], shop[16];
		size_t n;

		join_shop_name(s, d->path ? d->path : "", d->shop, sizeof(d->shop));
		snprintf(base, sizeof(base), "%s", d->id);
		n = strlen(d->shop);
		memcpy(d->id, d->shop, n); /* shop: at most 24 bytes */
		d->id[n++] = ':';
		snprintf(d->id + n, sizeof(d->id) - n, "%.*s", (int)(sizeof(d->id) - n - 1), base);
		/* Xero's numbers: the shop only when the settings name it */
		if (s && s->shop[0] && join_shop_short(d->shop, shop, sizeof(shop))[0])
			snprintf(d->shown_id, sizeof(d->shown_id), "%s %.*s", shop,
				 (int)(sizeof(d->shown_id) - sizeof(shop) - 2), base);
		else
			snprintf(d->shown_id, sizeof(d->shown_id), "%s", base);
	}
	if (d->leave[0]) {
		if (!strcmp(d->leave, "unpaid") && s && s->unpaid_invoices) {
			d->leave[0] = '\0';
			d->unpaid = 1; /* unpaid invoices: accounts receivable */
		} else {
			*reason = !strcmp(d->leave, "unpaid") ? "unpaid" : d->leave;
			return JOIN_LEAVE;
		}
	}
	if (!strcmp(d->platform, "shopify") && !d->day_summary) {
		rc = !strcmp(format, "shopify-payouts") ? join_shopify_payouts(j, d)
							 : join_shopify_tx(j, d, source_id);
		if (rc)
			return LL_ERROR;
	}
	if (d->cumulative) {
		rc = join_cumulative(j, d, source_id, reason);
		if (rc)
			return rc;
	}
	if (!strcmp(d->platform, "ebay") && d->day_summary && !strcmp(format, "ebay-orders-report"))
		return join_ebay_orders(j, d, source_id, reason);
	return JOIN_PLAN;
}
