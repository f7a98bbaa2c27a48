/*
 * sbx_settings.h - organisation settings: Organisation, Accounts,
 * TaxRates, Currencies; plus the lookups the document handlers validate
 * against.
 */
#ifndef LL_SBX_SETTINGS_H
#define LL_SBX_SETTINGS_H

#include "sandbox/sbx.h"

/* GET Organisation. */
int settings_organisation(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);
/* GET Accounts[/{id}], PUT Accounts, POST Accounts/{id} (Status ARCHIVED...). */
int settings_accounts(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);
/* GET TaxRates[/{TaxType}]; PUT/POST TaxRates (sbx_taxrates.c). */
int settings_taxrates(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);
/* GET Currencies, PUT Currencies {"Code":"EUR"} to enable one. */
int settings_currencies(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* The org's base currency code into out[4]. */
void settings_base_currency(struct sandbox *s, char out[4]);

/* The account with this Code, a new reference, or NULL. */
json_t *settings_account_by_code(struct sandbox *s, const char *code);

/* Tax rate of TaxType in ten-thousandths of a percent (20% = 200000), or -1 if unknown. */
int64_t settings_tax_rate(struct sandbox *s, const char *tax_type);

/* 1 if code is the base currency or an enabled one. */
int settings_currency_ok(struct sandbox *s, const char *code);

#endif
