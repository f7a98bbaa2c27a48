/*
 * sbx_docs.c - sales/purchase invoices and credit notes.
 *
 * One code path serves both kinds through a small descriptor (collection,
 * id and number fields, allowed types). A write element is validated in
 * full (type, status, contact, dates and lock dates, currency, lines,
 * number uniqueness, non-negative total) and either saved or echoed with
 * its ValidationErrors; updates merge the element over the stored document
 * and re-validate, except for pure status changes (DELETED, VOIDED) which
 * check only the transition. Numbers of sales documents are unique and
 * generated (INV-0001, CN-0001) when omitted.
 */
#include "sandbox/sbx_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_batch.h"
#include "sandbox/sbx_contacts.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_lines.h"
#include "sandbox/sbx_query.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_settings.h"
#include "util/date.h"

struct doc_kind {
	enum sbx_kind kind;
	int is_credit;
	const char *collection, *id_field, *num_field, *name;
	const char *sale_type, *purchase_type;
	const char *prefix, *counter;
};

static const struct doc_kind invoice_kind = {
	SBX_K_INVOICE, 0, "Invoices", "InvoiceID", "InvoiceNumber", "Invoice",
	"ACCREC", "ACCPAY", "INV-", "next_invoice"
};
static const struct doc_kind credit_kind = {
	SBX_K_CREDITNOTE, 1, "CreditNotes", "CreditNoteID", "CreditNoteNumber", "Credit Note",
	"ACCRECCREDIT", "ACCPAYCREDIT", "CN-", "next_creditnote"
};

static const struct doc_kind *kind_of(int is_credit)
{
	return is_credit ? &credit_kind : &invoice_kind;
}

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

static int64_t cents(const json_t *o, const char *k)
{
	int64_t v = 0;

	sbxj_decimal(&v, sbxj_get(o, k), 2, 1);
	return v;
}

json_t *docs_find(struct sandbox *s, int is_credit, const char *id, const char *number)
{
	const struct doc_kind *k = kind_of(is_credit);
	json_t *d = NULL;

	if (id && *id)
		d = store_get(s->store, k->kind, id);
	if (!d && number && *number) {
		/* a number may repeat (deleted documents, bills): prefer a live one */
		const char *vals[1] = { number };
		json_t *all = store_list(s->store, k->kind, 1, vals, 1), *v;
		size_t i;

		json_array_foreach(all, i, v) {
			if (!d || !strcmp(str_or(d, "Status", ""), "DELETED")) {
				json_decref(d);
				d = json_incref(v);
			}
		}
		json_decref(all);
	}
	return d;
}

