/* test_money.c - exact decimal parsing and formatting, table-driven. */
#include <stdio.h>

#include "tap.h"
#include "util/money.h"
#include "plan/normalize.h"
#include "util/err.h"

struct mcase {
	const char *in;
	int exponent;
	enum money_style style;
	int rc;
	int64_t want;
};

static const struct mcase cases[] = {
	{ "12.34", 2, MONEY_AUTO, 0, 1234 },
	{ "-321.69", 2, MONEY_AUTO, 0, -32169 },
	{ "321.69    ", 2, MONEY_AUTO, 0, 32169 },        /* trailing spaces */
	{ "  -0.01", 2, MONEY_AUTO, 0, -1 },
	{ "5", 2, MONEY_AUTO, 0, 500 },
	{ "1.8", 2, MONEY_AUTO, 0, 180 },
	{ "0.10", 2, MONEY_AUTO, 0, 10 },
	{ "12.340", 2, MONEY_AUTO, 0, 1234 },             /* extra zero ok */
	{ "12.345", 2, MONEY_AUTO, LL_EPARSE, 0 },        /* never rounds */
	{ "1,234.56", 2, MONEY_AUTO, 0, 123456 },
	{ "1.234,56", 2, MONEY_AUTO, 0, 123456 },
	{ "-5,12", 2, MONEY_AUTO, 0, -512 },
	{ "12,5", 2, MONEY_AUTO, 0, 1250 },
	{ "1,234", 2, MONEY_AUTO, 0, 123400 },            /* thousands */
	{ "1.234.567,89", 2, MONEY_AUTO, 0, 123456789 },
	{ "1\xC2\xA0" "234,56", 2, MONEY_AUTO, 0, 123456 }, /* NBSP grouping */
	{ "1,44,957.78", 2, MONEY_AUTO, 0, 14495778 },    /* Indian grouping */
	{ "$12.34", 2, MONEY_AUTO, 0, 1234 },
	{ "-$12.34", 2, MONEY_AUTO, 0, -1234 },
	{ "\xE2\x82\xAC" "3,50", 2, MONEY_AUTO, 0, 350 },
	{ "(12.34)", 2, MONEY_AUTO, 0, -1234 },
	{ "12.34-", 2, MONEY_AUTO, 0, -1234 },
	{ "+7.00", 2, MONEY_AUTO, 0, 700 },
	{ "1234", 0, MONEY_AUTO, 0, 1234 },               /* JPY */
	{ "1234.5", 0, MONEY_AUTO, LL_EPARSE, 0 },
	{ "1.234", 3, MONEY_AUTO, 0, 1234 },              /* KWD */
	{ "1.234,56", 2, MONEY_DOT, LL_EPARSE, 0 },
	{ "1.234,56", 2, MONEY_COMMA, 0, 123456 },
	{ "1,234.56", 2, MONEY_COMMA, LL_EPARSE, 0 },
	{ "", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "   ", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "12.3x", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "abc", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "--5", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ ".5", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "1.2.3", 2, MONEY_DOT, LL_EPARSE, 0 },
	{ "99999999999999999999", 2, MONEY_AUTO, LL_EPARSE, 0 }, /* overflow */
	{ "92233720368547758.07", 2, MONEY_AUTO, LL_EPARSE, 0 }, /* over MONEY_MAX_MINOR */
	{ "92233720368547758.08", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "10000000000000.00", 2, MONEY_AUTO, 0, MONEY_MAX_MINOR },
	{ "-10000000000000.00", 2, MONEY_AUTO, 0, -MONEY_MAX_MINOR },
	{ "10000000000000.01", 2, MONEY_AUTO, LL_EPARSE, 0 },
	{ "1000000000000001", 0, MONEY_AUTO, LL_EPARSE, 0 },
};

struct fcase {
	int64_t v;
	int exponent;
	const char *want;
};

static const struct fcase fmt[] = {
	{ 1234, 2, "12.34" }, { -1, 2, "-0.01" }, { 0, 2, "0.00" },
	{ -32169, 2, "-321.69" }, { 1234, 0, "1234" }, { 1234, 3, "1.234" },
	{ INT64_MIN + 1, 2, "-92233720368547758.07" },
};

/* The plain "-1234.56" reading (money_parse's first branch) against the
 * general one, reached by a leading blank: the same value, or the same
 * refusal, for every short string of digits, dots, commas and minus signs
 * in every style and exponent. */
