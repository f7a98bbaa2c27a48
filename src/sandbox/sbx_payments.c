/*
 * sbx_payments.c - payments against invoices and credit notes, and
 * allocations of credit notes to invoices.
 *
 * A payment needs an AUTHORISED document, an active account that is a
 * BANK account or has EnablePaymentsToAccount, a positive amount no larger
 * than what is outstanding, and a date after the lock date. Applying it
 * reduces AmountDue (RemainingCredit for credit notes) and marks the
 * document PAID at zero; deleting it (POST Payments/{id} Status DELETED)
 * puts the money back. Allocations do the same between a credit note and
 * an invoice of the same currency. A bank transfer moves an amount
 * between two different active BANK accounts of one currency (a clearing
 * account to the bank: a payout); Xero's API cannot delete one.
 */
#include "sandbox/sbx_payments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_batch.h"
#include "sandbox/sbx_docs.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_query.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_settings.h"
#include "util/date.h"

static const struct batch_kind payment_kind = { "Payments", "PaymentID", "HasValidationErrors" };
static const struct batch_kind transfer_kind = { "BankTransfers", "BankTransferID",
						 "HasValidationErrors" };

static int64_t cents(const json_t *o, const char *k)
{
	int64_t v = 0;

	sbxj_decimal(&v, sbxj_get(o, k), 2, 1);
	return v;
}

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

static void check_lock(struct sandbox *s, int64_t day, json_t *el)
{
	int eoy = 0;
	int64_t lock = sbx_lock_days(s, &eoy);

	if (lock >= 0 && day <= lock)
		sbx_add_error(el, "The payment date cannot be before the %s lock date.",
			      eoy ? "end of year" : "period");
}

/* Outstanding amount of a document: AmountDue or RemainingCredit. */
static int64_t outstanding(const json_t *doc, int is_credit)
{
	return cents(doc, is_credit ? "RemainingCredit" : "AmountDue");
}

/* Move `amt` cents onto (amt > 0) or off (amt < 0) a document's paid side. */
static void apply_amount(json_t *doc, int is_credit, int64_t amt, const char *paid_field,
			 int64_t day)
{
	int64_t left = outstanding(doc, is_credit) - amt;

	json_object_set_new(doc, paid_field, sbxj_money(cents(doc, paid_field) + amt, 2));
	json_object_set_new(doc, is_credit ? "RemainingCredit" : "AmountDue", sbxj_money(left, 2));
	if (left == 0) {
		json_object_set_new(doc, "Status", json_string("PAID"));
		json_object_set_new(doc, "FullyPaidOnDate", sbxj_date_days(day));
	} else if (!strcmp(str_or(doc, "Status", ""), "PAID")) {
		json_object_set_new(doc, "Status", json_string("AUTHORISED"));
		json_object_del(doc, "FullyPaidOnDate");
	}
}

static json_t *doc_ref(const json_t *doc, int is_credit)
{
	json_t *r = json_object();
	const char *idf = is_credit ? "CreditNoteID" : "InvoiceID";
	const char *nf = is_credit ? "CreditNoteNumber" : "InvoiceNumber";

	json_object_set_new(r, "Type", json_string(str_or(doc, "Type", "")));
	json_object_set_new(r, idf, json_string(str_or(doc, idf, "")));
	json_object_set_new(r, nf, json_string(str_or(doc, nf, "")));
	json_object_set_new(r, "Contact", json_deep_copy(sbxj_get(doc, "Contact")));
	json_object_set_new(r, "CurrencyCode", json_string(str_or(doc, "CurrencyCode", "")));
	return r;
}

static json_t *find_account(struct sandbox *s, const json_t *ref)
{
	const char *id = sbxj_str(ref, "AccountID"), *code = sbxj_str(ref, "Code");

	if (id && *id)
		return store_get(s->store, SBX_K_ACCOUNT, id);
	if (code && *code)
		return settings_account_by_code(s, code);
	return NULL;
}

