/*
 * sbx_lines.c - validate line items and compute amounts, tax and totals.
 *
 * Inputs come as exact decimal text (see sbx_json.h) and are parsed into
 * integers; products use 128-bit intermediates so a 13-digit quantity
 * times a 4-dp price cannot overflow. UnitAmount is kept to 2 dp unless
 * the request has unitdp=4, as Xero does.
 */
#include "sandbox/sbx_lines.h"

#include <string.h>
#include <strings.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_settings.h"
#include "sandbox/sbx_taxrates.h"
#include "util/money.h"

int lines_lat_parse(const char *s, enum sbx_lat *out)
{
	if (!s || !strcasecmp(s, "Exclusive"))
		*out = SBX_LAT_EXCLUSIVE;
	else if (!strcasecmp(s, "Inclusive"))
		*out = SBX_LAT_INCLUSIVE;
	else if (!strcasecmp(s, "NoTax"))
		*out = SBX_LAT_NOTAX;
	else
		return -1;
	return 0;
}

const char *lines_lat_name(enum sbx_lat lat)
{
	return lat == SBX_LAT_INCLUSIVE ? "Inclusive" : lat == SBX_LAT_NOTAX ? "NoTax" : "Exclusive";
}

static int64_t round_div(__int128 num, __int128 den)
{
	__int128 q, r;
	int neg = (num < 0) != (den < 0);

	if (num < 0)
		num = -num;
	if (den < 0)
		den = -den;
	q = num / den;
	r = num % den;
	if (r * 2 >= den)
		q++;
	return (int64_t)(neg ? -q : q);
}

int64_t lines_amount(int64_t qty4, int64_t unit4, int64_t disc4)
{
	return round_div((__int128)qty4 * unit4 * (1000000 - disc4), (__int128)1000000000000LL);
}

int64_t lines_tax(int64_t line2, int64_t rate_e4, enum sbx_lat lat)
{
	if (lat == SBX_LAT_NOTAX || rate_e4 <= 0)
		return 0;
	if (lat == SBX_LAT_INCLUSIVE)
		return round_div((__int128)line2 * rate_e4, (__int128)1000000 + rate_e4);
	return round_div((__int128)line2 * rate_e4, 1000000);
}

int lines_tax_ok(int64_t given, int64_t calc, int64_t line2, int64_t rate_e4, int exact)
{
	int64_t diff = given - calc, tol = (line2 < 0 ? -line2 : line2) / 100;

	if (exact || rate_e4 <= 0)
		return given == calc;
	if ((line2 > 0 && given < 0) || (line2 < 0 && given > 0))
		return 0;
	if (tol < 1)
		tol = 1;
	return (diff < 0 ? -diff : diff) <= tol;
}

#define MAX_LINE_CENTS 999999999999LL /* 9,999,999,999.99 */

