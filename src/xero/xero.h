/*
 * xero.h - the Xero API client: connection settings, OAuth2 tokens, and
 * concurrent HTTP calls paced by the rate limiter.
 *
 * All HTTP goes through xero_perform(): up to the limiter's concurrency
 * in flight (libcurl multi, keep-alive), each call started only when the
 * limiter allows it. A call that Xero refused before doing anything
 * (429, 401 with a token to refresh) is retried here; a GET is also
 * retried on 5xx and network errors. A write that failed in any other
 * way is handed back as it is: only the caller can tell, by looking the
 * documents up, whether it happened. Secrets (client secret, tokens)
 * never leave this module: not in logs, state or the workbook.
 */
#ifndef LL_XERO_H
#define LL_XERO_H

#include <stdint.h>

#include "xero/ratelimit.h"
#include "util/buf.h"
#include "util/err.h"

#define XERO_API_URL "https://api.xero.com/api.xro/2.0"
#define XERO_TOKEN_URL "https://identity.xero.com/connect/token"
#define XERO_CONNECTIONS_URL "https://api.xero.com/connections"

struct xero_conf {
	char api_url[512];
	char token_url[512];
	char connections_url[512];
	char client_id[256];
	char client_secret[256];  /* never logged */
	char tenant_id[64];       /* "" = the only connection */
	char refresh_token_file[1024]; /* stored refresh token (login), "" = none */
};

/*
 * Fill c from XERO_API_URL, XERO_TOKEN_URL, XERO_CONNECTIONS_URL,
 * XERO_CLIENT_ID, XERO_CLIENT_SECRET, XERO_TENANT_ID (defaults: Xero's real
 * endpoints). Returns LL_EUSAGE (err says why) for an endpoint that is not
 * https, or plain http to anything but loopback.
 */
int xero_conf_from_env(struct xero_conf *c, struct ll_err *err);

/*
 * 1 if url may carry Xero credentials: https:// to any host, or plain
 * http:// only to loopback (localhost, 127.0.0.0/8, [::1]) as libcurl's
 * URL parser (CURLU) reads the host, so the check and the connection see
 * the same host. A URL with user:password@, another scheme, or one curl
 * cannot parse is refused (0). docs/security.md lists the forms.
 */
int xero_url_allowed(const char *url);

/*
 * Plain http goes only to loopback (xero_url_allowed), so it never goes
 * through a proxy from the environment (http_proxy), which would carry it
 * off the machine: sets CURLOPT_NOPROXY "*" on curl_easy (a CURL *) unless
 * url is https://; https keeps the environment's proxy settings.
 */
void xero_no_proxy_for_http(void *curl_easy, const char *url);

enum xero_result {
	XR_PENDING = 0,
	XR_ANSWERED,      /* an HTTP answer (any status) is in status/resp */
	XR_NO_ANSWER,     /* sent, no answer: outcome unknown for a write */
	XR_GAVE_UP,       /* retried as often as allowed */
	XR_SKIPPED        /* never sent: the start callback declined it */
};

struct xero_call {
	const char *method;     /* GET, PUT, POST */
	char path[4096];        /* after the API URL: "Invoices?summarizeErrors=false" */
	const char *body;       /* NULL for GET */
	size_t body_len;
	char idem_key[129];     /* "" = none (GETs) */
	/* results */
	enum xero_result result;
	long status;
	struct buf resp;
	struct rl_headers hdr;
	int attempts;
	int64_t elapsed_ms;     /* of the last attempt */
	char error[256];        /* transport error text */
	void *user;
	/* internal */
	int64_t not_before_ms;
	int refreshed;
};

/* Initialise a call (resp buffer capped at 64 MiB). Free with xero_call_free. */
void xero_call_init(struct xero_call *c, const char *method, const char *path,
		    const char *body, size_t body_len);
void xero_call_free(struct xero_call *c);

struct xero_stats {
	long requests;        /* HTTP requests sent, token calls included */
	long rate_limited;    /* 429s */
	long retries;
	long server_errors;   /* 5xx */
	long network_errors;
	long refreshes;
	int64_t started_ms, elapsed_ms;
};

/* One line per HTTP attempt, for the Calls sheet; no secrets. */
typedef void (*xero_log_fn)(void *ctx, const char *method, const char *path,
			    long status, int attempt, int64_t elapsed_ms,
			    const char *problem);

struct xero;

/* The client owns neither c nor rl; both must outlive it. */
int xero_new(struct xero **out, const struct xero_conf *c, struct ratelimit *rl,
	     struct ll_err *err);
void xero_free(struct xero *x);
void xero_set_log(struct xero *x, xero_log_fn fn, void *ctx);

/* Get a token and find the tenant. 0, LL_EREJECTED (bad credentials,
 * no or several tenants: err says which) or LL_ERROR. */
int xero_connect(struct xero *x, struct ll_err *err);
const char *xero_tenant(const struct xero *x);
const char *xero_tenant_name(const struct xero *x);

/* Called as each call reaches a final result; a non-zero return stops
 * starting new calls (in-flight ones still finish and are reported). */
typedef int (*xero_done_fn)(void *ctx, struct xero_call *c);

/* Called just before a call is sent the first time (to record that it
 * is about to leave); XERO_START_SKIP leaves this one unsent (XR_SKIPPED,
 * finished, no done callback) and goes on with the others; another
 * non-zero return stops starting calls and leaves this one pending. May
 * be NULL. */
typedef int (*xero_start_fn)(void *ctx, struct xero_call *c);

#define XERO_START_SKIP 2

/*
 * Run the calls, at most the limiter's concurrency at once, in order of
 * the array. Returns 0 when every call has a final result, RL_DAY_SPENT
 * (*resume_at_ms set, remaining calls left XR_PENDING) when the day's
 * budget is spent, LL_ETRANSIENT when interrupted (xero_interrupt), or
 * LL_ERROR (err filled) when the token cannot be renewed.
 */
int xero_perform(struct xero *x, struct xero_call **calls, size_t n,
		 xero_start_fn start, xero_done_fn done, void *ctx,
		 int64_t *resume_at_ms, struct ll_err *err);

/* The organisation's CountryCode ("GB", "US", ...) into out[8]. */
int xero_org_country(struct xero *x, char out[8], struct ll_err *err);

/* The organisation's Timezone ("GMTSTANDARDTIME") read by the last
 * xero_org_country, "" when none (borrowed). */
const char *xero_org_timezone(const struct xero *x);

/* The organisation's ShortCode ("!NLglS", for deep links into Xero) read
 * by the last xero_org_country, "" when none (borrowed). */
const char *xero_org_shortcode(const struct xero *x);

/* One GET, synchronously, with retries; 0 with c->status set, or as above. */
int xero_get(struct xero *x, struct xero_call *c, struct ll_err *err);

/* Ask xero_perform to stop starting calls (safe from a signal handler). */
void xero_interrupt(void);

void xero_get_stats(const struct xero *x, struct xero_stats *out);

/* The limiter the client paces by (borrowed). */
struct ratelimit *xero_limiter(const struct xero *x);

/* Monotonic milliseconds. */
int64_t xero_now_ms(void);

#endif
