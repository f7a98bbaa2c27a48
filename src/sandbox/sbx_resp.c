/*
 * sbx_resp.c - building Xero-shaped answers.
 *
 * Xero wraps collections in an envelope with an Id, "Status":"OK", the
 * provider name and a /Date()/ timestamp; validation failures come back as
 * 400 ValidationException listing only the failed elements; other errors
 * are short JSON or plain-text bodies. These helpers make each shape once.
 */
#include "sandbox/sbx_resp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_json.h"
#include "util/date.h"

const char *sbx_arg(const struct sbx_req *rq, const char *name)
{
	int i;

	for (i = 0; i < rq->nargs; i++)
		if (!strcasecmp(rq->args[i].name, name))
			return rq->args[i].value ? rq->args[i].value : "";
	return NULL;
}

void sbx_resp_json(struct sbx_resp *rs, int status, json_t *v)
{
	buf_reset(&rs->body);
	rs->status = status;
	rs->ctype = "application/json; charset=utf-8";
	if (!v || sbxj_dump(v, &rs->body)) {
		buf_reset(&rs->body);
		rs->status = 500;
		rs->ctype = "text/plain; charset=utf-8";
		buf_adds(&rs->body, "An unhandled error with the Xero API");
	}
	json_decref(v);
}

void sbx_resp_text(struct sbx_resp *rs, int status, const char *text)
{
	buf_reset(&rs->body);
	rs->status = status;
	rs->ctype = "text/plain; charset=utf-8";
	buf_adds(&rs->body, text);
}

void sbx_resp_envelope(struct sbx_resp *rs, const char *collection,
		       json_t *items, json_t *pagination)
{
	json_t *env = json_object();
	char id[37];

	sbxj_guid(id);
	json_object_set_new(env, "Id", json_string(id));
	json_object_set_new(env, "Status", json_string("OK"));
	json_object_set_new(env, "ProviderName", json_string(SBX_PROVIDER));
	{
		char t[48];

		snprintf(t, sizeof(t), "/Date(%lld)/", (long long)sbxj_now_ms());
		json_object_set_new(env, "DateTimeUTC", json_string(t));
	}
	if (pagination)
		json_object_set_new(env, "pagination", pagination); /* steals */
	json_object_set_new(env, collection, items ? items : json_array()); /* steals */
	sbx_resp_json(rs, 200, env);
}

void sbx_resp_validation(struct sbx_resp *rs, json_t *elements)
{
	json_t *v = json_object();

	json_object_set_new(v, "ErrorNumber", json_integer(10));
	json_object_set_new(v, "Type", json_string("ValidationException"));
	json_object_set_new(v, "Message", json_string("A validation exception occurred"));
	json_object_set_new(v, "Elements", elements); /* steals */
	sbx_resp_json(rs, 400, v);
}

void sbx_resp_error(struct sbx_resp *rs, int status, int number,
		    const char *type, const char *message)
{
	sbx_resp_json(rs, status, json_pack("{s:i,s:s,s:s}", "ErrorNumber", number,
					    "Type", type, "Message", message));
}

void sbx_resp_not_found(struct sbx_resp *rs)
{
	sbx_resp_text(rs, 404, "The resource you're looking for cannot be found");
}

void sbx_add_error(json_t *el, const char *fmt, ...)
{
	json_t *arr = json_object_get(el, "ValidationErrors");
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!json_is_array(arr)) {
		arr = json_array();
		json_object_set_new(el, "ValidationErrors", arr); /* steals, arr stays borrowed */
	}
	json_array_append_new(arr, json_pack("{s:s}", "Message", msg));
}

json_t *sbx_body_elements(const json_t *body, const char *collection)
{
	json_t *v;

	if (json_is_array(body))
		return json_incref((json_t *)body);
	v = sbxj_get(body, collection);
	if (json_is_array(v))
		return json_incref(v);
	if (json_is_object(body) && !v)
		return json_pack("[O]", body);
	return NULL;
}

int64_t sbx_scaled_ms(const struct sandbox *s, double seconds)
{
	double ms = seconds * 1000.0 / s->time_scale;

	return ms < 1.0 ? 1 : (int64_t)ms;
}

int64_t sbx_lock_days(struct sandbox *s, int *is_eoy)
{
	char t[32];
	int64_t p = -1, e = -1;

	if (!store_meta_get(s->store, "period_lock", t, sizeof(t)) && t[0])
		date_parse_ymd(&p, t);
	if (!store_meta_get(s->store, "eoy_lock", t, sizeof(t)) && t[0])
		date_parse_ymd(&e, t);
	if (is_eoy)
		*is_eoy = e >= p && e >= 0;
	return p > e ? p : e;
}
