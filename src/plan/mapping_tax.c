/*
 * mapping_tax.c - the tax side of the mapping tables (mapping.h): tax
 * classes per edition, resolving each row's tax type for the
 * organisation (by its TaxType, else by the ReportTaxType and rate of the
 * edition's rate of that name), the tax of sales per marketplace, the
 * mapping hash that covers the rates, and the mappings folder of a
 * country (the shipped tables keep one folder per edition).
 */
#include "mapping.h"
#include "mapping_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/fmt.h"
#include "util/hash.h"

/* Xero's default tax types per edition for the classes a mapping may
 * name. {none} is "no tax" (totals tie whatever the line amount type). */
static const struct tax_class builtin_classes[] = {
	{ "GB", "none", "NONE" }, { "GB", "sales", "OUTPUT2" },
	{ "GB", "purchases", "INPUT2" }, { "GB", "exempt", "EXEMPTOUTPUT" },
	{ "GB", "zero", "ZERORATEDOUTPUT" },
	{ "US", "none", "NONE" }, { "US", "sales", "NONE" },
	{ "US", "purchases", "NONE" }, { "US", "exempt", "NONE" }, { "US", "zero", "NONE" },
	{ "AU", "none", "BASEXCLUDED" }, { "AU", "sales", "OUTPUT" },
	{ "AU", "purchases", "INPUT" }, { "AU", "exempt", "EXEMPTOUTPUT" },
	{ "AU", "zero", "EXEMPTOUTPUT" },
	{ "NZ", "none", "NONE" }, { "NZ", "sales", "OUTPUT2" },
	{ "NZ", "purchases", "INPUT2" }, { "NZ", "exempt", "NONE" }, { "NZ", "zero", "ZERORATED" },
	{ "GLOBAL", "none", "NONE" }, { "GLOBAL", "sales", "OUTPUT" },
	{ "GLOBAL", "purchases", "INPUT" }, { "GLOBAL", "exempt", "NONE" },
	{ "GLOBAL", "zero", "NONE" },
};

int mapping_add_class(struct mappings *m, const char *edition, const char *name,
		      const char *code)
{
	size_t i;

	for (i = 0; i < m->nclasses; i++)
		if (!strcmp(m->classes[i].country, edition) && !strcmp(m->classes[i].name, name))
			break;
	if (i == m->nclasses) {
		if (m->nclasses == TAX_CLASSES_MAX)
			return LL_EPARSE;
		m->nclasses++;
	}
	snprintf(m->classes[i].country, sizeof(m->classes[i].country), "%s", edition);
	snprintf(m->classes[i].name, sizeof(m->classes[i].name), "%s", name);
	snprintf(m->classes[i].code, sizeof(m->classes[i].code), "%s", code);
	return 0;
}

void mapping_builtin_classes(struct mappings *m)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_classes) / sizeof(builtin_classes[0]); i++)
		mapping_add_class(m, builtin_classes[i].country, builtin_classes[i].name,
				  builtin_classes[i].code);
}

/* "{sales}" -> the edition's code, anything else as written; then the
 * organisation's rate of the same kind when it lacks that TaxType */
static int resolve_tax(const struct mappings *m, const char *in, char *out, size_t outlen)
{
	const char *ed = taxrates_edition(m->country);
	size_t n = strlen(in), i;

	if (n >= 3 && in[0] == '{' && in[n - 1] == '}') {
		for (i = 0; i < m->nclasses; i++)
			if (!strcmp(m->classes[i].country, ed) &&
			    strlen(m->classes[i].name) == n - 2 &&
			    !strncmp(m->classes[i].name, in + 1, n - 2))
				break;
		if (i == m->nclasses)
			return LL_EPARSE;
		in = m->classes[i].code;
	}
	snprintf(out, outlen, "%s", in);
	if (m->rates && m->rates->from_org && !taxrates_get(m->rates, in)) {
		const struct taxrate *def = taxrates_default(ed, in), *alt = NULL;

		if (def && def->report[0])
			alt = taxrates_find(m->rates, def->rate_e4,
					    def->flags & (TR_REVENUE | TR_EXPENSES), def->report);
		if (alt && !strcmp(alt->report, def->report))
			snprintf(out, outlen, "%s", alt->type);
	}
	return 0;
}

