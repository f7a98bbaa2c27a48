/*
 * parse_mkt.c - helpers the marketplace parsers share (parse_mkt.h).
 *
 * Dates: a cursor walks the text once per form tried (month-name forms,
 * slashed and dashed numeric forms), falling back to date.c for ISO 8601
 * and DD.MM.YYYY; a time and a zone may follow. Amounts: "--" and other
 * placeholders are "no amount", a leading currency code or symbol is
 * skipped, the rest is money.c's exact parser.
 * The set of a file's open deposits is in mkt_set.c.
 */
#include "parse_mkt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- dates ---- */

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/*
 * Month names and abbreviations in English and German (UTF-8 and CP1252
 * ä), French, Italian, Spanish, Dutch and Portuguese (UTF-8), longer ones
 * first so a name is not read as its abbreviation.
 */
static const struct {
	const char *w;
	int m;
} month_names[] = {
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "june", 6 }, { "july", 7 }, { "august", 8 }, { "september", 9 },
	{ "october", 10 }, { "november", 11 }, { "december", 12 },
	{ "januar", 1 }, { "februar", 2 }, { "m\xc3\xa4rz", 3 }, { "m\xe4rz", 3 },
	{ "juni", 6 }, { "juli", 7 }, { "oktober", 10 }, { "dezember", 12 },
	/* French */
	{ "janvier", 1 }, { "f\xc3\xa9vrier", 2 }, { "mars", 3 }, { "avril", 4 },
	{ "juin", 6 }, { "juillet", 7 }, { "ao\xc3\xbbt", 8 }, { "aout", 8 },
	{ "septembre", 9 }, { "octobre", 10 }, { "novembre", 11 },
	{ "d\xc3\xa9" "cembre", 12 }, { "janv", 1 }, { "f\xc3\xa9vr", 2 },
	{ "f\xc3\xa9v", 2 }, { "juil", 7 }, { "d\xc3\xa9" "c", 12 },
	/* Italian */
	{ "gennaio", 1 }, { "febbraio", 2 }, { "marzo", 3 }, { "aprile", 4 },
	{ "maggio", 5 }, { "giugno", 6 }, { "luglio", 7 }, { "agosto", 8 },
	{ "settembre", 9 }, { "ottobre", 10 }, { "dicembre", 12 },
	{ "gen", 1 }, { "mag", 5 }, { "giu", 6 }, { "lug", 7 }, { "ago", 8 },
	{ "set", 9 }, { "ott", 10 }, { "dic", 12 },
	/* Spanish */
	{ "enero", 1 }, { "febrero", 2 }, { "abril", 4 }, { "mayo", 5 },
	{ "junio", 6 }, { "julio", 7 }, { "septiembre", 9 }, { "setiembre", 9 },
	{ "octubre", 10 }, { "noviembre", 11 }, { "diciembre", 12 },
	{ "ene", 1 }, { "abr", 4 },
	/* Dutch */
	{ "januari", 1 }, { "februari", 2 }, { "maart", 3 }, { "mei", 5 },
	{ "augustus", 8 }, { "mrt", 3 },
	/* Portuguese */
	{ "janeiro", 1 }, { "fevereiro", 2 }, { "mar\xc3\xa7o", 3 }, { "maio", 5 },
	{ "junho", 6 }, { "julho", 7 }, { "setembro", 9 }, { "outubro", 10 },
	{ "novembro", 11 }, { "dezembro", 12 }, { "fev", 2 }, { "out", 10 },
	{ "sept", 9 }, { "m\xc3\xa4r", 3 }, { "m\xe4r", 3 },
	{ "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "may", 5 },
	{ "mai", 5 }, { "jun", 6 }, { "jul", 7 }, { "aug", 8 }, { "sep", 9 },
	{ "oct", 10 }, { "okt", 10 }, { "nov", 11 }, { "dec", 12 }, { "dez", 12 },
};

/* the names of month_names by first letter ('a'..'z'), each letter's in
 * the table's order, and their lengths: built once (month_index) */
