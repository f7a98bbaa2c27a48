/*
 * sbx_settings.c - Organisation, Accounts, TaxRates and Currencies.
 *
 * The organisation record lives in the store's meta table (name, country,
 * base currency, lock dates, short code); accounts, tax rates and enabled
 * currencies are ordinary stored objects seeded from sbx_chart.c and
 * sbx_taxdefs.c (TaxRates writes are in sbx_taxrates.c). Accounts
 * can be added (PUT, one per call as in Xero) and archived or edited
 * (POST Accounts/{id}); an archived account is refused on new lines.
 */
#include "sandbox/sbx_settings.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_chart.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_query.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_taxrates.h"
#include "util/date.h"

static json_t *meta_str(struct sandbox *s, const char *k)
{
	char t[512];

	if (store_meta_get(s->store, k, t, sizeof(t)))
		return json_string("");
	return json_string(t);
}

static void set_lock(struct sandbox *s, json_t *o, const char *meta, const char *field)
{
	char t[32];
	int64_t d;

	if (!store_meta_get(s->store, meta, t, sizeof(t)) && t[0] && !date_parse_ymd(&d, t))
		json_object_set_new(o, field, sbxj_date_days(d));
}

int settings_organisation(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const struct chart_country *c;
	char cc[8] = "GB", created[32] = "0";
	json_t *o;
	int64_t ms = 0;
	size_t i;

	if (strcmp(rq->method, "GET")) {
		sbx_resp_text(rs, 501, "The method is not implemented");
		return 0;
	}
	store_meta_get(s->store, "country", cc, sizeof(cc));
	store_meta_get(s->store, "created_ms", created, sizeof(created));
	for (i = 0; created[i] >= '0' && created[i] <= '9'; i++)
		ms = ms * 10 + (created[i] - '0');
	c = chart_country(cc);
	o = json_object();
	json_object_set_new(o, "OrganisationID", json_string(s->tenant_id));
	json_object_set_new(o, "APIKey", json_string(""));
	json_object_set_new(o, "Name", meta_str(s, "name"));
	json_object_set_new(o, "LegalName", meta_str(s, "name"));
	json_object_set_new(o, "PaysTax", json_true());
	json_object_set_new(o, "Version", json_string(c ? c->version : "GLOBAL"));
	json_object_set_new(o, "OrganisationType", json_string("COMPANY"));
	json_object_set_new(o, "BaseCurrency", meta_str(s, "base_currency"));
	json_object_set_new(o, "CountryCode", json_string(cc));
	json_object_set_new(o, "IsDemoCompany", json_false());
	json_object_set_new(o, "OrganisationStatus", json_string("ACTIVE"));
	json_object_set_new(o, "FinancialYearEndDay", json_integer(c ? c->fy_end_day : 31));
	json_object_set_new(o, "FinancialYearEndMonth", json_integer(c ? c->fy_end_month : 12));
	json_object_set_new(o, "SalesTaxBasis", json_string("ACCRUALS"));
	json_object_set_new(o, "SalesTaxPeriod", json_string("QUARTERLY"));
	json_object_set_new(o, "DefaultSalesTax", json_string("Tax Exclusive"));
	json_object_set_new(o, "DefaultPurchasesTax", json_string("Tax Exclusive"));
	set_lock(s, o, "period_lock", "PeriodLockDate");
	set_lock(s, o, "eoy_lock", "EndOfYearLockDate");
	json_object_set_new(o, "CreatedDateUTC", sbxj_date_ms(ms));
	json_object_set_new(o, "OrganisationEntityType", json_string("COMPANY"));
	json_object_set_new(o, "Timezone", json_string(c ? c->timezone : "UTC"));
	json_object_set_new(o, "ShortCode", meta_str(s, "short_code"));
	json_object_set_new(o, "Edition", json_string("BUSINESS"));
	json_object_set_new(o, "Class", json_string("PREMIUM"));
	json_object_set_new(o, "Addresses", json_array());
	json_object_set_new(o, "Phones", json_array());
	json_object_set_new(o, "ExternalLinks", json_array());
	json_object_set_new(o, "PaymentTerms", json_object());
	sbx_resp_envelope(rs, "Organisations", json_pack("[o]", o), NULL);
	return 0;
}

void settings_base_currency(struct sandbox *s, char out[4])
{
	if (store_meta_get(s->store, "base_currency", out, 4))
		memcpy(out, "GBP", 4);
}

json_t *settings_account_by_code(struct sandbox *s, const char *code)
{
	return store_find(s->store, SBX_K_ACCOUNT, code);
}

int64_t settings_tax_rate(struct sandbox *s, const char *tax_type)
{
	struct sbx_taxinfo t;

	return taxrates_lookup(s, tax_type, &t) ? -1 : t.rate_e4;
}

int settings_currency_ok(struct sandbox *s, const char *code)
{
	json_t *c = store_get(s->store, SBX_K_CURRENCY, code);
	int ok = c != NULL;

	json_decref(c);
	return ok;
}

