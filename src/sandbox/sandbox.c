/*
 * sandbox.c - the sandbox server: libmicrohttpd glue and the request
 * pipeline.
 *
 * MHD runs one thread per connection, so calls really overlap and the
 * concurrency limit can be hit. Each request body is collected (capped at
 * 8 MB, else 413) and then goes through the same steps as at Xero:
 *   /api.xro/2.0/...:  bearer token (401) -> xero-tenant-id (403) ->
 *   rate limits (429, counted in flight until the response is done) ->
 *   injected fault (slow, reset, 503, 500) -> Idempotency-Key replay or
 *   conflict -> the route's handler in one SQLite transaction -> cache the
 *   answer for the key -> commit-drop closes without answering.
 * /identity/connect/authorize, /connect/token, /connections and the
 * /__sandbox/ admin endpoints skip the limits and faults. Shared state is
 * guarded by one mutex, released only while a "slow" fault sleeps. A path
 * with a control character in it, %00 included, is answered 400: MHD's
 * own decoding turned %00 into the end of the path, so
 * /Invoices%00anything was served as /Invoices (unescape).
 */
#include "sandbox/sandbox.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sandbox/sbx.h"
#include "sandbox/sbx_admin.h"
#include "sandbox/sbx_auth.h"
#include "sandbox/sbx_chart.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_route.h"
#include "util/date.h"

#define API_PREFIX "/api.xro/2.0/"
#define ADMIN_PREFIX "/__sandbox/"
#define IDEM_TTL_S 360.0

/* Per-request state kept by MHD between calls of the access handler. */
struct conn_ctx {
	struct buf body;
	int too_big;
	int admitted;   /* counted in the limits' in-flight total */
};

enum action { ACT_SEND = 0, ACT_DROP };

static void resp_init(struct sbx_resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->body, 64u << 20);
	rs->status = 200;
	rs->ctype = "application/json; charset=utf-8";
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct sbx_req *rq = cls;

	(void)kind;
	if (rq->nargs < SBX_MAX_ARGS) {
		rq->args[rq->nargs].name = key;
		rq->args[rq->nargs].value = value;
		rq->nargs++;
	}
	return MHD_YES;
}

static void sleep_ms(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts))
		;
}

/* URL with its decoded query, for the idempotency fingerprint. */
static void full_url(const struct sbx_req *rq, struct buf *out)
{
	int i;

	buf_adds(out, rq->url);
	for (i = 0; i < rq->nargs; i++) {
		buf_addc(out, i ? '&' : '?');
		buf_adds(out, rq->args[i].name);
		buf_addc(out, '=');
		buf_adds(out, rq->args[i].value ? rq->args[i].value : "");
	}
}

/* Run the route's handler in a transaction (writes) under s->mu. */
static void run_handler(struct sandbox *s, struct sbx_req *rq, struct sbx_resp *rs)
{
	int write = route_is_write(rq->method);

	if (write && store_begin(s->store)) {
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return;
	}
	if (route_api(s, rq, rs) < 0) {
		if (write)
			store_rollback(s->store);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return;
	}
	if (write && store_commit(s->store)) {
		store_rollback(s->store);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
	}
}

/* The /api.xro/2.0 pipeline. Called with s->mu held; may drop and retake it. */
static enum action serve_api(struct sandbox *s, struct conn_ctx *cc, struct sbx_req *rq,
			     struct sbx_resp *rs)
{
	int write = route_is_write(rq->method), retry = 0, r;
	struct sbx_fault_pick fp;
	const struct sbx_idem_entry *hit;
	enum sbx_limit_problem lp;
	char fpr[33];
	const char *key = rq->idem_key;

