/*
 * map_slots.h - the containers map.c sums a deposit's events in: the
 * (group, key) slots that become lines (their source rows: ranges.h), and the
 * distinct mapping keys (combos) with the target each resolves to.
 * Internal to map.c (map_slots.c).
 */
#ifndef LL_MAP_SLOTS_H
#define LL_MAP_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "plan/ranges.h"

/* one line of one document: the events of a (group, key) */
struct slot {
	uint64_t group, key;
	int64_t amount;
	long count;
	uint32_t first_ev;   /* first event, for names and the marketplace */
	int64_t min_days;    /* earliest posted date */
	int stated;          /* holds amounts of an order that states its tax */
	size_t fold;         /* a tax line folded into slot fold - 1; 0 = none */
	struct ranges rows;
};

struct slots {
	struct slot *s;
	size_t n, cap;
	uint32_t *tab;       /* open addressing: slot index + 1 */
	size_t ntab;
};

/* a distinct (ttype, atype, adesc, what else decides the target) and the
 * target it maps to */
struct combo {
	uint32_t t, a, d;
	uint32_t x[4];   /* map_tax_key */
	int row;         /* index into m->rows, or -1 for fallback */
	uint32_t target; /* map_tax.h */
};

struct combos {
	struct combo *c;
	size_t n, cap;
	uint32_t *slots;
	size_t nslots;
};

/* The slot of (group, key), created (first event ev) when new; NULL when
 * out of memory. */
struct slot *slots_get(struct slots *t, uint64_t group, uint64_t key, uint32_t ev);
void slots_free(struct slots *t);

/* qsort order of slots: by group, then key. */
int cmp_slot(const void *pa, const void *pb);

/* Index of the combo of (t, a, d, x), created when new (*created = 1);
 * -1 when out of memory. */
long combo_get(struct combos *cs, uint32_t t, uint32_t a, uint32_t d, const uint32_t x[4],
	       int *created);

#endif
