/*
 * sbx_http.c - the unit tests' HTTP client (see sbx_http.h).
 */
#include "sbx_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int port;
char token[128], tenant[64];

static size_t on_body(char *p, size_t sz, size_t n, void *u)
{
	struct http *h = u;
	size_t k = sz * n;

	if (h->len + k >= sizeof(h->body))
		k = sizeof(h->body) - h->len - 1;
	memcpy(h->body + h->len, p, k);
	h->len += k;
	h->body[h->len] = '\0';
	return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *u)
{
	struct http *h = u;
	size_t k = sz * n;

	if (h->hlen + k >= sizeof(h->headers))
		k = sizeof(h->headers) - h->hlen - 1;
	memcpy(h->headers + h->hlen, p, k);
	h->hlen += k;
	h->headers[h->hlen] = '\0';
	return sz * n;
}

/* Value of a response header into out, or "" (case-insensitive name). */
const char *header(const struct http *h, const char *name, char *out, size_t outlen)
{
	const char *p = h->headers;
	size_t nl = strlen(name);

	out[0] = '\0';
	while (p && *p) {
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1, *e;

			while (*v == ' ')
				v++;
			e = strpbrk(v, "\r\n");
			snprintf(out, outlen, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return out;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return out;
}

/*
 * One request. path starting with "/api" gets bearer, tenant and Accept
 * headers; extra is one more raw header line or NULL.
 */
struct http *req(const char *method, const char *path, const char *body, const char *extra)
{
	struct http *h = calloc(1, sizeof(*h));
	struct curl_slist *hs = NULL;
	char url[2048], line[512];
	CURL *c = curl_easy_init();

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	if (!strncmp(path, "/api", 4) || !strncmp(path, "/connections", 12)) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		hs = curl_slist_append(hs, line);
		snprintf(line, sizeof(line), "xero-tenant-id: %s", tenant);
		hs = curl_slist_append(hs, line);
		hs = curl_slist_append(hs, "Accept: application/json");
		hs = curl_slist_append(hs, "Content-Type: application/json");
	}
	if (extra)
		hs = curl_slist_append(hs, extra);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
	h->curl_rc = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &h->status);
	curl_slist_free_all(hs);
	curl_easy_cleanup(c);
	h->json = json_loads(h->body, JSON_DECODE_ANY, NULL);
	return h;
}

void done(struct http *h)
{
	if (h)
		json_decref(h->json);
	free(h);
}

const char *jstr(json_t *v, const char *path)
{
	/* path like "Invoices.0.InvoiceNumber" */
	char seg[128];
	const char *p = path;

	while (*p && v) {
		size_t n = strcspn(p, ".");

		snprintf(seg, sizeof(seg), "%.*s", (int)n, p);
		if (json_is_array(v))
			v = json_array_get(v, strtoul(seg, NULL, 10));
		else
			v = json_object_get(v, seg);
		p += n;
		if (*p == '.')
			p++;
	}
	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *jget(json_t *v, const char *path)
{
	char seg[128];
	const char *p = path;

	while (*p && v) {
		size_t n = strcspn(p, ".");

		snprintf(seg, sizeof(seg), "%.*s", (int)n, p);
		if (json_is_array(v))
			v = json_array_get(v, strtoul(seg, NULL, 10));
		else
			v = json_object_get(v, seg);
		p += n;
		if (*p == '.')
			p++;
	}
	return v;
}

/* A JSON number field as cents (the test's own exact reading of the text). */
long long cents_at(const struct http *h, const char *field_in_body)
{
	/* find "Field": in the raw body and read the number text */
	const char *p = strstr(h->body, field_in_body);
	long long v = 0, sign = 1;
	int frac = -1;

	if (!p)
		return -999999;
	p += strlen(field_in_body);
	if (*p == '-') {
		sign = -1;
		p++;
	}
	for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		if (frac >= 0 && frac >= 2)
			continue;
		v = v * 10 + (*p - '0');
		if (frac >= 0)
			frac++;
	}
	if (frac < 0)
		frac = 0;
	while (frac++ < 2)
		v *= 10;
	return sign * v;
}

int connect_sandbox(void)
{
	struct http *h = req("POST", "/connect/token", "grant_type=client_credentials",
			     "Authorization: Basic c2FuZGJveC1jbGllbnQ6c2FuZGJveC1zZWNyZXQ=");
	const char *t = jstr(h->json, "access_token");
	int rc = -1;

	if (h->status == 200 && t) {
		snprintf(token, sizeof(token), "%s", t);
		done(h);
		h = req("GET", "/connections", NULL, NULL);
		t = jstr(h->json, "0.tenantId");
		if (h->status == 200 && t) {
			snprintf(tenant, sizeof(tenant), "%s", t);
			rc = 0;
		}
	}
	done(h);
	return rc;
}
