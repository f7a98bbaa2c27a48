/*
 * xero.c - Xero client: settings from the environment, OAuth2
 * (client_credentials, refresh_token with rotation), tenant discovery and
 * the libcurl multi loop that runs calls under the rate limiter (xero.h).
 *
 * The loop keeps at most the limiter's concurrency in flight. Before each
 * start it asks ratelimit_wait(now); after each answer it tells
 * ratelimit_finished() what came back, which says how long to wait before
 * a retry, or to give up. The access token is renewed 60 s before it
 * expires and once after a 401; a refresh token that rotates is written
 * to its file (0600, temp + rename) before the new access token is used.
 */
#include "xero.h"
#include "xero/tokenfile.h"

#include "util/intr.h"

#include <curl/curl.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RESP_MAX (64u * 1024 * 1024)
#define TOKEN_SLACK_MS 60000 /* renew this long before expiry (at most a tenth of the lifetime) */


struct xero {
	const struct xero_conf *conf;
	char org_timezone[64];    /* Organisation.Timezone, by xero_org_country */
	char org_shortcode[32];   /* Organisation.ShortCode, by xero_org_country */
	struct ratelimit *rl;
	CURLM *multi;
	CURLSH *share;
	char token[4096];         /* access token: never logged */
	int64_t token_expires_ms;
	int64_t token_slack_ms;
	char refresh[1024];       /* current refresh token, if any */
	char tenant[64];
	char tenant_name[256];
	struct xero_stats stats;
	xero_log_fn log;
	void *log_ctx;
};

int64_t xero_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void xero_interrupt(void)
{
	intr_request();
}

/*
 * Whether host, as libcurl's URL parser gives it back (CURLUPART_HOST),
 * is one curl would connect to on this machine without asking a
 * resolver: "localhost" (curl resolves it to loopback itself), an IPv4
 * address in 127.0.0.0/8 (curl writes 2130706433, 0x7f000001, 0177.0.0.1
 * and 127.1 as 127.0.0.1 before we see them), or the IPv6 loopback [::1]
 * in any spelling, IPv4-mapped loopback included. Anything else is not:
 * "localhost." and "127.0.0.1." end in a dot, are names for a resolver
 * and are refused, as is every other name that might resolve to loopback.
 */
static int is_loopback_host(const char *h)
{
	unsigned char a6[16];
	struct in_addr a4;
	char v6[64];
	size_t n = strlen(h);

	if (!strcasecmp(h, "localhost"))
		return 1;
	if (inet_pton(AF_INET, h, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n < 3 || h[0] != '[' || h[n - 1] != ']' || n - 2 >= sizeof(v6))
		return 0;
	memcpy(v6, h + 1, n - 2);
	v6[n - 2] = '\0';
	if (inet_pton(AF_INET6, v6, a6) != 1)
		return 0;
	if (IN6_IS_ADDR_LOOPBACK((const struct in6_addr *)a6))
		return 1;
	return IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a6) && a6[12] == 127;
}

void xero_no_proxy_for_http(void *curl_easy, const char *url)
{
	/* not "https://": plain http in some spelling curl takes (http:/host) */
	if (strncasecmp(url, "https://", 8))
		curl_easy_setopt(curl_easy, CURLOPT_NOPROXY, "*");
}

int xero_url_allowed(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	int ok = 0;

	if (!u)
		return 0;
	/* the same parser curl_easy_perform uses on CURLOPT_URL: what is
	 * checked is the host curl will connect to */
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto done;
	/* user:password@ in an endpoint is refused everywhere: Xero's have
	 * none, and with plain http it is where the host check was fooled
	 * (http://127.0.0.1:1@otherhost/ goes to otherhost) */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK)
		goto done;
	if (!strcmp(scheme, "https"))
		ok = host[0] != '\0';
	else if (!strcmp(scheme, "http"))
		ok = is_loopback_host(host);
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return ok;
}

static void env_copy(char *out, size_t outlen, const char *name, const char *def)
{
	const char *v = getenv(name);

	snprintf(out, outlen, "%s", v && *v ? v : def);
}

