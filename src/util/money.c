/*
 * money.c - exact parsing and formatting of decimal amounts (money.h).
 *
 * The parser walks the text once: it strips blanks, a sign and a currency
 * symbol, then collects digits while remembering where separators were.
 * Which separator is the decimal point is decided from the style, or in
 * MONEY_AUTO from the text itself (the last of '.' and ',' when both occur;
 * a lone ',' followed by exactly three digits is a thousands separator).
 */
#include "money.h"
#include "err.h"
#include "fmt.h"

#include <stdio.h>
#include <string.h>

static int is_blank(const unsigned char *p, const unsigned char *end, size_t *skip)
{
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
		*skip = 1;
		return 1;
	}
	if (*p == 0xA0) { /* Latin-1 NBSP */
		*skip = 1;
		return 1;
	}
	if (p + 1 < end && p[0] == 0xC2 && p[1] == 0xA0) { /* UTF-8 NBSP */
		*skip = 2;
		return 1;
	}
	if (p + 2 < end && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) { /* NNBSP */
		*skip = 3;
		return 1;
	}
	return 0;
}

static size_t symbol_len(const unsigned char *p, const unsigned char *end)
{
	static const char *const syms[] = {
		"US $", "C $", "AU $", "AU$", "CA$", "US$", "NZ$", "$",
		"\xC2\xA3", "\xE2\x82\xAC", "\xC2\xA5", "\xA3", "\x80", NULL
	};
	size_t i, n;

	/* no symbol starts with a digit, a sign or a separator */
	if (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',' || *p == '-'))
		return 0;
	for (i = 0; syms[i]; i++) {
		n = strlen(syms[i]);
		if ((size_t)(end - p) >= n && memcmp(p, syms[i], n) == 0)
			return n;
	}
	return 0;
}

int money_parse(int64_t *out, const char *s, size_t len, int exponent,
		enum money_style style)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	char digits[40];
	size_t nd = 0, skip, n;
	int neg = 0, paren = 0, nseps = 0, ndots = 0, ncommas = 0;
	long seppos[40];
	char sepch[40];
	long decpos = -1; /* number of digits before the decimal point */
	int i, frac;
	int64_t v = 0;

	/* the common case, "-1234.56": a sign, up to 15 digits, a decimal
	 * point with no more decimals than the currency has; the general
	 * reading below gives the same for it (a dot is the decimal point
	 * unless the style says comma) */
	if (style != MONEY_COMMA && len > 0 && len < 24) {
		size_t k = p[0] == '-', nint = 0, nfrac = 0;
		int dot = 0;

		for (; k < len; k++) {
			if (p[k] >= '0' && p[k] <= '9') {
				if (nint + nfrac >= 18)
					break; /* longer: the general reading (no overflow) */
				v = v * 10 + (p[k] - '0');
				if (dot)
					nfrac++;
				else
					nint++;
			} else if (p[k] == '.' && !dot && nint) {
				dot = 1;
			} else {
				break;
			}
		}
		if (k == len && nint && nint + (size_t)exponent <= 18 &&
		    (!dot || (nfrac >= 1 && nfrac <= 3)) && (int)nfrac <= exponent) {
			for (frac = (int)nfrac; frac < exponent; frac++)
				v *= 10;
			if (v > MONEY_MAX_MINOR)
				return LL_EPARSE;
			*out = p[0] == '-' ? -v : v;
			return 0;
		}
		v = 0;
	}

	/* trim both ends */
	while (p < end && is_blank(p, end, &skip))
		p += skip;
	while (end > p) {
		if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
		    end[-1] == '\n' || end[-1] == 0xA0)
			end--;
		else if (end - p >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (p < end && *p == '(' && end[-1] == ')') {
		paren = 1;
		p++;
		end--;
	}
	if (p < end && (*p == '-' || *p == '+')) {
		neg = (*p == '-');
		p++;
	}
	if ((n = symbol_len(p, end)) > 0) {
		p += n;
		while (p < end && is_blank(p, end, &skip))
			p += skip;
		if (p < end && (*p == '-' || *p == '+') && !neg) {
			neg = (*p == '-');
			p++;
		}
	}
	if (end > p && end[-1] == '-' && !neg) { /* trailing minus */
		neg = 1;
		end--;
	}
	if (p >= end)
		return LL_EPARSE;

	while (p < end) {
		if (*p >= '0' && *p <= '9') {
			if (nd >= sizeof(digits))
				return LL_EPARSE;
			digits[nd++] = (char)*p++;
		} else if (*p == '.' || *p == ',' || *p == '\'') {
			if (nseps >= 40 || nd == 0)
				return LL_EPARSE;
			seppos[nseps] = (long)nd;
			sepch[nseps++] = (char)*p;
			if (*p == '.')
				ndots++;
			else if (*p == ',')
				ncommas++;
			p++;
		} else if (is_blank(p, end, &skip)) {
			/* NBSP or space used as a thousands separator */
			if (nseps >= 40 || nd == 0)
				return LL_EPARSE;
			seppos[nseps] = (long)nd;
			sepch[nseps++] = ' ';
			p += skip;
		} else {
			return LL_EPARSE;
		}
	}
	if (nd == 0)
		return LL_EPARSE;

	/* Which separator, if any, is the decimal point? */
	if (nseps > 0) {
		char last = sepch[nseps - 1];
		char dec = 0;

		if (style == MONEY_DOT)
			dec = '.';
		else if (style == MONEY_COMMA)
			dec = ',';
		else if (ndots && ncommas)
			dec = last; /* the later one */
		else if (ndots == 1)
			dec = '.';
		else if (ncommas == 1)
			dec = ((long)nd - seppos[nseps - 1] == 3) ? 0 : ',';
		if (dec && last == dec) {
			decpos = seppos[nseps - 1];
			nseps--;
		}
		/* every remaining separator must be a grouping one */
		for (i = 0; i < nseps; i++) {
			if (sepch[i] == dec)
				return LL_EPARSE;
			if (style != MONEY_AUTO && sepch[i] == '.' && style == MONEY_DOT)
				return LL_EPARSE;
			if (style == MONEY_COMMA && sepch[i] == ',')
				return LL_EPARSE;
		}
	}
	if (decpos < 0)
		decpos = (long)nd;
	frac = (int)((long)nd - decpos);
	/* extra fraction digits beyond the exponent must be zero */
	while (frac > exponent) {
		if (digits[nd - 1] != '0')
			return LL_EPARSE;
		nd--;
		frac--;
	}
	for (size_t k = 0; k < nd; k++) {
		if (v > (INT64_MAX - (digits[k] - '0')) / 10)
			return LL_EPARSE;
		v = v * 10 + (digits[k] - '0');
	}
	for (; frac < exponent; frac++) {
		if (v > INT64_MAX / 10)
			return LL_EPARSE;
		v *= 10;
	}
	if (paren && neg)
		return LL_EPARSE;
	if (v > MONEY_MAX_MINOR)
		return LL_EPARSE;
	*out = (neg || paren) ? -v : v;
	return 0;
}

