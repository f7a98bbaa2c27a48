/*
 * parse_paypal.c - reading PayPal activity downloads and statements
 * (parse_paypal.h) in English, French, German, Spanish, Italian, Dutch and
 * Portuguese.
 *
 * Reading: csvrec with columns by name (paypal_words: header cells may be
 * separated by ", ", end in a trailing comma, or carry a trailing space as
 * "Fee " does), whatever the delimiter (comma, semicolon, tab: a copy
 * re-saved by a spreadsheet). The header's words decide its language.
 * Every row is kept (struct pp_row, 360 bytes, with its struct pp_text
 * beside it until read, in stores that move to temporary files past their
 * budget: paypal_rows.c) because two
 * things are decided per file from its values once all rows are in: the
 * decimal separator (a value such as "12,50" or "1,234.56" proves it;
 * values that prove nothing take the majority, else the language's
 * convention, said in a note) and whether dates are day or month first (a
 * part over 12 proves it; a file whose dates are all ambiguous takes the
 * language's convention, said in a note). So the store is read back twice:
 * amounts, then dates, each UTC instant (zone names and US/EU daylight
 * rules from parse_mkt). A file whose currencies each run one way in time
 * is then cut as it streams (paypal_stream.c); any other is sorted by
 * instant in the store, then streamed, or (transfer model, a currency
 * never withdrawn converted into another) cut per currency by pp_cut
 * reading the sorted store's blocks (paypal_cut.c, paypal_index.c); the
 * account model's files that cannot stream are sorted in memory
 * (paypal_days.c).
 *
 * Words: the Type (or statement Description), Status and Balance Impact
 * of a row are looked up whole in paypal_words; one not understood is
 * reported with the file, its first line and the word, never guessed: a
 * type is imported as "Unclassified" (a suspense line, so the deposit
 * still ties), a status or impact as moving the balance (the Balance
 * column checks it). Denied, canceled or failed rows, Memo rows and types
 * that do not move the balance (authorizations, cart items) are left out.
 */
#include "parse_paypal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/paypal_cut.h"
#include "util/fmt.h"
#include "util/tz.h"

#define PP_MAX_ROWS 4000000
#define PP_MAX_WORDS 16
#define PP_TYPE_CACHE 64
#define PP_STATUS_CACHE 16
#define PP_STATUS_CACHE_LEN 48

struct pp_layout {
	int col[PC__N];
	enum pp_lang lang;
};

/* words not understood, each with its count and first line */
struct words {
	struct {
		char w[72];
		long count, line;
	} w[PP_MAX_WORDS];
	size_t n;
	long more_rows; /* rows whose word did not fit in the list */
};

/* the reading pass: the shared context and what only reading needs */
struct rd {
	struct pp_ctx c;
	struct pp_layout lo;
	struct words types, statuses, impacts;
	long left_out;  /* rows that do not move the balance */
	struct {
		char type[72];
		unsigned cls;
	} cache[PP_TYPE_CACHE];
	size_t ncache;
	struct {
		char s[PP_STATUS_CACHE_LEN];
		size_t len;
		unsigned cls;
	} scache[PP_STATUS_CACHE];  /* the file's Status cells, read once */
	size_t nscache;
	struct buf tmp;
	/* what the values prove, counted as rows pass (amounts_style,
	 * dates_order) */
	long dot, comma, either_amt;
	long dmy, mdy, either_date;
	char example[24];
	struct pp_order ord;
	struct pp_store text;  /* each row's struct pp_text, same index */
};

static void find_columns(struct pp_layout *lo, const struct csvrec *h)
{
	unsigned score[PP__NLANG] = { 0 };
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS;
	int c, l;

	for (c = 0; c < PC__N; c++)
		lo->col[c] = -1;
	for (i = 0; i < n; i++) {
		struct field f = text_trim(h->f[i]);

		for (c = 0; c < PC__N; c++) {
			unsigned langs;

			if (lo->col[c] >= 0 || !pp_col_is(f, (enum pp_col)c, &langs))
				continue;
			lo->col[c] = (int)i;
			for (l = 0; l < PP__NLANG && c != PC_NAME; l++)
				score[l] += !!(langs & (1u << l));
			break;
		}
	}
	lo->lang = PP_EN;
	for (l = 1; l < PP__NLANG; l++)
		if (score[l] > score[lo->lang])
			lo->lang = (enum pp_lang)l;
}

