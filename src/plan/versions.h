/*
 * versions.h - the versions of a document across plans.
 *
 * A settlement planned again (changed mappings, --force, another mode)
 * gives each of its documents a natural key; under that key the state may
 * already hold a posted version, or one sent with its outcome unknown.
 * This module decides, per document, whether the new plan keeps the live
 * version (the same version, or a different one without
 * --repost-changed: a would-change warning), waits for a lookup
 * (in-flight), or supersedes the live one and plans the new version
 * (numbered -v<k+1> when an earlier version is voided in Xero, -<deposit>
 * when another document holds the number). docs/state.md, "Changed
 * mappings after posting".
 */
#ifndef LL_VERSIONS_H
#define LL_VERSIONS_H

#include <stdint.h>

#include "plan/map.h"
#include "plan/mapping.h"
#include "store/state.h"

struct versions {
	struct state *st;
	const struct mappings *m;
	int repost_changed;   /* supersede posted documents the plan changes */
	/* a warning (would-change, in-flight) on deposit d's file and line;
	 * a non-zero return is a state-file failure */
	int (*warn)(void *ctx, const struct deposit *d, const char *code,
		    const char *msg);
	void *warn_ctx;
	struct ll_err *err;
	int failed;           /* a state-file write failed: stop the run */
	long superseded;      /* posted documents superseded */
	long documents;       /* documents planned (inserted) */
	/* store_doc_any_live, asked at the first deposit of a plan (a
	 * zeroed struct has not asked): with nothing sent, every document
	 * is new and its key needs no look-up */
	int live_asked, live;
};

/*
 * The posted documents of settlement sid whose natural key is not in
 * docs (another mode, another month split no longer produces them); with
 * apply, each is superseded too. Their number, or LL_ERROR (v->failed).
 */
long versions_stray(struct versions *v, int64_t sid, const struct doc_list *docs,
		    int apply);

/*
 * Record the documents of tied deposit d (settlement row sid): each is
 * kept as the live version, or (superseding a posted one under
 * --repost-changed) inserted as planned. *docsum is the sum of every
 * document of the plan, *planned of the ones inserted. 0, or LL_ERROR
 * (v->failed set when it was the state file).
 */
int versions_record(struct versions *v, int64_t sid, const struct deposit *d,
		    struct doc_list *docs, int64_t *docsum, int64_t *planned);

#endif
