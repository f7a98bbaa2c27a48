/*
 * parse_paypal.c - PayPal activity downloads and statements (parse_paypal.h).
 *
 * Reading: csvrec with columns by name (header cells may be separated by
 * ", ", end in a trailing comma, or carry a trailing space as "Fee " does;
 * mkt_col trims them). Spanish and German headers switch to decimal
 * commas. Every row is kept (struct pp_row, a few hundred bytes) because
 * rows are not in time order: dates are read once the whole file has
 * shown whether it writes day or month first, then rows are sorted by
 * their UTC instant (zone names and US/EU daylight rules from parse_mkt)
 * and walked per currency.
 *
 * Deposits: each transfer to the bank closes one. Its amounts are, for
 * every row since the previous transfer, the Gross (typed by the row:
 * Payment, Refund, Currency conversion, Hold, ...) and the Fee; the
 * transfer's own fee; "Balance carried in" (the balance before the first
 * row) and "Balance carried out" (minus the balance after the transfer).
 * Their sum is minus the transfer's Gross when the Balance column agrees
 * with the rows; without a Balance column only a balance that returns to
 * zero ties. Skipped rows (Denied, Canceled, Failed, Removed) do not move
 * the balance.
 *
 * A currency that is never withdrawn (EUR payments into a USD account)
 * reaches the bank through currency conversions: a pair of conversion rows,
 * one in each currency, linked by Reference Txn ID. Its rows up to each
 * conversion into a withdrawn currency (the EUR payments, fees, refunds,
 * the EUR balance carried in and left behind) join the deposit that holds
 * the conversion's other row, converted at the pair's rate (received /
 * paid, exact integer arithmetic, each line rounded half away from zero),
 * in place of that row; what the rounded lines miss of the amount
 * received is an "Exchange difference" line, so the deposit still ties to
 * the cent. The EUR rows must add up to the amount converted (else the
 * conversion stays one line and the rows are reported). Rows after the
 * last conversion, and currencies neither converted nor withdrawn, are
 * reported as before (no-transfer).
 */
#include "parse_paypal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_mkt.h"
#include "util/tz.h"

#define PP_MAX_ROWS 4000000

static const char *const P_DATE[] = { "Date", "Fecha", "Datum", NULL };
static const char *const P_TIME[] = { "Time", "Hora", "Uhrzeit", NULL };
static const char *const P_ZONE[] = { "Time Zone", "TimeZone", "Zona horaria", "Zeitzone",
	NULL };
static const char *const P_TYPE[] = { "Type", "Tipo", "Typ", NULL };
static const char *const P_DESC[] = { "Description", "Descripci\xc3\xb3n", "Beschreibung",
	NULL };
static const char *const P_STATUS[] = { "Status", "Estado", NULL };
static const char *const P_CUR[] = { "Currency", "Divisa", "Moneda", "W\xc3\xa4hrung", NULL };
static const char *const P_GROSS[] = { "Gross", "Bruto", "Brutto", "Amount", NULL };
static const char *const P_FEE[] = { "Fee", "Comisi\xc3\xb3n", "Entgelt", "Geb\xc3\xbchr",
	NULL };
static const char *const P_NET[] = { "Net", "Neto", "Netto", NULL };
static const char *const P_BAL[] = { "Balance", "Saldo", "Guthaben", NULL };
static const char *const P_TXID[] = { "Transaction ID", "Id. de transacci\xc3\xb3n",
	"Transaktionscode", NULL };
static const char *const P_REF[] = { "Reference Txn ID", "Id. de referencia de trans.",
	"Zugeh\xc3\xb6riger Transaktionscode", NULL };
static const char *const P_INV[] = { "Invoice Number", "Invoice ID", "Id. de factura",
	"Rechnungsnummer", NULL };

struct pp_row {
	int64_t utc;          /* seconds, for ordering */
	int64_t days;         /* local date as written */
	int64_t local;        /* its date in the organisation's zone (days when none,
			       * or when the row's zone is not known) */
	int64_t gross, fee, net, balance;
	long line;
	uint32_t seq;         /* file order */
	char cur[4];
	char type[72];
	char txid[32];
	char ref[32];             /* Reference Txn ID: pairs conversion rows */
	char inv[40];
	uint32_t fx;              /* a conversion row replaced by the converted
				   * rows of another currency: index + 1 in
				   * ctx.fx */
	char date[24], time[16], zone[32];
	unsigned has_bal : 1, bad : 1, skip : 1, withdrawal : 1, has_net : 1;
};

