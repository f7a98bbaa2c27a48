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
	char got[64];

	csvrec_init(&r);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(csvrec_parse(&r, cases[i].in, strlen(cases[i].in), ','), 0);
		CHECK_INT(r.nf, cases[i].nf);
		for (k = 0; k < cases[i].nf && k < r.nf; k++) {
			snprintf(got, sizeof(got), "%.*s", (int)r.f[k].len, r.f[k].p);
			CHECK_STR(got, cases[i].f[k]);
		}
	}
	/* rows with no quote at all (split eight bytes a step): empty fields,
	 * a trailing comma, a row of more fields than the record holds */
	{
		struct buf text = BUF_INIT(1u << 16);
		struct reader *rd = NULL;
		struct lines l;
		struct ll_err err = LL_ERR_INIT;
		int j;

		buf_adds(&text, "h1,h2\nabcdefghij,,klmnopqrstuvwxyz,\n,x\n");
		for (j = 0; j < 600; j++)
			buf_adds(&text, j ? ",f" : "f");
		buf_adds(&text, "\n");
		reader_open_mem(&rd, text.ptr, text.len, "plain.csv");
		lines_init(&l, rd);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.nf, 4);
		snprintf(got, sizeof(got), "%.*s|%.*s|%.*s|%.*s", (int)r.f[0].len, r.f[0].p,
			 (int)r.f[1].len, r.f[1].p, (int)r.f[2].len, r.f[2].p, (int)r.f[3].len,
			 r.f[3].p);
		CHECK_STR(got, "abcdefghij||klmnopqrstuvwxyz|");
		CHECK(!r.quoted[0] && !r.quoted[2]);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.nf, 2);
		CHECK_INT(r.f[0].len, 0);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.nf, 600);
		CHECK_INT(r.f[CSVREC_MAX_FIELDS - 1].len, 1);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 0);
		lines_free(&l);
		reader_free(rd);
		buf_free(&text);
	}
	/* records across lines, CRLF, blank lines, an unclosed quote */
	{
		const char *text = "h1,h2\r\n\"multi\r\nline\",2\r\n\r\nlast,\"x\"\r\n\"open,3\n";
		struct reader *rd = NULL;
		struct lines l;
		struct ll_err err = LL_ERR_INIT;

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
	/* a quoted field over many lines of "" (issue 16: every continuation
	 * line split the whole record again, quadratic): the record comes out
	 * whole and right, and is looked at about twice, not once per line */
	{
		enum { NQ = 20000 };
		struct buf text = BUF_INIT(1u << 20);
		struct reader *rd = NULL;
		struct lines l;
		struct ll_err err = LL_ERR_INIT;
		size_t j, quotes = 0;

		buf_adds(&text, "a,\"x\n");
		for (j = 0; j < NQ; j++)
			buf_adds(&text, "\"\"\n");
		buf_adds(&text, "y\",b\n\"p,\"\"q\"\"\n,\"\"\",c\nlast,1\n");
		reader_open_mem(&rd, text.ptr, text.len, "q.csv");
		lines_init(&l, rd);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, 1);
		CHECK_INT(r.nf, 3);
		CHECK_INT(r.f[1].len, 1 + NQ * 2 + 1 + 1); /* x, NQ times "\n, y */
		for (j = 0; j < r.f[1].len; j++)
			quotes += r.f[1].p[j] == '"';
		CHECK_INT(quotes, NQ);
		CHECK(r.f[1].p[0] == 'x' && r.f[1].p[r.f[1].len - 1] == 'y');
		CHECK(r.f[2].len == 1 && r.f[2].p[0] == 'b');
		CHECK(r.scanned <= 2 * r.raw.len + 2);
		/* "" at a line's end and start stay quotes inside the field; the
		 * field closes on a lone quote followed by the delimiter */
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, NQ + 3);
		CHECK_INT(r.nf, 2);
		snprintf(got, sizeof(got), "%.*s", (int)r.f[0].len, r.f[0].p);
		CHECK_STR(got, "p,\"q\"\n,\"");
		snprintf(got, sizeof(got), "%.*s", (int)r.f[1].len, r.f[1].p);
		CHECK_STR(got, "c");
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 1);
		CHECK_INT(r.line, NQ + 5);
		CHECK_INT(csvrec_next(&r, &l, ',', &err), 0);
		lines_free(&l);
		reader_free(rd);
		buf_free(&text);
	}
	csvrec_free(&r);
	return tap_done();
}
