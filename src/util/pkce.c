/*
 * pkce.c - PKCE verifiers, states and S256 challenges (pkce.h).
 *
 * Random characters come from /dev/urandom by rejection sampling: a byte
 * is used only below the largest multiple of the alphabet's 66 letters
 * that fits in a byte (198), so every character is equally likely. The
 * challenge is SHA-256 through libcrypto's EVP_Digest, encoded base64url
 * without '=' padding, as RFC 7636 section 4.2 asks.
 */
#include "util/pkce.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"

static const char unreserved[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

#define ALPHABET (sizeof(unreserved) - 1) /* 66 */
#define ACCEPT_BELOW (256 / ALPHABET * ALPHABET)

int pkce_random(char *out, size_t n)
{
	unsigned char r[64];
	size_t o = 0, i;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return LL_ERROR;
	while (o < n) {
		ssize_t got = read(fd, r, sizeof(r));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			close(fd);
			memset(out, 0, n + 1);
			return LL_ERROR;
		}
		for (i = 0; i < (size_t)got && o < n; i++)
			if (r[i] < ACCEPT_BELOW)
				out[o++] = unreserved[r[i] % ALPHABET];
	}
	close(fd);
	memset(r, 0, sizeof(r));
	out[n] = '\0';
	return 0;
}

int pkce_verifier_valid(const char *v)
{
	size_t n = strlen(v);

	return n >= 43 && n <= 128 && strspn(v, unreserved) == n;
}

void pkce_b64url(const unsigned char *in, size_t n, char *out)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
	}
	out[o] = '\0';
}

int pkce_challenge(const char *verifier, char out[PKCE_CHALLENGE_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		return LL_ERROR;
	pkce_b64url(md, mdlen, out);
	return 0;
}
