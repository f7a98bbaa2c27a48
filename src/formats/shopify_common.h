/*
 * shopify_common.h - what the three Shopify parsers share: columns found
 * by header name in a CSV record, money in the deposit's currency, and a
 * per-file table of open deposits (payouts, day-and-gateway groups) keyed
 * by deposit id, delivered in id order when the file ends.
 *
 * A Shopify export is not grouped by deposit (a transactions export
 * interleaves payouts; an orders export is sorted by creation, not by
 * payment date), so a file's deposits stay open until its end. Their
 * events and strings do not all stay in memory: the parsers call
 * shop_spill_check at their safe points (a row or an order complete),
 * which moves the open deposits' events to the context's temporary file
 * once they hold more than its budget (spill.h), and shop_ctx_finish
 * puts each deposit's events back just before it is judged and
 * delivered, then frees it. Memory is then the spill budget, the largest
 * deposit and one header per open deposit (at most SHOP_MAX_DEPOSITS).
 */
#ifndef LL_SHOPIFY_COMMON_H
#define LL_SHOPIFY_COMMON_H

#include <stdint.h>

#include "formats/parse.h"
#include "formats/spill.h"
#include "util/buf.h"
#include "util/csvrec.h"
#include "util/text.h"

#define SHOP_MAX_DEPOSITS 100000

/* A deposit with what a parser needs to know about it while the file is
 * read; shop_deposit returns &sd->d, shop_dep() goes back. */
struct shop_dep {
	struct deposit d;        /* first: a struct deposit * is a struct shop_dep * */
	unsigned flags;          /* parser-defined */
	int64_t first_days, last_days; /* range of its rows' dates */
	long first_line, rows;
	char note[128];          /* parser-defined */
};

static inline struct shop_dep *shop_dep(struct deposit *d)
{
	return (struct shop_dep *)d;
}

struct shop_ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct deposit **deps;   /* open deposits, in order of creation */
	size_t n, cap;
	uint32_t *slots;         /* hash of deps by id: index+1, 0 = free */
	size_t nslots;
	struct buf tmp;
	char delim;              /* the header's delimiter (',' when 0) */
	struct dep_spill spill;  /* open deposits' events moved out (spill.h) */
	int live;                /* started and not finished: spill is ours */
};

/* Start a file's context; 0 or LL_ERROR. */
int shop_ctx_init(struct shop_ctx *c, const char *path, const struct parse_sink *sink,
		  struct parse_stats *stats);

/*
 * Deliver every open deposit for which keep(d) is true (NULL: all), in
 * ascending id order, through the sink (stats->deposits counts them), and
 * free all of them. Each deposit's spilled events are put back before
 * keep sees it (keep may read d->ev), and it is freed right after, so
 * only one is whole in memory at a time. With deliver 0 nothing is
 * delivered (a read error cut the file). Returns the sink's first
 * non-zero answer, else 0, or LL_ERROR with err filled (naming the file)
 * when a deposit's events could not be read back from the temporary
 * file. The context is freed either way (its temporary file closed), and
 * left empty: finishing it again, or finishing a zeroed context that was
 * never started, does nothing.
 */
int shop_ctx_finish(struct shop_ctx *c, int deliver, int (*keep)(void *arg, struct deposit *d),
		    void *arg, struct ll_err *err);

/*
 * A safe point of a parser (no event index or string id of any open
 * deposit held, a row or an order complete): spill_check over the open
 * deposits. 0, or LL_ERROR with err filled (the file and line, and what
 * failed: the temporary file could not be made or written).
 */
int shop_spill_check(struct shop_ctx *c, long line, struct ll_err *err);

/* a row or file problem, to the sink (parse_reject, core/parse.h) */
#define shop_reject(c, ...) parse_reject((c)->sink, (c)->path, __VA_ARGS__)

/*
 * The open deposit with this id, or a new one (platform "shopify") with
 * the given currency. NULL when out of memory or over SHOP_MAX_DEPOSITS
 * (a row error is reported). *created is set to 1 for a new one.
 */
struct deposit *shop_deposit(struct shop_ctx *c, const char *id, const char *currency,
			     long line, int *created);

/* Intern v in d's pool as UTF-8 (CP1252 bytes converted). 0 or LL_ERROR. */
int shop_intern(struct shop_ctx *c, struct deposit *d, struct field v, uint32_t *id);
int shop_intern_s(struct shop_ctx *c, struct deposit *d, const char *s, uint32_t *id);

/* Append e to d and widen the file's posted-date range. 0 or LL_ERROR. */
int shop_add(struct shop_ctx *c, struct deposit *d, const struct event *e);