static int payment_create(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	const json_t *iref = sbxj_get(in, "Invoice"), *cref = sbxj_get(in, "CreditNote");
	const char *inum = sbxj_str(in, "InvoiceNumber"), *cnum = sbxj_str(in, "CreditNoteNumber");
	int is_credit = cref || (cnum && !iref && !inum);
	json_t *doc = NULL, *acc = NULL, *p, *pay_summary, *v;
	const char *ptype, *st;
	int64_t amt = 0, day;
	char id[37];

	(void)rq;
	*out = json_deep_copy(in);
	if ((iref || inum) && (cref || cnum)) {
		sbx_add_error(*out, "Provide only one of Invoice, CreditNote, Prepayment or Overpayment.");
		return 1;
	}
	if (is_credit)
		doc = docs_find(s, 1, sbxj_str(cref, "CreditNoteID"),
				sbxj_str(cref, "CreditNoteNumber") ? sbxj_str(cref, "CreditNoteNumber") : cnum);
	else if (iref || inum)
		doc = docs_find(s, 0, sbxj_str(iref, "InvoiceID"),
				sbxj_str(iref, "InvoiceNumber") ? sbxj_str(iref, "InvoiceNumber") : inum);
	else {
		sbx_add_error(*out, "You must specify an Invoice, CreditNote, Prepayment or Overpayment for the payment.");
		return 1;
	}
	if (!doc)
		sbx_add_error(*out, "The %s for this payment could not be found.", is_credit ? "CreditNote" : "Invoice");
	else if (strcmp(str_or(doc, "Status", ""), "AUTHORISED"))
		sbx_add_error(*out, "Payments can only be made against AUTHORISED documents; this one is %s.",
			      str_or(doc, "Status", ""));
	acc = find_account(s, sbxj_get(in, "Account"));
	if (!acc && !sbxj_get(in, "Account"))
		sbx_add_error(*out, "An Account must be specified for the payment.");
	else if (!acc)
		sbx_add_error(*out, "The Account for this payment could not be found.");
	else if (strcmp(str_or(acc, "Status", ""), "ACTIVE") ||
		 (strcmp(str_or(acc, "Type", ""), "BANK") &&
		  !json_is_true(sbxj_get(acc, "EnablePaymentsToAccount"))))
		sbx_add_error(*out, "Payments can only be made to an active BANK account or an account with payments enabled (%s).",
			      str_or(acc, "Code", ""));
	else if (doc && !strcmp(str_or(acc, "Type", ""), "BANK")) {
		char base[4];
		const char *ac = str_or(acc, "CurrencyCode", ""), *dc = str_or(doc, "CurrencyCode", "");

		settings_base_currency(s, base);
		if (strcmp(ac, dc) && strcmp(ac, base))
			sbx_add_error(*out, "A payment from a %s bank account cannot pay a %s document.",
				      ac, dc);
	}
	if (sbxj_decimal(&amt, sbxj_get(in, "Amount"), 2, 0) || amt <= 0)
		sbx_add_error(*out, "The payment Amount must be a positive number with up to 2 decimal places.");
	else if (doc && amt > outstanding(doc, is_credit))
		sbx_add_error(*out, "Payment amount exceeds the amount outstanding on this document");
	day = sbxj_now_ms() / 86400000;
	if (sbxj_get(in, "Date") && sbxj_parse_date(&day, sbxj_str(in, "Date")))
		sbx_add_error(*out, "The payment Date must be given as YYYY-MM-DD.");
	else
		check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors")) {
		json_decref(doc);
		json_decref(acc);
		return 1;
	}
	json_decref(*out);
	st = str_or(doc, "Type", "");
	ptype = !strcmp(st, "ACCREC") ? "ACCRECPAYMENT" : !strcmp(st, "ACCPAY") ? "ACCPAYPAYMENT" :
		!strcmp(st, "ACCRECCREDIT") ? "ARCREDITPAYMENT" : "APCREDITPAYMENT";
	sbxj_guid(id);
	p = json_object();
	json_object_set_new(p, "PaymentID", json_string(id));
	json_object_set_new(p, "Date", sbxj_date_days(day));
	json_object_set_new(p, "BankAmount", sbxj_money(amt, 2));
	json_object_set_new(p, "Amount", sbxj_money(amt, 2));
	json_object_set_new(p, "Reference", json_string(str_or(in, "Reference", "")));
	json_object_set(p, "CurrencyRate", sbxj_get(doc, "CurrencyRate"));
	json_object_set_new(p, "PaymentType", json_string(ptype));
	json_object_set_new(p, "Status", json_string("AUTHORISED"));
	json_object_set_new(p, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	json_object_set_new(p, "HasAccount", json_true());
	v = sbxj_get(in, "IsReconciled");
	json_object_set_new(p, "IsReconciled", json_boolean(json_is_true(v)));
	json_object_set_new(p, "Account", json_pack("{s:s,s:s,s:s}", "AccountID",
						    str_or(acc, "AccountID", ""), "Code",
						    str_or(acc, "Code", ""), "Name", str_or(acc, "Name", "")));
	json_object_set_new(p, is_credit ? "CreditNote" : "Invoice", doc_ref(doc, is_credit));
	json_object_set_new(p, "HasValidationErrors", json_false());
	pay_summary = json_pack("{s:s,s:o,s:o,s:s,s:O}", "PaymentID", id, "Date", sbxj_date_days(day),
				"Amount", sbxj_money(amt, 2), "Reference", str_or(in, "Reference", ""),
				"CurrencyRate", sbxj_get(doc, "CurrencyRate"));
	if (!json_is_array(sbxj_get(doc, "Payments")))
		json_object_set_new(doc, "Payments", json_array());
	json_array_append_new(sbxj_get(doc, "Payments"), pay_summary);
	apply_amount(doc, is_credit, amt, is_credit ? "AmountPaid" : "AmountPaid", day);
	json_decref(acc);
	if (docs_save(s, is_credit, doc) ||
	    store_put(s->store, SBX_K_PAYMENT, id, sbxj_str(p, "Reference"), p)) {
		json_decref(doc);
		json_decref(p);
		*out = NULL;
		return -1;
	}
	json_decref(doc);
	*out = p;
	return 0;
}