struct pp_layout {
	int date, time, zone, type, status, cur, gross, fee, net, bal, txid, ref, inv;
	enum money_style style;
	int localised;
};

static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w), i, k;
	int w0 = (unsigned char)w[0], W0 = w0 >= 'a' && w0 <= 'z' ? w0 - 'a' + 'A' : w0;

	for (i = 0; s[i]; i++) {
		if (n && (unsigned char)s[i] != w0 && (unsigned char)s[i] != W0)
			continue; /* cannot start here */
		for (k = 0; k < n && s[i + k]; k++) {
			int a = (unsigned char)s[i + k];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (a != (unsigned char)w[k])
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

enum paypal_format paypal_detect(const char *line, size_t len)
{
	struct csvrec *r;
	struct buf u8 = BUF_INIT(LINES_MAX_LEN * 4);
	enum paypal_format f = PAYPAL_NONE;

	if (!memchr(line, ',', len) && !memchr(line, ';', len) && !memchr(line, '\t', len))
		return PAYPAL_NONE;
	r = csvrec_new();
	if (!r)
		return PAYPAL_NONE;
	if (text_append_utf8(&u8, line, len) == 0 &&
	    csvrec_parse(r, u8.ptr, u8.len, mkt_delim(u8.ptr, u8.len)) == 0 &&
	    mkt_col(r, P_DATE) >= 0 && mkt_col(r, P_ZONE) >= 0 &&
	    mkt_col(r, P_GROSS) >= 0 && (mkt_col(r, P_BAL) >= 0 || mkt_col(r, P_NET) >= 0)) {
		if (mkt_col(r, P_TYPE) >= 0)
			f = PAYPAL_ACTIVITY;
		else if (mkt_col(r, P_DESC) >= 0)
			f = PAYPAL_STATEMENT;
	}
	buf_free(&u8);
	csvrec_delete(r);
	return f;
}

/* the rows [a, j] of a currency never withdrawn, converted by row j; they
 * replace the other row of the pair in a withdrawn currency's deposit */
struct fx_seg {
	size_t a, j;
	int64_t open, close;  /* balance carried in, left after the conversion */
	int64_t paid;         /* their sum in their currency (= -gross of j) */
};

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	struct pp_row *rows;
	size_t n, cap;
	struct fx_seg *fx;
	size_t nfx, fxcap;
	/* zone names of the Time Zone column opened from the zoneinfo (with
	 * an organisation's zone only), and those that could not be */
	struct tz *zones[8];
	char znames[8][32];
	size_t nzones;
};

/* The zoneinfo zone a Time Zone cell names ("America/Los_Angeles",
 * "Europe/Berlin"), cached per file; NULL for an abbreviation or a name
 * the zoneinfo lacks (the built-in table then decides). */
static struct tz *column_zone(struct ctx *c, const char *name)
{
	struct ll_err err = LL_ERR_INIT;
	struct tz *z = NULL;
	size_t i;

	if (!c->sink->tz || !strchr(name, '/'))
		return NULL;
	for (i = 0; i < c->nzones; i++)
		if (!strcmp(c->znames[i], name))
			return c->zones[i]; /* NULL: not in the zoneinfo */
	if (tz_open(&z, name, &err))
		z = NULL;
	if (c->nzones < sizeof(c->zones) / sizeof(c->zones[0])) {
		snprintf(c->znames[c->nzones], sizeof(c->znames[0]), "%s", name);
		c->zones[c->nzones++] = z;
	} else if (z) {
		tz_free(z); /* more zones than any real file: the table decides */
		z = NULL;
	}
	return z;
}

static void copy_cell(char *out, size_t outlen, struct buf *tmp, struct field v)
{
	buf_reset(tmp);
	if (text_append_utf8(tmp, v.p, v.len)) {
		out[0] = '\0';
		return;
	}
	{
		/* as snprintf "%.*s": at most outlen - 1 bytes, up to a NUL */
		size_t n = tmp->len < outlen - 1 ? tmp->len : outlen - 1;
		const char *nul = n ? memchr(tmp->ptr, '\0', n) : NULL;

		if (nul)
			n = (size_t)(nul - tmp->ptr);
		if (n)
			memcpy(out, tmp->ptr, n);
		out[n] = '\0';
	}
}

static int is_withdrawal(const char *type)
{
	return has_word(type, "withdraw") || has_word(type, "transfer to bank") ||
	       has_word(type, "retirada") || has_word(type, "retiro") ||
	       has_word(type, "abbuchung") || has_word(type, "bankkonto") ||
	       has_word(type, "cuenta bancaria");
}

static int skipped_status(struct field st)
{
	static const char *const s[] = { "Denied", "Canceled", "Cancelled", "Failed",
					 "Removed", "Unclaimed", "Expired", NULL };
	int i;

	for (i = 0; s[i]; i++)
		if (text_ieq(st, s[i]))
			return 1;
	return 0;
}

static int read_row(struct ctx *c, const struct pp_layout *lo, const struct csvrec *r,
		    struct buf *tmp)
{
	struct pp_row *p;
	struct field v;
	int rc, e;

	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 1024;
		struct pp_row *nr;

		if (c->n >= PP_MAX_ROWS)
			return LL_EPARSE;
		nr = realloc(c->rows, nc * sizeof(*nr));
		if (!nr)
			return LL_ERROR;
		c->rows = nr;
		c->cap = nc;
	}
	p = &c->rows[c->n];
	memset(p, 0, sizeof(*p));
	p->line = r->line;
	p->seq = (uint32_t)c->n;
	copy_cell(p->type, sizeof(p->type), tmp, mkt_cell(r, lo->type));
	copy_cell(p->txid, sizeof(p->txid), tmp, mkt_cell(r, lo->txid));
	copy_cell(p->ref, sizeof(p->ref), tmp, mkt_cell(r, lo->ref));
	copy_cell(p->inv, sizeof(p->inv), tmp, mkt_cell(r, lo->inv));
	copy_cell(p->date, sizeof(p->date), tmp, mkt_cell(r, lo->date));
	copy_cell(p->time, sizeof(p->time), tmp, mkt_cell(r, lo->time));
	copy_cell(p->zone, sizeof(p->zone), tmp, mkt_cell(r, lo->zone));
	v = mkt_cell(r, lo->cur);
	c->n++;
	if (v.len != 3) {
		p->bad = 1;
		return parse_reject(c->sink, c->path, r->line, "error", "bad-currency",
				  "currency '%.*s' is not an ISO code; the row is not imported",
				  (int)(v.len < 20 ? v.len : 20), v.p);
	}
	memcpy(p->cur, v.p, 3);
	if (!currency_valid(p->cur)) {
		p->bad = 1;
		return parse_reject(c->sink, c->path, r->line, "error", "bad-currency",
				  "currency '%s' is not an ISO code; the row is not imported",
				  p->cur);
	}
	if (skipped_status(mkt_cell(r, lo->status))) {
		p->skip = 1;
		return 0;
	}
	e = currency_exponent(p->cur);
	{
		int cols[4] = { lo->gross, lo->fee, lo->net, lo->bal };
		int64_t *outs[4] = { &p->gross, &p->fee, &p->net, &p->balance };
		static const char *const names[4] = { "Gross", "Fee", "Net", "Balance" };
		int i;

		for (i = 0; i < 4; i++) {
			v = mkt_cell(r, cols[i]);
			rc = mkt_money(outs[i], v, e, lo->style);
			if (rc < 0) {
				p->bad = 1;
				return parse_reject(c->sink, c->path, r->line, "error", "bad-amount",
						  "'%.*s' in column '%s' is not an amount; the row "
						  "is not imported", (int)(v.len < 40 ? v.len : 40),
						  v.p, names[i]);
			}
			if (rc)
				*outs[i] = 0;
			if (i == 2)
				p->has_net = rc == 0;
			if (i == 3)
				p->has_bal = rc == 0;
		}
	}
	if (p->has_net && p->gross + p->fee != p->net) {
		char a[32], b[32], n[32];

		p->bad = 1;
		return parse_reject(c->sink, c->path, r->line, "error", "bad-net",
				  "Gross %s + Fee %s is not Net %s; the row is not imported",
				  money_format(a, sizeof(a), p->gross, e),
				  money_format(b, sizeof(b), p->fee, e),
				  money_format(n, sizeof(n), p->net, e));
	}
	if (!p->has_net)
		p->net = p->gross + p->fee;
	p->withdrawal = is_withdrawal(p->type) && p->gross < 0;
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct pp_row *x = a, *y = b;

	if (x->cur[0] != y->cur[0] || strcmp(x->cur, y->cur))
		return strcmp(x->cur, y->cur);
	if (x->utc != y->utc)
		return x->utc < y->utc ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static int date_rows(struct ctx *c, const struct pp_layout *lo)
{
	enum mkt_dmy order = lo->localised ? MKT_DMY : MKT_MDY;
	int dmy = 0, mdy = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		int o = mkt_date_order(c->rows[i].date, strlen(c->rows[i].date));

		dmy += o == MKT_DMY;
		mdy += o == MKT_MDY;
	}
	if (dmy && mdy)
		parse_reject(c->sink, c->path, 0, "warning", "date-order",
			   "%d dates are day-first and %d month-first; each is read as it "
			   "proves, ambiguous ones as %s", dmy, mdy,
			   dmy >= mdy ? "day-first" : "month-first");
	if (dmy > mdy)
		order = MKT_DMY;
	else if (mdy > dmy)
		order = MKT_MDY;
	for (i = 0; i < c->n; i++) {
		struct pp_row *p = &c->rows[i];
		struct ll_time t;
		char both[48];
		int known, off = 0;
		struct tz *zone;
		int64_t utc;

		if (p->skip)
			continue;
		snprintf(both, sizeof(both), "%s %s", p->date, p->time);
		if (mkt_date(&t, both, strlen(both), order) &&
		    mkt_date(&t, p->date, strlen(p->date), order)) {
			if (p->bad)
				continue; /* already reported */
			p->bad = 1;
			c->stats->bad_rows++;
			parse_reject(c->sink, c->path, p->line, "error", "bad-date",
				   "'%s' is not a date; the row is not imported", p->date);
			continue;
		}
		p->days = mkt_days(&t);
		zone = t.has_tz ? NULL : column_zone(c, p->zone);
		known = t.has_tz || zone ||
			mkt_zone_find(p->zone, strlen(p->zone), t.year, t.month, t.day,
				      &off) == 0;
		p->utc = p->days * 86400 + t.hour * 3600 + t.min * 60 + t.sec -
			 (t.has_tz ? t.tz_min : off) * 60;
		/* only an instant (a time and a known zone) moves to another day;
		 * a zoneinfo name gives the exact hour of its DST changes */
		utc = zone ? tz_wall_seconds(&t) - tz_offset_local(zone, tz_wall_seconds(&t))
			   : p->utc;
		p->local = known && t.has_time
				   ? parse_days_utc(c->sink, c->stats, utc, p->days)
				   : p->days;
	}
	return 0;
}

