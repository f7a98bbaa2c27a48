/*
 * parse_amazon.c - Amazon settlement flat files, V1 and V2 layouts.
 *
 * Both layouts are TAB-separated without quoting; row 2 is the summary
 * (settlement id, period, deposit date, total, currency), the rest are
 * detail rows. V1 spreads amounts over typed column pairs (price-type /
 * price-amount, item-related-fee-type / -amount, ...); V2 has one
 * amount-type / amount-description / amount triple per row. The parser
 * resolves columns by name once, then turns each non-empty amount into
 * one event, naming V1's column families with V2's amount types
 * (ItemPrice, ItemFees, Promotion, ...) so one mapping table serves both.
 * An unknown column whose name ends in "amount" still becomes events (so
 * no money is ever dropped); other unknown columns are ignored with one
 * warning per file.
 *
 * Several settlements one after another in one file (downloads
 * concatenated, with or without their header lines) are each delivered
 * when the next one begins: a repeated header line, or a summary row of a
 * settlement not yet seen, closes the settlements open before it (a
 * settlement's summary row is its first). A row of a settlement already
 * closed is reported and left out, never added to a second copy.
 */
#include "parse_amazon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/intr.h"
#include "util/money.h"
#include "util/text.h"

#define MAX_COLS 96
#define MAX_OPEN 32

enum col {
	C_SETTLEMENT_ID, C_START, C_END, C_DEPOSIT_DATE, C_TOTAL, C_CURRENCY,
	C_TTYPE, C_ORDER_ID, C_MERCHANT_ORDER_ID, C_ADJUSTMENT_ID, C_SHIPMENT_ID,
	C_MARKETPLACE, C_POSTED_DATE, C_POSTED_DATE_TIME, C_SKU, C_QUANTITY,
	C_AMOUNT_TYPE, C_AMOUNT_DESC, C_AMOUNT,
	C__KNOWN
};

static const char *const col_names[C__KNOWN] = {
	"settlement-id", "settlement-start-date", "settlement-end-date",
	"deposit-date", "total-amount", "currency", "transaction-type",
	"order-id", "merchant-order-id", "adjustment-id", "shipment-id",
	"marketplace-name", "posted-date", "posted-date-time", "sku",
	"quantity-purchased", "amount-type", "amount-description", "amount"
};

/* V1 column families: amount column, the column naming it, amount type. */
struct family_def {
	const char *amount_col;
	const char *type_col;   /* NULL: description is fixed or the ttype */
	const char *atype;
	const char *fixed_desc; /* NULL: use transaction-type */
};

static const struct family_def v1_families[] = {
	{ "price-amount", "price-type", "ItemPrice", NULL },
	{ "item-related-fee-amount", "item-related-fee-type", "ItemFees", NULL },
	{ "promotion-amount", "promotion-type", "Promotion", NULL },
	{ "shipment-fee-amount", "shipment-fee-type", "ShipmentFees", NULL },
	{ "order-fee-amount", "order-fee-type", "OrderFees", NULL },
	{ "direct-payment-amount", "direct-payment-type", "DirectPayment", NULL },
	{ "other-fee-amount", "other-fee-reason-description", "OtherFees", NULL },
	{ "misc-fee-amount", NULL, "MiscFees", "Misc fee" },
	{ "other-amount", NULL, "other-transaction", NULL },
};

/* Columns we know but that carry nothing we need. */
static const char *const ignored_cols[] = {
	"fulfillment-id", "order-item-code", "merchant-order-item-id",
	"merchant-adjustment-item-id", "promotion-id", NULL
};

struct family {
	char colname[64];
	int amount_idx;
	int type_idx;     /* -1 if none */
	const char *atype;
	const char *fixed_desc;
};

struct layout {
	int idx[C__KNOWN];           /* column index or -1 */
	struct family fam[MAX_COLS];
	int nfam;
	int ncols;
	char generic_names[MAX_COLS][64];
};

