/*
 * hash.c - streaming 128-bit hash (hash.h). Each 8-byte little-endian word
 * is mixed into two lanes with different odd multipliers and rotations;
 * the finaliser is murmur3's fmix64 on each lane, cross-mixed.
 */
#include "hash.h"

#include <string.h>

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/* one word into one lane: the lanes take alternate words, so the two
 * multiply chains run side by side */
static uint64_t lane(uint64_t h, uint64_t w, uint64_t p)
{
	return rotl(h ^ w, 29) * p;
}

static void mix2(struct hash128 *h, uint64_t w0, uint64_t w1)
{
	h->a = lane(h->a, w0, P1);
	h->b = lane(h->b, w1, P2);
}

/* little-endian 64-bit load, the same value on every host */
static uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

void hash_init(struct hash128 *h)
{
	memset(h, 0, sizeof(*h));
	h->a = 0x243F6A8885A308D3ULL;
	h->b = 0x13198A2E03707344ULL;
}

void hash_update(struct hash128 *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a, b;

	h->total += len;
	if (h->ntail) {
		size_t k = 16 - h->ntail < len ? 16 - h->ntail : len;

		memcpy(h->tail + h->ntail, p, k);
		h->ntail += k;
		p += k;
		len -= k;
		if (h->ntail < 16)
			return;
		mix2(h, load64(h->tail), load64(h->tail + 8));
		h->ntail = 0;
	}
	/* the lanes in registers (h may alias the data for the compiler),
	 * two steps a turn */
	a = h->a;
	b = h->b;
	while (len >= 32) {
		a = lane(a, load64(p), P1);
		b = lane(b, load64(p + 8), P2);
		a = lane(a, load64(p + 16), P1);
		b = lane(b, load64(p + 24), P2);
		p += 32;
		len -= 32;
	}
	if (len >= 16) {
		a = lane(a, load64(p), P1);
		b = lane(b, load64(p + 8), P2);
		p += 16;
		len -= 16;
	}
	h->a = a;
	h->b = b;
	memcpy(h->tail, p, len);
	h->ntail = len;
}

/* "%016llx" of v, not NUL-terminated */
static void hex16(char *out, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		out[i] = hex[v & 15];
}

void hash_hex(struct hash128 *h, char out[33])
{
	unsigned char last[16] = { 0 };
	uint64_t a, b;

	memcpy(last, h->tail, h->ntail);
	mix2(h, load64(last), load64(last + 8) ^ ((uint64_t)h->ntail << 56));
	mix2(h, h->total, ~h->total);
	a = fmix(h->a ^ rotl(h->b, 23)) * P1;
	b = fmix(h->b + a);
	a = fmix(a ^ h->a);
	hex16(out, a);
	hex16(out + 16, b);
	out[32] = '\0';
}

void hash_buf_hex(const void *data, size_t len, char out[33])
{
	struct hash128 h;

	hash_init(&h);
	hash_update(&h, data, len);
	hash_hex(&h, out);
}
