/*
 * parse_amazon_daterange.c - the Amazon Date Range transaction report
 * (parse_amazon_daterange.h).
 *
 * The report is read record by record (csvrec: every field quoted, some
 * empties not). Its header is matched cell by cell, after folding case,
 * accents' case and blanks, against per-language names of the columns we
 * know (English, German, French, Italian, Spanish); the language with the
 * most matches decides the number style (1,234.56 or 1.234,56) for the
 * whole file, never a guess per value. Each row's money cells must sum to
 * its total cell. A non-Transfer row becomes one event per non-zero money
 * cell, named with the settlement flat file's amount types (product sales
 * = ItemPrice/Principal, selling fees = ItemFees/Commission, ...; rows of
 * non-order types = other-transaction named by their description), so the
 * flat file's mapping rows apply. Rows are grouped by settlement id; the
 * Transfer rows of a settlement are its bank deposit. Every settlement of
 * the file is held until the end, because only then is it known whether
 * the report holds all of it (docs/amazon-date-range.md): one whose rows
 * open the report, or that has no Transfer row, is reported and held back,
 * as are Deferred rows and rows without a settlement id. The settlements'
 * events do not all stay in memory: after each row, spill_check moves
 * them to a temporary file once they hold more than its budget (spill.h);
 * at the end each settlement's events are put back, it is judged and
 * delivered, and its events freed before the next. Amounts are kept
 * with two decimals until a settlement's currency (from its marketplace)
 * is known, then rescaled exactly.
 *
 * This file reads the rows and assembles the settlements; the column
 * names, row types and header reading are in drange_words.c, the dates
 * and amounts in drange_values.c (drange_priv.h).
 */
#include "parse_amazon_daterange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/drange_priv.h"
#include "formats/parse_amazon.h"
#include "formats/parse_mkt.h"
#include "formats/spill.h"
#include "util/csvrec.h"
#include "util/date.h"
#include "util/text.h"

#define MAX_SETTLEMENTS 4096
#define WORK_EXP 2 /* amounts are held with two decimals until the currency is known */

/* Marketplace (web site) -> currency; longer names first. */
static const struct { const char *site, *cur; } sites[] = {
	{ "amazon.com.mx", "MXN" }, { "amazon.com.br", "BRL" }, { "amazon.com.au", "AUD" },
	{ "amazon.com.tr", "TRY" }, { "amazon.com.be", "EUR" }, { "amazon.co.uk", "GBP" },
	{ "amazon.co.jp", "JPY" }, { "amazon.com", "USD" }, { "amazon.ca", "CAD" },
	{ "amazon.de", "EUR" }, { "amazon.fr", "EUR" }, { "amazon.it", "EUR" },
	{ "amazon.es", "EUR" }, { "amazon.nl", "EUR" }, { "amazon.ie", "EUR" },
	{ "amazon.se", "SEK" }, { "amazon.pl", "PLN" }, { "amazon.in", "INR" },
	{ "amazon.ae", "AED" }, { "amazon.sa", "SAR" }, { "amazon.eg", "EGP" },
	{ "amazon.sg", "SGD" },
};
#define NSITES (sizeof(sites) / sizeof(sites[0]))

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

struct srec {
	struct deposit d;
	char cur[4];           /* from its marketplace, "" until seen */
	int64_t first_utc;
	long first_line;
	int64_t first_days, last_days;
	long nrows;            /* non-Transfer rows */
	int64_t transfer_sum;  /* WORK_EXP decimals */
	int ntransfer;
	int64_t transfer_days;
};

struct held {
	long rows, first_line;
	int64_t sum;
};

struct ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	long unreadable;       /* rows left out with no settlement to carry them */
	struct drange_hdr h;
	enum money_style style;
	int month_first;
	struct srec **s;
	struct deposit **ds;   /* &s[i]->d, for spill_check */
	size_t ns, cap, last;
	struct dep_spill spill; /* the settlements' events moved out (spill.h) */
	struct held deferred, nosid;
	char unknown_types[400];
	int nunknown_types;
	long cur_count[NSITES];
	struct buf tmp;
	long header_line;
	char delim;            /* ',' or a re-saved copy's ';' or tab */
};

