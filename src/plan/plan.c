/*
 * plan.c - documents into batches (plan.h).
 *
 * Planned batches are recomputed from scratch on every plan, so adding a
 * file or changing a mapping yields exactly the batches a fresh plan
 * would; the order is endpoint (Invoices, CreditNotes, Payments,
 * BankTransactions, BankTransfers), date, number. A payment is batched only once the
 * document it pays is posted (a later round of the same run).
 *
 * A plan that would rebuild the same batches keeps them (batches_unchanged,
 * a walk over every planned document). Once a plan found or made them, the
 * walk is skipped until a document or a batch is written again
 * (store_batch_known: the store forgets it on any such write, and hands it
 * to the next process only through a clean close).
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/batches.h"
#include "util/intr.h"
#include "util/log.h"

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
	/* documents batched and not yet written (store_batch_assign) */
	struct store_batch_doc *pend;
	size_t npend, cappend;
	/* checking that the batches there are the ones a rebuild gives */
	const struct store_batch_row *old;
	size_t nold, k;          /* k: batches closed so far */
	int64_t base_id;         /* ids of a rebuild's batches: base_id + 1, ... */
	long matched;            /* documents found in the batch a rebuild gives */
	int differs;
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

/* 1 when document b, of body len bytes, does not fit the open batch */
static int opens_batch(const struct filler *f, const char *ep, long len)
{
	return !f->batch || strcmp(ep, f->endpoint) || f->docs >= PLAN_MAX_DOCS ||
	       f->bytes + len + WRAPPER_BYTES > (long)PLAN_MAX_BYTES;
}

/* at most this many documents wait to be written (16 bytes each: 1 MiB;
 * 2^20 held 16 MiB and put PayPal at 1M rows over 64 MiB of peak RSS) */
#define PENDING_MAX (1u << 16)

/* Write the documents batched so far, in the order of their ids. */
static int write_docs(struct filler *f)
{
	int rc = store_batch_assign(f->st, f->pend, f->npend, f->err);

	f->npend = 0;
	return rc;
}

/* Write the open batch's size (its documents wait: write_docs). */
static int close_batch(struct filler *f)
{
	if (!f->batch)
		return 0;
	return store_batch_set_size(f->st, f->batch, f->docs, f->bytes, f->err);
}

/* Document b goes into the open batch, or into a new one when it is of
 * another endpoint or the open one is full (documents or bytes). */
