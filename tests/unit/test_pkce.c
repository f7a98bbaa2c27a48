/*
 * test_pkce.c - PKCE pieces table by table: base64url without padding
 * (RFC 4648 section 10 vectors), the S256 challenge (RFC 7636 appendix B
 * and the SHA-256 of FIPS 180-2's "abc" and of the empty string), verifier
 * syntax, and the random strings' length and alphabet.
 */
#include <string.h>

#include "tap.h"
#include "util/pkce.h"

static void test_b64url(void)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
		{ "", "" },
		{ "f", "Zg" },
		{ "fo", "Zm8" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg" },
		{ "fooba", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy" },
		{ "\xfb\xff\xbf", "-_-_" }, /* '+' and '/' become '-' and '_' */
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		pkce_b64url((const unsigned char *)rows[i].in, strlen(rows[i].in), out);
		CHECK_STR(out, rows[i].out);
	}
}

static void test_challenge(void)
{
	static const struct {
		const char *verifier, *challenge;
	} rows[] = {
		/* RFC 7636 appendix B */
		{ "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
		  "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" },
		/* SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2 B.1) */
		{ "abc", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0" },
		/* SHA-256("") = e3b0c442 98fc1c14 ... */
		{ "", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU" },
	};
	char out[PKCE_CHALLENGE_LEN];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECK_INT(pkce_challenge(rows[i].verifier, out), 0);
		CHECK_STR(out, rows[i].challenge);
	}
}

static void test_verifier(void)
{
	static const struct {
		const char *v;
		int ok;
	} rows[] = {
		{ "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", 1 },  /* 43 */
		{ "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX", 0 },   /* 42 */
		{ "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX+", 0 },  /* '+' */
		{ "dBjftJeZ4CVP~mB92K27uhbUJU1p1r.wW1gFWFOEjXk", 1 },
		{ "", 0 },
	};
	char v[130];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_INT(pkce_verifier_valid(rows[i].v), rows[i].ok);
	memset(v, 'a', 128);
	v[128] = '\0';
	CHECK_INT(pkce_verifier_valid(v), 1);
	v[128] = 'a';
	v[129] = '\0';
	CHECK_INT(pkce_verifier_valid(v), 0);
}

static void test_random(void)
{
	char a[65], b[65];
	int seen['~' + 1];
	int i, k, distinct = 0;

	memset(seen, 0, sizeof(seen));
	CHECK_INT(pkce_random(a, 64), 0);
	CHECK_INT(pkce_random(b, 64), 0);
	CHECK_INT(strlen(a), 64);
	CHECK(pkce_verifier_valid(a));
	CHECK(strcmp(a, b) != 0);
	/* 64 x 100 draws reach (nearly) every one of the 66 letters */
	for (k = 0; k < 100; k++) {
		CHECK_INT(pkce_random(a, 64), 0);
		for (i = 0; i < 64; i++)
			seen[(unsigned char)a[i]]++;
	}
	for (i = 0; i <= '~'; i++)
		distinct += seen[i] > 0;
	CHECK(distinct >= 60 && distinct <= 66);
}

int main(void)
{
	test_b64url();
	test_challenge();
	test_verifier();
	test_random();
	return tap_done();
}