/* the header line as UTF-8, split on its own delimiter */
static int split_header(struct csvrec *r, struct buf *u8, const char *line, size_t len,
			char *delim)
{
	buf_reset(u8);
	if (text_append_utf8(u8, line, len))
		return LL_ERROR;
	*delim = mkt_delim(u8->ptr, u8->len);
	return csvrec_parse(r, u8->ptr, u8->len, *delim);
}

enum paypal_format paypal_detect(const char *line, size_t len)
{
	struct csvrec *r;
	struct buf u8 = BUF_INIT(LINES_MAX_LEN * 4);
	enum paypal_format f = PAYPAL_NONE;
	struct pp_layout lo;
	char delim;

	if (!memchr(line, ',', len) && !memchr(line, ';', len) && !memchr(line, '\t', len))
		return PAYPAL_NONE;
	r = csvrec_new();
	if (!r)
		return PAYPAL_NONE;
	if (split_header(r, &u8, line, len, &delim) == 0) {
		find_columns(&lo, r);
		if (lo.col[PC_DATE] >= 0 && lo.col[PC_ZONE] >= 0 && lo.col[PC_GROSS] >= 0 &&
		    (lo.col[PC_BAL] >= 0 || lo.col[PC_NET] >= 0)) {
			if (lo.col[PC_TYPE] >= 0)
				f = PAYPAL_ACTIVITY;
			else if (lo.col[PC_DESC] >= 0)
				f = PAYPAL_STATEMENT;
		}
	}
	buf_free(&u8);
	csvrec_delete(r);
	return f;
}

/* The zoneinfo zone a Time Zone cell names ("America/Los_Angeles",
 * "Europe/Berlin"), cached per file; NULL for an abbreviation or a name
 * the zoneinfo lacks (the built-in table then decides). */
static struct tz *column_zone(struct pp_ctx *c, const char *name)
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

/* v as UTF-8 into out (at most outlen - 1 bytes, up to a NUL); the length
 * it has as UTF-8, so a caller can tell a cell that did not fit */
static size_t copy_cell(char *out, size_t outlen, struct buf *tmp, struct field v)
{
	size_t n, i = 0;
	const char *nul;
	uint64_t w;

	/* ASCII (most cells) is its own UTF-8: no copy through tmp */
	for (; i + 8 <= v.len; i += 8) {
		memcpy(&w, v.p + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < v.len && (unsigned char)v.p[i] < 0x80)
		i++;
	if (i == v.len && v.len <= tmp->max) { /* as text_append_utf8 would */
		n = v.len < outlen - 1 ? v.len : outlen - 1;
		nul = n ? memchr(v.p, '\0', n) : NULL;
		if (nul)
			n = (size_t)(nul - v.p);
		if (n)
			memcpy(out, v.p, n);
		out[n] = '\0';
		return v.len;
	}
	buf_reset(tmp);
	if (text_append_utf8(tmp, v.p, v.len)) {
		out[0] = '\0';
		return 0;
	}
	n = tmp->len < outlen - 1 ? tmp->len : outlen - 1;
	nul = n ? memchr(tmp->ptr, '\0', n) : NULL;
	if (nul)
		n = (size_t)(nul - tmp->ptr);
	if (n)
		memcpy(out, tmp->ptr, n);
	out[n] = '\0';
	return tmp->len;
}

static void note_word(struct words *ws, const char *w, long line)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		if (!strcmp(ws->w[i].w, w)) {
			ws->w[i].count++;
			return;
		}
	if (ws->n == PP_MAX_WORDS) {
		ws->more_rows++;
		return;
	}
	snprintf(ws->w[ws->n].w, sizeof(ws->w[0].w), "%s", w);
	ws->w[ws->n].count = 1;
	ws->w[ws->n].line = line;
	ws->n++;
}