static int payment_delete(struct sandbox *s, const char *id, json_t *in, json_t **out)
{
	json_t *p = store_get(s->store, SBX_K_PAYMENT, id), *doc, *arr, *v;
	int is_credit;
	int64_t amt, day;
	size_t i;

	*out = json_deep_copy(in);
	if (!p) {
		sbx_add_error(*out, "An existing Payment with the specified PaymentID could not be found");
		return 1;
	}
	if (strcmp(str_or(in, "Status", ""), "DELETED"))
		sbx_add_error(*out, "Payments can only be deleted (Status DELETED), not edited.");
	else if (strcmp(str_or(p, "Status", ""), "AUTHORISED"))
		sbx_add_error(*out, "This payment has already been deleted.");
	day = sbxj_member_days(p, "Date");
	check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors")) {
		json_decref(p);
		return 1;
	}
	json_decref(*out);
	is_credit = sbxj_get(p, "CreditNote") != NULL;
	v = sbxj_get(p, is_credit ? "CreditNote" : "Invoice");
	doc = docs_find(s, is_credit, sbxj_str(v, is_credit ? "CreditNoteID" : "InvoiceID"), NULL);
	amt = cents(p, "Amount");
	if (doc) {
		arr = sbxj_get(doc, "Payments");
		json_array_foreach(arr, i, v)
			if (!strcasecmp(str_or(v, "PaymentID", ""), id)) {
				json_array_remove(arr, i);
				break;
			}
		apply_amount(doc, is_credit, -amt, "AmountPaid", day);
	}
	json_object_set_new(p, "Status", json_string("DELETED"));
	json_object_set_new(p, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	if ((doc && docs_save(s, is_credit, doc)) ||
	    store_put(s->store, SBX_K_PAYMENT, id, sbxj_str(p, "Reference"), p)) {
		json_decref(doc);
		json_decref(p);
		*out = NULL;
		return -1;
	}
	json_decref(doc);
	*out = p;
	return 0;
}