static void hash_code(const struct mappings *m, const char *code, struct hash128 *h)
{
	const struct taxrate *r = taxrates_get(m->rates, code);

	hash_update(h, code, strlen(code) + 1);
	if (r)
		taxrates_hash_one(r, h);
}

static int cmp_type(const void *a, const void *b)
{
	return strcmp((*(const struct taxrate *const *)a)->type,
		      (*(const struct taxrate *const *)b)->type);
}

/* The mapping hash: the files, the country, and of the tax rates only what
 * the documents depend on (the codes the tables resolve to, and the
 * organisation's rates on income a stated rate may be found among), so
 * that a plan with the edition's defaults and a run with an organisation
 * that has them agree (and nothing is mapped again between them). Keeps
 * the {zero} and {none} codes the hash covers in m->zero_code and
 * m->none_code, for map_tax.c. */
static void set_hash(struct mappings *m)
{
	const struct taxrate **inc = NULL;
	struct hash128 h;
	size_t i, p, n = 0;

	mappings_class_code(m, "zero", m->zero_code, sizeof(m->zero_code));
	mappings_class_code(m, "none", m->none_code, sizeof(m->none_code));
	hash_init(&h);
	hash_update(&h, m->files_hash, sizeof(m->files_hash));
	hash_update(&h, m->country, sizeof(m->country));
	if (m->rates) {
		hash_update(&h, m->rates->edition, strlen(m->rates->edition) + 1);
		for (p = 0; p < m->npm; p++) {
			const struct platform_map *pm = &m->pm[p];

			for (i = 0; i < pm->n; i++)
				hash_code(m, pm->rows[i].tax_code, &h);
			hash_code(m, pm->s.fallback_tax_code, &h);
			hash_code(m, pm->s.carried_tax_code, &h);
			for (i = 0; i < pm->s.nmtax; i++)
				hash_code(m, pm->s.mtax[i].tax_code, &h);
		}
		hash_code(m, m->zero_code, &h);
		hash_code(m, m->none_code, &h);
		inc = calloc(m->rates->n ? m->rates->n : 1, sizeof(*inc));
		for (i = 0; inc && i < m->rates->n; i++)
			if (m->rates->r[i].rate_e4 > 0 && (m->rates->r[i].flags & TR_REVENUE))
				inc[n++] = &m->rates->r[i];
		if (inc)
			qsort(inc, n, sizeof(*inc), cmp_type);
		for (i = 0; i < n; i++)
			taxrates_hash_one(inc[i], &h);
		free(inc);
	}
	hash_hex(&h, m->hash);
}

/* "marketplace_tax": {"Amazon.co.uk": "OUTPUT2", "*": "ZERORATEDOUTPUT"} */
int mapping_load_marketplace_tax(struct platform_map *pm, json_t *v, const char *path,
				 struct ll_err *err)
{
	struct platform_settings *s = &pm->s;
	const char *key;
	json_t *code;

	if (!v)
		return 0;
	if (!json_is_object(v))
		return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.marketplace_tax is not"
				  " an object of marketplace: tax type", pm->def->settings);
	s->nmtax = 0;
	json_object_foreach(v, key, code) {
		if (!json_is_string(code))
			return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.marketplace_tax.%s"
					  " is not a tax type", pm->def->settings, key);
		if (s->nmtax == MAP_CLEARING_MAX)
			return ll_err_set(err, LL_EPARSE, path, 0, "settings: %s.marketplace_tax has"
					  " more than %d entries", pm->def->settings,
					  MAP_CLEARING_MAX);
		snprintf(s->mtax[s->nmtax].key, sizeof(s->mtax[s->nmtax].key), "%s", key);
		snprintf(s->mtax[s->nmtax].tax_type, sizeof(s->mtax[s->nmtax].tax_type), "%s",
			 json_string_value(code));
		s->nmtax++;
	}
	return 0;
}

void mappings_rehash(struct mappings *m)
{
	set_hash(m);
}

