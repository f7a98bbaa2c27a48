/*
 * orders.c - the orders table (orders.h): writing the orders a deposit
 * counts, and the lookups the joins across exports make. In front of the
 * lookups, what is known without asking SQLite (struct store_orders_cache,
 * below): a Bloom filter of the orders rows, which answers "no other
 * export holds this order" with a hash, and which kinds of rows
 * store_orders_stale's join needs may be present.
 */
#include "store/orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/bloom.h"

void store_order_key(const char *order_id, char *out, size_t outlen)
{
	size_t n = strlen(order_id), e, b;

	for (e = n; e > 0; e--)
		if ((order_id[e - 1] >= '0' && order_id[e - 1] <= '9'))
			break;
	for (b = e; b > 0; b--) {
		char ch = order_id[b - 1];

		if (!((ch >= '0' && ch <= '9') || ch == '-'))
			break;
	}
	while (b < e && order_id[b] == '-')
		b++;
	if (b == e) { /* no digits: the whole id */
		b = 0;
		e = n;
	}
	if (!outlen)
		return;
	if (e - b > outlen - 1)
		e = b + outlen - 1;
	memcpy(out, order_id + b, e - b);
	out[e - b] = '\0';
}

/*
 * What is known of the orders table without asking SQLite, kept while the
 * state file is open (st->orders). Every row this connection writes goes
 * through add_rows, which adds it here; nothing else writes orders rows
 * (the schema of state.c creates the table). A row deleted or rolled back
 * stays in: both answers below only ever say "may be present" too often,
 * never "absent" for a present row, and a "may be" is asked of SQLite.
 *
 * The filter: (platform, shop, format, order_id) of every row, in layers
 * of 16 bits a row (4 set), each twice the size of the one before. It is
 * valid from the start when the table is empty (a first plan), else built
 * by one scan of the table: at once for a small table, for a large one
 * (a re-plan of years of orders) once SQLite has answered as many lookups
 * as a scan costs, so a re-plan with a few lookups does not read it all.
 * The rows written meanwhile are in the table when it is scanned; from
 * then on add_rows adds them. join.c's queued rows (written 16 to a
 * statement) are written before a lookup they could answer
 * (flush_for_lookup), so a lookup only ever needs the table's rows.
 *
 * The kinds: whether rows of each side of store_orders_stale's joins may
 * be present (a Shopify Payments transactions export's sales and refunds,
 * an orders export's sales, the two eBay reports'), known when the table
 * was empty or scanned, or from one query, then kept as rows are written.
 */
#define ORDF_SMALL 4096 /* a table of at most this many rows is scanned at once */
#define ORDF_ASK_ROWS 10 /* a lookup SQLite answers costs what reading ~10 rows does */

enum { ORDF_ASKING, ORDF_VALID, ORDF_BROKEN };

enum {
	KIND_SHOPIFY_TX = 1,  /* shopify, shopify-payments-transactions, sale/refund */
	KIND_SHOPIFY_ORD = 2, /* shopify, shopify-orders, sale */
	KIND_EBAY_ORD = 4,    /* ebay, ebay-orders-report, sale/refund */
	KIND_EBAY_TX = 8      /* ebay, ebay-transaction-report, sale/refund */
};

struct store_orders_cache {
	int filter;        /* ORDF_*: VALID when the layers hold every row */
	int64_t existing;  /* ASKING: the largest id when first asked */
	int64_t asks;      /* ASKING: lookups SQLite answered */
	struct bloom rows; /* the filter (bloom.h) */
	int kinds_known;   /* kinds holds every kind present (and maybe more) */
	unsigned kinds;    /* KIND_* */
};

void store_orders_cache_free(struct state *st)
{
	if (!st->orders)
		return;
	bloom_free(&st->orders->rows);
	free(st->orders);
	st->orders = NULL;
}

/* the KIND_* a row of platform and format is of as a sale (*sale) and as
 * a refund (*refund), 0 when none */
static void kinds_of(const char *platform, const char *format, unsigned *sale,
		     unsigned *refund)
{
	*sale = *refund = 0;
	if (!platform || !format)
		return;
	if (!strcmp(platform, "shopify")) {
		if (!strcmp(format, "shopify-payments-transactions"))
			*sale = *refund = KIND_SHOPIFY_TX;
		else if (!strcmp(format, "shopify-orders"))
			*sale = KIND_SHOPIFY_ORD;
	} else if (!strcmp(platform, "ebay")) {
		if (!strcmp(format, "ebay-orders-report"))
			*sale = *refund = KIND_EBAY_ORD;
		else if (!strcmp(format, "ebay-transaction-report"))
			*sale = *refund = KIND_EBAY_TX;
	}
}

