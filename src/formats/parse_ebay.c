/*
 * parse_ebay.c - eBay transaction reports, orders reports and File
 * Exchange downloads (parse_ebay.h).
 *
 * All three are CSV read through csvrec (quoted cells, a bare quote in an
 * unquoted cell, "--" for empty), with columns found by name once from the
 * header, in English or as eBay.de writes them (localised headers switch
 * amounts to decimal commas and dates to day-first). The header is turned
 * into UTF-8 first, so a CP1252 German file matches the same names.
 *
 * Transaction report: every non-Payout row belongs to the payout named in
 * its Payout ID. Order, Refund, Claim and Payment dispute rows are split
 * into their amount columns (item subtotal, shipping, seller-collected
 * tax, eBay-collected tax in and withheld, each fee column, charity), each
 * one event; when the columns do not add up to the row's Net amount the
 * difference becomes one more event and a warning, so no money is lost or
 * invented. Other rows (Shipping label, Other fee, Hold, Transfer, ...)
 * are one event of their Net amount, typed by the row Type. The Payout
 * row gives the deposit: its amount, date and line. Its sign convention
 * is not documented, so the total takes the sign that ties when one does
 * (a payout whose rows are all present ties either way; one that does not
 * is reported with both figures).
 *
 * Orders report / File Exchange: each row is an order line; amounts with a
 * currency symbol give the currency; the paid date (else the sale date)
 * picks the day. Sold For is a unit price unless Sold For + the rest
 * equals Total Price. Footer lines ("N record(s) downloaded", "Seller ID
 * :") and padding rows of commas are skipped; a cell starting with '=' is
 * a spreadsheet formula someone added, reported and not imported.
 */
#include "parse_ebay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"

/* ---- column names: English, then eBay.de (from third-party notes,
 * unverified: see docs and tests/data/ebay/README.md) ---- */

static const char *const N_TDATE[] = { "Transaction creation date",
	"Erstellungsdatum der Transaktion", "Datum der Transaktionserstellung", NULL };
static const char *const N_TYPE[] = { "Type", "Typ", NULL };
static const char *const N_ORDERNO[] = { "Order number", "Bestellnummer", NULL };
static const char *const N_NET[] = { "Net amount", "Nettobetrag", NULL };
static const char *const N_PCUR[] = { "Payout currency", "Auszahlungsw\xc3\xa4hrung", NULL };
static const char *const N_PDATE[] = { "Payout date", "Auszahlungsdatum", NULL };
static const char *const N_PID[] = { "Payout ID", "Auszahlungs-ID", "Auszahlungsnummer", NULL };
static const char *const N_HOLD[] = { "Reason for hold",
	"Grund f\xc3\xbcr die Zur\xc3\xbc" "ckbehaltung", NULL };
static const char *const N_SKU[] = { "Custom label", "Benutzerdefiniertes Label",
	"Bestandseinheit", NULL };
static const char *const N_QTY[] = { "Quantity", "Anzahl", "Menge", NULL };
static const char *const N_SUBTOTAL[] = { "Item subtotal", "Zwischensumme Artikel",
	"Artikel-Zwischensumme", NULL };
static const char *const N_SHIP[] = { "Shipping and handling", "Verpackung und Versand",
	"Versand und Bearbeitung", NULL };
static const char *const N_STAX[] = { "Seller collected tax",
	"Vom Verk\xc3\xa4ufer erhobene Steuer", NULL };
static const char *const N_ETAX[] = { "eBay collected tax", "Von eBay erhobene Steuer",
	NULL };
static const char *const N_GROSS[] = { "Gross transaction amount", "Transaktionsbetrag",
	"Bruttobetrag der Transaktion", NULL };
static const char *const N_TCUR[] = { "Transaction currency", "Transaktionsw\xc3\xa4hrung",
	NULL };
static const char *const N_DESC[] = { "Description", "Beschreibung", NULL };
static const char *const N_RATE[] = { "Exchange rate", "Wechselkurs", NULL };
static const char *const N_CHARITY[] = { "Charity donation", "Spende", NULL };

/* orders report and File Exchange */
static const char *const N_SRN[] = { "Sales Record Number", NULL };
static const char *const N_OORDER[] = { "Order Number", "Order ID", NULL };
static const char *const N_OSKU[] = { "Custom Label", NULL };
static const char *const N_SOLDFOR[] = { "Sold For", "Sale Price", NULL };
static const char *const N_OSHIP[] = { "Shipping And Handling", "Postage And Packaging",
	"Postage and Handling", NULL };
static const char *const N_OSTAX[] = { "Seller Collected Tax", "Sales Tax", NULL };
static const char *const N_OETAX[] = { "eBay Collected Tax", NULL };
static const char *const N_OETAXINC[] = { "eBay Collected Tax and Fees Included in Total",
	NULL };
