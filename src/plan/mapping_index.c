/*
 * mapping_index.c - matching an amount's keys to a platform's mapping rows
 * (mappings_match, mappings_match_at) without comparing strings per row.
 *
 * At load, the keys the rows name (transaction type, amount type, amount
 * description, marketplace; '*' aside) are folded to lower case (ASCII,
 * as strcasecmp in the C locale the program runs in) and interned in one
 * hash table: each row carries the ids of its four keys (0 for '*'). A
 * lookup folds and hashes the amount's four strings once, finds their ids
 (none when no row names the string: then only '*' matches it) and
 * checks, comparing integers, only the rows whose amount type and
 * description admit it: the rows are grouped by that pair of ids, and
 * four groups can hold them ((a, d), (a, '*'), ('*', d), ('*', '*')). The
 * choice among the rows that apply is the same as the plain scan's
 * (mapping_match_scan, kept as the reference): the most specific, then a
 * dated one, then the earliest. The index is built once and never
 * changes, so lookups need no lock.
 *
 * The rows' date bounds (valid_from, valid_to + 1), sorted, cut the days
 * into classes: two days of one class are admitted by the same rows, so a
 * caller that memoises matches by day (map_tax.c) can key them by class.
 */
#include "mapping.h"
#include "mapping_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KID_NONE UINT32_MAX /* a string no row names */

struct mapping_index {
	char **str;          /* folded key strings; id = index + 1 */
	uint64_t *hash;      /* their hashes */
	size_t nstr, capstr;
	uint32_t *tab;       /* open addressing: id, 0 = empty */
	size_t ntab;
	/* the rows of each (amount type, description) pair of ids, in file
	 * order: cand[group.off .. group.off + group.n) */
	struct group {
		uint64_t key;    /* atype id << 32 | adesc id */
		uint32_t off, n;
	} *groups;
	size_t ngroups;
	uint32_t *gtab;      /* open addressing over groups: index + 1 */
	size_t ngtab;
	uint32_t *cand;
	int64_t *bounds;     /* sorted distinct day bounds */
	size_t nbounds;
};

static unsigned char fold(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

/* FNV-1a over the folded bytes */
static uint64_t fold_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= fold((unsigned char)*s++);
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* s equals the folded f, ignoring case */
static int fold_eq(const char *s, const char *f)
{
	while (*s && fold((unsigned char)*s) == (unsigned char)*f) {
		s++;
		f++;
	}
	return !*s && !*f;
}

static uint32_t ix_find(const struct mapping_index *ix, const char *s, uint64_t h)
{
	size_t k;

	if (!ix->ntab)
		return KID_NONE;
	for (k = h & (ix->ntab - 1); ix->tab[k]; k = (k + 1) & (ix->ntab - 1)) {
		uint32_t id = ix->tab[k];

		if (ix->hash[id - 1] == h && fold_eq(s, ix->str[id - 1]))
			return id;
	}
	return KID_NONE;
}

static int ix_rehash(struct mapping_index *ix, size_t ntab)
{
	uint32_t *tab = calloc(ntab, sizeof(*tab));
	size_t i, k;

	if (!tab)
		return LL_ERROR;
	for (i = 0; i < ix->nstr; i++) {
		for (k = ix->hash[i] & (ntab - 1); tab[k]; k = (k + 1) & (ntab - 1))
			;
		tab[k] = (uint32_t)i + 1;
	}
	free(ix->tab);
	ix->tab = tab;
	ix->ntab = ntab;
	return 0;
}

/* the id of key s ('*' = 0), interned when new; 0 with *id KID_NONE on
 * failure */
static int ix_intern(struct mapping_index *ix, const char *s, uint32_t *id)
{
	uint64_t h;
	size_t i, len;
	char *f;

	*id = 0;
	if (!strcmp(s, "*"))
		return 0;
	h = fold_hash(s);
	if ((*id = ix_find(ix, s, h)) != KID_NONE)
		return 0;
	if ((ix->nstr + 1) * 2 > ix->ntab && ix_rehash(ix, ix->ntab ? ix->ntab * 2 : 64))
		return LL_ERROR;
	if (ix->nstr == ix->capstr) {
		size_t nc = ix->capstr ? ix->capstr * 2 : 32;
		char **ns = realloc(ix->str, nc * sizeof(*ns));
		uint64_t *nh;

		if (!ns)
			return LL_ERROR;
		ix->str = ns;
		nh = realloc(ix->hash, nc * sizeof(*nh));
		if (!nh)
			return LL_ERROR;
		ix->hash = nh;
		ix->capstr = nc;
	}
	len = strlen(s);
	if (!(f = malloc(len + 1)))
		return LL_ERROR;
	for (i = 0; i <= len; i++)
		f[i] = (char)fold((unsigned char)s[i]);
	ix->str[ix->nstr] = f;
	ix->hash[ix->nstr] = h;
	ix->nstr++;
	for (i = h & (ix->ntab - 1); ix->tab[i]; i = (i + 1) & (ix->ntab - 1))
		;
	ix->tab[i] = (uint32_t)ix->nstr;
	*id = (uint32_t)ix->nstr;
	return 0;
}

static int cmp_days(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* the rows' date bounds, sorted and distinct */
static int ix_bounds(struct mapping_index *ix, const struct platform_map *pm)
{
	size_t i, n = 0;

	if (!pm->n)
		return 0;
	if (!(ix->bounds = malloc(2 * pm->n * sizeof(*ix->bounds))))
		return LL_ERROR;
	for (i = 0; i < pm->n; i++) {
		const struct mapping_row *r = &pm->rows[i];

		if (r->from_days != INT64_MIN)
			ix->bounds[n++] = r->from_days;
		if (r->to_days != INT64_MAX)
			ix->bounds[n++] = r->to_days + 1;
	}
	qsort(ix->bounds, n, sizeof(*ix->bounds), cmp_days);
	for (i = 0; i < n; i++)
		if (!ix->nbounds || ix->bounds[ix->nbounds - 1] != ix->bounds[i])
			ix->bounds[ix->nbounds++] = ix->bounds[i];
	return 0;
}

static uint64_t pair_key(uint32_t a, uint32_t d)
{
	return (uint64_t)a << 32 | d;
}

static size_t pair_slot(uint64_t key, size_t ntab)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h ^ (h >> 29)) & (ntab - 1);
}