/* a row or file problem, to the sink (parse_reject) */
#define reject(c, ...) parse_reject((c)->sink, (c)->path, __VA_ARGS__)

static struct field cell(const struct csvrec *r, int idx)
{
	struct field empty = { "", 0 };

	if (idx < 0 || (size_t)idx >= r->nf || idx >= CSVREC_MAX_FIELDS)
		return empty;
	return text_trim(r->f[idx]);
}

/* intern v as UTF-8 */
static int intern(struct ctx *c, struct deposit *d, struct field v, uint32_t *id)
{
	return deposit_intern_text(d, &c->tmp, v.p, v.len, id);
}

static struct srec *find_settlement(struct ctx *c, struct field id, long line)
{
	struct srec *s;
	size_t i;
	char sid[64];

	if (c->last < c->ns && strlen(c->s[c->last]->d.id) == id.len &&
	    memcmp(c->s[c->last]->d.id, id.p, id.len) == 0)
		return c->s[c->last];
	for (i = 0; i < c->ns; i++)
		if (strlen(c->s[i]->d.id) == id.len && memcmp(c->s[i]->d.id, id.p, id.len) == 0) {
			c->last = i;
			return c->s[i];
		}
	if (c->ns == MAX_SETTLEMENTS) {
		reject(c, line, "error", "too-many-settlements",
		       "more than %d settlements in one report; row skipped", MAX_SETTLEMENTS);
		return NULL;
	}
	if (c->ns == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		struct srec **n = realloc(c->s, nc * sizeof(*n));
		struct deposit **nd;

		if (!n)
			return NULL;
		c->s = n;
		nd = realloc(c->ds, nc * sizeof(*nd));
		if (!nd)
			return NULL;
		c->ds = nd;
		c->cap = nc;
	}
	snprintf(sid, sizeof(sid), "%.*s", (int)(id.len < 63 ? id.len : 63), id.p);
	s = calloc(1, sizeof(*s));
	if (!s || deposit_init(&s->d, "amazon", sid, c->path)) {
		free(s);
		return NULL;
	}
	s->d.exponent = WORK_EXP;
	s->first_line = line;
	c->ds[c->ns] = &s->d;
	c->s[c->ns] = s;
	c->last = c->ns++;
	return s;
}

static int site_of(struct field v)
{
	char f[DRANGE_NORM_MAX];
	size_t n = drange_fold(f, v.p, v.len), i;

	for (i = 0; i < NSITES; i++) {
		const char *hit = n ? strstr(f, sites[i].site) : NULL;
		size_t sl = strlen(sites[i].site);

		/* amazon.com must not match amazon.com.mx */
		if (hit && (hit[sl] == '\0' || hit[sl] == '/' || hit[sl] == ' '))
			return (int)i;
	}
	return -1;
}


static void held_add(struct held *h, long line, int64_t total)
{
	if (!h->rows)
		h->first_line = line;
	h->rows++;
	h->sum = money_add(h->sum, total);
}

/* the report's number style, unless the value proves the other (an
 * English report re-saved by a spreadsheet with decimal commas) */
static enum money_style value_style(const struct ctx *c, struct field v)
{
	enum money_style p = mkt_money_proof(v);

	return p == MONEY_AUTO ? c->style : p;
}