static const char *const N_INS[] = { "Insurance", NULL };
static const char *const N_TOTAL[] = { "Total Price", NULL };
static const char *const N_PAID[] = { "Paid On Date", "Paid on Date", NULL };
static const char *const N_SALE[] = { "Sale Date", NULL };
static const char *const N_OCUR[] = { "Currency", NULL };

/* Row types, localised -> the English names the mapping table uses. */
static const struct {
	const char *local, *canon;
} type_names[] = {
	{ "Order", "Order" }, { "Bestellung", "Order" },
	{ "Refund", "Refund" }, { "R\xc3\xbc" "ckerstattung", "Refund" },
	{ "Payout", "Payout" }, { "Auszahlung", "Payout" },
	{ "Shipping label", "Shipping label" }, { "Versandetikett", "Shipping label" },
	{ "Other fee", "Other fee" }, { "Andere Geb\xc3\xbchr", "Other fee" },
	{ "Sonstige Geb\xc3\xbchr", "Other fee" },
	{ "Claim", "Claim" }, { "Fall", "Claim" },
	{ "Payment dispute", "Payment dispute" }, { "Zahlungsstreitigkeit", "Payment dispute" },
	{ "Hold", "Hold" }, { "Zur\xc3\xbc" "ckbehaltung", "Hold" },
	{ "Transfer", "Transfer" }, { "\xc3\x9c" "berweisung", "Transfer" },
	{ "Charity donation", "Charity donation" },
};

#define MAX_FEES 24

struct tx_layout {
	int date, type, order, net, pcur, pdate, pid, hold, sku, qty;
	int subtotal, ship, stax, etax, gross, tcur, desc, charity, rate;
	int fee[MAX_FEES];
	char fee_name[MAX_FEES][80];
	int nfee;
	enum money_style style;
	enum mkt_dmy dmy;
};

/* a header converted to UTF-8 and split */
static int read_header(struct csvrec *hdr, struct buf *u8, const char *header,
		       size_t hlen, char *delim)
{
	buf_reset(u8);
	if (text_append_utf8(u8, header, hlen))
		return LL_ERROR;
	*delim = mkt_delim(u8->ptr, u8->len);
	return csvrec_parse(hdr, u8->ptr, u8->len, *delim);
}

/* 1 if the name (UTF-8) looks like a fee column */
static int fee_like(struct field f)
{
	static const char *const words[] = { "fee", "geb\xc3\xbchr", "provision", NULL };
	size_t i, k, n;

	for (k = 0; words[k]; k++) {
		n = strlen(words[k]);
		for (i = 0; i + n <= f.len; i++) {
			size_t j;

			for (j = 0; j < n; j++) {
				int a = (unsigned char)f.p[i + j];

				if (a >= 'A' && a <= 'Z')
					a += 'a' - 'A';
				if (a != (unsigned char)words[k][j])
					break;
			}
			if (j == n)
				return 1;
		}
	}
	return 0;
}

static int str_has(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

enum ebay_format ebay_detect(const char *line, size_t len)
{
	struct csvrec *r = csvrec_new();
	struct buf u8 = BUF_INIT(LINES_MAX_LEN * 4);
	enum ebay_format f = EBAY_NONE;
	char delim;

	if (!r)
		return EBAY_NONE;
	if (read_header(r, &u8, line, len, &delim) == 0) {
		if (mkt_col(r, N_TDATE) >= 0 ||
		    (mkt_col(r, N_NET) >= 0 && mkt_col(r, N_PID) >= 0 &&
		     mkt_col(r, N_TYPE) >= 0))
			f = EBAY_TRANSACTIONS;
		else if (mkt_col(r, N_SRN) >= 0 && mkt_col(r, N_TOTAL) >= 0 &&
			 mkt_col(r, N_SALE) >= 0)
			f = mkt_col(r, N_SOLDFOR) >= 0 &&
					    !str_has(buf_cstr(&u8), "Sale Price")
				    ? EBAY_ORDERS
				    : EBAY_FILE_EXCHANGE;
		else if (len >= 19 && r->nf >= 3 &&
			 text_ieq(text_trim(r->f[0]), "Order creation date") &&
			 text_ieq(text_trim(r->f[1]), "Order number"))
			f = EBAY_ORDER_EARNINGS;
	}
	buf_free(&u8);
	csvrec_delete(r);
	return f;
}

/* ---- shared ---- */

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	struct buf u8;
	long unpaid, unpaid_line;     /* rows not in a payout yet / not paid */
	long diffs, diff_line;        /* rows whose columns did not add up */
	long formula;
};