/* the KIND_* of a row of role, given kinds_of's */
static unsigned kind_of(unsigned sale, unsigned refund, const char *role)
{
	if (!role || !(sale | refund))
		return 0;
	return !strcmp(role, "sale") ? sale : !strcmp(role, "refund") ? refund : 0;
}

/* FNV-1a of s (NULL as "") and the 0 byte that ends it, from h */
static uint64_t fnv(uint64_t h, const char *s)
{
	if (s)
		for (; *s; s++)
			h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h * 0x100000001b3ULL;
}

/* the hash state of a row's (platform, shop, format), what the rows of a
 * statement share */
static uint64_t ordf_prefix(const char *platform, const char *shop, const char *format)
{
	return fnv(fnv(fnv(0xcbf29ce484222325ULL, platform), shop), format);
}

/* two 64-bit hashes of a row, from its prefix and its order_id (then a
 * finalizer); the second odd */
static void ordf_hash(uint64_t prefix, const char *order_id, uint64_t *h1, uint64_t *h2)
{
	bloom_split(fnv(prefix, order_id), h1, h2);
}

/* a row into the filter: 0, or LL_ERROR (out of memory: the filter is
 * broken, SQLite answers from then on) */
static int ordf_add(struct store_orders_cache *c, uint64_t h1, uint64_t h2)
{
	if (bloom_add(&c->rows, h1, h2) == 0)
		return 0;
	c->filter = ORDF_BROKEN;
	return LL_ERROR;
}

/* 1 when a row (platform, shop, format, order_id) may be in the filter,
 * 0 when none is */
static int ordf_maybe(const struct store_orders_cache *c, const char *platform,
		      const char *shop, const char *format, const char *order_id)
{
	uint64_t h1, h2;

	ordf_hash(ordf_prefix(platform, shop, format), order_id, &h1, &h2);
	return bloom_maybe(&c->rows, h1, h2);
}

/* Every row of orders into the filter and its kinds (one scan). 0, or
 * LL_ERROR (err filled: SQLite failed). Out of memory leaves the filter
 * broken, not an error. */
