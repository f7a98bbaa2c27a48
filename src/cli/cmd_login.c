/*
 * cmd_login.c - `ledgerlift login`: connect ledgerlift to a Xero
 * organisation with OAuth2's authorization code flow and PKCE, as Xero's
 * own CLI does (XERO_API.md 11.2), and keep the refresh token for `run`.
 *
 * The flow: make a 64-character code_verifier and a state from
 * /dev/urandom; start a one-shot HTTP listener on 127.0.0.1:PORT
 * (libmicrohttpd, its own thread) that waits for Xero to send the browser
 * back to http://localhost:PORT/callback?code=...&state=...; print the
 * authorize URL (and try xdg-open); wait up to five minutes for the
 * callback; insist that its state is ours (else stop: a forged answer);
 * exchange the code with the verifier at the token endpoint (no client
 * secret); store the refresh token (tokenfile.c, 0600, temp + rename);
 * then list the connected organisations with the access token. The
 * tokens, the code and the verifier are never printed or logged, and are
 * wiped from memory once used.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/stages.h"
#include "xero/tokenfile.h"
#include "xero/xero.h"
#include "util/buf.h"
#include "util/pkce.h"

extern char **environ;

#define AUTHORIZE_URL "https://login.xero.com/identity/connect/authorize"
#define DEFAULT_SCOPES "openid profile email offline_access accounting.transactions " \
		       "accounting.settings accounting.contacts"
#define VERIFIER_LEN 64
#define STATE_LEN 32
#define RESP_MAX (1u << 20)

static const struct cli_cmd login_cmd = {
	"login", "[options]",
	"Connect ledgerlift to your Xero organisation in the browser (OAuth2 with\n"
	"PKCE, no client secret) and keep the refresh token for 'ledgerlift run'.\n"
	"Register your own app at developer.xero.com as a PKCE app with the redirect\n"
	"URI http://localhost:PORT/callback first.",
	"Endpoints: XERO_AUTHORIZE_URL, XERO_TOKEN_URL, XERO_CONNECTIONS_URL (https;\n"
	"http only to 127.0.0.1/localhost, for the sandbox).\n"
	"Exit codes: 0 logged in; 1 refused, timed out or failed; 2 usage.",
	0
};

/* What the callback listener received; guarded by mu. */
struct callback {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char state[STATE_LEN + 1];  /* the one we sent */
	int received;               /* a code or an error arrived */
	int done;                   /* ... and its page was sent: the login goes on */
	int state_bad;
	char code[2048];            /* secret: never printed */
	char error[128];            /* OAuth error code, printable ASCII */
	char error_desc[256];
};

static const char page_ok[] =
	"<!doctype html><title>ledgerlift</title><p>ledgerlift received Xero's answer. "
	"You can close this tab and go back to the terminal.</p>";
static const char page_error[] =
	"<!doctype html><title>ledgerlift</title><p>Xero did not authorise ledgerlift; "
	"the terminal says why. You can close this tab.</p>";
static const char page_state[] =
	"<!doctype html><title>ledgerlift</title><p>This answer does not belong to the "
	"login in progress (state mismatch), so ledgerlift stopped. Run 'ledgerlift "
	"login' again.</p>";
static const char page_missing[] =
	"<!doctype html><title>ledgerlift</title><p>No code or error in this request.</p>";
static const char page_done[] =
	"<!doctype html><title>ledgerlift</title><p>This login has already finished.</p>";
static const char page_404[] = "not found";

