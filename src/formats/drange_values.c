/*
 * drange_values.c - dates and amounts as the Amazon Date Range report
 * writes them, in any of the languages it is read in
 * (parse_amazon_daterange.h).
 *
 * drange_parse_date reads "Jan 1, 2017 12:07:48 AM PST", "01.11.2017
 * 12:38:23 GMT+01:00", "1 févr. 2018 01.02.03 UTC" and the like: numeric
 * or month-name dates (month names of the five languages), a time with or
 * without AM/PM, and a zone (a name or an offset); month_first says how to
 * read an all-numeric date. drange_parse_money reads an amount in the
 * file's number style (1,234.56 or 1.234,56), refusing grouping
 * separators that do not stand every three digits (Indian grouping:
 * twos, then a final three).
 */
#include "parse_amazon_daterange.h"

#include <string.h>

#include "formats/drange_priv.h"
#include "util/date.h"

/* ------------------------------------------------------------------ */
/* Dates                                                               */

struct cur {
	const unsigned char *p, *end;
};

static void skip_blanks(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == ','))
		c->p++;
}

static int digits(struct cur *c, int max, int *v, int *nd)
{
	*v = 0;
	*nd = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && *nd < max) {
		*v = *v * 10 + (*c->p - '0');
		c->p++;
		(*nd)++;
	}
	return *nd ? 0 : -1;
}

/* letters (ASCII or any UTF-8 byte) folded to lower case, '.' dropped */
static size_t word(struct cur *c, char *out, size_t cap)
{
	size_t n = 0;

	while (c->p < c->end && ((*c->p >= 'a' && *c->p <= 'z') || (*c->p >= 'A' && *c->p <= 'Z') ||
				 *c->p >= 0x80 || *c->p == '.')) {
		unsigned char ch = *c->p++;

		if (ch == '.')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if (n + 1 < cap)
			out[n++] = (char)ch;
	}
	out[n] = '\0';
	return n;
}

static int month_of(const char *w, size_t n)
{
	static const char *const months[12] = {
		"jan|january|januar|janv|janvier|gen|gennaio|ene|enero|jän|jänner",
		"feb|february|februar|févr|fevr|février|febbraio|febrero",
		"mar|march|mär|märz|mrz|mars|marzo",
		"apr|april|avr|avril|aprile|abr|abril",
		"may|mai|mag|maggio|mayo",
		"jun|june|juni|juin|giu|giugno|junio",
		"jul|july|juli|juil|juillet|lug|luglio|julio",
		"aug|august|août|aout|ago|agosto",
		"sep|sept|september|septembre|set|settembre|septiembre|setiembre",
		"oct|october|okt|oktober|octobre|ott|ottobre|octubre",
		"nov|november|novembre|noviembre",
		"dec|december|dez|dezember|déc|décembre|dic|dicembre|diciembre",
	};
	int m;

	for (m = 0; m < 12; m++)
		if (drange_in_list(w, n, months[m]))
			return m + 1;
	return 0;
}

static int zone(struct cur *c, struct drange_time *t)
{
	static const struct { const char *name; int min; } zones[] = {
		{ "pst", -480 }, { "pdt", -420 }, { "mst", -420 }, { "mdt", -360 },
		{ "est", -300 }, { "edt", -240 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "bst", 60 }, { "cet", 60 }, { "mez", 60 }, { "cest", 120 },
		{ "mesz", 120 }, { "ist", 330 }, { "jst", 540 }, { "aest", 600 },
		{ "aedt", 660 },
	};
	char w[16];
	size_t n, i;
	int sign, h, m = 0, nd;

	skip_blanks(c);
	if (c->p == c->end)
		return 0;
	n = word(c, w, sizeof(w));
	if (n) {
		for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
			if (!strcmp(w, zones[i].name))
				break;
		if (i == sizeof(zones) / sizeof(zones[0]))
			return -1;
		t->has_tz = 1;
		t->tz_min = zones[i].min;
	}
	if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
		sign = *c->p == '-' ? -1 : 1;
		c->p++;
		if (digits(c, 2, &h, &nd))
			return -1;
		if (c->p < c->end && *c->p == ':')
			c->p++;
		if (c->p < c->end && *c->p >= '0' && *c->p <= '9' && digits(c, 2, &m, &nd))
			return -1;
		if (h > 14 || m > 59)
			return -1;
		t->has_tz = 1;
		t->tz_min += sign * (h * 60 + m);
	}
	skip_blanks(c);
	return c->p == c->end ? 0 : -1;
}