static int one_line(struct sandbox *s, const json_t *in, int no, const struct lines_opts *op,
		    json_t *el, json_t *out, struct sbx_totals *t)
{
	enum sbx_lat lat = op->lat;
	int unitdp = op->unitdp;
	struct sbx_taxinfo ti;
	const json_t *jq = sbxj_get(in, "Quantity"), *ju = sbxj_get(in, "UnitAmount");
	const json_t *jl = sbxj_get(in, "LineAmount"), *jd = sbxj_get(in, "DiscountRate");
	const json_t *jt = sbxj_get(in, "TaxAmount");
	const char *desc = sbxj_str(in, "Description"), *code = sbxj_str(in, "AccountCode");
	const char *tax_type = sbxj_str(in, "TaxType"), *lid = sbxj_str(in, "LineItemID");
	int64_t qty4 = 10000, unit = 0, unit4 = 0, disc4 = 0, line2 = 0, tax2 = 0, given = 0;
	int errs = 0, has_amount = ju || jl;
	json_t *acc = NULL, *o, *v;
	char id[37];

	if (!json_is_object(in)) {
		sbx_add_error(el, "Line item %d is not an object.", no);
		return 1;
	}
	if (jq && sbxj_decimal(&qty4, jq, 4, 0)) {
		sbx_add_error(el, "Line item %d: Quantity must be a number with up to 4 decimal places.", no);
		errs++;
	}
	if (ju && sbxj_decimal(&unit, ju, unitdp, 1)) {
		sbx_add_error(el, "Line item %d: UnitAmount must be a number.", no);
		errs++;
	}
	unit4 = unitdp == 4 ? unit : unit * 100;
	if (jd) {
		if (!op->allow_discount) {
			sbx_add_error(el, "Line item %d: DiscountRate can only be used on sales invoices.", no);
			errs++;
		} else if (sbxj_decimal(&disc4, jd, 4, 1) || disc4 < 0 || disc4 > 1000000) {
			sbx_add_error(el, "Line item %d: DiscountRate must be between 0 and 100.", no);
			errs++;
		}
	}
	if (jl && sbxj_decimal(&line2, jl, 2, 1)) {
		sbx_add_error(el, "Line item %d: LineAmount must be a number.", no);
		errs++;
	}
	if (!has_amount && !(desc && *desc)) {
		sbx_add_error(el, "Line item %d: a Description, UnitAmount or LineAmount must be given.", no);
		errs++;
	}
	if (desc && strlen(desc) > 4000) {
		sbx_add_error(el, "Line item %d: Description must not exceed 4000 characters.", no);
		errs++;
	}
	if (errs)
		return errs;
	if (ju) {
		int64_t calc = lines_amount(qty4, unit4, disc4);

		if (jl && calc != line2) {
			sbx_add_error(el, "Line item %d: LineAmount does not equal Quantity x UnitAmount less discount.", no);
			return 1;
		}
		line2 = calc;
	} else if (jl) {
		if (!jq)
			qty4 = 10000;
		unit4 = qty4 ? (int64_t)((__int128)line2 * 100 * 10000 / qty4) : 0;
	}
	if (line2 > MAX_LINE_CENTS || line2 < -MAX_LINE_CENTS) {
		sbx_add_error(el, "Line item %d: LineAmount must not exceed 9,999,999,999.99.", no);
		return 1;
	}
	if (code) {
		acc = settings_account_by_code(s, code);
		if (!acc) {
			sbx_add_error(el, "Account code '%s' is not a valid code for this document.", code);
			errs++;
		} else if (strcmp(sbxj_str(acc, "Status") ? sbxj_str(acc, "Status") : "", "ACTIVE")) {
			sbx_add_error(el, "Account code '%s' has been archived, or has been deleted. Each line item must reference a valid account.", code);
			errs++;
		}
	} else if (op->require_account && has_amount) {
		sbx_add_error(el, "Line item %d: an AccountCode must be specified to approve this document.", no);
		errs++;
	}
	if (!tax_type)
		tax_type = acc && sbxj_str(acc, "TaxType") ? sbxj_str(acc, "TaxType") : "NONE";
	if (taxrates_lookup(s, tax_type, &ti)) {
		sbx_add_error(el, "The TaxType code '%s' does not exist or cannot be used for this type of transaction.", tax_type);
		errs++;
	} else if (acc && !taxrates_applies(&ti, sbxj_str(acc, "Class"))) {
		sbx_add_error(el, "The TaxType code '%s' cannot be used with account code '%s'.", tax_type, code);
		errs++;
	}
	if (jt && lat != SBX_LAT_NOTAX && sbxj_decimal(&given, jt, 2, 1)) {
		sbx_add_error(el, "Line item %d: TaxAmount must be a number.", no);
		errs++;
	}
	if (errs) {
		json_decref(acc);
		return errs;
	}
	tax2 = lines_tax(line2, ti.rate_e4, lat);
	if (jt && lat != SBX_LAT_NOTAX) {
		if (!lines_tax_ok(given, tax2, line2, ti.rate_e4, op->exact_tax)) {
			char g[40], c[40];

			sbx_add_error(el, "Tax amount %s is incorrect for %s tax type, should be %s",
				      money_format(g, sizeof(g), given, 2), tax_type,
				      money_format(c, sizeof(c), tax2, 2));
			json_decref(acc);
			return 1;
		}
		tax2 = given;
	}
	o = json_object();
	if (desc)
		json_object_set_new(o, "Description", json_string(desc));
	if ((v = sbxj_get(in, "ItemCode")))
		json_object_set(o, "ItemCode", v);
	json_object_set_new(o, "Quantity", sbxj_money(qty4, 4));
	json_object_set_new(o, "UnitAmount", sbxj_money(unitdp == 4 ? unit4 : unit4 / 100, unitdp));
	if (code)
		json_object_set_new(o, "AccountCode", json_string(code));
	if (acc)
		json_object_set_new(o, "AccountID", json_string(sbxj_str(acc, "AccountID")));
	json_object_set_new(o, "TaxType", json_string(tax_type));
	json_object_set_new(o, "TaxAmount", sbxj_money(tax2, 2));
	json_object_set_new(o, "LineAmount", sbxj_money(line2, 2));
	if (jd)
		json_object_set_new(o, "DiscountRate", sbxj_money(disc4 / 100, 2));
	v = sbxj_get(in, "Tracking");
	json_object_set_new(o, "Tracking", json_is_array(v) ? json_deep_copy(v) : json_array());
	if (!lid || strlen(lid) != 36) {
		sbxj_guid(id);
		lid = id;
	}
	json_object_set_new(o, "LineItemID", json_string(lid));
	json_array_append_new(out, o); /* steals o */
	json_decref(acc);
	if (lat == SBX_LAT_INCLUSIVE) {
		t->sub += line2 - tax2;
		t->total += line2;
	} else {
		t->sub += line2;
		t->total += line2 + tax2;
	}
	t->tax += tax2;
	return 0;
}

int lines_build(struct sandbox *s, const json_t *in_lines, const struct lines_opts *o,
		json_t *el, json_t **out, struct sbx_totals *t)
{
	json_t *v;
	size_t i;
	int errs = 0;

	*out = NULL;
	memset(t, 0, sizeof(*t));
	if (!json_is_array(in_lines) || json_array_size(in_lines) == 0) {
		sbx_add_error(el, "At least one line item must be specified.");
		return 1;
	}
	*out = json_array();
	json_array_foreach(in_lines, i, v)
		errs += one_line(s, v, (int)i + 1, o, el, *out, t);
	if (errs) {
		json_decref(*out);
		*out = NULL;
		return 1;
	}
	return 0;
}