	if (auth_bearer(s, rq, rs))
		return ACT_SEND;
	if (!rq->tenant || strcasecmp(rq->tenant, s->tenant_id)) {
		char id[37];

		sbxj_guid(id);
		sbx_resp_json(rs, 403, json_pack("{s:n,s:s,s:i,s:s,s:s,s:{}}", "Type", "Title",
						 "Forbidden", "Status", 403, "Detail",
						 "AuthenticationUnsuccessful", "Instance", id,
						 "Extensions"));
		return ACT_SEND;
	}
	lp = limits_admit(&s->limits, sbxj_mono_ms(), &retry);
	if (lp != SBX_LIMIT_OK) {
		sbx_resp_text(rs, 429, "The API rate limit for your organisation/application pairing has been exceeded");
		rs->rate_problem = lp;
		rs->retry_after = retry;
		return ACT_SEND;
	}
	cc->admitted = 1;
	faults_pick(&s->faults, write, &fp);
	if (fp.slow_ms > 0) {
		pthread_mutex_unlock(&s->mu);
		sleep_ms(fp.slow_ms);
		pthread_mutex_lock(&s->mu);
	}
	if (fp.kind == SBX_FAULT_RESET)
		return ACT_DROP;
	if (fp.kind == SBX_FAULT_503) {
		sbx_resp_text(rs, 503, "The Organisation is offline");
		return ACT_SEND;
	}
	if (write && key) {
		struct buf u = BUF_INIT(1u << 20);

		if (!*key || strlen(key) > SBX_IDEM_MAX_KEY) {
			char msg[256];

			snprintf(msg, sizeof(msg), "Idempotency Key: %.40s%s is too long (%zu characters, max 128).",
				 key, strlen(key) > 40 ? "..." : "", strlen(key));
			sbx_resp_error(rs, 400, 10, "ValidationException", *key ? msg :
				       "Idempotency Key must not be empty.");
			return ACT_SEND;
		}
		full_url(rq, &u);
		idem_fingerprint(fpr, rq->method, buf_cstr(&u), rq->body, rq->body_len);
		buf_free(&u);
		while ((r = idem_begin(&s->idem, key, fpr, sbxj_mono_ms(), &hit)) == SBX_IDEM_PENDING)
			pthread_cond_wait(&s->cv, &s->mu);
		if (r < 0) {
			sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
			return ACT_SEND;
		}
		if (r == SBX_IDEM_CONFLICT) {
			char msg[256];

			snprintf(msg, sizeof(msg), "Idempotency Key: %s is used with a different request.", key);
			sbx_resp_error(rs, 400, 10, "ValidationException", msg);
			return ACT_SEND;
		}
		if (r == SBX_IDEM_REPLAY) {
			buf_reset(&rs->body);
			buf_add(&rs->body, hit->body, hit->body_len);
			rs->status = hit->status;
			rs->ctype = strstr(hit->ctype, "json") ? "application/json; charset=utf-8" :
				    "text/plain; charset=utf-8";
			return fp.kind == SBX_FAULT_COMMIT_DROP ? ACT_DROP : ACT_SEND;
		}
	} else {
		key = NULL;
	}
	if (fp.kind == SBX_FAULT_500)
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
	else
		run_handler(s, rq, rs);
	if (key) {
		/* Xero caches errors too: a 500 comes back for the key's lifetime */
		idem_finish(&s->idem, key, rs->status, rs->ctype, rs->body.ptr ? rs->body.ptr : "",
			    rs->body.len);
		pthread_cond_broadcast(&s->cv);
	}
	return fp.kind == SBX_FAULT_COMMIT_DROP ? ACT_DROP : ACT_SEND;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* MHD's percent-decoding of the path and the query, except that %00
 * becomes \x01 rather than the end of the string: serve() then refuses a
 * path with any control character, and a query value keeps its length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *str)
{
	char *w = str;
	const char *r = str;

	(void)cls;
	(void)c;
	while (*r) {
		int hi, lo;

		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0) {
			*w++ = (char)(hi * 16 + lo ? hi * 16 + lo : 1);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - str);
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static enum action serve(struct sandbox *s, struct conn_ctx *cc, struct MHD_Connection *c,
			 const char *url, const char *method, struct sbx_resp *rs, int *api)
{
	struct sbx_req rq;
	enum action act = ACT_SEND;
	const char *accept;

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.url = url;
	rq.body = cc->body.ptr ? cc->body.ptr : "";
	rq.body_len = cc->body.len;
	rq.authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	rq.tenant = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "xero-tenant-id");
	rq.idem_key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
	(void)accept; /* JSON is answered whatever Accept says (docs/sandbox.md) */
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &rq);
	rq.summarize = 1;
	if (sbx_arg(&rq, "summarizeErrors") && !strcasecmp(sbx_arg(&rq, "summarizeErrors"), "false"))
		rq.summarize = 0;
	rq.unitdp = sbx_arg(&rq, "unitdp") && !strcmp(sbx_arg(&rq, "unitdp"), "4") ? 4 : 2;

	if (cc->too_big) {
		sbx_resp_text(rs, 413, "The request body is larger than the sandbox accepts (8 MB)");
		return ACT_SEND;
	}
	if (has_control(url)) {
		sbx_resp_text(rs, 400, "The path holds a control character or %00");
		return ACT_SEND;
	}
	if (rq.body_len && rq.body[0] != '\0')
		rq.json = sbxj_parse(rq.body, rq.body_len);
	pthread_mutex_lock(&s->mu);
	s->requests++;
	if (!strncmp(url, API_PREFIX, strlen(API_PREFIX))) {
		*api = 1;
		rq.sub = url + strlen(API_PREFIX);
		if (route_is_write(method) && rq.body_len && !rq.json)
			sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
				       "The JSON in the request body could not be parsed");
		else
			act = serve_api(s, cc, &rq, rs);
	} else if (!strcmp(url, "/identity/connect/authorize") && !strcmp(method, "GET")) {
		auth_authorize(s, &rq, rs);
	} else if (!strcmp(url, "/connect/token") && !strcmp(method, "POST")) {
		auth_token(s, &rq, rs);
	} else if (!strcmp(url, "/connections") && !strcmp(method, "GET")) {
		*api = 1;
		if (!auth_bearer(s, &rq, rs))
			auth_connections(s, &rq, rs);
	} else if (!strncmp(url, ADMIN_PREFIX, strlen(ADMIN_PREFIX))) {
		rq.sub = url + strlen(ADMIN_PREFIX);
		admin_handle(s, &rq, rs);
	} else {
		sbx_resp_not_found(rs);
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(rq.json);
	return act;
}