/* Reply with every object of kind that matches where=, in list order. */
static int list_filtered(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
			 enum sbx_kind kind, const char *collection)
{
	struct sbx_cond conds[SBX_WHERE_MAX];
	const char *where = sbx_arg(rq, "where");
	json_t *all = store_list(s->store, kind, 0, NULL, 0), *out = json_array(), *v;
	size_t i;
	int n = 0;

	if (where && query_parse_where(conds, &n, where)) {
		json_decref(all);
		json_decref(out);
		sbx_resp_error(rs, 400, 16, "QueryParseException",
			       "The where clause is not supported by the sandbox");
		return 0;
	}
	json_array_foreach(all, i, v)
		if (query_match(conds, n, v))
			json_array_append(out, v);
	json_decref(all);
	sbx_resp_envelope(rs, collection, out, NULL);
	return 0;
}

static const char *const account_types[] = {
	"BANK", "CURRENT", "CURRLIAB", "DEPRECIATN", "DIRECTCOSTS", "EQUITY", "EXPENSE",
	"FIXED", "INVENTORY", "LIABILITY", "NONCURRENT", "OTHERINCOME", "OVERHEADS",
	"PREPAYMENT", "REVENUE", "SALES", "TERMLIAB", NULL
};

static int valid_type(const char *t)
{
	int i;

	for (i = 0; t && account_types[i]; i++)
		if (!strcmp(t, account_types[i]))
			return 1;
	return 0;
}

static json_t *find_account_by_name(struct sandbox *s, const char *name)
{
	json_t *all = store_list(s->store, SBX_K_ACCOUNT, 0, NULL, 0), *v, *hit = NULL;
	size_t i;

	json_array_foreach(all, i, v) {
		const char *n = sbxj_str(v, "Name");

		if (n && name && !strcasecmp(n, name)) {
			hit = json_incref(v);
			break;
		}
	}
	json_decref(all);
	return hit;
}

