/*
 * parse_amazon.h - Amazon settlement flat files (V1 and V2) into events.
 *
 * The parser reads a header line and the rows after it from a struct
 * lines, maps columns by name (never by position), turns every non-empty
 * amount into one struct event with file:line provenance, and hands each
 * complete settlement (struct deposit) to the sink. A row that cannot be
 * used is reported to the sink with file, line and reason, and parsing
 * goes on. Memory is bounded by the largest settlement, not the file.
 */
#ifndef LL_PARSE_AMAZON_H
#define LL_PARSE_AMAZON_H

#include "formats/parse.h"

enum amazon_format {
	AMZ_NONE = 0,
	AMZ_SETTLEMENT_V1,
	AMZ_SETTLEMENT_V2,
	AMZ_ORDER_REPORT,
	AMZ_DATE_RANGE
};

/* Classify a header line (BOM already stripped). */
enum amazon_format amazon_detect(const char *line, size_t len);

/*
 * Parse a settlement flat file whose header line (already read, BOM
 * stripped) is header[0..hlen). Returns 0, or a negative code when the
 * file as a whole cannot be read (err filled: unknown columns, read
 * error, truncated gzip). Deposits completed before a read error have
 * already been handed to the sink.
 */
int amazon_parse_settlement(struct lines *l, const char *path,
			    const char *header, size_t hlen,
			    const struct parse_sink *sink,
			    struct parse_stats *stats, struct ll_err *err);

/* Kind of an amount by its transaction type, amount type and description. */
enum event_kind amazon_event_kind(const char *ttype, const char *atype,
				  const char *adesc);

#endif
