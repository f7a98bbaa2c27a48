/*
 * orders.h - the orders table: the orders each imported deposit counts
 * (one row per order and role), so that exports of the same orders can be
 * joined and the same order found in two sources (docs/completeness.md,
 * "Every order once"). The pipeline writes a deposit's orders when it
 * records the deposit (src/plan/join.c decides what they mean); a source
 * read again loses its rows first.
 *
 * Roles: `sale` and `refund` (the deposit counts the order's sale or
 * refund), `payment` and `payment-refund` (the deposit holds only the
 * money of a sale another export records: a Shopify Payments charge of an
 * order in the orders export), `channel` (an order a shop's export holds
 * but a marketplace sold and pays out: left out there).
 */
#ifndef LL_STORE_ORDERS_H
#define LL_STORE_ORDERS_H

#include <stdint.h>

#include "store/state.h"

struct store_order {
	const char *platform;
	const char *shop;       /* "" for a platform without shops */
	const char *order_id;   /* as the export writes it ("#1001", "112-...") */
	const char *role;       /* sale, refund, payment, payment-refund, channel */
	const char *format;     /* the source's format ("shopify-orders") */
	const char *gateway;    /* the deposit's gateway, "" for a payout */
	const char *day;        /* YYYY-MM-DD of its first amount */
	const char *currency;
	int64_t amount_minor;   /* the order's amounts of that role, summed */
	int64_t source_id, settlement_id; /* settlement 0: not imported (channel) */
};

/* Replace the rows of a settlement (settlement_id > 0), or add rows that
 * belong to no settlement (settlement_id 0), by these n orders (their
 * settlement_id is not read). 0 or LL_ERROR. */
int store_orders_put(struct state *st, int64_t settlement_id, const struct store_order *o,
		     size_t n, struct ll_err *err);

/* Add these n rows, in this order, each of its own settlement_id (in
 * multi-row statements: what a caller gathered over several deposits,
 * with nothing to replace). 0 or LL_ERROR. */
int store_orders_add(struct state *st, const struct store_order *o, size_t n,
		     struct ll_err *err);

/* Delete the rows of a settlement. 0 or LL_ERROR. */
int store_orders_drop_settlement(struct state *st, int64_t settlement_id,
				 struct ll_err *err);

/* The highest settlement of any row (0 when none): a settlement above it
 * has no rows to replace. 0 or LL_ERROR. */
int store_orders_max_settlement(struct state *st, int64_t *max, struct ll_err *err);

/* Delete the rows of a source (it is read again). 0 or LL_ERROR. */
int store_orders_clear_source(struct state *st, int64_t source_id, struct ll_err *err);

/*
 * Whether another source (not exclude_source) of format counts order_id of
 * (platform, shop) in one of the roles (a comma-separated list, "sale" or
 * "sale,refund"): 1 and its path in path (may be NULL), 0 when none,
 * LL_ERROR.
 */
int store_orders_has(struct state *st, const char *platform, const char *shop,
		     const char *order_id, const char *roles, const char *format,
		     int64_t exclude_source, char *path, size_t pathlen, struct ll_err *err);

/* The first and last day of the Shopify-paid orders (gateway Shopify
 * Payments, Shop Pay ...) that sources of format hold as sales for shop:
 * 1 and first/last (YYYY-MM-DD), 0 when there are none, LL_ERROR. */
int store_orders_paid_span(struct state *st, const char *platform, const char *shop,
			   const char *format, char first[11], char last[11],
			   struct ll_err *err);

/*
 * The sources to read again because an export read after them changes
 * what their orders are (join.c): a Shopify Payments transactions export
 * that counts as sales orders an orders export now records, an eBay
 * orders report that holds orders a transaction report now holds. Each
 * source's path to fn; a non-zero return stops and is returned. 0 or
 * LL_ERROR. Once it named none, it reads nothing until orders or sources
 * are written (store/stamp.h).
 */
int store_orders_stale(struct state *st, int (*fn)(void *ctx, const char *path), void *ctx,
		       struct ll_err *err);

/* Two sources that hold the same orders (order number, amount, day). */
struct store_order_pair {
	const char *platform_a, *path_a, *role_a, *format_a;
	const char *platform_b, *path_b, *role_b, *format_b;
	int64_t orders;          /* how many */
	const char *example;     /* one of them (order number of a) */
	const char *first, *last;/* their days in a */
};

/*
 * Pairs of sources of different platforms holding the same orders: the
 * same order number (its last run of digits and dashes), the same amount
 * (either sign) and days at most 7 apart, where both count the sale, or a
 * marketplace channel's order and that marketplace's sale. Up to 50 pairs,
 * by path, to fn; a non-zero return stops and is returned. 0 or LL_ERROR.
 * Once it named none, it reads nothing until orders or sources are
 * written (store/stamp.h).
 */
int store_orders_pairs(struct state *st,
		       int (*fn)(void *ctx, const struct store_order_pair *p), void *ctx,
		       struct ll_err *err);

/* The comparable part of an order number: its last run of digits and
 * dashes (leading dashes dropped; "#1001" -> "1001", "WC-8407" -> "8407",
 * "112-1234567-1234567" as it is), else the whole id; into out. */
void store_order_key(const char *order_id, char *out, size_t outlen);

#endif