int xero_conf_from_env(struct xero_conf *c, struct ll_err *err)
{
	memset(c, 0, sizeof(*c));
	env_copy(c->api_url, sizeof(c->api_url), "XERO_API_URL", XERO_API_URL);
	env_copy(c->token_url, sizeof(c->token_url), "XERO_TOKEN_URL", XERO_TOKEN_URL);
	env_copy(c->connections_url, sizeof(c->connections_url), "XERO_CONNECTIONS_URL",
		 XERO_CONNECTIONS_URL);
	env_copy(c->client_id, sizeof(c->client_id), "XERO_CLIENT_ID", "");
	env_copy(c->client_secret, sizeof(c->client_secret), "XERO_CLIENT_SECRET", "");
	env_copy(c->tenant_id, sizeof(c->tenant_id), "XERO_TENANT_ID", "");
	if (!xero_url_allowed(c->api_url) || !xero_url_allowed(c->token_url) ||
	    !xero_url_allowed(c->connections_url))
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "Xero endpoints must be https (plain http only to "
				  "127.0.0.1/localhost); check XERO_API_URL, "
				  "XERO_TOKEN_URL, XERO_CONNECTIONS_URL");
	return 0;
}

void xero_call_init(struct xero_call *c, const char *method, const char *path,
		    const char *body, size_t body_len)
{
	memset(c, 0, sizeof(*c));
	c->method = method;
	snprintf(c->path, sizeof(c->path), "%s", path);
	c->body = body;
	c->body_len = body_len;
	buf_init(&c->resp, RESP_MAX);
	{
		struct rl_headers h0 = RL_HEADERS_INIT;

		c->hdr = h0;
	}
}

void xero_call_free(struct xero_call *c)
{
	if (c)
		buf_free(&c->resp);
}

int xero_new(struct xero **out, const struct xero_conf *c, struct ratelimit *rl,
	     struct ll_err *err)
{
	struct xero *x = calloc(1, sizeof(*x));

	if (!x)
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(x);
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
	}
	x->conf = c;
	x->rl = rl;
	x->multi = curl_multi_init();
	if (!x->multi) {
		free(x);
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
	}
	curl_multi_setopt(x->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8L);
	x->stats.started_ms = xero_now_ms();
	*out = x;
	return 0;
}

void xero_free(struct xero *x)
{
	if (!x)
		return;
	curl_multi_cleanup(x->multi);
	memset(x->token, 0, sizeof(x->token));
	memset(x->refresh, 0, sizeof(x->refresh));
	free(x);
}

void xero_set_log(struct xero *x, xero_log_fn fn, void *ctx)
{
	x->log = fn;
	x->log_ctx = ctx;
}

const char *xero_tenant(const struct xero *x)
{
	return x->tenant;
}

const char *xero_tenant_name(const struct xero *x)
{
	return x->tenant_name;
}

struct ratelimit *xero_limiter(const struct xero *x)
{
	return x->rl;
}

void xero_get_stats(const struct xero *x, struct xero_stats *out)
{
	*out = x->stats;
	out->elapsed_ms = xero_now_ms() - x->stats.started_ms;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct xero_call *c = ud;

	if (buf_add(&c->resp, p, size * n))
		return 0; /* too large: abort the transfer */
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xero_call *c = ud;

	rl_headers_parse_line(&c->hdr, p, size * n);
	return size * n;
}

/* a simple easy handle for the token and connection calls */
static CURL *easy_new(const char *url, struct xero_call *c, struct curl_slist *h)
{
	CURL *e = curl_easy_init();

	if (!e)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 120000L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	xero_no_proxy_for_http(e, url);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "ledgerlift/" LL_VERSION);
	curl_easy_setopt(e, CURLOPT_PRIVATE, c);
	return e;
}

/* the rotated refresh token goes to its file before it is used: the old
 * one is spent (tokenfile_store: mkstemp, 0600, fsync, rename) */
static int save_refresh_token(const struct xero *x, struct ll_err *err)
{
	if (!x->conf->refresh_token_file[0] || !x->refresh[0])
		return 0;
	return tokenfile_store(x->conf->refresh_token_file, x->refresh, err);
}

