/*
 * sbx_auth.c - the token endpoint, bearer checks and the tenant list.
 *
 * Tokens are random 64-hex strings kept in the store with a wall-clock
 * expiry, so they survive a restart like Xero's do. Lifetimes are scaled:
 * with time_scale 60 a 1800 s access token lives 30 real seconds and
 * expires_in says 30. Refresh tokens rotate: each use deletes the old one.
 *
 * The authorization code flow with PKCE is the browser half of Xero's
 * login for desktop apps: GET /identity/connect/authorize "consents" at
 * once and redirects to the redirect_uri with a code; the code is kept in
 * memory (s->codes) with its S256 challenge, redirect_uri and scope, lives
 * 5 scaled minutes and is struck out at its first exchange, good or bad.
 */
#include "sandbox/sbx_auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"
#include "util/pkce.h"

#define REFRESH_LIFETIME_S (60.0 * 86400.0)
#define CODE_LIFETIME_S 300.0

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Value of name in an x-www-form-urlencoded body, decoded into out. 0 or -1. */
static int form_get(const char *body, size_t len, const char *name, char *out,
		    size_t outlen)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		size_t j = i, o = 0;

		while (j < len && body[j] != '&')
			j++;
		if (j - i > nl && body[i + nl] == '=' && !memcmp(body + i, name, nl)) {
			size_t k;

			for (k = i + nl + 1; k < j && o + 1 < outlen; k++) {
				if (body[k] == '+') {
					out[o++] = ' ';
				} else if (body[k] == '%' && k + 2 < j &&
					   hexval(body[k + 1]) >= 0 && hexval(body[k + 2]) >= 0) {
					out[o++] = (char)(hexval(body[k + 1]) * 16 + hexval(body[k + 2]));
					k += 2;
				} else {
					out[o++] = body[k];
				}
			}
			out[o] = '\0';
			return 0;
		}
		i = j + 1;
	}
	return -1;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decode "Basic base64(id:secret)" into id and secret. 0 or -1. */
