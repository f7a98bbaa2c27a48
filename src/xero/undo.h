/*
 * undo.h - taking back what one run posted to Xero.
 *
 * The documents of a run are those in batches the run sent
 * (batches.run_id) that are still `posted`. Each is deleted (DRAFT,
 * SUBMITTED: {"Status":"DELETED"}) or voided (AUTHORISED:
 * {"Status":"VOIDED"}) by its Xero id (invoices and credit notes in
 * batches, POST Invoices / CreditNotes; payments POST Payments/{id}), and becomes `undone` in the state
 * in its own transaction. A document Xero refuses stays `posted` with the
 * reason in its message; the others go on. An undo is resumable: the
 * documents already undone are skipped, and a call without an answer is
 * checked with a GET by id before it is repeated. docs/state.md, "Undo".
 */
#ifndef LL_UNDO_H
#define LL_UNDO_H

#include <stddef.h>
#include <stdint.h>

#include "store/state.h"
#include "xero/xero.h"

struct undo_counts {
	long posted;   /* documents of the run still posted: to undo */
	long undone;   /* documents of the run already undone */
};

/*
 * Count the documents of run `run` (no network). 0; LL_ENOTFOUND when the
 * state has no such run (err says so); LL_ERROR.
 */
int undo_count(struct state *st, int64_t run, struct undo_counts *out,
	       struct ll_err *err);

struct undo_item {
	char number[256];
	char message[512];
};

struct undo_result {
	long found;        /* documents still posted when the undo began */
	long skipped;      /* already undone by an earlier undo */
	long deleted, voided;
	long refused;      /* Xero said no: still posted, message recorded */
	long unsettled;    /* outcome still unknown: undo again */
	long calls;        /* requests made for the documents (retries aside) */
	int day_spent;
	int64_t resume_in_ms;   /* when day_spent */
	struct undo_item *items; /* refused and unsettled documents, in order */
	size_t nitems;
};

/* Free the list in r (not r itself); accepts a zeroed result. */
void undo_result_free(struct undo_result *r);

/*
 * Undo what run `run` posted, recording each outcome under st's current
 * run (store_run_start first); with show_progress, a progress line on
 * standard error (a terminal). Invoices and credit notes are changed up
 * to 50 to a request, payments one to a request. res is filled (free with undo_result_free)
 * whatever the return: 0 when every document has an outcome (refusals are
 * in res, not an error); RL_DAY_SPENT when the day's budget ran out (undo
 * again later); LL_ETRANSIENT when interrupted (xero_interrupt); LL_ERROR
 * (err filled) for a state-file or client failure.
 */
int undo_run(struct state *st, struct xero *x, int64_t run, int show_progress,
	     struct undo_result *res, struct ll_err *err);

/*
 * Take back from Xero every `superseded` document (run --repost-changed,
 * docs/state.md "Changed mappings after posting"), with undo_run's
 * machine: deleted or voided -> `replaced`; refused by Xero -> `posted`
 * again and its new version `rejected` (with a `repost-refused` error);
 * not settled -> stays `superseded` (its settlement's new documents wait;
 * run again). Returns as undo_run; res counts deleted, voided, refused,
 * unsettled (free with undo_result_free).
 */
int undo_superseded(struct state *st, struct xero *x, struct undo_result *res,
		    struct ll_err *err);

#endif
