/*
 * mkt_set.c - the deposits of one marketplace file (parse_mkt.h): an
 * array in order of first appearance plus an open-addressing index on the
 * id's 64-bit hash, so a file with years of days finds its deposit in
 * O(1); adding events with interned strings through a per-field cache.
 *
 * Memory is bounded by the largest deposit, not by the file (issue 15
 * item 3). At the parser's safe points (mkt_check) the events and strings
 * of the deposits in memory move out to the set's spill file when they
 * hold more than its budget (spill.h); a deposit the parser knows to be
 * complete (a WooCommerce refund) is parked whole (mkt_park): its events
 * and then its header go to the file and only its place in the order, its
 * hash and where it lies stay in memory (about 40 bytes). Looking a parked
 * deposit up reads it back (a hash that matches is checked against the id
 * read); delivery reads each deposit back in order of first appearance,
 * hands it on and frees it, so outputs are what they were without a
 * spill, byte for byte.
 */
#include "parse_mkt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* entries of a set: parked ones cost their index, hash and offset */
#define MKT_MAX_ENTRIES (1u << 26)

static uint64_t hash_id(const char *id)
{
	uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a, 64 bits */

	while (*id)
		h = (h ^ (unsigned char)*id++) * UINT64_C(1099511628211);
	return h;
}

static void set_fail(struct mkt_set *s, const char *msg)
{
	s->failed = 1;
	if (!s->err[0])
		snprintf(s->err, sizeof(s->err), "%s", msg && *msg ? msg : "out of memory");
}

const char *mkt_errmsg(const struct mkt_set *s)
{
	if (s->err[0])
		return s->err;
	return spill_errmsg(&s->spill);
}

void mkt_set_init(struct mkt_set *s, const char *platform, const char *path)
{
	const char *env = getenv("LEDGERLIFT_MKT_MAX_OPEN");

	memset(s, 0, sizeof(*s));
	s->platform = platform;
	s->path = path;
	buf_init(&s->tmp, LINES_MAX_LEN * 4);
	spill_init(&s->spill);
	s->max_open = MKT_MAX_DEPOSITS;
	if (env && *env) { /* a test knob: only ever lower */
		char *end;
		unsigned long v = strtoul(env, &end, 10);

		if (*end == '\0' && v > 0 && v < s->max_open)
			s->max_open = (size_t)v;
	}
}

void mkt_set_free(struct mkt_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->d[i]) {
			deposit_free(s->d[i]);
			free(s->d[i]);
		}
	}
	free(s->d);
	free(s->hash);
	free(s->parked);
	free(s->opos);
	free(s->open);
	free(s->openidx);
	free(s->slots);
	buf_free(&s->tmp);
	spill_free(&s->spill);
	memset(s->ic, 0, sizeof(s->ic));
	s->d = s->open = NULL;
	s->hash = NULL;
	s->parked = NULL;
	s->opos = s->openidx = s->slots = NULL;
	s->n = s->cap = s->nslots = s->nopen = s->opencap = s->nparked = 0;
}

/* forget the cached ids of d's strings (its pool changed or it is gone) */
static void icache_drop(struct mkt_set *s, const struct deposit *d)
{
	size_t f;

	for (f = 0; f < MKT_ICACHE_FIELDS; f++)
		if (s->ic[f].d == d)
			s->ic[f].d = NULL;
}

static int open_add(struct mkt_set *s, size_t i)
{
	if (s->nopen == s->opencap) {
		size_t nc = s->opencap ? s->opencap * 2 : 64;
		struct deposit **no = realloc(s->open, nc * sizeof(*no));
		uint32_t *ni;

		if (!no)
			return LL_ERROR;
		s->open = no;
		ni = realloc(s->openidx, nc * sizeof(*ni));
		if (!ni)
			return LL_ERROR;
		s->openidx = ni;
		s->opencap = nc;
	}
	s->open[s->nopen] = s->d[i];
	s->openidx[s->nopen] = (uint32_t)i;
	s->opos[i] = (uint32_t)s->nopen++;
	return 0;
}