static void check_fast_path(void)
{
	static const char alpha[] = "0123456789.-,9";
	char a[32], b[40];
	unsigned seed = 99;
	int t, bad = 0;

	for (t = 0; t < 200000; t++) {
		size_t len = 1 + (size_t)(t % 21), i;
		int exp = t % 4, style = (t / 4) % 3;
		int64_t va = 0, vb = 0;
		int ra, rb;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			a[i] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
			if (i && (seed >> 8) % 4) /* mostly digits */
				a[i] = (char)('0' + (seed >> 20) % 10);
		}
		a[len] = '\0';
		snprintf(b, sizeof(b), " %s", a);
		ra = money_parse(&va, a, len, exp, (enum money_style)style);
		rb = money_parse(&vb, b, len + 1, exp, (enum money_style)style);
		if (ra != rb || (ra == 0 && va != vb)) {
			if (bad++ < 5)
				printf("# %s exp %d style %d: %d %lld vs %d %lld\n", a, exp, style,
				       ra, (long long)va, rb, (long long)vb);
		}
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	size_t i;
	char buf[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = -999;
		int rc = money_parse(&v, cases[i].in, strlen(cases[i].in),
				     cases[i].exponent, cases[i].style);

		if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
			fprintf(stderr, "case %zu '%s': rc %d v %lld\n", i, cases[i].in, rc,
				(long long)v);
		CHECK_INT(rc, cases[i].rc);
		if (cases[i].rc == 0)
			CHECK_INT(v, cases[i].want);
	}
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++)
		CHECK_STR(money_format(buf, sizeof(buf), fmt[i].v, fmt[i].exponent),
			  fmt[i].want);
	CHECK_INT(currency_exponent("USD"), 2);
	CHECK_INT(currency_exponent("JPY"), 0);
	CHECK_INT(currency_exponent("KWD"), 3);
	CHECK(currency_valid("EUR"));
	CHECK(!currency_valid("eur"));
	CHECK(!currency_valid("EURO"));
	CHECK(!currency_valid(""));
	{
		/* a * num / den, half away from zero: EUR minor units at a
		 * conversion that paid 50.00 EUR and received 54.13 USD */
		static const struct {
			int64_t a, num, den, want;
			int rc;
		} md[] = {
			{ 5000, 5413, 5000, 5413, 0 },   { 2500, 5413, 5000, 2707, 0 },
			{ -2500, 5413, 5000, -2707, 0 }, { 2500, -5413, 5000, -2707, 0 },
			{ 1, 1, 2, 1, 0 },               { -1, 1, 2, -1, 0 },
			{ 1, 1, 3, 0, 0 },               { 2, 1, 3, 1, 0 },
			{ -145, 5413, -5000, 157, 0 },   { 1234, 100, 1, 123400, 0 },
			{ INT64_MAX, 2, 1, 0, LL_EPARSE }, { 1, 1, 0, 0, LL_EPARSE },
			{ INT64_MAX, 3, 3, INT64_MAX, 0 },
		};
		size_t k;

		for (k = 0; k < sizeof(md) / sizeof(md[0]); k++) {
			int64_t v = -999;

			CHECK_INT(money_muldiv(&v, md[k].a, md[k].num, md[k].den), md[k].rc);
			if (md[k].rc == 0)
				CHECK_INT(v, md[k].want);
		}
	}
	/* sums saturate instead of overflowing (issue 16, fuzzing) */
	CHECK_INT(money_add(INT64_MAX - 1, 5), INT64_MAX);
	CHECK_INT(money_add(-INT64_MAX, -5), -INT64_MAX);
	CHECK_INT(money_add(-5, 3), -2);
	CHECK_INT(money_sub(-INT64_MAX, 5), -INT64_MAX);
	CHECK_INT(money_sub(INT64_MAX, -5), INT64_MAX);
	CHECK_INT(money_sub(10, 3), 7);
	/* a deposit whose amounts add up past int64 does not tie (it used to
	 * overflow in normalize_deposit: UBSan) */
	{
		struct deposit d;
		struct event e;
		char note[600];
		size_t k;

		deposit_init(&d, "amazon", "99000000001", "big.txt");
		snprintf(d.currency, sizeof(d.currency), "USD");
		memset(&e, 0, sizeof(e));
		e.amount = MONEY_MAX_MINOR;
		for (k = 0; k < 9300; k++)
			deposit_add(&d, &e);
		d.total = INT64_MAX; /* what a saturated parser sum gives */
		CHECK_INT(normalize_deposit(&d, note, sizeof(note)), 0);
		CHECK(strstr(note, "too large to add up") != NULL);
		/* as many amounts that cancel out: still refused, since a
		 * document's share of them could not be added */
		d.nev = 0;
		for (k = 0; k < 9300; k++) {
			e.amount = k % 2 ? -MONEY_MAX_MINOR : MONEY_MAX_MINOR;
			deposit_add(&d, &e);
		}
		d.total = 0;
		CHECK_INT(normalize_deposit(&d, note, sizeof(note)), 0);
		CHECK(strstr(note, "too large to add up") != NULL);
		d.nev = 2;
		CHECK_INT(normalize_deposit(&d, note, sizeof(note)), 1);
		deposit_free(&d);
	}
	check_fast_path();
	return tap_done();
}
