/*
 * batches.h - the batches table: the requests that will be (were) sent,
 * in order of seq, and the state machine of each (docs/state.md):
 * planned -> sent (claimed, with its idempotency key, before the request
 * leaves) -> done, or unknown when the answer did not settle every
 * document. Planning rebuilds the planned batches from the documents
 * waiting to be sent; the posting stage claims, settles and reloads them.
 */
#ifndef LL_STORE_BATCHES_H
#define LL_STORE_BATCHES_H

#include <stddef.h>
#include <stdint.h>

#include "store/state.h"

/* ---- planning (plan_batches) ---- */

/* Drop every planned batch (its documents unbatched). 0 or LL_ERROR. */
int store_batch_reset_planned(struct state *st, struct ll_err *err);

/* A document waiting for a batch. */
struct store_batchable {
	int64_t id;
	const char *kind;     /* Invoice, CreditNote, Payment, BankTransfer */
	long body_len;        /* bytes of its JSON body */
	int64_t batch_id;     /* its planned batch (store_batch_each_rebatchable), or 0 */
};

/*
 * Every planned document in no batch that may be sent now, in sending
 * order (invoices, credit notes, payments, transfers; then date, number):
 * a settlement's new versions wait while it has a superseded document, a
 * payment waits until what it pays is posted. To fn, which may insert
 * batches and batch documents; a non-zero return stops and is returned.
 * 0 or LL_ERROR.
 */
int store_batch_each_batchable(struct state *st,
			       int (*fn)(void *ctx, const struct store_batchable *b),
			       void *ctx, struct ll_err *err);

/*
 * The same documents as store_batch_each_batchable would give after
 * store_batch_reset_planned, without resetting: those in a planned batch
 * come with its id (batch_id), so a plan can tell whether the batches it
 * would build are the ones there. 0 or LL_ERROR.
 */
int store_batch_each_rebatchable(struct state *st,
				 int (*fn)(void *ctx, const struct store_batchable *b),
				 void *ctx, struct ll_err *err);

/*
 * Both walks read the documents once and sort them in memory, up to the
 * limit's number of documents (about 120 bytes each); past it they sort in
 * SQLite (bounded memory, slower): the same documents in the same order
 * either way. store_batch_walk_limit sets the limit (tests: 0 walks in
 * SQLite) and returns the one it replaces.
 */
#define STORE_BATCH_WALK_MAX 65536
size_t store_batch_walk_limit(size_t max);

/* A planned batch as stored. */
struct store_batch_row {
	int64_t id, run_id;
	long seq, docs, bytes;
	char endpoint[32], method[8];
	int no_key;           /* no idempotency key yet */
};

/* The planned batches in seq order, into *out (the caller frees it) and
 * *n. 0 or LL_ERROR. */
int store_batch_planned(struct state *st, struct store_batch_row **out, size_t *n,
			struct ll_err *err);

/* Of the batches that are not planned: the highest id and seq (0 when
 * none), what a rebuild numbers its batches after; and how many documents
 * are in planned batches. 0 or LL_ERROR. */
int store_batch_base(struct state *st, int64_t *max_id, long *max_seq, int64_t *in_planned,
		     struct ll_err *err);

/* The planned batches stay as they are, now of the current run (what a
 * rebuild giving the same batches would record). 0 or LL_ERROR. */
int store_batch_keep_planned(struct state *st, struct ll_err *err);

/* A document and the batch it goes into (store_batch_assign). */
struct store_batch_doc {
	int64_t doc, batch;
};

/*
 * Documents into batches: each docs[i].doc gets batch_id docs[i].batch,
 * written in the order of the documents' ids (a statement per span of
 * consecutive ids, up to 8 batches along it) rather than batch by batch:
 * a batch's documents lie across the table, so writing batch after batch
 * dirtied a page once per batch with a document on it, and the page
 * cache wrote pages out and read them back in between. Sorts docs[0..n)
 * in place (the caller's array; it keeps ownership). 0 or LL_ERROR.
 */
int store_batch_assign(struct state *st, struct store_batch_doc *docs, size_t n,
		       struct ll_err *err);

/* The highest seq of any batch (0 when none). 0 or LL_ERROR. */
int store_batch_max_seq(struct state *st, long *seq, struct ll_err *err);

/* A new planned PUT batch to endpoint for the current run. 0 or LL_ERROR. */
int store_batch_insert(struct state *st, long seq, const char *endpoint, int64_t *id,
		       struct ll_err *err);

/* Its document count and body bytes. 0 or LL_ERROR. */
int store_batch_set_size(struct state *st, int64_t id, long docs, long bytes,
			 struct ll_err *err);

/* Document doc goes into batch id. 0 or LL_ERROR. */
int store_batch_add_doc(struct state *st, int64_t id, int64_t doc, struct ll_err *err);

/*
 * What this writer knows of the planned batches (store/stamp.h), so that
 * a plan that changed nothing needs no walk: store_batch_known is 1 when,
 * since a plan of limits `shape` last found or made the planned batches
 * those a rebuild gives, with *batches batches of *documents documents,
 * nothing wrote a document or a batch (in this process, or since the
 * previous writer closed the file cleanly); 0 otherwise. Never an error.
 */
int store_batch_known(struct state *st, long shape, long *batches, long *documents);

/* Record that: the planned batches are those a rebuild gives, as
 * committed (does nothing inside a transaction: call it after the commit
 * of the plan that found or made them). */
void store_batch_known_set(struct state *st, long shape, long batches, long documents);

/* Does a planned batch that was sent before (a key: store_post_requeue)
 * remain? A rebuild then does not give batches a walk finds the same.
 * 1, 0 or LL_ERROR. */
int store_batch_any_requeued(struct state *st, struct ll_err *err);

/* ---- posting ---- */

/* The first `max` planned batches in seq order, to fn (id, endpoint); a
 * non-zero return stops and is returned. 0 or LL_ERROR. */
int store_batch_each_planned(struct state *st, int max,
			     int (*fn)(void *ctx, int64_t id, const char *endpoint),
			     void *ctx, struct ll_err *err);

/* The body of each planned document of batch id, in id order, to fn; a
 * non-zero return stops and is returned. 0 or LL_ERROR. */
int store_batch_each_body(struct state *st, int64_t id,
			  int (*fn)(void *ctx, const char *body), void *ctx,
			  struct ll_err *err);

/*
 * Claim batch id before its request leaves: `sent`, with its idempotency
 * key, under the current run, in one statement that also checks that it
 * is still `planned` and still holds the docs planned documents of
 * body_bytes bytes of JSON the request was built from. *claimed 1, or 0
 * when it is not (another process re-planned or sent it: do not send it).
 * 0 or LL_ERROR.
 */
int store_batch_claim(struct state *st, int64_t id, const char *key, long docs,
		      long body_bytes, int *claimed, struct ll_err *err);

/* Set batch id's status. 0 or LL_ERROR. */
int store_batch_set_status(struct state *st, int64_t id, const char *status,
			   struct ll_err *err);

/* The documents of batch id still planned (not settled by an answer). */
int store_batch_left(struct state *st, int64_t id, long *left, struct ll_err *err);

/* Every sent or unknown batch none of whose documents is still planned
 * is done. 0 or LL_ERROR. */
int store_batch_settle_done(struct state *st, struct ll_err *err);

#endif
