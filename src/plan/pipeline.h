/*
 * pipeline.h - the stages run in order over a set of inputs, through the
 * state file: ingest -> parse -> normalize -> map -> (state) -> plan.
 *
 * Each input file is one transaction: its source row, its rejects, and
 * the settlements and documents it brings are committed together, so a
 * process killed mid-way leaves the state as it was before that file.
 * An unchanged file (same path, size and mtime, same mappings) is not read
 * again. Posting (issue 3) will follow plan as its own stage.
 *
 * The orchestration is pipeline.c; a file's record across plans is
 * sources.h, the versions of a document versions.h.
 */
#ifndef LL_PIPELINE_H
#define LL_PIPELINE_H

#include "plan/mapping.h"
#include "store/state.h"

struct tz;

struct pipeline_opts {
	char **inputs;
	int ninputs;
	int mode;           /* enum post_mode, or -1 for the settings' mode */
	int force;          /* re-read unchanged files */
	int repost_changed; /* supersede posted documents the plan changes
			     * (docs/state.md, "Changed mappings after posting") */
	struct tz *tz;      /* the organisation's time zone; NULL: dates as written */
	/* --from/--to (YYYY-MM-DD, NULL: open): the period migrated; a deposit
	 * dated outside it is left out (outside-period) */
	const char *from, *to;
	/* after each file: done of total files, rows read so far (NULL: none) */
	void (*progress)(void *ctx, size_t done, size_t total, long rows);
	void *progress_ctx;
	/* threads: the main one, which alone writes the state file, and
	 * jobs - 1 parser threads reading the next files ahead (prefetch.h);
	 * 1 reads everything on the main thread; 0: prefetch_default_jobs().
	 * The outcome is the same byte for byte. */
	int jobs;
};

#define PIPELINE_OPTS_INIT { NULL, 0, -1, 0, 0, NULL, NULL, NULL, NULL, NULL, 0 }

struct pipeline_result {
	long files, parsed, unchanged, skipped, errors;
	long rows, bad_rows;
	long tied, untied, duplicates, conflicts;
	long documents, batches;
	long reject_errors, reject_warnings;
	long would_change;  /* posted documents the plan would change (kept) */
	long superseded;    /* posted documents superseded (--repost-changed) */
	long redated;       /* times read dated on another day in o->tz */
	long outside;       /* deposits dated outside --from/--to */
	long reread;        /* files read again in the same run (join.c) */
	long shown;         /* errors and warnings printed on standard error */
	long not_shown;     /* and those that were not (past the first 20) */
	char zone[64];      /* o->tz's name, "" without one */
};

/* Run the stages up to and including plan. 0, or a negative code for a
 * failure that stops the run (state file unwritable); bad input never
 * stops it: it lands in rejects. */
int pipeline_plan(struct state *st, const struct mappings *m,
		  const struct pipeline_opts *o, struct pipeline_result *res,
		  struct ll_err *err);

#endif
