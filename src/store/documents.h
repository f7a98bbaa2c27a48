/*
 * documents.h - the documents and lines tables as planning writes them:
 * a planned document with its lines, the versions of a natural key
 * (posted, sent with an unknown outcome, superseded, replaced), and the
 * documents a new plan of a settlement replaces (docs/state.md, "Changed
 * mappings after posting"). What posting and undo record is in
 * outcomes.h; the batching queries in batches.h.
 */
#ifndef LL_STORE_DOCUMENTS_H
#define LL_STORE_DOCUMENTS_H

#include <stdint.h>

#include "plan/map.h"
#include "store/state.h"

/* A document found under a natural key. */
struct store_doc_ref {
	int64_t id;
	char hash[33];       /* content hash of its body */
	char number[160];
};

/*
 * Whether the state holds any document Xero may have (posted, superseded
 * or replaced) or any batch sent with no settled answer: 1, 0, or
 * LL_ERROR. Planning changes neither, so while it is 0 every document a
 * plan records is new: store_doc_posted, store_doc_inflight and
 * store_doc_versions cannot find anything (versions.c skips them).
 */
int store_doc_any_live(struct state *st, struct ll_err *err);

/* The posted document under natural key `key`: 1 and *out, 0 when none,
 * LL_ERROR. */
int store_doc_posted(struct state *st, const char *key, struct store_doc_ref *out,
		     struct ll_err *err);

/* The document under `key` that is planned in a batch sent with no
 * settled answer (it may be in Xero; only a lookup can say): 1 and *out,
 * 0 when none, LL_ERROR. */
int store_doc_inflight(struct state *st, const char *key, struct store_doc_ref *out,
		       struct ll_err *err);

/* Delete the documents (and lines) of settlement sid that a new plan
 * replaces: planned, rejected or undone, and not in a batch that is sent
 * or unknown. 0 or LL_ERROR. */
int store_doc_drop_replannable(struct state *st, int64_t sid, struct ll_err *err);

/* The natural key and id of every posted document of settlement sid, to
 * fn (which must not write documents); a non-zero return stops and is
 * returned. 0 or LL_ERROR. */
int store_doc_posted_of(struct state *st, int64_t sid,
			int (*fn)(void *ctx, const char *key, int64_t id), void *ctx,
			struct ll_err *err);

/* The posted document id becomes `superseded` under the key
 * `<key>#superseded-<id>`, with message msg. 0 or LL_ERROR. */
int store_doc_supersede(struct state *st, int64_t id, const char *msg,
			struct ll_err *err);

/* Of the earlier versions of `key` (superseded or replaced): how many
 * there are, and how many that hold `number` are (or, superseded and
 * AUTHORISED, will be) voided in Xero. 0 or LL_ERROR. */
int store_doc_versions(struct state *st, const char *key, const char *number,
		       int64_t *versions, int64_t *voided, struct ll_err *err);

/* 1 when a document other than `key` and its earlier versions holds
 * `number` (a queued one too), 0 when none does, LL_ERROR. A filter of
 * the numbers the documents hold answers most "no"s without asking
 * SQLite. */
int store_doc_number_taken(struct state *st, const char *number, const char *key,
			   struct ll_err *err);

/* Insert d as `planned` for settlement sid in currency, with its lines,
 * under the current run, now (after the queued ones); *id (NULL ok) its
 * id. 0 or LL_ERROR. */
int store_doc_insert(struct state *st, int64_t sid, const char *currency,
		     const struct doc *d, int64_t *id, struct ll_err *err);

/*
 * Queue d to be inserted as store_doc_insert does, with the queued
 * documents of the same settlement in a few statements: when the queue
 * is full, at store_doc_flush, and before any other function of this
 * header reads or writes documents. d (and currency) are borrowed: they
 * must stay as they are until the queue is flushed or forgotten; the
 * caller flushes before anything outside this header reads documents.
 * 0 or LL_ERROR (then the caller's transaction is to be rolled back).
 */
int store_doc_queue(struct state *st, int64_t sid, const char *currency,
		    const struct doc *d, struct ll_err *err);

/* Insert the queued documents. 0 or LL_ERROR (the queue is emptied). */
int store_doc_flush(struct state *st, struct ll_err *err);

/* Empty the queue without inserting it (after a failure). */
void store_doc_forget(struct state *st);

#endif