static const char *canon_type(struct ctx *c, struct field v, char *out, size_t outlen)
{
	size_t i;

	buf_reset(&c->u8);
	if (text_append_utf8(&c->u8, v.p, v.len))
		return "";
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (text_ieq((struct field){ c->u8.ptr, c->u8.len }, type_names[i].local))
			return type_names[i].canon;
	snprintf(out, outlen, "%.*s", (int)(c->u8.len < outlen - 1 ? c->u8.len : outlen - 1),
		 c->u8.ptr);
	return out;
}

static int add(struct ctx *c, struct deposit *d, struct mkt_ev *e, int64_t amount,
	       const char *atype, const char *adesc, enum event_kind kind)
{
	e->amount = amount;
	e->atype = atype;
	e->adesc = adesc;
	e->kind = kind;
	return mkt_add(&c->set, d, c->stats, e);
}

static int bad_amount(struct ctx *c, struct deposit *d, long line, const char *col,
		      struct field v)
{
	c->stats->bad_rows++;
	if (d)
		d->bad_rows++;
	return parse_reject(c->sink, c->path, line, "error", "bad-amount",
			  "'%.*s' in column '%s' is not an amount; the row is not imported",
			  (int)(v.len < 40 ? v.len : 40), v.p, col);
}

/* ---- transaction report ---- */

static void tx_layout(struct tx_layout *lo, const struct csvrec *h)
{
	int used[CSVREC_MAX_FIELDS] = { 0 };
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS;
	int *cols[] = { &lo->date, &lo->type, &lo->order, &lo->net, &lo->pcur, &lo->pdate,
			&lo->pid, &lo->hold, &lo->sku, &lo->qty, &lo->subtotal, &lo->ship,
			&lo->stax, &lo->etax, &lo->gross, &lo->tcur, &lo->desc, &lo->charity,
			&lo->rate };
	const char *const *names[] = { N_TDATE, N_TYPE, N_ORDERNO, N_NET, N_PCUR, N_PDATE,
				       N_PID, N_HOLD, N_SKU, N_QTY, N_SUBTOTAL, N_SHIP,
				       N_STAX, N_ETAX, N_GROSS, N_TCUR, N_DESC, N_CHARITY,
				       N_RATE };

	memset(lo, 0, sizeof(*lo));
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		*cols[i] = mkt_col(h, names[i]);
		if (*cols[i] >= 0)
			used[*cols[i]] = 1;
	}
	for (i = 0; i < n && lo->nfee < MAX_FEES; i++) {
		struct field f = text_trim(h->f[i]);

		if (used[i] || !fee_like(f))
			continue;
		lo->fee[lo->nfee] = (int)i;
		snprintf(lo->fee_name[lo->nfee], sizeof(lo->fee_name[0]), "%.*s",
			 (int)(f.len < 79 ? f.len : 79), f.p);
		lo->nfee++;
	}
	/* eBay.de writes German headers, decimal commas and day-first dates */
	lo->style = MONEY_DOT;
	lo->dmy = MKT_MDY;
	if (lo->type >= 0 && text_ieq(text_trim(h->f[lo->type]), "Typ")) {
		lo->style = MONEY_COMMA;
		lo->dmy = MKT_DMY;
	}
}

/*
 * The rate that takes a row's amounts from its transaction currency (texp
 * decimals) into the payout's (pexp), as *num / *den of minor units: the
 * Exchange rate column, read either way round, when it turns the row's net
 * in the transaction currency into its Net amount within 2% (eBay's
 * direction is unverified); else the rate the row implies (Net amount /
 * net in the transaction currency). 0, or 1 when neither is possible.
 */
static int fx_rate(struct field rate, enum money_style style, int texp, int pexp,
		   int64_t net_tx, int64_t netv, int64_t *num, int64_t *den)
{
	int64_t r8 = 0, p10 = 1, t10 = 1, conv;
	int k;

	for (k = 0; k < pexp; k++)
		p10 *= 10;
	for (k = 0; k < texp; k++)
		t10 *= 10;
	if (net_tx == 0)
		return 1;
	if (mkt_money(&r8, rate, 8, style) == 0 && r8 > 0 && r8 < INT64_C(1000000000000)) {
		int64_t tol = (netv < 0 ? -netv : netv) / 50 + 2;
		int64_t cand[2][2] = { { r8 * p10, INT64_C(100000000) * t10 },
				       { INT64_C(100000000) * p10, r8 * t10 } };

		for (k = 0; k < 2; k++)
			if (money_muldiv(&conv, net_tx, cand[k][0], cand[k][1]) == 0 &&
			    conv - netv <= tol && netv - conv <= tol) {
				*num = cand[k][0];
				*den = cand[k][1];
				return 0;
			}
	}
	*num = netv;
	*den = net_tx;
	return 0;
}

struct amt {
	int col;
	const char *atype, *adesc, *name;
	enum event_kind kind;
};

