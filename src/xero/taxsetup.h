/*
 * taxsetup.h - the organisation's tax rates for mapping: read them
 * (GET TaxRates) before `run` plans, and make a rate an order states that
 * the organisation lacks (PUT TaxRates), as taxrates.h's make callback.
 */
#ifndef LL_TAXSETUP_H
#define LL_TAXSETUP_H

#include "plan/taxrates.h"
#include "util/err.h"
#include "xero/xero.h"

/*
 * Fill out with the organisation's ACTIVE tax rates (out zeroed first; its
 * edition from country) and set its make callback to taxsetup_make with x.
 * 0, or a negative code with err set (the call failed or was not JSON).
 * The caller frees with taxrates_clear.
 */
int taxsetup_read(struct xero *x, const char *country, struct taxrates *out,
		  struct ll_err *err);

/* taxrate_make_fn: PUT TaxRates with one component; ctx is the struct
 * xero. A name already taken gets " (ledgerlift)" and is tried once more. */
int taxsetup_make(void *ctx, const char *name, const char *component, int64_t rate_e4,
		  const char *report, char *type_out, size_t outlen, struct ll_err *err);

#endif
