/*
 * sbx_lines.h - line items and totals computed the way Xero does.
 *
 * LineAmount = Quantity x UnitAmount x (100 - DiscountRate) / 100, rounded
 * to 2 dp per line; tax is computed per line and rounded to 2 dp, then
 * summed (Exclusive adds it, Inclusive extracts it, NoTax has none).
 * All amounts are integers: 2-dp cents, 4-dp quantities and unit prices,
 * tax rates in ten-thousandths of a percent. Rounding is half away from
 * zero (Xero: "2.165 rounded up to 2.17"). A line's TaxType must be one
 * its account's class may use (CanApplyTo*); a TaxAmount sent with the
 * line replaces the computed tax within the rule of lines_tax_ok().
 */
#ifndef LL_SBX_LINES_H
#define LL_SBX_LINES_H

#include <jansson.h>
#include <stdint.h>

#include "sandbox/sbx.h"

enum sbx_lat { SBX_LAT_EXCLUSIVE = 0, SBX_LAT_INCLUSIVE, SBX_LAT_NOTAX };

struct sbx_totals {
	int64_t sub, tax, total; /* cents */
};

/* Parse LineAmountTypes (NULL = Exclusive). 0 or -1. */
int lines_lat_parse(const char *s, enum sbx_lat *out);
const char *lines_lat_name(enum sbx_lat lat);

/* Cents of qty4 x unit4 less disc4 percent (all 4 dp). */
int64_t lines_amount(int64_t qty4, int64_t unit4, int64_t disc4);

/* Tax cents on a line of line2 cents at rate_e4 (20% = 200000). */
int64_t lines_tax(int64_t line2, int64_t rate_e4, enum sbx_lat lat);

/*
 * 1 if a TaxAmount `given` may replace the computed tax `calc` on a line
 * of line2 cents at rate_e4. exact (bank transactions): only calc itself,
 * as Xero refuses any other ("Tax amount 52.23 is incorrect for INPUT2
 * tax type, should be 52.28"). Otherwise (invoices, credit notes, whose
 * TaxAmount Xero lets override the calculation): 0 on a 0% rate; else not
 * of the opposite sign to the line and within max(0.01, 1% of the line)
 * of calc, a sandbox bound (docs/sandbox.md).
 */
int lines_tax_ok(int64_t given, int64_t calc, int64_t line2, int64_t rate_e4, int exact);

struct lines_opts {
	enum sbx_lat lat;
	int unitdp;             /* 2, or 4 with unitdp=4 */
	int allow_discount;     /* DiscountRate permitted (ACCREC invoices) */
	int require_account;    /* every priced line needs an AccountCode (AUTHORISED) */
	int exact_tax;          /* a TaxAmount must equal the computed tax (bank transactions) */
};

/*
 * Validate and compute the LineItems of a document. Errors are added to
 * el's ValidationErrors. Returns 0 with *out the computed lines (new ref)
 * and *t the totals, 1 when there were validation errors, -1 internal.
 */
int lines_build(struct sandbox *s, const json_t *in_lines, const struct lines_opts *o,
		json_t *el, json_t **out, struct sbx_totals *t);

#endif
