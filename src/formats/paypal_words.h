/*
 * paypal_words.h - the words PayPal writes in its activity downloads and
 * statements, in English, French, German, Spanish, Italian, Dutch and
 * Portuguese: column names, transaction types, statuses and the Balance
 * Impact values, each with the language it belongs to.
 *
 * Every word is matched whole (case and accents folded, dashes and blanks
 * normalised), never by a part of it: a word that is not in these tables
 * is reported by the parser with the file, the line and the word, and
 * never guessed. Which words were seen in a real file and which are
 * inferred is said beside each table in paypal_words.c and in
 * docs/woocommerce-paypal.md.
 */
#ifndef LL_PAYPAL_WORDS_H
#define LL_PAYPAL_WORDS_H

#include "util/text.h"

enum pp_lang { PP_EN = 0, PP_FR, PP_DE, PP_ES, PP_IT, PP_NL, PP_PT, PP__NLANG };

/* "English", "French", ... */
const char *pp_lang_name(enum pp_lang l);

/* The columns the parser reads. */
enum pp_col {
	PC_DATE, PC_TIME, PC_ZONE, PC_TYPE, PC_DESC, PC_STATUS, PC_CUR, PC_GROSS,
	PC_FEE, PC_NET, PC_BAL, PC_TXID, PC_REF, PC_INV, PC_IMPACT,
	PC_NAME,  /* the payer or payee (optional; it does not decide the
		   * header's language) */
	PC__N
};

/*
 * 1 if the header cell f (UTF-8) names column c in some language, with
 * the languages it is written in as a bit mask (1 << enum pp_lang) in
 * *langs (may be NULL).
 */
int pp_col_is(struct field f, enum pp_col c, unsigned *langs);

/* What a transaction type (the activity download's Type, the statement's
 * Description) means for the balance. */
enum pp_class {
	PT_UNKNOWN = 0,
	PT_PAYMENT,      /* money received or sent for goods (by its sign) */
	PT_REFUND,       /* refunds, reversals, chargebacks */
	PT_FEE,          /* a fee row of its own */
	PT_HOLD,         /* holds and their releases */
	PT_CONVERSION,   /* one half of a currency conversion */
	PT_WITHDRAWAL,   /* a transfer to the bank (a deposit when negative) */
	PT_FUNDING,      /* money added from a bank account or card */
	PT_NOBALANCE     /* does not move the balance (authorizations, cart items) */
};

/* The class of a type word (UTF-8), PT_UNKNOWN when it is not known. */
enum pp_class pp_type_class(const char *type);

/* The status of a row: it moves the balance (Completed, Pending, ...), or
 * it did not happen (Denied, Canceled, Failed, ...). */
enum pp_status { PS_UNKNOWN = 0, PS_BALANCE, PS_SKIP };
enum pp_status pp_status_class(struct field status);

/* The Balance Impact column (Debit, Credit, Memo). */
enum pp_impact { PI_UNKNOWN = 0, PI_DEBIT, PI_CREDIT, PI_MEMO };
enum pp_impact pp_impact_class(struct field v);

/*
 * Fold s[0..len) for comparison into out (cap bytes, NUL-terminated):
 * trimmed, ASCII and Latin-1 letters in lower case, en and em dashes as
 * '-', NBSP and runs of blanks as one space. Returns the folded length.
 */
size_t pp_fold(char *out, size_t cap, const char *s, size_t len);

#endif
