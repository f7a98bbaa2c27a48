/*
 * deprec.h - a parse sink that keeps a whole copy of everything a parser
 * hands over (every delivered deposit's header, events and strings by id;
 * every reject and fate, in order), to compare two parses of one file:
 * the file's open deposits spilled to their temporary file at every safe
 * point (LEDGERLIFT_SPILL_BUDGET=1, formats/spill.h) against the parse
 * that keeps them in memory. Shared by the parser tests.
 */
#ifndef LL_TEST_DEPREC_H
#define LL_TEST_DEPREC_H

#include <stddef.h>

#include "formats/parse.h"

struct deprec_dep {
	struct deposit h;  /* the header as delivered (pool and events not its own) */
	struct event *ev;
	size_t nev;
	char **str;        /* its pool's strings by id */
	uint32_t nstr;
};

struct deprec {
	struct deprec_dep *d;
	size_t n, cap;
	char *log;         /* rejects and fates, one a line, in order */
	size_t loglen, logcap;
	int spill_open;    /* a ledgerlift-spill temporary file was open at a delivery */
};

/* Parse text (its first line the header) with fn into r, the spill budget
 * `budget` (NULL: the default) through LEDGERLIFT_SPILL_BUDGET. The
 * parser's return code; err filled by it. */
int deprec_parse(parse_fn fn, const char *text, size_t len, const char *budget,
		 struct deprec *r, struct ll_err *err);

/* 1 when a and b hold the same deposits (header fields, every event byte
 * for byte, every string by id) and the same rejects and fates in the
 * same order; else 0, with the first difference on standard error. */
int deprec_same(const struct deprec *a, const struct deprec *b);

/* Events in all of r's deposits. */
size_t deprec_events(const struct deprec *r);

void deprec_free(struct deprec *r);

/* 1 when this process holds an unlinked ledgerlift-spill temporary file
 * open (formats/spill.h: a spill happened and its file is still in use). */
int deprec_spill_open(void);

#endif