static void account_create(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	json_t *els = sbx_body_elements(rq->json, "Accounts"), *in, *o = NULL, *dup;
	const char *code, *name, *type, *tax, *bat;
	char id[37], base[4];

	if (!els || json_array_size(els) != 1) {
		json_decref(els);
		sbx_resp_error(rs, 400, 14, "PostDataInvalidException",
			       "Exactly one Account must be sent per request");
		return;
	}
	in = json_array_get(els, 0);
	code = sbxj_str(in, "Code");
	name = sbxj_str(in, "Name");
	type = sbxj_str(in, "Type");
	tax = sbxj_str(in, "TaxType");
	o = json_deep_copy(in);
	if (!code || !*code || strlen(code) > 10)
		sbx_add_error(o, "Please enter a Code of up to 10 characters.");
	else if ((dup = settings_account_by_code(s, code))) {
		json_decref(dup);
		sbx_add_error(o, "Please enter a unique Code.");
	}
	if (!name || !*name || strlen(name) > 150)
		sbx_add_error(o, "Please enter a Name of up to 150 characters.");
	else if ((dup = find_account_by_name(s, name))) {
		json_decref(dup);
		sbx_add_error(o, "Please enter a unique Name.");
	}
	if (!valid_type(type))
		sbx_add_error(o, "Account Type '%s' is not valid.", type ? type : "");
	if (tax && settings_tax_rate(s, tax) < 0)
		sbx_add_error(o, "The TaxType code '%s' does not exist or cannot be used for this type of transaction.", tax);
	if (type && !strcmp(type, "BANK") && !sbxj_str(in, "BankAccountNumber"))
		sbx_add_error(o, "Bank Account Number is required for bank accounts.");
	if (type && !strcmp(type, "BANK") && (bat = sbxj_str(in, "BankAccountType")) &&
	    strcmp(bat, "BANK") && strcmp(bat, "CREDITCARD") && strcmp(bat, "PAYPAL"))
		sbx_add_error(o, "BankAccountType must be BANK, CREDITCARD or PAYPAL.");
	if (json_object_get(o, "ValidationErrors")) {
		json_decref(els);
		sbx_resp_validation(rs, json_pack("[o]", o));
		return;
	}
	sbxj_guid(id);
	json_object_set_new(o, "AccountID", json_string(id));
	json_object_set_new(o, "Status", json_string("ACTIVE"));
	if (!tax)
		json_object_set_new(o, "TaxType", json_string("NONE"));
	json_object_set_new(o, "Class", json_string(chart_account_class(type)));
	if (!json_is_boolean(sbxj_get(o, "EnablePaymentsToAccount")))
		json_object_set_new(o, "EnablePaymentsToAccount", json_false());
	if (!strcmp(type, "BANK")) {
		bat = sbxj_str(in, "BankAccountType");
		json_object_set_new(o, "BankAccountType", json_string(bat ? bat : "BANK"));
		if (!sbxj_str(o, "CurrencyCode")) {
			settings_base_currency(s, base);
			json_object_set_new(o, "CurrencyCode", json_string(base));
		}
	}
	json_object_set_new(o, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	if (store_put(s->store, SBX_K_ACCOUNT, id, code, o)) {
		json_decref(o);
		json_decref(els);
		sbx_resp_text(rs, 500, "An unhandled error with the Xero API");
		return;
	}
	json_decref(els);
	sbx_resp_envelope(rs, "Accounts", json_pack("[o]", o), NULL);
}

static void account_update(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs,
			   const char *id)
{
	json_t *acc = store_get(s->store, SBX_K_ACCOUNT, id);
	json_t *els = sbx_body_elements(rq->json, "Accounts"), *in;
	const char *st, *name, *tax;
	json_t *v;

	if (!acc) {
		json_decref(els);
		sbx_resp_not_found(rs);
		return;
	}
	in = els ? json_array_get(els, 0) : NULL;
	st = sbxj_str(in, "Status");
	name = sbxj_str(in, "Name");
	tax = sbxj_str(in, "TaxType");
	if (st && strcmp(st, "ACTIVE") && strcmp(st, "ARCHIVED"))
		sbx_add_error(acc, "Account Status must be ACTIVE or ARCHIVED.");
	if (st && !strcmp(st, "ARCHIVED") && sbxj_str(acc, "SystemAccount"))
		sbx_add_error(acc, "System accounts cannot be archived.");
	if (tax && settings_tax_rate(s, tax) < 0)
		sbx_add_error(acc, "The TaxType code '%s' does not exist or cannot be used for this type of transaction.", tax);
	if (json_object_get(acc, "ValidationErrors")) {
		json_decref(els);
		sbx_resp_validation(rs, json_pack("[o]", acc));
		return;
	}
	if (st)
		json_object_set_new(acc, "Status", json_string(st));
	if (name)
		json_object_set_new(acc, "Name", json_string(name));
	if (tax)
		json_object_set_new(acc, "TaxType", json_string(tax));
	if ((v = sbxj_get(in, "EnablePaymentsToAccount")) && json_is_boolean(v))
		json_object_set(acc, "EnablePaymentsToAccount", v);
	if ((v = sbxj_get(in, "Description")) && json_is_string(v))
		json_object_set(acc, "Description", v);
	json_object_set_new(acc, "UpdatedDateUTC", sbxj_date_ms(sbxj_now_ms()));
	store_put(s->store, SBX_K_ACCOUNT, sbxj_str(acc, "AccountID"), sbxj_str(acc, "Code"), acc);
	json_decref(els);
	sbx_resp_envelope(rs, "Accounts", json_pack("[o]", acc), NULL);
}

int settings_accounts(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strchr(rq->sub, '/');
	const char *id = slash ? slash + 1 : NULL;

	if (!strcmp(rq->method, "GET")) {
		json_t *a;

		if (!id)
			return list_filtered(s, rq, rs, SBX_K_ACCOUNT, "Accounts");
		a = store_get(s->store, SBX_K_ACCOUNT, id);
		if (!a)
			a = settings_account_by_code(s, id);
		if (!a)
			sbx_resp_not_found(rs);
		else
			sbx_resp_envelope(rs, "Accounts", json_pack("[o]", a), NULL);
		return 0;
	}
	if (!strcmp(rq->method, "PUT") && !id)
		account_create(s, rq, rs);
	else if (!strcmp(rq->method, "POST") && id)
		account_update(s, rq, rs, id);
	else
		sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}

int settings_taxrates(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	const char *slash = strchr(rq->sub, '/');

	if (!strcmp(rq->method, "GET") && slash && slash[1]) {
		json_t *t = store_get(s->store, SBX_K_TAXRATE, slash + 1);

		if (!t)
			sbx_resp_not_found(rs);
		else
			sbx_resp_envelope(rs, "TaxRates", json_pack("[o]", t), NULL);
		return 0;
	}
	if (!strcmp(rq->method, "GET"))
		return list_filtered(s, rq, rs, SBX_K_TAXRATE, "TaxRates");
	if (!strcmp(rq->method, "PUT") || !strcmp(rq->method, "POST"))
		return taxrates_write(s, rq, rs);
	sbx_resp_text(rs, 405, "Method not allowed");
	return 0;
}

int settings_currencies(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	json_t *els, *in, *o;
	const char *code, *name;

	if (!strcmp(rq->method, "GET"))
		return list_filtered(s, rq, rs, SBX_K_CURRENCY, "Currencies");
	if (strcmp(rq->method, "PUT")) {
		sbx_resp_text(rs, 405, "Method not allowed");
		return 0;
	}
	els = sbx_body_elements(rq->json, "Currencies");
	in = els ? json_array_get(els, 0) : NULL;
	code = sbxj_str(in, "Code");
	name = chart_currency_name(code);
	if (!name) {
		o = in ? json_deep_copy(in) : json_object();
		sbx_add_error(o, "Currency code '%s' is not a valid currency.", code ? code : "");
		json_decref(els);
		sbx_resp_validation(rs, json_pack("[o]", o));
		return 0;
	}
	o = json_pack("{s:s,s:s}", "Code", code, "Description", name);
	store_put(s->store, SBX_K_CURRENCY, code, code, o);
	json_decref(els);
	sbx_resp_envelope(rs, "Currencies", json_pack("[o]", o), NULL);
	return 0;
}
