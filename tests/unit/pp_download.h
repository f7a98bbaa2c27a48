/*
 * pp_download.h - test support: a PayPal activity download built row by
 * row, written to a file in any order, and what a parse of a file gives as
 * text, for tests that read one download two ways and compare the results.
 */
#ifndef LL_TEST_PP_DOWNLOAD_H
#define LL_TEST_PP_DOWNLOAD_H

#include <stddef.h>

#include "formats/parse.h"

/* One row of the download. */
struct pp_row {
	long t;            /* seconds from 2025-06-01 00:00 PDT */
	char date[16];     /* as written: M/D/YYYY, or not a date */
	const char *type, *status, *cur, *name;
	long gross, fee, bal;
	char id[24], ref[24], inv[16];
	const char *amount_text; /* Gross as written instead, when set */
};

#define PP_MAXROWS 2000
extern struct pp_row pp_rows[PP_MAXROWS];
extern int pp_nrows;

/* A pseudo-random number below n (a fixed sequence). */
unsigned pp_rnd(unsigned n);

/* A Completed row at t (its date from t, id LLST<n>) added to pp_rows;
 * *bal moves by gross + fee and is its Balance. The row, to adjust. */
struct pp_row *pp_add(long t, const char *type, const char *cur, long gross, long fee,
		      long *bal);

/* pp_rows in the order of idx written as dir/name, a download with
 * PayPal's headers; the path (a static buffer). Exits on an I/O error. */
const char *pp_write(const char *dir, const char *name, const int *idx);

/* What a parse gives, as text. */
struct pp_fp {
	char *s;
	size_t len, cap;
	struct pp_fp *fates; /* the fates: a channel of their own */
	int ndep;
	char ids[4096]; /* "id total;" per deposit */
};

/* Parse path (account model: w, NULL for transfers) into f, its fates
 * into fates; sort 1 forces the in-memory sort (LEDGERLIFT_PAYPAL_SORT),
 * budget sets LEDGERLIFT_SPILL_BUDGET (NULL: unset). The parser's result;
 * f->s and fates->s are the caller's to free. */
int pp_parse(const char *path, const struct parse_wallet *w, int sort, const char *budget,
	     struct pp_fp *f, struct pp_fp *fates);

/* 1 when a and b hold the same text. */
int pp_same(const struct pp_fp *a, const struct pp_fp *b);
/* The first line where a and b differ, as a TAP comment. */
void pp_show_diff(const struct pp_fp *a, const struct pp_fp *b);

#endif
