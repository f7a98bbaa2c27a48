/*
 * sbx_ledger.h - the organisation's books: every posted document turned
 * into journal postings (account, date, signed amount), which the reports
 * and /__sandbox/ledger add up.
 */
#ifndef LL_SBX_LEDGER_H
#define LL_SBX_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "sandbox/sbx.h"

/* One posting: debits positive, credits negative, integer minor units (2 dp). */
struct ledger_post {
	const char *code;       /* account code */
	int64_t day;            /* journal date, days since 1970-01-01 */
	int64_t amount;         /* in the base currency */
	const char *currency;   /* the transaction's currency */
	int64_t amount_cur;     /* in the transaction's currency */
	const char *tax_type;   /* a line's posting: its TaxType; else NULL */
	int64_t tax;            /* a line's posting: its tax, with the posting's sign */
	const char *source;     /* "Invoice", "CreditNote", "Payment", "BankTransfer", "BankTransaction" */
};

typedef void (*ledger_fn)(void *ctx, const struct ledger_post *p);

/*
 * Call fn for every posting of the journals Xero would have for the
 * organisation's documents: AUTHORISED and PAID invoices and credit notes
 * (lines, tax, receivables/payables), AUTHORISED payments, bank transfers,
 * AUTHORISED bank transactions. Drafts, submitted, voided and deleted
 * documents have none. Each journal balances exactly in both currencies.
 * Returns 0, or -1 when the control accounts (DEBTORS, CREDITORS, GST
 * system accounts) are missing.
 */
int ledger_walk(struct sandbox *s, ledger_fn fn, void *ctx);

/* Accumulators by key (an account code, a currency, a tax type ...). */
struct ledger_sum {
	char key[64];
	int64_t v[4];
};

struct ledger_sums {
	struct ledger_sum *e;
	size_t n, cap;
};

/* Add v to slot (0..3) of key's row, creating it. 0, or -1 out of memory. */
int ledger_sums_add(struct ledger_sums *m, const char *key, int slot, int64_t v);
/* The row of key, or NULL. Borrowed. */
const struct ledger_sum *ledger_sums_get(const struct ledger_sums *m, const char *key);
/* Sort rows by key (strcmp). */
void ledger_sums_sort(struct ledger_sums *m);
void ledger_sums_free(struct ledger_sums *m);

#endif