static int tx_row(struct ctx *c, const struct tx_layout *lo, const struct csvrec *r)
{
	char tbuf[96], cur[4] = "", pid[64], desc[128];
	const char *type;
	struct field v = mkt_cell(r, lo->type), net = mkt_cell(r, lo->net);
	struct deposit *d;
	struct ll_time t;
	struct mkt_ev e;
	int64_t amt, netv = 0, sum = 0;
	int has_net, refund, rc, i, parts = 0;
	long line = r->line;

	type = canon_type(c, v, tbuf, sizeof(tbuf));
	v = mkt_cell(r, lo->pid);
	if (v.len == 0 || (v.len == 2 && v.p[0] == '-' && v.p[1] == '-')) {
		if (!c->unpaid++)
			c->unpaid_line = line;
		return 0;
	}
	snprintf(pid, sizeof(pid), "%.*s", (int)(v.len < 63 ? v.len : 63), v.p);
	v = mkt_cell(r, lo->pcur);
	if (v.len == 0 || v.p[0] == '-')
		v = mkt_cell(r, lo->tcur);
	if (v.len == 3) {
		memcpy(cur, v.p, 3);
		cur[3] = '\0';
	} else if (!mkt_money_currency(net, cur)) {
		cur[0] = '\0';
	}
	if (!currency_valid(cur)) {
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "payout %s: no payout currency on this row; not imported", pid);
	}
	d = mkt_get(&c->set, pid, cur);
	if (!d)
		return LL_ERROR;
	if (strcmp(d->currency, cur)) {
		c->stats->bad_rows++;
		d->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "payout %s is in %s, this row in %s; not imported", pid,
				  d->currency, cur);
	}
	rc = mkt_money(&netv, net, d->exponent, lo->style);
	if (rc < 0)
		return bad_amount(c, d, line, "Net amount", net);
	has_net = rc == 0;

	if (!strcmp(type, "Payout")) {
		if (d->has_header) {
			c->stats->bad_rows++;
			d->bad_rows++;
			return parse_reject(c->sink, c->path, line, "error", "second-payout",
					  "a second Payout row for payout %s (first on line %u)",
					  pid, d->header_line);
		}
		if (!has_net)
			return bad_amount(c, d, line, "Net amount", net);
		v = mkt_cell(r, lo->pdate);
		if (mkt_date(&t, v.p, v.len, lo->dmy)) {
			v = mkt_cell(r, lo->date);
			if (mkt_date(&t, v.p, v.len, lo->dmy)) {
				c->stats->bad_rows++;
				d->bad_rows++;
				return parse_reject(c->sink, c->path, line, "error", "bad-date",
						  "payout %s: no payout date; not imported", pid);
			}
		}
		date_ymd(&t, d->deposit_date);
		d->total = netv;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
		return 0;
	}

	memset(&e, 0, sizeof(e));
	e.line = line;
	e.ttype = type;
	e.order = mkt_cell(r, lo->order);
	if (e.order.len == 2 && e.order.p[0] == '-')
		e.order.len = 0;
	e.sku = mkt_cell(r, lo->sku);
	if (e.sku.len == 2 && e.sku.p[0] == '-')
		e.sku.len = 0;
	v = mkt_cell(r, lo->qty);
	if (v.len && mkt_money(&amt, v, 0, MONEY_DOT) == 0 && amt > -100000 && amt < 100000)
		e.quantity = (int32_t)amt;
	v = mkt_cell(r, lo->date);
	if (mkt_date(&t, v.p, v.len, lo->dmy)) {
		c->stats->bad_rows++;
		d->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-date",
				  "'%.*s' is not a transaction date; the row is not imported",
				  (int)(v.len < 40 ? v.len : 40), v.p);
	}
	e.days = parse_days(c->sink, c->stats, &t);

	refund = !strcmp(type, "Refund") || !strcmp(type, "Claim") ||
		 !strcmp(type, "Payment dispute");
	if (refund || !strcmp(type, "Order")) {
		struct amt a[] = {
			{ lo->subtotal, "ItemPrice", "Principal", "Item subtotal",
			  refund ? EV_REFUND : EV_SALE },
			{ lo->ship, "ItemPrice", "Shipping", "Shipping and handling",
			  refund ? EV_REFUND : EV_SALE },
			{ lo->stax, "ItemPrice", "Tax", "Seller collected tax",
			  refund ? EV_REFUND : EV_TAX },
			{ lo->charity, "Charity", "Charity donation", "Charity donation", EV_OTHER },
		};
		int64_t vals[4 + MAX_FEES + 1];
		int have[4 + MAX_FEES + 1];
		int64_t etax = 0, rnum = 1, rden = 1;
		int has_etax = 0, ex = d->exponent, foreign = 0;
		struct field tc = mkt_cell(r, lo->tcur);

		/* a row in another currency than the payout: its amounts are in
		 * the transaction currency, only Net is in the payout's */
		if (tc.len == 3 && lo->pcur >= 0 && memcmp(tc.p, d->currency, 3) != 0 &&
		    has_net) {
			char tcur[4];

			memcpy(tcur, tc.p, 3);
			tcur[3] = '\0';
			ex = currency_exponent(tcur);
			foreign = 1;
		}
		for (i = 0; i < 4; i++) {
			v = mkt_cell(r, a[i].col);
			rc = mkt_money(&vals[i], v, ex, lo->style);
			if (rc < 0)
				return bad_amount(c, d, line, a[i].name, v);
			have[i] = rc == 0 && vals[i] != 0;
		}
		for (i = 0; i < lo->nfee; i++) {
			v = mkt_cell(r, lo->fee[i]);
			rc = mkt_money(&vals[4 + i], v, ex, lo->style);
			if (rc < 0)
				return bad_amount(c, d, line, lo->fee_name[i], v);
			have[4 + i] = rc == 0 && vals[4 + i] != 0;
		}
		v = mkt_cell(r, lo->etax);
		rc = mkt_money(&etax, v, ex, lo->style);
		if (rc < 0)
			return bad_amount(c, d, line, "eBay collected tax", v);
		has_etax = rc == 0 && etax != 0;
		if (foreign) {
			/* each amount converted into the payout currency, rounded
			 * half away from zero; what the rounding and eBay's rate
			 * leave against Net goes to an exchange difference line */
			int64_t net_tx = 0;

			for (i = 0; i < 4 + lo->nfee; i++)
				if (have[i])
					net_tx = money_add(net_tx, vals[i]);
			if (fx_rate(mkt_cell(r, lo->rate), lo->style, ex, d->exponent, net_tx,
				    netv, &rnum, &rden)) {
				snprintf(desc, sizeof(desc), "Net converted from %.3s", tc.p);
				return add(c, d, &e, netv, "ItemPrice", desc,
					   refund ? EV_REFUND : EV_SALE);
			}
			for (i = 0; i < 4 + lo->nfee; i++)
				if (have[i] && money_muldiv(&vals[i], vals[i], rnum, rden))
					return bad_amount(c, d, line, "Exchange rate",
							  mkt_cell(r, lo->rate));
			if (has_etax && money_muldiv(&etax, etax, rnum, rden))
				return bad_amount(c, d, line, "Exchange rate", mkt_cell(r, lo->rate));
		}
		for (i = 0; i < 4; i++) {
			if (!have[i])
				continue;
			if (add(c, d, &e, vals[i], a[i].atype, a[i].adesc, a[i].kind))
				return LL_ERROR;
			sum = money_add(sum, vals[i]);
			parts++;
		}
		for (i = 0; i < lo->nfee; i++) {
			if (!have[4 + i])
				continue;
			if (add(c, d, &e, vals[4 + i], "Fees", lo->fee_name[i], EV_FEE))
				return LL_ERROR;
			sum = money_add(sum, vals[4 + i]);
			parts++;
		}
		if (has_etax) {
			/* paid by the buyer, kept and remitted by eBay: in and out */
			if (add(c, d, &e, etax, "ItemPrice", "eBay collected tax",
				refund ? EV_REFUND : EV_TAX) ||
			    add(c, d, &e, -etax, "ItemWithheldTax", "eBay collected tax",
				EV_WITHHELD_TAX))
				return LL_ERROR;
			parts++;
		}
		if (!has_net)
			return 0;
		if (foreign && sum != netv && parts) {
			snprintf(desc, sizeof(desc), "Exchange difference (%.3s)", tc.p);
			return add(c, d, &e, money_sub(netv, sum), "Exchange", desc, EV_OTHER);
		}
		if (sum != netv) {
			/* columns left out of the report, or ones we do not know */
			if (parts) {
				char a1[32], a2[32];

				if (!c->diffs++)
					c->diff_line = line;
				if (c->diffs <= 20)
					parse_reject(c->sink, c->path, line, "warning", "net-difference",
						   "payout %s: the amount columns of this %s row add "
						   "up to %s, its Net amount is %s; the difference is "
						   "imported as 'Difference to net amount'", pid, type,
						   money_format(a1, sizeof(a1), sum, d->exponent),
						   money_format(a2, sizeof(a2), netv, d->exponent));
			}
			return add(c, d, &e, money_sub(netv, sum), "ItemPrice",
				   parts ? "Difference to net amount" : "Net amount",
				   refund ? EV_REFUND : EV_SALE);
		}
		return 0;
	}

	/* any other row: its Net amount, typed by the row type */
	if (!has_net) {
		v = mkt_cell(r, lo->gross);
		rc = mkt_money(&netv, v, d->exponent, lo->style);
		if (rc < 0)
			return bad_amount(c, d, line, "Gross transaction amount", v);
		if (rc == 1)
			return 0; /* a row with no money */
	}
	v = mkt_cell(r, !strcmp(type, "Hold") ? lo->hold : lo->desc);
	if (v.len == 2 && v.p[0] == '-')
		v.len = 0;
	buf_reset(&c->u8);
	if (text_append_utf8(&c->u8, v.p, v.len))
		return LL_ERROR;
	snprintf(desc, sizeof(desc), "%.*s", (int)(c->u8.len < 120 ? c->u8.len : 120),
		 c->u8.ptr);
	{
		enum event_kind k = EV_OTHER;

		if (!strcmp(type, "Hold"))
			k = EV_RESERVE;
		else if (!strcmp(type, "Transfer"))
			k = EV_BALANCE;
		else if (str_has(type, "fee") || str_has(type, "label"))
			k = EV_FEE;
		return add(c, d, &e, netv, type, desc, k);
	}
}