static const char *row_atype(const struct pp_row *p, enum event_kind *k)
{
	if (has_word(p->type, "conversion") || has_word(p->type, "conversi\xc3\xb3n") ||
	    has_word(p->type, "umrechnung")) {
		*k = EV_BALANCE;
		return "Currency conversion";
	}
	if (has_word(p->type, "hold") || has_word(p->type, "release") ||
	    has_word(p->type, "retenci") || has_word(p->type, "einbehalt")) {
		*k = EV_RESERVE;
		return "Hold";
	}
	if (has_word(p->type, "refund") || has_word(p->type, "reembolso") ||
	    has_word(p->type, "erstattung") || has_word(p->type, "reversal") ||
	    has_word(p->type, "chargeback")) {
		*k = EV_REFUND;
		return "Refund";
	}
	if (is_withdrawal(p->type)) {
		*k = EV_BALANCE;
		return "Transfer";
	}
	if (has_word(p->type, "fee")) {
		*k = EV_FEE;
		return "Fee";
	}
	*k = p->gross >= 0 ? EV_SALE : EV_OTHER;
	return p->gross >= 0 ? "Payment" : "Payment sent";
}

static int add(struct ctx *c, struct deposit *d, const struct pp_row *p, int64_t amount,
	       const char *atype, const char *adesc, enum event_kind k)
{
	struct mkt_ev e;

	memset(&e, 0, sizeof(e));
	e.amount = amount;
	e.days = p->local;
	e.line = p->line;
	e.kind = k;
	e.ttype = p->type;
	e.atype = atype;
	e.adesc = adesc;
	e.order = (struct field){ p->inv, strlen(p->inv) };
	return mkt_add(&c->set, d, c->stats, &e);
}

