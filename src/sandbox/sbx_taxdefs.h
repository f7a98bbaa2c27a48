/*
 * sbx_taxdefs.h - the tax rates a new Xero organisation starts with, per
 * edition (GB, US, AU, NZ, Canada, South Africa and Xero's global edition),
 * and the rules of the editions for rates the user makes (PUT TaxRates).
 * The tables and their sources are in sbx_taxdefs.c and docs/sandbox.md.
 */
#ifndef LL_SBX_TAXDEFS_H
#define LL_SBX_TAXDEFS_H

#include <jansson.h>
#include <stdint.h>

#include "sandbox/sbx_store.h"

/* CanApplyTo flags of a rate, in the order of Xero's tax rate constraints table. */
enum {
	TAXDEF_ASSETS = 1, TAXDEF_EQUITY = 2, TAXDEF_EXPENSES = 4,
	TAXDEF_LIABILITIES = 8, TAXDEF_REVENUE = 16, TAXDEF_ALL = 31
};

/*
 * Tax edition of a country code: "GB", "US", "AU", "NZ", "CA", "ZA", or
 * "GLOBAL" for the other countries the sandbox accepts (see sbx_chart.c).
 * Returns a static string; NULL when code is NULL.
 */
const char *taxdefs_edition(const char *country);

/* 1 if the edition's rates carry a ReportTaxType (GB, AU and NZ: Xero requires it). */
int taxdefs_needs_report(const char *edition);

/*
 * CanApplyTo flags for a user-made rate of ReportTaxType report in edition
 * (report is ignored where the edition has none: every flag set). Returns
 * the flags, or -1 when the edition does not offer that ReportTaxType.
 */
int taxdefs_report_flags(const char *edition, const char *report);

/*
 * A TaxRate object as GET TaxRates returns it: components (stolen) is the
 * TaxComponents array (Rate as exact numbers with up to 4 decimals);
 * DisplayTaxRate is their sum and EffectiveRate adds compound components
 * on top of the others. report NULL leaves ReportTaxType out (US, global).
 * New reference, or NULL when a component rate is not a number.
 */
json_t *taxdefs_rate(const char *name, const char *type, const char *report, int flags,
		     json_t *components, const char *status);

/*
 * Write the edition's default tax rates into st (inside the caller's
 * transaction); label names the single component of rates whose table
 * entry names none ("VAT", "GST", "Sales Tax"). 0 or LL_ERROR.
 */
int taxdefs_seed(struct sbx_store *st, const char *edition, const char *label);

#endif