static int ordf_scan(struct state *st, struct store_orders_cache *c, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	unsigned kinds = 0;
	int step;

	if (state_prepare(st, &s, "SELECT platform, shop, format, order_id, role FROM orders",
			  err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *platform = state_col_text(s, 0), *format = state_col_text(s, 2);
		unsigned sale, refund;
		uint64_t h1, h2;

		kinds_of(platform, format, &sale, &refund);
		kinds |= kind_of(sale, refund, state_col_text(s, 4));
		ordf_hash(ordf_prefix(platform, state_col_text(s, 1), format),
			  state_col_text(s, 3), &h1, &h2);
		if (ordf_add(c, h1, h2))
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		sqlite3_finalize(s);
		return state_fail(st, err);
	}
	sqlite3_finalize(s);
	if (c->filter == ORDF_BROKEN)
		return 0;
	c->filter = ORDF_VALID;
	c->kinds |= kinds; /* with what was known (a superset) */
	c->kinds_known = 1;
	return 0;
}

/* st->orders, made when first needed: valid when the table is empty,
 * else asking (scanned at once when small). NULL with err filled. */
static struct store_orders_cache *ordf_cache(struct state *st, struct ll_err *err)
{
	struct store_orders_cache *c;
	sqlite3_stmt *s = NULL;
	int step, any;

	if (st->orders)
		return st->orders;
	if (!(c = calloc(1, sizeof(*c)))) {
		ll_err_set(err, LL_ERROR, st->path, 0, "out of memory");
		return NULL;
	}
	if (state_prepare(st, &s, "SELECT (SELECT coalesce(max(id), 0) FROM orders),"
			  " EXISTS (SELECT 1 FROM orders)", err)) {
		free(c);
		return NULL;
	}
	step = sqlite3_step(s);
	c->existing = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	any = step == SQLITE_ROW ? sqlite3_column_int(s, 1) : 1;
	sqlite3_finalize(s);
	if (step != SQLITE_ROW) {
		state_fail(st, err);
		free(c);
		return NULL;
	}
	st->orders = c;
	if (!any) {
		c->filter = ORDF_VALID; /* no layers: holds no row */
		c->kinds_known = 1;
	} else {
		c->filter = ORDF_ASKING;
		if (c->existing <= ORDF_SMALL && ordf_scan(st, c, err))
			return NULL;
	}
	return c;
}

/* Whether the filter may answer a lookup: 1 when it holds every row
 * (scanned here once SQLite answered as often as a scan costs), 0 when
 * SQLite must, LL_ERROR. */
static int ordf_ready(struct state *st, struct store_orders_cache *c, struct ll_err *err)
{
	if (c->filter == ORDF_VALID)
		return 1;
	if (c->filter == ORDF_BROKEN || c->asks++ * ORDF_ASK_ROWS < c->existing)
		return 0;
	if (ordf_scan(st, c, err))
		return LL_ERROR;
	return c->filter == ORDF_VALID;
}

/* Rows o[0..n), as add_rows writes them, into what is known: rows that
 * share platform, shop and format (same_run), of one statement. */
static void ordf_note(struct state *st, const struct store_order *o, size_t n)
{
	struct store_orders_cache *c = st->orders;
	uint64_t prefix = ordf_prefix(o[0].platform, o[0].shop ? o[0].shop : "", o[0].format);
	unsigned sale, refund;
	size_t i;

	kinds_of(o[0].platform, o[0].format, &sale, &refund);
	for (i = 0; i < n; i++) {
		uint64_t h1, h2;

		if (c->kinds_known)
			c->kinds |= kind_of(sale, refund, o[i].role);
		if (c->filter == ORDF_VALID) {
			ordf_hash(prefix, o[i].order_id, &h1, &h2);
			ordf_add(c, h1, h2);
		}
	}
}

/*
 * Rows go in statements of 64, 16, 4 and 1 rows (each cached by its
 * text), not one statement each. What runs of rows share is bound once a
 * statement: platform, shop, format and source (a file's) as ?1..?4, each
 * row binding its own eight; or, when the statement's rows also share
 * gateway, settlement and currency (a deposit's: an Amazon settlement's
 * rows), those seven as ?1..?7, each row binding its own five; only when
 * that takes no more statements. OR FAIL: with ABORT (NOT NULL's default)
 * SQLite keeps a statement journal of every page a statement of several
 * rows changes, in case it stops half-way, and spills it to a temporary
 * file past 64 KiB (95,000 writes for Amazon's 200k rows); a failure here
 * fails the transaction anyway.
 */
#define ORDER_COLS "(platform, shop, format, source_id, gateway, settlement_id, currency," \
	" order_id, order_key, role, day, amount_minor)"
#define ROW1 "(?1,?2,?3,?4,?,?,?,?,?,?,?,?)"
#define ROW4 ROW1 "," ROW1 "," ROW1 "," ROW1
#define ROW16 ROW4 "," ROW4 "," ROW4 "," ROW4
#define ROW64 ROW16 "," ROW16 "," ROW16 "," ROW16
#define DROW1 "(?1,?2,?3,?4,?5,?6,?7,?,?,?,?,?)"
#define DROW4 DROW1 "," DROW1 "," DROW1 "," DROW1
#define DROW16 DROW4 "," DROW4 "," DROW4 "," DROW4
#define DROW64 DROW16 "," DROW16 "," DROW16 "," DROW16
#define INSERT_ORDERS "INSERT OR FAIL INTO orders" ORDER_COLS " VALUES"

/* by width (1, 4, 16, 64 rows): sharing ?1..?4, then ?1..?7 */
static const char *const insert_sql[2][4] = {
	{ INSERT_ORDERS ROW1, INSERT_ORDERS ROW4, INSERT_ORDERS ROW16, INSERT_ORDERS ROW64 },
	{ INSERT_ORDERS DROW1, INSERT_ORDERS DROW4, INSERT_ORDERS DROW16, INSERT_ORDERS DROW64 },
};
static const size_t insert_rows[4] = { 1, 4, 16, 64 };

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* 1 when b shares ?1..?4 with a */
static int same_run(const struct store_order *a, const struct store_order *b)
{
	return a->source_id == b->source_id && same_text(a->platform, b->platform) &&
	       same_text(a->shop ? a->shop : "", b->shop ? b->shop : "") &&
	       same_text(a->format, b->format);
}

/* 1 when b shares ?1..?7 with a (sid: the settlement of both, or NULL) */
static int same_deposit(const struct store_order *a, const struct store_order *b,
			const int64_t *sid)
{
	return same_run(a, b) && (sid || a->settlement_id == b->settlement_id) &&
	       same_text(a->gateway ? a->gateway : "", b->gateway ? b->gateway : "") &&
	       same_text(a->currency, b->currency);
}

/* the widest statement for a run of rows: an index of insert_rows */
static int width(size_t run)
{
	return run >= 64 ? 3 : run >= 16 ? 2 : run >= 4 ? 1 : 0;
}

/* the rows o[0..n), of settlement *sid when not NULL (else each its own) */
static int add_rows(struct state *st, const struct store_order *o, size_t n,
		    const int64_t *sid, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t i = 0;

	if (!n)
		return 0;
	if (!ordf_cache(st, err))
		return LL_ERROR;
	while (i < n) {
		char key[64][80]; /* bound as they are: alive until the step */
		size_t run = 1, k;
		int w, wdep, dep, shared;

		while (run < 64 && i + run < n && same_deposit(&o[i], &o[i + run], sid))
			run++;
		wdep = width(run); /* the rows of one deposit */
		while (run < 64 && i + run < n && same_run(&o[i], &o[i + run]))
			run++;
		w = width(run);
		/* sharing seven only when it takes no more statements */
		dep = w > 0 && wdep == w;
		shared = dep ? 7 : 4;
		ordf_note(st, &o[i], insert_rows[w]);
		if (state_stmt(st, &s, insert_sql[dep][w], err))
			return LL_ERROR;
		state_bind_text(s, 1, o[i].platform);
		state_bind_text(s, 2, o[i].shop ? o[i].shop : "");
		state_bind_text(s, 3, o[i].format);
		sqlite3_bind_int64(s, 4, o[i].source_id);
		for (k = 0; k < insert_rows[w]; k++, i++) {
			int b = shared + (int)k * (12 - shared);

			if (k == 0 || !dep) {
				int g = dep ? 4 : b;

				state_bind_text(s, g + 1, o[i].gateway ? o[i].gateway : "");
				sqlite3_bind_int64(s, g + 2, sid ? *sid : o[i].settlement_id);
				state_bind_text(s, g + 3, o[i].currency);
			}
			if (!dep)
				b += 3;
			store_order_key(o[i].order_id, key[k], sizeof(key[k]));
			state_bind_text(s, b + 1, o[i].order_id);
			state_bind_text(s, b + 2, key[k]);
			state_bind_text(s, b + 3, o[i].role);
			state_bind_text(s, b + 4, o[i].day);
			sqlite3_bind_int64(s, b + 5, o[i].amount_minor);
		}
		if (state_step_done(st, s, err))
			return LL_ERROR;
	}
	return 0;
}

int store_orders_add(struct state *st, const struct store_order *o, size_t n,
		     struct ll_err *err)
{
	return add_rows(st, o, n, NULL, err);
}

int store_orders_drop_settlement(struct state *st, int64_t settlement_id,
				 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "DELETE FROM orders WHERE settlement_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, settlement_id);
	return state_step_done(st, s, err);
}

int store_orders_max_settlement(struct state *st, int64_t *max, struct ll_err *err)
{
	return state_query_int64(st, "SELECT coalesce(max(settlement_id), 0) FROM orders", max,
				 err);
}

int store_orders_put(struct state *st, int64_t settlement_id, const struct store_order *o,
		     size_t n, struct ll_err *err)
{
	if (settlement_id > 0 && store_orders_drop_settlement(st, settlement_id, err))
		return LL_ERROR;
	return add_rows(st, o, n, &settlement_id, err);
}

int store_orders_clear_source(struct state *st, int64_t source_id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "DELETE FROM orders WHERE source_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	return state_step_done(st, s, err);
}

int store_orders_has(struct state *st, const char *platform, const char *shop,
		     const char *order_id, const char *roles, const char *format,
		     int64_t exclude_source, char *path, size_t pathlen, struct ll_err *err)
{
	struct store_orders_cache *c = ordf_cache(st, err);
	sqlite3_stmt *s = NULL;
	int step, found = 0, ready;
	char key[80];

	if (!c || (ready = ordf_ready(st, c, err)) < 0)
		return LL_ERROR;
	if (ready && !ordf_maybe(c, platform, shop ? shop : "", format, order_id))
		return 0; /* no row of that order in that format: no other source's */

	/* the first path in order, a missing source ('') first: min() over
	 * the matches, not ORDER BY ... LIMIT 1, which builds a temporary
	 * b-tree on every call (a third of a Shopify payments plan); found
	 * by (order_key, platform), the one index of orders' text; the path
	 * a subquery of the rows found, so a miss opens no sources cursor */
	if (state_stmt(st, &s,
		       "SELECT count(*), min(coalesce((SELECT path FROM sources"
		       " WHERE id = o.source_id), '')) FROM orders o"
		       " WHERE o.order_key=?7 AND o.platform=?2 AND o.order_id=?1 AND o.shop=?3"
		       " AND o.format=?4 AND o.source_id<>?5"
		       " AND instr(',' || ?6 || ',', ',' || o.role || ',') > 0",
		       err))
		return LL_ERROR;
	store_order_key(order_id, key, sizeof(key));
	state_bind_text(s, 7, key);
	state_bind_text(s, 1, order_id);
	state_bind_text(s, 2, platform);
	state_bind_text(s, 3, shop ? shop : "");
	state_bind_text(s, 4, format);
	sqlite3_bind_int64(s, 5, exclude_source);
	state_bind_text(s, 6, roles);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		found = sqlite3_column_int64(s, 0) > 0;
		if (found && path)
			state_col_copy(s, 1, path, pathlen);
	} else {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? found : LL_ERROR;
}

/* the gateways whose money Shopify pays out (shopify_common.c's list) */
#define PAID_BY_SHOPIFY \
	"(lower(o.gateway) LIKE '%shopify payments%' OR lower(o.gateway) LIKE" \
	" '%shopify_payments%' OR lower(o.gateway) LIKE '%shop pay%' OR" \
	" lower(o.gateway) LIKE '%shop_pay%')"

int store_orders_paid_span(struct state *st, const char *platform, const char *shop,
			   const char *format, char first[11], char last[11],
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, found = 0;

	if (state_stmt(st, &s,
		       "SELECT min(o.day), max(o.day) FROM orders o WHERE o.platform=?1"
		       " AND o.shop=?2 AND o.format=?3 AND o.role='sale' AND " PAID_BY_SHOPIFY,
		       err))
		return LL_ERROR;
	state_bind_text(s, 1, platform);
	state_bind_text(s, 2, shop ? shop : "");
	state_bind_text(s, 3, format);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		state_col_copy(s, 0, first, 11);
		state_col_copy(s, 1, last, 11);
		found = 1;
	} else if (step != SQLITE_ROW) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? found : LL_ERROR;
}

