/*
 * date.h - parsing the date and time forms found in exports.
 *
 * A parsed moment keeps the calendar date and time as written in the
 * source plus its UTC offset when one was given. The date a document is
 * posted on is the date as written (the platform's local date).
 */
#ifndef LL_DATE_H
#define LL_DATE_H

#include <stddef.h>
#include <stdint.h>

struct ll_time {
	int year, month, day;
	int hour, min, sec;
	int has_time;
	int has_tz;
	int tz_min;  /* offset east of UTC in minutes, when has_tz */
};

/*
 * A cursor over date text, for the date forms of one export format that
 * live in its parser: take digits, a character, blanks, in order.
 */
struct date_cur {
	const char *p, *end;
};

/* min..max digits into *out; 0, or -1 (cursor unchanged past the digits read) */
int date_cur_digits(struct date_cur *c, int min, int max, int *out);
/* the character ch; 0 or -1 */
int date_cur_char(struct date_cur *c, char ch);
/* skip spaces and tabs */
void date_cur_spaces(struct date_cur *c);

/*
 * Parse s[0..len). Accepted: ISO 8601 "2025-07-31", "2025-07-31T22:07:18",
 * with "Z", "+00:00", "+0000" or " UTC"/" GMT" suffix; "2017-08-17 07:48:49 UTC";
 * "31.07.2025" and "31.07.2025 22:07:18 UTC". Returns 0 or LL_EPARSE.
 */
int date_parse(struct ll_time *out, const char *s, size_t len);

/* Write "YYYY-MM-DD" (11 bytes with NUL). */
void date_ymd(const struct ll_time *t, char out[11]);

/* Write the date of days-since-epoch as "YYYY-MM-DD". */
void date_days_ymd(int64_t days, char out[11]);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t date_days(int year, int month, int day);

/* Inverse of date_days. */
void date_from_days(int64_t days, int *year, int *month, int *day);

/* 1 if y-m-d is a real calendar date. */
int date_valid(int year, int month, int day);

/* Parse exactly "YYYY-MM-DD" into days since epoch. 0 or LL_EPARSE. */
int date_parse_ymd(int64_t *days, const char *s);

#endif
