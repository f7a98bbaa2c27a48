/* test_reader.c - line splitting (LF, CRLF, CR), limits, gzip streams. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "tap.h"
#include "util/reader.h"

static int collect(const char *data, size_t len, char out[][64], int max, int *rc_out)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	char *line;
	size_t n;
	int count = 0, rc;

	reader_open_mem(&r, data, len, "mem");
	lines_init(&l, r);
	while ((rc = lines_next(&l, &line, &n, &err)) == 1) {
		if (count < max)
			snprintf(out[count], 64, "%.*s", (int)n, line);
		count++;
	}
	*rc_out = rc;
	lines_free(&l);
	reader_free(r);
	return count;
}

static void write_gz(const char *path, const char *data, size_t len)
{
	gzFile g = gzopen(path, "wb");

	gzwrite(g, data, (unsigned)len);
	gzclose(g);
}

static int read_all(const char *path, char *hash, int *rc_out, char *msg)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	char *line;
	size_t n;
	int count = 0, rc;

	if (reader_open_file(&r, path, &err))
		return -1;
	lines_init(&l, r);
	while ((rc = lines_next(&l, &line, &n, &err)) == 1)
		count++;
	*rc_out = rc;
	snprintf(msg, 512, "%s", err.msg);
	hash_hex(&l.hash, hash);
	lines_free(&l);
	reader_free(r);
	return count;
}

int main(void)
{
	char out[8][64];
	int rc, n;
	char dir[] = "/tmp/ll-test-reader-XXXXXX";
	char p1[256], p2[256], h1[33], h2[33], msg[512];
	char *big;
	size_t i, biglen;
	FILE *f;

	/* LF, CRLF and lone CR; the terminator is decided per file */
	n = collect("a\nb\r\nc", 7, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_INT(rc, 0);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[1], "b");
	CHECK_STR(out[2], "c");
	n = collect("a\rb\rc\r", 6, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_STR(out[0], "a");
	CHECK_STR(out[2], "c");
	n = collect("a\r\nb\r\n", 6, out, 8, &rc);
	CHECK_INT(n, 2);
	CHECK_STR(out[1], "b");
	n = collect("x\r\n\r\ny\n", 7, out, 8, &rc);
	CHECK_INT(n, 3);
	CHECK_STR(out[1], "");
	CHECK_STR(out[2], "y");
	n = collect("", 0, out, 8, &rc);
	CHECK_INT(n, 0);
	CHECK_INT(rc, 0);

	/* an over-long line is an error, not unbounded memory */
	biglen = LINES_MAX_LEN + 10;
	big = malloc(biglen);
	for (i = 0; i < biglen; i++)
		big[i] = 'x';
	n = collect(big, biglen, out, 8, &rc);
	CHECK_INT(rc, LL_EPARSE);
	free(big);

	/* gzip: same content hashes the same; truncation is an error */
	if (!mkdtemp(dir))
		return 1;
	snprintf(p1, sizeof(p1), "%s/a.txt", dir);
	snprintf(p2, sizeof(p2), "%s/a.txt.gz", dir);
	{
		const char *text = "h1\th2\n1\t2\n3\t4\n";

		f = fopen(p1, "wb");
		fputs(text, f);
		fclose(f);
		write_gz(p2, text, strlen(text));
	}
	CHECK_INT(read_all(p1, h1, &rc, msg), 3);
	CHECK_INT(rc, 0);
	CHECK_INT(read_all(p2, h2, &rc, msg), 3);
	CHECK_INT(rc, 0);
	CHECK_STR(h1, h2);

	/* a large gzip cut in half */
	{
		size_t len = 200000, k;
		char *txt = malloc(len);
		long sz;

		for (k = 0; k < len; k++)
			txt[k] = (k % 50 == 49) ? '\n' : (char)('a' + (k * 7919) % 26);
		write_gz(p2, txt, len);
		free(txt);
		f = fopen(p2, "rb");
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fclose(f);
		CHECK(truncate(p2, sz / 2) == 0);
		read_all(p2, h2, &rc, msg);
		CHECK_INT(rc, LL_EPARSE);
		CHECK(strstr(msg, "truncated gzip") != NULL);
	}
	unlink(p1);
	unlink(p2);
	rmdir(dir);
	return tap_done();
}