static void note_field(struct rd *r, struct words *ws, struct field v, long line)
{
	char w[72];

	copy_cell(w, sizeof(w), &r->tmp, v);
	note_word(ws, w[0] ? w : "(empty)", line);
}

/* a row's type class, through a small cache of the file's types */
static enum pp_class type_class(struct rd *r, const char *type)
{
	enum pp_class k;
	size_t i;

	for (i = 0; i < r->ncache; i++)
		if (!strcmp(r->cache[i].type, type))
			return (enum pp_class)r->cache[i].cls;
	k = pp_type_class(type);
	if (r->ncache < PP_TYPE_CACHE) {
		snprintf(r->cache[r->ncache].type, sizeof(r->cache[0].type), "%s", type);
		r->cache[r->ncache++].cls = k;
	}
	return k;
}

/* a row's Status class, through a small cache of the file's Status
 * cells (byte for byte: pp_status_class reads nothing else) */
static enum pp_status status_class(struct rd *r, struct field v)
{
	enum pp_status k;
	size_t i;

	for (i = 0; i < r->nscache; i++)
		if (r->scache[i].len == v.len && !memcmp(r->scache[i].s, v.p, v.len))
			return (enum pp_status)r->scache[i].cls;
	k = pp_status_class(v);
	if (r->nscache < PP_STATUS_CACHE && v.len <= sizeof(r->scache[0].s)) {
		memcpy(r->scache[r->nscache].s, v.p, v.len);
		r->scache[r->nscache].len = v.len;
		r->scache[r->nscache++].cls = k;
	}
	return k;
}

/* Keep one row: its text cells, its amounts as written, what its words
 * say. Amounts and dates are read later (read_amounts, date_row). */
static int read_row(struct rd *r, const struct csvrec *rec, struct pp_row *p,
		    struct pp_text *t)
{
	struct pp_ctx *c = &r->c;
	const int *col = r->lo.col;
	static const enum pp_col amt_cols[4] = { PC_GROSS, PC_FEE, PC_NET, PC_BAL };
	struct field v;
	int i;

	memset(p, 0, sizeof(*p));
	memset(t, 0, sizeof(*t));
	p->line = rec->line;
	p->seq = (uint32_t)c->store.n;
	copy_cell(p->type, sizeof(p->type), &r->tmp, mkt_cell(rec, col[PC_TYPE]));
	copy_cell(p->txid, sizeof(p->txid), &r->tmp, mkt_cell(rec, col[PC_TXID]));
	copy_cell(p->ref, sizeof(p->ref), &r->tmp, mkt_cell(rec, col[PC_REF]));
	copy_cell(p->inv, sizeof(p->inv), &r->tmp, mkt_cell(rec, col[PC_INV]));
	copy_cell(p->party, sizeof(p->party), &r->tmp, mkt_cell(rec, col[PC_NAME]));
	copy_cell(t->date, sizeof(t->date), &r->tmp, mkt_cell(rec, col[PC_DATE]));
	memcpy(p->date, t->date, sizeof(p->date) - 1); /* its first 11 bytes */
	p->date[sizeof(p->date) - 1] = '\0';
	copy_cell(p->time, sizeof(p->time), &r->tmp, mkt_cell(rec, col[PC_TIME]));
	copy_cell(t->zone, sizeof(t->zone), &r->tmp, mkt_cell(rec, col[PC_ZONE]));
	v = mkt_cell(rec, col[PC_CUR]);
	if (v.len != 3) {
		p->bad = 1;
		return parse_reject(c->sink, c->path, rec->line, "error", "bad-currency",
				  "currency '%.*s' is not an ISO code; the row is not imported",
				  (int)(v.len < 20 ? v.len : 20), v.p);
	}
	memcpy(p->cur, v.p, 3);
	if (!currency_valid(p->cur)) {
		p->bad = 1;
		return parse_reject(c->sink, c->path, rec->line, "error", "bad-currency",
				  "currency '%s' is not an ISO code; the row is not imported",
				  p->cur);
	}
	v = mkt_cell(rec, col[PC_IMPACT]);
	if (v.len) {
		enum pp_impact im = pp_impact_class(v);

		if (im == PI_MEMO) {
			p->skip = 1;
			p->why = PW_NO_EFFECT;
			r->left_out++;
			return 0;
		}
		if (im == PI_UNKNOWN)
			note_field(r, &r->impacts, v, rec->line);
	}
	v = mkt_cell(rec, col[PC_STATUS]);
	if (v.len) {
		enum pp_status st = status_class(r, v);

		if (st == PS_SKIP) {
			p->skip = 1;
			p->why = PW_NOT_DONE;
			return 0;
		}
		if (st == PS_UNKNOWN)
			note_field(r, &r->statuses, v, rec->line);
	}
	p->cls = type_class(r, p->type);
	if (p->cls == PT_NOBALANCE) {
		p->skip = 1;
		p->why = PW_NO_EFFECT;
		r->left_out++;
		return 0;
	}
	if (p->cls == PT_UNKNOWN)
		note_word(&r->types, p->type[0] ? p->type : "(empty)", rec->line);
	for (i = 0; i < 4; i++) {
		v = mkt_cell(rec, col[amt_cols[i]]);
		if (copy_cell(t->amt[i], sizeof(t->amt[i]), &r->tmp, v) >= sizeof(t->amt[i])) {
			p->bad = 1;
			return parse_reject(c->sink, c->path, rec->line, "error", "bad-amount",
					  "'%.*s...' in column '%s' is not an amount; the row is "
					  "not imported", 20, t->amt[i],
					  i == 0 ? "Gross" : i == 1 ? "Fee" : i == 2 ? "Net" : "Balance");
		}
	}
	return 0;
}