#define N_MONTH_NAMES (sizeof(month_names) / sizeof(month_names[0]))
_Static_assert(N_MONTH_NAMES < 256, "month_by_letter holds a name's index in a byte");
static unsigned char month_by_letter[N_MONTH_NAMES];
static unsigned short month_letter_at[27];
static unsigned char month_len[N_MONTH_NAMES];
/* a name's first (up to) four bytes packed little-endian, and the mask of
 * the bytes it has: a quick "cannot be this name" before the byte compare */
static uint32_t month_pre[N_MONTH_NAMES], month_mask[N_MONTH_NAMES];
static pthread_once_t month_once = PTHREAD_ONCE_INIT;

static void month_index(void)
{
	size_t i, k = 0;
	int l;

	for (l = 0; l < 26; l++) {
		month_letter_at[l] = (unsigned short)k;
		for (i = 0; i < N_MONTH_NAMES; i++)
			if (month_names[i].w[0] == 'a' + l)
				month_by_letter[k++] = (unsigned char)i;
	}
	month_letter_at[26] = (unsigned short)k;
	for (i = 0; i < N_MONTH_NAMES; i++) {
		size_t b;

		month_len[i] = (unsigned char)strlen(month_names[i].w);
		month_pre[i] = month_mask[i] = 0;
		for (b = 0; b < 4 && b < month_len[i]; b++) {
			month_pre[i] |= (uint32_t)(unsigned char)month_names[i].w[b] << (8 * b);
			month_mask[i] |= 0xFFu << (8 * b);
		}
	}
}

static int month_word(struct date_cur *c, int *out)
{
	size_t j, k, n, avail;
	int first;
	uint32_t in4 = 0;

	if (c->p >= c->end)
		return -1;
	first = lower((unsigned char)c->p[0]);
	if (first < 'a' || first > 'z')
		return -1; /* every name starts with one: a digit is no month */
	pthread_once(&month_once, month_index);
	/* the text's first (up to) four bytes lowered, packed as month_pre */
	avail = (size_t)(c->end - c->p);
	for (k = 0; k < 4 && k < avail; k++)
		in4 |= (uint32_t)lower((unsigned char)c->p[k]) << (8 * k);
	/* the names of that first letter, in the table's order */
	for (j = month_letter_at[first - 'a']; j < month_letter_at[first - 'a' + 1]; j++) {
		size_t i = month_by_letter[j];

		n = month_len[i];
		if (avail < n || (in4 & month_mask[i]) != month_pre[i])
			continue;
		for (k = 0; k < n; k++)
			if (lower((unsigned char)c->p[k]) != (unsigned char)month_names[i].w[k])
				break;
		if (k < n)
			continue;
		/* the word must end here */
		if ((size_t)(c->end - c->p) > n) {
			int nx = lower((unsigned char)c->p[n]);

			if (nx >= 'a' && nx <= 'z')
				continue;
		}
		c->p += n;
		if (c->p < c->end && *c->p == '.')
			c->p++;
		*out = month_names[i].m;
		return 0;
	}
	return -1;
}

/* the Spanish and Portuguese "de" between day, month and year */
static void skip_de(struct date_cur *c)
{
	if (c->end - c->p >= 3 && lower((unsigned char)c->p[0]) == 'd' &&
	    lower((unsigned char)c->p[1]) == 'e' && c->p[2] == ' ') {
		c->p += 3;
		date_cur_spaces(c);
	}
}

static int year_of(int y, int ndigits)
{
	return ndigits <= 2 ? 2000 + y : y;
}

static int take_year(struct date_cur *c, int *y)
{
	const char *s = c->p;

	if (date_cur_digits(c, 2, 4, y))
		return -1;
	if (c->p - s == 3)
		return -1;
	*y = year_of(*y, (int)(c->p - s));
	return 0;
}

