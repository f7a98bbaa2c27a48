/*
 * strpool.c - string interning with an open-addressing hash table of ids
 * over one growing byte arena (strpool.h).
 */
#include "strpool.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

int strpool_init(struct strpool *p, size_t max_bytes)
{
	uint32_t id;

	memset(p, 0, sizeof(*p));
	p->max_bytes = max_bytes;
	return strpool_intern(p, "", 0, &id);
}

void strpool_free(struct strpool *p)
{
	free(p->data);
	free(p->offs);
	free(p->hashes);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}

void strpool_reset(struct strpool *p)
{
	uint32_t id;

	p->len = 0;
	p->n = 0;
	if (p->slots)
		memset(p->slots, 0, p->nslots * sizeof(*p->slots));
	strpool_intern(p, "", 0, &id);
}

static int rehash(struct strpool *p, uint32_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof(*slots));
	uint32_t i;

	if (!slots)
		return LL_ERROR;
	for (i = 0; i < p->n; i++) {
		uint32_t h = p->hashes[i] & (nslots - 1);

		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = i + 1;
	}
	free(p->slots);
	p->slots = slots;
	p->nslots = nslots;
	return 0;
}

int strpool_intern(struct strpool *p, const char *s, size_t len, uint32_t *id)
{
	uint32_t h, slot;
	const char *nul;

	if (p->nslots == 0 && rehash(p, 64))
		return LL_ERROR;
	/* a string is what comes before a NUL: hash only that much */
	nul = memchr(s, '\0', len);
	h = hash_bytes(s, nul ? (size_t)(nul - s) : len);
	slot = h & (p->nslots - 1);
	while (p->slots[slot]) {
		uint32_t cand = p->slots[slot] - 1;
		const char *c = p->data + p->offs[cand];

		if (p->hashes[cand] == h && strncmp(c, s, len) == 0 && c[len] == '\0') {
			*id = cand;
			return 0;
		}
		slot = (slot + 1) & (p->nslots - 1);
	}
	/* new string */
	if (p->len + len + 1 > p->max_bytes)
		return LL_ERROR;
	if (p->len + len + 1 > p->cap) {
		size_t ncap = p->cap ? p->cap : 4096;
		char *d;

		while (ncap < p->len + len + 1)
			ncap *= 2;
		d = realloc(p->data, ncap);
		if (!d)
			return LL_ERROR;
		p->data = d;
		p->cap = ncap;
	}
	if (p->n == p->ncap) {
		uint32_t nc = p->ncap ? p->ncap * 2 : 64;
		uint32_t *o = realloc(p->offs, nc * sizeof(*o));

		if (!o)
			return LL_ERROR;
		p->offs = o;
		o = realloc(p->hashes, nc * sizeof(*o));
		if (!o)
			return LL_ERROR;
		p->hashes = o;
		p->ncap = nc;
	}
	memcpy(p->data + p->len, s, len);
	p->data[p->len + len] = '\0';
	p->offs[p->n] = (uint32_t)p->len;
	p->hashes[p->n] = h;
	p->len += len + 1;
	p->slots[slot] = p->n + 1;
	*id = p->n++;
	if (p->n * 2 > p->nslots)
		return rehash(p, p->nslots * 2);
	return 0;
}

const char *strpool_get(const struct strpool *p, uint32_t id)
{
	if (id >= p->n)
		return "";
	return p->data + p->offs[id];
}
