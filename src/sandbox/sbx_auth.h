/*
 * sbx_auth.h - OAuth2 as Xero's identity server does it, plus /connections.
 */
#ifndef LL_SBX_AUTH_H
#define LL_SBX_AUTH_H

#include "sandbox/sbx.h"

/*
 * POST /connect/token: grant_type=client_credentials (HTTP Basic client id
 * and secret, or both in the form) or grant_type=refresh_token (rotating:
 * the used refresh token stops working). A refresh token is issued when
 * the scope asks for offline_access. Errors are 400 {"error": ...}.
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