/* optional " HH:MM[:SS] [AM|PM] [zone]" */
static int take_tail(struct date_cur *c, struct ll_time *t)
{
	int h, m, s = 0;

	date_cur_spaces(c);
	if (c->p < c->end && (*c->p == 'T' || *c->p == ','))
		c->p++;
	date_cur_spaces(c);
	if (c->p == c->end)
		return 0;
	if (date_cur_digits(c, 1, 2, &h) || date_cur_char(c, ':') || date_cur_digits(c, 2, 2, &m))
		return -1;
	if (date_cur_char(c, ':') == 0 && date_cur_digits(c, 2, 2, &s))
		return -1;
	if (c->p < c->end && *c->p == '.') { /* fractions */
		c->p++;
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
			c->p++;
	}
	date_cur_spaces(c);
	if (c->end - c->p >= 2 && (lower(c->p[0]) == 'a' || lower(c->p[0]) == 'p') &&
	    lower(c->p[1]) == 'm') {
		if (h > 12 || h == 0)
			return -1;
		if (lower(c->p[0]) == 'p' && h < 12)
			h += 12;
		else if (lower(c->p[0]) == 'a' && h == 12)
			h = 0;
		c->p += 2;
	}
	if (h > 23 || m > 59 || s > 60)
		return -1;
	t->hour = h;
	t->min = m;
	t->sec = s;
	t->has_time = 1;
	date_cur_spaces(c);
	if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
		int sign = *c->p == '-' ? -1 : 1, hh, mm = 0;

		c->p++;
		if (date_cur_digits(c, 2, 2, &hh))
			return -1;
		date_cur_char(c, ':');
		date_cur_digits(c, 2, 2, &mm);
		t->has_tz = 1;
		t->tz_min = sign * (hh * 60 + mm);
	} else if (c->p < c->end) {
		/* a zone word (PDT, GMT, Europe/Berlin): its offset when the
		 * table knows it (an eBay transaction report's times) */
		int off;

		if (mkt_zone_find(c->p, (size_t)(c->end - c->p), t->year, t->month, t->day,
				  &off) == 0) {
			t->has_tz = 1;
			t->tz_min = off;
		}
	}
	return 0;
}

static int finish(struct ll_time *out, struct ll_time *t, struct date_cur *c)
{
	if (!date_valid(t->year, t->month, t->day))
		return LL_EPARSE;
	if (take_tail(c, t))
		return LL_EPARSE;
	*out = *t;
	return 0;
}

int mkt_date_order(const char *s, size_t len)
{
	struct date_cur c = { s, s + len };
	int a, b;

	date_cur_spaces(&c);
	if (date_cur_digits(&c, 1, 2, &a) || (date_cur_char(&c, '/') && date_cur_char(&c, '-')) || date_cur_digits(&c, 1, 2, &b))
		return -1;
	if (a > 12 && b <= 12)
		return MKT_DMY;
	if (b > 12 && a <= 12)
		return MKT_MDY;
	return -1;
}

int mkt_date(struct ll_time *out, const char *s, size_t len, enum mkt_dmy order)
{
	struct date_cur c = { s, s + len };
	struct ll_time t;
	int a, b, m;
	char sep;

	memset(&t, 0, sizeof(t));
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\r' || c.end[-1] == '\n'))
		c.end--;
	date_cur_spaces(&c);
	if (c.p == c.end)
		return LL_EPARSE;
	if (date_parse(out, c.p, (size_t)(c.end - c.p)) == 0)
		return 0;
	if (month_word(&c, &m) == 0) {
		/* Jul-25-26, Oct 2, 2026, Oct-02-2026 */
		t.month = m;
		if (c.p < c.end && (*c.p == '-' || *c.p == ' '))
			c.p++;
		date_cur_spaces(&c);
		if (date_cur_digits(&c, 1, 2, &t.day))
			return LL_EPARSE;
		if (c.p < c.end && *c.p == ',')
			c.p++;
		if (c.p < c.end && (*c.p == '-' || *c.p == ' '))
			c.p++;
		date_cur_spaces(&c);
		if (take_year(&c, &t.year))
			return LL_EPARSE;
		return finish(out, &t, &c);
	}
	if (date_cur_digits(&c, 1, 2, &a))
		return LL_EPARSE;
	if (c.p + 1 < c.end && (*c.p == '/' || *c.p == '-') && c.p[1] >= '0' && c.p[1] <= '9') {
		sep = *c.p++;
		if (date_cur_digits(&c, 1, 2, &b) || date_cur_char(&c, sep) || take_year(&c, &t.year))
			return LL_EPARSE;
		if (a > 12)
			order = MKT_DMY;
		else if (b > 12)
			order = MKT_MDY;
		t.day = order == MKT_DMY ? a : b;
		t.month = order == MKT_DMY ? b : a;
		return finish(out, &t, &c);
	}
	/* "2. Okt. 2026", "2 Oct 2026", "2-ott-2026", "2 de octubre de 2026" */
	if (date_cur_char(&c, '.'))
		date_cur_char(&c, '-');
	date_cur_spaces(&c);
	skip_de(&c);
	if (month_word(&c, &m))
		return LL_EPARSE;
	if (c.p < c.end && *c.p == '-')
		c.p++;
	date_cur_spaces(&c);
	skip_de(&c);
	t.day = a;
	t.month = m;
	if (take_year(&c, &t.year))
		return LL_EPARSE;
	return finish(out, &t, &c);
}

