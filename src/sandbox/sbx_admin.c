/*
 * sbx_admin.c - inspection and control endpoints for tests.
 *
 * /__sandbox/state summarises the org, counters, limits and faults;
 * /__sandbox/documents dumps every invoice, credit note, payment, bank
 * transfer, bank transaction and contact (all statuses) so a test can assert "every document
 * exactly once"; /__sandbox/ledger gives balances per account
 * (sbx_reports.c); /__sandbox/faults reads or replaces the fault spec at run time;
 * /__sandbox/org sets lock dates or the name; /__sandbox/limits changes or
 * resets the rate limits; /__sandbox/expire-tokens expires access tokens.
 */
#include "sandbox/sbx_admin.h"

#include <stdio.h>
#include <string.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_reports.h"
#include "sandbox/sbx_resp.h"
#include "util/date.h"

static json_t *faults_json(struct sandbox *s)
{
	json_t *inj = json_object();
	int k;

	for (k = SBX_FAULT_500; k < SBX_FAULT_KINDS; k++)
		json_object_set_new(inj, faults_name((enum sbx_fault)k),
				    json_integer(s->faults.injected[k]));
	return json_pack("{s:s,s:i,s:o}", "Spec", s->faults.spec, "Queued", s->faults.nqueue,
			 "Injected", inj);
}

static int state(struct sandbox *s, struct sbx_resp *rs)
{
	char name[256] = "", cc[8] = "", cur[8] = "", pl[16] = "", eoy[16] = "";
	int mr, dr, ar;
	json_t *v;

	store_meta_get(s->store, "name", name, sizeof(name));
	store_meta_get(s->store, "country", cc, sizeof(cc));
	store_meta_get(s->store, "base_currency", cur, sizeof(cur));
	store_meta_get(s->store, "period_lock", pl, sizeof(pl));
	store_meta_get(s->store, "eoy_lock", eoy, sizeof(eoy));
	limits_remaining(&s->limits, sbxj_mono_ms(), &mr, &dr, &ar);
	v = json_object();
	json_object_set_new(v, "TenantId", json_string(s->tenant_id));
	json_object_set_new(v, "Organisation",
			    json_pack("{s:s,s:s,s:s,s:s,s:s}", "Name", name, "CountryCode", cc,
				      "BaseCurrency", cur, "PeriodLockDate", pl,
				      "EndOfYearLockDate", eoy));
	json_object_set_new(v, "Counts",
			    json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i}",
				      "Invoices", (json_int_t)store_count(s->store, SBX_K_INVOICE),
				      "CreditNotes", (json_int_t)store_count(s->store, SBX_K_CREDITNOTE),
				      "Payments", (json_int_t)store_count(s->store, SBX_K_PAYMENT),
				      "BankTransfers",
				      (json_int_t)store_count(s->store, SBX_K_BANKTRANSFER),
				      "BankTransactions",
				      (json_int_t)store_count(s->store, SBX_K_BANKTXN),
				      "Contacts", (json_int_t)store_count(s->store, SBX_K_CONTACT),
				      "Accounts", (json_int_t)store_count(s->store, SBX_K_ACCOUNT)));
	json_object_set_new(v, "Limits",
			    json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "PerMinute", s->limits.minute.limit,
				      "PerDay", s->limits.day.limit, "Concurrent", s->limits.concurrent,
				      "MinuteRemaining", mr, "DayRemaining", dr, "InFlight",
				      s->limits.inflight));
	json_object_set_new(v, "Faults", faults_json(s));
	json_object_set_new(v, "Requests", json_integer(s->requests));
	json_object_set_new(v, "IdempotencyKeys", json_integer(s->idem.count));
	json_object_set_new(v, "TimeScale", json_real(s->time_scale));
	sbx_resp_json(rs, 200, v);
	return 0;
}

static int documents(struct sandbox *s, struct sbx_resp *rs)
{
	json_t *v = json_object();

	json_object_set_new(v, "Invoices", store_list(s->store, SBX_K_INVOICE, 0, NULL, 0));
	json_object_set_new(v, "CreditNotes", store_list(s->store, SBX_K_CREDITNOTE, 0, NULL, 0));
	json_object_set_new(v, "Payments", store_list(s->store, SBX_K_PAYMENT, 0, NULL, 0));
	json_object_set_new(v, "BankTransfers",
			    store_list(s->store, SBX_K_BANKTRANSFER, 0, NULL, 0));
	json_object_set_new(v, "BankTransactions", store_list(s->store, SBX_K_BANKTXN, 0, NULL, 0));
	json_object_set_new(v, "Contacts", store_list(s->store, SBX_K_CONTACT, 0, NULL, 0));
	sbx_resp_json(rs, 200, v);
	return 0;
}

