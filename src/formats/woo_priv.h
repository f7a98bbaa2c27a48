/*
 * woo_priv.h - what the WooCommerce readers share: a file's context, the
 * order being read, and the order functions that turn its amounts into
 * day and refund deposits (parse_woocommerce.c). Private to
 * parse_woocommerce.c, parse_woocommerce_csv.c and parse_woocommerce_json.c.
 */
#ifndef LL_WOO_PRIV_H
#define LL_WOO_PRIV_H

#include <stdint.h>

#include "formats/parse.h"
#include "formats/parse_mkt.h"

struct woo_ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	long unpaid, unpaid_line;
	long diffs, diff_line;
	long undated, undated_line;
	int64_t cov_first, cov_last; /* paid days of orders without a refund */
	/* the refund deposits of the order being read: complete when it is,
	 * then parked (mkt_park) until delivery */
	struct deposit **rdeps;
	size_t nrdeps, rdepcap;
};

struct woo_order {
	long line;
	struct field number;      /* as the seller sees it */
	char gateway[49];        /* payment_method, at most 48 bytes */
	char cur[4];
	int64_t days;
	struct field gmt;        /* REST JSON: the date's *_gmt twin (UTC) */
	struct deposit *d;
	int64_t total, sum;
	int has_total;
	int bad;
	int refunds;             /* refunds seen (partial days, refund ids) */
	int merge_refunds;       /* Advanced Order Export: per-line refunds of
				  * an order are one undated refund */
	int tax_stated;          /* REST: the rate its tax lines state */
	int32_t tax_rate;
	char tax_name[160];
};

/* Start a file's context: zeroed, an empty set of deposits named after
 * path. The caller frees it with woo_ctx_free. */
void woo_ctx_init(struct woo_ctx *c, const char *path, const struct parse_sink *sink,
		  struct parse_stats *stats);
void woo_ctx_free(struct woo_ctx *c);

/* The day of a date cell v (site time): 0 with *days, LL_EPARSE. */
int woo_date_days(struct field v, int64_t *days);

/* days moved to the organisation's zone by its UTC twin gmt (days itself
 * without a zone or a readable twin); a moved day counts in stats->redated */
int64_t woo_gmt_days(struct woo_ctx *c, int64_t days, struct field gmt);

/* Fill o's day, currency and gateway from its cells and open its day
 * deposit (o->line, o->number and o->gmt set by the caller). 0 = go on,
 * 1 = skip (not paid, counted), LL_EPARSE (reported), LL_ERROR. */
int woo_order_head(struct woo_ctx *c, struct woo_order *o, struct field status,
		   struct field paid, struct field created, struct field cur,
		   struct field gateway);

/* Add one amount of o to its day deposit (and to o->sum). 0 or LL_ERROR. */
int woo_order_amount(struct woo_ctx *c, struct woo_order *o, int64_t amount,
		     const char *atype, const char *adesc, enum event_kind kind,
		     struct field sku, int32_t qty, long line);

/* Report cell v of column col as not an amount; o counts as a bad row once.
 * Returns what parse_reject returns. */
int woo_bad_amount(struct woo_ctx *c, struct woo_order *o, long line, const char *col,
		   struct field v);

/* o is read: a difference between its amounts and its total becomes an
 * amount of its own, with a warning. 0 or LL_ERROR. */
int woo_order_close(struct woo_ctx *c, struct woo_order *o);

/* A refund of o of amount (positive = money back to the buyer) on its day,
 * a deposit of its own; row_line > 0 when a row of its own holds it.
 * 0 or LL_ERROR. */
int woo_order_refund(struct woo_ctx *c, struct woo_order *o, int64_t days, int64_t amount,
		     long line, long row_line);

/* o is complete, its refunds included: widen the days the file covers;
 * park its refund deposits, complete now (their totals set). 0 or LL_ERROR
 * (mkt_errmsg). */
int woo_order_done(struct woo_ctx *c, const struct woo_order *o);

/* A row left out (reason) with its money when cur and total can be read.
 * Returns what parse_fate returns. */
int woo_left_row(struct woo_ctx *c, const char *reason, struct field cur,
		 struct field total);

/* The file is read: totals, partial days, summary warnings; deliver the
 * deposits to the sink. Returns what mkt_deliver returns. */
int woo_finish(struct woo_ctx *c);

#endif
