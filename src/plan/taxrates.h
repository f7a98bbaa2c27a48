/*
 * taxrates.h - the tax rates an organisation has, for mapping: each
 * rate's TaxType, name, ReportTaxType, effective rate and the account
 * classes it may be used on (Xero's CanApplyTo flags).
 *
 * `plan` works from the rates a new Xero organisation of the edition
 * starts with (built in: GB, US, AU, NZ and the global edition); `run`
 * reads the organisation's own (GET TaxRates) before it plans, so a rate
 * the user renamed, added or archived is what the documents use. A rate
 * the organisation lacks (an order's stated 6.5% sales tax) is made with
 * PUT TaxRates through the make callback, which only `run` sets.
 */
#ifndef LL_TAXRATES_H
#define LL_TAXRATES_H

#include <stddef.h>
#include <stdint.h>

#include "util/hash.h"

/* CanApplyTo flags, as Xero names the account classes */
enum {
	TR_ASSETS = 1, TR_EQUITY = 2, TR_EXPENSES = 4, TR_LIABILITIES = 8, TR_REVENUE = 16,
	TR_ALL = 31
};

struct taxrate {
	char type[32];      /* TaxType: OUTPUT2, TAX001, ... */
	char name[64];
	char report[32];    /* ReportTaxType, "" where the edition has none */
	int64_t rate_e4;    /* effective rate, percent x 10^4 (20% = 200000) */
	unsigned flags;     /* TR_* */
};

/* Makes a rate in the organisation: name (up to 50 bytes), one component
 * of rate_e4 named component, report the ReportTaxType ("" = none). Fills
 * type_out with the new TaxType. 0, or a negative code with err set. */
struct ll_err;
typedef int (*taxrate_make_fn)(void *ctx, const char *name, const char *component,
			       int64_t rate_e4, const char *report, char *type_out,
			       size_t outlen, struct ll_err *err);

struct taxrates {
	char edition[8];        /* GB, US, AU, NZ or GLOBAL */
	int from_org;           /* read from the organisation (run) */
	struct taxrate *r;
	size_t n, cap;
	taxrate_make_fn make;   /* NULL: rates cannot be made (plan) */
	void *make_ctx;
	long made;              /* rates made by this process */
	/* stated rates already warned about (once per rate per process) */
	char warned[16][24];
	int nwarned;
	int missed;             /* a stated rate was planned without its rate
				 * (plan cannot make one): run maps again */
};

/* The tax edition of a country: GB, US, AU, NZ, else GLOBAL. */
const char *taxrates_edition(const char *country);

/* 1 when country is an ISO 3166-1 alpha-2 code ("DE"; "XX" is not). */
int taxrates_is_country(const char *country);

/* Fill t with the default rates of country's edition (t zeroed first).
 * 0 or LL_ERROR. */
int taxrates_builtin(struct taxrates *t, const char *country);

/* Add a rate (copied). 0 or LL_ERROR. */
int taxrates_add(struct taxrates *t, const struct taxrate *r);

/* Free t's rates (t itself is the caller's). */
void taxrates_clear(struct taxrates *t);

/* The rate of TaxType type, or NULL. */
const struct taxrate *taxrates_get(const struct taxrates *t, const char *type);

/* The first rate at rate_e4 that may be used on every class in flags,
 * preferring one whose ReportTaxType is report (NULL: any). NULL if none. */
const struct taxrate *taxrates_find(const struct taxrates *t, int64_t rate_e4,
				    unsigned flags, const char *report);

/* The default rate of the edition named type (its ReportTaxType and rate),
 * or NULL: to find an organisation's rate of the same kind. */
const struct taxrate *taxrates_default(const char *edition, const char *type);

/* Feed rate r (type, rate, flags, report) into h. */
void taxrates_hash_one(const struct taxrate *r, struct hash128 *h);

/* The rates as text ("edition\n" then a line per rate), to keep in the
 * state file: *out malloc'd, the caller's. 0 or LL_ERROR. */
int taxrates_to_text(const struct taxrates *t, char **out);

/* Read what taxrates_to_text wrote into t (zeroed first; from_org set, no
 * make). 0, or LL_EPARSE when the text is not such a list. */
int taxrates_from_text(struct taxrates *t, const char *text);

/* "20%" / "6.5%" / "8.875%" into out from rate_e4. Returns out. */
char *taxrates_format(char *out, size_t outlen, int64_t rate_e4);

#endif