/* the last value interned per field: consecutive rows mostly repeat them */
enum { IC_TTYPE, IC_ORDER, IC_ADJ, IC_SKU, IC_MKT, IC_ATYPE, IC_ADESC, IC__N };

struct icache {
	const struct deposit *d;
	uint32_t id;
	size_t len;
	char val[96];
};

/* the kind of an event by its ids (ttype, atype, adesc) in one deposit:
 * amazon_event_kind's string searches once per combination, not per event */
#define KIND_SLOTS 64

struct kcache {
	const struct deposit *d;
	uint32_t ttype, atype, adesc;
	uint8_t kind;
};

/* settlements already delivered, for rows that come after their close */
#define MAX_CLOSED 64

struct ctx {
	struct icache ic[IC__N];
	struct kcache kc[KIND_SLOTS];
	struct deposit *last_d; /* the open settlement of the row before */
	size_t last_len;        /* strlen(last_d->id) */
	char last_date[40];     /* the last posted-date parsed, and its value */
	size_t last_date_len;
	int64_t last_days;
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct deposit *open[MAX_OPEN];
	int nopen;
	char closed[MAX_CLOSED][96]; /* ring of ids delivered before the file's end */
	int nclosed;
	struct buf tmp;
};

/* a row or file problem, to the sink (parse_reject) */
#define reject(c, ...) parse_reject((c)->sink, (c)->path, __VA_ARGS__)

static int has_field(const char *line, size_t len, const char *name)
{
	struct field f[MAX_COLS];
	size_t n = text_split(line, len, '\t', f, MAX_COLS), i;

	if (n > MAX_COLS)
		n = MAX_COLS;
	for (i = 0; i < n; i++)
		if (text_ieq(text_trim(f[i]), name))
			return 1;
	return 0;
}