/* One record. Returns 0, or LL_ERROR (out of memory). */
static int row(struct ctx *c, const struct csvrec *r)
{
	const struct drange_hdr *h = &c->h;
	int64_t amt[DC__N + DRANGE_MAX_COLS], total = 0, sum = 0;
	int has[DC__N + DRANGE_MAX_COLS];
	struct field v, sid, tv, desc;
	struct drange_time t;
	struct srec *s;
	struct event e;
	char f[DRANGE_NORM_MAX], ty[DRANGE_NORM_MAX];
	const char *en_type;
	int ti, k, bad = 0, deferred = 0, qty_done = 0;
	size_t n, i;
	long line = r->line;

	c->stats->rows++;
	if (r->nf > (size_t)h->ncols) {
		for (i = (size_t)h->ncols; i < r->nf && i < CSVREC_MAX_FIELDS; i++)
			if (text_trim(r->f[i]).len) {
				reject(c, line, "error", "bad-row",
				       "row has %zu fields, the header has %d; row not imported",
				       r->nf, h->ncols);
				c->stats->bad_rows++;
				c->unreadable++;
				return 0;
			}
	}
	sid = cell(r, h->idx[DC_SETTLEMENT]);
	tv = cell(r, h->idx[DC_TYPE]);
	n = drange_fold(ty, tv.p, tv.len);
	ti = drange_type_of(ty, n);
	if (ti < 0 && n) {
		char q[DRANGE_NORM_MAX + 4];

		snprintf(q, sizeof(q), "'%s'", ty);
		if (!strstr(c->unknown_types, q)) {
			c->nunknown_types++;
			drange_list_add(c->unknown_types, sizeof(c->unknown_types), ty,
				 n < 50 ? n : 50);
		}
	}
	en_type = ti >= 0 ? drange_types[ti].en : NULL;

	/* money, checked against the row's total */
	memset(has, 0, sizeof(has));
	for (k = DC_MONEY; k < DC__N + h->nextra; k++) {
		int idx = k < DC__N ? h->idx[k] : h->money_extra[k - DC__N];

		v = cell(r, idx);
		if (idx < 0 || v.len == 0)
			continue;
		if (drange_parse_money(&amt[k], v.p, v.len, WORK_EXP, value_style(c, v))) {
			drange_fold(f, v.p, v.len);
			reject(c, line, "error", "bad-amount",
			       "'%s' in column %d is not an amount in this report's number "
			       "style (%s); row not imported", f, idx + 1,
			       c->style == MONEY_COMMA ? "1.234,56" : "1,234.56");
			bad = 1;
			continue;
		}
		has[k] = 1;
		if (__builtin_add_overflow(sum, amt[k], &sum))
			bad = 1;
	}
	v = cell(r, h->idx[DC_TOTAL]);
	if (!bad && v.len &&
	    drange_parse_money(&total, v.p, v.len, WORK_EXP, value_style(c, v))) {
		drange_fold(f, v.p, v.len);
		reject(c, line, "error", "bad-amount",
		       "total '%s' in column %d is not an amount in this report's number "
		       "style (%s); row not imported", f, h->idx[DC_TOTAL] + 1,
		       c->style == MONEY_COMMA ? "1.234,56" : "1,234.56");
		bad = 1;
	}
	if (!bad && sum != total) {
		char a[48], b[48];

		reject(c, line, "error", "row-sum",
		       "the amounts of this row sum to %s, its total column says %s; "
		       "row not imported", money_format(a, sizeof(a), sum, WORK_EXP),
		       money_format(b, sizeof(b), total, WORK_EXP));
		bad = 1;
	}
	v = cell(r, h->idx[DC_DATE]);
	if (!bad) {
		buf_reset(&c->tmp);
		if (text_append_utf8(&c->tmp, v.p, v.len))
			return LL_ERROR;
		if (drange_parse_date(&t, buf_cstr(&c->tmp), c->tmp.len, c->month_first)) {
			drange_fold(f, v.p, v.len);
			reject(c, line, "error", "bad-date",
			       "date/time '%s' is not a date we read; row not imported", f);
			bad = 1;
		}
	}
	v = cell(r, h->idx[DC_STATUS]);
	if (v.len) {
		drange_fold(f, v.p, v.len);
		deferred = strstr(f, "defer") || strstr(f, "differ") || strstr(f, "difer") ||
			   strstr(f, "zurückgestellt") || strstr(f, "aufgeschoben");
	}
	if (bad) {
		c->stats->bad_rows++;
		if (sid.len && sid.len <= 40 && !deferred &&
		    (s = find_settlement(c, sid, line)) != NULL) {
			/* its settlement does not tie: the row goes with it */
			s->d.bad_rows++;
			deposit_row(&s->d, (uint32_t)line);
			return 0;
		}
		if (sid.len && sid.len <= 40 && !deferred && c->ns < MAX_SETTLEMENTS)
			return LL_ERROR;
		c->unreadable++;
		return 0;
	}
	if (deferred) {
		held_add(&c->deferred, line, total);
		return 0;
	}
	if (sid.len == 0 || sid.len > 40) {
		held_add(&c->nosid, line, total);
		return 0;
	}
	s = find_settlement(c, sid, line);
	if (!s) {
		if (c->ns < MAX_SETTLEMENTS)
			return LL_ERROR;
		c->unreadable++;
		return 0;
	}
	deposit_row(&s->d, (uint32_t)line);
	if (!c->stats->first_days || t.days < c->stats->first_days)
		c->stats->first_days = t.days;
	if (t.days > c->stats->last_days)
		c->stats->last_days = t.days;
	if (en_type && !strcmp(en_type, "Transfer")) {
		s->transfer_sum = money_add(s->transfer_sum, total);
		s->ntransfer++;
		if (t.days > s->transfer_days)
			s->transfer_days = t.days;
		return 0;
	}
	if (!s->nrows || drange_time_utc(&t) < s->first_utc)
		s->first_utc = drange_time_utc(&t);
	if (!s->first_days || t.days < s->first_days)
		s->first_days = t.days;
	if (t.days > s->last_days)
		s->last_days = t.days;
	s->nrows++;
	if (!s->cur[0]) {
		int si = site_of(cell(r, h->idx[DC_MARKETPLACE]));

		if (si >= 0) {
			memcpy(s->cur, sites[si].cur, 4);
			c->cur_count[si]++;
		}
	}

	memset(&e, 0, sizeof(e));
	e.line = (uint32_t)line;
	e.posted_days = t.days;
	desc = cell(r, h->idx[DC_DESC]);
	if (intern(c, &s->d, en_type ? (struct field){ en_type, strlen(en_type) } : tv,
		   &e.ttype) ||
	    intern(c, &s->d, cell(r, h->idx[DC_ORDER]), &e.order_id) ||
	    intern(c, &s->d, cell(r, h->idx[DC_SKU]), &e.sku) ||
	    intern(c, &s->d, cell(r, h->idx[DC_MARKETPLACE]), &e.marketplace))
		return LL_ERROR;
	for (k = DC_MONEY; k < DC__N + h->nextra; k++) {
		const char *atype, *adesc;
		struct field fa, fd;
		int64_t q;

		if (!has[k] || amt[k] == 0)
			continue;
		if (k >= DC__N) { /* a money column we do not know: named by its header */
			atype = h->extra_name[k - DC__N];
			adesc = "";
		} else if (ti >= 0 && drange_types[ti].order_like) {
			atype = drange_cols[k].atype;
			adesc = drange_cols[k].adesc ? drange_cols[k].adesc : en_type;
		} else {
			atype = "other-transaction";
			adesc = drange_desc_name(desc, en_type ? en_type : "");
		}
		fa = (struct field){ atype, strlen(atype) };
		if (!en_type && !strcmp(atype, "other-transaction"))
			fd = desc.len ? desc : tv; /* an unknown type: as written */
		else
			fd = (struct field){ adesc, strlen(adesc) };
		if (intern(c, &s->d, fa, &e.atype) || intern(c, &s->d, fd, &e.adesc))
			return LL_ERROR;
		e.amount = amt[k];
		e.quantity = 0;
		if (!qty_done) {
			v = cell(r, h->idx[DC_QTY]);
			if (v.len && money_parse(&q, v.p, v.len, 0, MONEY_DOT) == 0 &&
			    q > -1000000 && q < 1000000)
				e.quantity = (int32_t)q;
			qty_done = 1;
		}
		e.kind = (uint8_t)amazon_event_kind(deposit_str(&s->d, e.ttype),
						    deposit_str(&s->d, e.atype),
						    deposit_str(&s->d, e.adesc));
		if (deposit_add(&s->d, &e))
			return LL_ERROR;
	}
	return 0;
}

