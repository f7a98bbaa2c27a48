/*
 * parse.h - what every export parser shares: the sink it hands complete
 * deposits (settlements, payouts, days) and row problems to, the counts it
 * keeps, and the signature the format registry (formats.h) calls.
 */
#ifndef LL_PARSE_H
#define LL_PARSE_H

#include <stdint.h>

#include "formats/event.h"
#include "util/date.h"

struct tz;
#include "util/reader.h"

/*
 * How the activity of a payment account (PayPal) is read: cut into the
 * days of the account ("model": "account" in settings.json: every row a
 * bank transaction in the account) or, without this, into deposits at its
 * transfers to the bank. Opening balances by currency, for files whose
 * rows state none ("1234.56": decimal point, as settings.json writes).
 */
#define PARSE_WALLET_OPENINGS 16
struct parse_wallet {
	int by_day;
	struct {
		char currency[4];
		char amount[32];
	} open[PARSE_WALLET_OPENINGS];
	size_t nopen;
};

/*
 * The fate of a money row (docs/completeness.md): every data row of a file
 * is on a deposit the parser delivers (the pipeline then imports it, or
 * leaves it out as untied, duplicate, ...), or the parser holds it back
 * (it may be imported from a later export: not yet paid out, a payout cut
 * at the export's edge) or leaves it out (unpaid, voided, unreadable, in
 * another export, ...), each with a reason slug.
 */
enum parse_fate { FATE_IMPORTED = 0, FATE_HELD, FATE_LEFT };

struct parse_sink {
	void *ctx;
	/* A complete deposit. The callee must not keep d after returning. */
	int (*deposit)(void *ctx, struct deposit *d);
	/* A row (line > 0) or file (line 0) problem; severity "error" or
	 * "warning"; code is a short slug. */
	int (*reject)(void *ctx, const char *path, long line, const char *severity,
		      const char *code, const char *message);
	/* The organisation's time zone (util/tz.h), or NULL: dates as
	 * written. A time with an offset is dated on its day there. */
	struct tz *tz;
	/* A payment account's model (above), or NULL: deposits at transfers. */
	const struct parse_wallet *wallet;
	/* Rows on no delivered deposit (deposits the parser does not deliver
	 * included): how many, their money in minor units of currency ("" and
	 * 0 when the currency is not known), held back or left out and why
	 * (a slug: not-paid-out, unpaid, unreadable, ...). May be NULL. */
	int (*fate)(void *ctx, const char *currency, enum parse_fate fate,
		    const char *reason, long rows, int64_t amount);
};

struct parse_stats {
	long rows;          /* data rows (non-blank records after the header) */
	long bad_rows;      /* rows that could not be used, whole or in part */
	long deposits;
	int64_t first_days, last_days; /* posted-date range, 0 if none */
	long redated;       /* times dated on another day in sink->tz than written */
};

/*
 * Parse the records after the header line (already read, BOM stripped,
 * header[0..hlen)). Returns 0, or a negative code when the file as a whole
 * cannot be read (err filled); row problems go to the sink and parsing
 * goes on. Deposits completed before a read error have been delivered.
 */
typedef int (*parse_fn)(struct lines *l, const char *path, const char *header,
			size_t hlen, const struct parse_sink *sink,
			struct parse_stats *stats, struct ll_err *err);

/*
 * Hand a settlement with its header over to sink->deposit, counting it:
 * amounts without a posted date of their own (the flat files' and XML's
 * fee lines) are dated on its end date, else its deposit date. The sink's
 * return value.
 */
int parse_deliver_settlement(const struct parse_sink *sink, struct parse_stats *stats,
			     struct deposit *d);

/* Report rows that are on no delivered deposit to sink->fate (if any);
 * rows 0 reports nothing. Its return value. */
int parse_fate(const struct parse_sink *sink, const char *currency, enum parse_fate fate,
	       const char *reason, long rows, int64_t amount);

/* The same for a deposit the parser does not deliver: its rows (d->rows)
 * and its events' sum, in its currency. */
int parse_fate_deposit(const struct parse_sink *sink, const struct deposit *d,
		       enum parse_fate fate, const char *reason);

/* The name of a fate: "imported", "held back", "left out". */
const char *parse_fate_name(enum parse_fate fate);

/* Format a message and hand it to sink->reject (if any); its return value. */
int parse_reject(const struct parse_sink *sink, const char *path, long line,
		 const char *severity, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Days since 1970-01-01 of the date a parsed time falls on in the
 * organisation's zone (sink->tz; tz_days in util/tz.h): the date as
 * written without a zone, or for a time without an offset. A moved date
 * counts in stats->redated (stats may be NULL).
 */
int64_t parse_days(const struct parse_sink *sink, struct parse_stats *stats,
		   const struct ll_time *t);

/* The same for a UTC instant (seconds since the epoch) of a time written
 * on the day `written` (days since the epoch). */
int64_t parse_days_utc(const struct parse_sink *sink, struct parse_stats *stats,
		       int64_t utc, int64_t written);

#endif
