/* test_fmt.c - the direct formatting of planning's hot paths: every text
 * fmt.h, money_format/money_text and the JSON writer's numbers write is
 * compared with what snprintf writes for the same format, at every buffer
 * size (truncation included), for the edges (0, negatives, INT64_MIN and
 * INT64_MAX, 0 to 3 decimals and beyond) and a spread of other values. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/hash.h"
#include "util/jsonw.h"
#include "util/money.h"

static const int64_t edges[] = {
	0, 1, -1, 5, -5, 9, 10, -10, 99, 100, 101, 999, 1000, -1000, 12345, -12345,
	99999, 100000, 1234567, 9999999, 10000000, 123456789, 1000000000, 4294967295LL,
	4294967296LL, -4294967296LL, 999999999999999LL, 1000000000000000LL,
	-1000000000000000LL, 9223372036854775806LL, INT64_MAX, INT64_MIN + 1, INT64_MIN,
};
#define NEDGES (sizeof(edges) / sizeof(edges[0]))

/* a spread of values of every length (a fixed LCG: deterministic) */
static uint64_t next(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> (*x & 63);
}

static void test_ints(void)
{
	char got[FMT_INT_MAX + 1], want[32];
	uint64_t x = 7;
	size_t i, n;
	int bad = 0;

	for (i = 0; i < NEDGES + 5000; i++) {
		int64_t v = i < NEDGES ? edges[i] : (int64_t)next(&x);
		uint64_t u = (uint64_t)v;

		n = fmt_i64(got, v);
		got[n] = '\0';
		snprintf(want, sizeof(want), "%" PRId64, v);
		bad += strcmp(got, want) != 0;
		n = fmt_u64(got, u);
		got[n] = '\0';
		snprintf(want, sizeof(want), "%" PRIu64, u);
		bad += strcmp(got, want) != 0;
	}
	CHECK_INT(bad, 0);
	n = fmt_u64(got, UINT64_MAX);
	CHECK_INT(n, 20);
	n = fmt_i64(got, INT64_MIN);
	got[n] = '\0';
	CHECK_STR(got, "-9223372036854775808");
}

/* sf_* pieces against snprintf(out, size, "%s %.5s:%llu/%lld%c|%.0s%s", ...)
 * at every size from 0 to past the whole text */
static void test_pieces(void)
{
	static const char *const strs[] = { "", "a", "PayPal", "é-ü 1234567890",
					    "x\"y\\z" };
	char got[80], want[80];
	size_t i, j, size;
	int bad = 0, badtrunc = 0;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (j = 0; j < NEDGES; j++)
			for (size = 0; size <= sizeof(got); size++) {
				struct sfmt f;
				int full;

				memset(got, 'Q', sizeof(got));
				memset(want, 'Q', sizeof(want));
				full = snprintf(want, size, "%s %.5s:%" PRIu64 "/%" PRId64 "%c|%.0s%s",
						strs[i], strs[(i + 1) % 5], (uint64_t)edges[j],
						edges[j], 'C', strs[i], strs[(i + 2) % 5]);
				sf_init(&f, got, size);
				sf_str(&f, strs[i]);
				sf_char(&f, ' ');
				sf_strn(&f, strs[(i + 1) % 5], 5);
				sf_mem(&f, ":", 1);
				sf_u64(&f, (uint64_t)edges[j]);
				sf_char(&f, '/');
				sf_i64(&f, edges[j]);
				sf_char(&f, 'C');
				sf_str(&f, "|");
				sf_strn(&f, strs[i], 0);
				sf_str(&f, strs[(i + 2) % 5]);
				/* the same bytes, NUL included, and nothing beyond */
				bad += memcmp(got, want, sizeof(got)) != 0;
				badtrunc += f.trunc != (full >= (int)size) && size > 0;
				bad += size > 0 && f.len != strlen(got);
			}
	CHECK_INT(bad, 0);
	CHECK_INT(badtrunc, 0);
}

static void test_copy(void)
{
	static const char *const strs[] = { "", "a", "ACCRECPAYMENT", "PayPal transfer 9X",
					    "a much longer text than the buffers below" };
	char got[48], want[48];
	size_t i, size;
	int bad = 0;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (size = 0; size <= sizeof(got); size++) {
			memset(got, 'Q', sizeof(got));
			memset(want, 'Q', sizeof(want));
			snprintf(want, size, "%s", strs[i]);
			bad += sf_copy(got, size, strs[i]) != got;
			bad += memcmp(got, want, sizeof(got)) != 0;
		}
	CHECK_INT(bad, 0);
	/* %.Ns stops at the string's end, not at N */
	{
		struct sfmt f;

		sf_init(&f, got, sizeof(got));
		sf_strn(&f, "ab", 120);
		sf_strn(&f, "cdef", 2);
		CHECK_STR(got, "abcd");
		CHECK_INT(f.trunc, 0);
	}
}

