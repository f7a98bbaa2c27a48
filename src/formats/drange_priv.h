/*
 * drange_priv.h - what the Amazon Date Range report's files share: the
 * columns we know and their names per language, the row types, the header
 * as read, and the word helpers (drange_words.c). Private to
 * parse_amazon_daterange.c, drange_words.c and drange_values.c.
 */
#ifndef LL_DRANGE_PRIV_H
#define LL_DRANGE_PRIV_H

#include <stddef.h>

#include "formats/parse_amazon_daterange.h"
#include "util/text.h"

#define DRANGE_MAX_COLS 128
#define DRANGE_NORM_MAX 160

enum dcol {
	DC_DATE, DC_SETTLEMENT, DC_TYPE, DC_ORDER, DC_SKU, DC_DESC, DC_QTY,
	DC_MARKETPLACE, DC_ACCOUNT_TYPE, DC_FULFILLMENT, DC_CITY, DC_STATE,
	DC_POSTAL, DC_TAX_MODEL, DC_STATUS, DC_RELEASE, DC_TOTAL,
	DC_MONEY, /* the money columns follow */
	DC_PRODUCT_SALES = DC_MONEY, DC_PRODUCT_SALES_TAX, DC_SHIPPING,
	DC_SHIPPING_TAX, DC_GIFTWRAP, DC_GIFTWRAP_TAX, DC_REGFEE, DC_REGFEE_TAX,
	DC_PROMO, DC_PROMO_TAX, DC_SALES_TAX, DC_MFT, DC_WITHHELD, DC_GST,
	DC_TCS_CGST, DC_TCS_SGST, DC_TCS_IGST, DC_TDS, DC_SELLING, DC_FBA,
	DC_OTHER_FEES, DC_OTHER,
	DC__N
};

struct drange_col {
	const char *atype, *adesc;          /* money columns: the flat file's names */
	const char *names[DRANGE__N];       /* '|'-separated, normalized (lower case) */
};

struct drange_type {
	const char *en;
	const char *names; /* '|'-separated, normalized */
	int order_like;    /* money columns keep their own amount types */
};

struct drange_hdr {
	int idx[DC__N];
	int ncols;
	int lang;
	int known;      /* cells we know */
	int money_extra[DRANGE_MAX_COLS]; /* unknown cells read as money */
	char extra_name[DRANGE_MAX_COLS][64];
	int nextra;
	char unknown[400];
	int nunknown;
};

/* The columns, indexed by enum dcol. */
extern const struct drange_col drange_cols[DC__N];

/* The row types; drange_type_of gives an index. */
extern const struct drange_type drange_types[];

/* s[0..len) folded into out (lower case, blanks and NBSP as single spaces,
 * U+2019 as an apostrophe, trimmed, no trailing ':'). Returns the length. */
size_t drange_fold(char out[DRANGE_NORM_MAX], const char *s, size_t len);

/* 1 if the folded s[0..n) equals one of list's '|'-separated words, else 0. */
int drange_in_list(const char *s, size_t n, const char *list);

/* The index in drange_types of the folded type s[0..n), or -1. */
int drange_type_of(const char *s, size_t n);

/* The event name of a non-order row's money: its description's, else
 * en_type. A borrowed string (a table's, or en_type). */
const char *drange_desc_name(struct field desc, const char *en_type);

/* Append 's[0..n)' to the ", "-separated list (cap bytes), ", ..." once
 * it is full. */
void drange_list_add(char *list, size_t cap, const char *s, size_t n);

/* Read the header cells; 0 (h filled) or LL_EPARSE when it is not CSV. */
int drange_read_header(struct drange_hdr *h, const char *line, size_t len);

/* 1 if h has the columns a report cannot be read without, else 0. */
int drange_header_complete(const struct drange_hdr *h);

#endif