/* What a kept row's amounts prove of the decimal separator. */
static void count_amounts(struct rd *r, const struct pp_row *p, const struct pp_text *t)
{
	enum money_style s;
	int k;

	if (p->skip || p->bad)
		return;
	for (k = 0; k < 4; k++) {
		struct field f = { t->amt[k], strlen(t->amt[k]) };

		s = mkt_money_proof(f);
		r->dot += s == MONEY_DOT;
		r->comma += s == MONEY_COMMA;
		r->either_amt += s == MONEY_AUTO &&
				 (memchr(f.p, ',', f.len) || memchr(f.p, '.', f.len));
	}
}

/*
 * The file's decimal separator, from what its amounts prove: one way only
 * decides; both ways is a warning (each value is read as it proves, the
 * others by the majority); none is the language's convention, said in a
 * note when some value could be read either way ("1,234").
 */
static enum money_style amounts_style(struct rd *r)
{
	struct pp_ctx *c = &r->c;
	enum money_style dflt = r->lo.lang == PP_EN ? MONEY_DOT : MONEY_COMMA, s;
	long dot = r->dot, comma = r->comma, either = r->either_amt;

	s = dot > comma ? MONEY_DOT : comma > dot ? MONEY_COMMA : dflt;
	if (dot && comma)
		parse_reject(c->sink, c->path, 0, "warning", "number-format",
			   "%ld amounts are written with a decimal point and %ld with a decimal "
			   "comma; each is read as it shows, any that could be either as %s",
			   dot, comma, s == MONEY_DOT ? "decimal point" : "decimal comma");
	else if (!dot && !comma && either)
		parse_reject(c->sink, c->path, 0, "note", "number-format",
			   "no amount shows which separator is the decimal one (%ld like "
			   "'1,234'); read with a decimal %s, the convention of %s PayPal "
			   "downloads", either, dflt == MONEY_DOT ? "point" : "comma",
			   pp_lang_name(r->lo.lang));
	return s;
}

/* Gross, Fee, Net and Balance of a kept row, in minor units. */
static void read_amounts(struct rd *r, struct pp_row *p, const struct pp_text *t,
			 enum money_style style)
{
	struct pp_ctx *c = &r->c;
	static const char *const names[4] = { "Gross", "Fee", "Net", "Balance" };
	int64_t *outs[4] = { &p->gross, &p->fee, &p->net, &p->balance };
	int k, rc, e;

