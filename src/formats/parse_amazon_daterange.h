/*
 * parse_amazon_daterange.h - the Amazon Date Range transaction report
 * ("CustomTransaction", "MonthlyTransaction", "Custom Unified
 * Transaction") into settlements.
 *
 * The report is a comma-separated, quoted CSV with one row per order line
 * or event and one column per money component, in the seller's language
 * (English, German, French, Italian, Spanish). The parser names columns
 * and type values in English, turns every non-zero money cell into one
 * event with the flat file's amount types, groups rows by settlement id
 * and recovers each settlement's bank deposit from its Transfer rows
 * (docs/amazon-date-range.md). Settlements the report holds only in part,
 * deferred rows and rows without a settlement id are reported and held
 * back, never planned.
 */
#ifndef LL_PARSE_AMAZON_DATERANGE_H
#define LL_PARSE_AMAZON_DATERANGE_H

#include <stdint.h>

#include "formats/parse.h"
#include "util/money.h"

enum drange_lang { DRANGE_EN = 0, DRANGE_DE, DRANGE_FR, DRANGE_IT, DRANGE_ES, DRANGE__N };

/* A moment as written in the report: local date and time, and its offset. */
struct drange_time {
	int64_t days;   /* local calendar date, days since 1970-01-01 */
	int32_t secs;   /* local seconds since midnight (0 when no time) */
	int has_tz;
	int32_t tz_min; /* offset east of UTC, minutes */
};

/*
 * Parse one of the report's date/time forms: "Jan 1, 2017 12:07:48 AM PST",
 * "01.11.2017 12:38:23 GMT+00:00", "01 Nov 2017 ...", "1 nov. 2017 12.38.23
 * UTC", "01/nov/2017 12.38.23 ...", "1 Jul 2026 4:24:44 am UTC",
 * "2017-11-01 1:02:03 AM PST". Month names in English, German, French,
 * Italian and Spanish; s must be UTF-8. month_first reads "11/01/2017" as
 * November 1 (else 11 January). Returns 0 or LL_EPARSE.
 */
int drange_parse_date(struct drange_time *out, const char *s, size_t len,
		      int month_first);

/* Seconds since the epoch in UTC (local time when no offset was given). */
int64_t drange_time_utc(const struct drange_time *t);

/*
 * Parse an amount in a fixed number style (the locale's, never guessed per
 * value): like money_parse, and grouping separators must sit every three
 * digits (Indian two-digit groups allowed before the last three), so
 * "12.5" in MONEY_COMMA style or "1,5" in MONEY_DOT is an error, not 125
 * or 15. Returns 0 or LL_EPARSE.
 */
int drange_parse_money(int64_t *out, const char *s, size_t len, int exponent,
		       enum money_style style);

/*
 * 1 if line[0..len) (BOM stripped) is a Date Range header in a language
 * we read; 2 if it has the shape of one (sku, marketplace and twenty-odd
 * quoted cells) in a language we do not read; else 0.
 */
int drange_detect(const char *line, size_t len);

/*
 * Parse a Date Range report whose header line is header[0..hlen): the
 * parse_fn contract (parse.h). Returns 0, or LL_EPARSE for a report in a
 * language we do not read (err names the header words and type values
 * not understood), read errors, and LL_ERROR when the temporary file
 * that holds the settlements' events cannot be made, written or read
 * (err names the file and what failed). Settlements are delivered at the
 * end of the file: all of a file's settlements are open until then (a
 * report covers at most a year), their events moved out to a temporary
 * file over a budget (spill.h), so memory is about the budget plus the
 * largest settlement.
 */
int amazon_parse_daterange(struct lines *l, const char *path, const char *header,
			   size_t hlen, const struct parse_sink *sink,
			   struct parse_stats *stats, struct ll_err *err);

#endif
