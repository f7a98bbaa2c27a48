/*
 * fuzz_sink.h - the parse sink the fuzz drivers share: every deposit is
 * normalized (so the tie and hash code runs on it too), every reject is
 * dropped, and the rows of deposits and of row fates are counted, so a
 * driver can check the completeness ledger's rule (fuzz_check: every row
 * a parser read is counted once). Header-only: each driver is a program
 * of its own.
 */
#ifndef LL_FUZZ_SINK_H
#define LL_FUZZ_SINK_H

#include <stdio.h>
#include <stdlib.h>

#include "plan/normalize.h"
#include "formats/parse.h"

static long fuzz_counted; /* rows on deposits and row fates since fuzz_reset */

static int fuzz_on_deposit(void *ctx, struct deposit *d)
{
	char note[600];

	(void)ctx;
	normalize_deposit(d, note, sizeof(note));
	fuzz_counted += d->rows;
	return 0;
}

static int fuzz_on_fate(void *ctx, const char *currency, enum parse_fate fate,
			const char *reason, long rows, int64_t amount)
{
	(void)ctx;
	(void)currency;
	(void)fate;
	(void)reason;
	(void)amount;
	fuzz_counted += rows;
	return 0;
}

static void fuzz_reset(void)
{
	fuzz_counted = 0;
}

/* After a parse that returned rc: a file read to its end counts every row
 * once (a cut file need not); abort otherwise, as a finding. */
static void fuzz_check(int rc, const struct parse_stats *ps)
{
	if (rc == 0 && fuzz_counted != ps->rows) {
		fprintf(stderr, "completeness: %ld rows counted, %ld read\n", fuzz_counted,
			ps->rows);
		abort();
	}
}

static int fuzz_on_reject(void *ctx, const char *path, long line, const char *sev,
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

#define FUZZ_SINK { NULL, fuzz_on_deposit, fuzz_on_reject, NULL, NULL, fuzz_on_fate }

#endif