/* POST the token endpoint: client_credentials, or refresh_token if we have one */
static int get_token(struct xero *x, struct ll_err *err)
{
	struct xero_call c;
	struct curl_slist *h = NULL;
	struct buf form = BUF_INIT(8192);
	CURL *e;
	CURLcode cc;
	json_t *root = NULL, *v;
	json_error_t je;
	char *enc;
	int rc = 0;

	xero_call_init(&c, "POST", "token", NULL, 0);
	if (x->refresh[0]) {
		buf_adds(&form, "grant_type=refresh_token&refresh_token=");
		enc = curl_easy_escape(NULL, x->refresh, 0);
		buf_adds(&form, enc ? enc : "");
		curl_free(enc);
		buf_adds(&form, "&client_id=");
		enc = curl_easy_escape(NULL, x->conf->client_id, 0);
		buf_adds(&form, enc ? enc : "");
		curl_free(enc);
	} else {
		buf_adds(&form, "grant_type=client_credentials&scope=");
		enc = curl_easy_escape(NULL, "accounting.transactions accounting.settings "
					    "accounting.contacts", 0);
		buf_adds(&form, enc ? enc : "");
		curl_free(enc);
	}
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded");
	e = easy_new(x->conf->token_url, &c, h);
	if (!e) {
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
		goto done;
	}
	if (x->conf->client_secret[0]) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, x->conf->client_id);
		curl_easy_setopt(e, CURLOPT_PASSWORD, x->conf->client_secret);
	}
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, buf_cstr(&form));
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)form.len);
	cc = curl_easy_perform(e);
	x->stats.requests++;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &c.status);
	curl_easy_cleanup(e);
	if (x->log)
		x->log(x->log_ctx, "POST", "connect/token", cc == CURLE_OK ? c.status : 0, 1,
		       0, cc == CURLE_OK ? "" : curl_easy_strerror(cc));
	if (cc != CURLE_OK) {
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "cannot reach %s: %s",
				x->conf->token_url, curl_easy_strerror(cc));
		goto done;
	}
	root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, &je);
	if (c.status != 200 || !root) {
		v = root ? json_object_get(root, "error") : NULL;
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"Xero refused the credentials (HTTP %ld%s%s); check "
				"XERO_CLIENT_ID / XERO_CLIENT_SECRET or run 'ledgerlift login'",
				c.status, json_is_string(v) ? ": " : "",
				json_is_string(v) ? json_string_value(v) : "");
		goto done;
	}
	v = json_object_get(root, "access_token");
	if (!json_is_string(v) || strlen(json_string_value(v)) >= sizeof(x->token)) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0, "token answer without access_token");
		goto done;
	}
	snprintf(x->token, sizeof(x->token), "%s", json_string_value(v));
	v = json_object_get(root, "expires_in");
	{
		int64_t life = (json_is_integer(v) ? json_integer_value(v) : 1800) * 1000;

		x->token_slack_ms = life / 10 < TOKEN_SLACK_MS ? life / 10 : TOKEN_SLACK_MS;
		x->token_expires_ms = xero_now_ms() + life;
	}
	v = json_object_get(root, "refresh_token");
	if (json_is_string(v) && x->conf->refresh_token_file[0]) {
		snprintf(x->refresh, sizeof(x->refresh), "%s", json_string_value(v));
		rc = save_refresh_token(x, err);
	}
	x->stats.refreshes++;
done:
	json_decref(root);
	curl_slist_free_all(h);
	buf_free(&form);
	xero_call_free(&c);
	return rc;
}

static int load_refresh_token(struct xero *x, struct ll_err *err)
{
	if (!x->conf->refresh_token_file[0])
		return 0;
	return tokenfile_load(x->conf->refresh_token_file, x->refresh, sizeof(x->refresh),
			      err);
}

int xero_connect(struct xero *x, struct ll_err *err)
{
	struct xero_call c;
	struct curl_slist *h = NULL;
	struct buf auth = BUF_INIT(5000);
	CURL *e;
	CURLcode cc;
	json_t *root = NULL;
	json_error_t je;
	size_t i, n;
	int rc;

	if ((rc = load_refresh_token(x, err)))
		return rc;
	if (!x->refresh[0] && (!x->conf->client_id[0] || !x->conf->client_secret[0]))
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "no Xero connection: set XERO_CLIENT_ID and "
				  "XERO_CLIENT_SECRET (a custom connection), or run "
				  "'ledgerlift login', or use --sandbox");
	rc = get_token(x, err);
	if (rc)
		return rc;
	if (x->conf->tenant_id[0]) {
		snprintf(x->tenant, sizeof(x->tenant), "%s", x->conf->tenant_id);
		return 0;
	}
	xero_call_init(&c, "GET", "connections", NULL, 0);
	buf_adds(&auth, "Authorization: Bearer ");
	buf_adds(&auth, x->token);
	h = curl_slist_append(h, buf_cstr(&auth));
	h = curl_slist_append(h, "Accept: application/json");
	e = easy_new(x->conf->connections_url, &c, h);
	cc = e ? curl_easy_perform(e) : CURLE_FAILED_INIT;
	x->stats.requests++;
	if (e) {
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &c.status);
		curl_easy_cleanup(e);
	}
	if (x->log)
		x->log(x->log_ctx, "GET", "connections", cc == CURLE_OK ? c.status : 0, 1, 0,
		       "");
	rc = 0;
	if (cc != CURLE_OK) {
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "cannot reach %s: %s",
				x->conf->connections_url, curl_easy_strerror(cc));
		goto done;
	}
	root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, &je);
	if (c.status != 200 || !json_is_array(root)) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"cannot list Xero connections (HTTP %ld)", c.status);
		goto done;
	}
	n = json_array_size(root);
	if (n != 1) {
		struct buf names = BUF_INIT(4096);

		for (i = 0; i < n; i++) {
			json_t *o = json_array_get(root, i);

			buf_printf(&names, "%s%s (%s)", i ? ", " : "",
				   json_string_value(json_object_get(o, "tenantName")),
				   json_string_value(json_object_get(o, "tenantId")));
		}
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				n ? "several Xero organisations are connected (%s): set "
				    "XERO_TENANT_ID to the one to migrate into"
				  : "no Xero organisation is connected to this app%s",
				buf_cstr(&names));
		buf_free(&names);
		goto done;
	}
	snprintf(x->tenant, sizeof(x->tenant), "%s",
		 json_string_value(json_object_get(json_array_get(root, 0), "tenantId")));
	snprintf(x->tenant_name, sizeof(x->tenant_name), "%s",
		 json_string_value(json_object_get(json_array_get(root, 0), "tenantName")));