/* GET Payments|BankTransfers[/{id}]: one by id, or the list (where=, paging) */
static int get_money_moves(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
			   enum sbx_kind kind, const char *coll, const char *id)
{
	json_t *p;

	if (!id)
		return query_answer(rq, rs, store_list(s->store, kind, 0, NULL, 0), coll);
	p = store_get(s->store, kind, id);
	if (!p)
		sbx_resp_not_found(rs);
	else
		sbx_resp_envelope(rs, coll, json_pack("[o]", p), NULL);
	return 0;
}

static int payment_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	return payment_create(s, rq, in, out);
}

int payments_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strchr(rq->sub, '/');
	const char *id = slash && slash[1] ? slash + 1 : NULL;

	if (!strcmp(rq->method, "GET"))
		return get_money_moves(s, rq, rs, SBX_K_PAYMENT, "Payments", id);
	if ((!strcmp(rq->method, "PUT") || !strcmp(rq->method, "POST")) && !id)
		return batch_run(s, rq, rs, &payment_kind, payment_fn);
	if (!strcmp(rq->method, "POST")) {
		json_t *els = sbx_body_elements(rq->json, "Payments"), *out = NULL;
		json_t *in = els ? json_array_get(els, 0) : NULL;
		int r;

		if (!in) {
			json_decref(els);
			sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
				       "No elements were found in the request body");
			return 0;
		}
		r = payment_delete(s, id, in, &out);
		json_decref(els);
		if (r < 0) {
			sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
			return -1;
		}
		json_object_set_new(out, "StatusAttributeString", json_string(r ? "ERROR" : "OK"));
		if (r)
			sbx_resp_validation(rs, json_pack("[o]", out));
		else
			sbx_resp_envelope(rs, "Payments", json_pack("[o]", out), NULL);
		return 0;
	}
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}

/* Allocate one element of a credit note to an invoice. */
static int allocate_one(struct sandbox *s, json_t *cn, json_t *in, json_t **out)
{
	const json_t *iref = sbxj_get(in, "Invoice");
	json_t *inv, *alloc, *arr;
	int64_t amt = 0, day;
	char id[37];

	*out = json_deep_copy(in);
	inv = docs_find(s, 0, sbxj_str(iref, "InvoiceID"), sbxj_str(iref, "InvoiceNumber"));
	if (!inv)
		sbx_add_error(*out, "The Invoice for this allocation could not be found.");
	else if (strcmp(str_or(inv, "Status", ""), "AUTHORISED"))
		sbx_add_error(*out, "Allocations can only be made to AUTHORISED invoices.");
	else if (strcmp(str_or(inv, "CurrencyCode", ""), str_or(cn, "CurrencyCode", "")))
		sbx_add_error(*out, "The invoice and credit note must be in the same currency.");
	else if (strcmp(str_or(inv, "Type", ""), !strcmp(str_or(cn, "Type", ""), "ACCRECCREDIT") ?
			"ACCREC" : "ACCPAY"))
		sbx_add_error(*out, "A sales credit note can only be allocated to a sales invoice (and purchase to purchase).");
	if (strcmp(str_or(cn, "Status", ""), "AUTHORISED"))
		sbx_add_error(*out, "Credit notes must have a Status of AUTHORISED to be allocated.");
	if (sbxj_decimal(&amt, sbxj_get(in, "Amount"), 2, 0) || amt <= 0)
		sbx_add_error(*out, "The allocation Amount must be a positive number with up to 2 decimal places.");
	else if (amt > outstanding(cn, 1))
		sbx_add_error(*out, "The allocation amount exceeds the remaining credit on the credit note.");
	else if (inv && amt > outstanding(inv, 0))
		sbx_add_error(*out, "The allocation amount exceeds the amount outstanding on the invoice.");
	day = sbxj_now_ms() / 86400000;
	if (sbxj_get(in, "Date") && sbxj_parse_date(&day, sbxj_str(in, "Date")))
		sbx_add_error(*out, "The allocation Date must be given as YYYY-MM-DD.");
	if (inv && sbxj_member_days(inv, "Date") > day)
		day = sbxj_member_days(inv, "Date");
	if (sbxj_member_days(cn, "Date") > day)
		day = sbxj_member_days(cn, "Date");
	check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors")) {
		json_decref(inv);
		return 1;
	}
	json_decref(*out);
	sbxj_guid(id);
	alloc = json_pack("{s:s,s:o,s:o,s:{s:s,s:s}}", "AllocationID", id, "Amount",
			  sbxj_money(amt, 2), "Date", sbxj_date_days(day), "Invoice", "InvoiceID",
			  str_or(inv, "InvoiceID", ""), "InvoiceNumber", str_or(inv, "InvoiceNumber", ""));
	arr = sbxj_get(cn, "Allocations");
	if (!json_is_array(arr)) {
		arr = json_array();
		json_object_set_new(cn, "Allocations", arr);
	}
	json_array_append(arr, alloc);
	apply_amount(cn, 1, amt, "AppliedAmount", day);
	arr = sbxj_get(inv, "CreditNotes");
	if (!json_is_array(arr)) {
		arr = json_array();
		json_object_set_new(inv, "CreditNotes", arr);
	}
	json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:O}", "CreditNoteID",
					     str_or(cn, "CreditNoteID", ""), "CreditNoteNumber",
					     str_or(cn, "CreditNoteNumber", ""), "AppliedAmount",
					     sbxj_money(amt, 2), "Total", sbxj_get(cn, "Total")));
	apply_amount(inv, 0, amt, "AmountCredited", day);
	if (docs_save(s, 0, inv) || docs_save(s, 1, cn)) {
		json_decref(inv);
		json_decref(alloc);
		*out = NULL;
		return -1;
	}
	json_object_set_new(alloc, "CreditNote", json_pack("{s:s,s:s}", "CreditNoteID",
							   str_or(cn, "CreditNoteID", ""), "CreditNoteNumber",
							   str_or(cn, "CreditNoteNumber", "")));
	json_decref(inv);
	*out = alloc;
	return 0;
}

