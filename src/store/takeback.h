/*
 * takeback.h - the documents as `undo` and a repost take them back from
 * Xero (docs/state.md, "Undo" and "Changed mappings after posting"): the
 * ones to take back, and each outcome: undone or replaced, a message on
 * one that stays, and a refused replacement (the old version posted
 * again, its new version rejected).
 */
#ifndef LL_STORE_TAKEBACK_H
#define LL_STORE_TAKEBACK_H

#include <stdint.h>

#include "store/state.h"

/* Of the documents in batches run `run` sent: how many are still posted
 * and how many are undone. 0 or LL_ERROR. */
int store_takeback_count(struct state *st, int64_t run, long *posted, long *undone,
			 struct ll_err *err);

/* A document to take back (fields borrowed; xero_id, body may be NULL). */
struct store_takeback {
	int64_t id;
	const char *number, *kind, *xero_id, *body;
};

/*
 * The documents to take back, payments (payments != 0) or the others,
 * credit notes before invoices, then by id: with run > 0 the posted ones
 * in batches run `run` sent (undo); with run 0 every superseded one (a
 * repost). To fn; a non-zero return stops and is returned. 0 or LL_ERROR.
 */
int store_takeback_each(struct state *st, int64_t run, int payments,
			int (*fn)(void *ctx, const struct store_takeback *d), void *ctx,
			struct ll_err *err);

/* Document id, if still `from` (posted, superseded): becomes `to` with
 * message msg, or with to NULL only gets the message. 0 or LL_ERROR. */
int store_takeback_record(struct state *st, int64_t id, const char *from, const char *to,
			  const char *msg, struct ll_err *err);

/* A superseded document's settlement, the natural key it had, and its
 * settlement's source (0, "" when none). */
struct store_superseded {
	int64_t settlement_id;
	char key[300];
	int64_t source_id;
	char path[1024];
};

/* Document id if still superseded: 1 and *out, 0 when not, LL_ERROR. */
int store_takeback_superseded(struct state *st, int64_t id, struct store_superseded *out,
			      struct ll_err *err);

/* The new version of a superseded document that stays live is rejected
 * with msg, under `<key>#refused-<id>`: the planned document of settlement
 * sid under key, or when the new plan has none every planned document of
 * sid. 0 or LL_ERROR. */
int store_takeback_refuse_new(struct state *st, int64_t sid, const char *key,
			      const char *msg, struct ll_err *err);

/* Superseded document id is live after all: posted again under key, with
 * message msg. 0 or LL_ERROR. */
int store_takeback_restore(struct state *st, int64_t id, const char *key, const char *msg,
			   struct ll_err *err);

#endif
