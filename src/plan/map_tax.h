/*
 * map_tax.h - the tax side of mapping a deposit (map.c): which line each
 * amount goes to, with which tax type, and the tax each line carries.
 *
 * An amount's line (its "target": account, tax type, description) comes
 * from the mapping row that matches it, then:
 *  - order context: the price amounts of an order from which the
 *    marketplace withheld tax (an ItemWithheldTax row, or a V1 file's
 *    MarketplaceFacilitator / LowValueGoodsTax item fee) map by the rows
 *    for "Order/MF" / "Refund/MF" when the table has them: the sale is the
 *    marketplace's for tax (zero-rated for the seller), its tax lines go
 *    with the withheld tax;
 *  - "marketplace_tax": the tax type of a sale's own amounts by marketplace
 *    (an income tax type only, never a liability's);
 *  - orders that state their tax: the organisation's tax rate of the
 *    stated rate (made with PUT TaxRates in `run` when missing);
 *  - tax lines (Tax, ShippingTax, ...) whose sale is taxed are folded into
 *    the sale's line, so the line's tax is what the platform stated; those
 *    whose sale bears no tax go to the platform's sales-tax account.
 * Then, per document, each line's TaxAmount: the stated tax where Xero's
 * per-line rounding would differ (within the amount Xero accepts).
 */
#ifndef LL_MAP_TAX_H
#define LL_MAP_TAX_H

#include <stdint.h>

#include "plan/map.h"

/* where a group of amounts is posted */
struct map_target {
	int row;                  /* mapping row, -1 = the fallback */
	char account[32], tax_code[32];
	char description[256];
	char category[320];       /* ttype/atype/adesc of the row (or the amount) */
	int track;                /* tracking option by marketplace */
	int taxline;              /* a tax line to fold into its sale's line */
	int64_t rate_e4;          /* the tax type's rate */
};

struct map_taxctx {
	const struct mappings *m;
	const struct platform_map *pm;
	const struct deposit *dep;
	const char *marketplace;  /* the deposit's main marketplace */
	map_warn_fn warn;
	void *warn_ctx;
	uint8_t *mf;              /* per event: in marketplace-facilitator context */
	uint8_t *sflag;           /* per string of dep's pool: what its text is
				   * (an amount type of note, ...; map_tax.c) */
	size_t nsflag;
	int by_market, by_day;    /* the table's rows depend on them */
	struct map_target *t;
	size_t n, cap;
	uint32_t *tab;            /* open addressing over t: index + 1 */
	size_t ntab;
	char none_code[32];       /* the edition's {none} */
	int warned_nosale, warned_rounding;
};

/* Start mapping dep (marks the events in order context). 0 or LL_ERROR. */
int map_tax_begin(struct map_taxctx *c, const struct mappings *m,
		  const struct platform_map *pm, const struct deposit *dep,
		  const char *marketplace, map_warn_fn warn, void *warn_ctx);
void map_tax_end(struct map_taxctx *c);

/* What besides (ttype, atype, adesc) decides event i's target: its
 * marketplace, day, kind and flags, stated rate. */
void map_tax_key(const struct map_taxctx *c, size_t i, uint32_t key[4]);

/* The target of event i, whose amount type maps as atype (a gateway's
 * "Store payment"); *row the row it matched (NULL: unmapped). 0, or
 * LL_ERROR (out of memory, or a tax rate could not be made: err). */
int map_tax_resolve(struct map_taxctx *c, size_t i, const char *atype,
		    const struct mapping_row **row, uint32_t *target, struct ll_err *err);

/* The account and tax type a tax line goes to when its sale has no line
 * in its document to join. */
void map_tax_orphan(const struct map_taxctx *c, struct doc_line *ln);

/* Set each line's TaxAmount of a finished document (doc_line's stated and
 * tax_amount on entry; on return has_tax 1 = send tax_amount) and what
 * each line books (net, booked_tax). Returns the number of lines that
 * carry a TaxAmount. */
int map_tax_amounts(struct map_taxctx *c, struct doc *d, const char *line_amount_types);

#endif
