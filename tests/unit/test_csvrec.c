/* test_csvrec.c - CSV records as exports write them, table-driven. */
#include <stdio.h>

#include "tap.h"
#include "util/csvrec.h"

struct ccase {
	const char *in;
	size_t nf;
	const char *f[6];
};

static const struct ccase cases[] = {
	{ "a,b,c", 3, { "a", "b", "c" } },
	{ "\"a\",\"b\",\"c\"", 3, { "a", "b", "c" } },
	{ "\"x\",,\"\",y", 4, { "x", "", "", "y" } },          /* Amazon: empties unquoted */
	{ "\"say \"\"hi\"\"\",2", 2, { "say \"hi\"", "2" } },
	{ "a b\"c,d", 2, { "a b\"c", "d" } },                  /* bare quote in unquoted */
	{ "\"1.234,56\",\"EUR\"", 2, { "1.234,56", "EUR" } },
	{ "a,", 2, { "a", "" } },                               /* trailing comma */
	{ "'1630,x", 2, { "'1630", "x" } },                    /* Shopify zip */
	{ "", 1, { "" } },
};

int main(void)
{
	struct csvrec r;
	size_t i, k;

	csvrec_init(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(csvrec_parse(&r, cases[i].in, strlen(cases[i].in), ','), 0);
		CHECK_INT(r.nf, cases[i].nf);
		for (k = 0; k < cases[i].nf && k < r.nf; k++) {
			char got[64];

			snprintf(got, sizeof(got), "%.*s", (int)r.f[k].len, r.f[k].p);
			CHECK_STR(got, cases[i].f[k]);
		}
	}
	/* records across lines, CRLF, blank lines, an unclosed quote */
	{
		const char *text = "h1,h2\r\n\"multi\r\nline\",2\r\n\r\nlast,\"x\"\r\n\"open,3\n";
		struct reader *rd = NULL;
		struct lines l;
		struct ll_err err = LL_ERR_INIT;
		char got[64];

		reader_open_mem(&rd, text, strlen(text), "mem.csv");
		lines_init(&l, rd);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, 1);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, 2);
		snprintf(got, sizeof(got), "%.*s", (int)r.f[0].len, r.f[0].p);
		CHECK_STR(got, "multi\nline");
		CHECK(r.quoted[0]);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, 5);
		snprintf(got, sizeof(got), "%.*s", (int)r.f[1].len, r.f[1].p);
		CHECK_STR(got, "x");
		CHECK_INT(csvrec_next(&r, &l, ',', &err), LL_EPARSE);
		CHECK_INT(err.line, 6);
		lines_free(&l);
		reader_free(rd);
	}
	csvrec_free(&r);
	return tap_done();
}