static void open_remove(struct mkt_set *s, size_t i)
{
	size_t k = s->opos[i], last = s->nopen - 1;

	s->open[k] = s->open[last];
	s->openidx[k] = s->openidx[last];
	s->opos[s->openidx[k]] = (uint32_t)k;
	s->nopen--;
}

static int reindex(struct mkt_set *s, size_t nslots)
{
	uint32_t *ns = calloc(nslots, sizeof(*ns));
	size_t i, h;

	if (!ns)
		return LL_ERROR;
	free(s->slots);
	s->slots = ns;
	s->nslots = nslots;
	for (i = 0; i < s->n; i++) {
		h = (size_t)s->hash[i] & (nslots - 1);
		while (s->slots[h])
			h = (h + 1) & (nslots - 1);
		s->slots[h] = (uint32_t)(i + 1);
	}
	return 0;
}

/* entry i's header read back from the spill file, its events still there
 * (deposit_unspill brings them): a deposit of its own, or NULL */
static struct deposit *load(struct mkt_set *s, size_t i)
{
	struct deposit *d = malloc(sizeof(*d));
	size_t maxb;

	if (!d || spill_get(&s->spill, d, sizeof(*d), s->parked[i] - 1)) {
		free(d);
		set_fail(s, s->spill.err);
		return NULL;
	}
	maxb = d->pool.max_bytes;
	d->ev = NULL;
	d->nev = d->evcap = 0;
	d->path = s->path;
	d->spill = &s->spill;
	if (strpool_init(&d->pool, maxb)) {
		free(d);
		set_fail(s, NULL);
		return NULL;
	}
	return d;
}

/* parked entry i back in memory, among the open deposits. 0 or LL_ERROR */
static int unpark(struct mkt_set *s, size_t i)
{
	struct deposit *d = load(s, i);

	if (!d)
		return LL_ERROR;
	s->d[i] = d;
	s->parked[i] = 0;
	s->nparked--;
	if (open_add(s, i)) {
		set_fail(s, NULL);
		return LL_ERROR;
	}
	return 0;
}

/* the index of the entry named id (hash h), or -1; a parked one that
 * matches is read back */
static long find_idx(struct mkt_set *s, const char *id, uint64_t h)
{
	size_t k;

	if (!s->nslots)
		return -1;
	k = (size_t)h & (s->nslots - 1);
	while (s->slots[k]) {
		size_t i = s->slots[k] - 1;

		if (s->hash[i] == h) {
			if (!s->d[i] && unpark(s, i))
				return -1;
			if (!strcmp(s->d[i]->id, id))
				return (long)i;
		}
		k = (k + 1) & (s->nslots - 1);
	}
	return -1;
}

struct deposit *mkt_find(struct mkt_set *s, const char *id)
{
	long i = find_idx(s, id, hash_id(id));

	return i < 0 ? NULL : s->d[i];
}

static int grow(struct mkt_set *s)
{
	size_t nc = s->cap ? s->cap * 2 : 64;
	struct deposit **nd = realloc(s->d, nc * sizeof(*nd));
	uint64_t *nh;
	int64_t *np;
	uint32_t *no;

	if (!nd)
		return LL_ERROR;
	s->d = nd;
	if (!(nh = realloc(s->hash, nc * sizeof(*nh))))
		return LL_ERROR;
	s->hash = nh;
	if (!(np = realloc(s->parked, nc * sizeof(*np))))
		return LL_ERROR;
	s->parked = np;
	if (!(no = realloc(s->opos, nc * sizeof(*no))))
		return LL_ERROR;
	s->opos = no;
	s->cap = nc;
	return 0;
}

struct deposit *mkt_get(struct mkt_set *s, const char *id, const char *currency)
{
	uint64_t h = hash_id(id);
	long found = find_idx(s, id, h);
	struct deposit *d;
	size_t k;

