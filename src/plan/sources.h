/*
 * sources.h - the record of each input file across plans.
 *
 * Before a file is read: whether it is read again at all (an unchanged
 * file with the same mappings is not; nor, after a change of time zone,
 * one whose documents already went to Xero: zone-kept; nor, after a change
 * of PayPal's model, a PayPal file whose documents did: model-kept). When it is read:
 * its row reset, its old rejects cleared and the settlements an earlier
 * read planned without sending anything dropped, all in the file's
 * transaction. After: its outcome (format, status, rows, dates, hash).
 * And the would-change count that a file's warnings carry until it is
 * read again.
 */
#ifndef LL_SOURCES_H
#define LL_SOURCES_H

#include <stdint.h>

#include "formats/parse.h"
#include "store/sources.h"
#include "store/state.h"

/* What the run knows about a file before reading it. */
struct sources_file {
	const char *path;
	int64_t size, mtime;  /* as stat() says now */
	int found;            /* prev holds its recorded row */
	struct store_source prev;
	int remap;            /* mappings, mode or zone changed, or it would change */
	int force;            /* --force: read unchanged files too */
	int zone_changed;     /* the time zone differs from the last plan's */
	const char *zone;     /* the zone's name, NULL: dates as written */
	int wallet_changed;   /* PayPal's model (account or transfer) differs
			       * from the last plan's */
};

/*
 * Is the file kept as recorded, not read again? 1: yes, recorded as
 * unchanged (with a zone-kept warning when the zone changed and its
 * documents went to Xero, model-kept when PayPal's model did); 0: read it;
 * LL_ERROR. Inside the file's transaction.
 */
int sources_keep(struct state *st, const struct sources_file *f, struct ll_err *err);

/*
 * Will the file at path likely be read (1) or kept (0)? What sources_keep
 * would say of it now, asked before the run reads anything, without
 * writing: for the parser threads to read ahead (prefetch.h). A file kept
 * after all is cancelled, one read after all is read then; the decision is
 * sources_keep's. LL_ERROR (err) when the state file cannot be read.
 */
int sources_likely_read(struct state *st, const char *path, int remap, int force,
			int repost_changed, struct ll_err *err);

/* The file is read (again): its row reset (*id), its rejects cleared and,
 * when it was read before, its unsent settlements dropped. 0 or LL_ERROR. */
int sources_start(struct state *st, const struct sources_file *f, int64_t *id,
		  struct ll_err *err);

/* The outcome of reading source id: format, status, reason (NULL ok), the
 * parser's counts and dates (ps NULL: none), the deposits found, the
 * content hash (NULL: none). 0 or LL_ERROR. */
int sources_finish(struct state *st, int64_t id, const char *format, const char *status,
		   const char *reason, const struct parse_stats *ps, long settlements,
		   const char *hash, struct ll_err *err);

/* The reject code of a file that could not be read, from its error
 * (truncated-gzip, corrupt-gzip, unknown-columns, line-too-long,
 * read-error). */
const char *sources_err_code(const struct ll_err *e);

/* The part of a plan key (the meta row plan_key: mappings, mode, zone,
 * model, period) that starts with tag ("/tz=", "/wallet="), up to the next
 * part, into out; "" when the key has none. */
void sources_key_part(const char *key, const char *tag, char *out, size_t outlen);

/*
 * Posted documents the current plan would change, from the `would-change`
 * warnings of the sources run `run_id` looked at (0: of every source).
 * A source's warnings stand until it is read again, so a run that does not
 * re-read an unchanged file still counts them. -1 on a state-file error
 * (err filled; NULL ok).
 */
long sources_would_change(struct state *st, int64_t run_id, struct ll_err *err);

#endif