static int resolve_all(struct mappings *m, struct ll_err *err)
{
	size_t i, p;

	for (p = 0; p < m->npm; p++) {
		struct platform_map *pm = &m->pm[p];

		for (i = 0; i < pm->n; i++)
			if (resolve_tax(m, pm->rows[i].tax_type, pm->rows[i].tax_code,
					sizeof(pm->rows[i].tax_code)))
				return ll_err_set(err, LL_EPARSE, pm->name, pm->rows[i].line,
						  "%s: tax type %s has no code for country "
						  "%s; add it under \"tax_classes\" in "
						  "settings.json", pm->def->mapping_file,
						  pm->rows[i].tax_type,
						  m->country[0] ? m->country : "GLOBAL");
		if (resolve_tax(m, pm->s.fallback_tax_type, pm->s.fallback_tax_code,
				sizeof(pm->s.fallback_tax_code)))
			return ll_err_set(err, LL_EPARSE, "settings.json", 0,
					  "%s.fallback_tax_type %s has no code for country %s",
					  pm->def->settings, pm->s.fallback_tax_type, m->country);
		if (resolve_tax(m, pm->s.carried_tax_type, pm->s.carried_tax_code,
				sizeof(pm->s.carried_tax_code)))
			return ll_err_set(err, LL_EPARSE, "settings.json", 0,
					  "%s.carried_balance_tax_type %s has no code for"
					  " country %s", pm->def->settings,
					  pm->s.carried_tax_type, m->country);
		for (i = 0; i < pm->s.nmtax; i++)
			if (resolve_tax(m, pm->s.mtax[i].tax_type, pm->s.mtax[i].tax_code,
					sizeof(pm->s.mtax[i].tax_code)))
				return ll_err_set(err, LL_EPARSE, "settings.json", 0,
						  "%s.marketplace_tax.%s: tax type %s has no"
						  " code for country %s", pm->def->settings,
						  pm->s.mtax[i].key, pm->s.mtax[i].tax_type,
						  m->country);
	}
	set_hash(m);
	return 0;
}

int mappings_set_country(struct mappings *m, const char *country, struct ll_err *err)
{
	struct taxrates *t = m->rates;
	char cc[3];

	snprintf(cc, sizeof(cc), "%.2s", country ? country : "");
	memcpy(m->country, cc, sizeof(cc));
	if (!t && !(t = calloc(1, sizeof(*t))))
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	m->rates = t;
	taxrates_clear(t);
	if (taxrates_builtin(t, m->country))
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	return resolve_all(m, err);
}

int mappings_set_rates(struct mappings *m, struct taxrates *rates, struct ll_err *err)
{
	if (!m->rates && !(m->rates = calloc(1, sizeof(*m->rates))))
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	taxrates_clear(m->rates);
	*m->rates = *rates;
	memset(rates, 0, sizeof(*rates));
	return resolve_all(m, err);
}

const char *mappings_class_code(const struct mappings *m, const char *name, char *out,
				size_t outlen)
{
	char cls[48];
	struct sfmt f;

	sf_init(&f, cls, sizeof(cls));  /* "{%.40s}" */
	sf_char(&f, '{');
	sf_strn(&f, name, 40);
	sf_char(&f, '}');
	if (resolve_tax(m, cls, out, outlen))
		out[0] = '\0';
	return out;
}

int64_t mappings_rate_of(const struct mappings *m, const char *code)
{
	const struct taxrate *r = taxrates_get(m->rates, code);

	return r ? r->rate_e4 : 0;
}

const char *mapping_marketplace_tax(const struct platform_settings *s,
				    const char *marketplace)
{
	size_t i;

	for (i = 0; marketplace && marketplace[0] && i < s->nmtax; i++)
		if (!strcasecmp(s->mtax[i].key, marketplace))
			return s->mtax[i].tax_code;
	for (i = 0; i < s->nmtax; i++)
		if (!strcmp(s->mtax[i].key, "*"))
			return s->mtax[i].tax_code;
	return NULL;
}

const char *mappings_country_dir(char *out, size_t outlen, const char *dir,
				 const char *country)
{
	char sub[1200];

	if (!country || !country[0]) {
		snprintf(out, outlen, "%s", dir);
		return out;
	}
	{
		snprintf(sub, sizeof(sub), "%s/%.2s", dir, country);
		if (mappings_dir_ok(sub)) {
			snprintf(out, outlen, "%s", sub);
			return out;
		}
	}
	if (!strcmp(taxrates_edition(country), "GLOBAL")) {
		snprintf(sub, sizeof(sub), "%s/GLOBAL", dir);
		if (mappings_dir_ok(sub)) {
			snprintf(out, outlen, "%s", sub);
			return out;
		}
	}
	snprintf(out, outlen, "%s", dir);
	return out;
}
