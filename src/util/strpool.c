/*
 * strpool.c - string interning with an open-addressing hash table of ids
 * over one growing byte arena (strpool.h).
 */
#include "strpool.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

/* t[0..4) as a little-endian number (one load where that is native) */
static uint32_t load32le(const unsigned char *t)
{
	return (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
	       (uint32_t)t[3] << 24;
}

/*
 * The hash of s[0..len) up to its first NUL (a string is what comes before
 * one), and that length in *used: eight bytes a step, each word mixed in
 * with a multiply; the tail (read in a few loads when it holds no NUL, else
 * byte by byte: the same word) is zero-padded with the length mixed in. Only
 * slots depend on it: ids are given in order of first appearance.
 */
static uint32_t hash_bytes(const char *s, size_t len, size_t *used)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL, w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
			break; /* a NUL in this word: the byte loop finds it */
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 29;
	}
	w = 0;
	if (len - i < 8 && i < len) {
		/* the last 1..7 bytes in a few loads (overlapping ones OR the
		 * same bytes), as the byte loop below would pack them */
		size_t r = len - i;
		const unsigned char *t = (const unsigned char *)s + i;

		if (r >= 4) {
			uint32_t lo, hi;

			lo = load32le(t);
			hi = load32le(t + r - 4);
			w = (uint64_t)lo | ((uint64_t)hi << (8 * (r - 4)));
		} else {
			w = (uint64_t)t[0] | ((uint64_t)t[r >> 1] << (8 * (r >> 1))) |
			    ((uint64_t)t[r - 1] << (8 * (r - 1)));
		}
		/* no NUL among the r bytes (the bytes above them set) */
		{
			uint64_t m = w | (~0ULL << (8 * r));

			if (!((m - 0x0101010101010101ULL) & ~m & 0x8080808080808080ULL)) {
				*used = len;
				h = (h ^ w ^ ((uint64_t)len << 56)) * 0xC4CEB9FE1A85EC53ULL;
				h ^= h >> 32;
				return (uint32_t)h;
			}
		}
		w = 0;
	}
	{
		size_t k = 0;

		for (; i < len && s[i]; i++, k++) {
			if (k == 8) {
				h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
				h ^= h >> 29;
				w = 0;
				k = 0;
			}
			w |= (uint64_t)(unsigned char)s[i] << (8 * k);
		}
	}
	*used = i;
	h = (h ^ w ^ ((uint64_t)i << 56)) * 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 32;
	return (uint32_t)h;
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
	size_t used;

	/* small at first: a deposit has a pool, and a file can hold tens of
	 * thousands of deposits of a few strings each */
	if (p->nslots == 0 && rehash(p, 16))
		return LL_ERROR;
	/* a string is what comes before a NUL: hash only that much */
	h = hash_bytes(s, len, &used);
	slot = h & (p->nslots - 1);
	while (p->slots[slot]) {
		uint32_t cand = p->slots[slot] - 1;
		const char *c = p->data + p->offs[cand];

		/* the bytes stored for cand, NUL not counted */
		size_t sl = (cand + 1 < p->n ? p->offs[cand + 1] : (uint32_t)p->len) -
			    p->offs[cand] - 1;

		/* without a NUL in s, memcmp over what cand holds says what
		 * strncmp would */
		if (p->hashes[cand] == h &&
		    (used == len ? sl >= len && memcmp(c, s, len) == 0
				 : strncmp(c, s, len) == 0) &&
		    c[len] == '\0') {
			*id = cand;
			return 0;
		}
		slot = (slot + 1) & (p->nslots - 1);
	}
	/* new string */
	if (p->len + len + 1 > p->max_bytes)
		return LL_ERROR;
	if (p->len + len + 1 > p->cap) {
		size_t ncap = p->cap ? p->cap : 256;
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
		uint32_t nc = p->ncap ? p->ncap * 2 : 8;
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