int payments_allocations(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *p = strchr(rq->sub, '/');
	char cnid[64];
	json_t *cn, *els, *in, *all, *failed;
	size_t i, n;
	int rc = 0;

	if (strcmp(rq->method, "PUT") && strcmp(rq->method, "POST")) {
		sbx_resp_text(rs, 405, "Method not allowed");
		return 0;
	}
	n = p ? strcspn(p + 1, "/") : 0;
	if (!p || n == 0 || n >= sizeof(cnid)) {
		sbx_resp_not_found(rs);
		return 0;
	}
	memcpy(cnid, p + 1, n);
	cnid[n] = '\0';
	cn = docs_find(s, 1, cnid, cnid);
	if (!cn) {
		sbx_resp_not_found(rs);
		return 0;
	}
	els = sbx_body_elements(rq->json, "Allocations");
	if (!els || !json_array_size(els)) {
		json_decref(els);
		json_decref(cn);
		sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
			       "No elements were found in the request body");
		return 0;
	}
	all = json_array();
	failed = json_array();
	json_array_foreach(els, i, in) {
		json_t *out = NULL;
		int r = allocate_one(s, cn, in, &out);

		if (r < 0) {
			rc = -1;
			break;
		}
		json_object_set_new(out, "StatusAttributeString", json_string(r ? "ERROR" : "OK"));
		if (r)
			json_array_append(failed, out);
		json_array_append_new(all, out);
	}
	if (rc)
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
	else if (rq->summarize && json_array_size(failed))
		sbx_resp_validation(rs, json_incref(failed));
	else
		sbx_resp_envelope(rs, "Allocations", json_incref(all), NULL);
	json_decref(all);
	json_decref(failed);
	json_decref(els);
	json_decref(cn);
	return rc;
}

/* ---- bank transfers ---- */

static json_t *account_ref(const json_t *acc)
{
	return json_pack("{s:s,s:s,s:s}", "AccountID", str_or(acc, "AccountID", ""), "Code",
			 str_or(acc, "Code", ""), "Name", str_or(acc, "Name", ""));
}

