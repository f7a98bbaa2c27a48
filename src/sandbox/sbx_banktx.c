/*
 * sbx_banktx.c - bank transactions (RECEIVE, SPEND).
 *
 * A bank transaction moves money through an active BANK account without
 * an invoice: its line items carry accounts and tax as an invoice's do
 * (sbx_lines.c, with a TaxAmount only where it equals the computed tax, as
 * Xero refuses others on bank transactions), its Contact is required and
 * resolved as a document's (a new Name is created once the transaction is
 * valid), its currency is its bank account's. It is AUTHORISED when
 * created; POST with the BankTransactionID updates it (the stored
 * transaction with the element's fields laid over it, validated again) and
 * {"Status":"DELETED"} deletes it. Overpayments and prepayments (the
 * RECEIVE-/SPEND-OVERPAYMENT and -PREPAYMENT types) are not implemented.
 */
#include "sandbox/sbx_banktx.h"

#include <stdio.h>
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

static const struct batch_kind btx_kind = { "BankTransactions", "BankTransactionID",
					    "HasErrors" };

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

static void check_lock(struct sandbox *s, int64_t day, json_t *el)
{
	int eoy = 0, y, m, d;
	int64_t lock = sbx_lock_days(s, &eoy);

	if (lock < 0 || day > lock)
		return;
	date_from_days(lock, &y, &m, &d);
	sbx_add_error(el, "The document date cannot be before the %s lock date, %04d-%02d-%02d.",
		      eoy ? "end of year" : "period", y, m, d);
}

static void check_type(const char *type, json_t *el)
{
	if (type && (!strcmp(type, "RECEIVE") || !strcmp(type, "SPEND")))
		return;
	if (type && (strstr(type, "-OVERPAYMENT") || strstr(type, "-PREPAYMENT")))
		sbx_add_error(el, "%s bank transactions (overpayments and prepayments) are not supported by the sandbox.",
			      type);
	else if (type && strstr(type, "-TRANSFER"))
		sbx_add_error(el, "%s bank transactions are made by bank transfers and cannot be created.", type);
	else
		sbx_add_error(el, "Bank transaction Type must be RECEIVE or SPEND.");
}

/* The BankAccount of an element: an active BANK account, else NULL and an error. */
static json_t *bank_account(struct sandbox *s, const json_t *ref, json_t *el)
{
	const char *id = sbxj_str(ref, "AccountID"), *code = sbxj_str(ref, "Code");
	json_t *acc = NULL;

	if (id && *id)
		acc = store_get(s->store, SBX_K_ACCOUNT, id);
	else if (code && *code)
		acc = settings_account_by_code(s, code);
	else {
		sbx_add_error(el, "A BankAccount (AccountID or Code) must be specified.");
		return NULL;
	}
	if (!acc)
		sbx_add_error(el, "The BankAccount %s could not be found.", id && *id ? id : code);
	else if (strcmp(str_or(acc, "Type", ""), "BANK") ||
		 strcmp(str_or(acc, "Status", ""), "ACTIVE"))
		sbx_add_error(el, "The BankAccount must be an active bank account (%s is not).",
			      str_or(acc, "Code", ""));
	else
		return acc;
	json_decref(acc);
	return NULL;
}

/*
 * Validate src (a new element, or the stored transaction with the
 * element's fields laid over it; cur is the stored one for updates) and
 * save it. 0 with *out the saved transaction, 1 with *out = echo + errors,
 * -1 on an internal failure.
 */