	if (p->skip || p->bad)
		return;
	e = currency_exponent(p->cur);
	for (k = 0; k < 4; k++) {
		struct field f = { t->amt[k], strlen(t->amt[k]) };

		rc = mkt_money_as(outs[k], f, e, style);
		if (rc < 0) {
			p->bad = 1;
			c->stats->bad_rows++;
			parse_reject(c->sink, c->path, p->line, "error", "bad-amount",
				   "'%.40s' in column '%s' is not an amount; the row is "
				   "not imported", t->amt[k], names[k]);
			break;
		}
		if (rc)
			*outs[k] = 0;
		if (k == 2)
			p->has_net = rc == 0;
		if (k == 3)
			p->has_bal = rc == 0;
	}
	if (p->bad)
		return;
	if (p->has_net && p->gross + p->fee != p->net) {
		char a[32], b[32], n[32];

		p->bad = 1;
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, p->line, "error", "bad-net",
			   "Gross %s + Fee %s is not Net %s; the row is not imported",
			   money_format(a, sizeof(a), p->gross, e),
			   money_format(b, sizeof(b), p->fee, e),
			   money_format(n, sizeof(n), p->net, e));
		return;
	}
	if (!p->has_net)
		p->net = p->gross + p->fee;
	p->withdrawal = p->cls == PT_WITHDRAWAL && p->gross < 0;
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

/* 1 for a numeric day/month date that could be read either way (N/N/YYYY,
 * N-N-YYYY with both parts 12 or less) */
static int ambiguous_date(const char *s)
{
	size_t len = strlen(s);

	return len >= 8 && s[0] >= '0' && s[0] <= '9' && (s[1] == '/' || s[2] == '/' ||
							  s[1] == '-' || s[2] == '-') &&
	       mkt_date_order(s, len) < 0;
}

/* What a row's date proves of day or month first (rows still kept after
 * their amounts are read). */
static void count_dates(struct rd *r, const struct pp_row *p, const struct pp_text *t)
{
	int o;

	if (p->skip || p->bad)
		return;
	o = mkt_date_order(t->date, strlen(t->date));
	r->dmy += o == MKT_DMY;
	r->mdy += o == MKT_MDY;
	if (ambiguous_date(t->date)) {
		if (!r->either_date++)
			snprintf(r->example, sizeof(r->example), "%s", t->date);
	}
}

/* The file's date order, from what its dates prove (said as date_rows
 * always has: both ways a warning, none a note). */
static enum mkt_dmy dates_order(struct rd *r)
{
	struct pp_ctx *c = &r->c;
	enum mkt_dmy order = r->lo.lang == PP_EN ? MKT_MDY : MKT_DMY;
	long dmy = r->dmy, mdy = r->mdy, either = r->either_date;

	if (dmy && mdy)
		parse_reject(c->sink, c->path, 0, "warning", "date-order",
			   "%ld dates are day-first and %ld month-first; each is read as it "
			   "proves, ambiguous ones as %s", dmy, mdy,
			   dmy >= mdy ? "day-first" : "month-first");
	else if (!dmy && !mdy && either)
		parse_reject(c->sink, c->path, 0, "note", "date-order",
			   "all %ld dates could be day-first or month-first (like '%s'); read "
			   "as %s, the convention of %s PayPal downloads: check one against "
			   "the PayPal website", either, r->example,
			   order == MKT_DMY ? "day-first" : "month-first",
			   pp_lang_name(r->lo.lang));
	if (dmy > mdy)
		order = MKT_DMY;
	else if (mdy > dmy)
		order = MKT_MDY;
	return order;
}

/* A row's day, instant and local day, read with the file's date order. */
static void date_row(struct rd *r, struct pp_row *p, const struct pp_text *tx,
		     enum mkt_dmy order)
{
	struct pp_ctx *c = &r->c;
	struct ll_time t;
	struct sfmt f;
	char both[48];
	int known, off = 0;
	struct tz *zone;
	int64_t utc;

