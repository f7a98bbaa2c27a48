/*
 * undo_answer.h - reading Xero's answers to the status changes undo and a
 * repost send (undo.c): the element that answers for a document, and
 * Xero's reasons when it refused. Used by undo.c only.
 */
#ifndef LL_UNDO_ANSWER_H
#define LL_UNDO_ANSWER_H

#include <jansson.h>
#include <stddef.h>

/* Xero's reasons into out: the element's ValidationErrors, else the
 * body's Message / Detail (with the HTTP status), else the status. */
void undo_reasons(json_t *root, json_t *el, long status, char *out, size_t outlen);

/* The first element of the answer's collection coll, or of its Elements
 * (a summarised 400 ValidationException); borrowed from root, or NULL. */
json_t *undo_first_element(json_t *root, const char *coll);

/* The element of a batch answer (Invoices or CreditNotes, or Elements)
 * whose InvoiceID / CreditNoteID is xero_id (any case); borrowed from
 * root, or NULL when the answer has none for it. */
json_t *undo_element_of(json_t *root, const char *coll, const char *xero_id);

/* The id member of an element of coll: InvoiceID, CreditNoteID or
 * BankTransactionID. */
const char *undo_id_field(const char *coll);

#endif