static int btx_build(struct sandbox *s, const struct sbx_req *rq, const json_t *src,
		     const json_t *cur, json_t **out)
{
	const char *type = sbxj_str(src, "Type"), *status = str_or(src, "Status", "AUTHORISED");
	const char *ref = sbxj_str(src, "Reference"), *currency = sbxj_str(src, "CurrencyCode");
	json_t *el = json_deep_copy(src), *contact = NULL, *lines = NULL, *bank, *o = NULL, *v;
	char msg[512], id[37], base[4];
	const char *bank_cur = NULL;
	enum sbx_lat lat = SBX_LAT_EXCLUSIVE;
	struct sbx_totals t = { 0, 0, 0 };
	int64_t day = sbxj_now_ms() / 86400000;
	int crc;

	settings_base_currency(s, base);
	check_type(type, el);
	if (strcmp(status, "AUTHORISED"))
		sbx_add_error(el, "Bank transaction Status must be AUTHORISED (DELETED only by itself, to delete it).");
	bank = bank_account(s, sbxj_get(src, "BankAccount"), el);
	if (bank) {
		bank_cur = str_or(bank, "CurrencyCode", base);
		if (!currency)
			currency = bank_cur;
		else if (strcmp(currency, bank_cur))
			sbx_add_error(el, "The bank transaction currency %s must be the currency of bank account %s (%s).",
				      currency, str_or(bank, "Code", ""), bank_cur);
	}
	if (currency && !settings_currency_ok(s, currency))
		sbx_add_error(el, "Organisation is not subscribed to currency %s", currency);
	if (lines_lat_parse(sbxj_str(src, "LineAmountTypes"), &lat))
		sbx_add_error(el, "LineAmountTypes must be Exclusive, Inclusive or NoTax.");
	if (sbxj_get(src, "Date") && sbxj_parse_date(&day, sbxj_str(src, "Date")))
		sbx_add_error(el, "The Date must be given as YYYY-MM-DD.");
	else
		check_lock(s, day, el);
	if (ref && strlen(ref) > 255)
		sbx_add_error(el, "Reference must not exceed 255 characters.");
	if ((v = sbxj_get(src, "IsReconciled")) && !json_is_boolean(v))
		sbx_add_error(el, "IsReconciled must be true or false.");
	crc = contacts_resolve(s, sbxj_get(src, "Contact"), &contact, msg, sizeof(msg));
	if (crc < 0)
		sbx_add_error(el, "%s", msg);
	{
		struct lines_opts lo = { lat, rq->unitdp, 0, 1, 1 };

		if (lines_build(s, sbxj_get(src, "LineItems"), &lo, el, &lines, &t) < 0)
			goto fail;
	}
	if (lines && t.total < 0)
		sbx_add_error(el, "The bank transaction total cannot be negative: a %s of a negative amount is a %s.",
			      type && !strcmp(type, "SPEND") ? "SPEND" : "RECEIVE",
			      type && !strcmp(type, "SPEND") ? "RECEIVE" : "SPEND");
	if (json_object_get(el, "ValidationErrors")) {
		json_decref(bank);
		json_decref(contact);
		json_decref(lines);
		*out = el;
		return 1;
	}
	if (crc == 1 && contacts_create_named(s, sbxj_str(sbxj_get(src, "Contact"), "Name"), &contact))
		goto fail;
	contacts_mark(s, sbxj_str(contact, "ContactID"), !strcmp(type, "RECEIVE"));
	if (cur)
		snprintf(id, sizeof(id), "%s", str_or(cur, "BankTransactionID", ""));
	else
		sbxj_guid(id);
	o = json_object();
	json_object_set_new(o, "BankTransactionID", json_string(id));
	json_object_set_new(o, "Type", json_string(type));
	json_object_set_new(o, "Contact", contacts_summary(contact));
	json_object_set_new(o, "BankAccount",
			    json_pack("{s:s,s:s,s:s}", "AccountID", str_or(bank, "AccountID", ""),
				      "Code", str_or(bank, "Code", ""), "Name", str_or(bank, "Name", "")));
	json_object_set_new(o, "IsReconciled", json_boolean(json_is_true(sbxj_get(src, "IsReconciled"))));
	json_object_set_new(o, "DateString", sbxj_datestring(day));
	json_object_set_new(o, "Date", sbxj_date_days(day));
	json_object_set_new(o, "Reference", json_string(ref ? ref : ""));
	json_object_set_new(o, "CurrencyCode", json_string(currency));
	json_object_set_new(o, "CurrencyRate", sbxj_money(1000000, 6));
	json_object_set_new(o, "Status", json_string("AUTHORISED"));
	json_object_set_new(o, "LineAmountTypes", json_string(lines_lat_name(lat)));
	json_object_set_new(o, "LineItems", lines); /* steals */
	lines = NULL;
	json_object_set_new(o, "SubTotal", sbxj_money(t.sub, 2));
	json_object_set_new(o, "TotalTax", sbxj_money(t.tax, 2));
	json_object_set_new(o, "Total", sbxj_money(t.total, 2));
	json_object_set_new(o, "HasAttachments", json_false());
	if ((v = sbxj_get(src, "Url")) && json_is_string(v))
		json_object_set(o, "Url", v);
	json_object_set_new(o, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	if (store_put(s->store, SBX_K_BANKTXN, id, ref, o))
		goto fail;
	json_decref(bank);
	json_decref(contact);
	json_decref(el);
	*out = o;
	return 0;
fail:
	json_decref(o);
	json_decref(bank);
	json_decref(contact);
	json_decref(lines);
	json_decref(el);
	*out = NULL;
	return -1;
}

/* Only Status (and the id) in the element. */
static int only_status(const json_t *in)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)in, key, v)
		if (strcasecmp(key, "Status") && strcasecmp(key, "BankTransactionID"))
			return 0;
	return 1;
}

