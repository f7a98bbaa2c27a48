/*
 * parse_shopify.h - Shopify exports: Shopify Payments transactions
 * (parse_shopify.c) and payouts (parse_shopify_payouts.c), and the admin
 * orders export (parse_shopify_orders.c). All three are parse_fn's
 * (parse.h) registered in formats.c; detection is by header cells, never
 * by file name.
 *
 * Deposit ids (platform "shopify"):
 *   Shopify Payments payout      "<payout date> <currency>"  e.g. "2024-03-05 USD"
 *   other gateway, one day       "<date> <gateway>"          e.g. "2024-03-05 PayPal Express Checkout"
 * The same payout read from a transactions export and from a payouts
 * export has the same id, so the state file imports it once (the first
 * read stands; a copy with other content is a reported conflict).
 */
#ifndef LL_PARSE_SHOPIFY_H
#define LL_PARSE_SHOPIFY_H

#include <stddef.h>

#include "formats/parse.h"

enum shopify_format {
	SHOP_NONE = 0,
	SHOP_ORDERS,        /* orders_export.csv */
	SHOP_TRANSACTIONS,  /* payment_transactions_export_1.csv */
	SHOP_PAYOUTS        /* Shopify Payments payouts export */
};

/* Which Shopify export line[0..len) is the header of (CSV, cells by name). */
enum shopify_format shopify_detect(const char *line, size_t len);

/*
 * Shopify Payments transactions export -> one deposit per payout (rows
 * with Payout Status "paid" grouped by payout date and currency; total =
 * the sum of Net). Per row: the gross Amount (ItemPrice, with the order
 * name) and the Fee (Fees) as events. Held back, with a warning: rows not
 * yet paid out, and payouts the export's date range may cut (see
 * docs/shopify.md). Returns as parse_fn.
 */
int shopify_parse_transactions(struct lines *l, const char *path, const char *header,
			       size_t hlen, const struct parse_sink *sink,
			       struct parse_stats *stats, struct ll_err *err);

/*
 * Shopify Payments payouts export -> one deposit per paid payout row whose
 * events are its summary columns (Charges, Refunds, Fees, ...); it ties
 * when they sum to Total. Returns as parse_fn.
 */
int shopify_parse_payouts(struct lines *l, const char *path, const char *header,
			  size_t hlen, const struct parse_sink *sink,
			  struct parse_stats *stats, struct ll_err *err);

/*
 * Orders export -> one deposit per day and payment gateway for orders
 * paid through gateways other than Shopify Payments (those come from the
 * payouts); the deposit total is the sum of its events, so it ties by
 * construction. Returns as parse_fn.
 */
int shopify_parse_orders(struct lines *l, const char *path, const char *header,
			 size_t hlen, const struct parse_sink *sink,
			 struct parse_stats *stats, struct ll_err *err);

#endif
