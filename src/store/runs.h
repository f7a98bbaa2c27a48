/*
 * runs.h - the runs table: one row per command that changes the state
 * file (plan, run, undo), with its mode, inputs, status and exit code.
 */
#ifndef LL_STORE_RUNS_H
#define LL_STORE_RUNS_H

#include <stdint.h>

#include "store/state.h"

/* A run as recorded; text fields may be NULL (borrowed for the call). */
struct store_run {
	int64_t id;
	const char *command, *mode, *started_at, *finished_at, *status;
	const char *inputs;   /* JSON array of the inputs */
	int has_exit;         /* exit_code is recorded */
	int64_t exit_code;
	const char *note;     /* why it ended as it did, or NULL (a run that
			       * died: "ended without recording its end ...") */
};

/* Called once per run; a non-zero return stops and is returned. */
typedef int (*store_run_fn)(void *ctx, const struct store_run *r);

/* Start a run row (status running) now; it becomes the state's current
 * run (state_run_id). 0 or LL_ERROR. */
int store_run_start(struct state *st, const char *command, const char *mode,
		    const char *inputs_json, struct ll_err *err);

/* Record the current run's end: its status and exit code. 0 or LL_ERROR. */
int store_run_finish(struct state *st, const char *status, int exit_code,
		     struct ll_err *err);

/*
 * Run rows still `running` when their command died (kill -9, the system,
 * a power loss) never record their end. Holding the state file's lock,
 * no other command runs, so every such row is dead: each becomes
 * `interrupted` (no finish time, no exit code) with a note saying it was
 * found by `by` (plan, run, undo) and when, and is named on standard
 * error. state_open_held calls it. 0 or LL_ERROR.
 *
 * A read-only connection (state_open_read, `status`) changes nothing: the
 * functions below hand such a row over as `interrupted`, with the note,
 * when no command holds the file's lock (store/lock.h), tested before and
 * after the row is read; while one holds it the row is its run.
 */
int store_run_settle_dead(struct state *st, const char *by, struct ll_err *err);

/* Run `id`, or with id 0 the latest: fn once. 1 found, 0 none, LL_ERROR. */
int store_run_find(struct state *st, int64_t id, store_run_fn fn, void *ctx,
		   struct ll_err *err);

/* The last `limit` runs, oldest first. 0, fn's return, or LL_ERROR. */
int store_run_recent(struct state *st, int limit, store_run_fn fn, void *ctx,
		     struct ll_err *err);

/* The latest `plan` or `run` (what a resume repeats): fn once.
 * 1 found, 0 none, LL_ERROR. */
int store_run_last_plan(struct state *st, store_run_fn fn, void *ctx,
			struct ll_err *err);

#endif
