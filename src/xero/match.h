/*
 * match.h - matching Xero's answers to the documents they are about.
 *
 * Xero answers a batch with one element per document it was sent, and a
 * lookup with the documents it found; neither is trusted by position.
 * Documents are matched by number (InvoiceNumber, CreditNoteNumber), and
 * payments, bank transfers and bank transactions, which have none, by their
 * Reference (unique: map.c and map_account.c make it so). A document is
 * posted only with a non-zero Xero id and status OK or WARNING; an element
 * Xero refused rejects it with Xero's
 * messages. What a match decides is recorded in the state file
 * (store/posting.h) in the caller's transaction.
 */
#ifndef LL_MATCH_H
#define LL_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/state.h"
#include "util/buf.h"

/* 1 for the endpoints matched by Reference (Payments, BankTransfers,
 * BankTransactions): Xero cannot refuse their repeats as duplicates. */
int match_by_reference(const char *endpoint);

struct match_counts {
	long posted, rejected;
};

/*
 * Record the answer to batch `batch` (sent to endpoint: Invoices,
 * CreditNotes, Payments, BankTransfers, BankTransactions): each element
 * names a planned document of the batch by number; refused ones are rejected with Xero's
 * messages, except a "must be unique" refusal of a document sent again
 * after a lookup (the first write landed after all: it stays planned, for
 * the next lookup); accepted ones are posted. resp NULL (no answer) or not
 * JSON settles nothing. Adds to *out. 0 or LL_ERROR (state file).
 */
int match_answer(struct state *st, int64_t batch, const char *endpoint,
		 const char *resp, size_t len, struct match_counts *out,
		 struct ll_err *err);

/* The lookup URL for documents of endpoint: begin it, add numbers (first
 * says none is in yet), end it. Payments, transfers and bank transactions
 * are looked up by where=Reference=="a" OR Reference=="b" (quotes
 * escaped), the others by
 * InvoiceNumbers= / CreditNoteNumbers=. 0, or -1 out of memory. */
int match_lookup_begin(struct buf *path, const char *endpoint);
int match_lookup_add(struct buf *path, const char *endpoint, const char *number,
		     int first);
int match_lookup_end(struct buf *path);

/* 1 when number still fits a lookup URL of a few kB (path as built). */
int match_lookup_fits(const struct buf *path, const char *number);

/*
 * Record a lookup's answer: every live element (not DELETED or VOIDED,
 * with a Xero id) posts the planned document among ids[0..n) with its
 * number. *found counts the documents posted. 0 or LL_ERROR.
 */
int match_found(struct state *st, const char *endpoint, const int64_t *ids, int n,
		const char *resp, size_t len, long *found, struct ll_err *err);

/* A planned document an adoption lookup asks for (borrowed strings). */
struct match_want {
	int64_t id;
	const char *number;      /* number, or Reference */
	int64_t total_minor;     /* its total, positive */
	const char *currency;    /* may be NULL */
};

/*
 * Record an adoption lookup's answer (docs/state.md, "Adoption"): every
 * live element (not DELETED or VOIDED, with a Xero id) whose number is
 * one of w[0..n) and whose total (Total, or Amount for payments and
 * transfers) and currency (when Xero gives one) are the document's is
 * adopted: posted with Xero's id, in an adoption batch of the current run
 * (store_post_adopt_batch, made when the first is adopted). One that
 * differs is rejected, never sent, with both totals in its message.
 * out->posted counts the adopted, out->rejected the differing. 0 or
 * LL_ERROR.
 */
int match_adopt(struct state *st, const char *endpoint, const struct match_want *w, int n,
		const char *resp, size_t len, struct match_counts *out, struct ll_err *err);

#endif
