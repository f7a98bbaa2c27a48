/*
 * parse_shopify.c - the Shopify Payments transactions export (one row per
 * charge, refund, adjustment ...), and the detection of all three Shopify
 * exports (shopify_detect).
 *
 * Transactions are grouped into payouts by payout date and currency (the
 * id "<payout date> <currency>", which a payouts export gives as well, so
 * the two name the same payout alike). Each row gives up to two events:
 * its gross Amount (amount type ItemPrice for charges and refunds, with
 * the order name, so order mode can make an invoice or credit note per
 * order; Adjustment, Reserve, WithheldTax, Chargeback, Advance or Other
 * for the rest) and its Fee (amount type Fees). A payout's total is the
 * sum of its Net column, the bank deposit; Net = Amount - Fee is checked
 * on every row. Rows not yet paid out are held back, and so is a payout
 * the export's date range may cut (rows on the first day of the export,
 * or a payout dated after its last row): a date-range export does not say
 * whether it holds all of a payout's rows, and a partial payout would
 * still "tie" to its own Net.
 */
#include "parse_shopify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"
#include "formats/shopify_common.h"
#include "util/date.h"
#include "util/money.h"

/* ---- detection ---------------------------------------------------- */

#define DET_MAX 128

static int hdr_has(const struct field *f, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct field t = text_trim(f[i]);

		if (t.len >= 2 && t.p[0] == '"' && t.p[t.len - 1] == '"') {
			t.p++;
			t.len -= 2;
		}
		if (text_ieq(t, name))
			return 1;
	}
	return 0;
}

enum shopify_format shopify_detect(const char *line, size_t len)
{
	struct field f[DET_MAX];
	size_t n;

	/* comma, or the semicolons or tabs of a copy a spreadsheet re-saved */
	n = text_split(line, len, mkt_delim(line, len), f, DET_MAX);
	if (n > DET_MAX)
		n = DET_MAX;
	if (hdr_has(f, n, "Name") && hdr_has(f, n, "Financial Status") &&
	    hdr_has(f, n, "Total") && hdr_has(f, n, "Currency"))
		return SHOP_ORDERS;
	if (hdr_has(f, n, "Transaction Date") && hdr_has(f, n, "Type") &&
	    hdr_has(f, n, "Amount") && hdr_has(f, n, "Net") &&
	    (hdr_has(f, n, "Payout Date") || hdr_has(f, n, "Payout ID")))
		return SHOP_TRANSACTIONS;
	if (hdr_has(f, n, "Payout Date") && hdr_has(f, n, "Total") &&
	    (hdr_has(f, n, "Charges") || hdr_has(f, n, "Fees")) &&
	    !hdr_has(f, n, "Transaction Date"))
		return SHOP_PAYOUTS;
	return SHOP_NONE;
}

/* ---- transactions export ----------------------------------------- */

enum tcol {
	T_DATE, T_TYPE, T_ORDER, T_STATUS, T_PDATE, T_PID, T_AMOUNT, T_FEE, T_NET,
	T_CURRENCY, T__N
};

static const char *const tcol_names[T__N] = {
	"Transaction Date", "Type", "Order", "Payout Status", "Payout Date", "Payout ID",
	"Amount", "Fee", "Net", "Currency"
};

static const char *const tx_known[] = {
	"Transaction Date", "Type", "Order", "Card Brand", "Card Source", "Payout Status",
	"Payout Date", "Payout ID", "Available On", "Amount", "Fee", "Net", "Checkout",
	"Payment Method Name", "Presentment Amount", "Presentment Currency", "Currency",
	"VAT", "Business Entity Name", "Business Entity ID", NULL
};

#define TF_UNPAID 1u     /* a row of it is not paid out yet */
#define TF_PID_MIXED 2u  /* two payout ids under one date and currency */

struct txrun {
	struct shop_ctx c;
	int idx[T__N];
	int64_t file_first, file_last;   /* transaction dates of the whole file */
	long nopen_rows, open_first, open_last; /* rows with no payout date */
	char open_status[64];
};

struct txclass {
	const char *atype, *adesc;
	enum event_kind kind;
};