/* Copy printable ASCII of src (at most outlen - 1 bytes); others become '?'. */
static void copy_printable(char *out, size_t outlen, const char *src)
{
	size_t o = 0;

	for (; src && *src && o + 1 < outlen; src++)
		out[o++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	out[o] = '\0';
}

/* markers in *con_cls: a request seen, and the one that carried the answer */
static int seen, answer;

static enum MHD_Result on_callback(void *cls, struct MHD_Connection *c, const char *url,
				   const char *method, const char *version,
				   const char *upload, size_t *upload_size, void **con_cls)
{
	struct callback *cb = cls;
	struct MHD_Response *resp;
	const char *code, *state, *error, *page = page_ok;
	unsigned status = 200;
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	if (!*con_cls) {
		*con_cls = &seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0; /* a callback has no body: ignore one */
		return MHD_YES;
	}
	if (strcmp(method, "GET") || strcmp(url, "/callback")) {
		page = page_404;
		status = 404;
		goto send;
	}
	code = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "code");
	state = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "state");
	error = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "error");
	pthread_mutex_lock(&cb->mu);
	if (cb->received) {
		page = page_done;
		status = 409;
	} else if (!(code && *code) && !(error && *error)) {
		page = page_missing;
		status = 400;
	} else {
		cb->received = 1;
		*con_cls = &answer; /* the login goes on once this page is sent */
		if (!state || strcmp(state, cb->state)) {
			cb->state_bad = 1;
			page = page_state;
			status = 400;
		} else if (error && *error) {
			copy_printable(cb->error, sizeof(cb->error), error);
			copy_printable(cb->error_desc, sizeof(cb->error_desc),
				       MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
								   "error_description"));
			page = page_error;
		} else if (strlen(code) >= sizeof(cb->code)) {
			copy_printable(cb->error, sizeof(cb->error), "invalid_request");
			copy_printable(cb->error_desc, sizeof(cb->error_desc),
				       "the authorisation code is too long");
			page = page_error;
			status = 400;
		} else {
			memcpy(cb->code, code, strlen(code) + 1);
		}
	}
	pthread_mutex_unlock(&cb->mu);
send:
	resp = MHD_create_response_from_buffer(strlen(page), (void *)page,
					       MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", page == page_404 ? "text/plain"
					: "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* MHD is done with a request: if it carried the answer, wake the login. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct callback *cb = cls;

	(void)c;
	(void)toe;
	if (*con_cls != &answer)
		return;
	pthread_mutex_lock(&cb->mu);
	cb->done = 1;
	pthread_cond_signal(&cb->cv);
	pthread_mutex_unlock(&cb->mu);
}

/* Wait for the callback until timeout_s; 0 when one came, -1 on timeout. */
static int wait_callback(struct callback *cb, long timeout_s)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_s;
	pthread_mutex_lock(&cb->mu);
	while (!cb->done && rc == 0)
		rc = pthread_cond_timedwait(&cb->cv, &cb->mu, &until);
	rc = cb->done ? 0 : -1;
	pthread_mutex_unlock(&cb->mu);
	return rc;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	return buf_add(ud, p, size * n) ? 0 : size * n;
}

/* Zero a buffer that held a secret, then free it. */
static void buf_wipe(struct buf *b)
{
	if (b->ptr)
		memset(b->ptr, 0, b->cap);
	buf_free(b);
}

/*
 * POST form (or GET when form is NULL) to url, with a bearer token if
 * given; the answer into resp. 0 with *status set, or LL_ETRANSIENT when
 * nothing came back (err says why).
 */
static int http_call(const char *url, const char *form, const char *bearer, long *status,
		     struct buf *resp, struct ll_err *err)
{
	struct curl_slist *h = NULL;
	struct buf auth = BUF_INIT(8192);
	CURL *e = curl_easy_init();
	CURLcode cc;

	*status = 0;
	if (!e)
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
	h = curl_slist_append(h, "Accept: application/json");
	if (bearer) {
		buf_adds(&auth, "Authorization: Bearer ");
		buf_adds(&auth, bearer);
		h = curl_slist_append(h, buf_cstr(&auth));
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 60000L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	xero_no_proxy_for_http(e, url);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "ledgerlift/" LL_VERSION);
	if (form) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, form);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
	}
	cc = curl_easy_perform(e);
	if (cc == CURLE_OK)
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(e);
	curl_slist_free_all(h);
	buf_wipe(&auth);
	if (cc != CURLE_OK)
		return ll_err_set(err, LL_ETRANSIENT, NULL, 0, "cannot reach %s: %s", url,
				  curl_easy_strerror(cc));
	return 0;
}

/* Append "&name=escaped(value)" (no '&' when first). */
static void form_add(struct buf *b, const char *name, const char *value)
{
	char *enc = curl_easy_escape(NULL, value, 0);

	if (b->len)
		buf_addc(b, '&');
	buf_adds(b, name);
	buf_addc(b, '=');
	buf_adds(b, enc ? enc : "");
	if (enc)
		memset(enc, 0, strlen(enc));
	curl_free(enc);
}