done:
	json_decref(root);
	curl_slist_free_all(h);
	buf_free(&auth);
	xero_call_free(&c);
	return rc;
}

/* the easy handle of one API call, with its header list */
struct running {
	CURL *e;
	struct curl_slist *h;
	struct xero_call *c;
	int64_t started_ms;
};

static int start_call(struct xero *x, struct running *r, struct xero_call *c,
		      struct ll_err *err)
{
	struct buf url = BUF_INIT(8192), tmp = BUF_INIT(8192);

	memset(r, 0, sizeof(*r));
	r->c = c;
	buf_adds(&url, x->conf->api_url);
	buf_addc(&url, '/');
	if (buf_adds(&url, c->path)) {
		buf_free(&url);
		return ll_err_set(err, LL_ERROR, NULL, 0, "URL too long");
	}
	buf_adds(&tmp, "Authorization: Bearer ");
	buf_adds(&tmp, x->token);
	r->h = curl_slist_append(r->h, buf_cstr(&tmp));
	buf_reset(&tmp);
	buf_printf(&tmp, "xero-tenant-id: %s", x->tenant);
	r->h = curl_slist_append(r->h, buf_cstr(&tmp));
	r->h = curl_slist_append(r->h, "Accept: application/json");
	if (c->body) {
		r->h = curl_slist_append(r->h, "Content-Type: application/json");
		r->h = curl_slist_append(r->h, "Expect:");
	}
	if (c->idem_key[0]) {
		buf_reset(&tmp);
		buf_printf(&tmp, "Idempotency-Key: %s", c->idem_key);
		r->h = curl_slist_append(r->h, buf_cstr(&tmp));
	}
	buf_free(&tmp);
	buf_reset(&c->resp);
	{
		struct rl_headers h0 = RL_HEADERS_INIT;

		c->hdr = h0;
	}
	c->status = 0;
	c->error[0] = '\0';
	r->e = easy_new(buf_cstr(&url), c, r->h);
	buf_free(&url);
	if (!r->e)
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
	curl_easy_setopt(r->e, CURLOPT_CUSTOMREQUEST, c->method);
	if (c->body) {
		curl_easy_setopt(r->e, CURLOPT_POSTFIELDS, c->body);
		curl_easy_setopt(r->e, CURLOPT_POSTFIELDSIZE, (long)c->body_len);
	}
	r->started_ms = xero_now_ms();
	c->attempts++;
	x->stats.requests++;
	curl_multi_add_handle(x->multi, r->e);
	return 0;
}

static void end_call(struct xero *x, struct running *r)
{
	curl_multi_remove_handle(x->multi, r->e);
	curl_easy_cleanup(r->e);
	curl_slist_free_all(r->h);
	memset(r, 0, sizeof(*r));
}

static int body_has(const struct xero_call *c, const char *s)
{
	return c->resp.ptr && strstr(c->resp.ptr, s) != NULL;
}

#define MAX_RUNNING 16
/* after a stop request, wait this long for answers in flight: an answer
 * that lands is recorded (no lookup next time); one that does not leaves
 * its batch `sent`, looked up by number on the next run. Short, so Ctrl-C
 * and SIGTERM stop a run within a second whatever Xero is doing. */
