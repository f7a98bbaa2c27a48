/*
 * date.c - date parsing by cursor (date.h).
 *
 * Each form is tried by a small cursor-based matcher: digits(n), literal
 * characters, optional time, optional zone. No sscanf, no locale, no
 * time-zone database: the offset is kept as written.
 */
#include "date.h"
#include "err.h"

#include <stdio.h>
#include <string.h>

int date_cur_digits(struct date_cur *c, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (c->p < c->end && n < max && *c->p >= '0' && *c->p <= '9') {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return 0;
}

int date_cur_char(struct date_cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return -1;
}

void date_cur_spaces(struct date_cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int take_word(struct date_cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) >= n && strncmp(c->p, w, n) == 0) {
		c->p += n;
		return 0;
	}
	return -1;
}

/* HH:MM[:SS[.fff]] */
static int take_time(struct date_cur *c, struct ll_time *t)
{
	if (date_cur_digits(c, 1, 2, &t->hour) || date_cur_char(c, ':') ||
	    date_cur_digits(c, 2, 2, &t->min))
		return -1;
	t->sec = 0;
	if (date_cur_char(c, ':') == 0) {
		if (date_cur_digits(c, 2, 2, &t->sec))
			return -1;
		if (date_cur_char(c, '.') == 0) {
			int frac;

			if (date_cur_digits(c, 1, 9, &frac))
				return -1;
		}
	}
	if (t->hour > 23 || t->min > 59 || t->sec > 60)
		return -1;
	t->has_time = 1;
	return 0;
}

/* Z | +HH:MM | +HHMM | +HH | UTC | GMT | GMT+HH:MM */
static int take_zone(struct date_cur *c, struct ll_time *t)
{
	int sign, hh = 0, mm = 0;

	date_cur_spaces(c);
	if (c->p >= c->end)
		return 0;
	if (date_cur_char(c, 'Z') == 0 || take_word(c, "UTC") == 0 ||
	    take_word(c, "GMT") == 0) {
		t->has_tz = 1;
		t->tz_min = 0;
		if (c->p >= c->end)
			return 0;
	}
	if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
		sign = (*c->p == '-') ? -1 : 1;
		c->p++;
		if (date_cur_digits(c, 2, 2, &hh))
			return -1;
		date_cur_char(c, ':');
		if (c->p < c->end && date_cur_digits(c, 2, 2, &mm))
			return -1;
		if (hh > 14 || mm > 59)
			return -1;
		t->has_tz = 1;
		t->tz_min = sign * (hh * 60 + mm);
	}
	date_cur_spaces(c);
	return c->p == c->end ? 0 : -1;
}

int date_parse(struct ll_time *out, const char *s, size_t len)
{
	struct date_cur c = { s, s + len };
	struct ll_time t;
	int a, b, y;

	memset(&t, 0, sizeof(t));
	while (c.p < c.end && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t' ||
			       c.end[-1] == '\r' || c.end[-1] == '\n'))
		c.end--;

	if (date_cur_digits(&c, 1, 4, &a))
		return LL_EPARSE;
	if (c.p - s >= 4 && c.p < c.end && *c.p == '-') {
		/* YYYY-MM-DD */
		t.year = a;
		if (date_cur_char(&c, '-') || date_cur_digits(&c, 1, 2, &t.month) ||
		    date_cur_char(&c, '-') || date_cur_digits(&c, 1, 2, &t.day))
			return LL_EPARSE;
	} else if (date_cur_char(&c, '.') == 0) {
		/* DD.MM.YYYY */
		if (date_cur_digits(&c, 1, 2, &b) || date_cur_char(&c, '.') ||
		    date_cur_digits(&c, 4, 4, &y))
			return LL_EPARSE;
		t.day = a;
		t.month = b;
		t.year = y;
	} else {
		return LL_EPARSE;
	}
	if (!date_valid(t.year, t.month, t.day))
		return LL_EPARSE;
	if (c.p < c.end && (*c.p == 'T' || *c.p == ' ')) {
		struct date_cur save = c;

		c.p++;
		date_cur_spaces(&c);
		if (take_time(&c, &t)) {
			c = save; /* a bare zone after the date, e.g. "2025-07-31 UTC" */
		}
	}
	if (take_zone(&c, &t))
		return LL_EPARSE;
	*out = t;
	return 0;
}

/* "%04u-%02u-%02u" of y % 10000, m % 100, d % 100, without printf */
static void format_ymd(int y, int m, int d, char out[11])
{
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;

	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
}

void date_ymd(const struct ll_time *t, char out[11])
{
	format_ymd(t->year, t->month, t->day, out);
}

void date_days_ymd(int64_t days, char out[11])
{
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	format_ymd(y, m, d, out);
}

int date_valid(int year, int month, int day)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap, max;

	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1)
		return 0;
	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	max = mdays[month - 1] + (month == 2 && leap);
	return day <= max;
}

/* Howard Hinnant's days_from_civil */
int64_t date_days(int year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void date_from_days(int64_t z, int *year, int *month, int *day)
{
	/* the last day asked on this thread: the events of a settlement
	 * mostly come in runs of one day (the map asks each one's month) */
	static _Thread_local int64_t last_z = INT64_MIN;
	static _Thread_local int last_y, last_m, last_d;
	int64_t era, doe, yoe, y, doy, mp, d, m;

	if (z == last_z && z != INT64_MIN) {
		*year = last_y;
		*month = last_m;
		*day = last_d;
		return;
	}
	last_z = z;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	*year = last_y = (int)(y + (m <= 2));
	*month = last_m = (int)m;
	*day = last_d = (int)d;
}

int date_parse_ymd(int64_t *days, const char *s)
{
	struct ll_time t;

	if (!s || strlen(s) != 10 || date_parse(&t, s, 10) || t.has_time)
		return LL_EPARSE;
	*days = date_days(t.year, t.month, t.day);
	return 0;
}
