/*
 * shopify_common.c - the per-file deposit table and field helpers the
 * Shopify parsers share (shopify_common.h).
 *
 * Deposits are heap-allocated as they are first named and found again
 * through a small open-addressing hash of their ids, since consecutive
 * rows of a Shopify export often belong to different deposits. While the
 * file is read, their events may be moved out to a temporary file
 * (shop_spill_check, spill.h). At the end of the file they are sorted by
 * id, put back one at a time, delivered and freed, so the same export
 * always gives the same deposits in the same order.
 */
#include "shopify_common.h"

#include "formats/parse_mkt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"
#include "util/money.h"
#include "util/tz.h"

int shop_ctx_init(struct shop_ctx *c, const char *path, const struct parse_sink *sink,
		  struct parse_stats *stats)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->sink = sink;
	c->stats = stats;
	spill_init(&c->spill);
	c->live = 1;
	buf_init(&c->tmp, LINES_MAX_LEN * 4);
	c->nslots = 64;
	c->slots = calloc(c->nslots, sizeof(*c->slots));
	return c->slots ? 0 : LL_ERROR;
}

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int rehash(struct shop_ctx *c)
{
	size_t ns = c->nslots * 2, i;
	uint32_t *s = calloc(ns, sizeof(*s));

	if (!s)
		return LL_ERROR;
	for (i = 0; i < c->n; i++) {
		size_t k = hash_id(c->deps[i]->id) & (ns - 1);

		while (s[k])
			k = (k + 1) & (ns - 1);
		s[k] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = s;
	c->nslots = ns;
	return 0;
}

struct deposit *shop_deposit(struct shop_ctx *c, const char *id, const char *currency,
			     long line, int *created)
{
	size_t k = hash_id(id) & (c->nslots - 1);
	struct deposit *d;
	struct shop_dep *sd;

	*created = 0;
	while (c->slots[k]) {
		d = c->deps[c->slots[k] - 1];
		if (!strcmp(d->id, id))
			return d;
		k = (k + 1) & (c->nslots - 1);
	}
	if (c->n >= SHOP_MAX_DEPOSITS) {
		shop_reject(c, line, "error", "too-many-deposits",
			    "more than %d payouts or days in one file; row not imported",
			    SHOP_MAX_DEPOSITS);
		return NULL;
	}
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct deposit **nd = realloc(c->deps, nc * sizeof(*nd));

		if (!nd)
			return NULL;
		c->deps = nd;
		c->cap = nc;
	}
	sd = calloc(1, sizeof(*sd));
	if (!sd)
		return NULL;
	d = &sd->d;
	if (deposit_init(d, "shopify", id, c->path)) {
		deposit_free(d);
		free(sd);
		return NULL;
	}
	sd->first_line = line;
	snprintf(d->currency, sizeof(d->currency), "%s", currency);
	d->exponent = currency_exponent(currency);
	d->header_line = (uint32_t)line;
	c->deps[c->n++] = d;
	c->slots[k] = (uint32_t)c->n;
	if (c->n * 2 > c->nslots && rehash(c))
		return NULL;
	*created = 1;
	return d;
}

static int cmp_dep(const void *a, const void *b)
{
	const struct deposit *x = *(const struct deposit *const *)a;
	const struct deposit *y = *(const struct deposit *const *)b;

	return strcmp(x->id, y->id);
}

int shop_ctx_finish(struct shop_ctx *c, int deliver, int (*keep)(void *arg, struct deposit *d),
		    void *arg, struct ll_err *err)
{
	size_t i;
	int rc = 0;

	if (c->n)
		qsort(c->deps, c->n, sizeof(*c->deps), cmp_dep);
	for (i = 0; i < c->n; i++) {
		struct deposit *d = c->deps[i];

		if (deliver && rc == 0 && deposit_unspill(d))
			rc = ll_err_set(err, LL_ERROR, c->path, (long)d->header_line,
					"%s %s: %s", deposit_noun(d), d->id,
					spill_errmsg(&c->spill));
		if (deliver && rc == 0 && (!keep || keep(arg, d))) {
			c->stats->deposits++;
			rc = c->sink->deposit(c->sink->ctx, d);
		}
		deposit_free(d);
		free(shop_dep(d));
	}
	free(c->deps);
	free(c->slots);
	if (c->live)
		spill_free(&c->spill); /* a zeroed context's fd 0 is not ours */
	c->live = 0;
	buf_free(&c->tmp);
	c->deps = NULL;
	c->slots = NULL;
	c->n = c->cap = 0;
	return rc;
}

int shop_spill_check(struct shop_ctx *c, long line, struct ll_err *err)
{
	if (spill_check(&c->spill, c->deps, c->n))
		return ll_err_set(err, LL_ERROR, c->path, line, "%s",
				  spill_errmsg(&c->spill));
	return 0;
}

int shop_intern(struct shop_ctx *c, struct deposit *d, struct field v, uint32_t *id)
{
	return deposit_intern_text(d, &c->tmp, v.p, v.len, id);
}