/* The file's currency: the most frequent marketplace's, else the
 * language's when it has only one (EUR), else "". */
static const char *file_currency(const struct ctx *c)
{
	size_t i, best = NSITES;

	for (i = 0; i < NSITES; i++)
		if (c->cur_count[i] && (best == NSITES || c->cur_count[i] > c->cur_count[best]))
			best = i;
	if (best < NSITES)
		return sites[best].cur;
	return c->h.lang != DRANGE_EN ? "EUR" : "";
}

/* Bring a settlement from WORK_EXP decimals to its currency's. */
static int rescale(struct srec *s, int exp)
{
	int64_t f = 1;
	size_t i;
	int k;

	if (exp == WORK_EXP)
		return 0;
	if (exp > WORK_EXP) {
		for (k = WORK_EXP; k < exp; k++)
			f *= 10;
		for (i = 0; i < s->d.nev; i++)
			if (__builtin_mul_overflow(s->d.ev[i].amount, f, &s->d.ev[i].amount))
				return -1;
		return __builtin_mul_overflow(s->transfer_sum, f, &s->transfer_sum) ? -1 : 0;
	}
	for (k = exp; k < WORK_EXP; k++)
		f *= 10;
	for (i = 0; i < s->d.nev; i++) {
		if (s->d.ev[i].amount % f)
			return -1;
		s->d.ev[i].amount /= f;
	}
	if (s->transfer_sum % f)
		return -1;
	s->transfer_sum /= f;
	return 0;
}