/* one converted line: amount (in the rows' currency) * received / paid */
static int add_fx(struct ctx *c, struct deposit *d, const struct pp_row *p,
		  const struct fx_seg *f, int64_t received, int64_t amount, const char *atype,
		  const char *adesc, enum event_kind k, int64_t *sum)
{
	int64_t v;

	if (!amount)
		return 0;
	if (money_muldiv(&v, amount, received, f->paid)) {
		d->bad_rows++;
		return parse_reject(c->sink, c->path, p->line, "error", "bad-amount",
				  "the %s amount converts to more than the largest amount; "
				  "not imported", p->cur);
	}
	*sum = money_add(*sum, v);
	return add(c, d, p, v, atype, adesc, k);
}

/*
 * The rows of segment f (another currency) in place of the conversion row
 * w of this deposit, converted at w's received / f's paid; the rounding
 * left over is one Exchange difference line, so they sum to w's gross.
 */
static int add_converted(struct ctx *c, struct deposit *d, const struct pp_row *w,
			 const struct fx_seg *f)
{
	const struct pp_row *J = &c->rows[f->j];
	int64_t sum = 0;
	char desc[16];
	size_t i;

	if (add_fx(c, d, &c->rows[f->a], f, w->gross, f->open, "Balance",
		   "Balance carried in", EV_BALANCE, &sum))
		return LL_ERROR;
	for (i = f->a; i < f->j; i++) {
		const struct pp_row *p = &c->rows[i];
		enum event_kind k;
		const char *at;

		if (p->skip)
			continue;
		at = row_atype(p, &k);
		if (add_fx(c, d, p, f, w->gross, p->gross, at, p->type, k, &sum) ||
		    add_fx(c, d, p, f, w->gross, p->fee, "Fee", p->type, EV_FEE, &sum))
			return LL_ERROR;
	}
	if (add_fx(c, d, J, f, w->gross, J->fee, "Fee", J->type, EV_FEE, &sum) ||
	    add_fx(c, d, J, f, w->gross, -f->close, "Balance", "Balance carried out",
		   EV_BALANCE, &sum))
		return LL_ERROR;
	snprintf(desc, sizeof(desc), "%s to %s", J->cur, w->cur);
	if (sum != w->gross &&
	    add(c, d, w, money_sub(w->gross, sum), "Exchange difference", desc, EV_OTHER))
		return LL_ERROR;
	return 0;
}

