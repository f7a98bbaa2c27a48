/*
 * groups.c - which reconciliation group a document line belongs to
 * (report_int.h): the Summary's gross sales, refunds, fees by group, tax
 * and other, which add up to the deposits.
 *
 * A line's category is the mapping row it came through,
 * "<transaction type>/<amount type>/<amount description>" (mappings/<platform>.csv,
 * `*` where the row matched anything). The words are the platforms' own,
 * so the rules look at them, case-insensitively, in this order:
 *   - an amount of the price itself (ItemPrice, Promotion, Payment,
 *     Principal): tax when its description names tax, a refund when its
 *     transaction or description is a refund, else sales;
 *   - tax a platform withholds or collects (ItemWithheldTax, a
 *     description naming tax outside the fee amounts);
 *   - fees (an amount type or transaction type of fees, a description
 *     naming a fee): advertising, fulfilment and shipping (FBA, fulfilment,
 *     shipment, shipping labels), other (storage, subscriptions, "other"
 *     fees), else selling fees;
 *   - refunds (Refund, Chargeback, A-to-z Guarantee Claim);
 *   - everything else is other (reserves, reimbursements, adjustments,
 *     currency conversions, transfers, purchases).
 * docs/report.md lists the rules; a new word lands in "other", never
 * nowhere: the groups always add up to the lines.
 */
#include "report/report_int.h"

#include <ctype.h>
#include <string.h>

/* 1 when s contains w, case-insensitively (w lower case). */
static int has(const char *s, const char *w)
{
	size_t n = strlen(w), i;

	for (; *s; s++) {
		for (i = 0; i < n && s[i] && tolower((unsigned char)s[i]) == w[i]; i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* 1 when s is w, case-insensitively (w lower case). */
static int is(const char *s, const char *w)
{
	for (; *s && *w; s++, w++)
		if (tolower((unsigned char)*s) != *w)
			return 0;
	return !*s && !*w;
}

static int is_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (is(s, *words))
			return 1;
	return 0;
}

static enum recon_group fee_group(const char *t, const char *a, const char *d)
{
	const char *p[3] = { t, a, d };
	int i;

	for (i = 0; i < 3; i++)
		if (has(p[i], "advertis"))
			return GROUP_FEE_ADS;
	for (i = 0; i < 3; i++)
		if (has(p[i], "fba") || has(p[i], "fulfil") || has(p[i], "shipment") ||
		    has(p[i], "shipping"))
			return GROUP_FEE_FULFIL;
	if (has(d, "storage") || has(d, "subscription") || is(t, "other fee") ||
	    is(a, "otherfees") || is(a, "miscfees"))
		return GROUP_FEE_OTHER;
	return GROUP_FEE_SELLING;
}

enum recon_group report_group_of(const char *category)
{
	static const char *const price[] = { "itemprice", "promotion", "payment",
					     "principal", NULL };
	static const char *const fee_amounts[] = { "itemfees", "shipmentfees", "orderfees",
						   "otherfees", "miscfees", "fees", "fee",
						   NULL };
	static const char *const fee_types[] = { "other fee", "shipping label",
						 "subscription fee", "storage fee", NULL };
	static const char *const refunds[] = { "refund", "chargeback refund", "chargeback",
					       "a-to-z guarantee claim", NULL };
	char t[128] = "", a[128] = "", d[128] = "";
	const char *p = category ? category : "", *s1, *s2;

	s1 = strchr(p, '/');
	s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	if (!s1 || !s2) {
		snprintf(d, sizeof(d), "%s", p); /* not of the mapping's shape */
	} else {
		snprintf(t, sizeof(t), "%.*s", (int)(s1 - p), p);
		snprintf(a, sizeof(a), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
		snprintf(d, sizeof(d), "%s", s2 + 1);
	}
	if (is_any(a, price)) {
		if (has(d, "tax"))
			return GROUP_TAX;
		if (is_any(t, refunds) || is_any(d, refunds))
			return GROUP_REFUNDS;
		return GROUP_SALES;
	}
	if (is(a, "itemwithheldtax"))
		return GROUP_TAX;
	if (is_any(a, fee_amounts) || is_any(t, fee_types) || has(d, "fee"))
		return fee_group(t, a, d);
	if (has(d, "tax") || is(a, "tax"))
		return GROUP_TAX;
	if (is_any(t, refunds) || is_any(a, refunds) || is_any(d, refunds))
		return GROUP_REFUNDS;
	return GROUP_OTHER;
}

const char *report_group_name(enum recon_group g)
{
	static const char *const names[GROUP_N] = {
		[GROUP_SALES] = "Gross sales",
		[GROUP_REFUNDS] = "Refunds",
		[GROUP_FEE_SELLING] = "Selling fees",
		[GROUP_FEE_FULFIL] = "Fulfilment & shipping",
		[GROUP_FEE_ADS] = "Advertising",
		[GROUP_FEE_OTHER] = "Other fees",
		[GROUP_TAX] = "Tax",
		[GROUP_OTHER] = "Other",
	};

	return (unsigned)g < GROUP_N ? names[g] : "Other";
}
