/*
 * parse_mkt.h - what the marketplace parsers (eBay, WooCommerce, PayPal)
 * share: the date forms their web downloads use, amounts with "--" and
 * currency symbols, finding columns by any of their names (English or
 * localised), a set of open deposits keyed by id, and adding events with
 * interned strings.
 *
 * Unlike an Amazon settlement file, these exports are not one deposit per
 * file: a deposit (an eBay payout, a WooCommerce day and gateway, a PayPal
 * transfer) is assembled from rows anywhere in the file, so the set holds
 * every deposit until the end of the file. Memory is bounded by the
 * largest deposit, not by the file (mkt_set.c): at the parsers' safe
 * points (mkt_check) the events and strings of the open deposits move out
 * to an unlinked temporary file when they pass a budget (spill.h, 16 MiB),
 * a deposit known to be complete is parked there whole (mkt_park: a
 * WooCommerce refund), and each is read back only when it is looked up
 * again or delivered (eBay and WooCommerce call mkt_check; PayPal does
 * not yet). At most MKT_MAX_DEPOSITS are in memory at once. Each file is
 * parsed on its own.
 */
#ifndef LL_PARSE_MKT_H
#define LL_PARSE_MKT_H

#include <stdint.h>

#include "formats/parse.h"
#include "formats/spill.h"
#include "util/csvrec.h"
#include "util/date.h"
#include "util/money.h"
#include "util/text.h"

/* How to read an ambiguous N/N/YYYY or N-N-YYYY date. */
enum mkt_dmy {
	MKT_MDY = 0, /* 7/25/2026: US accounts */
	MKT_DMY      /* 25/07/2026: UK, EU, AU accounts; WooCommerce 16-05-2018 */
};

/*
 * Parse a date in any of the forms the marketplace downloads write:
 * ISO 8601 and DD.MM.YYYY (date.h), "Jul-25-26" and "Sep-30-26 23:45:00"
 * (eBay orders report, File Exchange), "Oct 2, 2026" with an optional
 * time and zone (eBay transaction report), "2. Okt. 2026" (German),
 * "2 oct. 2026", "2-ott-2026", "2 de octubre de 2026" (month names in
 * English, German, French, Italian, Spanish, Dutch, Portuguese),
 * "7/25/2026" or "25/07/2026" by `order` (a part over 12 decides by
 * itself), "16-05-2018 07:32:06". Two-digit years are 20YY. A trailing
 * time ("10:46:49", "1:05 PM") and zone word are accepted; a numeric
 * offset, or a zone word mkt_zone_find knows, sets has_tz. Returns 0 or
 * LL_EPARSE.
 */
int mkt_date(struct ll_time *out, const char *s, size_t len, enum mkt_dmy order);

/*
 * Which order an N/N/YYYY date proves: MKT_DMY when the first part is
 * over 12, MKT_MDY when the second is, -1 when it proves nothing.
 */
int mkt_date_order(const char *s, size_t len);

/* UTC offset in minutes of a zone name ("PDT", "CET", "Europe/Berlin",
 * "America/Los_Angeles", "UTC") on a local civil date; 0 if unknown. */
int mkt_zone_offset(const char *zone, size_t len, int year, int month, int day);

/* The same into *off; 0, or -1 for a zone name not in the table. */
int mkt_zone_find(const char *zone, size_t len, int year, int month, int day, int *off);

/*
 * Parse an amount. Returns 0 with *out in minor units, 1 when the cell
 * holds no amount (empty, "--", "-", "N/A"), LL_EPARSE otherwise. Currency
 * symbols and ISO codes before or after the number ("USD 12.00",
 * "AU $12.00", "116,99 €", "12,00 EUR") are skipped.
 */
int mkt_money(int64_t *out, struct field v, int exponent, enum money_style style);

/*
 * Which decimal separator an amount's text proves: MONEY_COMMA for
 * "12,50", "1.234,56", "1.234.567", MONEY_DOT for "12.50", "1,234.56",
 * "1,234,567", MONEY_AUTO when it proves nothing ("12", "1,234", "1.234":
 * one separator before exactly three digits).
 */
enum money_style mkt_money_proof(struct field v);

/*
 * mkt_money with the style the value proves, else dflt (the file's): what
 * a copy re-saved by a spreadsheet in another locale needs ("12,5" in an
 * export that wrote "12.50"). Same return codes.
 */
int mkt_money_as(int64_t *out, struct field v, int exponent, enum money_style dflt);

/* The currency a symbol or code before or after the number names ("$"
 * USD, "£" GBP, "€" EUR, "C $"/"CA$" CAD, "AU $"/"A$" AUD, "NZ$" NZD,
 * "USD 1.00", "1,00 €", "1,00 EUR"), or NULL. out must have room for 4
 * bytes. */
const char *mkt_money_currency(struct field v, char out[4]);

/* Index of the first header cell equal (trimmed, case-insensitive, inner
 * double spaces ignored) to one of names (NULL-terminated), or -1. */
int mkt_col(const struct csvrec *hdr, const char *const *names);

/* The delimiter of a header line: the most frequent of ',' ';' TAB
 * outside quotes (',' on a tie). */
char mkt_delim(const char *line, size_t len);

/* Cell idx of a record, trimmed; empty when idx < 0 or out of range. */
struct field mkt_cell(const struct csvrec *r, int idx);


/* Deposits a set holds in memory at once (days, payouts, transfers: a
 * deposit parked by mkt_park does not count). */
#define MKT_MAX_DEPOSITS 200000

/* The last string interned per event field (mkt_add): consecutive rows
 * mostly repeat their type words, order and marketplace, and a hit skips
 * the pool's hash and compare. Valid while its deposit is held and its
 * pool unchanged (a spill, unspill or park drops it). */