/* one deposit: rows [a, w) of one currency and the transfer w */
static int close_segment(struct ctx *c, size_t a, size_t w, int64_t open, int has_open)
{
	const struct pp_row *W = &c->rows[w], *first;
	struct deposit *d;
	size_t i;

	d = mkt_get(&c->set, W->txid[0] ? W->txid : "no-id", W->cur);
	if (!d)
		return LL_ERROR;
	if (d->nev || d->has_header) {
		d->bad_rows++;
		return parse_reject(c->sink, c->path, W->line, "error", "duplicate-id",
				  "transfer id %s appears twice in this file", W->txid);
	}
	d->total = -W->gross;
	d->has_header = 1;
	d->header_line = (uint32_t)W->line;
	date_days_ymd(W->days, d->deposit_date);
	memcpy(d->end_date, d->deposit_date, 11);
	first = W;
	for (i = a; i < w; i++)
		if (!c->rows[i].skip && !c->rows[i].bad && c->rows[i].days) {
			first = &c->rows[i];
			break;
		}
	date_days_ymd(first->days, d->start_date);
	if (has_open && open &&
	    add(c, d, first, open, "Balance", "Balance carried in", EV_BALANCE))
		return LL_ERROR;
	for (i = a; i < w; i++) {
		const struct pp_row *p = &c->rows[i];
		enum event_kind k;
		const char *at;

		if (p->skip)
			continue;
		if (p->bad) {
			d->bad_rows++;
			continue;
		}
		if (p->fx) {
			if (add_converted(c, d, p, &c->fx[p->fx - 1]))
				return LL_ERROR;
		} else {
			at = row_atype(p, &k);
			if (p->gross && add(c, d, p, p->gross, at, p->type, k))
				return LL_ERROR;
		}
		if (p->fee && add(c, d, p, p->fee, "Fee", p->type, EV_FEE))
			return LL_ERROR;
	}
	if (W->fee && add(c, d, W, W->fee, "Fee", W->type, EV_FEE))
		return LL_ERROR;
	if (W->has_bal && W->balance &&
	    add(c, d, W, -W->balance, "Balance", "Balance carried out", EV_BALANCE))
		return LL_ERROR;
	return 0;
}