static int contains_ci(struct field f, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; i + n <= f.len; i++) {
		for (k = 0; k < n; k++) {
			char a = f.p[i + k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != needle[k])
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/* What a transaction Type is; adesc NULL = the type as written. */
static struct txclass tx_class(struct field type)
{
	if (text_ieq(type, "charge") || text_ieq(type, "sale"))
		return (struct txclass){ "ItemPrice", "Charge", EV_SALE };
	if (text_ieq(type, "refund"))
		return (struct txclass){ "ItemPrice", "Refund", EV_REFUND };
	if (contains_ci(type, "chargeback") || contains_ci(type, "dispute"))
		return (struct txclass){ "Chargeback", NULL, EV_OTHER };
	if (contains_ci(type, "reserve"))
		return (struct txclass){ "Reserve", NULL, EV_RESERVE };
	if (contains_ci(type, "tax"))
		return (struct txclass){ "WithheldTax", NULL, EV_WITHHELD_TAX };
	if (contains_ci(type, "advance"))
		return (struct txclass){ "Advance", NULL, EV_BALANCE };
	if (contains_ci(type, "adjustment"))
		return (struct txclass){ "Adjustment", NULL, EV_OTHER };
	return (struct txclass){ "Other", NULL, EV_OTHER };
}

static int tx_row(struct txrun *t, const struct csvrec *r)
{
	struct shop_ctx *c = &t->c;
	struct field type = shop_get(r, t->idx[T_TYPE]);
	struct field status = shop_get(r, t->idx[T_STATUS]);
	struct field pdate = shop_get(r, t->idx[T_PDATE]);
	struct field cur = shop_get(r, t->idx[T_CURRENCY]);
	struct field amt = shop_get(r, t->idx[T_AMOUNT]);
	struct field fee = shop_get(r, t->idx[T_FEE]);
	struct field net = shop_get(r, t->idx[T_NET]);
	struct field pid = shop_get(r, t->idx[T_PID]);
	char currency[4], pymd[11], id[64];
	int64_t tdays = 0, tlocal = 0, pdays = 0, a = 0, f = 0, n = 0;
	struct deposit *d;
	struct shop_dep *sd;
	struct event e;
	struct txclass cl;
	int created, bad = 0;

	/* the payout's checks and period go by the dates as written; the
	 * events by their day in the organisation's zone */
	if (shop_date_local(c, shop_get(r, t->idx[T_DATE]), &tdays, &tlocal, NULL)) {
		struct field v = shop_get(r, t->idx[T_DATE]);

		shop_reject(c, r->line, "warning", "bad-date",
			    "Transaction Date '%.*s' is not a date; the payout date is used",
			    (int)(v.len < 40 ? v.len : 40), v.p);
		tdays = 0;
	} else {
		if (!t->file_first || tdays < t->file_first)
			t->file_first = tdays;
		if (tdays > t->file_last)
			t->file_last = tdays;
	}
	if (cur.len != 3) {
		shop_reject(c, r->line, "error", "bad-currency",
			    "Currency '%.*s' is not an ISO code; row not imported",
			    (int)(cur.len < 20 ? cur.len : 20), cur.p);
		return shop_left(c, "", "unreadable", 0);
	}
	shop_copy(currency, sizeof(currency), cur);
	if (!currency_valid(currency)) {
		shop_reject(c, r->line, "error", "bad-currency",
			    "Currency '%s' is not an ISO code; row not imported", currency);
		return shop_left(c, "", "unreadable", 0);
	}
	if (pdate.len == 0) {
		/* not paid out yet: no payout to put it in */
		if (!t->nopen_rows)
			t->open_first = r->line;
		t->open_last = r->line;
		t->nopen_rows++;
		if (status.len && !strstr(t->open_status, "'") && strlen(t->open_status) < 40)
			snprintf(t->open_status, sizeof(t->open_status), "'%.*s'",
				 (int)(status.len < 30 ? status.len : 30), status.p);
		if (shop_money(&n, net, currency_exponent(currency)))
			n = 0;
		return parse_fate(c->sink, currency, FATE_HELD, "not-paid-out", 1, n) ? LL_ERROR
										     : 0;
	}
	if (shop_date(pdate, &pdays, pymd)) {
		shop_reject(c, r->line, "error", "bad-date",
			    "Payout Date '%.*s' is not a date; row not imported",
			    (int)(pdate.len < 40 ? pdate.len : 40), pdate.p);
		return shop_left(c, currency, "unreadable", 0);
	}
	{ /* "%s %s" of pymd and currency, without snprintf per row */
		size_t pl = strlen(pymd), cn = strlen(currency);

		memcpy(id, pymd, pl);
		id[pl] = ' ';
		memcpy(id + pl + 1, currency, cn + 1);
	}
	d = shop_deposit(c, id, currency, r->line, &created);
	if (!d)
		return c->n >= SHOP_MAX_DEPOSITS ? shop_left(c, currency, "unreadable", 0)
						 : LL_ERROR;
	deposit_row(d, (uint32_t)r->line);
	sd = shop_dep(d);
	if (created) {
		snprintf(d->deposit_date, sizeof(d->deposit_date), "%s", pymd);
		d->has_header = 1;
		if (pid.len)
			shop_copy(sd->note, sizeof(sd->note), pid);
	} else if (pid.len && (strlen(sd->note) != pid.len || memcmp(sd->note, pid.p, pid.len))) {
		if (!(sd->flags & TF_PID_MIXED))
			shop_reject(c, r->line, "error", "payout-id",
				    "payout %s: rows with Payout ID %s and %.*s share a payout "
				    "date and currency; not planned", id, sd->note,
				    (int)(pid.len < 40 ? pid.len : 40), pid.p);
		sd->flags |= TF_PID_MIXED;
		d->bad_rows++;
	}
	if (!text_ieq(status, "paid"))
		sd->flags |= TF_UNPAID;
	sd->rows++;
	if (!tdays)
		tdays = pdays;
	if (!sd->first_days || tdays < sd->first_days)
		sd->first_days = tdays;
	if (tdays > sd->last_days)
		sd->last_days = tdays;

	if (shop_money(&a, amt, d->exponent)) {
		shop_reject(c, r->line, "error", "bad-amount",
			    "payout %s: Amount '%.*s' is not an amount in %s", id,
			    (int)(amt.len < 40 ? amt.len : 40), amt.p, currency);
		bad = 1;
	}
	if (fee.len && shop_money(&f, fee, d->exponent)) {
		shop_reject(c, r->line, "error", "bad-amount",
			    "payout %s: Fee '%.*s' is not an amount in %s", id,
			    (int)(fee.len < 40 ? fee.len : 40), fee.p, currency);
		bad = 1;
	}
	if (shop_money(&n, net, d->exponent)) {
		shop_reject(c, r->line, "error", "bad-amount",
			    "payout %s: Net '%.*s' is not an amount in %s", id,
			    (int)(net.len < 40 ? net.len : 40), net.p, currency);
		bad = 1;
	}
	if (!bad && n != a - f) {
		if (n == a + f) {
			f = -f; /* a fee written negative (Net = Amount + Fee) */
		} else {
			char sa[32], sf[32], sn[32];

			shop_reject(c, r->line, "error", "bad-net",
				    "payout %s: Net %s is not Amount %s minus Fee %s", id,
				    money_format(sn, sizeof(sn), n, d->exponent),
				    money_format(sa, sizeof(sa), a, d->exponent),
				    money_format(sf, sizeof(sf), f, d->exponent));
			bad = 1;
		}
	}
	if (bad) {
		d->bad_rows++;
		return 1;
	}
	d->total = money_add(d->total, n);

	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)r->line;
	e.posted_days = tlocal ? tlocal : tdays;
	if (tlocal && tlocal != tdays)
		c->stats->redated++;
	cl = tx_class(type);
	if (shop_intern(c, d, type, &e.ttype) ||
	    shop_intern(c, d, shop_get(r, t->idx[T_ORDER]), &e.order_id) ||
	    shop_intern_s(c, d, cl.atype, &e.atype) ||
	    (cl.adesc ? shop_intern_s(c, d, cl.adesc, &e.adesc)
		      : shop_intern(c, d, type, &e.adesc)))
		return LL_ERROR;
	e.kind = (uint8_t)cl.kind;
	e.amount = a;
	if (shop_add(c, d, &e))
		return LL_ERROR;
	if (f) {
		e.amount = -f;
		e.kind = EV_FEE;
		if (shop_intern_s(c, d, "Fees", &e.atype) || shop_intern_s(c, d, "Fee", &e.adesc) ||
		    shop_add(c, d, &e))
			return LL_ERROR;
	}
	return 0;
}

static int tx_row_cb(void *ctx, const struct csvrec *r)
{
	return tx_row(ctx, r);
}

/* At the end: which payouts are delivered, and why the others are not. */
static int tx_keep(void *arg, struct deposit *d)
{
	struct txrun *t = arg;
	struct shop_dep *sd = shop_dep(d);
	char first[11], last[11];
	int64_t pdays = 0;

	date_days_ymd(sd->first_days, first);
	date_days_ymd(sd->last_days, last);
	snprintf(d->start_date, sizeof(d->start_date), "%s", first);
	snprintf(d->end_date, sizeof(d->end_date), "%s", last);
	if (sd->flags & TF_UNPAID) {
		shop_reject(&t->c, (long)d->header_line, "warning", "not-paid-out",
			    "payout %s is not paid out yet (Payout Status is not 'paid'); its "
			    "%ld transactions are held back until an export shows it paid",
			    d->id, sd->rows);
		parse_fate_deposit(t->c.sink, d, FATE_HELD, "not-paid-out");
		return 0;
	}
	date_parse_ymd(&pdays, d->deposit_date);
	if (pdays > t->file_last) {
		date_days_ymd(t->file_last, last);
		shop_reject(&t->c, (long)d->header_line, "warning", "partial-payout",
			    "payout %s is dated after this export's last transaction (%s): "
			    "transactions after that may belong to it; held back (export a "
			    "range that ends on or after the payout date, or give the payouts "
			    "export)", d->id, last);
		parse_fate_deposit(t->c.sink, d, FATE_HELD, "partial-payout");
		return 0;
	}
	if (sd->first_days <= t->file_first) {
		shop_reject(&t->c, (long)d->header_line, "warning", "partial-payout",
			    "payout %s has transactions on this export's first day (%s): "
			    "earlier ones may belong to it; held back (export a range that "
			    "starts a few days earlier, or give the payouts export)", d->id,
			    first);
		parse_fate_deposit(t->c.sink, d, FATE_HELD, "partial-payout");
		return 0;
	}
	return 1;
}

int shopify_parse_transactions(struct lines *l, const char *path, const char *header,
			       size_t hlen, const struct parse_sink *sink,
			       struct parse_stats *stats, struct ll_err *err)
{
	struct txrun *t = calloc(1, sizeof(*t));
	struct csvrec *hdr = NULL, *rec = NULL;
	int rc, i;

	if (!t)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	if ((rc = shop_open_header(&hdr, &rec, path, header, hlen, err)))
		goto done;
	if (shop_ctx_init(&t->c, path, sink, stats)) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	t->c.delim = mkt_delim(header, hlen);
	for (i = 0; i < T__N; i++)
		t->idx[i] = shop_col(hdr, tcol_names[i]);
	if (t->idx[T_TYPE] < 0 || t->idx[T_AMOUNT] < 0 || t->idx[T_NET] < 0 ||
	    t->idx[T_PDATE] < 0 || t->idx[T_CURRENCY] < 0) {
		rc = ll_err_set(err, LL_EPARSE, path, 1,
				"unknown column set: a Shopify Payments transactions export "
				"needs Type, Amount, Net, Payout Date and Currency columns");
		goto done;
	}
	shop_warn_unknown(&t->c, hdr, tx_known, "ignored");
	rc = shop_read_rows(&t->c, l, rec, hdr, tx_row_cb, t, stats, err);
	if (rc < 0)
		goto done; /* a read error: deliver nothing */
	if (t->nopen_rows)
		shop_reject(&t->c, t->open_first, "warning", "not-paid-out",
			    "%ld transaction(s) not yet paid out (no Payout Date%s%s; lines "
			    "%ld-%ld) are held back until an export shows their payout",
			    t->nopen_rows, t->open_status[0] ? ", Payout Status " : "",
			    t->open_status, t->open_first, t->open_last);
	rc = shop_ctx_finish(&t->c, 1, tx_keep, t, err);
done:
	shop_ctx_finish(&t->c, 0, NULL, NULL, NULL); /* a no-op once finished */
	shop_close_header(hdr, rec);
	free(t);
	return rc;
}
