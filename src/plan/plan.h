/*
 * plan.h - grouping planned documents into the requests that will be sent.
 *
 * Batches hold at most PLAN_MAX_DOCS documents and stay under
 * PLAN_MAX_BYTES of request body; invoices are sent before credit notes
 * (a credit note may later be allocated against an invoice), payments
 * only once the document they pay is posted, then bank transactions, bank
 * transfers last. Planning is
 * deterministic: the same documents give the same batches in the same
 * order. Batches already sent are never touched.
 */
#ifndef LL_PLAN_H
#define LL_PLAN_H

#include "store/state.h"

#define PLAN_MAX_DOCS 50
#define PLAN_MAX_BYTES (3400u * 1024) /* Xero's limit is 3.5 MB; keep a margin */

struct plan_stats {
	long batches;
	long documents;
};

/* The endpoint a document kind is sent to: Invoices, CreditNotes,
 * Payments, BankTransfers, BankTransactions. */
const char *plan_endpoint(const char *kind);

/* Re-plan every planned, unsent document into batches (one transaction).
 * A plan that would give the batches there keeps them; after a plan found
 * or made them, the next one does not even walk the documents while
 * nothing wrote a document or a batch (plan_known). */
int plan_batches(struct state *st, struct plan_stats *out, struct ll_err *err);

/* 1 when the next plan_batches keeps the planned batches without walking
 * the documents (nothing written since a plan found or made them), else 0. */
int plan_known(struct state *st);

#endif