	if (found >= 0)
		return s->d[found];
	if (s->failed)
		return NULL;
	if (s->n - s->nparked >= s->max_open || s->n >= MKT_MAX_ENTRIES) {
		snprintf(s->err, sizeof(s->err),
			 "more than %zu deposits open at once: split the export", s->max_open);
		s->failed = 1;
		return NULL;
	}
	if ((s->n == s->cap && grow(s)) ||
	    ((s->n + 1) * 2 > s->nslots && reindex(s, s->nslots ? s->nslots * 2 : 128)))
		return NULL;
	d = malloc(sizeof(*d));
	if (!d || deposit_init(d, s->platform, id, s->path)) {
		free(d);
		return NULL;
	}
	if (currency) {
		snprintf(d->currency, sizeof(d->currency), "%s", currency);
		d->exponent = currency_exponent(d->currency);
	}
	s->d[s->n] = d;
	s->hash[s->n] = h;
	s->parked[s->n] = 0;
	if (open_add(s, s->n)) {
		deposit_free(d);
		free(d);
		return NULL;
	}
	s->n++;
	k = (size_t)h & (s->nslots - 1);
	while (s->slots[k])
		k = (k + 1) & (s->nslots - 1);
	s->slots[k] = (uint32_t)s->n;
	return d;
}

static int check(struct mkt_set *s, int now)
{
	long before = s->spill.chunks;
	int rc = now ? spill_check_now(&s->spill, s->open, s->nopen)
		     : spill_check(&s->spill, s->open, s->nopen);

	if (s->spill.chunks != before)
		memset(s->ic, 0, sizeof(s->ic)); /* their ids name the old pools */
	if (rc)
		set_fail(s, s->spill.err);
	return rc;
}

int mkt_check(struct mkt_set *s)
{
	return check(s, 0);
}

int mkt_check_now(struct mkt_set *s)
{
	return check(s, 1);
}

int mkt_unspill(struct mkt_set *s, struct deposit *d)
{
	if (!d->nspill)
		return 0;
	icache_drop(s, d); /* ids given since the spill are renumbered */
	if (deposit_unspill(d)) {
		set_fail(s, s->spill.err);
		return LL_ERROR;
	}
	return 0;
}

int mkt_park(struct mkt_set *s, struct deposit *d)
{
	uint64_t h = hash_id(d->id);
	size_t k, i;
	int64_t off;

	if (!s->nslots)
		return 0;
	for (k = (size_t)h & (s->nslots - 1); s->slots[k]; k = (k + 1) & (s->nslots - 1))
		if (s->d[s->slots[k] - 1] == d)
			break;
	if (!s->slots[k])
		return 0; /* not one of the set's */
	i = s->slots[k] - 1;
	icache_drop(s, d);
	if (deposit_spill(d, &s->spill) || spill_put(&s->spill, d, sizeof(*d), &off)) {
		set_fail(s, s->spill.err);
		return LL_ERROR;
	}
	open_remove(s, i);
	deposit_free(d);
	free(d);
	s->d[i] = NULL;
	s->parked[i] = off + 1;
	s->nparked++;
	return 0;
}

void mkt_total_from_events(struct deposit *d)
{
	size_t k;

	d->total = 0;
	for (k = 0; k < d->nev; k++)
		d->total = money_add(d->total, d->ev[k].amount);
}

