/*
 * hash.h - a fast streaming 128-bit content hash (not cryptographic).
 *
 * Used to recognise identical content: a re-downloaded export, a .gz
 * and a .txt of one report, a settlement seen twice, a changed document.
 * Two 64-bit lanes taking alternate 8-byte words (one multiply per word,
 * two chains in parallel), finished with murmur3's fmix; hex is 32 chars.
 */
#ifndef LL_HASH_H
#define LL_HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash128 {
	uint64_t a, b;
	uint64_t total;
	unsigned char tail[16];
	size_t ntail;
};

void hash_init(struct hash128 *h);
void hash_update(struct hash128 *h, const void *data, size_t len);
/* Finish and write 32 lowercase hex digits plus NUL. */
void hash_hex(struct hash128 *h, char out[33]);
/* One-shot convenience. */
void hash_buf_hex(const void *data, size_t len, char out[33]);

#endif
