/*
 * sources.h - the sources table: every file ledgerlift was given, with
 * its size and mtime (an unchanged file is not read again), format,
 * status, counts and content hash (docs/state.md).
 */
#ifndef LL_STORE_SOURCES_H
#define LL_STORE_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "store/state.h"

/* What decides whether a file is read again. */
struct store_source {
	int64_t id;
	int64_t size, mtime;
	char status[16];     /* reading, parsed, unchanged, skipped, error, ... */
};

/* The row of path: 1 and *out, 0 when none, LL_ERROR. */
int store_source_find(struct state *st, const char *path, struct store_source *out,
		      struct ll_err *err);

/* Insert path, or reset its row for a new read: status `reading`, counts,
 * dates, format and hash cleared, run_id the current run; *id its id.
 * 0 or LL_ERROR. */
int store_source_start(struct state *st, const char *path, int64_t size, int64_t mtime,
		       int64_t *id, struct ll_err *err);

/* The outcome of a read. NULL or "" fields are recorded as NULL. */
struct store_source_end {
	const char *format, *status, *reason;
	int64_t rows, settlements;
	const char *first_date, *last_date;  /* YYYY-MM-DD of its rows */
	const char *hash;                    /* 32 hex of the decompressed bytes */
};

int store_source_finish(struct state *st, int64_t id, const struct store_source_end *e,
			struct ll_err *err);

/* Source id was looked at and not read again: status `unchanged`, run_id
 * the latest run. 0 or LL_ERROR. */
int store_source_unchanged(struct state *st, int64_t id, struct ll_err *err);

/* The recorded format of source id into out ("" when unknown or on a
 * failure: a lookup only). */
void store_source_format(struct state *st, int64_t id, char *out, size_t outlen);

/* 1 when documents planned from source id went to Xero (posted, or in a
 * batch past `planned`), 0 when none did, LL_ERROR. */
int store_source_sent(struct state *st, int64_t id, struct ll_err *err);

/* Delete the settlements an earlier read of source id planned of which
 * nothing went to Xero (every document planned or rejected, none in a
 * batch past `planned`), with their documents and lines. 0 or LL_ERROR. */
int store_source_drop_unsent(struct state *st, int64_t id, struct ll_err *err);

#endif