int docs_save(struct sandbox *s, int is_credit, json_t *doc)
{
	const struct doc_kind *k = kind_of(is_credit);

	json_object_set_new(doc, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	return store_put(s->store, k->kind, sbxj_str(doc, k->id_field),
			 sbxj_str(doc, k->num_field), doc) ? -1 : 0;
}

/* A live sales document of kind k with this number other than except_id. */
static int number_taken(struct sandbox *s, const struct doc_kind *k, const char *num,
			const char *except_id)
{
	const char *vals[1] = { num };
	json_t *all = store_list(s->store, k->kind, 1, vals, 1), *v;
	size_t i;
	int taken = 0;

	json_array_foreach(all, i, v) {
		const char *id = sbxj_str(v, k->id_field);

		if (!strcmp(str_or(v, "Type", ""), k->sale_type) &&
		    strcmp(str_or(v, "Status", ""), "DELETED") &&
		    !(except_id && id && !strcasecmp(id, except_id)))
			taken = 1;
	}
	json_decref(all);
	return taken;
}

static int next_number(struct sandbox *s, const struct doc_kind *k, char *out, size_t outlen)
{
	char t[32] = "1";
	long n = 0;
	size_t i;

	store_meta_get(s->store, k->counter, t, sizeof(t));
	for (i = 0; t[i] >= '0' && t[i] <= '9' && i < 12; i++)
		n = n * 10 + (t[i] - '0');
	if (n < 1)
		n = 1;
	do
		snprintf(out, outlen, "%s%04ld", k->prefix, n++);
	while (number_taken(s, k, out, NULL));
	snprintf(t, sizeof(t), "%ld", n);
	return store_meta_set(s->store, k->counter, t) ? -1 : 0;
}

static int status_ok_on_create(const char *st)
{
	return !strcmp(st, "DRAFT") || !strcmp(st, "SUBMITTED") || !strcmp(st, "AUTHORISED");
}

/* Add a lock-date error to el if day is on or before a lock date. */
static void check_lock(struct sandbox *s, int64_t day, json_t *el)
{
	int eoy = 0;
	int64_t lock = sbx_lock_days(s, &eoy);
	int y, m, d;

	if (lock < 0 || day > lock)
		return;
	date_from_days(lock, &y, &m, &d);
	sbx_add_error(el, "The document date cannot be before the %s lock date, %04d-%02d-%02d.",
		      eoy ? "end of year" : "period", y, m, d);
}

static void set_date(json_t *o, const char *field, const char *sfield, int64_t days)
{
	json_object_set_new(o, sfield, sbxj_datestring(days));
	json_object_set_new(o, field, sbxj_date_days(days));
}

/*
 * Validate src (a new element, or a stored document with the element's
 * fields laid over it) and build the document to save. cur is the stored
 * version for updates. Returns 0 with *out, 1 with *out = echo + errors.
 */
static int doc_build(struct sandbox *s, const struct sbx_req *rq, const struct doc_kind *k,
		     const json_t *src, const json_t *cur, json_t **out)
{
	const char *type = sbxj_str(src, "Type"), *status = str_or(src, "Status", "DRAFT");
	const char *num = sbxj_str(src, k->num_field), *ref = sbxj_str(src, "Reference");
	const char *cur_status = cur ? str_or(cur, "Status", "DRAFT") : NULL;
	const char *currency = sbxj_str(src, "CurrencyCode");
	char msg[512], base[4], id[37], numbuf[64];
	json_t *el = json_deep_copy(src), *contact = NULL, *lines = NULL, *o = NULL, *v;
	int64_t date = 0, due = -1, rate6 = 1000000, paid = 0, credited = 0;
	int is_sale, crc = 0;
	enum sbx_lat lat = SBX_LAT_EXCLUSIVE;
	struct sbx_totals t = { 0, 0, 0 };

	settings_base_currency(s, base);
	if (!currency)
		currency = base;
	is_sale = type && !strcmp(type, k->sale_type);
	if (!type || (strcmp(type, k->sale_type) && strcmp(type, k->purchase_type)))
		sbx_add_error(el, "%s Type must be %s or %s.", k->name, k->sale_type, k->purchase_type);
	if (!cur && !status_ok_on_create(status))
		sbx_add_error(el, "%s Status must be DRAFT, SUBMITTED or AUTHORISED when created.", k->name);
	if (cur && !status_ok_on_create(status))
		sbx_add_error(el, "%s Status %s cannot be set by an update.", k->name, status);
	if (cur && !strcmp(cur_status, "AUTHORISED") && strcmp(status, "AUTHORISED"))
		sbx_add_error(el, "An AUTHORISED document can only be VOIDED or kept AUTHORISED.");
	if (lines_lat_parse(sbxj_str(src, "LineAmountTypes"), &lat))
		sbx_add_error(el, "LineAmountTypes must be Exclusive, Inclusive or NoTax.");
	if (sbxj_get(src, "Date")) {
		if (sbxj_parse_date(&date, sbxj_str(src, "Date")))
			sbx_add_error(el, "The Date must be given as YYYY-MM-DD.");
		else
			check_lock(s, date, el);
	} else {
		date = sbxj_now_ms() / 86400000;
		check_lock(s, date, el);
	}
	if (!k->is_credit && sbxj_get(src, "DueDate") &&
	    sbxj_parse_date(&due, sbxj_str(src, "DueDate")))
		sbx_add_error(el, "The DueDate must be given as YYYY-MM-DD.");
	if (!k->is_credit && due < 0 && strcmp(status, "DRAFT"))
		sbx_add_error(el, "A Due Date must be specified to approve an invoice.");
	if (!settings_currency_ok(s, currency))
		sbx_add_error(el, "Organisation is not subscribed to currency %s", currency);
	if ((v = sbxj_get(src, "CurrencyRate")) && sbxj_decimal(&rate6, v, 6, 1))
		sbx_add_error(el, "CurrencyRate must be a number.");
	if (!strcmp(currency, base))
		rate6 = 1000000;
	if (num && (strlen(num) > 255 || !*num))
		sbx_add_error(el, "%s must be 1 to 255 characters.", k->num_field);
	else if (num && is_sale && number_taken(s, k, num, cur ? sbxj_str(cur, k->id_field) : NULL))
		sbx_add_error(el, k->is_credit ? "Credit Note # must be unique." : "Invoice # must be unique.");
	if (ref && strlen(ref) > 255)
		sbx_add_error(el, "Reference must not exceed 255 characters.");
	crc = contacts_resolve(s, sbxj_get(src, "Contact"), &contact, msg, sizeof(msg));
	if (crc < 0)
		sbx_add_error(el, "%s", msg);
	{
		struct lines_opts lo = { lat, rq->unitdp, is_sale && !k->is_credit,
					 !strcmp(status, "AUTHORISED"), 0 };

		if (lines_build(s, sbxj_get(src, "LineItems"), &lo, el, &lines, &t) < 0)
			goto fail;
	}
	if (t.total < 0)
		sbx_add_error(el, "The %s total cannot be negative.", k->is_credit ? "credit note" : "invoice");
	if (cur) {
		paid = cents(cur, "AmountPaid");
		credited = cents(cur, k->is_credit ? "AppliedAmount" : "AmountCredited");
		if (paid + credited > t.total)
			sbx_add_error(el, "This document cannot be edited as it has a payment or credit note allocated to it.");
	}
	if (json_object_get(el, "ValidationErrors")) {
		json_decref(contact);
		json_decref(lines);
		*out = el;
		return 1;
	}
	/* valid: create the named contact, number the document, build it */
	if (crc == 1 && contacts_create_named(s, sbxj_str(sbxj_get(src, "Contact"), "Name"), &contact))
		goto fail;
	contacts_mark(s, sbxj_str(contact, "ContactID"),
		      !strcmp(type, "ACCREC") || !strcmp(type, "ACCRECCREDIT"));
	if (!num && is_sale) {
		if (next_number(s, k, numbuf, sizeof(numbuf)))
			goto fail;
		num = numbuf;
	}
	if (cur)
		snprintf(id, sizeof(id), "%s", sbxj_str(cur, k->id_field));
	else
		sbxj_guid(id);
	o = json_object();
	json_object_set_new(o, "Type", json_string(type));
	json_object_set_new(o, k->id_field, json_string(id));
	json_object_set_new(o, k->num_field, json_string(num ? num : ""));
	json_object_set_new(o, "Reference", json_string(ref ? ref : ""));
	v = cur ? sbxj_get(cur, "Payments") : NULL;
	json_object_set_new(o, "Payments", v ? json_deep_copy(v) : json_array());
	if (k->is_credit) {
		v = cur ? sbxj_get(cur, "Allocations") : NULL;
		json_object_set_new(o, "Allocations", v ? json_deep_copy(v) : json_array());
		json_object_set_new(o, "RemainingCredit", sbxj_money(t.total - paid - credited, 2));
		json_object_set_new(o, "AppliedAmount", sbxj_money(credited, 2));
	} else {
		v = cur ? sbxj_get(cur, "CreditNotes") : NULL;
		json_object_set_new(o, "CreditNotes", v ? json_deep_copy(v) : json_array());
		json_object_set_new(o, "Prepayments", json_array());
		json_object_set_new(o, "Overpayments", json_array());
		json_object_set_new(o, "AmountDue", sbxj_money(t.total - paid - credited, 2));
		json_object_set_new(o, "AmountPaid", sbxj_money(paid, 2));
		json_object_set_new(o, "AmountCredited", sbxj_money(credited, 2));
		json_object_set_new(o, "IsDiscounted", json_boolean(0));
	}
	json_object_set_new(o, "CurrencyRate", sbxj_money(rate6, 6));
	json_object_set_new(o, "HasAttachments", json_false());
	json_object_set_new(o, "HasErrors", json_false());
	json_object_set_new(o, "Contact", contacts_summary(contact));
	set_date(o, "Date", "DateString", date);
	if (due >= 0)
		set_date(o, "DueDate", "DueDateString", due);
	json_object_set_new(o, "Status", json_string(status));
	json_object_set_new(o, "LineAmountTypes", json_string(lines_lat_name(lat)));
	json_object_set_new(o, "LineItems", lines); /* steals */
	lines = NULL;
	json_object_set_new(o, "SubTotal", sbxj_money(t.sub, 2));
	json_object_set_new(o, "TotalTax", sbxj_money(t.tax, 2));
	json_object_set_new(o, "Total", sbxj_money(t.total, 2));
	json_object_set_new(o, "CurrencyCode", json_string(currency));
	if ((v = sbxj_get(src, "Url")) && json_is_string(v))
		json_object_set(o, "Url", v);
	if (docs_save(s, k->is_credit, o))
		goto fail;
	json_decref(contact);
	json_decref(el);
	*out = o;
	return 0;
fail:
	json_decref(o);
	json_decref(contact);
	json_decref(lines);
	json_decref(el);
	*out = NULL;
	return -1;
}

/* Only Status (and identifiers) in the element: DELETED / VOIDED and friends. */
static int status_change(struct sandbox *s, const struct doc_kind *k, json_t *cur,
			 const char *to, json_t *in, json_t **out)
{
	const char *from = str_or(cur, "Status", "DRAFT");
	int64_t day = sbxj_member_days(cur, "Date");
	int has_money = cents(cur, "AmountPaid") != 0 ||
			cents(cur, k->is_credit ? "AppliedAmount" : "AmountCredited") != 0;

	*out = json_deep_copy(in);
	if (!strcmp(to, "DELETED")) {
		if (strcmp(from, "DRAFT") && strcmp(from, "SUBMITTED"))
			sbx_add_error(*out, "Only DRAFT or SUBMITTED documents can be deleted; this one is %s.", from);
	} else if (!strcmp(to, "VOIDED")) {
		if (strcmp(from, "AUTHORISED"))
			sbx_add_error(*out, "Only AUTHORISED documents can be voided; this one is %s.", from);
		else if (has_money)
			sbx_add_error(*out, "This document cannot be voided as it has a payment or credit note allocated to it.");
	} else {
		sbx_add_error(*out, "%s Status %s is not valid here.", k->name, to);
	}
	if (day >= 0)
		check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors"))
		return 1;
	json_decref(*out);
	json_object_set_new(cur, "Status", json_string(to));
	if (docs_save(s, k->is_credit, cur)) {
		*out = NULL;
		return -1;
	}
	*out = json_incref(cur);
	return 0;
}

static int only_status(const json_t *in, const struct doc_kind *k)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)in, key, v)
		if (strcasecmp(key, "Status") && strcasecmp(key, k->id_field) &&
		    strcasecmp(key, k->num_field))
			return 0;
	return 1;
}