/*
 * Exchange the code for tokens. On 0, access (sized alen) and refresh
 * (sized rlen) hold the tokens; else err says why, without secrets.
 */
static int exchange_code(const struct xero_conf *conf, const char *code,
			 const char *redirect_uri, const char *verifier, char *access,
			 size_t alen, char *refresh, size_t rlen, struct ll_err *err)
{
	struct buf form = BUF_INIT(16384), resp = BUF_INIT(RESP_MAX);
	json_t *root = NULL, *v, *rt;
	long status;
	int rc;

	form_add(&form, "grant_type", "authorization_code");
	form_add(&form, "client_id", conf->client_id);
	form_add(&form, "code", code);
	form_add(&form, "redirect_uri", redirect_uri);
	form_add(&form, "code_verifier", verifier);
	rc = http_call(conf->token_url, buf_cstr(&form), NULL, &status, &resp, err);
	if (rc)
		goto done;
	root = json_loadb(buf_cstr(&resp), resp.len, 0, NULL);
	v = json_object_get(root, "error");
	if (status != 200 || !json_is_object(root) || json_is_string(v)) {
		char what[64];

		copy_printable(what, sizeof(what), json_is_string(v) ? json_string_value(v) : "");
		if (!strcmp(what, "invalid_grant"))
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero refused the authorisation code (invalid_grant): it "
					"was already used, has expired (codes last 5 minutes) or "
					"belongs to another login; run 'ledgerlift login' again");
		else if (!strcmp(what, "invalid_client"))
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero does not accept client id '%s' (invalid_client): "
					"check --client-id / XERO_CLIENT_ID", conf->client_id);
		else
			rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
					"Xero refused the code exchange (HTTP %ld%s%s)", status,
					what[0] ? ": " : "", what);
		goto done;
	}
	v = json_object_get(root, "access_token");
	rt = json_object_get(root, "refresh_token");
	if (!json_is_string(v) || !json_string_value(v)[0] ||
	    strlen(json_string_value(v)) >= alen) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0, "Xero's answer has no access token");
		goto done;
	}
	if (!json_is_string(rt) || !json_string_value(rt)[0] ||
	    strlen(json_string_value(rt)) >= rlen) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"Xero's answer has no refresh token: the scopes must "
				"include offline_access");
		goto done;
	}
	memcpy(access, json_string_value(v), strlen(json_string_value(v)) + 1);
	memcpy(refresh, json_string_value(rt), strlen(json_string_value(rt)) + 1);
done:
	json_decref(root); /* jansson keeps no copy; the raw text is wiped below */
	buf_wipe(&form);
	buf_wipe(&resp);
	return rc;
}

/* Print the connected organisations; 0, or LL_EREJECTED / LL_ETRANSIENT. */
static int list_connections(const struct xero_conf *conf, const char *access,
			    struct ll_err *err)
{
	struct buf resp = BUF_INIT(RESP_MAX);
	json_t *root = NULL;
	const char *env_tenant = getenv("XERO_TENANT_ID");
	char name[256], id[64];
	long status;
	size_t i, n;
	int rc;

	rc = http_call(conf->connections_url, NULL, access, &status, &resp, err);
	if (rc)
		goto done;
	root = json_loadb(buf_cstr(&resp), resp.len, 0, NULL);
	if (status != 200 || !json_is_array(root)) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"logged in, but cannot list the connected organisations "
				"(HTTP %ld from %s)", status, conf->connections_url);
		goto done;
	}
	n = json_array_size(root);
	if (n == 0) {
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0,
				"logged in, but no organisation is connected: run 'ledgerlift "
				"login' again and choose one on Xero's consent page");
		goto done;
	}
	printf("Connected organisation%s:\n", n > 1 ? "s" : "");
	for (i = 0; i < n; i++) {
		json_t *o = json_array_get(root, i);

		copy_printable(name, sizeof(name),
			       json_string_value(json_object_get(o, "tenantName")));
		copy_printable(id, sizeof(id), json_string_value(json_object_get(o, "tenantId")));
		printf("  %s  (tenant id %s)\n", name, id);
	}
	if (n == 1) {
		printf("'ledgerlift run' will post to %s.\n", name);
	} else {
		copy_printable(id, sizeof(id), json_string_value(json_object_get(
			json_array_get(root, 0), "tenantId")));
		printf("Several organisations are connected: tell 'ledgerlift run' which one "
		       "to migrate into,\n  e.g. export XERO_TENANT_ID=%s\n",
		       env_tenant && *env_tenant ? env_tenant : id);
	}
