/*
 * sbx_taxrates.c - tax rates for the arithmetic, and PUT/POST TaxRates.
 *
 * A stored TaxRate is the object GET TaxRates returns; taxrates_lookup()
 * reads what the line arithmetic needs from it (EffectiveRate, the
 * CanApplyTo flags, the non-recoverable components). A rate the user makes
 * gets the next TaxType TAX001, TAX002 ... as at Xero; it needs Name and
 * TaxComponents, and a ReportTaxType in the GB, AU and NZ editions (Xero:
 * "Required when creating tax rates for AU, NZ and UK orgs"), which also
 * decides its CanApplyTo flags; the US and global editions have no
 * ReportTaxType and their rates apply anywhere. POST updates a user's rate
 * (name, status, components: all existing components must be sent, new
 * ones may be added); "system defined tax rates can't be updated".
 */
#include "sandbox/sbx_taxrates.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_batch.h"
#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_taxdefs.h"

#define MAX_COMPONENTS 6

static int flag(const json_t *o, const char *k, int bit)
{
	return json_is_true(sbxj_get(o, k)) ? bit : 0;
}

int taxrates_lookup(struct sandbox *s, const char *type, struct sbx_taxinfo *out)
{
	json_t *t = type ? store_get(s->store, SBX_K_TAXRATE, type) : NULL, *c;
	const char *st = sbxj_str(t, "Status");
	int64_t r;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!t || !st || strcmp(st, "ACTIVE") ||
	    sbxj_decimal(&out->rate_e4, sbxj_get(t, "EffectiveRate"), 4, 0) ||
	    sbxj_decimal(&out->display_e4, sbxj_get(t, "DisplayTaxRate"), 4, 0))
		goto done;
	json_array_foreach(sbxj_get(t, "TaxComponents"), i, c)
		if (json_is_true(sbxj_get(c, "IsNonRecoverable")) &&
		    !sbxj_decimal(&r, sbxj_get(c, "Rate"), 4, 0))
			out->nonrec_e4 += r;
	out->flags = flag(t, "CanApplyToAssets", TAXDEF_ASSETS) |
		     flag(t, "CanApplyToEquity", TAXDEF_EQUITY) |
		     flag(t, "CanApplyToExpenses", TAXDEF_EXPENSES) |
		     flag(t, "CanApplyToLiabilities", TAXDEF_LIABILITIES) |
		     flag(t, "CanApplyToRevenue", TAXDEF_REVENUE);
	rc = 0;
done:
	json_decref(t);
	return rc;
}

int taxrates_applies(const struct sbx_taxinfo *t, const char *cls)
{
	static const struct { const char *cls; int bit; } map[] = {
		{ "ASSET", TAXDEF_ASSETS }, { "EQUITY", TAXDEF_EQUITY },
		{ "EXPENSE", TAXDEF_EXPENSES }, { "LIABILITY", TAXDEF_LIABILITIES },
		{ "REVENUE", TAXDEF_REVENUE },
	};
	size_t i;

	for (i = 0; cls && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].cls, cls))
			return (t->flags & map[i].bit) != 0;
	return 1;
}

int64_t taxrates_nonrec_part(const struct sbx_taxinfo *t, int64_t tax)
{
	__int128 num, q, r;

	if (t->nonrec_e4 <= 0 || t->display_e4 <= 0 || tax == 0)
		return 0;
	num = (__int128)(tax < 0 ? -tax : tax) * t->nonrec_e4;
	q = num / t->display_e4;
	r = num % t->display_e4;
	if (r * 2 >= t->display_e4)
		q++;
	return (int64_t)(tax < 0 ? -q : q);
}

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

static const char *edition(struct sandbox *s, char cc[8])
{
	if (store_meta_get(s->store, "country", cc, 8))
		snprintf(cc, 8, "GB");
	return taxdefs_edition(cc);
}

/* A rate the user made: TAX followed by digits. */
static int is_user_rate(const char *type)
{
	size_t i;

	if (!type || strncmp(type, "TAX", 3) || !type[3])
		return 0;
	for (i = 3; type[i]; i++)
		if (type[i] < '0' || type[i] > '9')
			return 0;
	return 1;
}

/* A rate other than except_type, not DELETED, named name (case-insensitive). */
static json_t *by_name(struct sandbox *s, const char *name, const char *except_type)
{
	json_t *all = store_list(s->store, SBX_K_TAXRATE, 0, NULL, 0), *v, *hit = NULL;
	size_t i;

	json_array_foreach(all, i, v) {
		const char *n = sbxj_str(v, "Name"), *t = sbxj_str(v, "TaxType");

		if (n && name && !strcasecmp(n, name) && strcmp(str_or(v, "Status", ""), "DELETED") &&
		    !(except_type && t && !strcmp(t, except_type))) {
			hit = json_incref(v);
			break;
		}
	}
	json_decref(all);
	return hit;
}