int64_t mkt_days(const struct ll_time *t)
{
	return date_days(t->year, t->month, t->day);
}

/* day of month of the n-th (n > 0) or last (n = 0) Sunday of a month */
static int sunday(int y, int m, int n)
{
	int64_t first = date_days(y, m, 1);
	int wd = (int)((first + 4) % 7); /* 1970-01-01 was a Thursday; 0 = Sunday */
	int d = 1 + (7 - wd) % 7;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last = mdays[m - 1] + (m == 2 && date_valid(y, 2, 29));

	if (n > 0)
		return d + 7 * (n - 1);
	while (d + 7 <= last)
		d += 7;
	return d;
}

static int in_dst(int rule, int y, int m, int d)
{
	int md = m * 100 + d;

	if (rule == 1) /* US: 2nd Sunday of March to 1st Sunday of November */
		return md >= 300 + sunday(y, 3, 2) && md < 1100 + sunday(y, 11, 1);
	if (rule == 2) /* EU: last Sunday of March to last Sunday of October */
		return md >= 300 + sunday(y, 3, 0) && md < 1000 + sunday(y, 10, 0);
	if (rule == 3) /* AU south-east: 1st Sunday of October to 1st Sunday of April */
		return md >= 1000 + sunday(y, 10, 1) || md < 400 + sunday(y, 4, 1);
	return 0;
}

int mkt_zone_offset(const char *zone, size_t len, int year, int month, int day)
{
	int off = 0;

	mkt_zone_find(zone, len, year, month, day, &off);
	return off;
}

int mkt_zone_find(const char *zone, size_t len, int year, int month, int day, int *off)
{
	static const struct {
		const char *name;
		int std, rule; /* minutes east; DST rule (+60 when in force) */
	} zones[] = {
		{ "UTC", 0, 0 }, { "GMT", 0, 0 }, { "Z", 0, 0 },
		{ "PST", -480, 0 }, { "PDT", -420, 0 }, { "MST", -420, 0 },
		{ "MDT", -360, 0 }, { "CST", -360, 0 }, { "CDT", -300, 0 },
		{ "EST", -300, 0 }, { "EDT", -240, 0 }, { "BST", 60, 0 },
		{ "CET", 60, 0 }, { "CEST", 120, 0 }, { "MEZ", 60, 0 }, { "MESZ", 120, 0 },
		{ "AEST", 600, 0 }, { "AEDT", 660, 0 },
		{ "America/Los_Angeles", -480, 1 }, { "America/Denver", -420, 1 },
		{ "America/Chicago", -360, 1 }, { "America/New_York", -300, 1 },
		{ "America/Toronto", -300, 1 }, { "Europe/London", 0, 2 },
		{ "Europe/Dublin", 0, 2 }, { "Europe/Berlin", 60, 2 },
		{ "Europe/Paris", 60, 2 }, { "Europe/Madrid", 60, 2 },
		{ "Europe/Rome", 60, 2 }, { "Europe/Amsterdam", 60, 2 },
		{ "Australia/Sydney", 600, 3 }, { "Australia/Melbourne", 600, 3 },
	};
	struct field f = text_trim((struct field){ zone, len });
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (text_ieq(f, zones[i].name)) {
			*off = zones[i].std + (in_dst(zones[i].rule, year, month, day) ? 60 : 0);
			return 0;
		}
	return -1;
}

/* ---- money ---- */

