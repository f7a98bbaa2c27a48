/*
 * taxsetup.c - reading and making the organisation's tax rates
 * (taxsetup.h). Rates are read exactly: EffectiveRate's text as Xero
 * sends it (jansson keeps numbers as doubles, so the rate is printed back
 * with 4 decimals, which a rate of at most 4 decimals survives exactly).
 */
#include "taxsetup.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "util/hash.h"
#include "util/jsonw.h"
#include "util/money.h"

static unsigned flag(json_t *o, const char *k, unsigned bit)
{
	return json_is_true(json_object_get(o, k)) ? bit : 0;
}

/* a JSON number or numeric string with up to 4 decimals, as x 10^4 */
static int rate_of(json_t *v, int64_t *out)
{
	char num[48];

	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v) * 10000;
		return 0;
	}
	if (json_is_real(v))
		snprintf(num, sizeof(num), "%.4f", json_real_value(v));
	else if (json_is_string(v))
		snprintf(num, sizeof(num), "%s", json_string_value(v));
	else
		return -1;
	return money_parse(out, num, strlen(num), 4, MONEY_DOT) ? -1 : 0;
}

int taxsetup_read(struct xero *x, const char *country, struct taxrates *out,
		  struct ll_err *err)
{
	struct xero_call c;
	json_error_t je;
	json_t *root = NULL, *r;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->edition, sizeof(out->edition), "%s", taxrates_edition(country));
	out->from_org = 1;
	out->make = taxsetup_make;
	out->make_ctx = x;
	xero_call_init(&c, "GET", "TaxRates", NULL, 0);
	rc = xero_get(x, &c, err);
	if (rc == 0 && (c.result != XR_ANSWERED || c.status != 200))
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "GET TaxRates: %s%ld",
				c.status ? "HTTP " : "no answer: ", c.status);
	if (rc == 0 && !(root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, &je)))
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "GET TaxRates: not JSON: %s", je.text);
	json_array_foreach(json_object_get(root, "TaxRates"), i, r) {
		struct taxrate t;
		const char *type = json_string_value(json_object_get(r, "TaxType"));
		const char *st = json_string_value(json_object_get(r, "Status"));
		const char *name = json_string_value(json_object_get(r, "Name"));
		const char *rep = json_string_value(json_object_get(r, "ReportTaxType"));

		if (rc || !type || (st && strcmp(st, "ACTIVE")))
			continue;
		memset(&t, 0, sizeof(t));
		snprintf(t.type, sizeof(t.type), "%s", type);
		snprintf(t.name, sizeof(t.name), "%s", name ? name : "");
		snprintf(t.report, sizeof(t.report), "%s", rep ? rep : "");
		if (rate_of(json_object_get(r, "EffectiveRate"), &t.rate_e4))
			continue;
		t.flags = flag(r, "CanApplyToAssets", TR_ASSETS) |
			  flag(r, "CanApplyToEquity", TR_EQUITY) |
			  flag(r, "CanApplyToExpenses", TR_EXPENSES) |
			  flag(r, "CanApplyToLiabilities", TR_LIABILITIES) |
			  flag(r, "CanApplyToRevenue", TR_REVENUE);
		/* an organisation that does not say applies it anywhere */
		if (!json_object_get(r, "CanApplyToRevenue"))
			t.flags = TR_ALL;
		if (taxrates_add(out, &t))
			rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	}
	json_decref(root);
	xero_call_free(&c);
	if (rc)
		taxrates_clear(out);
	return rc;
}

#define MAKE_TRIES 10

/* The TaxType of the organisation's ACTIVE rate named name at rate_e4
 * into out; 1 found, 0 not, or a negative code (err) */
static int find_rate(struct xero *x, const char *name, int64_t rate_e4, char *out,
		     size_t outlen, struct ll_err *err)
{
	static const char hex[] = "0123456789ABCDEF";
	char path[512];
	size_t n;
	const char *p;
	struct xero_call c;
	json_t *root, *r;
	size_t i;
	int rc, found = 0;

	n = (size_t)snprintf(path, sizeof(path), "TaxRates?where=Name%%3D%%3D%%22");
	for (p = name; *p && n + 8 < sizeof(path); p++) {
		unsigned char ch = (unsigned char)*p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_') {
			path[n++] = (char)ch;
		} else {
			path[n++] = '%';
			path[n++] = hex[ch >> 4];
			path[n++] = hex[ch & 15];
		}
	}
	snprintf(path + n, sizeof(path) - n, "%%22");
	xero_call_init(&c, "GET", path, NULL, 0);
	rc = xero_get(x, &c, err);
	if (rc == 0 && c.result == XR_ANSWERED && c.status == 200 &&
	    (root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, NULL))) {
		json_array_foreach(json_object_get(root, "TaxRates"), i, r) {
			const char *t = json_string_value(json_object_get(r, "TaxType"));
			const char *st = json_string_value(json_object_get(r, "Status"));
			int64_t v;

			if (t && (!st || !strcmp(st, "ACTIVE")) &&
			    !rate_of(json_object_get(r, "EffectiveRate"), &v) && v == rate_e4) {
				snprintf(out, outlen, "%s", t);
				found = 1;
			}
		}
		json_decref(root);
	}
	xero_call_free(&c);
	return rc ? rc : found;
}

