/*
 * bloom.h - a Bloom filter that grows: layers of 16 bits an entry (4 set,
 * about 1 in 400 absent entries answered "maybe" per layer), each holding
 * twice the entries of the one before. It answers "absent" exactly for
 * what was never added; what it holds cannot be taken out. The state
 * file's lookups put one in front of SQLite (documents.c's numbers,
 * orders.c's rows) so that "no such row" costs a hash.
 */
#ifndef LL_BLOOM_H
#define LL_BLOOM_H

#include <stddef.h>
#include <stdint.h>

#define BLOOM_LAYERS 40
#define BLOOM_FIRST 4096 /* entries the first layer holds */

struct bloom_layer {
	uint64_t *bits;
	uint64_t mask; /* bits - 1 (a power of two) */
	size_t n, cap;
};

/* Zeroed: an empty filter. */
struct bloom {
	struct bloom_layer layer[BLOOM_LAYERS];
	int nlayers;
};

/* The two probe hashes of an entry from a 64-bit hash of it (mixed by a
 * finalizer; the second odd). */
void bloom_split(uint64_t h, uint64_t *h1, uint64_t *h2);

/* Add the entry hashed h1, h2 (bloom_split). 0, or -1 when out of memory
 * or past the last layer: the filter then no longer holds every entry
 * added, and its "absent" answers must not be trusted. */
int bloom_add(struct bloom *b, uint64_t h1, uint64_t h2);

/* 1 when the entry hashed h1, h2 may have been added, 0 when it was not. */
int bloom_maybe(const struct bloom *b, uint64_t h1, uint64_t h2);

/* Free the layers; b is empty again. */
void bloom_free(struct bloom *b);

#endif
