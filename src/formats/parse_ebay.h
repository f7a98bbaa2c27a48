/*
 * parse_ebay.h - eBay Seller Hub reports and the pre-2018 File Exchange
 * download into events.
 *
 * The transaction report (Payments > Reports) is the payout source: its
 * rows are grouped by Payout ID into one deposit per payout whose total is
 * the Payout row's amount, so a payout ties only when every row of it is
 * in the file. The orders report (Orders > Download report) and the File
 * Exchange sales-record download have no payouts and no fees: they give
 * one day summary per paid date and currency (deposit id "YYYY-MM-DD CUR",
 * total = the sum of the day's amounts, so it ties by construction) with
 * per-order amounts for order mode. Columns by name (English, German,
 * French, Italian, Spanish: ebay_words.h), any delimiter, "--" empty,
 * decimal commas and day-first dates for the European sites.
 */
#ifndef LL_PARSE_EBAY_H
#define LL_PARSE_EBAY_H

#include "formats/parse.h"

enum ebay_format {
	EBAY_NONE = 0,
	EBAY_TRANSACTIONS,   /* Seller Hub transaction report */
	EBAY_ORDERS,         /* Seller Hub orders report */
	EBAY_FILE_EXCHANGE,  /* pre-2018 File Exchange / Selling Manager */
	EBAY_ORDER_EARNINGS  /* order earnings report: recognised, not read */
};

/* Classify a header line (BOM already stripped). */
enum ebay_format ebay_detect(const char *line, size_t len);

/*
 * Parse a transaction report whose header line is header[0..hlen):
 * deposits per Payout ID, delivered at the end of the file. A payout
 * whose Payout row is not in the file is reported (warning) and not
 * imported; rows without a Payout ID (not yet paid out) likewise. Returns
 * 0, or a negative code when the file cannot be read (err filled).
 */
int ebay_parse_transactions(struct lines *l, const char *path, const char *header,
			    size_t hlen, const struct parse_sink *sink,
			    struct parse_stats *stats, struct ll_err *err);

/*
 * Parse an orders report or a File Exchange download: day summaries per
 * paid date and currency. Footer lines and padding rows are skipped,
 * spreadsheet formula rows reported. Same return codes.
 */
int ebay_parse_orders(struct lines *l, const char *path, const char *header,
		      size_t hlen, const struct parse_sink *sink,
		      struct parse_stats *stats, struct ll_err *err);

#endif
