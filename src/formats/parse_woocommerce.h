/*
 * parse_woocommerce.h - WooCommerce order exports into day summaries.
 *
 * A WooCommerce export has no payouts and no gateway fees, so ledgerlift
 * summarises it per day and payment gateway: deposit id
 * "YYYY-MM-DD <gateway> <CUR>" (gateway = the payment_method id, "none"
 * when empty; the currency is part of the id because a deposit has one
 * currency). Paid orders count on their paid date (else their order date),
 * refunds on their refund date. The deposit total is the sum of its
 * amounts, so a day ties by construction; what is checked is each order:
 * its amount columns must add up to its order total (a difference is
 * imported as its own amount, with a warning) and every amount must
 * parse (a bad one leaves the day untied, reported). Fees and bank
 * deposits come from the gateway's own statement (PayPal: parse_paypal.h).
 *
 * Readers: the WebToffee CSV (one row per order, packed line_item_N
 * cells), the Advanced Order Export CSV (one row per product), and REST
 * API v3 order JSON (one order, or an array) with refund objects.
 */
#ifndef LL_PARSE_WOOCOMMERCE_H
#define LL_PARSE_WOOCOMMERCE_H

#include "formats/parse.h"

enum woo_format {
	WOO_NONE = 0,
	WOO_WEBTOFFEE,  /* order_id,order_number,...,line_item_1,... */
	WOO_AOE,        /* "Order Number","Order Status",...,"Order Line (w/o tax)" */
	WOO_ANALYTICS,  /* Analytics > Orders download: recognised, not read */
	WOO_REST_JSON   /* a line of a REST order or refund object */
};

/* Classify a line (BOM stripped): a CSV header, or a line of JSON that
 * names a WooCommerce order ("order_key") or refund ("refunded_by"). */
enum woo_format woo_detect(const char *line, size_t len);

/*
 * Parse a WebToffee or Advanced Order Export CSV whose header line is
 * header[0..hlen). Returns 0, or a negative code when the file cannot be
 * read (err filled); row problems go to the sink.
 */
int woo_parse_csv(struct lines *l, const char *path, const char *header, size_t hlen,
		  const struct parse_sink *sink, struct parse_stats *stats,
		  struct ll_err *err);

/*
 * Parse REST API JSON. The detected line may sit inside the document, so
 * the whole document is read again from path (plain or gzip) unless the
 * header line itself starts it; l is read to its end either way (for the
 * content hash). Returns 0, LL_EPARSE for JSON that does not parse (err
 * names the line), or LL_ERROR.
 */
int woo_parse_json(struct lines *l, const char *path, const char *header, size_t hlen,
		   const struct parse_sink *sink, struct parse_stats *stats,
		   struct ll_err *err);

/* The same on a document in memory (tests). */
int woo_parse_json_mem(const char *data, size_t len, const char *path,
		       const struct parse_sink *sink, struct parse_stats *stats,
		       struct ll_err *err);

#endif
