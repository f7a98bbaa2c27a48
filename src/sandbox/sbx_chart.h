/*
 * sbx_chart.h - the defaults a new Xero organisation starts with, per
 * country: chart of accounts, tax rates, currency, time zone, year end.
 */
#ifndef LL_SBX_CHART_H
#define LL_SBX_CHART_H

#include <stdint.h>

#include "sandbox/sbx_store.h"

struct chart_country {
	const char *code;       /* GB, US, AU, NZ, CA, IE, ZA */
	const char *currency;   /* default base currency */
	const char *version;    /* Organisation.Version */
	const char *timezone;
	int fy_end_day, fy_end_month;
	const char *tax_label;  /* "VAT", "Sales Tax", "GST" */
};

/* The country's defaults, or NULL if the sandbox does not know it. */
const struct chart_country *chart_country(const char *code);

/* English name of an ISO currency, or NULL when unknown. */
const char *chart_currency_name(const char *code);

/* "ASSET", "LIABILITY", ... for an account Type, or NULL if not a type. */
const char *chart_account_class(const char *type);

/*
 * Write the country's default accounts, tax rates and the base currency
 * into st (inside the caller's transaction). 0 or LL_ERROR.
 */
int chart_seed(struct sbx_store *st, const struct chart_country *c,
	       const char *base_currency, int64_t now_ms);

#endif