static int set_faults(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	struct ll_err err = LL_ERR_INIT;
	char spec[512];

	if (rq->body_len >= sizeof(spec)) {
		sbx_resp_json(rs, 400, json_pack("{s:s}", "error", "fault spec too long"));
		return 0;
	}
	memcpy(spec, rq->body ? rq->body : "", rq->body_len);
	spec[rq->body_len] = '\0';
	if (faults_configure(&s->faults, spec, s->seed, &err)) {
		sbx_resp_json(rs, 400, json_pack("{s:s}", "error", err.msg));
		return 0;
	}
	sbx_resp_json(rs, 200, faults_json(s));
	return 0;
}

/* Set meta key from a JSON date member: "YYYY-MM-DD", or null/"" to clear. */
static int set_lock(struct sandbox *s, const json_t *body, const char *field, const char *meta,
		    struct sbx_resp *rs)
{
	json_t *v = json_object_get(body, field);
	int64_t d;

	if (!v)
		return 0;
	if (json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
		return store_meta_set(s->store, meta, "");
	if (!json_is_string(v) || date_parse_ymd(&d, json_string_value(v))) {
		sbx_resp_json(rs, 400, json_pack("{s:s}", "error", "dates are YYYY-MM-DD"));
		return -1;
	}
	return store_meta_set(s->store, meta, json_string_value(v));
}

static int set_org(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *name = sbxj_str(rq->json, "Name");

	if (!json_is_object(rq->json)) {
		sbx_resp_json(rs, 400, json_pack("{s:s}", "error", "send a JSON object"));
		return 0;
	}
	if (set_lock(s, rq->json, "PeriodLockDate", "period_lock", rs) ||
	    set_lock(s, rq->json, "EndOfYearLockDate", "eoy_lock", rs))
		return 0;
	if (name && *name) {
		store_meta_set(s->store, "name", name);
		snprintf(s->org_name, sizeof(s->org_name), "%s", name);
	}
	return state(s, rs);
}

static int set_limits(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	json_int_t pm = s->limits.minute.limit, pd = s->limits.day.limit, c = s->limits.concurrent;
	int64_t v;
	int inflight = s->limits.inflight;

	if (!json_is_object(rq->json)) {
		sbx_resp_json(rs, 400, json_pack("{s:s}", "error", "send a JSON object"));
		return 0;
	}
	if (!sbxj_decimal(&v, sbxj_get(rq->json, "PerMinute"), 0, 0))
		pm = v;
	if (!sbxj_decimal(&v, sbxj_get(rq->json, "PerDay"), 0, 0))
		pd = v;
	if (!sbxj_decimal(&v, sbxj_get(rq->json, "Concurrent"), 0, 0))
		c = v;
	if (json_is_true(sbxj_get(rq->json, "Reset"))) {
		limits_init(&s->limits, (int)pm, (int)pd, (int)c, s->time_scale, sbxj_mono_ms());
		s->limits.inflight = inflight;
	} else {
		s->limits.minute.limit = (int)pm;
		s->limits.day.limit = (int)pd;
		s->limits.concurrent = (int)c;
	}
	return state(s, rs);
}

int admin_handle(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	int get = !strcmp(rq->method, "GET"), post = !strcmp(rq->method, "POST");

	if (get && !strcmp(rq->sub, "state"))
		return state(s, rs);
	if (get && !strcmp(rq->sub, "documents"))
		return documents(s, rs);
	if (get && !strcmp(rq->sub, "ledger"))
		return reports_ledger(s, rq, rs);
	if (get && !strcmp(rq->sub, "faults")) {
		sbx_resp_json(rs, 200, faults_json(s));
		return 0;
	}
	if (post && !strcmp(rq->sub, "faults"))
		return set_faults(s, rq, rs);
	if (post && !strcmp(rq->sub, "org"))
		return set_org(s, rq, rs);
	if (post && !strcmp(rq->sub, "limits"))
		return set_limits(s, rq, rs);
	if (post && !strcmp(rq->sub, "expire-tokens")) {
		store_token_expire_all(s->store, "access");
		return state(s, rs);
	}
	sbx_resp_not_found(rs);
	return 0;
}
