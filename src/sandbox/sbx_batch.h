/*
 * sbx_batch.h - the element-by-element write loop shared by PUT/POST of
 * Contacts, Invoices, CreditNotes, Payments, BankTransfers,
 * BankTransactions and TaxRates.
 */
#ifndef LL_SBX_BATCH_H
#define LL_SBX_BATCH_H

#include "sandbox/sbx.h"

/*
 * Handle one element `in`. On success return 0 with *out the saved
 * element (new reference). On a validation failure return 1 with *out the
 * element to echo, carrying "ValidationErrors". Return -1 on an internal
 * failure (the request is answered 500 and its transaction rolled back).
 */
typedef int (*batch_fn)(struct sandbox *s, const struct sbx_req *rq, json_t *in,
			json_t **out);

struct batch_kind {
	const char *collection;  /* "Invoices" */
	const char *id_field;    /* "InvoiceID", zero GUID on failed elements; NULL = none */
	const char *err_flag;    /* "HasErrors" or "HasValidationErrors" */
};

/*
 * Run fn over the body's elements in order and answer as Xero does: with
 * summarizeErrors=false 200 with every element and its
 * StatusAttributeString; otherwise 200 if all passed, else 400
 * ValidationException listing the failed elements only (the valid ones are
 * still saved). Returns 0, or -1 after an internal failure.
 */
int batch_run(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
	      const struct batch_kind *k, batch_fn fn);

#endif