static int keep_payout(const struct deposit *d)
{
	return d->has_header;
}

static int tx_finish(struct ctx *c)
{
	size_t i, k;

	for (i = 0; i < c->set.n; i++) {
		struct deposit *d = c->set.d[i];
		int64_t sum = 0, lo = 0, hi = 0;

		for (k = 0; k < d->nev; k++) {
			sum = money_add(sum, d->ev[k].amount);
			if (!lo || d->ev[k].posted_days < lo)
				lo = d->ev[k].posted_days;
			if (d->ev[k].posted_days > hi)
				hi = d->ev[k].posted_days;
		}
		if (!d->has_header) {
			parse_reject(c->sink, c->path, 0, "warning", "no-payout-row",
				   "payout %s: its Payout row is not in this file (the payout "
				   "is dated after the report's end); its %zu amounts are not "
				   "imported: export a range that covers the payout date", d->id,
				   d->nev);
			continue;
		}
		if (sum != d->total && sum == -d->total)
			d->total = -d->total; /* the other sign convention */
		if (lo) {
			date_days_ymd(lo, d->start_date);
			date_days_ymd(hi, d->end_date);
		} else {
			memcpy(d->start_date, d->deposit_date, 11);
			memcpy(d->end_date, d->deposit_date, 11);
		}
		for (k = 0; k < d->nev; k++)
			if (!d->ev[k].posted_days)
				date_parse_ymd(&d->ev[k].posted_days, d->deposit_date);
	}
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid-out",
			   "%ld row(s) have no Payout ID (not paid out yet, first on line "
			   "%ld): not imported; a later report has them in their payout",
			   c->unpaid, c->unpaid_line);
	return mkt_deliver(&c->set, c->sink, c->stats, keep_payout);
}