	if (p->skip)
		return;
	sf_init(&f, both, sizeof(both));  /* "%s %s" */
	sf_str(&f, tx->date);
	sf_char(&f, ' ');
	sf_str(&f, p->time);
	if (mkt_date(&t, both, f.len, order) &&
	    mkt_date(&t, tx->date, strlen(tx->date), order)) {
		if (p->bad)
			return; /* already reported */
		p->bad = 1;
		c->stats->bad_rows++;
		parse_reject(c->sink, c->path, p->line, "error", "bad-date",
			   "'%s' is not a date; the row is not imported", tx->date);
		return;
	}
	p->days = mkt_days(&t);
	zone = t.has_tz ? NULL : column_zone(c, tx->zone);
	known = t.has_tz || zone ||
		mkt_zone_find(tx->zone, strlen(tx->zone), t.year, t.month, t.day, &off) == 0;
	p->utc = p->days * 86400 + t.hour * 3600 + t.min * 60 + t.sec -
		 (t.has_tz ? t.tz_min : off) * 60;
	/* only an instant (a time and a known zone) moves to another day;
	 * a zoneinfo name gives the exact hour of its DST changes */
	utc = zone ? tz_wall_seconds(&t) - tz_offset_local(zone, tz_wall_seconds(&t)) : p->utc;
	p->local = known && t.has_time ? parse_days_utc(c->sink, c->stats, utc, p->days)
				       : p->days;
}

/* Each row of the store (with its text) through fn, a block at a time,
 * written back. */
static int each_stored(struct rd *r,
		       void (*fn)(struct rd *r, struct pp_row *p, const struct pp_text *t,
				  int arg),
		       int arg)
{
	struct pp_store *st = &r->c.store, *tt = &r->text;
	struct pp_row *buf = NULL, *blk;
	struct pp_text *tbuf = NULL, *tblk;
	size_t i, k;

	if ((!pp_store_in_memory(st) && !(buf = malloc(PP_BLOCK * sizeof(*buf)))) ||
	    (!pp_store_in_memory(tt) && !(tbuf = malloc(PP_BLOCK * sizeof(*tbuf))))) {
		free(buf);
		return LL_ERROR;
	}
	for (i = 0; i < st->n; i += PP_BLOCK) {
		size_t m = st->n - i < PP_BLOCK ? st->n - i : PP_BLOCK;

		if (!(blk = pp_store_get(st, i, m, buf)) || !(tblk = pp_store_get(tt, i, m, tbuf)))
			break;
		for (k = 0; k < m; k++)
			fn(r, &blk[k], &tblk[k], arg);
		if (pp_store_put(st, i, m, blk))
			break;
	}
	free(buf);
	free(tbuf);
	if (i < st->n && !st->err[0])
		memcpy(st->err, tt->err, sizeof(st->err));
	return i < st->n ? LL_ERROR : 0;
}

static void amounts_pass(struct rd *r, struct pp_row *p, const struct pp_text *t, int style)
{
	read_amounts(r, p, t, (enum money_style)style);
	count_dates(r, p, t);
}

static void dates_pass(struct rd *r, struct pp_row *p, const struct pp_text *t, int order)
{
	date_row(r, p, t, (enum mkt_dmy)order);
	pp_note_row(&r->ord, r->c.stats, p);
}

/* one warning per word not understood */
static void report_words(struct rd *r)
{
	static const struct {
		const char *code, *what, *then;
	} kinds[3] = {
		{ "unknown-type", "type",
		  "its amounts are imported as 'Unclassified' (the suspense account in "
		  "mappings/paypal.csv; a row '<type>,Unclassified,...' there books it "
		  "elsewhere), never guessed as a sale" },
		{ "unknown-status", "status", "read as moving the balance (the Balance "
		  "column checks it)" },
		{ "unknown-impact", "Balance Impact", "read as moving the balance" },
	};
	const struct words *all[3] = { &r->types, &r->statuses, &r->impacts };
	struct pp_ctx *c = &r->c;
	size_t k, i;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < all[k]->n; i++)
			parse_reject(c->sink, c->path, all[k]->w[i].line, "warning", kinds[k].code,
				   "%s PayPal %s '%s' not understood (%ld row(s), first on line "
				   "%ld): %s", pp_lang_name(r->lo.lang), kinds[k].what,
				   all[k]->w[i].w, all[k]->w[i].count, all[k]->w[i].line,
				   kinds[k].then);
		if (all[k]->more_rows)
			parse_reject(c->sink, c->path, 0, "warning", kinds[k].code,
				   "%ld more row(s) with a %s not understood (more than %d "
				   "different words): %s", all[k]->more_rows, kinds[k].what,
				   PP_MAX_WORDS, kinds[k].then);
	}
	if (r->left_out)
		parse_reject(c->sink, c->path, 0, "note", "no-balance-effect",
			   "%ld row(s) that do not move the balance (authorizations, cart "
			   "items, Balance Impact 'Memo') left out", r->left_out);
}

