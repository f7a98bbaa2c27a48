/*
 * rejects.h - the rejects table: everything that could not be used, and
 * warnings and notes, each with its file and line (docs/state.md). The
 * rejects of a source are replaced when the source is read again.
 */
#ifndef LL_STORE_REJECTS_H
#define LL_STORE_REJECTS_H

#include <stdint.h>

#include "store/state.h"

/* Record a reject, warning or note for the current run; source_id 0 =
 * none (a run-level message), path NULL = "". 0 or LL_ERROR. */
int store_reject_add(struct state *st, int64_t source_id, const char *path,
		     long line, const char *severity, const char *code,
		     const char *message, struct ll_err *err);

/* Delete the rejects of a source: all of them (code NULL) or those with
 * this code. 0 or LL_ERROR. */
int store_reject_clear(struct state *st, int64_t source_id, const char *code,
		       struct ll_err *err);

/* 1 when the source has a `would-change` or `repost-refused` reject (its
 * documents would change, or their replacement was refused), 0 when not,
 * LL_ERROR. */
int store_reject_has_repost(struct state *st, int64_t source_id, struct ll_err *err);

/* The errors and the warnings (notes not counted) of the sources run
 * `run_id` looked at and of the run itself. 0 or LL_ERROR. */
int store_reject_count_run(struct state *st, int64_t run_id, long *errors,
			   long *warnings, struct ll_err *err);

/* The message of every `would-change` reject of the sources run `run_id`
 * looked at (0: of every source), to fn; a non-zero return stops and is
 * returned. 0 or LL_ERROR. */
int store_reject_would_change(struct state *st, int64_t run_id,
			      int (*fn)(void *ctx, const char *message), void *ctx,
			      struct ll_err *err);

#endif
