/*
 * test_ingest.c - the input walk (ingest_collect) on hostile folders, as
 * issue 16 found them: links back to the folder itself, a dangling link, a
 * link loop, a FIFO, a file reached through several names, a folder behind
 * a link outside the inputs. Each regular file is listed once, every bad
 * entry is listed to be reported (never opened: a FIFO would block), and
 * SIGINT/SIGTERM stop the walk and a CSV parse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "plan/ingest.h"
#include "util/csvrec.h"
#include "util/intr.h"

static char root[64];
static int ndeposits;

static int count_deposit(void *ctx, struct deposit *d)
{
	(void)ctx;
	(void)d;
	ndeposits++;
	return 0;
}

static int no_reject(void *ctx, const char *path, long line, const char *sev,
		     const char *code, const char *msg)
{
	(void)ctx;
	(void)path;
	(void)line;
	(void)sev;
	(void)code;
	(void)msg;
	return 0;
}

static const char *at(const char *rel)
{
	static char p[8][512];
	static int k;

	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", root, rel);
	return p[k];
}

/* the list as one string of paths relative to root, joined by spaces */
static const char *joined(const struct file_list *l)
{
	static char out[4096];
	size_t i, n = 0, rl = strlen(root) + 1;

	out[0] = '\0';
	for (i = 0; i < l->n && n + 2 < sizeof(out); i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", i ? " " : "",
				      strncmp(l->paths[i], root, rl - 1) ? l->paths[i]
									  : l->paths[i] + rl);
	return out;
}

static void collect(struct file_list *l, const char *rel, int want_rc)
{
	struct ll_err err = LL_ERR_INIT;
	char *in[1];

	in[0] = (char *)at(rel);
	CHECK_INT(ingest_collect(l, in, 1, &err), want_rc);
}

static void check_kind(const char *rel, const char *kind, const char *reason_part)
{
	struct source s;
	struct ll_err err = LL_ERR_INIT;

	CHECK_INT(ingest_open(&s, at(rel), &err), 0);
	CHECK(s.fmt == NULL);
	CHECK_STR(s.kind, kind);
	if (!strstr(s.reason, reason_part))
		CHECK_STR(s.reason, reason_part);
	ingest_close(&s);
}

int main(void)
{
	struct file_list l;
	const char *csv = "Payout Date,Status\n";
	int i;

	alarm(60); /* a FIFO opened for reading would block: fail, never hang */
	snprintf(root, sizeof(root), "/tmp/ll-ingest-XXXXXX");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}

	/* 1. the folder: two links to itself, and more */
	mkdir(at("in"), 0755);
	mkdir(at("in/sub"), 0755);
	tap_write(root, "in/x.csv", csv);
	tap_write(root, "in/sub/y.csv", csv);
	tap_write(root, "in/.hidden.csv", csv);
	CHECK(symlink(".", at("in/a")) == 0);
	CHECK(symlink(".", at("in/b")) == 0);
	CHECK(symlink("sub", at("in/zz")) == 0);         /* a folder read already */
	CHECK(symlink("sub/y.csv", at("in/lnk.csv")) == 0); /* a file read already */
	CHECK(link(at("in/x.csv"), at("in/hard.csv")) == 0); /* one inode, two names */
	CHECK(symlink("nowhere", at("in/dang")) == 0);
	CHECK(symlink("loop2", at("in/loop1")) == 0);
	CHECK(symlink("loop1", at("in/loop2")) == 0);
	CHECK(mkfifo(at("in/pipe"), 0600) == 0);
	collect(&l, "in", 0);
	CHECK_STR(joined(&l), "in/dang in/hard.csv in/loop1 in/loop2 in/pipe in/sub/y.csv");
	file_list_free(&l);

	/* every bad entry is said what it is, without opening it */
	check_kind("in/pipe", "fifo", "named pipe (FIFO)");
	check_kind("in/dang", "broken-link", "link to 'nowhere', which does not exist");
	check_kind("in/loop1", "broken-link", "symbolic link loop");

	/* 2. a FIFO given as the input is listed, not dropped */
	collect(&l, "in/pipe", 0);
	CHECK_STR(joined(&l), "in/pipe");
	file_list_free(&l);

	/* 3. a folder outside the inputs, behind a link, read once; its link
	 * back into the inputs leads nowhere new; real paths win */
	mkdir(at("out"), 0755);
	mkdir(at("in2"), 0755);
	tap_write(root, "out/z.csv", csv);
	tap_write(root, "in2/w.csv", csv);
	CHECK(symlink("../out", at("in2/a-ext")) == 0);
	CHECK(symlink("../in2", at("out/back")) == 0);
	CHECK(symlink("../out", at("in2/b-ext")) == 0);
	collect(&l, "in2", 0);
	CHECK_STR(joined(&l), "in2/a-ext/z.csv in2/w.csv");
	file_list_free(&l);

	/* 4. ten links to itself at two levels: 2^20 paths for a walk that
	 * follows them, 3 entries for one that enters each folder once */
	mkdir(at("in3"), 0755);
	mkdir(at("in3/d"), 0755);
	tap_write(root, "in3/d/f.csv", csv);
	for (i = 0; i < 10; i++) {
		char n1[16], n2[16];

		snprintf(n1, sizeof(n1), "in3/l%d", i);
		snprintf(n2, sizeof(n2), "in3/d/l%d", i);
		CHECK(symlink(".", at(n1)) == 0);
		CHECK(symlink("..", at(n2)) == 0);
	}
	collect(&l, "in3", 0);
	CHECK_STR(joined(&l), "in3/d/f.csv");
	file_list_free(&l);

	/* 5. a path that does not exist is still an error */
	collect(&l, "missing", LL_ENOTFOUND);
	file_list_free(&l);

	/* 6. SIGINT/SIGTERM (the flag they set) stop the walk and a parse */
	intr_request();
	collect(&l, "in", LL_ETRANSIENT);
	file_list_free(&l);
	{
		struct reader *rd = NULL;
		struct lines ln;
		struct csvrec *r = csvrec_new();
		struct ll_err err = LL_ERR_INIT;

		reader_open_mem(&rd, "a,b\n1,2\n", 8, "mem.csv");
		lines_init(&ln, rd);
		CHECK_INT(csvrec_next(r, &ln, ',', &err), LL_ETRANSIENT);
		CHECK(strstr(err.msg, "interrupted") != NULL);
		csvrec_delete(r);
		lines_free(&ln);
		reader_free(rd);
	}
	/* the tab-separated and XML settlement readers, which read lines
	 * themselves: stopped too, and nothing of the file delivered */
	{
		static const char *const files[] = { "samples/amazon/99131402517.txt",
						     "samples/amazon-xml/99134217557.xml" };
		size_t k;

		for (k = 0; k < 2; k++) {
			struct source src;
			struct parse_stats ps;
			struct parse_sink sink = { NULL, count_deposit, no_reject, NULL, NULL, NULL };
			struct ll_err err = LL_ERR_INIT;

			memset(&ps, 0, sizeof(ps));
			CHECK_INT(ingest_open(&src, tap_src(files[k]), &err), 0);
			CHECK(src.fmt && src.fmt->parse);
			if (src.fmt && src.fmt->parse)
				CHECK_INT(src.fmt->parse(&src.lines, src.path, src.header,
							 src.header_len, &sink, &ps, &err),
					  LL_ETRANSIENT);
			CHECK(strstr(err.msg, "interrupted") != NULL);
			ingest_close(&src);
		}
		CHECK_INT(ndeposits, 0);
	}

	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", root);
	}
	return tap_done();
}
