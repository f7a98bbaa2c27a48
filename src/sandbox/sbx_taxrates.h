/*
 * sbx_taxrates.h - tax rates as the line arithmetic and the ledger use
 * them (effective rate, CanApplyTo flags, the non-recoverable share), and
 * the writes of the TaxRates endpoint (PUT creates, POST creates or
 * updates a rate the user made).
 */
#ifndef LL_SBX_TAXRATES_H
#define LL_SBX_TAXRATES_H

#include <stdint.h>

#include "sandbox/sbx.h"

struct sbx_taxinfo {
	int64_t rate_e4;     /* EffectiveRate in ten-thousandths of a percent (20% = 200000) */
	int64_t display_e4;  /* DisplayTaxRate, the sum of the components */
	int64_t nonrec_e4;   /* the components marked IsNonRecoverable, summed */
	int flags;           /* TAXDEF_ASSETS ... TAXDEF_REVENUE (sbx_taxdefs.h) */
};

/*
 * The ACTIVE tax rate of TaxType type into *out. Returns 0, or -1 when
 * there is no such rate or it is DELETED/ARCHIVED.
 */
int taxrates_lookup(struct sandbox *s, const char *type, struct sbx_taxinfo *out);

/*
 * 1 if a rate with these flags may be used on an account of Class cls
 * (ASSET, EQUITY, EXPENSE, LIABILITY, REVENUE), as Xero's CanApplyTo*
 * flags decide; 1 for an unknown class.
 */
int taxrates_applies(const struct sbx_taxinfo *t, const char *cls);

/*
 * The part of a line's tax that is not recoverable (it stays on the line's
 * account instead of the tax account): tax x nonrec / display, rounded
 * half away from zero.
 */
int64_t taxrates_nonrec_part(const struct sbx_taxinfo *t, int64_t tax);

/* PUT TaxRates (create) and POST TaxRates (create, or update a user's rate). */
int taxrates_write(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
