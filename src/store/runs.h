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