static int doc_write(struct sandbox *s, const struct sbx_req *rq, const struct doc_kind *k,
		     json_t *in, const char *url_id, json_t **out)
{
	const char *id = url_id ? url_id : sbxj_str(in, k->id_field);
	const char *num = sbxj_str(in, k->num_field), *to = sbxj_str(in, "Status");
	int is_put = !strcmp(rq->method, "PUT");
	json_t *cur = NULL, *src;
	const char *key;
	json_t *v;
	int rc;

	if (!is_put) {
		if (url_id)
			cur = docs_find(s, k->is_credit, url_id, url_id);
		else if (id && *id)
			cur = docs_find(s, k->is_credit, id, NULL);
		else if (num && *num) {
			cur = docs_find(s, k->is_credit, NULL, num);
			if (cur && (strcmp(str_or(cur, "Type", ""), k->sale_type) ||
				    !strcmp(str_or(cur, "Status", ""), "DELETED"))) {
				json_decref(cur);
				cur = NULL;
			}
		}
		if (!cur && ((id && *id) || url_id)) {
			*out = json_deep_copy(in);
			sbx_add_error(*out, "An existing %s with the specified %s could not be found",
				      k->name, k->id_field);
			return 1;
		}
	}
	if (!cur)
		return doc_build(s, rq, k, in, NULL, out);
	{
		const char *st = str_or(cur, "Status", "DRAFT");

		if (!strcmp(st, "DELETED") || !strcmp(st, "VOIDED")) {
			*out = json_deep_copy(in);
			/* st lives in cur: free cur after the message is made */
			sbx_add_error(*out, "This document cannot be edited as it is %s.", st);
			json_decref(cur);
			return 1;
		}
		if (to && (!strcmp(to, "DELETED") || !strcmp(to, "VOIDED")) && only_status(in, k)) {
			rc = status_change(s, k, cur, to, in, out);
			json_decref(cur);
			return rc;
		}
		if (!strcmp(st, "PAID")) {
			json_decref(cur);
			*out = json_deep_copy(in);
			sbx_add_error(*out, "This document cannot be edited as it has a payment or credit note allocated to it.");
			return 1;
		}
	}
	src = json_deep_copy(cur);
	json_object_foreach(in, key, v)
		json_object_set(src, key, v);
	if (!sbxj_get(in, "Contact"))
		json_object_set(src, "Contact", sbxj_get(cur, "Contact"));
	rc = doc_build(s, rq, k, src, cur, out);
	json_decref(src);
	json_decref(cur);
	return rc;
}

