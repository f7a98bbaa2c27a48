/*
 * monthend.c - the lines ledgerlift adds to a deposit's documents at month
 * ends and for carried balances (monthend.h): roll-forward lines between
 * month parts, and the carried-balance line of a negative payout that
 * never left the bank. All go to the platform's carried-balance account
 * ("carried_balance_account": 8160 Amazon, 8162 Shopify, 8163 eBay, 8164
 * WooCommerce, 8165 PayPal) with its tax type ({none}); their source is
 * the deposit's header row, whose total they tie.
 */
#include "plan/monthend.h"

#include <stdio.h>
#include <string.h>

#include "plan/ranges.h"
#include "util/date.h"
#include "util/err.h"

int monthend_month_of(int64_t days)
{
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	return y * 100 + m;
}

void monthend_last_day(int ym, char out[11])
{
	int y = ym / 100, m = ym % 100, ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;

	date_days_ymd(date_days(ny, nm, 1) - 1, out);
}

void monthend_label(uint64_t ym, char out[16])
{
	snprintf(out, 16, "%04u-%02u", (unsigned)(ym / 100) % 10000u, (unsigned)(ym % 100));
}

static int carried_line(struct doc *d, const struct platform_settings *s,
			const struct deposit *dep, int64_t amount, const char *category,
			const char *description, int settles)
{
	struct doc_line *ln = &d->lines[d->nlines];

	memset(ln, 0, sizeof(*ln));
	snprintf(ln->category, sizeof(ln->category), "%s", category);
	snprintf(ln->account, sizeof(ln->account), "%s", s->carried_account);
	snprintf(ln->tax_type, sizeof(ln->tax_type), "%s", s->carried_tax_code);
	snprintf(ln->description, sizeof(ln->description), "%s", description);
	ln->amount = amount;
	ln->settles = settles;
	ln->source_rows = ranges_text_line(dep->path, dep->header_line);
	if (!ln->source_rows)
		return LL_ERROR;
	d->nlines++;
	return 0;
}

int monthend_roll_line(struct doc *d, const struct platform_settings *s,
		       const struct deposit *dep, int64_t amount, uint64_t month, int out)
{
	char m[16], cat[64], desc[96];

	if (amount == 0)
		return 0;
	monthend_label(month, m);
	snprintf(cat, sizeof(cat), "Month end/%s/%s",
		 out ? "Carried forward" : "Brought forward", m);
	snprintf(desc, sizeof(desc), out ? "Balance carried forward to the %s part"
					 : "Balance brought forward from the %s part", m);
	return carried_line(d, s, dep, amount, cat, desc, 0);
}

int monthend_card_line(struct doc *d, const struct platform_settings *s,
		       const struct deposit *dep, const char *title, int64_t amount)
{
	char desc[160];

	snprintf(desc, sizeof(desc), "%.100s balance charged to card or carried forward",
		 title);
	return carried_line(d, s, dep, amount,
			    "Negative payout/Charged to card or carried forward/", desc, 1);
}

int monthend_settled(const struct doc_list *l, size_t first)
{
	size_t i, k;

	for (i = first; i < l->n; i++)
		for (k = 0; k < l->docs[i].nlines; k++)
			if (l->docs[i].lines[k].settles)
				return 1;
	return 0;
}