static int parse_common(struct lines *l, const char *path, const char *header,
			size_t hlen, const struct parse_sink *sink,
			struct parse_stats *stats, struct ll_err *err, int orders);

int ebay_parse_transactions(struct lines *l, const char *path, const char *header,
			    size_t hlen, const struct parse_sink *sink,
			    struct parse_stats *stats, struct ll_err *err)
{
	return parse_common(l, path, header, hlen, sink, stats, err, 0);
}

int ebay_parse_orders(struct lines *l, const char *path, const char *header,
		      size_t hlen, const struct parse_sink *sink,
		      struct parse_stats *stats, struct ll_err *err)
{
	return parse_common(l, path, header, hlen, sink, stats, err, 1);
}

/* ---- orders report / File Exchange ---- */

struct ord_layout {
	int srn, order, sku, qty, soldfor, ship, stax, etax, etaxinc, ins, total, paid,
		sale, cur;
};

static void ord_layout(struct ord_layout *lo, const struct csvrec *h)
{
	lo->srn = mkt_col(h, N_SRN);
	lo->order = mkt_col(h, N_OORDER);
	lo->sku = mkt_col(h, N_OSKU);
	lo->qty = mkt_col(h, N_QTY);
	lo->soldfor = mkt_col(h, N_SOLDFOR);
	lo->ship = mkt_col(h, N_OSHIP);
	lo->stax = mkt_col(h, N_OSTAX);
	lo->etax = mkt_col(h, N_OETAX);
	lo->etaxinc = mkt_col(h, N_OETAXINC);
	lo->ins = mkt_col(h, N_INS);
	lo->total = mkt_col(h, N_TOTAL);
	lo->paid = mkt_col(h, N_PAID);
	lo->sale = mkt_col(h, N_SALE);
	lo->cur = mkt_col(h, N_OCUR);
}

static int footer_line(const struct csvrec *r)
{
	struct field f = mkt_cell(r, 0);
	size_t i;

	if (f.len >= 9 && text_ieq((struct field){ f.p, 9 }, "Seller ID"))
		return 1;
	for (i = 0; i + 20 <= f.len; i++)
		if (text_ieq((struct field){ f.p + i, 20 }, "record(s) downloaded"))
			return 1;
	return 0;
}

