/*
 * sbx_auth.h - OAuth2 as Xero's identity server does it, plus /connections.
 */
#ifndef LL_SBX_AUTH_H
#define LL_SBX_AUTH_H

#include "sandbox/sbx.h"

/*
 * GET /identity/connect/authorize (response_type=code, client_id,
 * redirect_uri, scope, state, code_challenge, code_challenge_method=S256):
 * the sandbox's user consents at once, so rs becomes 302 to
 * redirect_uri?code=C&scope=...&state=S, the code single-use for 5 scaled
 * minutes. A bad client_id or redirect_uri (https, or http to localhost or
 * 127.0.0.1) gives 400 {"error"} without a redirect; other bad parameters
 * redirect with error=unsupported_response_type or invalid_request.
 */
void auth_authorize(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/*
 * POST /connect/token: grant_type=client_credentials (HTTP Basic client id
 * and secret, or both in the form), grant_type=refresh_token (rotating:
 * the used refresh token stops working) or grant_type=authorization_code
 * (code, redirect_uri and code_verifier checked against the authorize
 * request; no secret needed). A refresh token is issued when the scope
 * asks for offline_access. Errors are 400 {"error": ...}.
 */
void auth_token(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/*
 * Check "Authorization: Bearer T". Returns 0 when T is a live access token;
 * otherwise fills rs with Xero's 401 and returns -1.
 */
int auth_bearer(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

/* GET /connections: the one organisation as a tenant. */
void auth_connections(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs);

#endif