static int contains(const char *line, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++) {
		size_t k;

		for (k = 0; k < n; k++) {
			char a = line[i + k];

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

enum amazon_format amazon_detect(const char *line, size_t len)
{
	if (memchr(line, '\t', len)) {
		if (has_field(line, len, "settlement-id")) {
			if (has_field(line, len, "amount-type") &&
			    has_field(line, len, "amount"))
				return AMZ_SETTLEMENT_V2;
			if (has_field(line, len, "price-type") ||
			    has_field(line, len, "item-related-fee-type") ||
			    has_field(line, len, "other-amount"))
				return AMZ_SETTLEMENT_V1;
			return AMZ_NONE;
		}
		if (has_field(line, len, "order-id") &&
		    has_field(line, len, "purchase-date") &&
		    (has_field(line, len, "item-price") ||
		     has_field(line, len, "order-item-id")))
			return AMZ_ORDER_REPORT;
	}
	if (contains(line, len, "settlement id") &&
	    (contains(line, len, "date/time") || contains(line, len, "order id")))
		return AMZ_DATE_RANGE;
	return AMZ_NONE;
}

enum event_kind amazon_event_kind(const char *ttype, const char *atype,
				  const char *adesc)
{
	int refund = strstr(ttype, "Refund") || strstr(ttype, "Chargeback") ||
		     strstr(ttype, "Guarantee");

	if (!strcmp(atype, "ItemPrice") || !strcmp(atype, "Promotion")) {
		if (refund)
			return EV_REFUND;
		if (!strcmp(atype, "Promotion"))
			return EV_PROMOTION;
		if (strstr(adesc, "Tax"))
			return EV_TAX;
		return EV_SALE;
	}
	if (!strcmp(atype, "ItemWithheldTax"))
		return EV_WITHHELD_TAX;
	if (!strcmp(atype, "ItemFees") || !strcmp(atype, "ShipmentFees") ||
	    !strcmp(atype, "OrderFees") || !strcmp(atype, "OtherFees") ||
	    !strcmp(atype, "MiscFees"))
		return EV_FEE;
	if (strstr(adesc, "Reserve"))
		return EV_RESERVE;
	if (strstr(adesc, "Payable to Amazon") || strstr(adesc, "charge") ||
	    strstr(adesc, "Charge") || strstr(adesc, "Micro Deposit"))
		return EV_BALANCE;
	if (strstr(adesc, "REIMBURSEMENT") || strstr(adesc, "WAREHOUSE_") ||
	    strstr(adesc, "Reimbursement") || strstr(adesc, "FREE_REPLACEMENT") ||
	    strstr(adesc, "INBOUND_CARRIER_DAMAGE") || strstr(adesc, "COMPENSATED"))
		return EV_REIMBURSEMENT;
	if (strstr(adesc, "Fee") || strstr(adesc, "fee") || strstr(adesc, "Advertising") ||
	    strstr(ttype, "Fee") || strstr(ttype, "ServiceFee"))
		return EV_FEE;
	return EV_OTHER;
}

/* text_ieq(f, name) for a name of at least one character: most names are
 * ruled out by their first one (a header is compared with every name) */
static int name_ieq(struct field f, const char *name)
{
	unsigned char a, b;

	if (!f.len)
		return 0;
	a = (unsigned char)f.p[0];
	b = (unsigned char)name[0];
	if (a >= 'A' && a <= 'Z')
		a = (unsigned char)(a - 'A' + 'a');
	if (b >= 'A' && b <= 'Z')
		b = (unsigned char)(b - 'A' + 'a');
	return a == b && text_ieq(f, name);
}

static int known_index(struct field name)
{
	int i;

	for (i = 0; i < C__KNOWN; i++)
		if (name_ieq(name, col_names[i]))
			return i;
	return -1;
}

static int build_layout(struct ctx *c, struct layout *lo, const char *header,
			size_t hlen, struct ll_err *err)
{
	struct field f[MAX_COLS];
	size_t n = text_split(header, hlen, '\t', f, MAX_COLS), i, k;
	int used[MAX_COLS] = { 0 };
	int unknown = 0;
	char unknown_list[400] = "";

	if (n > MAX_COLS)
		return ll_err_set(err, LL_EPARSE, c->path, 1,
				  "header has %zu columns; at most %d are supported",
				  n, MAX_COLS);
	memset(lo, 0, sizeof(*lo));
	lo->ncols = (int)n;
	for (i = 0; i < C__KNOWN; i++)
		lo->idx[i] = -1;
	for (i = 0; i < n; i++) {
		int ki = known_index(text_trim(f[i]));

		if (ki >= 0 && lo->idx[ki] < 0) {
			lo->idx[ki] = (int)i;
			used[i] = 1;
		}
	}
	if (lo->idx[C_SETTLEMENT_ID] < 0)
		return ll_err_set(err, LL_EPARSE, c->path, 1,
				  "unknown column set: no settlement-id column");
	/* V2 triple */
	if (lo->idx[C_AMOUNT] >= 0) {
		snprintf(lo->fam[lo->nfam].colname, 64, "amount");
		lo->fam[lo->nfam].amount_idx = lo->idx[C_AMOUNT];
		lo->fam[lo->nfam].type_idx = lo->idx[C_AMOUNT_DESC];
		lo->fam[lo->nfam].atype = NULL; /* from amount-type column */
		lo->fam[lo->nfam].fixed_desc = NULL;
		lo->nfam++;
	}
	/* V1 families */
	for (k = 0; k < sizeof(v1_families) / sizeof(v1_families[0]); k++) {
		int ai = -1, ti = -1;

		for (i = 0; i < n; i++) {
			struct field t = text_trim(f[i]);

			if (name_ieq(t, v1_families[k].amount_col))
				ai = (int)i;
			else if (v1_families[k].type_col &&
				 name_ieq(t, v1_families[k].type_col))
				ti = (int)i;
		}
		if (ai < 0)
			continue;
		used[ai] = 1;
		if (ti >= 0)
			used[ti] = 1;
		snprintf(lo->fam[lo->nfam].colname, 64, "%s", v1_families[k].amount_col);
		lo->fam[lo->nfam].amount_idx = ai;
		lo->fam[lo->nfam].type_idx = ti;
		lo->fam[lo->nfam].atype = v1_families[k].atype;
		lo->fam[lo->nfam].fixed_desc = v1_families[k].fixed_desc;
		lo->nfam++;
	}
	for (i = 0; i < n; i++) {
		struct field t = text_trim(f[i]);
		int ign = 0;

		if (used[i])
			continue;
		for (k = 0; ignored_cols[k]; k++)
			if (text_ieq(t, ignored_cols[k]))
				ign = 1;
		if (ign)
			continue;
		if (t.len >= 6 && text_ieq((struct field){ t.p + t.len - 6, 6 }, "amount")) {
			/* an amount column we do not know: keep its money */
			snprintf(lo->generic_names[lo->nfam], 64, "%.*s",
				 (int)(t.len < 63 ? t.len : 63), t.p);
			memcpy(lo->fam[lo->nfam].colname, lo->generic_names[lo->nfam], 64);
			lo->fam[lo->nfam].amount_idx = (int)i;
			lo->fam[lo->nfam].type_idx = -1;
			lo->fam[lo->nfam].atype = lo->generic_names[lo->nfam];
			lo->fam[lo->nfam].fixed_desc = "";
			lo->nfam++;
			reject(c, 1, "warning", "unknown-column",
			       "amount column '%.*s' is not one we know; its amounts are "
			       "imported under amount type '%s' (check the mapping)",
			       (int)t.len, t.p, lo->generic_names[lo->nfam - 1]);
			continue;
		}
		unknown++;
		if (strlen(unknown_list) < sizeof(unknown_list) - 80) {
			size_t ul = strlen(unknown_list);

			snprintf(unknown_list + ul, sizeof(unknown_list) - ul, "%s'%.*s'",
				 ul ? ", " : "", (int)(t.len < 60 ? t.len : 60), t.p);
		}
	}
	if (lo->nfam == 0)
		return ll_err_set(err, LL_EPARSE, c->path, 1,
				  "unknown column set: a settlement-id column but no "
				  "amount columns");
	if (unknown)
		reject(c, 1, "warning", "unknown-column",
		       "%d column(s) not known and ignored (they hold no amounts): %s",
		       unknown, unknown_list);
	return 0;
}

/* a[0..n) == b[0..n), inline: the values compared here are short (ids,
 * dates, cached cells), where a call to memcmp costs more than the bytes.
 * Eight bytes a step, the last step overlapping the one before. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	size_t i;

	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	return n == 0 || (a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1]);
}

/* a detail or summary row: where its fields end (text_split_ends), after
 * an end[-1] of UINT32_MAX, so field i starts at end[i - 1] + 1 for every
 * i (0 included, the sum wrapping to 0) */
struct row {
	const char *p;
	const uint32_t *end;
	size_t nf;
};

/* field i of r, untrimmed (i < r->nf) */
static inline struct field row_field(const struct row *r, size_t i)
{
	uint32_t st = r->end[(ptrdiff_t)i - 1] + 1;

	return (struct field){ r->p + st, r->end[i] - st };
}

/* column idx of r, trimmed; empty for -1 or a column the row lacks */
static inline struct field col(const struct row *r, int idx)
{
	struct field empty = { "", 0 };

	if ((size_t)idx >= r->nf) /* -1 too */
		return empty;
	return text_trim(row_field(r, (size_t)idx));
}

static int intern_slow(struct ctx *c, struct deposit *d, struct field v, uint32_t *id)
{
	return deposit_intern_text(d, &c->tmp, v.p, v.len, id);
}

/* Intern v (as UTF-8) in d's pool, through the per-field cache slot. */
static int intern(struct ctx *c, struct deposit *d, int slot, struct field v,
		  uint32_t *id)
{
	struct icache *ic = &c->ic[slot];
	int rc;

	if (ic->d == d && ic->len == v.len &&
	    same_bytes(ic->val, v.p, v.len)) {
		*id = ic->id;
		return 0;
	}
	rc = intern_slow(c, d, v, id);
	if (rc == 0 && v.len <= sizeof(ic->val)) {
		ic->d = d;
		ic->len = v.len;
		memcpy(ic->val, v.p, v.len);
		ic->id = *id;
	}
	return rc;
}

/* amazon_event_kind of e's strings in d, through the cache */
static uint8_t event_kind(struct ctx *c, const struct deposit *d, const struct event *e)
{
	uint32_t slot = (e->ttype * 31u + e->atype * 7u + e->adesc) % KIND_SLOTS;
	struct kcache *k = &c->kc[slot];

	if (k->d != d || k->ttype != e->ttype || k->atype != e->atype ||
	    k->adesc != e->adesc) {
		k->d = d;
		k->ttype = e->ttype;
		k->atype = e->atype;
		k->adesc = e->adesc;
		k->kind = (uint8_t)amazon_event_kind(deposit_str(d, e->ttype),
						     deposit_str(d, e->atype),
						     deposit_str(d, e->adesc));
	}
	return k->kind;
}

static struct deposit *find_deposit(struct ctx *c, struct field id, long line)
{
	struct deposit *d;
	int i;
	char sid[64];

	for (i = 0; i < c->nopen; i++)
		if (strlen(c->open[i]->id) == id.len &&
		    memcmp(c->open[i]->id, id.p, id.len) == 0)
			return c->open[i];
	if (c->nopen == MAX_OPEN) {
		reject(c, line, "error", "too-many-settlements",
		       "more than %d settlements interleaved in one file; row skipped",
		       MAX_OPEN);
		return NULL;
	}
	snprintf(sid, sizeof(sid), "%.*s", (int)(id.len < 63 ? id.len : 63), id.p);
	d = malloc(sizeof(*d));
	if (!d || deposit_init(d, "amazon", sid, c->path)) {
		free(d);
		return NULL;
	}
	c->open[c->nopen++] = d;
	return d;
}

static int parse_date_field(struct field v, char out[11], int64_t *days)
{
	struct ll_time t;

	if (v.len == 0 || date_parse(&t, v.p, v.len))
		return LL_EPARSE;
	if (out)
		date_ymd(&t, out);
	if (days)
		*days = date_days(t.year, t.month, t.day);
	return 0;
}

static int summary_row(struct ctx *c, struct deposit *d, const struct layout *lo,
		       const struct row *r, long line)
{
	struct field cur = col(r, lo->idx[C_CURRENCY]);
	struct field tot = col(r, lo->idx[C_TOTAL]);
	struct field v;

	deposit_row(d, (uint32_t)line);
	if (d->has_header) {
		reject(c, line, "error", "second-summary",
		       "a second summary row for settlement %s; ignored", d->id);
		return 0;
	}
	snprintf(d->currency, sizeof(d->currency), "%.*s",
		 (int)(cur.len < 3 ? cur.len : 3), cur.p);
	if (!currency_valid(d->currency) || cur.len != 3) {
		reject(c, line, "error", "bad-currency",
		       "settlement %s: currency '%.*s' is not an ISO code", d->id,
		       (int)(cur.len < 20 ? cur.len : 20), cur.p);
		d->bad_rows++;
		d->currency[0] = '\0';
	}
	d->exponent = currency_exponent(d->currency);
	if (money_parse(&d->total, tot.p, tot.len, d->exponent, MONEY_AUTO)) {
		reject(c, line, "error", "bad-amount",
		       "settlement %s: total-amount '%.*s' is not an amount", d->id,
		       (int)(tot.len < 40 ? tot.len : 40), tot.p);
		d->bad_rows++;
		return 0;
	}
	v = col(r, lo->idx[C_START]);
	if (parse_date_field(v, d->start_date, NULL))
		d->start_date[0] = '\0';
	v = col(r, lo->idx[C_END]);
	if (parse_date_field(v, d->end_date, NULL))
		d->end_date[0] = '\0';
	v = col(r, lo->idx[C_DEPOSIT_DATE]);
	if (parse_date_field(v, d->deposit_date, NULL)) {
		reject(c, line, "error", "bad-date",
		       "settlement %s: deposit-date '%.*s' is not a date", d->id,
		       (int)(v.len < 40 ? v.len : 40), v.p);
		d->bad_rows++;
		return 0;
	}
	d->has_header = 1;
	d->header_line = (uint32_t)line;
	return 0;
}

static int detail_row(struct ctx *c, struct deposit *d, const struct layout *lo,
		      const struct row *r, long line)
{
	struct event e;
	struct field v, ttype;
	int i, bad = 0;
	int64_t q;

	deposit_row(d, (uint32_t)line); /* a row without amounts (quantity only) too */
	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)line;
	ttype = col(r, lo->idx[C_TTYPE]);
	if (intern(c, d, IC_TTYPE, ttype, &e.ttype) ||
	    intern(c, d, IC_ORDER, col(r, lo->idx[C_ORDER_ID]), &e.order_id) ||
	    intern(c, d, IC_ADJ, col(r, lo->idx[C_ADJUSTMENT_ID]), &e.adjustment_id) ||
	    intern(c, d, IC_SKU, col(r, lo->idx[C_SKU]), &e.sku) ||
	    intern(c, d, IC_MKT, col(r, lo->idx[C_MARKETPLACE]), &e.marketplace))
		return LL_ERROR;
	v = col(r, lo->idx[C_QUANTITY]);
	if (v.len && money_parse(&q, v.p, v.len, 0, MONEY_DOT) == 0 &&
	    q > -1000000 && q < 1000000)
		e.quantity = (int32_t)q;
	v = col(r, lo->idx[C_POSTED_DATE]);
	if (v.len == 0)
		v = col(r, lo->idx[C_POSTED_DATE_TIME]);
	if (v.len && v.len == c->last_date_len && same_bytes(v.p, c->last_date, v.len)) {
		e.posted_days = c->last_days; /* rows of one item share the date */
	} else if (v.len) {
		if (parse_date_field(v, NULL, &e.posted_days)) {
			reject(c, line, "warning", "bad-date",
			       "posted-date '%.*s' is not a date; the settlement's end "
			       "date is used", (int)(v.len < 40 ? v.len : 40), v.p);
			e.posted_days = 0;
		} else if (v.len <= sizeof(c->last_date)) {
			memcpy(c->last_date, v.p, v.len);
			c->last_date_len = v.len;
			c->last_days = e.posted_days;
		}
	}
	for (i = 0; i < lo->nfam; i++) {
		const struct family *fm = &lo->fam[i];
		struct field amt = col(r, fm->amount_idx);
		struct field desc;
		const char *atype = fm->atype;

		if (amt.len == 0)
			continue;
		if (money_parse(&e.amount, amt.p, amt.len, d->exponent, MONEY_AUTO)) {
			reject(c, line, "error", "bad-amount",
			       "settlement %s: '%.*s' in column %d (%s) is not an amount "
			       "in %s; this amount is not imported", d->id,
			       (int)(amt.len < 40 ? amt.len : 40), amt.p,
			       fm->amount_idx + 1, fm->colname,
			       d->currency[0] ? d->currency : "the currency");
			bad = 1;
			continue;
		}
		if (atype == NULL) { /* V2 */
			struct field at = col(r, lo->idx[C_AMOUNT_TYPE]);

			if (intern(c, d, IC_ATYPE, at, &e.atype))
				return LL_ERROR;
		} else if (intern(c, d, IC_ATYPE, (struct field){ atype, strlen(atype) },
				  &e.atype)) {
			return LL_ERROR;
		}
		if (fm->fixed_desc)
			desc = (struct field){ fm->fixed_desc, strlen(fm->fixed_desc) };
		else if (fm->type_idx >= 0)
			desc = col(r, fm->type_idx);
		else
			desc = ttype;
		if (intern(c, d, IC_ADESC, desc, &e.adesc))
			return LL_ERROR;
		e.kind = event_kind(c, d, &e);
		if (deposit_add(d, &e))
			return LL_ERROR;
		if (e.posted_days) {
			if (!c->stats->first_days || e.posted_days < c->stats->first_days)
				c->stats->first_days = e.posted_days;
			if (e.posted_days > c->stats->last_days)
				c->stats->last_days = e.posted_days;
		}
	}
	if (bad) {
		d->bad_rows++;
		c->stats->bad_rows++;
	}
	return 0;
}

/* Deliver (deliver 1) or drop the open settlements; with only_headed,
 * only those that have their summary row (the others stay open). */
static int flush(struct ctx *c, int deliver, int only_headed)
{
	int i, k = 0, rc = 0;

	/* the deposits the caches name go away */
	memset(c->ic, 0, sizeof(c->ic));
	memset(c->kc, 0, sizeof(c->kc));
	c->last_d = NULL;
	for (i = 0; i < c->nopen; i++) {
		struct deposit *d = c->open[i];

		if (only_headed && !d->has_header) {
			c->open[k++] = d;
			continue;
		}
		if (deliver && rc == 0) {
			if (!d->has_header) {
				reject(c, 0, "error", "no-summary",
				       "settlement %s has no summary row (total-amount, "
				       "currency); its %zu amounts are not imported", d->id,
				       d->nev);
				rc = parse_fate(c->sink, "", FATE_LEFT, "no-summary", d->rows, 0);
			} else {
				rc = parse_deliver_settlement(c->sink, c->stats, d);
			}
			if (only_headed) {
				snprintf(c->closed[c->nclosed % MAX_CLOSED], sizeof(c->closed[0]),
					 "%s", d->id);
				c->nclosed++;
			}
		}
		deposit_free(d);
		free(d);
	}
	c->nopen = k;
	return rc;
}

static int flush_all(struct ctx *c, int deliver)
{
	return flush(c, deliver, 0);
}

/* 1 when settlement id was delivered before this point of the file */
static int was_closed(const struct ctx *c, struct field id)
{
	int i, n = c->nclosed < MAX_CLOSED ? c->nclosed : MAX_CLOSED;

	for (i = 0; i < n; i++)
		if (strlen(c->closed[i]) == id.len && !memcmp(c->closed[i], id.p, id.len))
			return 1;
	return 0;
}

/* 1 when id is one of the open settlements */
static int is_open(const struct ctx *c, struct field id)
{
	int i;

	for (i = 0; i < c->nopen; i++)
		if (strlen(c->open[i]->id) == id.len && !memcmp(c->open[i]->id, id.p, id.len))
			return 1;
	return 0;
}

int amazon_parse_settlement(struct lines *l, const char *path,
			    const char *header, size_t hlen,
			    const struct parse_sink *sink,
			    struct parse_stats *stats, struct ll_err *err)
{
	struct ctx c;
	struct layout *lo = NULL;
	uint32_t ends[MAX_COLS + 1] = { UINT32_MAX };
	struct row r = { NULL, ends + 1, 0 };
	char *line;
	size_t len, nf;
	int rc;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	buf_init(&c.tmp, LINES_MAX_LEN * 4);
	lo = calloc(1, sizeof(*lo));
	if (!lo) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	rc = build_layout(&c, lo, header, hlen, err);
	if (rc)
		goto done;

	while ((rc = lines_next(l, &line, &len, err)) == 1) {
		struct deposit *d;
		struct field sid;
		size_t i;
		int summary;

		if (intr_requested()) { /* SIGINT/SIGTERM: nothing of it delivered */
			rc = ll_err_set(err, LL_ETRANSIENT, path, l->lineno,
					"interrupted; the file is read again on the next run");
			break;
		}
		if (text_trim((struct field){ line, len }).len == 0)
			continue; /* blank lines are allowed anywhere */
		nf = text_split_ends(line, len, '\t', ends + 1, MAX_COLS);
		r.p = line;
		r.nf = nf < MAX_COLS ? nf : MAX_COLS;
		if (nf && text_ieq(text_trim(row_field(&r, 0)), "settlement-id") &&
		    amazon_detect(line, len) != AMZ_NONE) {
			/* the header of a second download appended to the first:
			 * the settlements before it are complete, and the next
			 * one may have the other layout (V1 / V2) */
			if ((rc = flush_all(&c, 1)))
				goto done;
			memset(lo, 0, sizeof(*lo));
			if ((rc = build_layout(&c, lo, line, len, err))) {
				err->line = l->lineno;
				goto done;
			}
			continue;
		}
		stats->rows++;
		if (nf > (size_t)lo->ncols) {
			int extra = 0;

			for (i = (size_t)lo->ncols; i < nf && i < MAX_COLS; i++)
				if (text_trim(row_field(&r, i)).len)
					extra = 1;
			if (extra || nf > MAX_COLS) {
				reject(&c, l->lineno, "error", "bad-row",
				       "row has %zu fields, the header has %d; row not imported",
				       nf, lo->ncols);
				stats->bad_rows++;
				parse_fate(sink, "", FATE_LEFT, "unreadable", 1, 0);
				continue;
			}
			nf = (size_t)lo->ncols;
		}
		r.nf = nf;
		sid = col(&r, lo->idx[C_SETTLEMENT_ID]);
		if (sid.len == 0 || sid.len > 40) {
			reject(&c, l->lineno, "error", "bad-row",
			       "row has no settlement-id; row not imported");
			stats->bad_rows++;
			parse_fate(sink, "", FATE_LEFT, "unreadable", 1, 0);
			continue;
		}
		summary = col(&r, lo->idx[C_TOTAL]).len > 0;
		if (c.last_d && sid.len == c.last_len &&
		    same_bytes(c.last_d->id, sid.p, sid.len)) {
			d = c.last_d; /* most rows are of the settlement before */
		} else {
			if (!is_open(&c, sid)) {
				if (was_closed(&c, sid)) {
					reject(&c, l->lineno, "error", "out-of-order",
					       "a row of settlement %.*s after that "
					       "settlement was closed by the next one's "
					       "summary row; row not imported (the "
					       "settlement was planned without it: give "
					       "its own file)",
					       (int)sid.len, sid.p);
					stats->bad_rows++;
					parse_fate(sink, "", FATE_LEFT, "unreadable", 1,
						   0);
					continue;
				}
				/* a new settlement's summary row: those before it are
				 * complete (downloads one after another) */
				if (summary && (rc = flush(&c, 1, 1)))
					goto done;
			}
			d = find_deposit(&c, sid, l->lineno);
			if (!d) {
				stats->bad_rows++;
				parse_fate(sink, "", FATE_LEFT, "unreadable", 1, 0);
				continue;
			}
			/* the next row's settlement is likely this one; an id cut at a
			 * NUL is not remembered (find_deposit never matches it) */
			c.last_d = strlen(d->id) == sid.len ? d : NULL;
			c.last_len = sid.len;
		}
		if (summary)
			rc = summary_row(&c, d, lo, &r, l->lineno);
		else
			rc = detail_row(&c, d, lo, &r, l->lineno);
		if (rc) {
			ll_err_set(err, LL_ERROR, path, l->lineno, "out of memory");
			goto done;
		}
	}
	if (rc < 0) {
		/* a read error mid-file (or a stop): what we have is incomplete,
		 * deliver nothing */
		flush_all(&c, 0);
		goto done;
	}
	rc = flush_all(&c, 1);
done:
	if (c.nopen)
		flush_all(&c, 0);
	buf_free(&c.tmp);
	free(lo);
	return rc;
}
