/*
 * ebay_words.h - the words eBay writes in its Seller Hub transaction and
 * orders reports and the File Exchange download, from the .com, .co.uk,
 * .de, .fr, .it and .es sites: column names and row types, each with the
 * language it belongs to.
 *
 * Words are matched whole (case and accents folded, blanks normalised as
 * paypal_words does); a row type that is not in the table is reported by
 * the parser with the file, the line and the word, never guessed. How each
 * word was verified is said beside it in ebay_words.c and in
 * docs/ebay.md.
 */
#ifndef LL_EBAY_WORDS_H
#define LL_EBAY_WORDS_H

#include "util/csvrec.h"
#include "util/text.h"

enum eb_lang { EB_EN = 0, EB_DE, EB_FR, EB_IT, EB_ES, EB__NLANG };

/* "English", "German", ... */
const char *eb_lang_name(enum eb_lang l);

enum eb_col {
	/* transaction report */
	EC_TDATE, EC_TYPE, EC_ORDERNO, EC_NET, EC_PCUR, EC_PDATE, EC_PID, EC_HOLD, EC_SKU,
	EC_QTY, EC_SUBTOTAL, EC_SHIP, EC_STAX, EC_ETAX, EC_GROSS, EC_TCUR, EC_DESC, EC_RATE,
	EC_CHARITY,
	/* orders report and File Exchange */
	EC_SRN, EC_OORDER, EC_OSKU, EC_OQTY, EC_SOLDFOR, EC_SALEPRICE, EC_OSHIP, EC_OSTAX,
	EC_OETAX, EC_OETAXINC, EC_INS, EC_TOTAL, EC_PAID, EC_SALE, EC_OCUR,
	EC__N
};

/* 1 if header cell f (UTF-8) names column c; its languages (a bit mask of
 * 1 << enum eb_lang) in *langs when not NULL. */
int eb_col_is(struct field f, enum eb_col c, unsigned *langs);

/*
 * Index of the first header cell of h naming column c, or -1; the
 * languages of the name found are added to score[] (may be NULL).
 */
int eb_find(const struct csvrec *h, enum eb_col c, unsigned score[EB__NLANG]);

/* The language with the highest score (English on a tie). */
enum eb_lang eb_lang_of(const unsigned score[EB__NLANG]);

/* The English name (Order, Refund, Payout, Shipping label, Other fee,
 * Claim, Payment dispute, Hold, Transfer, Charity donation) of a row type
 * written in any of the languages, or NULL when it is not known. */
const char *eb_type_canon(struct field type);

/* 1 if a column name (UTF-8) names a fee in one of the languages ("fee",
 * "Gebühr", "Provision", "frais", "tariffa", "commissione", "tarifa",
 * "comisión"): such columns are read as fees. */
int eb_fee_like(struct field name);

/* 1 if a header cell is one only eBay.co.uk writes (Postage ...): an
 * English report from the UK writes numeric dates day first. */
int eb_uk_column(struct field name);

#endif
