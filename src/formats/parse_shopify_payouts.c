/*
 * parse_shopify_payouts.c - the Shopify Payments payouts export: one row
 * per payout with its summary columns (parse_shopify.h).
 *
 * A row with Status "paid" becomes one deposit, id "<payout date>
 * <currency>" (as the transactions export names the same payout), whose
 * events are its summary columns signed as written (Charges, Refunds,
 * Adjustments, Marketplace Sales Tax, Advances, Reserved Funds, Fees,
 * Retried Amount); it ties when they sum to Total. The signs of this
 * export are unverified (FORMATS.md 2.3): when the row does not tie as
 * written but does with positive Refunds, Fees and Marketplace Sales Tax
 * read as deductions, that reading is taken, with a warning. Unknown
 * columns holding amounts become amount type "Other", never dropped.
 */
#include "parse_shopify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"
#include "formats/shopify_common.h"
#include "util/money.h"

struct pcol_def {
	const char *name, *atype, *adesc;
	enum event_kind kind;
	int deduction; /* written negative; reportedly maybe positive */
};

static const struct pcol_def pcols[] = {
	{ "Charges", "ItemPrice", "Charge", EV_SALE, 0 },
	{ "Refunds", "ItemPrice", "Refund", EV_REFUND, 1 },
	{ "Adjustments", "Adjustment", "Adjustments", EV_OTHER, 0 },
	{ "Marketplace Sales Tax", "WithheldTax", "Marketplace Sales Tax", EV_WITHHELD_TAX, 1 },
	{ "Advances", "Advance", "Advances", EV_BALANCE, 0 },
	{ "Reserved Funds", "Reserve", "Reserved Funds", EV_RESERVE, 0 },
	{ "Fees", "Fees", "Fee", EV_FEE, 1 },
	{ "Retried Amount", "Adjustment", "Retried Amount", EV_OTHER, 0 },
};

#define NPCOLS (sizeof(pcols) / sizeof(pcols[0]))

static const char *const payout_known[] = {
	"Payout Date", "Status", "Total", "Currency", "Bank Reference", "Payout ID", "ID",
	"Charges", "Refunds", "Adjustments", "Marketplace Sales Tax", "Advances",
	"Reserved Funds", "Fees", "Retried Amount", NULL
};

struct prun {
	struct shop_ctx c;
	const struct csvrec *hdr;
	int i_date, i_status, i_total, i_cur;
	int amt_idx[NPCOLS];
	int extra_idx[CSVREC_MAX_FIELDS]; /* unknown columns, taken as amounts */
	int nextra;
	int flipped_warned;
};