static const struct group *ix_group(const struct mapping_index *ix, uint64_t key)
{
	size_t k;

	for (k = pair_slot(key, ix->ngtab); ix->gtab[k]; k = (k + 1) & (ix->ngtab - 1))
		if (ix->groups[ix->gtab[k] - 1].key == key)
			return &ix->groups[ix->gtab[k] - 1];
	return NULL;
}

struct rowkey {
	uint64_t key;
	uint32_t row;
};

static int cmp_rowkey(const void *pa, const void *pb)
{
	const struct rowkey *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

/* the rows grouped by (amount type, description), each group in file
 * order */
static int ix_groups(struct mapping_index *ix, const struct platform_map *pm)
{
	struct rowkey *rk = malloc((pm->n ? pm->n : 1) * sizeof(*rk));
	size_t i, k;

	if (!rk || !(ix->cand = malloc((pm->n ? pm->n : 1) * sizeof(*ix->cand))) ||
	    !(ix->groups = malloc((pm->n ? pm->n : 1) * sizeof(*ix->groups)))) {
		free(rk);
		return LL_ERROR;
	}
	for (i = 0; i < pm->n; i++) {
		rk[i].key = pair_key(pm->rows[i].key_id[1], pm->rows[i].key_id[2]);
		rk[i].row = (uint32_t)i;
	}
	qsort(rk, pm->n, sizeof(*rk), cmp_rowkey);
	for (i = 0; i < pm->n; i++) {
		ix->cand[i] = rk[i].row;
		if (!ix->ngroups || ix->groups[ix->ngroups - 1].key != rk[i].key) {
			ix->groups[ix->ngroups].key = rk[i].key;
			ix->groups[ix->ngroups].off = (uint32_t)i;
			ix->groups[ix->ngroups].n = 0;
			ix->ngroups++;
		}
		ix->groups[ix->ngroups - 1].n++;
	}
	free(rk);
	for (ix->ngtab = 16; ix->ngtab < ix->ngroups * 2; ix->ngtab *= 2)
		;
	if (!(ix->gtab = calloc(ix->ngtab, sizeof(*ix->gtab))))
		return LL_ERROR;
	for (i = 0; i < ix->ngroups; i++) {
		for (k = pair_slot(ix->groups[i].key, ix->ngtab); ix->gtab[k];
		     k = (k + 1) & (ix->ngtab - 1))
			;
		ix->gtab[k] = (uint32_t)i + 1;
	}
	return 0;
}

static void index_free(struct mapping_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->nstr; i++)
		free(ix->str[i]);
	free(ix->str);
	free(ix->hash);
	free(ix->tab);
	free(ix->groups);
	free(ix->gtab);
	free(ix->cand);
	free(ix->bounds);
	free(ix);
}