/* one PUT TaxRates; 0 and the TaxType, 1 when refused (message in why),
 * 2 when it may or may not have been made (no answer, a server error) */
static int put_rate(struct xero *x, const char *name, const char *component, int64_t rate_e4,
		    const char *report, char *type_out, size_t outlen, char *why, size_t whylen,
		    int attempt, struct ll_err *err)
{
	struct buf body = BUF_INIT(4096);
	struct jsonw w;
	struct xero_call c;
	json_t *root;
	const char *type;
	int rc;

	jsonw_init(&w, &body);
	jsonw_object(&w);
	jsonw_field_string(&w, "Name", name);
	if (report && report[0])
		jsonw_field_string(&w, "ReportTaxType", report);
	jsonw_name(&w, "TaxComponents");
	jsonw_array(&w);
	jsonw_object(&w);
	jsonw_field_string(&w, "Name", component);
	jsonw_field_amount(&w, "Rate", rate_e4, 4);
	jsonw_end(&w);
	jsonw_end(&w);
	jsonw_end(&w);
	if (jsonw_finish(&w)) {
		buf_free(&body);
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	}
	xero_call_init(&c, "PUT", "TaxRates", body.ptr, body.len);
	hash_buf_hex(body.ptr, body.len, c.idem_key);
	if (attempt) {
		/* a new key: Xero replays an error it answered to the old one */
		size_t n = strlen(c.idem_key);

		snprintf(c.idem_key + n, sizeof(c.idem_key) - n, "-%d", attempt);
	}
	rc = xero_get(x, &c, err);
	if (rc == 0 && (c.result != XR_ANSWERED || c.status >= 500)) {
		snprintf(why, whylen, "%s", c.error[0] ? c.error : "server error");
		rc = 2;
	} else if (rc == 0 && c.status != 200) {
		snprintf(why, whylen, "HTTP %ld: %.200s", c.status, buf_cstr(&c.resp));
		rc = 1;
	} else if (rc == 0) {
		root = json_loadb(buf_cstr(&c.resp), c.resp.len, 0, NULL);
		type = json_string_value(json_object_get(
			json_array_get(json_object_get(root, "TaxRates"), 0), "TaxType"));
		if (type)
			snprintf(type_out, outlen, "%s", type);
		else
			rc = ll_err_set(err, LL_ERROR, NULL, 0, "PUT TaxRates: no TaxType in"
					" the answer");
		json_decref(root);
	}
	xero_call_free(&c);
	buf_free(&body);
	return rc;
}

/* Make the rate, or find it made when the answer was lost. */
static int make_one(struct xero *x, const char *name, const char *component, int64_t rate_e4,
		    const char *report, char *type_out, size_t outlen, char *why, size_t whylen,
		    struct ll_err *err)
{
	int rc = 2, attempt, f;

	for (attempt = 0; attempt < MAKE_TRIES && rc == 2; attempt++) {
		rc = put_rate(x, name, component, rate_e4, report, type_out, outlen, why, whylen,
			      attempt, err);
		if (rc == 2 && (f = find_rate(x, name, rate_e4, type_out, outlen, err)) != 0)
			return f < 0 ? f : 0;
	}
	if (rc == 2)
		rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "no answer from Xero while making"
				" tax rate %s (%s); run again: it is looked for first", name, why);
	return rc;
}

int taxsetup_make(void *ctx, const char *name, const char *component, int64_t rate_e4,
		  const char *report, char *type_out, size_t outlen, struct ll_err *err)
{
	struct xero *x = ctx;
	char why[300] = "", alt[80];
	int rc = make_one(x, name, component, rate_e4, report, type_out, outlen, why,
			  sizeof(why), err);

	if (rc == 1 && strstr(why, "already exists")) {
		/* the name is the user's rate of another rate: ours beside it */
		snprintf(alt, sizeof(alt), "%.36s (ledgerlift)", name);
		rc = make_one(x, alt, component, rate_e4, report, type_out, outlen, why,
			      sizeof(why), err);
	}
	if (rc == 1)
		rc = ll_err_set(err, LL_EREJECTED, NULL, 0, "Xero refused to make the tax rate"
				" %s for the orders that state it (%s); make it in Xero"
				" (Settings > Tax rates) and run again", name, why);
	return rc;
}