/* v (WORK_EXP decimals) in minor units of a currency with exp decimals;
 * 0 when it does not fit exactly (the ledger's money is then unknown) */
static int64_t work_to(int64_t v, int exp)
{
	int k;

	for (k = WORK_EXP; k < exp; k++)
		if (__builtin_mul_overflow(v, 10, &v))
			return 0;
	for (k = exp; k < WORK_EXP; k++) {
		if (v % 10)
			return 0;
		v /= 10;
	}
	return v;
}

/* rows held back or left out with money in the report's amounts */
static int work_fate(struct ctx *c, const char *cur, enum parse_fate fate, const char *why,
		     long rows, int64_t sum)
{
	return parse_fate(c->sink, cur, fate, why, rows,
			  cur[0] ? work_to(sum, currency_exponent(cur)) : 0);
}

/* A settlement held back as not wholly in the report: its rows and money. */
static int held_fate(struct ctx *c, struct srec *s, const char *why)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < s->d.nev; i++)
		sum += s->d.ev[i].amount;
	return work_fate(c, s->d.currency, FATE_HELD, why, s->d.rows, sum);
}

/*
 * A settlement whose rows open the report may have begun before its first
 * day; it is whole when its rows add up exactly to its Transfer (and every
 * row was read): rows cut off before the report would have to sum to zero
 * for it to tie, and the tie check against the transfer stands behind it.
 */
static int proven_whole(const struct srec *s)
{
	int64_t sum = 0;
	size_t i;

	if (!s->ntransfer || !s->nrows || s->d.bad_rows)
		return 0;
	for (i = 0; i < s->d.nev; i++)
		if (__builtin_add_overflow(sum, s->d.ev[i].amount, &sum))
			return 0;
	return sum == -s->transfer_sum && sum != 0;
}

/* One settlement, its events in memory: held back (reported) when the
 * report does not hold all of it, else delivered. The sink's answer. */
