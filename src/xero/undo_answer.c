/*
 * undo_answer.c - reading Xero's answers to the status changes of undo
 * and a repost (undo_answer.h): which element answers for a document, and
 * what Xero said when it refused.
 */
#include "xero/undo_answer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Xero's reasons in an answer: the element's ValidationErrors, else the
 * body's Message / Detail, else the HTTP status. */
void undo_reasons(json_t *root, json_t *el, long status, char *out, size_t outlen)
{
	json_t *ve = json_object_get(el, "ValidationErrors"), *m;
	const char *t;
	size_t i, n = 0;

	out[0] = '\0';
	json_array_foreach(ve, i, m) {
		t = json_string_value(json_object_get(m, "Message"));
		if (t && n < outlen) {
			snprintf(out + n, outlen - n, "%s%s", n ? "; " : "", t);
			n = strlen(out);
		}
	}
	if (n)
		return;
	t = json_string_value(json_object_get(root, "Message"));
	if (!t)
		t = json_string_value(json_object_get(root, "Detail"));
	if (t)
		snprintf(out, outlen, "%s (HTTP %ld)", t, status);
	else
		snprintf(out, outlen, "HTTP %ld", status);
}

/* The first element of the answer's collection, or of its Elements (a
 * summarised 400 ValidationException). Borrowed from root. */
json_t *undo_first_element(json_t *root, const char *coll)
{
	json_t *el = json_array_get(json_object_get(root, coll), 0);

	return el ? el : json_array_get(json_object_get(root, "Elements"), 0);
}

/* The element of a batch answer for the document xero_id, borrowed from
 * root, or NULL. */
const char *undo_id_field(const char *coll)
{
	if (!strcmp(coll, "CreditNotes"))
		return "CreditNoteID";
	if (!strcmp(coll, "BankTransactions"))
		return "BankTransactionID";
	return "InvoiceID";
}

json_t *undo_element_of(json_t *root, const char *coll, const char *xero_id)
{
	const char *idf = undo_id_field(coll);
	json_t *arr = json_object_get(root, coll), *el;
	size_t i;

	if (!json_is_array(arr))
		arr = json_object_get(root, "Elements");
	json_array_foreach(arr, i, el) {
		const char *id = json_string_value(json_object_get(el, idf));

		if (id && !strcasecmp(id, xero_id))
			return el;
	}
	return NULL;
}