/* the header cells that name no column we know, for a message */
static void unknown_cells(const struct csvrec *h, char *out, size_t cap)
{
	size_t i, n = h->nf < CSVREC_MAX_FIELDS ? h->nf : CSVREC_MAX_FIELDS, len = 0;
	int c;

	out[0] = '\0';
	for (i = 0; i < n && len + 8 < cap; i++) {
		struct field f = text_trim(h->f[i]);

		if (!f.len)
			continue;
		for (c = 0; c < PC__N; c++)
			if (pp_col_is(f, (enum pp_col)c, NULL))
				break;
		if (c < PC__N)
			continue;
		len += (size_t)snprintf(out + len, cap - len, "%s'%.*s'", len ? ", " : "",
					(int)(f.len < 40 ? f.len : 40), f.p);
	}
	if (len >= cap)
		out[cap - 1] = '\0';
}

/* What made a cut or stream fail: the set's deposits or their spill file,
 * else the row store, else memory. */
static const char *pp_errmsg(const struct pp_ctx *c)
{
	if (c->set.err[0] || c->set.spill.err[0])
		return mkt_errmsg(&c->set);
	return c->store.err[0] ? c->store.err : "out of memory";
}

int paypal_parse(struct lines *l, const char *path, const char *header, size_t hlen,
		 const struct parse_sink *sink, struct parse_stats *stats,
		 struct ll_err *err)
{
	struct rd *r;
	struct pp_ctx *c;
	struct csvrec *h = NULL, *rec = NULL;
	struct pp_row row;
	struct pp_text text;
	const struct parse_wallet *by_day;
	enum pp_way way;
	char delim;
	int rc = 0, *col;
	size_t i;