static int invoice_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	return doc_write(s, rq, &invoice_kind, in, NULL, out);
}

static int credit_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	return doc_write(s, rq, &credit_kind, in, NULL, out);
}

static int docs_get(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
		    const struct doc_kind *k, const char *url_id)
{
	const char *ids = sbx_arg(rq, "IDs");
	const char *nums = sbx_arg(rq, k->is_credit ? "CreditNoteNumbers" : "InvoiceNumbers");
	const char *statuses = sbx_arg(rq, "Statuses");
	const char *vals[SBX_LIST_MAX], *svals[SBX_LIST_MAX];
	json_t *all, *filtered, *v;
	char *store = NULL, *sstore = NULL;
	int n = 0, ns = 0, by_key = 0;
	size_t i;

	if (url_id) {
		json_t *d = docs_find(s, k->is_credit, url_id, url_id);

		if (!d)
			sbx_resp_not_found(rs);
		else
			sbx_resp_envelope(rs, k->collection, json_pack("[o]", d), NULL);
		return 0;
	}
	if (ids)
		n = query_split(ids, &store, vals);
	else if (nums) {
		n = query_split(nums, &store, vals);
		by_key = 1;
	}
	if (statuses)
		ns = query_split(statuses, &sstore, svals);
	if (n < 0 || ns < 0) {
		free(store);
		free(sstore);
		sbx_resp_error(rs, 400, 16, "QueryParseException", "Too many values in a list parameter");
		return 0;
	}
	all = (ids || nums) && n == 0 ? json_array() :
		store_list(s->store, k->kind, by_key, vals, (size_t)n);
	filtered = json_array();
	json_array_foreach(all, i, v) {
		int ok = ns == 0, j;

		for (j = 0; j < ns; j++)
			ok |= !strcasecmp(str_or(v, "Status", ""), svals[j]);
		if (ok)
			json_array_append(filtered, v);
	}
	json_decref(all);
	free(store);
	free(sstore);
	return query_answer(rq, rs, filtered, k->collection);
}