/* Whether the table may hold both sides of one of store_orders_stale's
 * joins: 1, 0 (it does not), LL_ERROR. */
static int stale_kinds(struct state *st, struct ll_err *err)
{
	struct store_orders_cache *c = ordf_cache(st, err);
	sqlite3_stmt *s = NULL;
	int step;

	if (!c)
		return LL_ERROR;
	if (!c->kinds_known) {
		if (state_prepare(st, &s,
				  "SELECT EXISTS (SELECT 1 FROM orders WHERE platform='shopify'"
				  " AND format='shopify-payments-transactions'"
				  " AND role IN ('sale','refund')),"
				  " EXISTS (SELECT 1 FROM orders WHERE platform='shopify'"
				  " AND format='shopify-orders' AND role='sale'),"
				  " EXISTS (SELECT 1 FROM orders WHERE platform='ebay'"
				  " AND format='ebay-orders-report' AND role IN ('sale','refund')),"
				  " EXISTS (SELECT 1 FROM orders WHERE platform='ebay'"
				  " AND format='ebay-transaction-report' AND role IN ('sale','refund'))",
				  err))
			return LL_ERROR;
		step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			c->kinds |= (sqlite3_column_int(s, 0) ? KIND_SHOPIFY_TX : 0) |
				    (sqlite3_column_int(s, 1) ? KIND_SHOPIFY_ORD : 0) |
				    (sqlite3_column_int(s, 2) ? KIND_EBAY_ORD : 0) |
				    (sqlite3_column_int(s, 3) ? KIND_EBAY_TX : 0);
			c->kinds_known = 1;
		}
		sqlite3_finalize(s);
		if (step != SQLITE_ROW)
			return state_fail(st, err);
	}
	return ((c->kinds & KIND_SHOPIFY_TX) && (c->kinds & KIND_SHOPIFY_ORD)) ||
	       ((c->kinds & KIND_EBAY_ORD) && (c->kinds & KIND_EBAY_TX));
}