static int ord_row(struct ctx *c, const struct ord_layout *lo, const struct csvrec *r)
{
	struct field v, tot = mkt_cell(r, lo->total), sold = mkt_cell(r, lo->soldfor);
	char cur[4] = "", id[64], day[11];
	struct ll_time t;
	struct deposit *d;
	struct mkt_ev e;
	int64_t qty = 1, soldv = 0, total = 0, vals[4], etax = 0, sum;
	int rc, has_total, has_sold, i, has_etax, etax_in;
	long line = r->line;
	static const char *const names[4] = { "Shipping And Handling", "Seller Collected Tax",
					      "Insurance", "eBay Collected Tax" };
	static const char *const descs[3] = { "Shipping", "Tax", "Insurance" };
	int cols[4];

	cols[0] = lo->ship;
	cols[1] = lo->stax;
	cols[2] = lo->ins;
	cols[3] = lo->etax;
	/* currency: a Currency column, else the symbol on the amounts */
	v = mkt_cell(r, lo->cur);
	if (v.len == 3) {
		memcpy(cur, v.p, 3);
		cur[3] = '\0';
	} else if (!mkt_money_currency(tot, cur) && !mkt_money_currency(sold, cur)) {
		cur[0] = '\0';
	}
	v = mkt_cell(r, lo->paid);
	if (lo->paid < 0 || v.len == 0)
		v = mkt_cell(r, lo->sale);
	if (v.len == 0) {
		if (!c->unpaid++)
			c->unpaid_line = line;
		return 0;
	}
	if (mkt_date(&t, v.p, v.len, MKT_MDY)) {
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-date",
				  "'%.*s' is not a date; the row is not imported",
				  (int)(v.len < 40 ? v.len : 40), v.p);
	}
	if (!currency_valid(cur)) {
		c->stats->bad_rows++;
		return parse_reject(c->sink, c->path, line, "error", "bad-currency",
				  "no currency symbol on Total Price '%.*s'; the row is not "
				  "imported", (int)(tot.len < 40 ? tot.len : 40), tot.p);
	}
	date_ymd(&t, day);
	snprintf(id, sizeof(id), "%s %s", day, cur);
	d = mkt_get(&c->set, id, cur);
	if (!d)
		return LL_ERROR;
	if (!d->has_header) {
		memcpy(d->start_date, day, 11);
		memcpy(d->end_date, day, 11);
		memcpy(d->deposit_date, day, 11);
		/* a day's sales, not a payout: paid into the clearing account,
		 * moved to the bank by the transaction report's payouts */
		d->day_summary = 1;
		d->has_header = 1;
		d->header_line = (uint32_t)line;
	}
	rc = mkt_money(&total, tot, d->exponent, MONEY_DOT);
	if (rc < 0)
		return bad_amount(c, d, line, "Total Price", tot);
	has_total = rc == 0;
	rc = mkt_money(&soldv, sold, d->exponent, MONEY_DOT);
	if (rc < 0)
		return bad_amount(c, d, line, lo->soldfor >= 0 ? "Sold For" : "Sale Price", sold);
	has_sold = rc == 0;
	v = mkt_cell(r, lo->qty);
	if (v.len && (mkt_money(&qty, v, 0, MONEY_DOT) != 0 || qty < 0 || qty > 100000))
		return bad_amount(c, d, line, "Quantity", v);
	for (i = 0; i < 4; i++) {
		v = mkt_cell(r, cols[i]);
		rc = mkt_money(&vals[i], v, d->exponent, MONEY_DOT);
		if (rc < 0)
			return bad_amount(c, d, line, names[i], v);
		if (rc)
			vals[i] = 0;
	}
	etax = vals[3];
	has_etax = etax != 0;
	v = mkt_cell(r, lo->etaxinc);
	etax_in = has_etax && !(v.len && (text_ieq(v, "No") || text_ieq(v, "Nein")));
	sum = vals[0] + vals[1] + vals[2] + (etax_in ? etax : 0);
	/* Sold For is the unit price, unless it already is the line */
	if (has_sold && qty > 1 && !(has_total && soldv + sum == total))
		soldv *= qty;
	if (has_sold)
		sum = money_add(sum, soldv);

	memset(&e, 0, sizeof(e));
	e.line = line;
	e.days = parse_days(c->sink, c->stats, &t);
	e.ttype = "Order";
	e.order = mkt_cell(r, lo->order);
	if (e.order.len == 0)
		e.order = mkt_cell(r, lo->srn);
	e.sku = mkt_cell(r, lo->sku);
	e.quantity = (int32_t)qty;
	if (has_sold && soldv &&
	    add(c, d, &e, soldv, "ItemPrice", "Principal", EV_SALE))
		return LL_ERROR;
	for (i = 0; i < 3; i++)
		if (vals[i] && add(c, d, &e, vals[i], "ItemPrice", descs[i],
				   i == 1 ? EV_TAX : EV_SALE))
			return LL_ERROR;
	if (etax_in && (add(c, d, &e, etax, "ItemPrice", "eBay collected tax", EV_TAX) ||
			add(c, d, &e, -etax, "ItemWithheldTax", "eBay collected tax",
			    EV_WITHHELD_TAX)))
		return LL_ERROR;
	if (has_total && sum != total) {
		char a1[32], a2[32];

		if (!c->diffs++)
			c->diff_line = line;
		if (c->diffs <= 20)
			parse_reject(c->sink, c->path, line, "warning", "total-difference",
				   "the amounts of this row add up to %s, its Total Price is "
				   "%s; the difference is imported as 'Difference to total price'",
				   money_format(a1, sizeof(a1), sum, d->exponent),
				   money_format(a2, sizeof(a2), total, d->exponent));
		if (add(c, d, &e, money_sub(total, sum), "ItemPrice", "Difference to total price",
			EV_SALE))
			return LL_ERROR;
	}
	return 0;
}