static int deliver_one(struct ctx *c, struct srec *s, const char *fcur, int64_t report_first)
{
	const char *why = NULL;
	char d1[11], d2[11];
	int rc;

	if (s->first_days)
		date_days_ymd(s->first_days, d1);
	else
		date_days_ymd(s->transfer_days, d1);
	date_days_ymd(s->last_days > s->transfer_days ? s->last_days : s->transfer_days,
		      d2);
	if (!s->ntransfer)
		why = "it has no Transfer row: it had not closed by the report's "
		      "last day, or its balance was not paid out by transfer";
	else if (!s->nrows)
		why = "only its Transfer row is in this report: its rows came before "
		      "the report's first day";
	else if (s->first_utc == report_first && !proven_whole(s))
		why = "its rows open the report, so it may have begun before the "
		      "report's first day, and they do not add up to its Transfer";
	snprintf(s->d.currency, sizeof(s->d.currency), "%s", s->cur[0] ? s->cur : fcur);
	if (why) {
		rc = reject(c, s->first_line, "warning", "incomplete",
			    "settlement %s is not wholly in this report (%zu amounts, "
			    "%s to %s): %s; not planned from this file (import its "
			    "settlement report, or a Date Range report that covers "
			    "all of it)", s->d.id, s->d.nev, d1, d2, why);
		if (rc == 0)
			rc = held_fate(c, s, "incomplete");
		return rc;
	}
	if (!s->d.currency[0]) {
		rc = reject(c, s->first_line, "error", "bad-currency",
			    "settlement %s: no marketplace tells its currency; not "
			    "planned", s->d.id);
		if (rc == 0)
			rc = parse_fate(c->sink, "", FATE_LEFT, "unreadable", s->d.rows, 0);
		return rc;
	}
	s->d.exponent = currency_exponent(s->d.currency);
	if (rescale(s, s->d.exponent)) {
		rc = reject(c, s->first_line, "error", "bad-amount",
			    "settlement %s: an amount has more decimals than %s allows; "
			    "not planned", s->d.id, s->d.currency);
		if (rc == 0)
			rc = parse_fate(c->sink, s->d.currency, FATE_LEFT, "unreadable",
					s->d.rows, 0);
		return rc;
	}
	s->d.total = -s->transfer_sum;
	date_days_ymd(s->first_days, s->d.start_date);
	date_days_ymd(s->transfer_days, s->d.end_date);
	date_days_ymd(s->transfer_days, s->d.deposit_date);
	s->d.has_header = 1;
	s->d.header_line = (uint32_t)s->first_line;
	c->stats->deposits++;
	return c->sink->deposit(c->sink->ctx, &s->d);
}

static int deliver(struct ctx *c, struct ll_err *err)
{
	const char *fcur = file_currency(c);
	int64_t report_first = 0;
	size_t i;
	int have_first = 0, rc = 0;
	char a[48];

	for (i = 0; i < c->ns; i++)
		if (c->s[i]->nrows && (!have_first || c->s[i]->first_utc < report_first)) {
			report_first = c->s[i]->first_utc;
			have_first = 1;
		}
	for (i = 0; i < c->ns && rc == 0; i++) {
		struct srec *s = c->s[i];

		/* its events back from the temporary file, before anything reads
		 * them; freed once it is delivered or held back */
		if (deposit_unspill(&s->d)) {
			rc = ll_err_set(err, LL_ERROR, c->path, s->first_line, "settlement %s: %s",
					s->d.id, spill_errmsg(&c->spill));
			break;
		}
		rc = deliver_one(c, s, fcur, report_first);
		deposit_free(&s->d);
	}
	if (rc == 0 && c->deferred.rows)
		rc = reject(c, c->deferred.first_line, "warning", "deferred",
			    "%ld row(s) are Deferred (total %s in the report's amounts): not "
			    "yet in a settlement, held back and not planned; they come back "
			    "under their settlement id in a later report", c->deferred.rows,
			    money_format(a, sizeof(a), c->deferred.sum, WORK_EXP)) ||
		     work_fate(c, fcur, FATE_HELD, "deferred", c->deferred.rows,
			       c->deferred.sum);
	if (rc == 0 && c->nosid.rows)
		rc = reject(c, c->nosid.first_line, "warning", "no-settlement",
			    "%ld row(s) have no settlement id (total %s in the report's "
			    "amounts): not yet in a settlement, held back and not planned",
			    c->nosid.rows, money_format(a, sizeof(a), c->nosid.sum, WORK_EXP)) ||
		     work_fate(c, fcur, FATE_HELD, "no-settlement", c->nosid.rows,
			       c->nosid.sum);
	if (rc == 0 && c->unreadable)
		rc = parse_fate(c->sink, "", FATE_LEFT, "unreadable", c->unreadable, 0);
	if (rc == 0 && c->nunknown_types)
		rc = reject(c, 0, "warning", "unknown-type",
			    "type value(s) not known: %s; their rows are imported under the "
			    "type as written (check the mapping)", c->unknown_types);
	return rc;
}

