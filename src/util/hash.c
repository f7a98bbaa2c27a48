/*
 * hash.c - streaming 128-bit hash (hash.h). Each 8-byte little-endian word
 * is mixed into two lanes with different odd multipliers and rotations;
 * the finaliser is murmur3's fmix64 on each lane, cross-mixed.
 */
#include "hash.h"

#include <stdio.h>
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

static void mix(struct hash128 *h, uint64_t w)
{
	h->a = rotl(h->a ^ (w * P1), 31) * P2;
	h->b = rotl(h->b ^ (w * P2), 27) * P1 + 0x52dce729;
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t w = 0;
	int i;

	for (i = 7; i >= 0; i--)
		w = (w << 8) | p[i];
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

	h->total += len;
	if (h->ntail) {
		while (len && h->ntail < 8) {
			h->tail[h->ntail++] = *p++;
			len--;
		}
		if (h->ntail < 8)
			return;
		mix(h, load64(h->tail));
		h->ntail = 0;
	}
	while (len >= 8) {
		mix(h, load64(p));
		p += 8;
		len -= 8;
	}
	memcpy(h->tail, p, len);
	h->ntail = len;
}

void hash_hex(struct hash128 *h, char out[33])
{
	unsigned char last[8] = { 0 };
	uint64_t a, b;

	memcpy(last, h->tail, h->ntail);
	mix(h, load64(last) ^ ((uint64_t)h->ntail << 56));
	mix(h, h->total);
	a = fmix(h->a + h->b);
	b = fmix(h->b ^ rotl(h->a, 17));
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a,
		 (unsigned long long)b);
}

void hash_buf_hex(const void *data, size_t len, char out[33])
{
	struct hash128 h;

	hash_init(&h);
	hash_update(&h, data, len);
	hash_hex(&h, out);
}
