/*
 * progress.h - the progress line of `scan` and `plan` on a terminal, as
 * `run` has one: files read of the total, rows, rows per second. Drawn
 * through log_status (util/log.h), so messages printed meanwhile erase it
 * first; at most five times a second, and always for the last file.
 */
#ifndef LL_CLI_PROGRESS_H
#define LL_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct progress {
	int on;              /* drawn at all: standard error is a terminal, not -q */
	size_t total;        /* files */
	int64_t start_ms, last_ms;
};

/* Start: on when standard error is a terminal and quiet is 0. */
void progress_start(struct progress *p, int quiet, size_t total);
/* done files of the total read, rows so far. */
void progress_files(struct progress *p, size_t done, long rows);
/* The line ends (the last figures stay on the terminal). */
void progress_end(struct progress *p);

/* A pipeline_opts progress callback (plan/pipeline.h) over a struct
 * progress *ctx. */
void progress_pipeline(void *ctx, size_t done, size_t total, long rows);

#endif
