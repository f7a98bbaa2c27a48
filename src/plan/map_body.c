/*
 * map_body.c - the Xero JSON body of a planned document (map.h), written
 * with the JSON writer: an invoice, credit note or bill with its lines, a
 * payment of one of them, a bank transfer, or a bank transaction (Spend or
 * Receive Money) with its lines. The same document always
 * gives the same bytes (its hash says whether a posted one changed).
 */
#include "plan/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"
#include "util/hash.h"
#include "util/jsonw.h"

/* A body's first allocation: most bodies fit (a PayPal row's is about
 * 460 bytes), so one malloc instead of doubling from 64 */
#define BODY_ROOM 1024

/* The body written into b by w becomes d's body and hash. */
static int set_body(struct doc *d, struct buf *b, const struct jsonw *w)
{
	size_t len;

	if (jsonw_finish(w)) {
		buf_free(b);
		return LL_ERROR;
	}
	len = b->len;
	free(d->body);
	d->body = buf_detach(b);
	hash_buf_hex(d->body, len, d->hash);
	return 0;
}

/* {"Code":code} as the value of member name */
static void account_ref(struct jsonw *w, const char *name, const char *code)
{
	jsonw_name(w, name);
	jsonw_object(w);
	jsonw_field_string(w, "Code", code);
	jsonw_end(w);
}

/* A Payment: {"Invoice":{"InvoiceNumber":..},"Account":{"Code":..},...};
 * a BankTransfer: {"FromBankAccount":{"Code":..},"ToBankAccount":..,...} */
static int render_money_move(struct doc *d, int exponent)
{
	struct buf b = BUF_INIT(4096);
	struct jsonw w;

	buf_reserve(&b, BODY_ROOM);
	jsonw_init(&w, &b);
	jsonw_object(&w);
	if (!strcmp(d->kind, "BankTransfer")) {
		account_ref(&w, "FromBankAccount", d->account);
		account_ref(&w, "ToBankAccount", d->to_account);
	} else {
		int credit = !strcmp(d->xero_type, "ARCREDITPAYMENT");

		jsonw_name(&w, credit ? "CreditNote" : "Invoice");
		jsonw_object(&w);
		jsonw_field_string(&w, credit ? "CreditNoteNumber" : "InvoiceNumber", d->target);
		jsonw_end(&w);
		account_ref(&w, "Account", d->account);
	}
	jsonw_field_string(&w, "Date", d->date);
	jsonw_field_amount(&w, "Amount", d->total, exponent);
	jsonw_field_string(&w, "Reference", d->reference);
	jsonw_end(&w);
	return set_body(d, &b, &w);
}

/* "LineItems":[...] of d, amounts as they count toward the deposit or,
 * with flip, the other way round (a credit note, a bill, a SPEND) */
static void line_items(struct jsonw *w, const struct doc *d,
		       const struct platform_settings *s, int flip, int exponent)
{
	size_t i;

	jsonw_name(w, "LineItems");
	jsonw_array(w);
	for (i = 0; i < d->nlines; i++) {
		const struct doc_line *l = &d->lines[i];
		int64_t amt = flip ? -l->amount : l->amount;
		int64_t tax = flip ? -l->tax_amount : l->tax_amount;

		/* an Exclusive line with its stated tax is sent net of it */
		if (l->has_tax && !strcmp(s->line_amount_types, "Exclusive"))
			amt -= tax;
		jsonw_object(w);
		jsonw_field_string(w, "Description", l->description);
		jsonw_field_int(w, "Quantity", 1);
		jsonw_field_amount(w, "UnitAmount", amt, exponent);
		jsonw_field_amount(w, "LineAmount", amt, exponent);
		jsonw_field_string(w, "AccountCode", l->account);
		if (l->tax_type[0])
			jsonw_field_string(w, "TaxType", l->tax_type);
		/* the tax the platform stated, where Xero's rounding differs */
		if (l->has_tax && l->tax_type[0])
			jsonw_field_amount(w, "TaxAmount", tax, exponent);
		if (l->tracking[0] && s->tracking_category[0]) {
			jsonw_name(w, "Tracking");
			jsonw_array(w);
			jsonw_object(w);
			jsonw_field_string(w, "Name", s->tracking_category);
			jsonw_field_string(w, "Option", l->tracking);
			jsonw_end(w);
			jsonw_end(w);
		}
		jsonw_end(w);
	}
	jsonw_end(w);
}