/* blanks and no-break spaces (UTF-8 or Latin-1) off both ends */
static void trim_nbsp(struct field *v)
{
	*v = text_trim(*v);
	while (v->len && (unsigned char)v->p[v->len - 1] == 0xA0) {
		v->len--;
		if (v->len && (unsigned char)v->p[v->len - 1] == 0xC2)
			v->len--;
		*v = text_trim(*v);
	}
}

static int skip_code(struct field *v, char code[4])
{
	/* "USD 12.00", "USD12.00", "EUR -3,00" */
	if (v->len >= 4 && v->p[0] >= 'A' && v->p[0] <= 'Z' && v->p[1] >= 'A' &&
	    v->p[1] <= 'Z' && v->p[2] >= 'A' && v->p[2] <= 'Z' &&
	    (v->p[3] == ' ' || v->p[3] == '-' || (v->p[3] >= '0' && v->p[3] <= '9'))) {
		if (code) {
			memcpy(code, v->p, 3);
			code[3] = '\0';
		}
		v->p += 3;
		v->len -= 3;
		return 1;
	}
	return 0;
}

enum money_style mkt_money_proof(struct field v)
{
	size_t i, ndot = 0, ncomma = 0, after = 0;
	char last = 0;

	for (i = 0; i < v.len; i++) {
		char ch = v.p[i];

		if (ch == '.' || ch == ',') {
			ndot += ch == '.';
			ncomma += ch == ',';
			last = ch;
			after = 0;
		} else if (ch >= '0' && ch <= '9') {
			after += last != 0;
		}
	}
	if (!last)
		return MONEY_AUTO;
	if (ndot && ncomma) /* the later one is the decimal point */
		return last == '.' ? MONEY_DOT : MONEY_COMMA;
	if ((last == '.' ? ndot : ncomma) > 1) /* repeated: grouping */
		return last == '.' ? MONEY_COMMA : MONEY_DOT;
	if (after == 3) /* 1,234 or 1.234: either */
		return MONEY_AUTO;
	return last == '.' ? MONEY_DOT : MONEY_COMMA;
}

int mkt_money_as(int64_t *out, struct field v, int exponent, enum money_style dflt)
{
	enum money_style s = mkt_money_proof(v);

	return mkt_money(out, v, exponent, s == MONEY_AUTO ? dflt : s);
}

/* a currency symbol or ISO code written after the number ("116,99 €",
 * "12,00 EUR"): stripped from v, its code into code (when not NULL) */
static int strip_trailing(struct field *v, char code[4])
{
	static const struct {
		const char *sym, *code;
	} syms[] = {
		{ "\xe2\x82\xac", "EUR" }, { "\x80", "EUR" }, { "\xc2\xa3", "GBP" },
		{ "\xa3", "GBP" }, { "$", "USD" },
	};
	size_t i, n;

	trim_nbsp(v);
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		n = strlen(syms[i].sym);
		if (v->len > n && memcmp(v->p + v->len - n, syms[i].sym, n) == 0 &&
		    v->p[v->len - n - 1] != '-') {
			if (code)
				memcpy(code, syms[i].code, 4);
			v->len -= n;
			trim_nbsp(v);
			return 1;
		}
	}
	if (v->len > 4 && v->p[v->len - 1] >= 'A' && v->p[v->len - 1] <= 'Z' &&
	    v->p[v->len - 2] >= 'A' && v->p[v->len - 2] <= 'Z' && v->p[v->len - 3] >= 'A' &&
	    v->p[v->len - 3] <= 'Z' &&
	    (v->p[v->len - 4] == ' ' || (v->p[v->len - 4] >= '0' && v->p[v->len - 4] <= '9'))) {
		if (code) {
			memcpy(code, v->p + v->len - 3, 3);
			code[3] = '\0';
		}
		v->len -= 3;
		trim_nbsp(v);
		return 1;
	}
	return 0;
}