#define ABANDON_MS 500

int xero_perform(struct xero *x, struct xero_call **calls, size_t n,
		 xero_start_fn start, xero_done_fn done, void *ctx,
		 int64_t *resume_at_ms, struct ll_err *err)
{
	struct running run[MAX_RUNNING];
	size_t i, finished = 0;
	int nrun = 0, stop = 0, rc = 0, k;
	int64_t day_resume = 0, abandon_at = 0;

	memset(run, 0, sizeof(run));
	for (i = 0; i < n; i++)
		calls[i]->result = XR_PENDING;
	while (finished < n || nrun > 0) {
		int64_t now = xero_now_ms(), wake = now + 1000;
		int still = 0;

		if (intr_requested() && !stop) {
			stop = 1;
			abandon_at = now + ABANDON_MS;
		}
		if (abandon_at && now >= abandon_at && nrun > 0) {
			/* interrupted and still waiting: leave the answers; the
			 * batches stay "sent" and are looked up on the next run */
			for (k = 0; k < MAX_RUNNING; k++)
				if (run[k].e) {
					end_call(x, &run[k]);
					nrun--;
				}
			break;
		}
		/* renew the token shortly before it expires, between calls */
		if (!stop && nrun == 0 && now + x->token_slack_ms > x->token_expires_ms) {
			rc = get_token(x, err);
			if (rc) {
				stop = 1;
				break;
			}
		}
		/* start what the limiter allows: the first pending calls in order */
		while (!stop && nrun < MAX_RUNNING) {
			struct xero_call *c = NULL;
			int64_t w, resume = 0;

			for (i = 0; i < n; i++)
				if (calls[i]->result == XR_PENDING && !calls[i]->attempts) {
					c = calls[i];
					break;
				}
			/* retries first once due */
			for (i = 0; i < n; i++)
				if (calls[i]->result == XR_PENDING && calls[i]->attempts &&
				    calls[i]->not_before_ms >= 0) {
					int busy = 0;

					for (k = 0; k < MAX_RUNNING; k++)
						if (run[k].c == calls[i])
							busy = 1;
					if (busy)
						continue;
					if (calls[i]->not_before_ms <= now) {
						c = calls[i];
						break;
					}
					if (calls[i]->not_before_ms < wake)
						wake = calls[i]->not_before_ms;
				}
			if (!c)
				break;
			w = ratelimit_wait(x->rl, now, &resume);
			if (w == RL_DAY_SPENT) {
				day_resume = resume;
				stop = 1;
				break;
			}
			if (w > 0) {
				if (now + w < wake)
					wake = now + w;
				break;
			}
			if (!c->attempts && start) {
				int st = start(ctx, c);

				if (st == XERO_START_SKIP) {
					c->result = XR_SKIPPED;
					finished++;
					continue;
				}
				if (st) {
					stop = 1;
					break;
				}
			}
			for (k = 0; k < MAX_RUNNING && run[k].c; k++)
				;
			if (start_call(x, &run[k], c, err)) {
				rc = LL_ERROR;
				stop = 1;
				break;
			}
			c->not_before_ms = -1; /* running */
			ratelimit_started(x->rl, now);
			nrun++;
		}
		if (nrun == 0) {
			if (stop || finished == n)
				break;
			if (wake > now)
				usleep((useconds_t)((wake - now) > 1000 ? 1000000 : (wake - now) * 1000));
			continue;
		}
		curl_multi_perform(x->multi, &still);
		for (;;) {
			int left;
			CURLMsg *m = curl_multi_info_read(x->multi, &left);
			struct running *r = NULL;
			struct xero_call *c;
			enum rl_outcome oc;
			int64_t wait, t;

			if (!m)
				break;
			if (m->msg != CURLMSG_DONE)
				continue;
			for (k = 0; k < MAX_RUNNING; k++)
				if (run[k].e == m->easy_handle)
					r = &run[k];
			if (!r)
				continue;
			c = r->c;
			t = xero_now_ms();
			c->elapsed_ms = t - r->started_ms;
			if (m->data.result != CURLE_OK) {
				snprintf(c->error, sizeof(c->error), "%s",
					 curl_easy_strerror(m->data.result));
				c->status = 0;
				oc = RL_NETWORK;
				x->stats.network_errors++;
			} else {
				curl_easy_getinfo(r->e, CURLINFO_RESPONSE_CODE, &c->status);
				if (c->status == 429) {
					oc = RL_429;
					x->stats.rate_limited++;
				} else if (c->status == 503 && body_has(c, "Organisation is offline")) {
					oc = RL_OFFLINE;
					x->stats.server_errors++;
				} else if (c->status >= 500) {
					oc = RL_5XX;
					x->stats.server_errors++;
				} else {
					oc = RL_OK;
				}
			}
			end_call(x, r);
			nrun--;
			wait = ratelimit_finished(x->rl, t, oc, c->status, &c->hdr, c->attempts);
			if (x->log)
				x->log(x->log_ctx, c->method, c->path, c->status, c->attempts,
				       c->elapsed_ms,
				       oc == RL_NETWORK ? c->error : c->hdr.problem);
			if (wait == RL_DAY_SPENT) {
				/* a day-limit 429: Xero did nothing; the call waits for
				 * the next run */
				int64_t res = 0;

				ratelimit_wait(x->rl, t, &res);
				day_resume = res ? res : t + 3600000;
				c->not_before_ms = 0;
				stop = 1;
				continue;
			}
			/* what may be retried here: anything Xero refused before acting */
			if (c->status == 401 && !c->refreshed) {
				c->refreshed = 1;
				x->token_expires_ms = 0; /* renew before the next start */
				c->not_before_ms = t;
				x->stats.retries++;
				continue;
			}
			if ((oc == RL_429 || (oc != RL_OK && !c->body)) && wait >= 0 &&
			    wait != RL_GIVE_UP) {
				c->not_before_ms = t + wait;
				x->stats.retries++;
				continue;
			}
			c->result = oc == RL_OK ? XR_ANSWERED
					: (c->status ? XR_ANSWERED : XR_NO_ANSWER);
			if (wait == RL_GIVE_UP && oc != RL_OK && !c->body)
				c->result = XR_GAVE_UP;
			if (oc == RL_429)
				c->result = XR_GAVE_UP;
			finished++;
			if (done && done(ctx, c))
				stop = 1;
		}
		if (nrun > 0) {
			int64_t to = wake - xero_now_ms();

			if (to > 100 || to < 0)
				to = 100;
			curl_multi_poll(x->multi, NULL, 0, (int)to, NULL);
		}
	}
	for (k = 0; k < MAX_RUNNING; k++)
		if (run[k].e)
			end_call(x, &run[k]);
	if (rc)
		return rc;
	if (day_resume) {
		if (resume_at_ms)
			*resume_at_ms = day_resume;
		return RL_DAY_SPENT;
	}
	if (finished < n)
		return intr_requested() ? LL_ETRANSIENT : LL_ERROR;
	return 0;
}

