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
 */
#include "parse_paypal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse_mkt.h"

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
static const char *const P_INV[] = { "Invoice Number", "Invoice ID", "Id. de factura",
	"Rechnungsnummer", NULL };

struct pp_row {
	int64_t utc;          /* seconds, for ordering */
	int64_t days;         /* local date as written */
	int64_t gross, fee, net, balance;
	long line;
	uint32_t seq;         /* file order */
	char cur[4];
	char type[72];
	char txid[32];
	char inv[40];
	char date[24], time[16], zone[32];
	unsigned has_bal : 1, bad : 1, skip : 1, withdrawal : 1, has_net : 1;
};

struct pp_layout {
	int date, time, zone, type, status, cur, gross, fee, net, bal, txid, inv;
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
	r = malloc(sizeof(*r));
	if (!r)
		return PAYPAL_NONE;
	csvrec_init(r);
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
	csvrec_free(r);
	free(r);
	return f;
}

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	struct pp_row *rows;
	size_t n, cap;
};

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
		p->utc = p->days * 86400 + t.hour * 3600 + t.min * 60 + t.sec -
			 (t.has_tz ? t.tz_min
				   : mkt_zone_offset(p->zone, strlen(p->zone), t.year, t.month,
						     t.day)) * 60;
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
	e.days = p->days;
	e.line = p->line;
	e.kind = k;
	e.ttype = p->type;
	e.atype = atype;
	e.adesc = adesc;
	e.order = (struct field){ p->inv, strlen(p->inv) };
	return mkt_add(&c->set, d, c->stats, &e);
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
		at = row_atype(p, &k);
		if (p->gross && add(c, d, p, p->gross, at, p->type, k))
			return LL_ERROR;
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

static int cut(struct ctx *c)
{
	size_t i = 0;

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
		/* the balance before the first row */
		for (j = a; j < end; j++) {
			const struct pp_row *p = &c->rows[j];

			if (p->skip || p->bad)
				continue;
			if (p->has_bal) {
				open = p->balance - p->net;
				has_open = 1;
			}
			break;
		}
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
	h = malloc(sizeof(*h));
	r = malloc(sizeof(*r));
	if (!h || !r) {
		free(h);
		free(r);
		h = r = NULL;
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	csvrec_init(h);
	csvrec_init(r);
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
		size_t k;
		int empty = 1;

		for (k = 0; k < r->nf && k < CSVREC_MAX_FIELDS; k++)
			if (text_trim(r->f[k]).len)
				empty = 0;
		if (empty)
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
	free(c.rows);
	mkt_set_free(&c.set);
	buf_free(&tmp);
	if (h) {
		csvrec_free(h);
		csvrec_free(r);
	}
	free(h);
	free(r);
	return rc;
}