int shop_intern_s(struct shop_ctx *c, struct deposit *d, const char *s, uint32_t *id)
{
	return shop_intern(c, d, (struct field){ s, strlen(s) }, id);
}

int shop_add(struct shop_ctx *c, struct deposit *d, const struct event *e)
{
	if (deposit_add(d, e))
		return LL_ERROR;
	if (e->posted_days) {
		if (!c->stats->first_days || e->posted_days < c->stats->first_days)
			c->stats->first_days = e->posted_days;
		if (e->posted_days > c->stats->last_days)
			c->stats->last_days = e->posted_days;
	}
	return 0;
}

int shop_left(struct shop_ctx *c, const char *currency, const char *reason, int64_t amount)
{
	return parse_fate(c->sink, currency, FATE_LEFT, reason, 1, amount) ? LL_ERROR : 1;
}

/* one gateway's words, folded: Shopify pays it out */
static int shopify_paid_one(struct field g)
{
	static const char *const names[] = {
		"Shopify Payments", "shopify_payments", "Shop Pay Installments",
		"shop_pay_installments", "Shop Pay", "shop_pay", NULL
	};
	size_t i;

	g = text_trim(g);
	for (i = 0; names[i]; i++)
		if (text_ieq(g, names[i]))
			return 1;
	return 0;
}

int shop_gateway_paid_by_shopify(const char *gateway)
{
	const char *p = gateway, *plus;
	int yes = 0, no = 0;

	for (;;) {
		plus = strstr(p, " + ");
		if (shopify_paid_one((struct field){ p, plus ? (size_t)(plus - p) : strlen(p) }))
			yes++;
		else
			no++;
		if (!plus)
			break;
		p = plus + 3;
	}
	return yes && no ? -1 : yes ? 1 : 0;
}

void shop_channel(const char *gateway, struct field source, char *out, size_t outlen)
{
	static const struct {
		const char *word, *channel;
	} gw[] = {
		{ "amazon_marketplace", "amazon" }, { "Amazon Marketplace", "amazon" },
		{ "amazon", "amazon" }, { "ebay", "ebay" }, { "eBay Managed Payments", "ebay" },
		{ "ebay_payments", "ebay" }, { "walmart", "walmart" },
		{ "walmart_marketplace", "walmart" }, { "etsy", "etsy" },
		{ "tiktok_shop", "tiktok" }, { "TikTok Shop", "tiktok" },
	}, src[] = {
		{ "sell-on-amazon", "amazon" }, { "amazon", "amazon" }, { "ebay", "ebay" },
		{ "walmart", "walmart" }, { "etsy", "etsy" }, { "tiktok", "tiktok" },
	};
	size_t i;

	out[0] = '\0';
	for (i = 0; i < sizeof(gw) / sizeof(gw[0]); i++)
		if (text_ieq((struct field){ gateway, strlen(gateway) }, gw[i].word)) {
			snprintf(out, outlen, "%s", gw[i].channel);
			return;
		}
	source = text_trim(source);
	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		if (text_ieq(source, src[i].word)) {
			snprintf(out, outlen, "%s", src[i].channel);
			return;
		}
}

/* the digits of a group pattern such as {3,7,7} at p (dashes between):
 * its length, or 0 */
static size_t digit_groups(const char *p, size_t len, const int *g, int ng)
{
	size_t i = 0;
	int k, n;

	for (k = 0; k < ng; k++) {
		if (k) {
			if (i >= len || p[i] != '-')
				return 0;
			i++;
		}
		for (n = 0; n < g[k]; n++, i++)
			if (i >= len || p[i] < '0' || p[i] > '9')
				return 0;
	}
	if (i < len && p[i] >= '0' && p[i] <= '9')
		return 0;
	return i;
}

int shop_channel_order(const char *channel, struct field text, char *out, size_t outlen)
{
	static const int amz[] = { 3, 7, 7 }, eb[] = { 2, 5, 5 };
	const int *g = !strcmp(channel, "amazon") ? amz : !strcmp(channel, "ebay") ? eb : NULL;
	size_t i, n;

	if (!g)
		return 0;
	for (i = 0; i < text.len; i++) {
		if (i && text.p[i - 1] >= '0' && text.p[i - 1] <= '9')
			continue;
		n = digit_groups(text.p + i, text.len - i, g, 3);
		if (n) {
			snprintf(out, outlen, "%.*s", (int)n, text.p + i);
			return 1;
		}
	}
	return 0;
}

int shop_col(const struct csvrec *hdr, const char *name)
{
	size_t i;

	for (i = 0; i < hdr->nf && i < CSVREC_MAX_FIELDS; i++)
		if (text_ieq(text_trim(hdr->f[i]), name))
			return (int)i;
	return -1;
}

struct field shop_get(const struct csvrec *r, int idx)
{
	struct field empty = { "", 0 };

	if (idx < 0 || (size_t)idx >= r->nf || idx >= CSVREC_MAX_FIELDS)
		return empty;
	return text_trim(r->f[idx]);
}