/*
 * Validate TaxComponents of an element (errors into el) and build the
 * stored form. Returns a new array, or NULL after adding errors.
 */
static json_t *components(const json_t *in, const char *ed, json_t *el)
{
	json_t *out, *c, *v;
	size_t i, j;
	int errs = 0;

	if (!json_is_array(in) || json_array_size(in) == 0) {
		sbx_add_error(el, "At least one TaxComponent must be specified.");
		return NULL;
	}
	if (json_array_size(in) > MAX_COMPONENTS) {
		sbx_add_error(el, "A tax rate can have at most %d TaxComponents.", MAX_COMPONENTS);
		return NULL;
	}
	out = json_array();
	json_array_foreach(in, i, c) {
		const char *name = sbxj_str(c, "Name");
		int64_t rate = -1;
		int nonrec = json_is_true(sbxj_get(c, "IsNonRecoverable"));

		if (!name || !*name || strlen(name) > 50) {
			sbx_add_error(el, "Each TaxComponent needs a Name of up to 50 characters.");
			errs++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (!strcasecmp(str_or(json_array_get(in, j), "Name", ""), name)) {
				sbx_add_error(el, "TaxComponent names must be unique within a tax rate ('%s').", name);
				errs++;
			}
		if (sbxj_decimal(&rate, sbxj_get(c, "Rate"), 4, 0) || rate < 0 || rate > 1000000) {
			sbx_add_error(el, "The Rate of TaxComponent '%s' must be a number from 0 to 100 with up to 4 decimal places.",
				      name);
			errs++;
			continue;
		}
		if (nonrec && strcmp(ed, "CA")) {
			sbx_add_error(el, "Non-recoverable tax components are only applicable to Canadian organisations.");
			errs++;
			continue;
		}
		v = json_object();
		json_object_set_new(v, "Name", json_string(name));
		json_object_set_new(v, "Rate", sbxj_money(rate, 4));
		json_object_set_new(v, "IsCompound", json_boolean(json_is_true(sbxj_get(c, "IsCompound"))));
		json_object_set_new(v, "IsNonRecoverable", json_boolean(nonrec));
		json_array_append_new(out, v); /* steals v */
	}
	if (errs) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* ReportTaxType of an element: its CanApplyTo flags, or -1 with an error. */
static int report_flags(const char *ed, const char *report, int required, json_t *el)
{
	int f;

	if (!taxdefs_needs_report(ed))
		return TAXDEF_ALL;
	if (!report) {
		if (required)
			sbx_add_error(el, "ReportTaxType is required when creating tax rates for AU, NZ and UK organisations.");
		return required ? -1 : 0;
	}
	f = taxdefs_report_flags(ed, report);
	if (f < 0)
		sbx_add_error(el, "ReportTaxType '%s' is not valid for this organisation.", report);
	return f;
}

static int next_type(struct sandbox *s, char out[32])
{
	char t[32] = "1";
	json_t *dup;
	long n = 0;
	size_t i;

	store_meta_get(s->store, "next_taxrate", t, sizeof(t));
	for (i = 0; t[i] >= '0' && t[i] <= '9' && i < 9; i++)
		n = n * 10 + (t[i] - '0');
	if (n < 1)
		n = 1;
	for (;; n++) {
		snprintf(out, 32, "TAX%03ld", n);
		dup = store_get(s->store, SBX_K_TAXRATE, out);
		if (!dup)
			break;
		json_decref(dup);
	}
	snprintf(t, sizeof(t), "%ld", n + 1);
	return store_meta_set(s->store, "next_taxrate", t) ? -1 : 0;
}

static int rate_create(struct sandbox *s, json_t *in, json_t **out)
{
	char cc[8], type[32];
	const char *ed = edition(s, cc), *name = sbxj_str(in, "Name");
	const char *report = sbxj_str(in, "ReportTaxType"), *st = sbxj_str(in, "Status");
	json_t *el = json_deep_copy(in), *dup, *comps, *o;
	int f;

	*out = el;
	if (sbxj_str(in, "TaxType"))
		sbx_add_error(el, "TaxType can only be used on update calls.");
	if (!name || !*name || strlen(name) > 50)
		sbx_add_error(el, "A Name of up to 50 characters must be given for the tax rate.");
	else if ((dup = by_name(s, name, NULL))) {
		json_decref(dup);
		sbx_add_error(el, "A tax rate with the name '%s' already exists.", name);
	}
	if (st && strcmp(st, "ACTIVE"))
		sbx_add_error(el, "A new tax rate's Status must be ACTIVE.");
	f = report_flags(ed, report, 1, el);
	comps = components(sbxj_get(in, "TaxComponents"), ed, el);
	if (json_object_get(el, "ValidationErrors")) {
		json_decref(comps);
		return 1;
	}
	if (next_type(s, type)) {
		json_decref(comps);
		return -1;
	}
	o = taxdefs_rate(name, type, taxdefs_needs_report(ed) ? report : NULL, f, comps, "ACTIVE");
	if (!o || store_put(s->store, SBX_K_TAXRATE, type, type, o)) {
		json_decref(o);
		return -1;
	}
	json_decref(el);
	*out = o;
	return 0;
}

/* Every component of cur is among comps (by name). */
static int keeps_components(const json_t *cur, const json_t *comps)
{
	json_t *a, *b;
	size_t i, j;

	json_array_foreach(sbxj_get(cur, "TaxComponents"), i, a) {
		int found = 0;

		json_array_foreach(comps, j, b)
			found |= !strcasecmp(str_or(a, "Name", ""), str_or(b, "Name", ""));
		if (!found)
			return 0;
	}
	return 1;
}

static int rate_update(struct sandbox *s, json_t *cur, json_t *in, json_t **out)
{
	char cc[8];
	const char *ed = edition(s, cc), *type = sbxj_str(cur, "TaxType");
	const char *name = sbxj_str(in, "TaxType") && sbxj_str(in, "Name") ? sbxj_str(in, "Name") :
			   sbxj_str(cur, "Name");
	const char *st = str_or(in, "Status", str_or(cur, "Status", "ACTIVE"));
	const char *report = str_or(in, "ReportTaxType", sbxj_str(cur, "ReportTaxType"));
	json_t *el = json_deep_copy(in), *dup, *comps = NULL, *o;
	int f = 0;

	*out = el;
	if (!is_user_rate(type)) {
		sbx_add_error(el, "System defined tax rates cannot be updated (%s).", type ? type : "");
		return 1;
	}
	if (!name || !*name || strlen(name) > 50)
		sbx_add_error(el, "A Name of up to 50 characters must be given for the tax rate.");
	else if ((dup = by_name(s, name, type))) {
		json_decref(dup);
		sbx_add_error(el, "A tax rate with the name '%s' already exists.", name);
	}
	if (strcmp(st, "ACTIVE") && strcmp(st, "DELETED") && strcmp(st, "ARCHIVED"))
		sbx_add_error(el, "Tax rate Status must be ACTIVE, DELETED or ARCHIVED.");
	if (taxdefs_needs_report(ed))
		f = report_flags(ed, report, 1, el);
	else
		f = TAXDEF_ALL;
	if (sbxj_get(in, "TaxComponents")) {
		comps = components(sbxj_get(in, "TaxComponents"), ed, el);
		if (comps && !keeps_components(cur, comps))
			sbx_add_error(el, "All the existing tax components must be supplied when updating a tax rate; they cannot be removed or renamed.");
	} else {
		comps = json_deep_copy(sbxj_get(cur, "TaxComponents"));
	}
	if (json_object_get(el, "ValidationErrors")) {
		json_decref(comps);
		return 1;
	}
	o = taxdefs_rate(name, type, taxdefs_needs_report(ed) ? report : NULL, f, comps, st);
	if (!o || store_put(s->store, SBX_K_TAXRATE, type, type, o)) {
		json_decref(o);
		return -1;
	}
	json_decref(el);
	*out = o;
	return 0;
}

static int put_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	(void)rq;
	return rate_create(s, in, out);
}

/* POST: update the rate named by TaxType (or, failing that, by Name), else create. */
static int post_fn(struct sandbox *s, const struct sbx_req *rq, json_t *in, json_t **out)
{
	const char *type = sbxj_str(in, "TaxType");
	json_t *cur = NULL;
	int rc;

	(void)rq;
	if (type) {
		cur = store_get(s->store, SBX_K_TAXRATE, type);
		if (!cur) {
			*out = json_deep_copy(in);
			sbx_add_error(*out, "The tax rate with TaxType '%s' could not be found.", type);
			return 1;
		}
	} else {
		cur = by_name(s, sbxj_str(in, "Name"), NULL);
	}
	if (!cur)
		return rate_create(s, in, out);
	rc = rate_update(s, cur, in, out);
	json_decref(cur);
	return rc;
}

int taxrates_write(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	static const struct batch_kind kind = { "TaxRates", NULL, "HasValidationErrors" };

	if (strchr(rq->sub, '/')) {
		sbx_resp_text(rs, 405, "Method not allowed");
		return 0;
	}
	return batch_run(s, rq, rs, &kind, !strcmp(rq->method, "PUT") ? put_fn : post_fn);
}
