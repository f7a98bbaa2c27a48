/*
 * ebay_priv.h - what the eBay transaction report reader (parse_ebay.c) and
 * the orders report / File Exchange reader (parse_ebay_orders.c) share: a
 * file's context and a few helpers. Private to those two files.
 */
#ifndef LL_EBAY_PRIV_H
#define LL_EBAY_PRIV_H

#include "formats/ebay_words.h"
#include "formats/parse.h"
#include "formats/parse_mkt.h"

#define EB_MAX_WORDS 16

struct eb_ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	struct buf u8;
	long unpaid, unpaid_line;     /* rows not in a payout yet / not paid */
	long diffs, diff_line;        /* rows whose columns did not add up */
	long formula;
	long unreadable;              /* rows left out with no deposit to carry them */
	struct eb_order *ord;         /* orders report: the order being gathered */
	int etax_in_col;              /* eBay-collected tax included in Total Price */
	/* the report's language and what it decides when a value does not */
	enum eb_lang lang;
	enum money_style style;
	enum mkt_dmy dmy;
	/* row types not understood: each word, its count and first line */
	struct {
		char w[72];
		long count, line;
	} unknown[EB_MAX_WORDS];
	size_t nunknown;
	long unknown_more;
};

/* Set e's amount and types and add it to d. 0 or LL_ERROR. */
int eb_add(struct eb_ctx *c, struct deposit *d, struct mkt_ev *e, int64_t amount,
	   const char *atype, const char *adesc, enum event_kind kind);

/* Report a cell that is not an amount (error, row not imported); counts
 * the bad row. The sink's answer. */
int eb_bad_amount(struct eb_ctx *c, struct deposit *d, long line, const char *col,
		  struct field v);

/* an amount in the report's style unless the value proves another */
int eb_money(const struct eb_ctx *c, int64_t *out, struct field v, int exponent);

struct ord_layout {
	int srn, order, sku, qty, soldfor, ship, stax, etax, etaxinc, ins, total, paid,
		sale, cur;
};

/* The orders report / File Exchange columns of header h (languages
 * scored into score[]). */
void eb_ord_layout(struct ord_layout *lo, const struct csvrec *h,
		   unsigned score[EB__NLANG]);

/* 1 for a footer line ("N record(s) downloaded", "Seller ID : ..."). */
int eb_footer_line(const struct csvrec *r);

/* One order line into its day summary. <0 out of memory, else 0. */
int eb_ord_row(struct eb_ctx *c, const struct ord_layout *lo, const struct csvrec *r);

/* Deliver the day summaries. The sink's first non-zero answer. */
int eb_ord_finish(struct eb_ctx *c);

#endif