static int docs_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
		       const struct doc_kind *k, batch_fn fn)
{
	const char *slash = strchr(rq->sub, '/');
	const char *url_id = slash && slash[1] ? slash + 1 : NULL;
	struct batch_kind bk = { k->collection, k->id_field, "HasErrors" };

	if (url_id && strchr(url_id, '/')) {
		sbx_resp_not_found(rs);
		return 0;
	}
	if (!strcmp(rq->method, "GET"))
		return docs_get(s, rq, rs, k, url_id);
	if ((!strcmp(rq->method, "PUT") || !strcmp(rq->method, "POST")) && !url_id)
		return batch_run(s, rq, rs, &bk, fn);
	if (!strcmp(rq->method, "POST")) {
		json_t *els = sbx_body_elements(rq->json, k->collection), *out = NULL;
		json_t *in = els ? json_array_get(els, 0) : NULL;
		int r;

		if (!in) {
			json_decref(els);
			sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
				       "No elements were found in the request body");
			return 0;
		}
		r = doc_write(s, rq, k, in, url_id, &out);
		json_decref(els);
		if (r < 0) {
			sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
			return -1;
		}
		if (r) {
			json_object_set_new(out, "HasErrors", json_true());
			json_object_set_new(out, "StatusAttributeString", json_string("ERROR"));
			if (rq->summarize)
				sbx_resp_validation(rs, json_pack("[o]", out));
			else
				sbx_resp_envelope(rs, k->collection, json_pack("[o]", out), NULL);
		} else {
			json_object_set_new(out, "StatusAttributeString", json_string("OK"));
			sbx_resp_envelope(rs, k->collection, json_pack("[o]", out), NULL);
		}
		return 0;
	}
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}

int docs_invoices(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	return docs_handle(s, rq, rs, &invoice_kind, invoice_fn);
}

int docs_creditnotes(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	return docs_handle(s, rq, rs, &credit_kind, credit_fn);
}