/* One end of a transfer: an active BANK account; NULL with an error on el. */
static json_t *transfer_end(struct sandbox *s, json_t *in, const char *field, json_t *el)
{
	json_t *acc = find_account(s, sbxj_get(in, field));

	if (!sbxj_get(in, field))
		sbx_add_error(el, "A %s must be specified.", field);
	else if (!acc)
		sbx_add_error(el, "The %s could not be found.", field);
	else if (strcmp(str_or(acc, "Status", ""), "ACTIVE") ||
		 strcmp(str_or(acc, "Type", ""), "BANK"))
		sbx_add_error(el, "The %s must be an active bank account (%s is not).", field,
			      str_or(acc, "Code", ""));
	else
		return acc;
	json_decref(acc);
	return NULL;
}

static int transfer_create(struct sandbox *s, const struct sbx_req *rq, json_t *in,
			   json_t **out)
{
	json_t *from, *to, *p;
	int64_t amt = 0, day;
	char id[37], fid[37], tid[37];

	(void)rq;
	*out = json_deep_copy(in);
	from = transfer_end(s, in, "FromBankAccount", *out);
	to = transfer_end(s, in, "ToBankAccount", *out);
	if (from && to && !strcmp(str_or(from, "AccountID", ""), str_or(to, "AccountID", "")))
		sbx_add_error(*out, "The FromBankAccount and ToBankAccount must be different.");
	else if (from && to && strcmp(str_or(from, "CurrencyCode", ""),
				      str_or(to, "CurrencyCode", "")))
		sbx_add_error(*out, "Transfers between bank accounts in different currencies are"
			      " not supported by the sandbox.");
	if (sbxj_decimal(&amt, sbxj_get(in, "Amount"), 2, 0) || amt <= 0)
		sbx_add_error(*out, "The Amount must be a positive number with up to 2 decimal places.");
	day = sbxj_now_ms() / 86400000;
	if (sbxj_get(in, "Date") && sbxj_parse_date(&day, sbxj_str(in, "Date")))
		sbx_add_error(*out, "The Date must be given as YYYY-MM-DD.");
	else
		check_lock(s, day, *out);
	if (json_object_get(*out, "ValidationErrors")) {
		json_decref(from);
		json_decref(to);
		return 1;
	}
	json_decref(*out);
	sbxj_guid(id);
	sbxj_guid(fid);
	sbxj_guid(tid);
	p = json_object();
	json_object_set_new(p, "BankTransferID", json_string(id));
	json_object_set_new(p, "Date", sbxj_date_days(day));
	json_object_set_new(p, "Status", json_string("AUTHORISED"));
	json_object_set_new(p, "FromBankAccount", account_ref(from));
	json_object_set_new(p, "ToBankAccount", account_ref(to));
	json_object_set_new(p, "Amount", sbxj_money(amt, 2));
	json_object_set_new(p, "FromBankTransactionID", json_string(fid));
	json_object_set_new(p, "ToBankTransactionID", json_string(tid));
	json_object_set_new(p, "FromIsReconciled", json_false());
	json_object_set_new(p, "ToIsReconciled", json_false());
	json_object_set_new(p, "Reference", json_string(str_or(in, "Reference", "")));
	json_object_set_new(p, "CurrencyRate", json_real(1.0));
	json_object_set_new(p, "HasAttachments", json_false());
	json_object_set_new(p, "CreatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	json_object_set_new(p, "HasValidationErrors", json_false());
	json_decref(from);
	json_decref(to);
	if (store_put(s->store, SBX_K_BANKTRANSFER, id, sbxj_str(p, "Reference"), p)) {
		json_decref(p);
		*out = NULL;
		return -1;
	}
	*out = p;
	return 0;
}

int payments_transfers(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strchr(rq->sub, '/');
	const char *id = slash && slash[1] ? slash + 1 : NULL;

	if (!strcmp(rq->method, "GET"))
		return get_money_moves(s, rq, rs, SBX_K_BANKTRANSFER, "BankTransfers", id);
	if (!strcmp(rq->method, "PUT") && !id)
		return batch_run(s, rq, rs, &transfer_kind, transfer_create);
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}
