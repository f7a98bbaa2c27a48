/*
 * sbx_docs.h - Invoices and CreditNotes: create, update, status changes,
 * reads with filters; plus the helpers payments use to find and save them.
 */
#ifndef LL_SBX_DOCS_H
#define LL_SBX_DOCS_H

#include "sandbox/sbx.h"

/* GET/PUT/POST Invoices[/{id|number}]. */
int docs_invoices(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);
/* GET/PUT/POST CreditNotes[/{id|number}]. */
int docs_creditnotes(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/*
 * Find an invoice (is_credit 0) or credit note (1) by id or, failing that,
 * by number. New reference or NULL.
 */
json_t *docs_find(struct sandbox *s, int is_credit, const char *id, const char *number);

/* Save a document after a change (bumps UpdatedDateUTC and list order). 0 or -1. */
int docs_save(struct sandbox *s, int is_credit, json_t *doc);

#endif