int shop_money(int64_t *out, struct field v, int exponent)
{
	/* a decimal comma only where the value proves one (a re-saved copy) */
	enum money_style st = mkt_money_proof(v) == MONEY_COMMA ? MONEY_COMMA : MONEY_DOT;
	int64_t x;
	int k;

	if (money_parse(out, v.p, v.len, exponent, st) == 0)
		return 0;
	if (exponent >= 2 || money_parse(&x, v.p, v.len, 2, st))
		return LL_EPARSE;
	for (k = exponent; k < 2; k++) {
		if (x % 10)
			return LL_EPARSE;
		x /= 10;
	}
	*out = x;
	return 0;
}

int shop_date(struct field v, int64_t *days, char ymd[11])
{
	struct ll_time t;

	if (v.len == 0 || date_parse(&t, v.p, v.len))
		return LL_EPARSE;
	if (days)
		*days = date_days(t.year, t.month, t.day);
	if (ymd)
		date_ymd(&t, ymd);
	return 0;
}

int shop_date_local(struct shop_ctx *c, struct field v, int64_t *written, int64_t *days,
		    char ymd[11])
{
	struct ll_time t;
	int64_t local;

	if (v.len == 0 || date_parse(&t, v.p, v.len))
		return LL_EPARSE;
	local = tz_days(c->sink->tz, &t);
	if (written)
		*written = date_days(t.year, t.month, t.day);
	if (days)
		*days = local;
	if (ymd)
		date_days_ymd(local, ymd);
	return 0;
}

void shop_copy(char *out, size_t outlen, struct field f)
{
	size_t n = f.len < outlen - 1 ? f.len : outlen - 1;

	memcpy(out, f.p, n);
	out[n] = '\0';
}

int shop_open_header(struct csvrec **hdr, struct csvrec **rec, const char *path,
		       const char *header, size_t hlen, struct ll_err *err)
{
	*hdr = csvrec_new();
	*rec = csvrec_new();
	if (!*hdr || !*rec)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	if (csvrec_parse(*hdr, header, hlen, mkt_delim(header, hlen)) ||
	    (*hdr)->nf > CSVREC_MAX_FIELDS)
		return ll_err_set(err, LL_EPARSE, path, 1, "unknown column set: header not readable");
	return 0;
}

void shop_close_header(struct csvrec *hdr, struct csvrec *rec)
{
	csvrec_delete(hdr);
	csvrec_delete(rec);
}

void shop_warn_unknown(struct shop_ctx *c, const struct csvrec *hdr,
			 const char *const *known, const char *what)
{
	char list[400] = "";
	size_t i, k, ul;
	int n = 0;

	for (i = 0; i < hdr->nf && i < CSVREC_MAX_FIELDS; i++) {
		struct field t = text_trim(hdr->f[i]);

		for (k = 0; known[k]; k++)
			if (text_ieq(t, known[k]))
				break;
		if (known[k] || t.len == 0)
			continue;
		n++;
		ul = strlen(list);
		if (ul < sizeof(list) - 80)
			snprintf(list + ul, sizeof(list) - ul, "%s'%.*s'", ul ? ", " : "",
				 (int)(t.len < 60 ? t.len : 60), t.p);
	}
	if (n)
		shop_reject(c, 1, "warning", "unknown-column",
			    "%d column(s) not known: %s; %s", n, list, what);
}

int shop_row_too_long(struct shop_ctx *c, const struct csvrec *r, const struct csvrec *hdr)
{
	size_t i;

	if (r->nf <= hdr->nf)
		return 0;
	for (i = hdr->nf; i < r->nf && i < CSVREC_MAX_FIELDS; i++)
		if (text_trim(r->f[i]).len)
			break;
	if (i == r->nf || i == CSVREC_MAX_FIELDS) {
		if (r->nf <= CSVREC_MAX_FIELDS)
			return 0; /* trailing empty cells */
	}
	shop_reject(c, r->line, "error", "bad-row",
		    "row has %zu fields, the header has %zu; row not imported", r->nf, hdr->nf);
	return 1;
}

int shop_read_rows(struct shop_ctx *c, struct lines *l, struct csvrec *rec,
		   const struct csvrec *hdr, shop_row_fn fn, void *ctx,
		   struct parse_stats *stats, struct ll_err *err)
{
	int rc;

	while ((rc = csvrec_next(rec, l, c->delim ? c->delim : ',', err)) == 1) {
		stats->rows++;
		if (shop_row_too_long(c, rec, hdr)) {
			stats->bad_rows++;
			if (parse_fate(c->sink, "", FATE_LEFT, "unreadable", 1, 0))
				return ll_err_set(err, LL_ERROR, c->path, rec->line,
						  "the state file failed");
			continue;
		}
		rc = fn(ctx, rec);
		if (rc < 0)
			return ll_err_set(err, LL_ERROR, c->path, rec->line, "out of memory");
		if (rc)
			stats->bad_rows++;
		/* a row is complete: a safe point */
		if (shop_spill_check(c, rec->line, err))
			return LL_ERROR;
	}
	return rc;
}