static int is_conversion(const struct pp_row *p)
{
	enum event_kind k;

	return !p->skip && !p->bad && !strcmp(row_atype(p, &k), "Currency conversion");
}

/* 1 if cur has a transfer to the bank in this file */
/* The balance before rows[a..end) of one currency, from the first usable
 * row that states its Balance: 1 and *open, or 0 when none says. */
static int opening_balance(const struct ctx *c, size_t a, size_t end, int64_t *open)
{
	size_t j;

	for (j = a; j < end; j++) {
		const struct pp_row *p = &c->rows[j];

		if (p->skip || p->bad)
			continue;
		if (!p->has_bal)
			return 0;
		*open = p->balance - p->net;
		return 1;
	}
	return 0;
}

static int withdrawn(const struct ctx *c, const char *cur)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->rows[i].withdrawal && !c->rows[i].skip && !c->rows[i].bad &&
		    !strcmp(c->rows[i].cur, cur))
			return 1;
	return 0;
}

/* the other row of conversion row j: a conversion in a withdrawn currency,
 * of the opposite sign, linked by Reference Txn ID; (size_t)-1 if none */
static size_t conversion_pair(const struct ctx *c, size_t j)
{
	const struct pp_row *J = &c->rows[j];
	size_t k;

	for (k = 0; k < c->n; k++) {
		const struct pp_row *K = &c->rows[k];

		if (k == j || K->fx || !is_conversion(K) || !strcmp(K->cur, J->cur) ||
		    (K->gross < 0) == (J->gross < 0) || !K->gross)
			continue;
		if (!((J->ref[0] && (!strcmp(J->ref, K->ref) || !strcmp(J->ref, K->txid))) ||
		      (K->ref[0] && !strcmp(K->ref, J->txid)) ||
		      (!J->ref[0] && !K->ref[0] && J->utc == K->utc)))
			continue;
		if (withdrawn(c, K->cur))
			return k;
	}
	return (size_t)-1;
}

/*
 * Rows [a, end) of cur, a currency with no transfer to the bank: cut it at
 * each conversion into a withdrawn currency and hand each part to that
 * conversion's other row (fx_seg). Returns the first row not handed on
 * (the rest is reported by the caller), or (size_t)-1 out of memory.
 */
