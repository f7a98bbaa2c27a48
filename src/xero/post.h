/*
 * post.h - the posting stage: planned documents into Xero, exactly once.
 *
 * Pre-flight first: the organisation, its accounts, tax rates, currencies
 * and lock dates are read, and every planned document is checked against
 * them before the first write; problems are all reported up front. Then
 * the planned batches are sent in order, each marked "sent" with its
 * idempotency key in the state file before it leaves. An answer is matched
 * to documents by number, never by position. A batch whose outcome is
 * unknown (no answer, 5xx, a missing element) is never blindly re-sent:
 * its documents are looked up by number (40 per call) and only the
 * missing ones are planned again; payments and bank transfers, which Xero
 * cannot refuse as duplicates, are also looked up by Reference before they
 * are sent again. A batch is claimed only if it is still the planned one
 * it was loaded as. Before any batch, the `superseded`
 * documents of a repost are taken back (undo_superseded); a settlement's
 * new versions are batched only once its old ones are out of Xero.
 * docs/state.md has the state machine.
 */
#ifndef LL_POST_H
#define LL_POST_H

#include "store/state.h"
#include "xero/undo.h"
#include "xero/xero.h"

struct post_opts {
	int create_accounts;        /* create accounts the mappings need */
	int enable_currencies;      /* enable currencies the documents use */
	const char *accounts_csv;   /* mappings/accounts.csv */
	int progress;               /* a progress line on the terminal */
};

struct post_result {
	long preflight_problems;
	long posted, rejected, found_existing, pending;
	long batches_sent, lookups;
	int day_spent;
	int64_t resume_in_ms;       /* when day_spent: wait this long */
	int interrupted;
	/* superseded documents taken back before posting (--repost-changed):
	 * deleted/voided = replaced; items lists the refused and unsettled
	 * (free with undo_result_free(&res->replace)) */
	struct undo_result replace;
};

/* Pre-flight, take back superseded documents, and post. 0 when the run finished (rejected documents are in
 * the result and the state, not an error); LL_EREJECTED when pre-flight
 * found problems (nothing was written); RL_DAY_SPENT when the day's
 * budget ran out (resume later); LL_ETRANSIENT when interrupted; LL_ERROR. */
int post_run(struct state *st, struct xero *x, const struct post_opts *o,
	     struct post_result *res, struct ll_err *err);

#endif