#define MKT_ICACHE_FIELDS 9
#define MKT_ICACHE_BYTES 48
struct mkt_icache {
	const struct deposit *d; /* NULL: empty */
	uint32_t id;
	size_t len;
	char val[MKT_ICACHE_BYTES];
};

/* The deposits of one file, in order of first appearance. */
struct mkt_set {
	const char *platform, *path;
	struct deposit **d; /* NULL: parked (mkt_park), in the spill file */
	size_t n, cap;
	uint64_t *hash;     /* per deposit: its id's hash */
	int64_t *parked;    /* per deposit: offset + 1 of its parked header */
	uint32_t *opos;     /* per deposit in memory: its place in open */
	uint32_t *slots;    /* open addressing: index+1, 0 = free */
	size_t nslots;
	struct deposit **open; /* the deposits in memory, for mkt_check */
	uint32_t *openidx;     /* their indices in d */
	size_t nopen, opencap, nparked;
	size_t max_open;    /* MKT_MAX_DEPOSITS, or lower (LEDGERLIFT_MKT_MAX_OPEN) */
	struct dep_spill spill; /* the file they move out to (spill.h) */
	int failed;         /* a spill, read back or limit failed: err says */
	char err[160];
	struct buf tmp;     /* UTF-8 conversion */
	struct mkt_icache ic[MKT_ICACHE_FIELDS];
};

/* A deposit's total set to what its events add up to (a summary with no
 * payout to check against, a day of orders): it ties unless a row could
 * not be read (normalize checks bad_rows too). Its events in memory. */
void mkt_total_from_events(struct deposit *d);

/* Start an empty set; its spill file is made only when first needed. The
 * environment's LEDGERLIFT_SPILL_BUDGET (spill.h) and
 * LEDGERLIFT_MKT_MAX_OPEN (a lower MKT_MAX_DEPOSITS) are test knobs. */
void mkt_set_init(struct mkt_set *s, const char *platform, const char *path);
/* Free every deposit still held and the spill file. */
void mkt_set_free(struct mkt_set *s);

/*
 * The deposit named id, created (with currency and its exponent) when new;
 * a parked one is read back. Returns NULL when out of memory, over
 * MKT_MAX_DEPOSITS in memory, or the spill file failed (mkt_errmsg says
 * which). A deposit found is returned whatever its currency: callers that
 * key by currency put it in the id.
 */
struct deposit *mkt_get(struct mkt_set *s, const char *id, const char *currency);

/* The deposit named id (a parked one read back), or NULL. */
struct deposit *mkt_find(struct mkt_set *s, const char *id);

/*
 * A safe point of the parser: no event index or string id of any deposit
 * of the set is held (strings are re-interned after a spill). When the
 * deposits in memory hold more than the budget, their events and strings
 * move to the spill file (spill_check). Cheap per row. 0 or LL_ERROR
 * (mkt_errmsg).
 */
int mkt_check(struct mkt_set *s);
/* mkt_check summing at every call (spill_check_now): for a safe point that
 * comes once a deposit, not once a row (PayPal's transfers). */
int mkt_check_now(struct mkt_set *s);

/* d's spilled events back in memory (a no-op when none are out), before
 * reading d->ev or d->nev of a deposit of the set. 0 or LL_ERROR. */
int mkt_unspill(struct mkt_set *s, struct deposit *d);

/*
 * d (one of the set's) is complete: nothing will be added before its
 * delivery. Its events and header move to the spill file, d is freed and
 * only its place is kept; mkt_find/mkt_get read it back, mkt_deliver in
 * its turn. Its total and marks must be final. 0 or LL_ERROR (d is then
 * still the set's).
 */
int mkt_park(struct mkt_set *s, struct deposit *d);

/* What failed (a spill file error, the limit), for a message naming the
 * file; "out of memory" when nothing else is known. */
const char *mkt_errmsg(const struct mkt_set *s);

/*
 * Hand every deposit to the sink in order of first appearance (those with
 * keep(d) == 0 are dropped without a word: the caller has reported them),
 * each read back and unspilled just before, then freed: memory stays the
 * largest deposit. Returns the first non-zero sink result, or LL_ERROR
 * when one could not be read back (mkt_errmsg).
 */
int mkt_deliver(struct mkt_set *s, const struct parse_sink *sink,
		struct parse_stats *stats, int (*keep)(const struct deposit *d));

/* The same with prep(ctx, d) on each deposit, its events in memory, just
 * before it is handed on: the finish work that reads the events (totals,
 * dates). prep returns 1 to hand d on, 0 to drop it, < 0 to stop (then
 * returned). */
int mkt_deliver_each(struct mkt_set *s, const struct parse_sink *sink,
		     struct parse_stats *stats, int (*prep)(void *ctx, struct deposit *d),
		     void *ctx);

/* One money event, by its strings (not yet interned). */
struct mkt_ev {
	int64_t amount;
	int64_t days;
	long line;
	int32_t quantity;
	enum event_kind kind;
	const char *ttype, *atype, *adesc; /* NUL-terminated */
	struct field order, sku, marketplace;
	/* the tax its order states (event.h): rate percent x 10^4, name */
	int tax_stated;
	int32_t tax_rate;
	struct field tax_name;
	struct field txn, party;  /* the row's own id and the other side's name
				   * (event.adjustment_id, event.party); empty
				   * for most formats */
};

/* Intern e's strings in d's pool (as UTF-8) and append it; widen the
 * stats' date range. 0 or LL_ERROR (out of memory). */
int mkt_add(struct mkt_set *s, struct deposit *d, struct parse_stats *st,
	    const struct mkt_ev *e);

/* Days since epoch of t's civil date. */
int64_t mkt_days(const struct ll_time *t);

#endif
