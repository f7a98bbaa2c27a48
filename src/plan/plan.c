/*
 * plan.c - documents into batches (plan.h).
 *
 * Planned batches are recomputed from scratch on every plan, so adding a
 * file or changing a mapping yields exactly the batches a fresh plan
 * would; the order is endpoint (Invoices, CreditNotes, Payments,
 * BankTransactions, BankTransfers), date, number. A payment is batched only once the
 * document it pays is posted (a later round of the same run).
 */
#include "plan.h"

#include <stdio.h>
#include <string.h>

#include "store/batches.h"
#include "util/intr.h"

/* body bytes of the wrapper {"Invoices":[ ... ]} and separators */
#define WRAPPER_BYTES 32

/* The batch being filled. */
struct filler {
	struct state *st;
	struct plan_stats *out;
	struct ll_err *err;
	char endpoint[32];
	int64_t batch;
	long seq, docs, bytes;
};

const char *plan_endpoint(const char *kind)
{
	if (!strcmp(kind, "CreditNote"))
		return "CreditNotes";
	if (!strcmp(kind, "Payment"))
		return "Payments";
	if (!strcmp(kind, "BankTransfer"))
		return "BankTransfers";
	if (!strcmp(kind, "BankTransaction"))
		return "BankTransactions";
	return "Invoices";
}

/* Document b goes into the open batch, or into a new one when it is of
 * another endpoint or the open one is full (documents or bytes). */
static int add_doc(void *ctx, const struct store_batchable *b)
{
	struct filler *f = ctx;
	const char *ep = plan_endpoint(b->kind);
	long len = b->body_len + 1;

	if (!f->batch || strcmp(ep, f->endpoint) || f->docs >= PLAN_MAX_DOCS ||
	    f->bytes + len + WRAPPER_BYTES > (long)PLAN_MAX_BYTES) {
		if (f->batch && store_batch_set_size(f->st, f->batch, f->docs, f->bytes, f->err))
			return LL_ERROR;
		snprintf(f->endpoint, sizeof(f->endpoint), "%s", ep);
		if (store_batch_insert(f->st, ++f->seq, ep, &f->batch, f->err))
			return LL_ERROR;
		f->docs = 0;
		f->bytes = WRAPPER_BYTES;
		f->out->batches++;
	}
	f->docs++;
	f->bytes += len;
	f->out->documents++;
	/* a stop request ends the batching (rolled back: the batches stay as
	 * the last plan left them) */
	intr_test_point("batch");
	if (intr_requested())
		return ll_err_set(f->err, LL_ETRANSIENT, NULL, 0, "interrupted while"
				  " batching; the documents are batched again next time");
	return store_batch_add_doc(f->st, f->batch, b->id, f->err);
}

int plan_batches(struct state *st, struct plan_stats *out, struct ll_err *err)
{
	struct filler f;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.st = st;
	f.out = out;
	f.err = err;
	if (state_begin(st, err))
		return LL_ERROR;
	if (store_batch_reset_planned(st, err) || store_batch_max_seq(st, &f.seq, err) ||
	    store_batch_each_batchable(st, add_doc, &f, err) ||
	    (f.batch && store_batch_set_size(st, f.batch, f.docs, f.bytes, err))) {
		state_rollback(st);
		return err && err->code == LL_ETRANSIENT ? LL_ETRANSIENT : LL_ERROR;
	}
	return state_commit(st, err);
}