int mapping_index_build(struct platform_map *pm)
{
	struct mapping_index *ix = calloc(1, sizeof(*ix));
	size_t i;

	if (!ix)
		return LL_ERROR;
	for (i = 0; i < pm->n; i++) {
		struct mapping_row *r = &pm->rows[i];

		if (ix_intern(ix, r->ttype, &r->key_id[0]) ||
		    ix_intern(ix, r->atype, &r->key_id[1]) ||
		    ix_intern(ix, r->adesc, &r->key_id[2]) ||
		    ix_intern(ix, r->marketplace, &r->key_id[3]))
			goto fail;
	}
	if (ix_groups(ix, pm) || ix_bounds(ix, pm))
		goto fail;
	index_free(pm->ix);
	pm->ix = ix;
	return 0;
fail:
	index_free(ix);
	return LL_ERROR;
}

void mapping_index_free(struct platform_map *pm)
{
	index_free(pm->ix);
	pm->ix = NULL;
}

static int key_match(const char *pat, const char *v)
{
	return !strcmp(pat, "*") || !strcasecmp(pat, v);
}

const struct mapping_row *mapping_match_scan(const struct platform_map *m,
					     const char *ttype, const char *atype,
					     const char *adesc, const char *marketplace,
					     int64_t days)
{
	const struct mapping_row *best = NULL;
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct mapping_row *r = &m->rows[i];

		if (!key_match(r->ttype, ttype) || !key_match(r->atype, atype) ||
		    !key_match(r->adesc, adesc))
			continue;
		if (!marketplace ? (r->dated || strcmp(r->marketplace, "*"))
				 : (!key_match(r->marketplace, marketplace) ||
				    days < r->from_days || days > r->to_days))
			continue;
		if (!best || r->specificity > best->specificity ||
		    (r->specificity == best->specificity && r->dated && !best->dated))
			best = r;
	}
	return best;
}

/* a row key admits id: '*' or the same string */
#define ADMITS(k, id) ((k) == 0 || (k) == (id))

/* r comes before best in the order of choice: the most specific, then a
 * dated one, then the earliest (what a scan in file order keeps) */
static int better(const struct mapping_row *r, const struct mapping_row *best)
{
	if (!best || r->specificity != best->specificity)
		return !best || r->specificity > best->specificity;
	if (r->dated != best->dated)
		return r->dated;
	return r < best;
}

/* marketplace NULL: only rows for any marketplace and any date apply.
 * The rows that can match are those of the groups (a, d), (a, '*'),
 * ('*', d), ('*', '*'); each is checked on its other keys. */
static const struct mapping_row *match(const struct platform_map *m, const char *ttype,
				       const char *atype, const char *adesc,
				       const char *marketplace, int64_t days)
{
	const struct mapping_index *ix = m->ix;
	const struct mapping_row *best = NULL;
	uint32_t t, a, d, k = 0;
	int g;

	if (!ix)
		return mapping_match_scan(m, ttype, atype, adesc, marketplace, days);
	t = ix_find(ix, ttype, fold_hash(ttype));
	a = ix_find(ix, atype, fold_hash(atype));
	d = ix_find(ix, adesc, fold_hash(adesc));
	if (marketplace)
		k = ix_find(ix, marketplace, fold_hash(marketplace));
	for (g = 0; g < 4; g++) {
		const struct group *gr = ix_group(ix, pair_key(g & 2 ? 0 : a, g & 1 ? 0 : d));
		uint32_t i;

		for (i = 0; gr && i < gr->n; i++) {
			const struct mapping_row *r = &m->rows[ix->cand[gr->off + i]];

			if (!ADMITS(r->key_id[0], t))
				continue;
			if (!marketplace ? (r->dated || r->key_id[3] != 0)
					 : (!ADMITS(r->key_id[3], k) || days < r->from_days ||
					    days > r->to_days))
				continue;
			if (better(r, best))
				best = r;
		}
	}
	return best;
}

const struct mapping_row *mappings_match(const struct platform_map *m,
					 const char *ttype, const char *atype,
					 const char *adesc)
{
	return match(m, ttype, atype, adesc, NULL, 0);
}

const struct mapping_row *mappings_match_at(const struct platform_map *m,
					    const char *ttype, const char *atype,
					    const char *adesc, const char *marketplace,
					    int64_t days)
{
	return match(m, ttype, atype, adesc, marketplace ? marketplace : "", days);
}

uint32_t mappings_day_class(const struct platform_map *pm, int64_t days)
{
	const struct mapping_index *ix = pm->ix;
	size_t lo = 0, hi;

	if (!ix)
		return (uint32_t)(days + 0x40000000);
	/* the number of bounds <= days */
	hi = ix->nbounds;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->bounds[mid] <= days)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}
