/*
 * pkce.h - the pieces of OAuth2's PKCE (RFC 7636) that both ends need:
 * random strings over the unreserved URL alphabet (code verifiers and
 * states) and the S256 code challenge, base64url(SHA-256(verifier))
 * without padding. SHA-256 comes from OpenSSL's libcrypto.
 */
#ifndef LL_PKCE_H
#define LL_PKCE_H

#include <stddef.h>

/* A S256 challenge is 43 characters; with the NUL, 44. */
#define PKCE_CHALLENGE_LEN 44

/*
 * Fill out[0..n) with characters drawn uniformly from [A-Za-z0-9-._~]
 * (bytes read from /dev/urandom) and NUL-terminate it: out must hold
 * n + 1 bytes. Returns 0, or LL_ERROR when no randomness can be read.
 */
int pkce_random(char *out, size_t n);

/* 1 if v is a valid code_verifier: 43 to 128 characters of [A-Za-z0-9-._~]. */
int pkce_verifier_valid(const char *v);

/*
 * Write the S256 challenge of verifier (43 characters of base64url and a
 * NUL) into out. Returns 0, or LL_ERROR if the digest fails.
 */
int pkce_challenge(const char *verifier, char out[PKCE_CHALLENGE_LEN]);

/* Base64url of in[0..n) without padding into out (4 * ceil(n / 3) + 1 bytes). */
void pkce_b64url(const unsigned char *in, size_t n, char *out);

#endif
