/*
 * paypal_index.c - what pp_cut (paypal_cut.c) needs to cut a file whose
 * rows are not all in memory (paypal_cut.h): the sorted rows by index
 * through a few cached blocks of the store, and the conversions' pairing
 * (struct pp_conv) in bounded memory.
 *
 * Rows: with c->rows NULL, row i is read from c->store (sorted, in its
 * temporary file) a block at a time; PP_CACHE blocks are kept, the least
 * recently used written back (when changed) and replaced. A pointer is
 * valid until the next pp_at; a read or write error is kept (c->row_err,
 * c->store.err) and a row that moves nothing (skip) stands in for it, so
 * the cut finishes and the file fails.
 *
 * Pairing: the conversion rows of withdrawn currencies (the other row a
 * never-withdrawn currency's conversion can pair with) are listed as keys
 * (their Reference Txn ID, their Transaction ID, or, without a Reference
 * Txn ID, their instant) in a store of their own, sorted by key then row
 * (pp_store_sort: in a file past its budget), and found by binary search;
 * a bit per row says which are taken. The first row, in sorted order, that
 * pp_cut's rule admits is the one its scan of every row found.
 */
#include "paypal_cut.h"

#include <stdlib.h>
#include <string.h>

#define PP_CACHE 4

struct pp_cache {
	struct pp_row *blk[PP_CACHE];
	size_t first[PP_CACHE], n[PP_CACHE];
	unsigned long used[PP_CACHE], tick;
	int dirty[PP_CACHE];
};

/* a row that moves nothing, for a row that could not be read (one a
 * thread: files may be read in parallel) */
static _Thread_local struct pp_row no_row;

static struct pp_row *failed(struct pp_ctx *c)
{
	c->row_err = 1;
	memset(&no_row, 0, sizeof(no_row));
	no_row.skip = 1;
	return &no_row;
}

struct pp_row *pp_at(struct pp_ctx *c, size_t i, int write)
{
	struct pp_cache *k = c->cache;
	size_t first = i / PP_BLOCK * PP_BLOCK, s, m;
	struct pp_row *p;

	if (c->rows)
		return &c->rows[i];
	if (!k && !(k = c->cache = calloc(1, sizeof(*k))))
		return failed(c);
	for (s = 0; s < PP_CACHE; s++)
		if (k->blk[s] && k->first[s] == first)
			goto found;
	for (s = 0, m = 0; m < PP_CACHE; m++) { /* an empty slot, or the oldest */
		if (!k->blk[m]) {
			s = m;
			break;
		}
		if (k->used[m] < k->used[s])
			s = m;
	}
	if (!k->blk[s] && !(k->blk[s] = malloc(PP_BLOCK * sizeof(struct pp_row))))
		return failed(c);
	if (k->dirty[s] && k->n[s] &&
	    pp_store_put(&c->store, k->first[s], k->n[s], k->blk[s]))
		return failed(c);
	k->dirty[s] = 0;
	k->n[s] = 0;
	m = c->store.n - first < PP_BLOCK ? c->store.n - first : PP_BLOCK;
	if (!(p = pp_store_get(&c->store, first, m, k->blk[s])))
		return failed(c);
	if (p != k->blk[s])
		memcpy(k->blk[s], p, m * sizeof(*p));
	k->first[s] = first;
	k->n[s] = m;
found:
	k->used[s] = ++k->tick;
	k->dirty[s] |= write;
	return &k->blk[s][i - first];
}

void pp_at_free(struct pp_ctx *c)
{
	size_t s;

	if (!c->cache)
		return;
	for (s = 0; s < PP_CACHE; s++)
		free(c->cache->blk[s]);
	free(c->cache);
	c->cache = NULL;
}

/* ---- the conversions' pairing ---- */

enum { K_REF = 1, K_TXID = 2, K_UTC = 4 };

struct pp_key {
	char key[32];         /* the id, zero-padded; or the instant (K_UTC) */
	uint32_t idx;         /* the row */
	uint8_t by_utc;       /* 1: keyed by instant */
	uint8_t kind;         /* K_REF, K_TXID or K_UTC */
	uint8_t neg;          /* its Gross is negative */
	uint8_t pad;
};

