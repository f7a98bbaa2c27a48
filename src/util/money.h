/*
 * money.h - exact decimal money: text <-> integer minor units.
 *
 * Amounts are int64 counts of the currency's minor unit (cents for USD,
 * yen for JPY). Parsing is exact: "12.345" into a 2-decimal currency is a
 * parse error, never a rounding. No floating point anywhere.
 */
#ifndef LL_MONEY_H
#define LL_MONEY_H

#include <stddef.h>
#include <stdint.h>

enum money_style {
	MONEY_AUTO = 0,  /* decide per value from the separators present */
	MONEY_DOT,       /* 1,234.56 (US, UK, CA, flat files) */
	MONEY_COMMA      /* 1.234,56 and 1 234,56 (DE, FR, IT, ES) */
};

/*
 * Parse s[0..len) into *out minor units of a currency with `exponent`
 * decimals. Accepts surrounding blanks (incl. NBSP), a leading or trailing
 * sign, parentheses for negatives, grouping separators, and a leading
 * currency symbol ($, £, €, ¥). Returns 0, or LL_EPARSE for anything
 * that is not an exact amount (empty, letters, too many decimals,
 * overflow).
 */
int money_parse(int64_t *out, const char *s, size_t len, int exponent,
		enum money_style style);

/*
 * The largest amount money_parse accepts, in minor units: 10^15 (ten
 * trillion at two decimals; no sale or settlement is near it). A bigger
 * one is not an amount, so sums of amounts stay far from int64's end.
 */
#define MONEY_MAX_MINOR 1000000000000000LL

/*
 * a + b and a - b, saturated at +-INT64_MAX instead of overflowing (a
 * hostile file can hold many amounts near MONEY_MAX_MINOR): a saturated
 * total never ties with its amounts, so the deposit is reported, not
 * planned.
 */
int64_t money_add(int64_t a, int64_t b);
int64_t money_sub(int64_t a, int64_t b);

/* Format minor units as "-1234.56" (exponent decimals), truncated to
 * outlen - 1 characters as snprintf truncates. Returns out. */
char *money_format(char *out, size_t outlen, int64_t minor, int exponent);

/*
 * The same text into out (MONEY_TEXT_MAX bytes), not NUL-terminated, for
 * exponent 0..MONEY_TEXT_EXP: returns its length (a writer appends it
 * without measuring it). Any other exponent writes nothing: 0 (use
 * money_format).
 */
#define MONEY_TEXT_MAX 48
#define MONEY_TEXT_EXP 18
size_t money_text(char *out, int64_t minor, int exponent);

/* ISO 4217 minor-unit exponent: 0 for JPY/KRW..., 3 for BHD/KWD..., else 2. */
int currency_exponent(const char *code);

/* 1 if code is three ASCII capital letters. */
int currency_valid(const char *code);

/*
 * *out = a * num / den, rounded half away from zero, exactly (a 128-bit
 * product): converting an amount at a rate given as two amounts (what a
 * currency conversion paid and received). Returns 0, or LL_EPARSE when
 * den is 0 or the result does not fit in int64.
 */
int money_muldiv(int64_t *out, int64_t a, int64_t num, int64_t den);

/*
 * The rate at the end of a tax's name ("California State Tax 7.25%",
 * "GST 10%", "VAT 20 %", "IVA (21%)"), as percent x 10^4 (7.25% = 72500)
 * into *rate_e4. 0, or LL_EPARSE when the name ends in no rate.
 */
int money_rate_in_name(const char *name, size_t len, int64_t *rate_e4);

#endif