/* money_format as it was written with snprintf, the reference */
static void money_ref(char *out, size_t outlen, int64_t minor, int exponent)
{
	uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t scale = 1;
	int i;

	for (i = 0; i < exponent; i++)
		scale *= 10;
	if (exponent == 0)
		snprintf(out, outlen, "%s%llu", minor < 0 ? "-" : "", (unsigned long long)a);
	else
		snprintf(out, outlen, "%s%llu.%0*llu", minor < 0 ? "-" : "",
			 (unsigned long long)(a / scale), exponent,
			 (unsigned long long)(a % scale));
}

static void test_money_text(void)
{
	char got[MONEY_TEXT_MAX + 8], want[MONEY_TEXT_MAX + 8];
	uint64_t x = 11;
	size_t i, size, n;
	int e, bad = 0, badlen = 0;

	for (i = 0; i < NEDGES + 2000; i++) {
		int64_t v = i < NEDGES ? edges[i] : (int64_t)next(&x);

		for (e = -1; e <= 20; e++) {
			for (size = 0; size <= sizeof(got); size++) {
				memset(got, 'Q', sizeof(got));
				memset(want, 'Q', sizeof(want));
				money_ref(want, size, v, e);
				bad += money_format(got, size, v, e) != got;
				bad += memcmp(got, want, sizeof(got)) != 0;
			}
			if (e >= 0 && e <= MONEY_TEXT_EXP) {
				n = money_text(got, v, e);
				money_ref(want, sizeof(want), v, e);
				badlen += n != strlen(want) || memcmp(got, want, n) != 0;
			} else {
				badlen += money_text(got, v, e) != 0;
			}
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(badlen, 0);
	CHECK_STR(money_format(got, sizeof(got), -5, 2), "-0.05");
	CHECK_STR(money_format(got, sizeof(got), 0, 3), "0.000");
	CHECK_STR(money_format(got, sizeof(got), INT64_MIN, 2), "-92233720368547758.08");
	CHECK_STR(money_format(got, sizeof(got), INT64_MAX, 0), "9223372036854775807");
	CHECK_STR(money_format(got, 6, -123456, 2), "-1234");
}

/* the writer's numbers and strings, and what a capped buffer holds after
 * a string that does not fit: as far as it fits, as a character at a time
 * left it */
static void test_writer(void)
{
	struct buf b = BUF_INIT(4096);
	struct jsonw w;
	size_t i, cap;
	int bad = 0;

	jsonw_init(&w, &b);
	jsonw_array(&w);
	for (i = 0; i < NEDGES; i++)
		jsonw_int(&w, edges[i]);
	jsonw_end(&w);
	CHECK_INT(jsonw_finish(&w), 0);
	{
		char want[4096];
		size_t n = 0;

		n += (size_t)snprintf(want + n, sizeof(want) - n, "[");
		for (i = 0; i < NEDGES; i++)
			n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%" PRId64,
					      i ? "," : "", edges[i]);
		snprintf(want + n, sizeof(want) - n, "]");
		CHECK_STR(buf_cstr(&b), want);
	}
	buf_free(&b);

	/* {"k\t":"ab\"cd\u0001efg"} cut at every cap: as far as it fits, a
	 * byte at a time, an escape whole or not at all (as the writer wrote
	 * it a character at a time before) */
	for (cap = 0; cap < 40; cap++) {
		static const char *const tokens[] = {
			"{", "\"", "k", "\\t", "\"", ":", "\"", "a", "b", "\\\"", "c", "d",
			"\\u0001", "e", "f", "g", "\"", "}"
		};
		char want[64] = "";
		struct buf c = BUF_INIT(cap);
		size_t k, n = 0;
		int rc;

		for (k = 0; k < sizeof(tokens) / sizeof(tokens[0]) &&
			    n + strlen(tokens[k]) <= cap; k++)
			n += (size_t)snprintf(want + n, sizeof(want) - n, "%s", tokens[k]);
		jsonw_init(&w, &c);
		jsonw_object(&w);
		jsonw_field_string(&w, "k\t", "ab\"cd\001efg");
		jsonw_end(&w);
		rc = jsonw_finish(&w);
		bad += strcmp(buf_cstr(&c), want) != 0;
		bad += rc != (k == sizeof(tokens) / sizeof(tokens[0]) ? 0 : LL_EPARSE);
		buf_free(&c);
	}
	/* {"Code":"090","Amount":-31.03,"Quantity":12} (members written with
	 * one copy when they fit) cut at every cap: the same bytes as a
	 * character at a time, each number whole or not at all */
	for (cap = 0; cap < 60; cap++) {
		static const char *const pieces[] = {
			"{\"Code\":\"090\",\"Amount\":", "-31.03", ",\"Quantity\":", "12", "}"
		};
		char want[64] = "";
		struct buf c = BUF_INIT(cap);
		size_t k, n = 0, m, done = 0;
		int rc;

		for (k = 0; k < 5 && !done; k++) {
			if (k % 2) { /* a number */
				if (n + strlen(pieces[k]) > cap)
					break;
				n += (size_t)snprintf(want + n, sizeof(want) - n, "%s", pieces[k]);
				continue;
			}
			for (m = 0; pieces[k][m]; m++) {
				if (n + 1 > cap) {
					done = 1;
					break;
				}
				want[n++] = pieces[k][m];
				want[n] = '\0';
			}
		}
		jsonw_init(&w, &c);
		jsonw_object(&w);
		jsonw_field_string(&w, "Code", "090");
		jsonw_field_amount(&w, "Amount", -3103, 2);
		jsonw_field_int(&w, "Quantity", 12);
		jsonw_end(&w);
		rc = jsonw_finish(&w);
		bad += strcmp(buf_cstr(&c), want) != 0;
		bad += rc != (k == 5 && !done ? 0 : LL_EPARSE);
		buf_free(&c);
	}
	CHECK_INT(bad, 0);
}

/* the hash's 32 hex digits: lowercase, zero-padded, the same for the same
 * bytes, and the same digits as before */
static void test_hash_hex(void)
{
	char h1[33], h2[33];
	size_t i;
	int ok = 1;

	hash_buf_hex("", 0, h1);
	hash_buf_hex("{\"a\":1}", 7, h2);
	for (i = 0; i < 32; i++)
		ok &= (h1[i] >= '0' && h1[i] <= '9') || (h1[i] >= 'a' && h1[i] <= 'f');
	CHECK(ok);
	CHECK_INT(strlen(h1), 32);
	CHECK(strcmp(h1, h2) != 0);
	hash_buf_hex("{\"a\":1}", 7, h1);
	CHECK_STR(h1, h2);
	/* the digits snprintf("%016llx%016llx") wrote before */
	CHECK_STR(h2, "d6099596f42cc02e00afe50816841159");
	hash_buf_hex("", 0, h1);
	CHECK_STR(h1, "5cfb76b466e7377b3bd0edde5ca096e9");
	hash_buf_hex("0123456789abcdefXYZ", 19, h1);
	CHECK_STR(h1, "25ab891df5cbb82563919f4cc4bede88");
}

/* hash_update's steps (32 and 16 bytes, a tail filled across calls) give
 * the digits the one-step-at-a-time loop gave, whole or in pieces */
static void test_hash_steps(void)
{
	static const struct {
		size_t len;
		const char *hex;
	} want[] = {
		{ 15, "bd1f67c405bdf088ca8d9a3430e78928" }, { 16, "19ccfb5559181c60472dd2aa46188af1" },
		{ 17, "38632a4f4572b20211373b8c221ae130" }, { 31, "ccde4064dfaaf65304c3693f28bdfa3d" },
		{ 32, "96568b3a03c4d7256a7b4b892b44879a" }, { 33, "50466e43910b38f5e87b6d9e1f7e0176" },
		{ 47, "5cf25d51c1db7cd355c05af3a389832e" }, { 48, "b7da42667b9f9ae6ca14ed03cd3f2f7d" },
		{ 63, "d6e8493815235d305941a88468a7e84c" }, { 64, "19da58ba0ccf8117b17ca5754f76e3ff" },
		{ 65, "e20a78eced4a64ab3c88966fb7aa3694" }, { 100, "5454c24aaa91f7b96bbf19396109cc26" },
		{ 1000, "768818b11c7c9ec557284ab7510e0daf" },
	};
	unsigned char buf[1000];
	unsigned s = 7;
	size_t i;
	char o[33];

	for (i = 0; i < sizeof(buf); i++) {
		s = s * 1103515245u + 12345u;
		buf[i] = (unsigned char)(s >> 16);
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		hash_buf_hex(buf, want[i].len, o);
		CHECK_STR(o, want[i].hex);
	}
	{
		struct hash128 h;
		size_t off = 0, k = 1;

		hash_init(&h);
		while (off < sizeof(buf)) {
			size_t n = k % 41;

			if (n > sizeof(buf) - off)
				n = sizeof(buf) - off;
			hash_update(&h, buf + off, n);
			off += n;
			k = k * 7 + 3;
		}
		hash_hex(&h, o);
		CHECK_STR(o, "768818b11c7c9ec557284ab7510e0daf");
	}
}

/* buf_add_str0: strings side by side, each found again by its offset
 * (after the buffer grew), and (size_t)-1 past the cap */
static void test_str0(void)
{
	struct buf b;
	size_t a, e, c;

	buf_init(&b, 24);
	a = buf_add_str0(&b, "amazon", 6);
	e = buf_add_str0(&b, "", 0);
	c = buf_add_str0(&b, "A-1xyz", 3);
	CHECK_INT(a, 0);
	CHECK_INT(e, 7);
	CHECK_INT(c, 8);
	CHECK_STR(b.ptr + a, "amazon");
	CHECK_STR(b.ptr + e, "");
	CHECK_STR(b.ptr + c, "A-1");
	CHECK(buf_add_str0(&b, "0123456789abcdef", 16) == (size_t)-1);
	buf_free(&b);
}

int main(void)
{
	test_hash_steps();
	test_ints();
	test_pieces();
	test_copy();
	test_money_text();
	test_writer();
	test_hash_hex();
	test_str0();
	return tap_done();
}
