/*
 * parse.c - what every parser shares at run time (parse.h): reporting a row
 * or file problem to the sink as one formatted line; the day a time falls
 * on in the organisation's zone.
 */
#include "parse.h"

#include "util/tz.h"

#include <stdarg.h>
#include <stdio.h>

int parse_reject(const struct parse_sink *sink, const char *path, long line,
		 const char *severity, const char *code, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sink->reject)
		return sink->reject(sink->ctx, path, line, severity, code, msg);
	return 0;
}

int parse_fate(const struct parse_sink *sink, const char *currency, enum parse_fate fate,
	       const char *reason, long rows, int64_t amount)
{
	if (!sink->fate || rows <= 0)
		return 0;
	return sink->fate(sink->ctx, currency ? currency : "", fate, reason, rows, amount);
}

int parse_fate_deposit(const struct parse_sink *sink, const struct deposit *d,
		       enum parse_fate fate, const char *reason)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < d->nev; i++)
		sum += d->ev[i].amount;
	return parse_fate(sink, d->currency, fate, reason, d->rows, d->currency[0] ? sum : 0);
}

const char *parse_fate_name(enum parse_fate fate)
{
	return fate == FATE_HELD ? "held back" : fate == FATE_LEFT ? "left out" : "imported";
}

int64_t parse_days(const struct parse_sink *sink, struct parse_stats *stats,
		   const struct ll_time *t)
{
	int64_t written = date_days(t->year, t->month, t->day), days;

	if (!sink || !sink->tz)
		return written;
	days = tz_days(sink->tz, t);
	if (days != written && stats)
		stats->redated++;
	return days;
}

int64_t parse_days_utc(const struct parse_sink *sink, struct parse_stats *stats,
		       int64_t utc, int64_t written)
{
	int64_t days;

	if (!sink || !sink->tz)
		return written;
	days = tz_days_utc(sink->tz, utc);
	if (days != written && stats)
		stats->redated++;
	return days;
}

int parse_deliver_settlement(const struct parse_sink *sink, struct parse_stats *stats,
			     struct deposit *d)
{
	int64_t end_days = 0;
	size_t k;

	if (d->end_date[0] && date_parse_ymd(&end_days, d->end_date))
		end_days = 0;
	if (!end_days)
		date_parse_ymd(&end_days, d->deposit_date);
	for (k = 0; k < d->nev; k++)
		if (!d->ev[k].posted_days)
			d->ev[k].posted_days = end_days;
	stats->deposits++;
	return sink->deposit(sink->ctx, d);
}