static size_t convert_segments(struct ctx *c, size_t a, size_t end, int64_t open,
			       int has_open)
{
	size_t j, i, k;
	int first = 1;

	for (j = a; j < end; j++) {
		const struct pp_row *J = &c->rows[j];
		int64_t sum = 0, close = J->has_bal ? J->balance : 0;
		long bad = 0;
		char s1[32], s2[32];

		if (!is_conversion(J) || (k = conversion_pair(c, j)) == (size_t)-1)
			continue;
		for (i = a; i < j; i++) {
			bad += c->rows[i].bad;
			if (!c->rows[i].skip && !c->rows[i].bad)
				sum += c->rows[i].gross + c->rows[i].fee;
		}
		sum = money_add(sum, money_sub(money_add(has_open ? open : 0, J->fee), close));
		if (first && !(has_open && open == 0)) {
			parse_reject(c->sink, c->path, c->rows[a].line, "warning",
				   "partial-transfer",
				   "%s: the activity before conversion %s starts with a balance "
				   "of %s carried from before this file; not imported (a "
				   "download from earlier has it whole)", J->cur, J->txid,
				   has_open ? "non-zero" : "unknown");
		} else if (bad || sum != -J->gross) {
			parse_reject(c->sink, c->path, J->line, "error", "conversion-untied",
				   "%s: the %zu row(s) before conversion %s (first on line %ld) "
				   "add up to %s%s, the conversion took %s; they are not "
				   "imported, the conversion stays one line of its transfer",
				   J->cur, j - a, J->txid, c->rows[a].line,
				   money_format(s1, sizeof(s1), sum, currency_exponent(J->cur)),
				   bad ? " without the rows that could not be read" : "",
				   money_format(s2, sizeof(s2), -J->gross,
						currency_exponent(J->cur)));
		} else {
			if (c->nfx == c->fxcap) {
				size_t nc = c->fxcap ? c->fxcap * 2 : 16;
				struct fx_seg *nf = realloc(c->fx, nc * sizeof(*nf));

				if (!nf)
					return (size_t)-1;
				c->fx = nf;
				c->fxcap = nc;
			}
			c->fx[c->nfx].a = a;
			c->fx[c->nfx].j = j;
			c->fx[c->nfx].open = has_open ? open : 0;
			c->fx[c->nfx].close = close;
			c->fx[c->nfx].paid = -J->gross;
			c->rows[k].fx = (uint32_t)++c->nfx;
		}
		first = 0;
		open = close;
		has_open = J->has_bal;
		a = j + 1;
	}
	return a;
}

/* 1 if row j closes a segment handed to another currency's deposit */
static int converted_row(const struct ctx *c, size_t j)
{
	size_t f;

	for (f = 0; f < c->nfx; f++)
		if (c->fx[f].j == j)
			return 1;
	return 0;
}

static int cut(struct ctx *c)
{
	size_t i = 0;

	/* first the currencies never withdrawn: their conversions decide what
	 * the withdrawn currencies' deposits hold */
	while (i < c->n) {
		size_t a = i, end;
		const char *cur = c->rows[i].cur;
		int64_t open = 0;
		int has_open = 0;

		for (end = i; end < c->n && !strcmp(c->rows[end].cur, cur); end++)
			;
		i = end;
		if (!cur[0] || withdrawn(c, cur))
			continue;
		has_open = opening_balance(c, a, end, &open);
		if (convert_segments(c, a, end, open, has_open) == (size_t)-1)
			return LL_ERROR;
	}
	i = 0;

	while (i < c->n) {
		size_t a = i, j, end;
		const char *cur = c->rows[i].cur;
		int64_t open = 0;
		int has_open = 0, first = 1;

		if (!cur[0]) { /* rows without a currency were reported */
			i++;
			continue;
		}
		for (end = i; end < c->n && !strcmp(c->rows[end].cur, cur); end++)
			;
		/* rows handed on with their conversions are in another deposit */
		for (j = i; j < end; j++)
			if (is_conversion(&c->rows[j]) && c->rows[j].cur[0] &&
			    converted_row(c, j))
				a = j + 1;
		has_open = opening_balance(c, a, end, &open);
		for (j = a; j < end; j++) {
			const struct pp_row *p = &c->rows[j];

			if (p->skip || p->bad || !p->withdrawal)
				continue;
			if (first && !(has_open && open == 0)) {
				parse_reject(c->sink, c->path, c->rows[a].line, "warning",
					   "partial-transfer",
					   "%s: the activity before transfer %s starts with a "
					   "balance of %s carried from before this file; not "
					   "imported (a download from earlier has it whole)", cur,
					   p->txid, has_open ? "non-zero" : "unknown");
			} else if (close_segment(c, a, j, open, has_open)) {
				return LL_ERROR;
			}
			first = 0;
			open = p->has_bal ? p->balance : 0;
			has_open = p->has_bal;
			a = j + 1;
		}
		if (a < end) {
			size_t k, left = 0;

			for (k = a; k < end; k++)
				left += !c->rows[k].skip && !c->rows[k].bad;
			if (left)
				parse_reject(c->sink, c->path, c->rows[a].line, "warning",
					   "no-transfer",
					   "%zu %s row(s) after the last transfer to the bank "
					   "(first on line %ld): not imported until a download "
					   "includes their transfer", left, cur, c->rows[a].line);
		}
		i = end;
	}
	return 0;
}