static int add_doc(void *ctx, const struct store_batchable *b)
{
	struct filler *f = ctx;
	const char *ep = plan_endpoint(b->kind);
	long len = b->body_len + 1;

	if (opens_batch(f, ep, len)) {
		if (close_batch(f))
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
	if (f->npend == f->cappend) {
		size_t nc = f->cappend ? f->cappend * 2 : 1024;
		struct store_batch_doc *g;

		if (f->npend >= PENDING_MAX && write_docs(f))
			return LL_ERROR;
		if (f->npend == f->cappend) {
			g = realloc(f->pend, nc * sizeof(*g));
			if (!g)
				return ll_err_set(f->err, LL_ERROR, NULL, 0, "out of memory");
			f->pend = g;
			f->cappend = nc;
		}
	}
	f->pend[f->npend].doc = b->id;
	f->pend[f->npend].batch = f->batch;
	f->npend++;
	return 0;
}

/* Is the batch just closed (the k-th of the rebuild) the k-th planned one
 * there, with the same number, endpoint, documents and bytes? */
static int same_batch(struct filler *f)
{
	const struct store_batch_row *o = f->k < f->nold ? &f->old[f->k] : NULL;

	return o && o->id == f->base_id + (int64_t)f->k + 1 && o->seq == f->seq &&
	       !strcmp(o->endpoint, f->endpoint) && !strcmp(o->method, "PUT") &&
	       o->docs == f->docs && o->bytes == f->bytes && o->no_key;
}

/* The same walk as add_doc, writing nothing: stops (1) at the first
 * document or batch that differs from what is there. */
static int check_doc(void *ctx, const struct store_batchable *b)
{
	struct filler *f = ctx;
	const char *ep = plan_endpoint(b->kind);
	long len = b->body_len + 1;

	if (opens_batch(f, ep, len)) {
		if (f->batch && !same_batch(f))
			return 1;
		if (f->batch)
			f->k++;
		snprintf(f->endpoint, sizeof(f->endpoint), "%s", ep);
		f->seq++;
		f->batch = f->base_id + (int64_t)f->k + 1;
		f->docs = 0;
		f->bytes = WRAPPER_BYTES;
	}
	if (b->batch_id != f->batch)
		return 1;
	f->docs++;
	f->bytes += len;
	f->matched++;
	return 0;
}

/*
 * Are the planned batches there exactly those a rebuild would write (a
 * plan that changed nothing: a re-plan of the same files)? Then the
 * rebuild is skipped: it would delete and write back the same rows, and
 * rewrite every planned document twice. 1, 0, or LL_ERROR.
 */
static int batches_unchanged(struct state *st, struct plan_stats *out, struct ll_err *err)
{
	struct store_batch_row *old = NULL;
	struct filler f;
	int64_t in_planned = 0;
	size_t nold = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	f.st = st;
	f.err = err;
	if (store_batch_planned(st, &old, &nold, err))
		return LL_ERROR;
	if (nold == 0) {
		free(old);
		return 0; /* a first plan, or everything sent */
	}
	f.old = old;
	f.nold = nold;
	if (store_batch_base(st, &f.base_id, &f.seq, &in_planned, err)) {
		free(old);
		return LL_ERROR;
	}
	rc = store_batch_each_rebatchable(st, check_doc, &f, err);
	if (rc == 0)
		rc = f.batch && same_batch(&f) && f.k + 1 == nold && f.matched == in_planned
			     ? 1 : 0;
	else if (rc == 1)
		rc = 0;
	if (rc == 1) {
		out->batches = (long)nold;
		out->documents = f.matched;
	}
	free(old);
	return rc;
}

/* the limits a walk's result holds for (a build with others walks again) */
static long plan_shape(void)
{
	return (long)PLAN_MAX_DOCS * 1000000000L + (long)PLAN_MAX_BYTES * 100L +
	       WRAPPER_BYTES;
}

int plan_known(struct state *st)
{
	long b, d;

	return store_batch_known(st, plan_shape(), &b, &d);
}

int plan_batches(struct state *st, struct plan_stats *out, struct ll_err *err)
{
	struct filler f;
	int same, requeued;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.st = st;
	f.out = out;
	f.err = err;
	if (state_begin(st, err))
		return LL_ERROR;
	/* nothing written since a plan found or made them: they still are */
	same = store_batch_known(st, plan_shape(), &out->batches, &out->documents);
	if (same)
		log_debug("batches: as the last plan left them (nothing written since): "
			  "no walk");
	else
		same = batches_unchanged(st, out, err);
	if (same < 0)
		goto fail;
	if (same) {
		if (store_batch_keep_planned(st, err) || state_commit(st, err))
			goto fail;
		store_batch_known_set(st, plan_shape(), out->batches, out->documents);
		return 0;
	}
	memset(out, 0, sizeof(*out));
	if (store_batch_reset_planned(st, err) || store_batch_max_seq(st, &f.seq, err) ||
	    store_batch_each_batchable(st, add_doc, &f, err) || close_batch(&f) ||
	    write_docs(&f))
		goto fail;
	free(f.pend);
	f.pend = NULL;
	/* a batch sent before and planned again keeps its place: the next
	 * walk would not find these as a rebuild numbers them */
	requeued = store_batch_any_requeued(st, err);
	if (requeued < 0 || state_commit(st, err))
		goto fail;
	if (!requeued)
		store_batch_known_set(st, plan_shape(), out->batches, out->documents);
	return 0;
fail:
	free(f.pend);
	state_rollback(st);
	return err && err->code == LL_ETRANSIENT ? LL_ETRANSIENT : LL_ERROR;
}
