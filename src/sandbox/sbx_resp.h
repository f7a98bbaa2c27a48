/*
 * sbx_resp.h - helpers every handler uses: query arguments, Xero-shaped
 * responses (envelope, ValidationException, errors), validation messages
 * on elements, scaled durations and the organisation's lock date.
 */
#ifndef LL_SBX_RESP_H
#define LL_SBX_RESP_H

#include "sandbox/sbx.h"

/* Query argument by case-insensitive name, or NULL. */
const char *sbx_arg(const struct sbx_req *rq, const char *name);

/* rs = status with a JSON body; takes ownership of v. */
void sbx_resp_json(struct sbx_resp *rs, int status, json_t *v);
/* rs = status with a text/plain body. */
void sbx_resp_text(struct sbx_resp *rs, int status, const char *text);

/*
 * rs = 200 with Xero's envelope {"Id","Status":"OK","ProviderName",
 * "DateTimeUTC", <collection>: items, "pagination"?}. Steals items and
 * pagination (may be NULL).
 */
void sbx_resp_envelope(struct sbx_resp *rs, const char *collection,
		       json_t *items, json_t *pagination);

/* rs = 400 ValidationException with the failed elements; steals elements. */
void sbx_resp_validation(struct sbx_resp *rs, json_t *elements);

/* rs = 400 with Xero's {"ErrorNumber","Type","Message"} body. */
void sbx_resp_error(struct sbx_resp *rs, int status, int number,
		    const char *type, const char *message);

/* rs = 404 "The resource you're looking for cannot be found". */
void sbx_resp_not_found(struct sbx_resp *rs);

/*
 * Add {"Message": msg} to the "ValidationErrors" array of element el,
 * creating the array. Formats like printf.
 */
void sbx_add_error(json_t *el, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Elements of a write body: {"<Coll>":[...]}, a bare array, or one object. New ref. */
json_t *sbx_body_elements(const json_t *body, const char *collection);

/* Milliseconds for a duration given in scaled seconds. */
int64_t sbx_scaled_ms(const struct sandbox *s, double seconds);

/* Organisation lock date as a day number (max of both locks), -1 if none. */
int64_t sbx_lock_days(struct sandbox *s, int *is_eoy);

#endif
