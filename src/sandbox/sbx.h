/*
 * sbx.h - what the sandbox's modules share: the server object, one parsed
 * request, one response under construction, and the helpers that build
 * Xero-shaped answers (declared in sbx_resp.h). Handlers run with s->mu held.
 */
#ifndef LL_SBX_H
#define LL_SBX_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "sandbox/sandbox.h"
#include "sandbox/sbx_faults.h"
#include "sandbox/sbx_idem.h"
#include "sandbox/sbx_limits.h"
#include "sandbox/sbx_store.h"
#include "util/buf.h"

#define SBX_PROVIDER "ledgerlift sandbox"
#define SBX_MAX_BODY (8u << 20)
#define SBX_MAX_ARGS 32
#define SBX_MAX_CODES 16

/* An authorization code waiting to be exchanged (memory only, single use). */
struct sbx_authcode {
	char code[65];
	char challenge[44];         /* S256 code_challenge */
	char redirect_uri[513];
	char scope[513];
	int64_t expires_ms;         /* wall clock; 0 = free slot */
};

struct sandbox {
	struct MHD_Daemon *daemon;
	int port;
	pthread_mutex_t mu;
	pthread_cond_t cv;            /* signalled when an idempotent call ends */
	struct sbx_store *store;
	struct sbx_limits limits;
	struct sbx_faults faults;
	struct sbx_idem idem;
	double time_scale;
	int token_lifetime_s;         /* scaled seconds */
	unsigned seed;
	char client_id[256], client_secret[256];
	char tenant_id[37];
	char org_name[256];
	struct sbx_authcode codes[SBX_MAX_CODES];
	long requests, responses_by_class[6];
};

struct sbx_arg { const char *name, *value; };

struct sbx_req {
	const char *method;     /* "GET", "PUT", "POST" ... */
	const char *url;        /* path as received, without the query */
	const char *sub;        /* path below /api.xro/2.0/ ("Invoices/INV-1") */
	struct sbx_arg args[SBX_MAX_ARGS];
	int nargs;
	const char *authz;      /* Authorization header or NULL */
	const char *tenant;     /* xero-tenant-id header or NULL */
	const char *idem_key;   /* Idempotency-Key header or NULL */
	const char *body;
	size_t body_len;
	json_t *json;           /* parsed body, numbers marked; NULL if none */
	int summarize;          /* 0 with summarizeErrors=false */
	int unitdp;             /* 2 or 4 */
};

struct sbx_resp {
	int status;
	const char *ctype;      /* static string */
	struct buf body;
	int rate_problem;       /* enum sbx_limit_problem for 429 */
	int retry_after;        /* seconds, 0 = no header */
	const char *www_auth;   /* WWW-Authenticate, static, or NULL */
	char location[2048];    /* Location header of a redirect, "" = none */
};

/* Handler of one route; called under s->mu. Fills rs, returns 0. */
typedef int (*sbx_handler)(struct sandbox *s, const struct sbx_req *rq,
			   struct sbx_resp *rs);

#endif