const char *mkt_money_currency(struct field v, char out[4])
{
	static const struct {
		const char *sym, *code;
	} syms[] = {
		{ "US $", "USD" }, { "US$", "USD" }, { "C $", "CAD" }, { "CA$", "CAD" },
		{ "C$", "CAD" }, { "AU $", "AUD" }, { "AU$", "AUD" }, { "A$", "AUD" },
		{ "NZ$", "NZD" }, { "$", "USD" }, { "\xc2\xa3", "GBP" }, { "\xa3", "GBP" },
		{ "\xe2\x82\xac", "EUR" }, { "\x80", "EUR" }, { "\xc2\xa5", "JPY" },
	};
	size_t i, n;

	v = text_trim(v);
	if (v.len && (v.p[0] == '-' || v.p[0] == '(')) {
		v.p++;
		v.len--;
	}
	if (skip_code(&v, out))
		return out;
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		n = strlen(syms[i].sym);
		if (v.len >= n && memcmp(v.p, syms[i].sym, n) == 0) {
			memcpy(out, syms[i].code, 4);
			return out;
		}
	}
	if (strip_trailing(&v, out) && v.len && v.p[v.len - 1] >= '0' && v.p[v.len - 1] <= '9')
		return out;
	return NULL;
}

int mkt_money(int64_t *out, struct field v, int exponent, enum money_style style)
{
	char code[4];
	int neg = 0;

	v = text_trim(v);
	if (v.len == 0 || (v.len == 2 && v.p[0] == '-' && v.p[1] == '-') ||
	    (v.len == 1 && v.p[0] == '-') ||
	    (v.len == 3 && (v.p[0] | 0x20) == 'n' && text_ieq(v, "n/a")) ||
	    (v.len == 5 && v.p[0] == '-' && text_ieq(v, "--,--")))
		return 1;
	if (v.len > 4 && v.p[0] == '-' && v.p[1] >= 'A' && v.p[1] <= 'Z') {
		neg = 1; /* "-USD 12.00" */
		v.p++;
		v.len--;
	}
	/* a number that ends in a digit (most cells) has no symbol or code
	 * after it: strip_trailing would find none and leave v as it is */
	if (skip_code(&v, code)) {
		v = text_trim(v);
	} else if (!(v.p[v.len - 1] >= '0' && v.p[v.len - 1] <= '9') &&
		   strip_trailing(&v, code)) {
		v = text_trim(v);
	}
	if (v.len > 2 && v.p[0] == 'A' && v.p[1] == '$') { /* A$ is not in money.c */
		v.p += 2;
		v.len -= 2;
	}
	if (money_parse(out, v.p, v.len, exponent, style))
		return LL_EPARSE;
	if (neg)
		*out = -*out;
	return 0;
}

/* ---- columns ---- */

static int name_eq(struct field f, const char *name)
{
	size_t i = 0, k = 0;

	f = text_trim(f);
	while (f.len && (f.p[0] == '"' || (unsigned char)f.p[0] == 0xEF)) {
		if ((unsigned char)f.p[0] == 0xEF && f.len >= 3) { /* stray BOM */
			f.p += 3;
			f.len -= 3;
			continue;
		}
		f.p++;
		f.len--;
	}
	while (f.len && (f.p[f.len - 1] == '"' || f.p[f.len - 1] == ' '))
		f.len--;
	while (i < f.len && name[k]) {
		if (f.p[i] == ' ' && i + 1 < f.len && f.p[i + 1] == ' ') {
			i++;
			continue;
		}
		if (lower((unsigned char)f.p[i]) != lower((unsigned char)name[k]))
			return 0;
		i++;
		k++;
	}
	return i == f.len && name[k] == '\0';
}

int mkt_col(const struct csvrec *hdr, const char *const *names)
{
	size_t i, k, n = hdr->nf < CSVREC_MAX_FIELDS ? hdr->nf : CSVREC_MAX_FIELDS;

	for (k = 0; names[k]; k++)
		for (i = 0; i < n; i++)
			if (name_eq(hdr->f[i], names[k]))
				return (int)i;
	return -1;
}

char mkt_delim(const char *line, size_t len)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int inq = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			inq = !inq;
		else if (!inq && line[i] == ',')
			comma++;
		else if (!inq && line[i] == ';')
			semi++;
		else if (!inq && line[i] == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

struct field mkt_cell(const struct csvrec *r, int idx)
{
	struct field empty = { "", 0 };

	if (idx < 0 || (size_t)idx >= r->nf || idx >= CSVREC_MAX_FIELDS)
		return empty;
	return text_trim(r->f[idx]);
}
