/*
 * fuzz_sink.h - the parse sink the fuzz drivers share: every deposit is
 * normalized (so the tie and hash code runs on it too), every reject is
 * dropped. Header-only: each driver is a program of its own.
 */
#ifndef LL_FUZZ_SINK_H
#define LL_FUZZ_SINK_H

#include "plan/normalize.h"
#include "formats/parse.h"

static int fuzz_on_deposit(void *ctx, struct deposit *d)
{
	char note[600];

	(void)ctx;
	normalize_deposit(d, note, sizeof(note));
	return 0;
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

#define FUZZ_SINK { NULL, fuzz_on_deposit, fuzz_on_reject, NULL, NULL }

#endif
