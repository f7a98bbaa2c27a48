/*
 * map_slots.c - the containers of map.c (map_slots.h): open-addressing
 * hash tables of slots and combos (a slot's source rows: ranges.c).
 */
#include "map_slots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static uint64_t mix64(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 29);
}

static int slots_rehash(struct slots *t, size_t ntab)
{
	uint32_t *tab = calloc(ntab, sizeof(*tab));
	size_t i;

	if (!tab)
		return LL_ERROR;
	for (i = 0; i < t->n; i++) {
		size_t h = mix64(t->s[i].group, t->s[i].key) & (ntab - 1);

		while (tab[h])
			h = (h + 1) & (ntab - 1);
		tab[h] = (uint32_t)i + 1;
	}
	free(t->tab);
	t->tab = tab;
	t->ntab = ntab;
	return 0;
}

struct slot *slots_get(struct slots *t, uint64_t group, uint64_t key,
			      uint32_t ev)
{
	size_t h;

	if ((t->n + 1) * 2 > t->ntab && slots_rehash(t, t->ntab ? t->ntab * 2 : 256))
		return NULL;
	h = mix64(group, key) & (t->ntab - 1);
	while (t->tab[h]) {
		struct slot *s = &t->s[t->tab[h] - 1];

		if (s->group == group && s->key == key)
			return s;
		h = (h + 1) & (t->ntab - 1);
	}
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		struct slot *ns = realloc(t->s, nc * sizeof(*ns));

		if (!ns)
			return NULL;
		t->s = ns;
		t->cap = nc;
	}
	memset(&t->s[t->n], 0, sizeof(t->s[t->n]));
	t->s[t->n].group = group;
	t->s[t->n].key = key;
	t->s[t->n].first_ev = ev;
	t->s[t->n].min_days = INT64_MAX;
	t->tab[h] = (uint32_t)t->n + 1;
	return &t->s[t->n++];
}

void slots_free(struct slots *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->s[i].rows.r);
	free(t->s);
	free(t->tab);
}

int cmp_slot(const void *pa, const void *pb)
{
	const struct slot *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return 0;
}

static uint32_t combo_hash(uint32_t t, uint32_t a, uint32_t d, const uint32_t x[4])
{
	uint64_t h = ((uint64_t)t * 0x9E3779B1u) ^ ((uint64_t)a * 0x85EBCA77u) ^
		     ((uint64_t)d * 0xC2B2AE3Du);

	h = mix64(h, ((uint64_t)x[0] << 32 | x[1]) ^ ((uint64_t)x[2] << 32 | x[3]));
	return (uint32_t)(h ^ (h >> 29));
}

static int combos_grow(struct combos *cs)
{
	size_t ns = cs->nslots ? cs->nslots * 2 : 64, i;
	uint32_t *slots = calloc(ns, sizeof(*slots));

	if (!slots)
		return LL_ERROR;
	for (i = 0; i < cs->n; i++) {
		uint32_t h = combo_hash(cs->c[i].t, cs->c[i].a, cs->c[i].d, cs->c[i].x) & (ns - 1);

		while (slots[h])
			h = (h + 1) & (ns - 1);
		slots[h] = (uint32_t)i + 1;
	}
	free(cs->slots);
	cs->slots = slots;
	cs->nslots = ns;
	return 0;
}

/* index of the combo, created if new (*created = 1) */
long combo_get(struct combos *cs, uint32_t t, uint32_t a, uint32_t d,
		      const uint32_t x[4], int *created)
{
	uint32_t h;

	*created = 0;
	if ((cs->n + 1) * 2 > cs->nslots && combos_grow(cs))
		return -1;
	h = combo_hash(t, a, d, x) & (cs->nslots - 1);
	while (cs->slots[h]) {
		struct combo *c = &cs->c[cs->slots[h] - 1];

		if (c->t == t && c->a == a && c->d == d && !memcmp(c->x, x, sizeof(c->x)))
			return (long)(cs->slots[h] - 1);
		h = (h + 1) & (cs->nslots - 1);
	}
	if (cs->n == cs->cap) {
		size_t nc = cs->cap ? cs->cap * 2 : 32;
		struct combo *n = realloc(cs->c, nc * sizeof(*n));

		if (!n)
			return -1;
		cs->c = n;
		cs->cap = nc;
	}
	cs->c[cs->n].t = t;
	cs->c[cs->n].a = a;
	cs->c[cs->n].d = d;
	memcpy(cs->c[cs->n].x, x, sizeof(cs->c[cs->n].x));
	cs->c[cs->n].row = -1;
	cs->c[cs->n].target = 0;
	cs->slots[h] = (uint32_t)cs->n + 1;
	*created = 1;
	return (long)cs->n++;
}