int xero_get(struct xero *x, struct xero_call *c, struct ll_err *err)
{
	struct xero_call *one[1] = { c };
	int64_t resume = 0;

	return xero_perform(x, one, 1, NULL, NULL, NULL, &resume, err);
}

int xero_org_country(struct xero *x, char out[8], struct ll_err *err)
{
	struct xero_call c;
	json_t *root, *cc, *tz, *sc;
	int rc;

	out[0] = '\0';
	x->org_timezone[0] = '\0';
	x->org_shortcode[0] = '\0';
	xero_call_init(&c, "GET", "Organisation", NULL, 0);
	rc = xero_get(x, &c, err);
	if (rc == 0 && (c.result != XR_ANSWERED || c.status != 200))
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0,
				"cannot read the Xero organisation (HTTP %ld)", c.status);
	if (rc == 0) {
		root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, NULL);
		cc = json_object_get(json_array_get(json_object_get(root, "Organisations"), 0),
				     "CountryCode");
		snprintf(out, 8, "%s", json_is_string(cc) ? json_string_value(cc) : "");
		tz = json_object_get(json_array_get(json_object_get(root, "Organisations"), 0),
				     "Timezone");
		snprintf(x->org_timezone, sizeof(x->org_timezone), "%s",
			 json_is_string(tz) ? json_string_value(tz) : "");
		sc = json_object_get(json_array_get(json_object_get(root, "Organisations"), 0),
				     "ShortCode");
		snprintf(x->org_shortcode, sizeof(x->org_shortcode), "%s",
			 json_is_string(sc) ? json_string_value(sc) : "");
		json_decref(root);
	}
	xero_call_free(&c);
	return rc;
}

const char *xero_org_timezone(const struct xero *x)
{
	return x->org_timezone;
}

const char *xero_org_shortcode(const struct xero *x)
{
	return x->org_shortcode;
}
