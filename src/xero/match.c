/*
 * match.c - Xero's answers matched to documents by number or Reference,
 * and the lookup URLs that ask for documents the same way (match.h).
 * Pure JSON and URL work plus the store calls that record the outcome;
 * no network, so a unit test feeds it canned answers.
 */
#include "xero/match.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/batches.h"
#include "store/posting.h"
#include "util/money.h"

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

/*
 * 1 when Xero's amount v (a JSON number, or a decimal string) is our
 * total, minor units of a currency of `exponent` decimals. Money is never
 * computed in floating point: our total is formatted as its decimal text
 * and read as the JSON reader read Xero's (strtod, correctly rounded), so
 * two texts of the same decimal give the same double and any other
 * decimal of at most 15 digits another one. A string is compared by
 * parsing it exactly. Anything else cannot be compared (1: not a
 * difference).
 */
static int same_amount(json_t *v, int64_t minor, int exponent)
{
	char ours[48];
	int64_t theirs;

	money_format(ours, sizeof(ours), minor, exponent);
	if (json_is_string(v))
		return money_parse(&theirs, json_string_value(v), strlen(json_string_value(v)),
				   exponent, MONEY_DOT) != 0 || theirs == minor;
	if (!json_is_number(v))
		return 1;
	return json_number_value(v) == strtod(ours, NULL);
}

/* Xero's amount v as text with the currency's decimals, for a message */
static void amount_text(json_t *v, int exponent, char *out, size_t outlen)
{
	if (json_is_string(v))
		snprintf(out, outlen, "%s", json_string_value(v));
	else if (json_is_number(v))
		snprintf(out, outlen, "%.*f", exponent, json_number_value(v));
	else
		snprintf(out, outlen, "?");
}

/* One element an adoption lookup returned, for the wanted document w. */
static int adopt_one(struct state *st, const char *endpoint, const struct match_want *w,
		     json_t *el, const char *id, int64_t *batch, struct match_counts *out,
		     struct ll_err *err)
{
	const char *amount_field = match_by_reference(endpoint) &&
					   strcmp(endpoint, "BankTransactions")
				   ? "Amount" : "Total";
	json_t *amount = json_object_get(el, amount_field);
	const char *cur = json_string_value(json_object_get(el, "CurrencyCode"));
	int exp = currency_exponent(w->currency ? w->currency : "");
	int changed = 0, rc;

	if (!same_amount(amount, w->total_minor, exp) ||
	    (cur && w->currency && strcmp(cur, w->currency))) {
		char ours[48], theirs[48], msg[900];

		money_format(ours, sizeof(ours), w->total_minor, exp);
		amount_text(amount, exp, theirs, sizeof(theirs));
		snprintf(msg, sizeof(msg), "%.200s is in Xero already (%s %.60s), with %s %s"
			 " %.8s where this plan has %s %.8s: another version of it, or another"
			 " document under its number; not sent, not adopted (take it back in"
			 " Xero and plan again with run --force, or keep it)", w->number,
			 id_field(endpoint), id, amount_field, theirs,
			 cur ? cur : (w->currency ? w->currency : ""), ours,
			 w->currency ? w->currency : "");
		rc = store_post_adopt_differs(st, w->id, msg, &changed, err);
		out->rejected += changed;
		return rc;
	}
	if (!*batch && store_post_adopt_batch(st, endpoint, batch, err))
		return LL_ERROR;
	rc = store_post_adopt(st, w->id, w->number, id, *batch, &changed, err);
	out->posted += changed;
	return rc;
}

int match_adopt(struct state *st, const char *endpoint, const struct match_want *w, int n,
		const char *resp, size_t len, struct match_counts *out, struct ll_err *err)
{
	json_t *root = resp ? json_loadb(resp, len, 0, NULL) : NULL, *el;
	int64_t batch = 0;
	size_t i;
	int k, rc = 0;

	json_array_foreach(json_object_get(root, endpoint), i, el) {
		const char *num = json_string_value(json_object_get(el, num_field(endpoint)));
		const char *id = json_string_value(json_object_get(el, id_field(endpoint)));
		const char *status = json_string_value(json_object_get(el, "Status"));

		if (!num || !id_ok(id) || (status && (!strcmp(status, "DELETED") ||
						      !strcmp(status, "VOIDED"))))
			continue;
		for (k = 0; k < n && rc == 0; k++)
			if (!strcmp(w[k].number, num))
				rc = adopt_one(st, endpoint, &w[k], el, id, &batch, out, err);
		if (rc)
			break;
	}
	json_decref(root);
	return rc;
}