static int btx_delete(struct sandbox *s, json_t *cur, json_t *in, json_t **out)
{
	int64_t day = sbxj_member_days(cur, "Date");

	*out = json_deep_copy(in);
	if (day >= 0)
		check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors"))
		return 1;
	json_decref(*out);
	json_object_set_new(cur, "Status", json_string("DELETED"));
	json_object_set_new(cur, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	if (store_put(s->store, SBX_K_BANKTXN, sbxj_str(cur, "BankTransactionID"),
		      sbxj_str(cur, "Reference"), cur)) {
		*out = NULL;
		return -1;
	}
	*out = json_incref(cur);
	return 0;
}

static int btx_write(struct sandbox *s, const struct sbx_req *rq, json_t *in, const char *url_id,
		     json_t **out)
{
	const char *id = url_id ? url_id : sbxj_str(in, "BankTransactionID");
	const char *to = sbxj_str(in, "Status");
	json_t *cur = NULL, *src, *v;
	const char *key;
	int rc;

	if (!strcmp(rq->method, "POST") && id && *id) {
		cur = store_get(s->store, SBX_K_BANKTXN, id);
		if (!cur) {
			*out = json_deep_copy(in);
			sbx_add_error(*out, "An existing BankTransaction with the specified BankTransactionID could not be found");
			return 1;
		}
	}
	if (!cur)
		return btx_build(s, rq, in, NULL, out);
	if (!strcmp(str_or(cur, "Status", ""), "DELETED")) {
		*out = json_deep_copy(in);
		sbx_add_error(*out, "This bank transaction cannot be edited as it is DELETED.");
		json_decref(cur);
		return 1;
	}
	if (to && !strcmp(to, "DELETED") && only_status(in)) {
		rc = btx_delete(s, cur, in, out);
		json_decref(cur);
		return rc;
	}
	src = json_deep_copy(cur);
	json_object_foreach(in, key, v)
		json_object_set(src, key, v);
	rc = btx_build(s, rq, src, cur, out);
	json_decref(src);
	json_decref(cur);
	return rc;
}

static int btx_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	return btx_write(s, rq, in, NULL, out);
}

int banktx_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strchr(rq->sub, '/');
	const char *id = slash && slash[1] ? slash + 1 : NULL;

	if (id && strchr(id, '/')) {
		sbx_resp_not_found(rs);
		return 0;
	}
	if (!strcmp(rq->method, "GET")) {
		json_t *t;

		if (!id)
			return query_answer(rq, rs, store_list(s->store, SBX_K_BANKTXN, 0, NULL, 0),
					    "BankTransactions");
		t = store_get(s->store, SBX_K_BANKTXN, id);
		if (!t)
			sbx_resp_not_found(rs);
		else
			sbx_resp_envelope(rs, "BankTransactions", json_pack("[o]", t), NULL);
		return 0;
	}
	if ((!strcmp(rq->method, "PUT") || !strcmp(rq->method, "POST")) && !id)
		return batch_run(s, rq, rs, &btx_kind, btx_fn);
	if (!strcmp(rq->method, "POST")) {
		json_t *els = sbx_body_elements(rq->json, "BankTransactions"), *out = NULL;
		json_t *in = els ? json_array_get(els, 0) : NULL;
		int r;

		if (!json_is_object(in)) {
			json_decref(els);
			sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
				       "No elements were found in the request body");
			return 0;
		}
		r = btx_write(s, rq, in, id, &out);
		json_decref(els);
		if (r < 0) {
			sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
			return -1;
		}
		json_object_set_new(out, "StatusAttributeString", json_string(r ? "ERROR" : "OK"));
		if (r) {
			json_object_set_new(out, "HasErrors", json_true());
			if (rq->summarize) {
				sbx_resp_validation(rs, json_pack("[o]", out));
				return 0;
			}
		}
		sbx_resp_envelope(rs, "BankTransactions", json_pack("[o]", out), NULL);
		return 0;
	}
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}
