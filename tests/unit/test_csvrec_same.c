/*
 * test_csvrec_same.c - the new csvrec split against main's (csvrec_old.c,
 * a96c7ce) on the same text: malformed quoting, records across lines,
 * CR LF, BOMs, ragged and over-long rows, as csvrec_next reads them from a
 * file and as csvrec_parse splits one line. Every record must come out the
 * same: return code, line, number of fields, each field's bytes and its
 * quoted flag, and the error (code, line, message) where there is one.
 * Hand-picked cases first, then generated ones (a fixed seed: the same
 * texts every run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvrec_old.h"
#include "tap.h"

static struct csvrec *nr;
static struct csvrec_old *orec;
static long ndiff, nrec;

/* 1 if the two records hold the same fields */
static int same_fields(void)
{
	size_t k;

	if (nr->nf != orec->nf)
		return 0;
	for (k = 0; k < nr->nf && k < CSVREC_MAX_FIELDS; k++)
		if (nr->f[k].len != orec->f[k].len ||
		    (nr->f[k].len && memcmp(nr->f[k].p, orec->f[k].p, nr->f[k].len)) ||
		    nr->quoted[k] != orec->quoted[k])
			return 0;
	return 1;
}

static void report(const char *how, const char *text, size_t len, char delim)
{
	if (ndiff++ < 5)
		fprintf(stderr, "# %s differs (delim %d) on: %.*s\n", how, delim, (int)len,
			text);
}

/* both readers over text, record by record, to the end or an error */
static void same_next(const char *text, size_t len, char delim)
{
	struct reader *ra = NULL, *rb = NULL;
	struct lines la, lb;
	struct ll_err ea = LL_ERR_INIT, eb = LL_ERR_INIT;
	int a, b;

	if (reader_open_mem(&ra, text, len, "t.csv") || reader_open_mem(&rb, text, len, "t.csv")) {
		CHECK(0);
		return;
	}
	lines_init(&la, ra);
	lines_init(&lb, rb);
	for (;;) {
		a = csvrec_next(nr, &la, delim, &ea);
		b = csvrec_old_next(orec, &lb, delim, &eb);
		nrec++;
		if (a != b || (a == 1 && (nr->line != orec->line || !same_fields())) ||
		    (a < 0 && (ea.code != eb.code || ea.line != eb.line ||
			       strcmp(ea.msg, eb.msg) != 0))) {
			report("csvrec_next", text, len, delim);
			break;
		}
		if (a != 1)
			break;
	}
	lines_free(&la);
	lines_free(&lb);
	reader_free(ra);
	reader_free(rb);
}

static void same_parse(const char *text, size_t len, char delim)
{
	int a = csvrec_parse(nr, text, len, delim), b = csvrec_old_parse(orec, text, len, delim);

	nrec++;
	if (a != b || (a == 0 && !same_fields()))
		report("csvrec_parse", text, len, delim);
}

static void same(const char *text, size_t len)
{
	static const char delims[] = { ',', ';', '\t' };
	size_t d;

	for (d = 0; d < sizeof(delims); d++) {
		same_next(text, len, delims[d]);
		same_parse(text, len, delims[d]);
	}
}

static const char *const cases[] = {
	"",
	"a",
	"a,b,c\n",
	"\"a\",\"b\",\"c\"\n",
	"\"x\",,\"\",y\n",
	"\"say \"\"hi\"\"\",2\n",
	"a b\"c,d\n",                      /* bare quote in an unquoted field */
	"\"a\"b,c\n",                      /* text after the closing quote */
	"\"a\"\"\",\"\"\"\",\"\"\"\"\"\"\n",
	"\"open,3\n",                      /* never closed */
	"h\n\"open\nstill\n",              /* never closed, over lines */
	"\"a\",\"b\n",
	"\"multi\r\nline\",2\r\n\r\nlast,\"x\"\r\n",
	"\xef\xbb\xbf\"h1\",\"h2\"\n1,2\n", /* BOM */
	"\xef\xbb\xbfh1,h2\r\n\"1\",\"2\"\r\n",
	"a,\n,\n,,\n\",\"\n",
	"a,\"\n\n\n\",b\n",                /* blank lines inside a quote */
	"x,\"p\"\"\nq\"\"\",y\n",          /* "" across the line break */
	"x,\"p\"\n\"q\",y\n",              /* a quote closing right at a line end */
	"1,\"a\",\"b\nc\",\"d\"\"e\nf\",g\"h,\"i\"j\n2\n",
	"\"\"\"\n\"\"\"\n",
	"\"a\nb\"c\nd\",e\n",
	"\t\"a\"\t,\" b \" , c\n",
	"\"1.234,56\";\"EUR\";\"x;y\"\n",
	"'1630,x\n",
	"   \n \t \n,,,\n",
};

/* a text of tokens picked by a fixed generator (xorshift) */
static size_t gen(char *out, size_t cap, unsigned long long *s)
{
	static const char *const tok[] = {
		"\"", "\"\"", ",", ",", ";", "\t", "\n", "\r\n", "a", "bc", " ",
		"xxxxxxxxxxxxxxxxxxxxxxx", "\xef\xbb\xbf", "\xc2\xa0", "\",\"", "\"\n",
		"12.50", ",,,,", "\"q\"", "\n\n",
	};
	size_t n = 0, k, ntok;

	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	ntok = (size_t)(*s % 120);
	for (k = 0; k < ntok; k++) {
		const char *t;
		size_t tl;

		*s ^= *s << 13;
		*s ^= *s >> 7;
		*s ^= *s << 17;
		t = tok[*s % (sizeof(tok) / sizeof(tok[0]))];
		tl = strlen(t);
		if (n + tl >= cap)
			break;
		memcpy(out + n, t, tl);
		n += tl;
	}
	return n;
}

int main(void)
{
	size_t i;
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	char text[4096];
	struct buf big = BUF_INIT(1u << 22);

	nr = csvrec_new();
	orec = calloc(1, sizeof(*orec));
	CHECK(nr && orec);
	if (!nr || !orec)
		return tap_done();
	csvrec_old_init(orec);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same(cases[i], strlen(cases[i]));
	/* over-long rows: more fields than a record holds, quoted and not,
	 * and a quoted field over lines that makes the joined text grow */
	for (i = 0; i < 700; i++)
		buf_adds(&big, i ? ",\"f\"" : "\"f\"");
	buf_adds(&big, "\n");
	for (i = 0; i < 700; i++)
		buf_adds(&big, i ? ",g" : "g");
	buf_adds(&big, ",\"open\n");
	for (i = 0; i < 2000; i++)
		buf_adds(&big, "line of text inside the quote, \"\"quoted\"\"\n");
	buf_adds(&big, "end\",z\nshort,\"a\nb\",c\n");
	same(big.ptr, big.len);
	/* plain fields up to a quote, around the 512 a record holds */
	for (i = 500; i < 520; i++) {
		size_t j;

		buf_reset(&big);
		for (j = 0; j < i; j++)
			buf_adds(&big, "a,");
		buf_adds(&big, "\"q\",b\n");
		for (j = 0; j < i; j++)
			buf_adds(&big, j & 1 ? "a," : ",");
		buf_adds(&big, "b\"c,\"d\ne\",f\n");
		same(big.ptr, big.len);
	}
	for (i = 0; i < 3000; i++) {
		size_t n = gen(text, sizeof(text), &seed);

		same(text, n);
	}
	CHECK_INT(ndiff, 0);
	CHECK(nrec > 20000); /* the comparisons did run */
	buf_free(&big);
	csvrec_old_free(orec);
	free(orec);
	csvrec_delete(nr);
	return tap_done();
}
