/*
 * map.h - a tied deposit's events -> Xero documents, by the mapping tables.
 *
 * Settlement mode: one document per deposit whose lines are the mapped
 * categories summed, equal to the deposit. Order mode: one invoice per
 * order, one credit note per order refund, and one summary document for
 * the fees and non-order amounts, again summing to the deposit. Month
 * ends (split_months, on by default): a deposit whose events fall in
 * several months has one part per month (the settlement document, or
 * order mode's summary); each earlier part carries its balance forward
 * on the carried-balance account, so it totals 0 and is dated on its
 * month's last day, and the last part, dated on the deposit date, holds
 * the rest. A negative total becomes a bill (or a credit note, by
 * setting: Xero refuses negative invoices). Every line keeps the source
 * rows it came from.
 */
#ifndef LL_MAP_H
#define LL_MAP_H

#include <stdint.h>

#include "formats/event.h"
#include "plan/mapping.h"
#include "util/buf.h"

struct doc_line {
	char category[320];   /* ttype/atype/adesc of the mapping row */
	char account[32], tax_type[32];
	char description[256];
	char tracking[128];   /* option name, "" = none */
	int64_t amount;       /* as it counts toward the deposit */
	long event_count;
	char *source_rows;    /* "file:1-4,7" (owned) */
	/* 1: the line settles the deposit instead of belonging to it (a
	 * negative order-mode payout the platform charged to the card or
	 * carried forward, in place of a bank transfer): in the document's
	 * total, not in its signed_total */
	int settles;
};

struct doc {
	char kind[16];        /* Invoice | CreditNote | Payment | BankTransfer |
			       * BankTransaction */
	char xero_type[16];   /* ACCREC | ACCPAY | ACCRECCREDIT; ACCRECPAYMENT,
			       * ACCPAYPAYMENT, ARCREDITPAYMENT; TRANSFER;
			       * RECEIVE | SPEND */
	char number[160];
	char reference[256];
	char contact[128];
	char date[11], due_date[11];
	char order_id[64];
	char natural_key[256];
	int64_t total;        /* positive document total (as in Xero) */
	int64_t signed_total; /* as it counts toward the deposit: the lines
			       * but those that settle it */
	struct doc_line *lines;
	size_t nlines;
	char *source_rows;    /* owned */
	char *body;           /* the Xero JSON element (owned) */
	char hash[33];        /* of body */
	/* a Payment: the document it pays (index in the list) and the
	 * account it comes from; a BankTransfer: from account -> to_account;
	 * a BankTransaction: the bank account it is in */
	long parent;          /* -1 = none */
	char account[32], to_account[32];
	char memo[96];        /* "Shopify payout 123": the deposit, for references */
	char target[160];     /* a Payment: the number of the document it pays */
};

struct doc_list {
	struct doc *docs;
	size_t n, cap;
};

/* Called once per distinct unmapped (ttype, atype, adesc) of a deposit. */
typedef int (*map_warn_fn)(void *ctx, const char *path, long line,
			   const char *code, const char *message);

struct map_opts {
	const struct mappings *m;
	int mode;            /* enum post_mode, or -1: the platform's setting */
	map_warn_fn warn;
	void *warn_ctx;
};

/* Build the documents of a tied deposit into out (appended). */
int map_deposit(struct doc_list *out, const struct map_opts *o,
		const struct deposit *d, struct ll_err *err);

/*
 * The documents of a tied day of a payment account (deposit.account_day):
 * a bank transaction per row (or per amount type, "bank_transactions":
 * "day") in the platform's own account of the currency, a bank transfer
 * per transfer to or from the bank (map_account.c). Called by map_deposit.
 * 0, LL_EPARSE (no account or bank account in the settings: err says), or
 * LL_ERROR out of memory.
 */
int map_account_day(struct doc_list *out, const struct map_opts *o,
		    const struct deposit *d, struct ll_err *err);

/* The amount type event e of dep maps by: its own, or "Store payment" /
 * "Store refund" for a payment of a store's order when the platform's
 * settings say a store records those sales (sales_recorded_by). */
const char *map_event_atype(const struct platform_map *pm, const struct deposit *dep,
			    const struct event *e);

/* A new zeroed document at the end of l (parent -1), or NULL out of
 * memory; the list may move (map_account.c). */
struct doc *map_doc_add(struct doc_list *l);

/* Render d's Xero JSON body into d->body (owned by d, replacing the old
 * one) and its hash, e.g. after a renumber (map_body.c). Any kind: an
 * invoice, credit note, bill or bank transaction by s; a Payment or
 * BankTransfer by its accounts. 0, or LL_ERROR when out of memory or over
 * 3 MiB. */
int map_render_body(struct doc *d, const struct platform_settings *s,
		    const char *currency, int exponent);

/* Name the payment pay after the document it pays (number, reference,
 * type) and render its body again: after target was renumbered. */
int map_link_payment(struct doc *pay, const struct doc *target, int exponent);

void doc_list_free(struct doc_list *l);

#endif