static int basic_auth(const char *h, char *id, size_t idlen, char *secret, size_t slen)
{
	char dec[600];
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	char *colon;

	if (!h || strncasecmp(h, "Basic ", 6))
		return -1;
	for (h += 6; *h && *h != '='; h++) {
		int v = b64val(*h);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o + 1 >= sizeof(dec))
				return -1;
			dec[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	dec[o] = '\0';
	colon = strchr(dec, ':');
	if (!colon)
		return -1;
	*colon = '\0';
	if (strlen(dec) >= idlen || strlen(colon + 1) >= slen)
		return -1;
	memcpy(id, dec, strlen(dec) + 1);
	memcpy(secret, colon + 1, strlen(colon + 1) + 1);
	return 0;
}

static void new_token(char out[65])
{
	char g[37];
	int i, o = 0, k;

	for (k = 0; k < 2; k++) {
		sbxj_guid(g);
		for (i = 0; g[i]; i++)
			if (g[i] != '-')
				out[o++] = g[i];
	}
	out[o] = '\0';
}

static void oauth_error(struct sbx_resp *rs, int status, const char *code)
{
	sbx_resp_json(rs, status, json_pack("{s:s}", "error", code));
}

/* 1 if uri may receive a code: https, or http to localhost / 127.0.0.1, no fragment. */
static int redirect_allowed(const char *uri)
{
	const char *h;
	size_t n;

	if (strchr(uri, '#'))
		return 0;
	if (!strncmp(uri, "https://", 8))
		return uri[8] != '\0' && uri[8] != '/';
	if (strncmp(uri, "http://", 7))
		return 0;
	h = uri + 7;
	n = strcspn(h, ":/?");
	return n == 9 && (!strncmp(h, "localhost", 9) || !strncmp(h, "127.0.0.1", 9));
}

/* Append s percent-encoded (all but [A-Za-z0-9-._~]). */
static void add_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/* rs = 302 to redirect_uri with the query q (already encoded) and the state. */
static void redirect_to(struct sbx_resp *rs, const char *redirect_uri, const char *q,
			const char *state)
{
	struct buf b = BUF_INIT(8192);

	buf_adds(&b, redirect_uri);
	buf_addc(&b, strchr(redirect_uri, '?') ? '&' : '?');
	buf_adds(&b, q);
	if (state && *state) {
		buf_adds(&b, "&state=");
		add_escaped(&b, state);
	}
	if (b.len + 1 >= sizeof(rs->location)) {
		/* too long to send back: say so here instead */
		sbx_resp_json(rs, 400, json_pack("{s:s,s:s}", "error", "invalid_request",
						 "error_description", "request too long"));
	} else {
		memcpy(rs->location, buf_cstr(&b), b.len + 1);
		sbx_resp_text(rs, 302, "Found");
	}
	buf_free(&b);
}

void auth_authorize(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *client = sbx_arg(rq, "client_id"), *redir = sbx_arg(rq, "redirect_uri");
	const char *type = sbx_arg(rq, "response_type"), *scope = sbx_arg(rq, "scope");
	const char *state = sbx_arg(rq, "state"), *chal = sbx_arg(rq, "code_challenge");
	const char *method = sbx_arg(rq, "code_challenge_method");
	struct sbx_authcode *slot = NULL;
	struct buf q = BUF_INIT(2048);
	int64_t now = sbxj_now_ms();
	int i;

	/* no redirect for a bad client or redirect_uri (RFC 6749 4.1.2.1) */
	if (!client || strcmp(client, s->client_id)) {
		sbx_resp_json(rs, 400, json_pack("{s:s,s:s}", "error", "unauthorized_client",
						 "error_description", "unknown client_id"));
		return;
	}
	if (!redir || strlen(redir) > 512 || !redirect_allowed(redir)) {
		sbx_resp_json(rs, 400, json_pack("{s:s,s:s}", "error", "invalid_request",
						 "error_description",
						 "redirect_uri must be https, or http://localhost "
						 "or http://127.0.0.1"));
		return;
	}
	if (state && strlen(state) > 512) {
		sbx_resp_json(rs, 400, json_pack("{s:s,s:s}", "error", "invalid_request",
						 "error_description", "state too long"));
		return;
	}
	if (!type || strcmp(type, "code")) {
		redirect_to(rs, redir, "error=unsupported_response_type", state);
		return;
	}
	if (!chal || strlen(chal) != PKCE_CHALLENGE_LEN - 1 || !method || strcmp(method, "S256") ||
	    (scope && strlen(scope) > 500)) {
		redirect_to(rs, redir, "error=invalid_request", state);
		return;
	}
	/* a free or expired slot, else the one closest to expiry */
	for (i = 0; i < SBX_MAX_CODES; i++)
		if (s->codes[i].expires_ms <= now) {
			slot = &s->codes[i];
			break;
		}
	if (!slot)
		for (slot = &s->codes[0], i = 1; i < SBX_MAX_CODES; i++)
			if (s->codes[i].expires_ms < slot->expires_ms)
				slot = &s->codes[i];
	memset(slot, 0, sizeof(*slot));
	new_token(slot->code);
	memcpy(slot->challenge, chal, PKCE_CHALLENGE_LEN);
	memcpy(slot->redirect_uri, redir, strlen(redir) + 1);
	snprintf(slot->scope, sizeof(slot->scope), "%s", scope ? scope : "");
	slot->expires_ms = now + sbx_scaled_ms(s, CODE_LIFETIME_S);
	buf_adds(&q, "code=");
	buf_adds(&q, slot->code);
	buf_adds(&q, "&scope=");
	add_escaped(&q, slot->scope);
	redirect_to(rs, redir, buf_cstr(&q), state);
	buf_free(&q);
	if (rs->status != 302)
		memset(slot, 0, sizeof(*slot));
}

/*
 * Exchange a code: strike it out, then check its redirect_uri and PKCE
 * verifier. 0 with its scope in scope, else -1 (invalid_grant).
 */
static int redeem_code(struct sandbox *s, const char *code, const char *redir,
		       const char *verifier, char *scope, size_t scopelen, int64_t now)
{
	struct sbx_authcode c;
	char chal[PKCE_CHALLENGE_LEN];
	int i;

	for (i = 0; i < SBX_MAX_CODES; i++)
		if (s->codes[i].expires_ms > now && !strcmp(s->codes[i].code, code))
			break;
	if (i == SBX_MAX_CODES)
		return -1;
	c = s->codes[i];
	memset(&s->codes[i], 0, sizeof(s->codes[i])); /* single use */
	if (strcmp(c.redirect_uri, redir) || !pkce_verifier_valid(verifier) ||
	    pkce_challenge(verifier, chal) || strcmp(chal, c.challenge) ||
	    strlen(c.scope) >= scopelen)
		return -1;
	memcpy(scope, c.scope, strlen(c.scope) + 1);
	return 0;
}

void auth_token(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	char grant[64] = "", id[256] = "", secret[256] = "", scope[512] = "";
	char rt[128] = "", access[65], refresh[65];
	int64_t now = sbxj_now_ms(), exp;
	int have_secret, offline;
	double life_real;
	json_t *v;

	form_get(rq->body, rq->body_len, "grant_type", grant, sizeof(grant));
	form_get(rq->body, rq->body_len, "scope", scope, sizeof(scope));
	if (basic_auth(rq->authz, id, sizeof(id), secret, sizeof(secret))) {
		form_get(rq->body, rq->body_len, "client_id", id, sizeof(id));
		form_get(rq->body, rq->body_len, "client_secret", secret, sizeof(secret));
	}
	have_secret = secret[0] != '\0';
	if (strcmp(id, s->client_id) || (have_secret && strcmp(secret, s->client_secret))) {
		oauth_error(rs, 400, "invalid_client");
		return;
	}
	if (!strcmp(grant, "client_credentials")) {
		if (!have_secret) {
			oauth_error(rs, 400, "invalid_client");
			return;
		}
		offline = strstr(scope, "offline_access") != NULL;
	} else if (!strcmp(grant, "refresh_token")) {
		form_get(rq->body, rq->body_len, "refresh_token", rt, sizeof(rt));
		if (!rt[0] || store_token_get(s->store, rt, "refresh", &exp) || exp <= now) {
			oauth_error(rs, 400, "invalid_grant");
			return;
		}
		store_token_del(s->store, rt); /* rotation: one use only */
		offline = 1;
	} else if (!strcmp(grant, "authorization_code")) {
		char code[128] = "", redir[600] = "", verifier[200] = "";

		form_get(rq->body, rq->body_len, "code", code, sizeof(code));
		form_get(rq->body, rq->body_len, "redirect_uri", redir, sizeof(redir));
		form_get(rq->body, rq->body_len, "code_verifier", verifier, sizeof(verifier));
		if (!code[0] || !redir[0] || !verifier[0]) {
			oauth_error(rs, 400, "invalid_request");
			return;
		}
		if (redeem_code(s, code, redir, verifier, scope, sizeof(scope), now)) {
			oauth_error(rs, 400, "invalid_grant");
			return;
		}
		offline = strstr(scope, "offline_access") != NULL;
	} else {
		oauth_error(rs, 400, "unsupported_grant_type");
		return;
	}
	new_token(access);
	life_real = (double)s->token_lifetime_s / s->time_scale;
	if (store_token_put(s->store, access, "access", now + sbx_scaled_ms(s, s->token_lifetime_s))) {
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return;
	}
	v = json_object();
	json_object_set_new(v, "access_token", json_string(access));
	json_object_set_new(v, "expires_in",
			    json_integer(life_real < 1.0 ? 1 : (json_int_t)(life_real + 0.999)));
	json_object_set_new(v, "token_type", json_string("Bearer"));
	if (offline) {
		new_token(refresh);
		store_token_put(s->store, refresh, "refresh", now + sbx_scaled_ms(s, REFRESH_LIFETIME_S));
		json_object_set_new(v, "refresh_token", json_string(refresh));
	}
	json_object_set_new(v, "scope", json_string(scope[0] ? scope :
		"accounting.transactions accounting.contacts accounting.settings"));
	sbx_resp_json(rs, 200, v);
}

static void unauthorized(struct sbx_resp *rs, const char *detail)
{
	char id[37];

	sbxj_guid(id);
	sbx_resp_json(rs, 401, json_pack("{s:n,s:s,s:i,s:s,s:s,s:{}}", "Type", "Title",
					 "Unauthorized", "Status", 401, "Detail", detail,
					 "Instance", id, "Extensions"));
	rs->www_auth = "Bearer error=\"invalid_token\"";
}

int auth_bearer(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *t = rq->authz;
	int64_t exp;

	if (!t || strncasecmp(t, "Bearer ", 7)) {
		unauthorized(rs, "AuthenticationUnsuccessful");
		return -1;
	}
	t += 7;
	while (*t == ' ')
		t++;
	if (store_token_get(s->store, t, "access", &exp)) {
		unauthorized(rs, "AuthenticationUnsuccessful");
		return -1;
	}
	if (exp <= sbxj_now_ms()) {
		unauthorized(rs, "TokenExpired: token expired");
		return -1;
	}
	return 0;
}

void auth_connections(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	char created[48] = "", conn[40] = "";
	json_t *c;

	(void)rq;
	store_meta_get(s->store, "created_iso", created, sizeof(created));
	store_meta_get(s->store, "connection_id", conn, sizeof(conn));
	c = json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:s}]",
		      "id", conn, "authEventId", conn,
		      "tenantId", s->tenant_id, "tenantType", "ORGANISATION",
		      "tenantName", s->org_name, "createdDateUtc", created,
		      "updatedDateUtc", created);
	sbx_resp_json(rs, 200, c);
}