static int payout_row(struct prun *p, const struct csvrec *r)
{
	struct shop_ctx *c = &p->c;
	struct field date = shop_get(r, p->i_date), status = shop_get(r, p->i_status);
	struct field cur = shop_get(r, p->i_cur), tot = shop_get(r, p->i_total);
	char currency[4], ymd[11], id[64];
	int64_t days, total, v[NPCOLS + CSVREC_MAX_FIELDS];
	int have[NPCOLS + CSVREC_MAX_FIELDS];
	int64_t sum = 0, flip = 0;
	struct deposit *d;
	struct event e;
	size_t k;
	int created, bad = 0, flipped = 0;

	if (shop_date(date, &days, ymd)) {
		shop_reject(c, r->line, "error", "bad-date",
			    "Payout Date '%.*s' is not a date; row not imported",
			    (int)(date.len < 40 ? date.len : 40), date.p);
		return shop_left(c, "", "unreadable", 0);
	}
	shop_copy(currency, sizeof(currency), cur);
	if (cur.len != 3 || !currency_valid(currency)) {
		shop_reject(c, r->line, "error", "bad-currency",
			    "Currency '%.*s' is not an ISO code; row not imported",
			    (int)(cur.len < 20 ? cur.len : 20), cur.p);
		return shop_left(c, "", "unreadable", 0);
	}
	if (p->i_status >= 0 && !text_ieq(status, "paid")) {
		shop_reject(c, r->line, "warning", "not-paid-out",
			    "payout %s %s is '%.*s', not paid; held back", ymd, currency,
			    (int)(status.len < 30 ? status.len : 30), status.p);
		if (shop_money(&total, tot, currency_exponent(currency)))
			total = 0;
		return parse_fate(c->sink, currency, FATE_HELD, "not-paid-out", 1, total) ? LL_ERROR : 0;
	}
	if (shop_money(&total, tot, currency_exponent(currency))) {
		shop_reject(c, r->line, "error", "bad-amount",
			    "payout %s %s: Total '%.*s' is not an amount; row not imported", ymd,
			    currency, (int)(tot.len < 40 ? tot.len : 40), tot.p);
		return shop_left(c, currency, "unreadable", 0);
	}
	snprintf(id, sizeof(id), "%s %s", ymd, currency);
	d = shop_deposit(c, id, currency, r->line, &created);
	if (!d)
		return c->n >= SHOP_MAX_DEPOSITS ? shop_left(c, currency, "unreadable", 0)
						 : LL_ERROR;
	deposit_row(d, (uint32_t)r->line);
	if (!created) {
		shop_reject(c, r->line, "error", "second-payout",
			    "a second payout dated %s in %s (first on line %ld); not imported",
			    ymd, currency, shop_dep(d)->first_line);
		d->bad_rows++;
		return 1;
	}
	snprintf(d->deposit_date, sizeof(d->deposit_date), "%s", ymd);
	snprintf(d->start_date, sizeof(d->start_date), "%s", ymd);
	snprintf(d->end_date, sizeof(d->end_date), "%s", ymd);
	d->has_header = 1;
	d->total = total;
	for (k = 0; k < NPCOLS + (size_t)p->nextra; k++) {
		int idx = k < NPCOLS ? p->amt_idx[k] : p->extra_idx[k - NPCOLS];
		struct field f = shop_get(r, idx);

		have[k] = 0;
		if (idx < 0 || f.len == 0)
			continue;
		if (shop_money(&v[k], f, d->exponent)) {
			if (k >= NPCOLS)
				continue; /* an unknown column that holds no amount */
			shop_reject(c, r->line, "error", "bad-amount",
				    "payout %s: %s '%.*s' is not an amount in %s", id, pcols[k].name,
				    (int)(f.len < 40 ? f.len : 40), f.p, currency);
			bad = 1;
			continue;
		}
		have[k] = 1;
		sum = money_add(sum, v[k]);
		if (k < NPCOLS && pcols[k].deduction && v[k] > 0)
			flip += v[k];
	}
	if (bad) {
		d->bad_rows++;
		return 1;
	}
	if (sum != total && flip && sum - 2 * flip == total) {
		/* deductions written as positive numbers: the only reading that ties */
		flipped = 1;
		if (!p->flipped_warned++)
			shop_reject(c, r->line, "warning", "signs",
				    "payout %s: Refunds, Fees or Marketplace Sales Tax are written "
				    "as positive numbers; read as deductions, which ties to Total",
				    id);
	}
	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)r->line;
	e.posted_days = days;
	if (shop_intern_s(c, d, "payout", &e.ttype))
		return LL_ERROR;
	for (k = 0; k < NPCOLS + (size_t)p->nextra; k++) {
		if (!have[k] || v[k] == 0)
			continue;
		e.amount = v[k];
		if (k < NPCOLS) {
			if (flipped && pcols[k].deduction && v[k] > 0)
				e.amount = -v[k];
			e.kind = (uint8_t)pcols[k].kind;
			if (shop_intern_s(c, d, pcols[k].atype, &e.atype) ||
			    shop_intern_s(c, d, pcols[k].adesc, &e.adesc))
				return LL_ERROR;
		} else {
			e.kind = EV_OTHER;
			if (shop_intern_s(c, d, "Other", &e.atype) ||
			    shop_intern(c, d, text_trim(p->hdr->f[p->extra_idx[k - NPCOLS]]),
					&e.adesc))
				return LL_ERROR;
		}
		if (shop_add(c, d, &e))
			return LL_ERROR;
	}
	return 0;
}

static int payout_row_cb(void *ctx, const struct csvrec *r)
{
	return payout_row(ctx, r);
}

int shopify_parse_payouts(struct lines *l, const char *path, const char *header,
			  size_t hlen, const struct parse_sink *sink,
			  struct parse_stats *stats, struct ll_err *err)
{
	struct prun *p = calloc(1, sizeof(*p));
	struct csvrec *hdr = NULL, *rec = NULL;
	int rc;
	size_t k;

	if (!p)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	if ((rc = shop_open_header(&hdr, &rec, path, header, hlen, err)))
		goto done;
	if (shop_ctx_init(&p->c, path, sink, stats)) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	p->c.delim = mkt_delim(header, hlen);
	p->hdr = hdr;
	p->i_date = shop_col(hdr, "Payout Date");
	p->i_status = shop_col(hdr, "Status");
	p->i_total = shop_col(hdr, "Total");
	p->i_cur = shop_col(hdr, "Currency");
	if (p->i_date < 0 || p->i_total < 0 || p->i_cur < 0) {
		rc = ll_err_set(err, LL_EPARSE, path, 1,
				"unknown column set: a Shopify payouts export needs Payout "
				"Date, Total and Currency columns");
		goto done;
	}
	for (k = 0; k < NPCOLS; k++)
		p->amt_idx[k] = shop_col(hdr, pcols[k].name);
	for (k = 0; k < hdr->nf && k < CSVREC_MAX_FIELDS; k++) {
		struct field t = text_trim(hdr->f[k]);
		size_t j;

		for (j = 0; payout_known[j]; j++)
			if (text_ieq(t, payout_known[j]))
				break;
		if (!payout_known[j] && t.len)
			p->extra_idx[p->nextra++] = (int)k;
	}
	shop_warn_unknown(&p->c, hdr, payout_known,
		     "their amounts are imported as amount type 'Other' (check the mapping)");
	rc = shop_read_rows(&p->c, l, rec, hdr, payout_row_cb, p, stats, err);
	if (rc < 0)
		goto done; /* a read error: deliver nothing */
	rc = shop_ctx_finish(&p->c, 1, NULL, NULL, err);
done:
	shop_ctx_finish(&p->c, 0, NULL, NULL, NULL); /* a no-op once finished */
	shop_close_header(hdr, rec);
	free(p);
	return rc;
}
