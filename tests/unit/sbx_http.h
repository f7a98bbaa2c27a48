/*
 * sbx_http.h - the unit tests' HTTP client for a sandbox started in the
 * test process: one request at a time with libcurl, the answer kept with
 * its headers and parsed JSON, and small readers of that JSON. Requests
 * to /api... carry the bearer token, tenant id and JSON headers from the
 * globals below.
 */
#ifndef LL_TEST_SBX_HTTP_H
#define LL_TEST_SBX_HTTP_H

#include <jansson.h>
#include <stddef.h>

struct http {
	long status;
	int curl_rc;
	char body[1 << 20];
	size_t len;
	char headers[8192];
	size_t hlen;
	json_t *json;   /* the body parsed (numbers as doubles: read money with cents_at) */
};

extern int port;                       /* the sandbox's port */
extern char token[128], tenant[64];    /* bearer token and xero-tenant-id */

/*
 * One request. path starting with "/api" or "/connections" gets bearer,
 * tenant and Accept headers; extra is one more raw header line or NULL.
 * The answer is the caller's, freed by done() (which accepts NULL).
 */
struct http *req(const char *method, const char *path, const char *body, const char *extra);
void done(struct http *h);

/* Value of a response header into out, or "" (case-insensitive name). Returns out. */
const char *header(const struct http *h, const char *name, char *out, size_t outlen);

/* Member at a dotted path ("Invoices.0.InvoiceNumber"); borrowed, NULL if absent. */
const char *jstr(json_t *v, const char *path);
json_t *jget(json_t *v, const char *path);

/*
 * The number after the first occurrence of field_in_body (e.g. "\"Total\":")
 * in the raw body as cents, read exactly from the text; -999999 when absent.
 */
long long cents_at(const struct http *h, const char *field_in_body);

/* A client_credentials token (sandbox-client) and the tenant id into the globals. 0 or -1. */
int connect_sandbox(void);

#endif
