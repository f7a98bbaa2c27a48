/*
 * strpool.h - interned strings: each distinct string is stored once and
 * named by a small integer id. Id 0 is always the empty string, so a
 * zeroed struct that refers to strings by id means "all empty". Grouping
 * by several string fields becomes grouping by integers.
 */
#ifndef LL_STRPOOL_H
#define LL_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

struct strpool {
	char *data;        /* all strings, NUL-terminated, back to back */
	size_t len, cap;
	uint32_t *offs;    /* id -> offset in data */
	uint32_t *hashes;  /* id -> hash of its string */
	uint32_t n, ncap;
	uint32_t *slots;   /* open-addressing table of id+1, 0 = free */
	uint32_t nslots;
	size_t max_bytes;  /* cap on data */
};

int strpool_init(struct strpool *p, size_t max_bytes);
void strpool_free(struct strpool *p);
void strpool_reset(struct strpool *p);
/* Intern s[0..len); *id receives its id. 0 or LL_ERROR (out of memory or
 * over max_bytes). */
int strpool_intern(struct strpool *p, const char *s, size_t len, uint32_t *id);
/* The string of id (borrowed, valid until the pool changes size... it is
 * stable only until the next intern: copy it if you intern in between). */
const char *strpool_get(const struct strpool *p, uint32_t id);

#endif