int store_orders_stale(struct state *st, int (*fn)(void *ctx, const char *path), void *ctx,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step, found = 0;

	/* nothing written to orders or sources since it named none (stamp.h) */
	if (st->stamp.stale_none)
		return 0;
	/* the rows the query below starts from and the rows it looks for,
	 * if any of both: known (the kinds of st->orders) or a cheap scan
	 * rules out a join that cannot give a row, so a re-plan does not
	 * join every order with every other */
	if ((rc = stale_kinds(st, err)) == 0)
		stamp_stale_none(st);
	if (rc <= 0)
		return rc;
	rc = 0;
	if (state_prepare(st, &s,
			  "SELECT DISTINCT src.path FROM orders p"
			  " JOIN sources src ON src.id = p.source_id"
			  " WHERE ((p.platform='shopify' AND p.format='shopify-payments-transactions'"
			  "   AND p.role IN ('sale','refund') AND EXISTS (SELECT 1 FROM orders o"
			  "   WHERE o.order_key=p.order_key AND o.platform=p.platform"
			  "   AND o.order_id=p.order_id AND o.shop=p.shop"
			  "   AND o.format='shopify-orders' AND o.role='sale'"
			  "   AND o.source_id<>p.source_id))"
			  "  OR (p.platform='ebay' AND p.format='ebay-orders-report'"
			  "   AND p.role IN ('sale','refund') AND EXISTS (SELECT 1 FROM orders o"
			  "   WHERE o.order_key=p.order_key AND o.platform=p.platform"
			  "   AND o.order_id=p.order_id AND o.format='ebay-transaction-report'"
			  "   AND o.role IN ('sale','refund')"
			  "   AND o.source_id<>p.source_id)))"
			  " ORDER BY src.path", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		found = 1;
		if ((rc = fn(ctx, state_col_text(s, 0))))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	else if (rc == 0 && !found)
		stamp_stale_none(st);
	sqlite3_finalize(s);
	return rc;
}

int store_orders_pairs(struct state *st,
		       int (*fn)(void *ctx, const struct store_order_pair *p), void *ctx,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step, found = 0;

	/* nothing written to orders or sources since it named none (stamp.h) */
	if (st->stamp.pairs_none)
		return 0;
	/* a pair is of two platforms */
	rc = state_flag(st, "SELECT EXISTS (SELECT 1 FROM orders WHERE platform <>"
			" (SELECT platform FROM orders LIMIT 1))", err);
	if (rc == 0)
		stamp_pairs_none(st);
	if (rc <= 0)
		return rc;
	rc = 0;
	if (state_prepare(st, &s,
			  "SELECT a.platform, sa.path, a.role, coalesce(a.format,''),"
			  " b.platform, sb.path, b.role, coalesce(b.format,''),"
			  " count(DISTINCT a.order_key), min(a.order_id), min(a.day), max(a.day)"
			  " FROM orders a JOIN orders b ON b.order_key = a.order_key"
			  "  AND b.platform <> a.platform AND b.currency = a.currency"
			  " JOIN sources sa ON sa.id = a.source_id"
			  " JOIN sources sb ON sb.id = b.source_id"
			  " WHERE length(a.order_key) >= 3 AND b.role = 'sale' AND ("
			  "  (a.role = 'channel')"
			  "  OR (a.role = 'sale' AND a.platform < b.platform"
			  "   AND abs(a.amount_minor) = abs(b.amount_minor)"
			  "   AND abs(julianday(a.day) - julianday(b.day)) <= 7))"
			  " GROUP BY sa.path, sb.path, a.role, a.platform, b.platform"
			  " ORDER BY sa.path, sb.path LIMIT 50", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_order_pair p;

		p.platform_a = state_col_text(s, 0);
		p.path_a = state_col_text(s, 1);
		p.role_a = state_col_text(s, 2);
		p.format_a = state_col_text(s, 3);
		p.platform_b = state_col_text(s, 4);
		p.path_b = state_col_text(s, 5);
		p.role_b = state_col_text(s, 6);
		p.format_b = state_col_text(s, 7);
		p.orders = sqlite3_column_int64(s, 8);
		p.example = state_col_text(s, 9);
		p.first = state_col_text(s, 10);
		p.last = state_col_text(s, 11);
		found = 1;
		if ((rc = fn(ctx, &p)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	else if (rc == 0 && !found)
		stamp_pairs_none(st);
	sqlite3_finalize(s);
	return rc;
}