/*
 * A bank transaction (Spend / Receive Money): {"Type":"RECEIVE"|"SPEND",
 * "Contact", "BankAccount":{"Code"}, "Date", "Reference", "CurrencyCode",
 * "LineAmountTypes", "LineItems"}. Its number is its Reference (its key in
 * Xero). No Status: Xero makes it AUTHORISED, the only status it has.
 */
static int render_bank_transaction(struct doc *d, const struct platform_settings *s,
				   const char *currency, int exponent)
{
	struct buf b = BUF_INIT(3u * 1024 * 1024);
	struct jsonw w;

	buf_reserve(&b, BODY_ROOM);
	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_field_string(&w, "Type", d->xero_type);
	jsonw_name(&w, "Contact");
	jsonw_object(&w);
	jsonw_field_string(&w, "Name", d->contact);
	jsonw_end(&w);
	account_ref(&w, "BankAccount", d->account);
	jsonw_field_string(&w, "Date", d->date);
	jsonw_field_string(&w, "Reference", d->number);
	jsonw_field_string(&w, "CurrencyCode", currency);
	jsonw_field_string(&w, "LineAmountTypes", s->line_amount_types);
	line_items(&w, d, s, !strcmp(d->xero_type, "SPEND"), exponent);
	jsonw_end(&w);
	return set_body(d, &b, &w);
}

int map_render_body(struct doc *d, const struct platform_settings *s,
		    const char *currency, int exponent)
{
	struct buf b = BUF_INIT(3u * 1024 * 1024);
	struct jsonw w;
	int credit = !strcmp(d->kind, "CreditNote");
	int bill = !strcmp(d->xero_type, "ACCPAY");
	/* lines carry amounts as they count toward the deposit; a credit note
	 * or a bill shows them with the sign flipped */
	int flip = credit || bill;

	if (!strcmp(d->kind, "Payment") || !strcmp(d->kind, "BankTransfer"))
		return render_money_move(d, exponent);
	if (!strcmp(d->kind, "BankTransaction"))
		return render_bank_transaction(d, s, currency, exponent);
	buf_reserve(&b, BODY_ROOM);
	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_field_string(&w, "Type", d->xero_type);
	jsonw_name(&w, "Contact");
	jsonw_object(&w);
	jsonw_field_string(&w, "Name", d->contact);
	jsonw_end(&w);
	jsonw_field_string(&w, "Date", d->date);
	if (!credit)
		jsonw_field_string(&w, "DueDate", d->due_date);
	jsonw_field_string(&w, "LineAmountTypes", s->line_amount_types);
	jsonw_field_string(&w, credit ? "CreditNoteNumber" : "InvoiceNumber", d->number);
	if (!bill && d->reference[0])
		jsonw_field_string(&w, "Reference", d->reference);
	jsonw_field_string(&w, "CurrencyCode", currency);
	jsonw_field_string(&w, "Status", s->status);
	line_items(&w, d, s, flip, exponent);
	jsonw_end(&w);
	return set_body(d, &b, &w);
}

int map_link_payment(struct doc *pay, const struct doc *target, int exponent)
{
	struct sfmt f;

	sf_copy(pay->target, sizeof(pay->target), target->number);
	sf_copy(pay->xero_type, sizeof(pay->xero_type),
		!strcmp(target->kind, "CreditNote") ? "ARCREDITPAYMENT"
		: !strcmp(target->xero_type, "ACCPAY") ? "ACCPAYPAYMENT" : "ACCRECPAYMENT");
	/* the payment's reference is its key in Xero: unique, as the number
	 * of what it pays is ("%.100s, %.56s") */
	sf_init(&f, pay->number, sizeof(pay->number));
	sf_strn(&f, target->number, 100);
	sf_str(&f, ", ");
	sf_strn(&f, pay->memo, 56);
	sf_copy(pay->reference, sizeof(pay->reference), pay->number);
	return render_money_move(pay, exponent);
}