static void free_all(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->ns; i++) {
		deposit_free(&c->s[i]->d);
		free(c->s[i]);
	}
	free(c->s);
	free(c->ds);
	c->s = NULL;
	c->ds = NULL;
	c->ns = c->cap = 0;
}

/* A header we cannot read: name the words and the type values we do not know. */
static int unknown_locale(struct ctx *c, struct lines *l, struct ll_err *err)
{
	struct csvrec r;
	char typesl[300] = "";
	int k, ntypes = 0;

	csvrec_init(&r);
	for (k = 0; k < 200 && ntypes < 8 && csvrec_next(&r, l, c->delim, err) == 1; k++) {
		struct field v = r.nf > 2 ? text_trim(r.f[2]) : (struct field){ "", 0 };
		char f[DRANGE_NORM_MAX];
		size_t n = drange_fold(f, v.p, v.len);

		if (n && drange_type_of(f, n) < 0 && !strstr(typesl, f)) {
			drange_list_add(typesl, sizeof(typesl), f, n);
			ntypes++;
		}
	}
	csvrec_free(&r);
	return ll_err_set(err, LL_EPARSE, c->path, c->header_line,
			  "unknown column set: an Amazon Date Range report in a language "
			  "ledgerlift does not read; header words not understood: %s; type "
			  "values not understood: %s (download it with Seller Central in "
			  "English, German, French, Italian or Spanish)",
			  c->h.unknown[0] ? c->h.unknown : "(none)",
			  typesl[0] ? typesl : "(none)");
}

int amazon_parse_daterange(struct lines *l, const char *path, const char *header,
			   size_t hlen, const struct parse_sink *sink,
			   struct parse_stats *stats, struct ll_err *err)
{
	struct ctx *c;
	struct csvrec *r = NULL;
	int rc;

	c = calloc(1, sizeof(*c));
	if (!c)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	c->header_line = l->lineno;
	c->delim = mkt_delim(header, hlen);
	spill_init(&c->spill);
	buf_init(&c->tmp, LINES_MAX_LEN * 4);
	if (drange_read_header(&c->h, header, hlen)) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: the header is not a CSV line we read");
		goto done;
	}
	if (!drange_header_complete(&c->h)) {
		rc = unknown_locale(c, l, err);
		goto done;
	}
	c->style = c->h.lang == DRANGE_EN ? MONEY_DOT : MONEY_COMMA;
	c->month_first = c->h.lang == DRANGE_EN;
	if (c->h.nunknown > c->h.nextra)
		reject(c, l->lineno, "warning", "unknown-column",
		       "%d column(s) not known: %s; those between the money columns and "
		       "'total' are imported as amounts, the others ignored",
		       c->h.nunknown, c->h.unknown);
	else if (c->h.nextra)
		reject(c, l->lineno, "warning", "unknown-column",
		       "%d money column(s) not known: %s; their amounts are imported "
		       "under the column's name as amount type (check the mapping)",
		       c->h.nextra, c->h.unknown);
	r = csvrec_new();
	if (!r) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	while ((rc = csvrec_next(r, l, c->delim, err)) == 1) {
		if (r->nf == 1 && r->f[0].len == 0)
			continue;
		if (row(c, r)) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "out of memory");
			goto done;
		}
		/* a row is complete: a safe point (nothing of a settlement held) */
		if (spill_check(&c->spill, c->ds, c->ns)) {
			rc = ll_err_set(err, LL_ERROR, path, r->line, "%s",
					spill_errmsg(&c->spill));
			goto done;
		}
	}
	if (rc < 0)
		goto done; /* a read error: what we have is incomplete, deliver nothing */
	rc = deliver(c, err);
done:
	csvrec_delete(r);
	free_all(c);
	spill_free(&c->spill);
	buf_free(&c->tmp);
	free(c);
	return rc;
}