done:
	json_decref(root);
	buf_wipe(&resp);
	return rc;
}

/* Start xdg-open URL in the background, output discarded; returns its pid or -1. */
static pid_t open_browser(const char *url)
{
	posix_spawn_file_actions_t fa;
	char *argv[3];
	pid_t pid = -1;

	argv[0] = (char *)"xdg-open";
	argv[1] = (char *)url;
	argv[2] = NULL;
	if (posix_spawn_file_actions_init(&fa))
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ))
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

int cmd_login(int argc, char **argv)
{
	const char *client_id = NULL, *scopes = DEFAULT_SCOPES, *token_path = NULL;
	long port = 8742, timeout_s = 300;
	int no_browser = 0, first;
	const struct cli_opt opts[] = {
		CLI_STRING("client-id", client_id, "ID",
			   "the app's client id (default $XERO_CLIENT_ID)"),
		CLI_LONG("port", port, "N", 1, 65535,
			 "port of the local callback (default 8742)"),
		CLI_STRING("scopes", scopes, "\"...\"",
			   "scopes to ask for; must include offline_access (default: "
			   DEFAULT_SCOPES ")"),
		CLI_STRING("token-file", token_path, "PATH",
			   "where to keep the refresh token (default"
			   " $XDG_CONFIG_HOME/ledgerlift/refresh_token or"
			   " ~/.config/ledgerlift/refresh_token)"),
		CLI_SWITCH("no-browser", no_browser, "only print the address to open"),
		CLI_LONG("timeout", timeout_s, "S", 1, 86400,
			 "give up after S seconds (default 300)"),
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct xero_conf conf;
	struct callback cb;
	struct ll_err err = LL_ERR_INIT;
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in sa;
	struct buf url = BUF_INIT(16384);
	pthread_condattr_t ca;
	const char *env_id = getenv("XERO_CLIENT_ID"), *authz = getenv("XERO_AUTHORIZE_URL");
	char verifier[VERIFIER_LEN + 1], challenge[PKCE_CHALLENGE_LEN], redirect_uri[64];
	char token_file[1024], access[4096], refresh[1024], msg[1200];
	int code, browser, curl_ok = 0;
	pid_t opener = -1;

	if ((code = cli_opt_parse(&login_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	browser = !no_browser;
	code = EXIT_ERROR_;
	memset(&cb, 0, sizeof(cb));
	verifier[0] = access[0] = refresh[0] = '\0';
	pthread_mutex_init(&cb.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cb.cv, &ca);
	pthread_condattr_destroy(&ca);

	code = EXIT_USAGE_;
	if (xero_conf_from_env(&conf, &err))
		goto fail;
	if (client_id)
		snprintf(conf.client_id, sizeof(conf.client_id), "%s", client_id);
	if (!conf.client_id[0]) {
		ll_err_set(&err, LL_EUSAGE, NULL, 0,
			   "no client id: give --client-id or set XERO_CLIENT_ID (register a "
			   "PKCE app at developer.xero.com)");
		goto fail;
	}
	if (!authz || !*authz)
		authz = AUTHORIZE_URL;
	if (!xero_url_allowed(authz)) {
		ll_err_set(&err, LL_EUSAGE, NULL, 0,
			   "XERO_AUTHORIZE_URL must be https (plain http only to "
			   "127.0.0.1/localhost)");
		goto fail;
	}
	if (!strstr(scopes, "offline_access")) {
		ll_err_set(&err, LL_EUSAGE, NULL, 0,
			   "--scopes must include offline_access: ledgerlift keeps a refresh "
			   "token");
		goto fail;
	}
	if (token_path) {
		if ((size_t)snprintf(token_file, sizeof(token_file), "%s", token_path) >=
		    sizeof(token_file)) {
			ll_err_set(&err, LL_EUSAGE, NULL, 0, "the token file path is too long");
			goto fail;
		}
	} else if (tokenfile_default(token_file, sizeof(token_file), &err)) {
		goto fail;
	}

	code = EXIT_ERROR_;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		ll_err_set(&err, LL_ERROR, NULL, 0, "cannot initialise libcurl");
		goto fail;
	}
	curl_ok = 1;
	if (pkce_random(verifier, VERIFIER_LEN) || pkce_random(cb.state, STATE_LEN) ||
	    pkce_challenge(verifier, challenge)) {
		ll_err_set(&err, LL_ERROR, NULL, 0, "cannot read random bytes from /dev/urandom");
		goto fail;
	}
	snprintf(redirect_uri, sizeof(redirect_uri), "http://localhost:%ld/callback", port);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL,
			     on_callback, &cb, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &cb,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_END);
	if (!d) {
		ll_err_set(&err, LL_ERROR, NULL, 0,
			   "cannot listen on 127.0.0.1:%ld for Xero's callback (in use? "
			   "try --port, with that redirect URI registered for the app)", port);
		goto fail;
	}

	buf_adds(&url, authz);
	buf_addc(&url, strchr(authz, '?') ? '&' : '?');
	{
		struct buf q = BUF_INIT(16384);

		form_add(&q, "response_type", "code");
		form_add(&q, "client_id", conf.client_id);
		form_add(&q, "redirect_uri", redirect_uri);
		form_add(&q, "scope", scopes);
		form_add(&q, "state", cb.state);
		form_add(&q, "code_challenge", challenge);
		form_add(&q, "code_challenge_method", "S256");
		buf_adds(&url, buf_cstr(&q));
		buf_free(&q);
	}
	printf("Open this address in a browser and allow ledgerlift to reach your Xero "
	       "organisation:\n\n%s\n\n", buf_cstr(&url));
	fflush(stdout);
	if (browser)
		opener = open_browser(buf_cstr(&url));
	fprintf(stderr, "waiting up to %ld s for Xero to send the browser back to %s "
		"(Ctrl-C to stop)\n", timeout_s, redirect_uri);

	if (wait_callback(&cb, timeout_s)) {
		ll_err_set(&err, LL_ERROR, NULL, 0,
			   "no answer from Xero within %ld s; run 'ledgerlift login' again",
			   timeout_s);
		goto fail;
	}
	pthread_mutex_lock(&cb.mu);
	if (cb.state_bad)
		ll_err_set(&err, LL_EREJECTED, NULL, 0,
			   "the callback's state does not match this login (a stale or forged "
			   "answer): nothing was stored; run 'ledgerlift login' again");
	else if (cb.error[0])
		ll_err_set(&err, LL_EREJECTED, NULL, 0, "Xero did not authorise ledgerlift: %s%s%s",
			   cb.error, cb.error_desc[0] ? ": " : "", cb.error_desc);
	pthread_mutex_unlock(&cb.mu);
	if (err.code)
		goto fail;

	if (exchange_code(&conf, cb.code, redirect_uri, verifier, access, sizeof(access),
			  refresh, sizeof(refresh), &err))
		goto fail;
	if (tokenfile_store(token_file, refresh, &err))
		goto fail;
	printf("Logged in. The refresh token is kept in %s (mode 600).\n", token_file);
	fflush(stdout);
	if (list_connections(&conf, access, &err))
		goto fail;
	if (!env_id || strcmp(env_id, conf.client_id))
		printf("'ledgerlift run' needs XERO_CLIENT_ID=%s, the app this login belongs to.\n",
		       conf.client_id);
	if (getenv("XERO_CLIENT_SECRET") && *getenv("XERO_CLIENT_SECRET") && !token_path)
		printf("XERO_CLIENT_SECRET is set, so 'ledgerlift run' would use that custom "
		       "connection: unset it to use this login.\n");
	else if (token_path)
		printf("Give 'ledgerlift run' --token-file %s to use this login.\n", token_file);
	code = EXIT_OK_;
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	fprintf(stderr, "ledgerlift login: %s\n", msg);
out:
	fflush(stdout);
	if (d)
		MHD_stop_daemon(d);
	if (opener > 0)
		waitpid(opener, NULL, WNOHANG);
	buf_free(&url);
	explicit_bzero(verifier, sizeof(verifier));
	explicit_bzero(cb.code, sizeof(cb.code));
	explicit_bzero(access, sizeof(access));
	explicit_bzero(refresh, sizeof(refresh));
	pthread_cond_destroy(&cb.cv);
	pthread_mutex_destroy(&cb.mu);
	if (curl_ok)
		curl_global_cleanup();
	return code;
}