int mkt_deliver_each(struct mkt_set *s, const struct parse_sink *sink,
		     struct parse_stats *stats, int (*prep)(void *ctx, struct deposit *d),
		     void *ctx)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < s->n; i++) {
		struct deposit *d = s->d[i];

		if (rc == 0 && !d && s->parked[i]) {
			d = load(s, i);
			if (!d)
				rc = LL_ERROR;
		}
		if (rc == 0 && d) {
			int k;

			if (d->nspill && deposit_unspill(d)) {
				set_fail(s, s->spill.err);
				rc = LL_ERROR;
			} else if ((k = prep ? prep(ctx, d) : 1) < 0) {
				rc = k;
			} else if (k > 0) {
				stats->deposits++;
				rc = sink->deposit(sink->ctx, d);
			}
		}
		if (d) {
			deposit_free(d);
			free(d);
		}
		s->d[i] = NULL;
		s->parked[i] = 0;
	}
	s->n = s->nopen = s->nparked = 0;
	if (s->nslots)
		memset(s->slots, 0, s->nslots * sizeof(*s->slots));
	memset(s->ic, 0, sizeof(s->ic)); /* their deposits are gone */
	return rc;
}

struct keep_ctx {
	int (*keep)(const struct deposit *d);
};

static int keep_prep(void *ctx, struct deposit *d)
{
	const struct keep_ctx *k = ctx;

	return !k->keep || k->keep(d);
}

int mkt_deliver(struct mkt_set *s, const struct parse_sink *sink,
		struct parse_stats *stats, int (*keep)(const struct deposit *d))
{
	struct keep_ctx k;

	k.keep = keep;
	return mkt_deliver_each(s, sink, stats, keep_prep, &k);
}

/* Intern p[0..len) in d's pool through cache slot `field` (the same text
 * in the same deposit is the same id). */
static int intern(struct mkt_set *s, int field, struct deposit *d, const char *p,
		  size_t len, uint32_t *id)
{
	struct mkt_icache *c = &s->ic[field];

	/* id 0 is always the empty string (strpool.h) */
	if (len == 0) {
		*id = 0;
		return 0;
	}
	if (c->d == d && c->len == len && memcmp(c->val, p, len) == 0) {
		*id = c->id;
		return 0;
	}
	if (deposit_intern_text(d, &s->tmp, p, len, id))
		return LL_ERROR;
	if (len <= sizeof(c->val)) {
		c->d = d;
		c->len = len;
		memcpy(c->val, p, len);
		c->id = *id;
	}
	return 0;
}

int mkt_add(struct mkt_set *s, struct deposit *d, struct parse_stats *st,
	    const struct mkt_ev *e)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.amount = e->amount;
	ev.posted_days = e->days;
	ev.line = (uint32_t)e->line;
	ev.quantity = e->quantity;
	ev.kind = (uint8_t)e->kind;
	if (intern(s, 0, d, e->ttype ? e->ttype : "", e->ttype ? strlen(e->ttype) : 0,
		   &ev.ttype) ||
	    intern(s, 1, d, e->atype ? e->atype : "", e->atype ? strlen(e->atype) : 0,
		   &ev.atype) ||
	    intern(s, 2, d, e->adesc ? e->adesc : "", e->adesc ? strlen(e->adesc) : 0,
		   &ev.adesc) ||
	    intern(s, 3, d, e->order.p ? e->order.p : "", e->order.len, &ev.order_id) ||
	    intern(s, 4, d, e->sku.p ? e->sku.p : "", e->sku.len, &ev.sku) ||
	    intern(s, 5, d, e->marketplace.p ? e->marketplace.p : "", e->marketplace.len,
		   &ev.marketplace) ||
	    intern(s, 6, d, e->txn.p ? e->txn.p : "", e->txn.len, &ev.adjustment_id) ||
	    intern(s, 7, d, e->party.p ? e->party.p : "", e->party.len, &ev.party))
		return LL_ERROR;
	if (e->tax_stated) {
		ev.tax_stated = (uint8_t)e->tax_stated;
		ev.tax_rate = e->tax_rate;
		if (intern(s, 8, d, e->tax_name.p ? e->tax_name.p : "", e->tax_name.len,
			   &ev.tax_name))
			return LL_ERROR;
	}
	if (deposit_add(d, &ev))
		return LL_ERROR;
	if (e->days) {
		if (!st->first_days || e->days < st->first_days)
			st->first_days = e->days;
		if (e->days > st->last_days)
			st->last_days = e->days;
	}
	return 0;
}
