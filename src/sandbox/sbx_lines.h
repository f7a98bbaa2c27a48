/*
 * sbx_lines.h - line items and totals computed the way Xero does.
 *
 * LineAmount = Quantity x UnitAmount x (100 - DiscountRate) / 100, rounded
 * to 2 dp per line; tax is computed per line and rounded to 2 dp, then
 * summed (Exclusive adds it, Inclusive extracts it, NoTax has none).
 * All amounts are integers: 2-dp cents, 4-dp quantities and unit prices,
 * tax rates in ten-thousandths of a percent. Rounding is half away from zero.
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
 * Validate and compute the LineItems of a document. Errors are added to
 * el's ValidationErrors. Returns 0 with *out the computed lines (new ref)
 * and *t the totals, 1 when there were validation errors, -1 internal.
 * allow_discount: DiscountRate permitted (ACCREC invoices);
 * require_account: every line needs an AccountCode (AUTHORISED).
 */
int lines_build(struct sandbox *s, const json_t *in_lines, enum sbx_lat lat, int unitdp,
		int allow_discount, int require_account, json_t *el, json_t **out,
		struct sbx_totals *t);

#endif