static int key_cmp(const void *a, const void *b)
{
	const struct pp_key *x = a, *y = b;
	int r;

	if (x->by_utc != y->by_utc)
		return x->by_utc < y->by_utc ? -1 : 1;
	if ((r = memcmp(x->key, y->key, sizeof(x->key))))
		return r;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static void key_of(struct pp_key *k, const char *id, int64_t utc)
{
	memset(k, 0, sizeof(*k));
	if (id) {
		size_t len = strnlen(id, sizeof(k->key) - 1);

		memcpy(k->key, id, len);
	} else {
		k->by_utc = 1;
		memcpy(k->key, &utc, sizeof(utc));
	}
}

static int put_key(struct pp_conv *x, const char *id, int64_t utc, int kind, size_t idx,
		   const struct pp_row *p)
{
	struct pp_key k;

	key_of(&k, id, utc);
	k.idx = (uint32_t)idx;
	k.kind = (uint8_t)kind;
	k.neg = p->gross < 0;
	return pp_store_add(&x->keys, &k);
}

int pp_conv_withdrawn(const struct pp_conv *x, const char *cur)
{
	size_t i;

	for (i = 0; i < x->ncur; i++)
		if (!strcmp(x->curs[i].cur, cur))
			return x->curs[i].withdrawn;
	return 0;
}

int pp_conv_init(struct pp_conv *x, struct pp_ctx *c)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	pp_store_init(&x->keys, c->set.spill.budget / 8, sizeof(struct pp_key));
	pp_store_init(&x->fx, c->set.spill.budget / 16, sizeof(struct pp_fx_seg));
	x->taken = calloc(c->n / 8 + 1, 1);
	if (!x->taken)
		return LL_ERROR;
	/* which currencies have a transfer to the bank */
	for (i = 0; i < c->n; i++) {
		const struct pp_row *p = pp_at(c, i, 0);
		size_t k;

		for (k = 0; k < x->ncur && strcmp(x->curs[k].cur, p->cur); k++)
			;
		if (k == x->ncur) {
			if (x->ncur == x->cap) {
				size_t nc = x->cap ? x->cap * 2 : 8;
				void *nw = realloc(x->curs, nc * sizeof(*x->curs));

				if (!nw)
					return LL_ERROR;
				x->curs = nw;
				x->cap = nc;
			}
			memset(&x->curs[k], 0, sizeof(x->curs[k]));
			memcpy(x->curs[k].cur, p->cur, sizeof(p->cur));
			x->ncur++;
		}
		if (p->withdrawal && !p->skip && !p->bad)
			x->curs[k].withdrawn = 1;
		if (p->cls == PT_CONVERSION && !p->skip && !p->bad)
			x->curs[k].converts = 1;
	}
	for (i = 0; i < x->ncur; i++)
		x->any |= x->curs[i].cur[0] && !x->curs[i].withdrawn && x->curs[i].converts;
	if (!x->any) /* nothing is converted into another deposit */
		return c->row_err ? LL_ERROR : 0;
	/* the rows a conversion can pair with, by key */
	for (i = 0; i < c->n; i++) {
		struct pp_row p = *pp_at(c, i, 0);

		if (p.skip || p.bad || p.cls != PT_CONVERSION || !p.gross ||
		    !pp_conv_withdrawn(x, p.cur))
			continue;
		if ((p.ref[0] && put_key(x, p.ref, 0, K_REF, i, &p)) ||
		    (p.txid[0] && put_key(x, p.txid, 0, K_TXID, i, &p)) ||
		    (!p.ref[0] && put_key(x, NULL, p.utc, K_UTC, i, &p)))
			return LL_ERROR;
	}
	if (c->row_err || pp_store_sort(&x->keys, key_cmp))
		return LL_ERROR;
	return 0;
}

void pp_conv_free(struct pp_conv *x)
{
	pp_store_free(&x->keys);
	pp_store_free(&x->fx);
	free(x->taken);
	free(x->curs);
	memset(x, 0, sizeof(*x));
}

/* the first untaken row keyed (id, utc) of a kind in mask whose Gross is
 * negative as neg says; (size_t)-1 if none, or on a read error (*err) */
static size_t find(struct pp_conv *x, const char *id, int64_t utc, int mask, int neg, int *err)
{
	struct pp_key want, buf, *k;
	size_t lo = 0, hi = x->keys.n;

	key_of(&want, id, utc);
	while (lo < hi) { /* the first key not less than (id, utc, row 0) */
		size_t mid = lo + (hi - lo) / 2;

		if (!(k = pp_store_get(&x->keys, mid, 1, &buf))) {
			*err = 1;
			return (size_t)-1;
		}
		if (key_cmp(k, &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->keys.n; lo++) {
		if (!(k = pp_store_get(&x->keys, lo, 1, &buf))) {
			*err = 1;
			return (size_t)-1;
		}
		if (k->by_utc != want.by_utc || memcmp(k->key, want.key, sizeof(want.key)))
			break;
		if ((k->kind & mask) && k->neg == neg && !(x->taken[k->idx / 8] & (1u << (k->idx % 8))))
			return k->idx;
	}
	return (size_t)-1;
}

size_t pp_conv_pair(struct pp_conv *x, const struct pp_row *J, int *err)
{
	size_t best = (size_t)-1, k;
	int neg = !(J->gross < 0);

	if (J->ref[0] && (k = find(x, J->ref, 0, K_REF | K_TXID, neg, err)) < best)
		best = k;
	if (J->txid[0] && (k = find(x, J->txid, 0, K_REF, neg, err)) < best)
		best = k;
	if (!J->ref[0] && (k = find(x, NULL, J->utc, K_UTC, neg, err)) < best)
		best = k;
	return best;
}

void pp_conv_take(struct pp_conv *x, size_t k)
{
	x->taken[k / 8] |= (unsigned char)(1u << (k % 8));
}
