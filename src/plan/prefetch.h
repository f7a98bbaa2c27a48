/*
 * prefetch.h - input files parsed ahead on parser threads while the main
 * thread writes the deposits of the file before (issue 15: parse on both
 * cores, output byte-identical to one thread).
 *
 * The main thread (the only one that touches the state file) says which
 * files are likely read; parser threads open and parse them in order, a
 * few files ahead of it, and hand every call their parser makes to its
 * sink (deposit, reject, fate) over a bounded queue per file. The main
 * thread replays a file's calls on the real sink, in the order the parser
 * made them, so the state file, messages and counts are those of a run on
 * one thread. The queue holds at most PREFETCH_QUEUE_BYTES of deposits and
 * messages of all files (plus one call of the file the main thread waits
 * for): a parser thread waits when it is full, and the main thread takes
 * each deposit as soon as it is made, never after the whole file.
 */
#ifndef LL_PREFETCH_H
#define LL_PREFETCH_H

#include <stddef.h>

#include "formats/formats.h"
#include "formats/parse.h"
#include "store/state.h"
#include "util/err.h"

struct prefetch;
struct tz;

/* What opening a file gave (ingest_open on a parser thread). */
struct prefetch_opened {
	int rc;                       /* ingest_open's return code */
	struct ll_err err;            /* its error when rc != 0 */
	const struct format_def *fmt; /* NULL: not a format we parse */
	const char *kind;             /* ingest.h: the format's name or what it is */
	char reason[512];             /* why it is not planned from */
};

/* The number of threads `--jobs 0` means: LEDGERLIFT_JOBS when set, else
 * the cores online, at most 4 (at least 1). */
int prefetch_default_jobs(void);

/*
 * With more than one job (jobs; 0: prefetch_default_jobs()), start jobs - 1
 * parser threads over paths[0..n) (borrowed until prefetch_free), reading
 * ahead the files the run will likely read: those sources_likely_read says
 * so of (remap, force, repost_changed as the run has them), asked now, on
 * the main thread (the decision is still sources_keep's, file by file: a
 * file read ahead and then kept is cancelled, one not read ahead is read
 * on the main thread). Each thread has its own copy of time zone tz (NULL:
 * dates as written) and borrows wallet. *out NULL with one job or nothing
 * to read ahead. 0, or LL_ERROR (err filled).
 */
int prefetch_start(struct prefetch **out, struct state *st, char *const *paths, size_t n,
		   int jobs, int remap, int force, int repost_changed, const struct tz *tz,
		   const struct parse_wallet *wallet, struct ll_err *err);

/* 1 when file i is being read ahead (want[i] was set and it was not
 * cancelled), else 0. */
int prefetch_has(const struct prefetch *p, size_t i);

/* The main thread is at file i: files before it are not wanted any more,
 * and the parser threads may read up to a few files past it. */
void prefetch_at(struct prefetch *p, size_t i);

/* File i is not read after all (kept unchanged): its parse stops, what it
 * queued is freed. */
void prefetch_cancel(struct prefetch *p, size_t i);

/* Wait until file i is opened; *out as ingest_open left it. */
void prefetch_open_result(struct prefetch *p, size_t i, struct prefetch_opened *out);

/*
 * Replay the sink calls the parser made on file i on sink, in order,
 * waiting for each, until the parser is done: its return code, with
 * *stats, *err and hash (the file's content hash, hex, set when the
 * parse returned 0) as it left them. A sink call that returns non-zero
 * stops it: the parse of file i is cancelled and that code is returned,
 * with *stats as they were when the parser made that call.
 */
int prefetch_replay(struct prefetch *p, size_t i, const struct parse_sink *sink,
		    struct parse_stats *stats, char hash[33], struct ll_err *err);

/* Stop the parser threads, wait for them, free everything (NULL ok). */
void prefetch_free(struct prefetch *p);

#endif
