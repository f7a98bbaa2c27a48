/*
 * test_xero_url.c - the plain-http guard (xero_url_allowed): https to any
 * host; plain http only to a host curl connects to on this machine, read
 * with curl's own URL parser, so the bypass forms of issue 16 (userinfo
 * before the host, trailing dots, IPv6 literals, numeric IPv4) are
 * judged by where curl would really connect.
 */
#include "tap.h"
#include "xero/xero.h"

static const struct {
	const char *url;
	int allowed;
} cases[] = {
	{ "https://api.xero.com/api.xro/2.0", 1 },
	{ "https://identity.xero.com/connect/token", 1 },
	{ "http://127.0.0.1:8787/api.xro/2.0", 1 },
	{ "http://127.0.0.1/", 1 },
	{ "http://127.255.255.254:1/", 1 },
	{ "http://localhost:8787/x", 1 },
	{ "HTTP://LOCALHOST/", 1 },
	{ "http://[::1]:8787/x", 1 },
	{ "http://[0:0:0:0:0:0:0:1]/", 1 },
	{ "http://[::1%25lo]/", 1 },             /* a zone id on loopback */
	{ "http://[::ffff:127.0.0.1]/", 1 },     /* IPv4-mapped loopback */
	/* numeric IPv4: curl writes them as 127.0.0.1 and connects there */
	{ "http://2130706433/", 1 },
	{ "http://0x7f000001/", 1 },
	{ "http://0177.0.0.1/", 1 },
	{ "http://127.1/", 1 },
	/* userinfo: curl connects to the host after the @ (the old guard read
	 * "127.0.0.1" up to the first ':'); refused with https too */
	{ "http://127.0.0.1:1@otherhost:8080/api.xro/2.0", 0 },
	{ "http://127.0.0.1@otherhost/", 0 },
	{ "http://127.0.0.1%2f@evil.example/", 0 },
	{ "http://127.0.0.1\\@evil.example/", 0 },
	{ "http://user@127.0.0.1/", 0 },
	{ "https://user:secret@api.xero.com/", 0 },
	/* names a resolver answers are not loopback, trailing dot or not */
	{ "http://localhost./", 0 },
	{ "http://127.0.0.1./", 0 },
	{ "http://127.0.0.1.evil.example/", 0 },
	{ "http://localhost.evil.example/", 0 },
	{ "http://example.com/", 0 },
	{ "http://2113929217/", 0 },             /* 126.0.0.1 */
	{ "http://0x7e000001/", 0 },
	{ "http://[::2]/", 0 },
	{ "http://[::ffff:10.0.0.1]/", 0 },
	{ "http://10.0.0.1/", 0 },
	/* other schemes, and what curl cannot parse */
	{ "ftp://127.0.0.1/", 0 },
	{ "file:///etc/passwd", 0 },
	{ "127.0.0.1:8787/api", 0 },
	{ " http://127.0.0.1/", 0 },
	{ "http://[::1]x/", 0 },
	{ "http://", 0 },
	{ "", 0 },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = xero_url_allowed(cases[i].url);

		if (got != cases[i].allowed)
			tap_check(0, cases[i].url, __FILE__, __LINE__);
		else
			tap_check(1, cases[i].url, __FILE__, __LINE__);
	}
	return tap_done();
}