static void add_header_int(struct MHD_Response *r, const char *name, long v)
{
	char t[32];

	snprintf(t, sizeof(t), "%ld", v);
	MHD_add_response_header(r, name, t);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct sandbox *s = cls;
	struct conn_ctx *cc = *con_cls;
	struct MHD_Response *resp;
	struct sbx_resp rs;
	enum MHD_Result ret;
	enum action act;
	int api = 0, mr, dr, ar;

	(void)version;
	if (!cc) {
		cc = calloc(1, sizeof(*cc));
		if (!cc)
			return MHD_NO;
		buf_init(&cc->body, SBX_MAX_BODY);
		*con_cls = cc;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cc->too_big && buf_add(&cc->body, upload_data, *upload_size))
			cc->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	resp_init(&rs);
	act = serve(s, cc, c, url, method, &rs, &api);
	if (act == ACT_DROP) {
		buf_free(&rs.body);
		return MHD_NO; /* MHD closes the connection without an answer */
	}
	resp = MHD_create_response_from_buffer(rs.body.len, rs.body.ptr ? rs.body.ptr : (char *)"",
					       MHD_RESPMEM_MUST_COPY);
	buf_free(&rs.body);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", rs.ctype);
	if (api) {
		pthread_mutex_lock(&s->mu);
		limits_remaining(&s->limits, sbxj_mono_ms(), &mr, &dr, &ar);
		pthread_mutex_unlock(&s->mu);
		add_header_int(resp, "X-MinLimit-Remaining", mr);
		add_header_int(resp, "X-DayLimit-Remaining", dr);
		add_header_int(resp, "X-AppMinLimit-Remaining", ar);
	}
	if (rs.status == 429) {
		MHD_add_response_header(resp, "X-Rate-Limit-Problem",
					limits_problem_name((enum sbx_limit_problem)rs.rate_problem));
		if (rs.retry_after > 0)
			add_header_int(resp, "Retry-After", rs.retry_after);
	}
	if (rs.www_auth)
		MHD_add_response_header(resp, "WWW-Authenticate", rs.www_auth);
	if (rs.location[0])
		MHD_add_response_header(resp, "Location", rs.location);
	ret = MHD_queue_response(c, (unsigned)rs.status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct sandbox *s = cls;
	struct conn_ctx *cc = *con_cls;

	(void)c;
	(void)toe;
	if (!cc)
		return;
	if (cc->admitted) {
		pthread_mutex_lock(&s->mu);
		limits_release(&s->limits);
		pthread_mutex_unlock(&s->mu);
	}
	buf_free(&cc->body);
	free(cc);
	*con_cls = NULL;
}

/* Create the organisation on first start; apply options that may change. */
static int org_init(struct sandbox *s, const struct sandbox_opts *o, struct ll_err *err)
{
	const struct chart_country *cc;
	char t[64], created[32], iso[40];
	int64_t now = sbxj_now_ms(), d;
	int y, m, dd;

	if (!store_meta_get(s->store, "tenant_id", s->tenant_id, sizeof(s->tenant_id)))
		goto loaded;
	cc = chart_country(o->country ? o->country : "GB");
	if (!cc)
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "unknown country '%s' (GB, US, AU, NZ, CA, IE or ZA)", o->country);
	if (o->base_currency && !chart_currency_name(o->base_currency))
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "unknown base currency '%s'",
				  o->base_currency);
	if (store_begin(s->store))
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot write the sandbox store");
	sbxj_guid(s->tenant_id);
	snprintf(created, sizeof(created), "%lld", (long long)now);
	d = now / 86400000;
	date_from_days(d, &y, &m, &dd);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT00:00:00.0000000", y, m, dd);
	sbxj_guid(t);
	t[0] = '!';
	t[6] = '\0';
	if (store_meta_set(s->store, "tenant_id", s->tenant_id) ||
	    store_meta_set(s->store, "name", o->org_name ? o->org_name :
			   "Demo Company (ledgerlift sandbox)") ||
	    store_meta_set(s->store, "country", cc->code) ||
	    store_meta_set(s->store, "base_currency", o->base_currency ? o->base_currency : cc->currency) ||
	    store_meta_set(s->store, "short_code", t) ||
	    store_meta_set(s->store, "created_ms", created) ||
	    store_meta_set(s->store, "created_iso", iso) ||
	    (sbxj_guid(t), store_meta_set(s->store, "connection_id", t)) ||
	    chart_seed(s->store, cc, o->base_currency ? o->base_currency : cc->currency, now) ||
	    store_commit(s->store)) {
		store_rollback(s->store);
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot create the sandbox organisation");
	}
