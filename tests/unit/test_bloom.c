/* test_bloom.c - the growing Bloom filter (util/bloom.h): every entry
 * added is answered "maybe" across layers (100,000 entries: five layers),
 * an empty filter answers "absent", absent entries are answered "maybe"
 * rarely (each layer ~1 in 400), and bloom_free empties it. */
#include "tap.h"
#include "util/bloom.h"

static uint64_t key(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ULL + 12345;
}

int main(void)
{
	struct bloom b = { 0 };
	uint64_t h1, h2, i;
	long failed = 0, missed = 0, false_maybe = 0;

	bloom_split(key(1), &h1, &h2);
	CHECK(!bloom_maybe(&b, h1, h2));
	CHECK(h2 & 1);
	for (i = 0; i < 100000; i++) {
		bloom_split(key(i), &h1, &h2);
		failed += bloom_add(&b, h1, h2) != 0;
	}
	CHECK_INT(failed, 0);
	CHECK_INT(b.nlayers, 5); /* 4096 + 8192 + 16384 + 32768 + 65536 */
	for (i = 0; i < 100000; i++) {
		bloom_split(key(i), &h1, &h2);
		missed += !bloom_maybe(&b, h1, h2);
	}
	CHECK_INT(missed, 0);
	for (i = 100000; i < 200000; i++) {
		bloom_split(key(i), &h1, &h2);
		false_maybe += bloom_maybe(&b, h1, h2);
	}
	/* five layers at ~1 in 400 or less each: well under 2% */
	CHECK(false_maybe < 2000);
	bloom_free(&b);
	CHECK_INT(b.nlayers, 0);
	bloom_split(key(3), &h1, &h2);
	CHECK(!bloom_maybe(&b, h1, h2));
	return tap_done();
}