static int keep_day(const struct deposit *d)
{
	return d->nev > 0 || d->bad_rows > 0;
}

static int ord_finish(struct ctx *c)
{
	/* a day summary's total is what its rows add up to */
	mkt_set_total_from_events(&c->set);
	if (c->unpaid)
		parse_reject(c->sink, c->path, c->unpaid_line, "warning", "not-paid",
			   "%ld row(s) have no paid or sale date (first on line %ld): not "
			   "imported", c->unpaid, c->unpaid_line);
	return mkt_deliver(&c->set, c->sink, c->stats, keep_day);
}

static int formula_row(const struct csvrec *r)
{
	size_t i;

	for (i = 0; i < r->nf && i < CSVREC_MAX_FIELDS; i++) {
		struct field f = text_trim(r->f[i]);

		if (f.len > 1 && f.p[0] == '=' && !r->quoted[i])
			return (int)i + 1;
	}
	return 0;
}

static int parse_common(struct lines *l, const char *path, const char *header,
			size_t hlen, const struct parse_sink *sink,
			struct parse_stats *stats, struct ll_err *err, int orders)
{
	struct ctx c;
	struct csvrec *h = NULL, *r = NULL;
	struct tx_layout tlo;
	struct ord_layout olo;
	char delim = ',';
	int rc = 0, fcol;

	memset(&c, 0, sizeof(c));
	memset(&tlo, 0, sizeof(tlo));
	memset(&olo, 0, sizeof(olo));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	mkt_set_init(&c.set, "ebay", path);
	buf_init(&c.u8, LINES_MAX_LEN * 4);
	h = csvrec_new();
	r = csvrec_new();
	if (!h || !r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	{
		struct buf hb = BUF_INIT(LINES_MAX_LEN * 4);

		rc = read_header(h, &hb, header, hlen, &delim);
		if (rc == 0) {
			if (orders)
				ord_layout(&olo, h);
			else
				tx_layout(&tlo, h);
		}
		buf_free(&hb);
		if (rc) {
			rc = ll_err_set(err, LL_EPARSE, path, l->lineno, "unreadable header");
			goto done;
		}
	}
	if (orders ? (olo.total < 0 && olo.soldfor < 0) : (tlo.pid < 0 || tlo.type < 0)) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: %s",
				orders ? "no Total Price or Sold For column"
				       : "no Payout ID or Type column (add them to the report's "
					 "columns)");
		goto done;
	}
	while ((rc = csvrec_next(r, l, delim, err)) == 1) {
		if (csvrec_blank(r))
			continue; /* padding row of commas */
		if (orders && footer_line(r))
			continue;
		stats->rows++;
		if ((fcol = formula_row(r))) {
			c.formula++;
			parse_reject(sink, path, r->line, "warning", "formula",
				   "a spreadsheet formula ('%.*s' in column %d), not eBay data: "
				   "row not imported", (int)(r->f[fcol - 1].len < 40 ? r->f[fcol - 1].len : 40),
				   r->f[fcol - 1].p, fcol);
			continue;
		}
		rc = orders ? ord_row(&c, &olo, r) : tx_row(&c, &tlo, r);
		if (rc < 0) {
			ll_err_set(err, LL_ERROR, path, r->line, "out of memory");
			goto done;
		}
	}
	if (rc < 0)
		goto done; /* read error: deliver nothing */
	if (c.diffs > 20)
		parse_reject(sink, path, c.diff_line, "warning", "net-difference",
			   "%ld rows in all whose amount columns do not add up (first on "
			   "line %ld); only the first 20 are listed", c.diffs, c.diff_line);
	rc = orders ? ord_finish(&c) : tx_finish(&c);
done:
	mkt_set_free(&c.set);
	buf_free(&c.u8);
	csvrec_delete(h);
	csvrec_delete(r);
	return rc;
}