loaded:
	if (o->lock_date) {
		if (date_parse_ymd(&d, o->lock_date))
			return ll_err_set(err, LL_EUSAGE, NULL, 0, "lock date '%s' is not YYYY-MM-DD",
					  o->lock_date);
		store_meta_set(s->store, "period_lock", o->lock_date);
	}
	if (store_meta_get(s->store, "name", s->org_name, sizeof(s->org_name)))
		snprintf(s->org_name, sizeof(s->org_name), "Demo Company (ledgerlift sandbox)");
	return 0;
}

int sandbox_start(struct sandbox **out, const struct sandbox_opts *o, struct ll_err *err)
{
	struct sandbox *s = NULL;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	int rc = LL_ERROR;

	*out = NULL;
	if (!o || !o->data_dir || !*o->data_dir)
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "sandbox needs a data folder");
	if (o->port < 0 || o->port > 65535 || o->per_minute < 1 || o->per_day < 1 ||
	    o->concurrent < 1 || o->token_lifetime_s < 1 || !(o->time_scale > 0.0))
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "sandbox limits, port, token lifetime and time scale must be positive");
	s = calloc(1, sizeof(*s));
	if (!s)
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->time_scale = o->time_scale;
	s->token_lifetime_s = o->token_lifetime_s;
	s->seed = o->seed;
	snprintf(s->client_id, sizeof(s->client_id), "%s", o->client_id ? o->client_id : "sandbox-client");
	snprintf(s->client_secret, sizeof(s->client_secret), "%s",
		 o->client_secret ? o->client_secret : "sandbox-secret");
	if (faults_configure(&s->faults, o->faults, o->seed, err)) {
		rc = LL_EUSAGE;
		goto done;
	}
	if ((rc = store_open(&s->store, o->data_dir, err)) != 0)
		goto done;
	if ((rc = org_init(s, o, err)) != 0)
		goto done;
	limits_init(&s->limits, o->per_minute, o->per_day, o->concurrent, o->time_scale,
		    sbxj_mono_ms());
	idem_init(&s->idem, sbx_scaled_ms(s, IDEM_TTL_S));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
				     (uint16_t)o->port, NULL, NULL, on_request, s,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
				     MHD_OPTION_END);
	if (!s->daemon) {
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "cannot listen on 127.0.0.1:%d", o->port);
		goto done;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	*out = s;
	s = NULL;
	rc = 0;
done:
	sandbox_stop(s);
	return rc;
}

int sandbox_port(const struct sandbox *s)
{
	return s->port;
}

const char *sandbox_tenant_id(const struct sandbox *s)
{
	return s->tenant_id;
}

void sandbox_stop(struct sandbox *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	idem_free(&s->idem);
	store_close(s->store);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