/* A row left out (FATE_LEFT, reason) with its money in currency (""
 * and 0 when not known), for the completeness ledger: returns 1 (a bad
 * row, as a row function answers), or LL_ERROR when the sink failed. */
int shop_left(struct shop_ctx *c, const char *currency, const char *reason, int64_t amount);

/*
 * How an orders export's Payment Method is paid out: 1 when Shopify pays
 * out every gateway in it (Shopify Payments, Shop Pay Installments: their
 * money is in the payouts), 0 when none (PayPal, manual, cash on delivery,
 * Mercado Pago ...: paid elsewhere), -1 for a combination of both
 * ("Shopify Payments + PayPal Express Checkout").
 */
int shop_gateway_paid_by_shopify(const char *gateway);

/* The marketplace channel an order came from ("amazon", "ebay", "walmart",
 * "etsy", "tiktok") by its Payment Method (amazon_marketplace, ...) or
 * Source (sell-on-amazon, ...), into out; "" when it is the shop's own
 * order. Amazon Pay is a gateway, not a channel. */
void shop_channel(const char *gateway, struct field source, char *out, size_t outlen);

/* The marketplace's order number in an order's Tags or Note Attributes
 * ("AmazonOrderID:112-1234567-1234567", "eBay order 12-34567-89012"): an
 * Amazon 3-7-7 or eBay 2-5-5 digit number, into out. 1 when found. */
int shop_channel_order(const char *channel, struct field text, char *out, size_t outlen);

/* Index of the header cell named name (case-insensitive, trimmed), or -1. */
int shop_col(const struct csvrec *hdr, const char *name);

/* Field idx of r, trimmed; "" when idx < 0 or past the row's end. */
struct field shop_get(const struct csvrec *r, int idx);

/*
 * Money in a currency with `exponent` decimals, plain "1234.56" as Shopify
 * writes it (or "1234,56" when the value proves a decimal comma: a copy a
 * spreadsheet re-saved); "1200.00" is accepted for a 0-decimal currency.
 * 0 or LL_EPARSE.
 */
int shop_money(int64_t *out, struct field v, int exponent);

/*
 * The local calendar date of "YYYY-MM-DD[ HH:MM:SS ±HHMM]" as written:
 * days since the epoch and "YYYY-MM-DD". 0 or LL_EPARSE.
 */
int shop_date(struct field v, int64_t *days, char ymd[11]);

/*
 * shop_date, and the day it falls on in the organisation's time zone
 * (c->sink->tz, util/tz.h; the date as written without one): *written
 * (may be NULL) as written, *days and ymd (may be NULL) in the zone. The
 * caller counts a moved day in stats->redated when it uses the row.
 */
int shop_date_local(struct shop_ctx *c, struct field v, int64_t *written, int64_t *days,
		    char ymd[11]);

/* Copy f into out (NUL-terminated, truncated to outlen - 1). */
void shop_copy(char *out, size_t outlen, struct field f);

/*
 * Allocate the header and row records and split the header line (CSV, on
 * its own delimiter: comma, or a re-saved copy's semicolon or tab).
 * 0, LL_ERROR (out of memory: both NULL) or LL_EPARSE (err filled); free
 * them with shop_close_header either way.
 */
int shop_open_header(struct csvrec **hdr, struct csvrec **rec, const char *path,
		     const char *header, size_t hlen, struct ll_err *err);
void shop_close_header(struct csvrec *hdr, struct csvrec *rec);

/* One warning (line 1) naming the header cells not in known[] (NULL-ended);
 * what says what becomes of them. */
void shop_warn_unknown(struct shop_ctx *c, const struct csvrec *hdr,
		       const char *const *known, const char *what);

/* 1 (and a bad-row error) when r has non-empty cells past the header's. */
int shop_row_too_long(struct shop_ctx *c, const struct csvrec *r, const struct csvrec *hdr);

/* One data row to a parser: <0 out of memory, >0 the row was bad, 0 ok. */
typedef int (*shop_row_fn)(void *ctx, const struct csvrec *r);

/*
 * Read every record after the header hdr into rec and hand it to fn,
 * counting rows and bad rows in stats; a row longer than the header is
 * reported and skipped; after each row handed to fn, shop_spill_check (a
 * safe point: fn must hold no event index or string id between rows).
 * Returns 0 at the end of the file, or a negative code with err filled
 * (read error, out of memory, the temporary file failed: at the row's
 * line).
 */
int shop_read_rows(struct shop_ctx *c, struct lines *l, struct csvrec *rec,
		   const struct csvrec *hdr, shop_row_fn fn, void *ctx,
		   struct parse_stats *stats, struct ll_err *err);

#endif