	r = calloc(1, sizeof(*r));
	if (!r)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	c = &r->c;
	col = r->lo.col;
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	by_day = sink->wallet && sink->wallet->by_day ? sink->wallet : NULL;
	buf_init(&r->tmp, LINES_MAX_LEN * 4);
	mkt_set_init(&c->set, "paypal", path);
	pp_store_init(&c->store, c->set.spill.budget / 4, sizeof(struct pp_row));
	pp_store_init(&r->text, c->set.spill.budget / 8, sizeof(struct pp_text));
	h = csvrec_new();
	rec = csvrec_new();
	if (!h || !rec) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "out of memory");
		goto done;
	}
	if (split_header(h, &r->tmp, header, hlen, &delim)) {
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno, "unreadable header");
		goto done;
	}
	find_columns(&r->lo, h);
	if (col[PC_TYPE] < 0)
		col[PC_TYPE] = col[PC_DESC];
	if (col[PC_CUR] < 0 || col[PC_GROSS] < 0 || col[PC_TYPE] < 0) {
		char words[400];

		unknown_cells(h, words, sizeof(words));
		rc = ll_err_set(err, LL_EPARSE, path, l->lineno,
				"unknown column set: a PayPal download (%s) without a %s column "
				"(header words not understood: %s)", pp_lang_name(r->lo.lang),
				col[PC_CUR] < 0 ? "Currency" : col[PC_GROSS] < 0 ? "Gross" : "Type",
				words[0] ? words : "none");
		goto done;
	}
	/* 1: every row read and kept (in the store), its words classified */
	while ((rc = csvrec_next(rec, l, delim, err)) == 1) {
		if (csvrec_blank(rec))
			continue;
		stats->rows++;
		if (c->store.n >= PP_MAX_ROWS) {
			rc = ll_err_set(err, LL_EPARSE, path, rec->line,
					"more than %d rows in one download", PP_MAX_ROWS);
			goto done;
		}
		if (read_row(r, rec, &row, &text) < 0) {
			rc = ll_err_set(err, LL_ERROR, path, rec->line, "out of memory");
			goto done;
		}
		if (row.bad)
			stats->bad_rows++;
		count_amounts(r, &row, &text);
		if (pp_store_add(&c->store, &row) || pp_store_add(&r->text, &text)) {
			rc = ll_err_set(err, LL_ERROR, path, rec->line, "%s",
					c->store.err[0] ? c->store.err : r->text.err);
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	/* 2: amounts, with the file's decimal separator; 3: dates, with its
	 * date order; then whether each currency runs one way in time */
	if (each_stored(r, amounts_pass, (int)amounts_style(r)) ||
	    each_stored(r, dates_pass, (int)dates_order(r))) {
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", c->store.err);
		goto done;
	}
	pp_store_free(&r->text); /* read: only the rows are needed now */
	report_words(r);
	way = pp_way(&r->ord, by_day != NULL);
	if (way == PP_SORT_MEMORY || way == PP_SORT_CUT) {
		void *all;

		paypal_files_sorted++;
		if (way == PP_SORT_CUT && pp_store_sort(&c->store, cmp_rows)) {
			rc = ll_err_set(err, LL_ERROR, path, 0, "%s", c->store.err);
			goto done;
		}
		if (way == PP_SORT_CUT && !pp_store_in_memory(&c->store)) {
			/* sorted in its file: pp_cut reads it by blocks */
			paypal_files_cut_stored++;
			c->n = c->store.n;
		} else {
			/* every row in memory (the knob, the account model's
			 * files that cannot stream), or few enough: sorted */
			paypal_files_held += way == PP_SORT_MEMORY;
			if (pp_store_take(&c->store, &all, &c->n)) {
				rc = ll_err_set(err, LL_ERROR, path, 0, "%s", c->store.err);
				goto done;
			}
			c->rows = all;
			c->cap = c->n;
			if (c->n && way == PP_SORT_MEMORY)
				qsort(c->rows, c->n, sizeof(*c->rows), cmp_rows);
		}
		if (by_day ? pp_days(c, by_day) : pp_cut(c)) {
			rc = ll_err_set(err, LL_ERROR, path, 0, "%s", pp_errmsg(c));
			goto done;
		}
		if ((rc = pp_fates(c))) {
			if (c->row_err)
				rc = ll_err_set(err, LL_ERROR, path, 0, "%s", pp_errmsg(c));
			goto done;
		}
	} else {
		if (way == PP_SORT_STREAM) {
			/* out of time order: the store sorted, then in order */
			paypal_files_sorted++;
			if (pp_store_sort(&c->store, cmp_rows)) {
				rc = ll_err_set(err, LL_ERROR, path, 0, "%s", c->store.err);
				goto done;
			}
			for (i = 0; i < r->ord.ncur; i++)
				r->ord.curs[i].asc = 1;
		}
		paypal_files_streamed++;
		if ((rc = pp_stream(c, r->ord.curs, r->ord.ncur, by_day))) {
			if (rc == LL_ERROR)
				rc = ll_err_set(err, LL_ERROR, path, 0, "%s", pp_errmsg(c));
			goto done;
		}
	}
	/* a read-back failure is said; the sink's own answer passes as it is */
	if ((rc = mkt_deliver(&c->set, c->sink, c->stats, NULL)) && c->set.err[0])
		rc = ll_err_set(err, LL_ERROR, path, 0, "%s", c->set.err);
done:
	for (i = 0; i < c->nzones; i++)
		tz_free(c->zones[i]);
	free(c->rows);
	pp_at_free(c);
	mkt_set_free(&c->set);
	pp_store_free(&c->store);
	pp_store_free(&r->text);
	buf_free(&r->tmp);
	csvrec_delete(h);
	csvrec_delete(rec);
	free(r);
	return rc;
}
