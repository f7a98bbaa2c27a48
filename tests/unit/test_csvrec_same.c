/*
 * test_csvrec_same.c - csvrec's split pinned to what it gave at a96c7ce,
 * before split took up a record left open where it stopped and found
 * bytes eight at a time: malformed quoting, records across lines, CR LF,
 * BOMs, ragged and over-long rows, as csvrec_next reads them from a file
 * and as csvrec_parse splits one line. Every record's return code, line,
 * number of fields, each field's bytes and quoted flag, and the error
 * (code, line, message) where there is one, go into a 64-bit FNV-1a
 * digest per group of texts; the expected digests are the ones a96c7ce's
 * splitter gave on the same texts (hand-picked cases, over-long rows,
 * rows around the 512 fields a record holds, 3,000 generated texts from a
 * fixed seed). A digest that moves means split's output changed: print
 * the records of the group (LL_CSVREC_DUMP=1) and compare with a96c7ce.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/csvrec.h"
#include "util/reader.h"

static struct csvrec *nr;
static unsigned long long dg;
static long nrec;
static int dump;

static void mix(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		dg ^= c[i];
		dg *= 0x100000001b3ULL;
	}
}

/* a number as eight bytes, least significant first (the same digest on
 * every machine) */
static void mix_long(long v)
{
	unsigned char b[8];
	unsigned long long u = (unsigned long long)v;
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (8 * i));
	mix(b, sizeof(b));
}

/* the record's fields into the digest */
static void mix_fields(void)
{
	size_t k;

	mix_long((long)nr->nf);
	for (k = 0; k < nr->nf && k < CSVREC_MAX_FIELDS; k++) {
		mix_long((long)nr->f[k].len);
		mix(nr->f[k].p, nr->f[k].len);
		mix_long(nr->quoted[k]);
		if (dump)
			printf("#  [%zu]%s %.*s\n", k, nr->quoted[k] ? "q" : "", (int)nr->f[k].len,
			       nr->f[k].p);
	}
}

/* the reader over text, record by record, to the end or an error */
static void digest_next(const char *text, size_t len, char delim)
{
	struct reader *ra = NULL;
	struct lines la;
	struct ll_err ea = LL_ERR_INIT;
	int a;

	if (reader_open_mem(&ra, text, len, "t.csv")) {
		CHECK(0);
		return;
	}
	lines_init(&la, ra);
	for (;;) {
		a = csvrec_next(nr, &la, delim, &ea);
		nrec++;
		mix_long(a);
		if (dump)
			printf("# next rc %d line %ld\n", a, a == 1 ? nr->line : 0L);
		if (a == 1) {
			mix_long(nr->line);
			mix_fields();
		} else if (a < 0) {
			mix_long(ea.code);
			mix_long(ea.line);
			mix(ea.msg, strlen(ea.msg));
			if (dump)
				printf("# error %d line %ld: %s\n", ea.code, ea.line, ea.msg);
		}
		if (a != 1)
			break;
	}
	lines_free(&la);
	reader_free(ra);
}

static void digest_parse(const char *text, size_t len, char delim)
{
	int a = csvrec_parse(nr, text, len, delim);

	nrec++;
	mix_long(a);
	if (dump)
		printf("# parse rc %d\n", a);
	if (a == 0)
		mix_fields();
}

static void same(const char *text, size_t len)
{
	static const char delims[] = { ',', ';', '\t' };
	size_t d;

	for (d = 0; d < sizeof(delims); d++) {
		digest_next(text, len, delims[d]);
		digest_parse(text, len, delims[d]);
	}
}

/* what a96c7ce's splitter gave on each group */
#define DG_CASES 0x29a75833adf57f45ULL
#define DG_LONG 0xcf709463805180c5ULL
#define DG_512 0xfc39b338f96fa38aULL
#define DG_GEN 0x1ebaa256b560808dULL

/* the group's digest against a96c7ce's */
static void group_end(const char *name, unsigned long long want)
{
	if (dg != want)
		printf("# %s: digest %016llx, a96c7ce gave %016llx\n", name, dg, want);
	CHECK(dg == want);
	dg = 0xcbf29ce484222325ULL;
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

	dump = getenv("LL_CSVREC_DUMP") != NULL;
	dg = 0xcbf29ce484222325ULL;
	nr = csvrec_new();
	CHECK(nr != NULL);
	if (!nr)
		return tap_done();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		same(cases[i], strlen(cases[i]));
	group_end("hand-picked cases", DG_CASES);
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
	group_end("over-long rows", DG_LONG);
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
	group_end("rows around 512 fields", DG_512);
	for (i = 0; i < 3000; i++) {
		size_t n = gen(text, sizeof(text), &seed);

		same(text, n);
	}
	group_end("generated texts", DG_GEN);
	CHECK(nrec > 20000); /* the records were read */
	buf_free(&big);
	csvrec_delete(nr);
	return tap_done();
}