int64_t money_add(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r) || r < -INT64_MAX)
		return (b < 0) ? -INT64_MAX : INT64_MAX;
	return r;
}

int64_t money_sub(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r) || r < -INT64_MAX)
		return (b > 0) ? -INT64_MAX : INT64_MAX;
	return r;
}

size_t money_text(char *out, int64_t minor, int exponent)
{
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t scale = 1, frac;
	size_t n = 0;
	int i;

	if (exponent < 0 || exponent > MONEY_TEXT_EXP)
		return 0;
	for (i = 0; i < exponent; i++)
		scale *= 10;
	if (minor < 0)
		out[n++] = '-';
	n += fmt_u64(out + n, a / scale);
	if (exponent == 0)
		return n;
	out[n++] = '.';
	/* the fraction, zero-padded to exponent digits ("%0*llu") */
	frac = a % scale;
	for (i = exponent - 1; i >= 0; i--) {
		out[n + (size_t)i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	return n + (size_t)exponent;
}

char *money_format(char *out, size_t outlen, int64_t minor, int exponent)
{
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t scale = 1;
	char t[MONEY_TEXT_MAX];
	int i;

	if (exponent >= 0 && exponent <= MONEY_TEXT_EXP) {
		size_t n = money_text(t, minor, exponent);

		if (outlen) {
			if (n > outlen - 1)
				n = outlen - 1;
			memcpy(out, t, n);
			out[n] = '\0';
		}
		return out;
	}
	/* an exponent no currency has: as snprintf always wrote it */
	for (i = 0; i < exponent; i++)
		scale *= 10;
	if (exponent == 0)
		snprintf(out, outlen, "%s%llu", minor < 0 ? "-" : "",
			 (unsigned long long)a);
	else
		snprintf(out, outlen, "%s%llu.%0*llu", minor < 0 ? "-" : "",
			 (unsigned long long)(a / scale), exponent,
			 (unsigned long long)(a % scale));
	return out;
}

int currency_exponent(const char *code)
{
	static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
	static const char three[] = "BHD IQD JOD KWD LYD OMR TND";

	if (!currency_valid(code))
		return 2;
	if (strstr(zero, code))
		return 0;
	if (strstr(three, code))
		return 3;
	return 2;
}

int currency_valid(const char *code)
{
	return code && strlen(code) == 3 &&
	       code[0] >= 'A' && code[0] <= 'Z' &&
	       code[1] >= 'A' && code[1] <= 'Z' &&
	       code[2] >= 'A' && code[2] <= 'Z';
}

int money_muldiv(int64_t *out, int64_t a, int64_t num, int64_t den)
{
	__int128 p, q, r;
	int neg;

	if (den == 0)
		return LL_EPARSE;
	p = (__int128)a * num;
	neg = (p < 0) != (den < 0);
	if (p < 0)
		p = -p;
	q = den < 0 ? -(__int128)den : (__int128)den;
	r = p % q;
	p /= q;
	if (2 * r >= q) /* half or more: away from zero */
		p++;
	if (p > INT64_MAX)
		return LL_EPARSE;
	*out = neg ? -(int64_t)p : (int64_t)p;
	return 0;
}

int money_rate_in_name(const char *name, size_t len, int64_t *rate_e4)
{
	char num[32];
	size_t end = len, start, i, k = 0;

	while (end && (name[end - 1] == ' ' || name[end - 1] == ')'))
		end--;
	if (!end || name[end - 1] != '%')
		return LL_EPARSE;
	end--;
	while (end && name[end - 1] == ' ')
		end--;
	start = end;
	while (start && ((name[start - 1] >= '0' && name[start - 1] <= '9') ||
			 name[start - 1] == '.' || name[start - 1] == ','))
		start--;
	if (start == end || end - start >= sizeof(num))
		return LL_EPARSE;
	for (i = start; i < end; i++)
		num[k++] = name[i] == ',' ? '.' : name[i];
	num[k] = '\0';
	if (money_parse(rate_e4, num, k, 4, MONEY_DOT) || *rate_e4 < 0 || *rate_e4 > 1000000)
		return LL_EPARSE;
	return 0;
}
