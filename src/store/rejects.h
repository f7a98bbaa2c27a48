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

/*
 * A run-level check runs again (pre-flight, the would-change total, the
 * sales-twice pairs, an undo): the run-level rejects with this code that
 * earlier runs recorded are no longer current (with same_inputs, only
 * those of earlier runs of the same command and inputs: an undo of run 3
 * retires what earlier undos of run 3 could not take back, not what an
 * undo of run 5 could not). They move to rejects_history, marked resolved
 * by the current run, in one transaction (the caller's, when one is
 * open); the check then records what it still finds. The workbook lists
 * rejects as current and rejects_history on its History sheet. 0 or
 * LL_ERROR.
 */
int store_reject_retire(struct state *st, const char *code, int same_inputs,
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