int drange_parse_date(struct drange_time *out, const char *s, size_t len,
		      int month_first)
{
	struct cur c = { (const unsigned char *)s, (const unsigned char *)s + len };
	int y = 0, m = 0, d = 0, a, b, na, nb, ny, h = 0, mi = 0, se = 0, nd;
	char w[24];
	size_t wn;

	memset(out, 0, sizeof(*out));
	skip_blanks(&c);
	if (c.p == c.end)
		return LL_EPARSE;
	if (*c.p >= '0' && *c.p <= '9') {
		digits(&c, 4, &a, &na);
		if (na == 4 && c.p < c.end && *c.p == '-') { /* 2017-11-01 */
			y = a;
			c.p++;
			if (digits(&c, 2, &m, &nd) || c.p >= c.end || *c.p != '-')
				return LL_EPARSE;
			c.p++;
			if (digits(&c, 2, &d, &nd))
				return LL_EPARSE;
		} else {
			if (na > 2)
				return LL_EPARSE;
			while (c.p < c.end && (*c.p == ' ' || *c.p == '.' || *c.p == '/' ||
					       *c.p == '-'))
				c.p++;
			if (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
				/* 01.11.2017, 01/11/2017 */
				char sep = (char)c.p[-1];

				if (digits(&c, 2, &b, &nb) || c.p >= c.end ||
				    (*c.p != '.' && *c.p != '/' && *c.p != '-'))
					return LL_EPARSE;
				c.p++;
				if (digits(&c, 4, &y, &ny) || ny != 4)
					return LL_EPARSE;
				if (month_first && sep == '/') {
					m = a;
					d = b;
				} else {
					d = a;
					m = b;
				}
			} else {
				/* 01 Nov 2017, 1 nov. 2017, 01/nov/2017 */
				d = a;
				wn = word(&c, w, sizeof(w));
				if (!(m = month_of(w, wn)))
					return LL_EPARSE;
				while (c.p < c.end && (*c.p == ' ' || *c.p == '/' || *c.p == '-'))
					c.p++;
				if (digits(&c, 4, &y, &ny) || ny != 4)
					return LL_EPARSE;
			}
		}
	} else {
		/* Jan 1, 2017 */
		wn = word(&c, w, sizeof(w));
		if (!(m = month_of(w, wn)))
			return LL_EPARSE;
		skip_blanks(&c);
		if (digits(&c, 2, &d, &nd))
			return LL_EPARSE;
		skip_blanks(&c);
		if (digits(&c, 4, &y, &ny) || ny != 4)
			return LL_EPARSE;
	}
	if (!date_valid(y, m, d))
		return LL_EPARSE;
	out->days = date_days(y, m, d);
	skip_blanks(&c);
	if (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
		/* 12:38:23, 12.38.23, 4:24:44 am */
		if (digits(&c, 2, &h, &nd) || c.p >= c.end || (*c.p != ':' && *c.p != '.'))
			return LL_EPARSE;
		c.p++;
		if (digits(&c, 2, &mi, &nd))
			return LL_EPARSE;
		if (c.p < c.end && (*c.p == ':' || *c.p == '.')) {
			c.p++;
			if (digits(&c, 2, &se, &nd))
				return LL_EPARSE;
		}
		skip_blanks(&c);
		if (c.end - c.p >= 2) {
			const unsigned char *save = c.p;

			wn = word(&c, w, sizeof(w));
			if (!strcmp(w, "am") || !strcmp(w, "pm")) {
				if (h < 1 || h > 12)
					return LL_EPARSE;
				h = (h % 12) + (w[0] == 'p' ? 12 : 0);
			} else {
				c.p = save;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return LL_EPARSE;
		out->secs = h * 3600 + mi * 60 + se;
	}
	return zone(&c, out) ? LL_EPARSE : 0;
}

int64_t drange_time_utc(const struct drange_time *t)
{
	return t->days * 86400 + t->secs - (t->has_tz ? (int64_t)t->tz_min * 60 : 0);
}

/* ------------------------------------------------------------------ */
/* Amounts                                                             */

int drange_parse_money(int64_t *out, const char *s, size_t len, int exponent,
		       enum money_style style)
{
	const unsigned char *a = (const unsigned char *)s, *b = a + len;
	unsigned char dec = style == MONEY_COMMA ? ',' : '.';
	unsigned char grp = style == MONEY_COMMA ? '.' : ',';
	int ngroups = 0, run = 0, first = 0, bad = 0;

	/* grouping separators in the integer part sit every three digits
	 * (Indian: twos, then a final three) */
	while (a < b && !(*a >= '0' && *a <= '9'))
		a++;
	while (b > a && !(b[-1] >= '0' && b[-1] <= '9'))
		b--;
	for (; a < b; a++) {
		size_t skip = 0;

		if (*a >= '0' && *a <= '9') {
			run++;
			continue;
		}
		if (*a == dec)
			break;
		if (*a == 0xC2 && a + 1 < b && a[1] == 0xA0)
			skip = 1;
		else if (*a == 0xE2 && a + 2 < b && a[1] == 0x80 && a[2] == 0xAF)
			skip = 2;
		else if (*a != grp && *a != ' ' && *a != 0xA0 && *a != '\'')
			return LL_EPARSE;
		if (ngroups == 0)
			first = run;
		else if (run != 2 && run != 3)
			bad = 1;
		ngroups++;
		run = 0;
		a += skip;
	}
	if (ngroups && (bad || first < 1 || first > 3 || run != 3))
		return LL_EPARSE;
	return money_parse(out, s, len, exponent, style);
}
