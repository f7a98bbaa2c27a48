/*
 * bloom.c - a Bloom filter in layers that double (bloom.h): an entry sets
 * 4 bits of the newest layer; a lookup asks every layer.
 */
#include "util/bloom.h"

#include <stdlib.h>
#include <string.h>

#define BLOOM_PROBES 4 /* bits an entry sets, of 16 an entry per layer */

void bloom_split(uint64_t h, uint64_t *h1, uint64_t *h2)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	*h1 = h;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	*h2 = h | 1;
}

int bloom_add(struct bloom *b, uint64_t h1, uint64_t h2)
{
	struct bloom_layer *l = b->nlayers ? &b->layer[b->nlayers - 1] : NULL;
	int i;

	if (!l || l->n >= l->cap) {
		size_t cap = l ? l->cap * 2 : BLOOM_FIRST;

		if (b->nlayers == BLOOM_LAYERS)
			return -1;
		l = &b->layer[b->nlayers];
		if (!(l->bits = calloc(cap * 16 / 64, sizeof(uint64_t))))
			return -1;
		l->mask = (uint64_t)cap * 16 - 1;
		l->cap = cap;
		l->n = 0;
		b->nlayers++;
	}
	for (i = 0; i < BLOOM_PROBES; i++) {
		uint64_t bit = (h1 + (uint64_t)i * h2) & l->mask;

		l->bits[bit >> 6] |= 1ULL << (bit & 63);
	}
	l->n++;
	return 0;
}

int bloom_maybe(const struct bloom *b, uint64_t h1, uint64_t h2)
{
	int i, k;

	for (k = 0; k < b->nlayers; k++) {
		const struct bloom_layer *l = &b->layer[k];

		for (i = 0; i < BLOOM_PROBES; i++) {
			uint64_t bit = (h1 + (uint64_t)i * h2) & l->mask;

			if (!(l->bits[bit >> 6] & (1ULL << (bit & 63))))
				break;
		}
		if (i == BLOOM_PROBES)
			return 1;
	}
	return 0;
}

void bloom_free(struct bloom *b)
{
	int k;

	for (k = 0; k < b->nlayers; k++)
		free(b->layer[k].bits);
	memset(b, 0, sizeof(*b));
}
