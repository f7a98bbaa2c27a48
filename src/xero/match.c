/*
 * match.c - Xero's answers matched to documents by number or Reference,
 * and the lookup URLs that ask for documents the same way (match.h).
 * Pure JSON and URL work plus the store calls that record the outcome;
 * no network, so a unit test feeds it canned answers.
 */
#include "xero/match.h"

#include <curl/curl.h>
#include <jansson.h>
#include <string.h>

#include "store/posting.h"

/* Documents are matched by number; payments, bank transfers and bank
 * transactions, which have none, by their Reference (unique: map.c and
 * map_account.c make it so). */
int match_by_reference(const char *endpoint)
{
	return !strcmp(endpoint, "Payments") || !strcmp(endpoint, "BankTransfers") ||
	       !strcmp(endpoint, "BankTransactions");
}

static const char *num_field(const char *endpoint)
{
	return match_by_reference(endpoint) ? "Reference"
	       : !strcmp(endpoint, "CreditNotes") ? "CreditNoteNumber" : "InvoiceNumber";
}

static const char *id_field(const char *endpoint)
{
	return !strcmp(endpoint, "CreditNotes") ? "CreditNoteID"
	       : !strcmp(endpoint, "Payments") ? "PaymentID"
	       : !strcmp(endpoint, "BankTransfers") ? "BankTransferID"
	       : !strcmp(endpoint, "BankTransactions") ? "BankTransactionID" : "InvoiceID";
}

/* An element Xero refused: StatusAttributeString ERROR (documents), or
 * HasValidationErrors / ValidationErrors (payments, transfers), HasErrors
 * (bank transactions). */
static int el_refused(json_t *el)
{
	const char *sa = json_string_value(json_object_get(el, "StatusAttributeString"));

	return (sa && !strcmp(sa, "ERROR")) ||
	       json_is_true(json_object_get(el, "HasValidationErrors")) ||
	       json_is_true(json_object_get(el, "HasErrors")) ||
	       json_array_size(json_object_get(el, "ValidationErrors")) > 0;
}

static int id_ok(const char *id)
{
	return id && *id && strcmp(id, "00000000-0000-0000-0000-000000000000") != 0;
}

/* One refused element: rejected with Xero's messages, unless it is a
 * re-send refused as a duplicate (left planned for the lookup). */
static int refused(struct state *st, int64_t batch, const char *num, json_t *el,
		   struct match_counts *out, struct ll_err *err)
{
	struct buf msg = BUF_INIT(4000);
	json_t *m;
	size_t k;
	int rc = 0, changed = 0, resent;

	json_array_foreach(json_object_get(el, "ValidationErrors"), k, m) {
		const char *t = json_string_value(json_object_get(m, "Message"));

		if (t)
			buf_printf(&msg, "%s%s", msg.len ? "; " : "", t);
	}
	resent = strstr(buf_cstr(&msg), "must be unique")
			 ? store_post_was_resent(st, batch, num, err) : 0;
	if (resent < 0) {
		rc = LL_ERROR;
	} else if (resent) {
		/* sent before with no answer, looked up and not found, sent
		 * again, and now its number is taken: the first write (still in
		 * flight at the lookup) landed after all. Left planned: the
		 * batch becomes unknown and the lookup settles it. */
	} else {
		rc = store_post_answer(st, batch, num, "rejected", NULL,
				       msg.len ? buf_cstr(&msg) : "rejected by Xero", &changed,
				       err);
		out->rejected += changed;
	}
	buf_free(&msg);
	return rc;
}

int match_answer(struct state *st, int64_t batch, const char *endpoint,
		 const char *resp, size_t len, struct match_counts *out,
		 struct ll_err *err)
{
	json_t *root = resp ? json_loadb(resp, len, 0, NULL) : NULL, *el;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(root, endpoint), i, el) {
		const char *num = json_string_value(json_object_get(el, num_field(endpoint)));
		const char *id = json_string_value(json_object_get(el, id_field(endpoint)));
		const char *sa = json_string_value(json_object_get(el, "StatusAttributeString"));
		int changed = 0;

		if (!num)
			continue;
		if (el_refused(el)) {
			rc = refused(st, batch, num, el, out, err);
		} else if (id_ok(id) && (!sa || !strcmp(sa, "OK") || !strcmp(sa, "WARNING"))) {
			rc = store_post_answer(st, batch, num, "posted", id, NULL, &changed, err);
			out->posted += changed;
		}
		if (rc)
			break;
	}
	json_decref(root);
	return rc;
}

int match_lookup_begin(struct buf *path, const char *endpoint)
{
	return buf_printf(path, "%s?%s=", endpoint,
			  match_by_reference(endpoint) ? "where"
			  : !strcmp(endpoint, "CreditNotes") ? "CreditNoteNumbers"
			  : "InvoiceNumbers") ? -1 : 0;
}

int match_lookup_add(struct buf *path, const char *endpoint, const char *number,
		     int first)
{
	char *enc;
	int rc;

	if (match_by_reference(endpoint)) {
		/* Reference=="a" OR Reference=="b", quotes escaped */
		struct buf t = BUF_INIT(1024);
		const char *q;

		buf_adds(&t, first ? "Reference==\"" : " OR Reference==\"");
		for (q = number; *q; q++) {
			if (*q == '"' || *q == '\\')
				buf_addc(&t, '\\');
			buf_addc(&t, *q);
		}
		buf_addc(&t, '"');
		enc = curl_easy_escape(NULL, buf_cstr(&t), (int)t.len);
		buf_free(&t);
		rc = buf_adds(path, enc ? enc : "");
	} else {
		enc = curl_easy_escape(NULL, number, 0);
		rc = buf_printf(path, "%s%s", first ? "" : ",", enc ? enc : "");
	}
	curl_free(enc);
	return rc || !enc ? -1 : 0;
}

int match_lookup_end(struct buf *path)
{
	return buf_adds(path, "&pageSize=1000") ? -1 : 0;
}

int match_lookup_fits(const struct buf *path, const char *number)
{
	return path->len + 3 * strlen(number) <= 4000;
}

int match_found(struct state *st, const char *endpoint, const int64_t *ids, int n,
		const char *resp, size_t len, long *found, struct ll_err *err)
{
	json_t *root = resp ? json_loadb(resp, len, 0, NULL) : NULL, *el;
	size_t i;
	int k, rc = 0;

	json_array_foreach(json_object_get(root, endpoint), i, el) {
		const char *num = json_string_value(json_object_get(el, num_field(endpoint)));
		const char *id = json_string_value(json_object_get(el, id_field(endpoint)));
		const char *status = json_string_value(json_object_get(el, "Status"));

		if (!num || !id_ok(id) || (status && (!strcmp(status, "DELETED") ||
						      !strcmp(status, "VOIDED"))))
			continue;
		for (k = 0; k < n && rc == 0; k++) {
			int changed = 0;

			rc = store_post_found(st, ids[k], num, id, &changed, err);
			*found += changed;
		}
		if (rc)
			break;
	}
	json_decref(root);
	return rc;
}