int paypal_parse(struct lines *l, const char *path, const char *header, size_t hlen,
		 const struct parse_sink *sink, struct parse_stats *stats,
		 struct ll_err *err)
{
	struct ctx c;
	struct csvrec *h = NULL, *r = NULL;
	struct buf tmp = BUF_INIT(LINES_MAX_LEN * 4);
	struct pp_layout lo;
	char delim;
	int rc = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.sink = sink;
	c.stats = stats;
	mkt_set_init(&c.set, "paypal", path);
	h = csvrec_new();
	r = csvrec_new();
	if (!h || !r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	if (text_append_utf8(&tmp, header, hlen) ||
	    csvrec_parse(h, tmp.ptr, tmp.len, (delim = mkt_delim(tmp.ptr, tmp.len)))) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno, "unreadable header");
		goto done;
	}
	lo.date = mkt_col(h, P_DATE);
	lo.time = mkt_col(h, P_TIME);
	lo.zone = mkt_col(h, P_ZONE);
	lo.type = mkt_col(h, P_TYPE);
	if (lo.type < 0)
		lo.type = mkt_col(h, P_DESC);
	lo.status = mkt_col(h, P_STATUS);
	lo.cur = mkt_col(h, P_CUR);
	lo.gross = mkt_col(h, P_GROSS);
	lo.fee = mkt_col(h, P_FEE);
	lo.net = mkt_col(h, P_NET);
	lo.bal = mkt_col(h, P_BAL);
	lo.txid = mkt_col(h, P_TXID);
	lo.ref = mkt_col(h, P_REF);
	lo.inv = mkt_col(h, P_INV);
	lo.localised = !text_ieq(text_trim(h->f[lo.date]), "Date");
	lo.style = lo.localised ? MONEY_COMMA : MONEY_DOT;
	if (lo.cur < 0 || lo.gross < 0 || lo.type < 0) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: a PayPal download without a %s column",
				lo.cur < 0 ? "Currency" : lo.gross < 0 ? "Gross" : "Type");
		goto done;
	}
	while ((rc = csvrec_next(r, l, delim, err)) == 1) {
		if (csvrec_blank(r))
			continue;
		stats->rows++;
		rc = read_row(&c, &lo, r, &tmp);
		if (rc == LL_EPARSE) {
			rc = ll_err_set(err, LL_EPARSE, path, r->line,
					"more than %d rows in one download", PP_MAX_ROWS);
			goto done;
		}
		if (rc < 0) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "out of memory");
			goto done;
		}
		if (c.n && c.rows[c.n - 1].bad)
			stats->bad_rows++;
	}
	if (rc < 0)
		goto done;
	date_rows(&c, &lo);
	if (c.n)
		qsort(c.rows, c.n, sizeof(*c.rows), cmp_rows);
	for (i = 0; i < c.n; i++) {
		const struct pp_row *p = &c.rows[i];

		if (!p->days || p->bad || p->skip)
			continue;
		if (!stats->first_days || p->days < stats->first_days)
			stats->first_days = p->days;
		if (p->days > stats->last_days)
			stats->last_days = p->days;
	}
	if ((rc = cut(&c))) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	rc = mkt_deliver(&c.set, sink, stats, NULL);
done:
	for (i = 0; i < c.nzones; i++)
		tz_free(c.zones[i]);
	free(c.rows);
	free(c.fx);
	mkt_set_free(&c.set);
	buf_free(&tmp);
	csvrec_delete(h);
	csvrec_delete(r);
	return rc;
}
