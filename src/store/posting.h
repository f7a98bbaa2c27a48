/*
 * posting.h - the documents as the posting stage reads and records them
 * (docs/state.md, "The state machine of a batch"): the planned documents
 * pre-flight checks, the outcome an answer gives each document of a batch
 * (matched by number), and the lookups that settle a batch sent with no
 * settled answer: found in Xero (posted), or not found (sent again, in a
 * new batch).
 */
#ifndef LL_STORE_POSTING_H
#define LL_STORE_POSTING_H

#include <stdint.h>

#include "store/state.h"

/* the message of a document adopted: found in Xero before its first send */
#define STORE_ADOPTED_MSG "found in Xero before it was first sent (posted earlier, not" \
			  " from this state file): adopted, not sent"

/* A planned document as pre-flight reads it (fields borrowed; date and
 * currency may be NULL). */
struct store_planned {
	const char *number, *body, *date, *currency;
};

/* Every planned document in id order to fn; a non-zero return stops and
 * is returned. 0 or LL_ERROR. */
int store_post_each_planned(struct state *st,
			    int (*fn)(void *ctx, const struct store_planned *d), void *ctx,
			    struct ll_err *err);

/* How many documents are planned (waiting to be posted). 0 or LL_ERROR. */
int store_post_count_planned(struct state *st, long *n, struct ll_err *err);

/*
 * The answer to batch `batch` names the document numbered `number`: the
 * planned document of that number in the batch becomes `status` (posted,
 * with Xero's id; rejected, with Xero's message). *changed: 1 when a
 * document changed (0 when none is still planned there). 0 or LL_ERROR.
 */
int store_post_answer(struct state *st, int64_t batch, const char *number,
		      const char *status, const char *xero_id, const char *msg,
		      int *changed, struct ll_err *err);

/* 1 when the planned document numbered `number` in batch was sent again
 * after a lookup did not find it (store_post_resend), 0 when not,
 * LL_ERROR. */
int store_post_was_resent(struct state *st, int64_t batch, const char *number,
			  struct ll_err *err);

/* A planned document in a batch sent with no settled answer. */
struct store_unsettled {
	int64_t id;
	const char *number;    /* number, or Reference for payments, transfers */
	const char *endpoint;  /* its batch's */
};

/* Up to `limit` such documents, by endpoint, batch and id, to fn; a
 * non-zero return stops and is returned (1 = enough for one lookup).
 * 0, fn's, or LL_ERROR. */
int store_post_each_unsettled(struct state *st, int limit,
			      int (*fn)(void *ctx, const struct store_unsettled *u),
			      void *ctx, struct ll_err *err);

/* The next batch sent with no settled answer that still has planned
 * documents (by endpoint and id) into *batch, and whether it got an
 * answer (unknown) or none (sent) into *answered: 1, 0 when there is
 * none, or LL_ERROR. */
int store_post_next_unsettled_batch(struct state *st, int64_t *batch, int *answered,
				    struct ll_err *err);

/* Up to `limit` planned documents of batch with an id above after_id, by
 * id, to fn, as store_post_each_unsettled. 0, fn's, or LL_ERROR. */
int store_post_each_unsettled_of(struct state *st, int64_t batch, int64_t after_id,
				 int limit,
				 int (*fn)(void *ctx, const struct store_unsettled *u),
				 void *ctx, struct ll_err *err);

/*
 * A batch sent with no settled answer none of whose documents a lookup
 * found: planned again whole, keeping its documents and its idempotency
 * key, so that it is sent again as the same request under the same key
 * (a request of a killed run still in flight then gets one answer from
 * Xero, not a second document: bills, payments and transfers have no
 * number Xero refuses twice). Its documents are marked as sent again. A
 * planned batch with a key is never rebatched (store_batch_reset_planned)
 * and its documents count as in flight (store_doc_inflight). 0 or
 * LL_ERROR.
 */
int store_post_requeue(struct state *st, int64_t batch, struct ll_err *err);

/* The planned documents of batch leave it to be batched again, marked as
 * sent again (a lookup found the others). 0 or LL_ERROR. */
int store_post_resend_rest(struct state *st, int64_t batch, struct ll_err *err);

/*
 * Planned payments, bank transfers and bank transactions that are being
 * sent again after a lookup did not find them (store_post_resend) and are
 * not in a batch
 * sent with no settled answer, after (endpoint, id) = (after_endpoint,
 * after_id) in endpoint and id order ("" and 0: from the first); up to
 * `limit` to fn, as store_post_each_unsettled. They are looked up again
 * before they leave: Xero cannot refuse their repeats as duplicates.
 */
int store_post_each_resent(struct state *st, const char *after_endpoint, int64_t after_id,
			   int limit, int (*fn)(void *ctx, const struct store_unsettled *u),
			   void *ctx, struct ll_err *err);

/* A planned document that was never sent (docs/state.md, "Adoption"). */
struct store_unsent {
	int64_t id;
	const char *number;    /* number, or Reference for payments, transfers */
	const char *kind;      /* Invoice, CreditNote, Payment, BankTransfer */
	const char *currency;  /* may be NULL */
	int64_t total_minor;   /* its total, positive */
};

/*
 * Planned documents never sent: in no batch or in a planned one, not
 * waiting to be sent again after a lookup (store_post_each_resent has
 * those), not of a settlement whose superseded documents are still in
 * Xero (their new versions wait). After (kind, id) = (after_kind,
 * after_id) in kind and id order ("" and 0: from the first); up to
 * `limit` to fn, which returns 1 when it has enough for one lookup.
 * 0, fn's, or LL_ERROR.
 */
int store_post_each_unsent(struct state *st, const char *after_kind, int64_t after_id,
			   int limit, int (*fn)(void *ctx, const struct store_unsent *u),
			   void *ctx, struct ll_err *err);

/* A batch of the current run recording an adoption: documents a lookup
 * found in Xero before their first send (method GET, status done, so
 * `undo --run` takes them back with the run's own). 0 or LL_ERROR. */
int store_post_adopt_batch(struct state *st, const char *endpoint, int64_t *batch,
			   struct ll_err *err);

/* Document id, numbered `number` and never sent, is in Xero already with
 * xero_id: posted, in the adoption batch `batch` (if still planned;
 * *changed says). 0 or LL_ERROR. */
int store_post_adopt(struct state *st, int64_t id, const char *number, const char *xero_id,
		     int64_t batch, int *changed, struct ll_err *err);

/* Document id is in Xero already under its number, but not as planned
 * here (msg says how): rejected, never sent (if still planned; *changed
 * says). 0 or LL_ERROR. */
int store_post_adopt_differs(struct state *st, int64_t id, const char *msg, int *changed,
			     struct ll_err *err);

/* Document id, numbered `number`, was found in Xero with xero_id: posted
 * (if still planned; *changed says). 0 or LL_ERROR. */
int store_post_found(struct state *st, int64_t id, const char *number,
		     const char *xero_id, int *changed, struct ll_err *err);

/* Document id was looked for and not found: out of its batch, to be sent
 * again (if still planned). 0 or LL_ERROR. */
int store_post_resend(struct state *st, int64_t id, struct ll_err *err);

/* Planned payments in no batch whose document is neither planned nor
 * posted (rejected, or gone from the plan) are rejected; *n counts them.
 * 0 or LL_ERROR. */
int store_post_reject_orphans(struct state *st, long *n, struct ll_err *err);

#endif
