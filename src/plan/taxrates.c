/*
 * taxrates.c - the tax rates mapping resolves tax types against
 * (taxrates.h): Xero's default rates per edition, as a new organisation
 * has them (Xero's "Tax Rate Constraints" table for names and CanApplyTo
 * flags, its "Default tax rates" help pages for the rates; docs/tax.md
 * §2), or the organisation's own, read by `run`.
 */
#include "taxrates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/money.h"

struct def {
	const char *ed, *type, *name, *report, *rate, *applies; /* applies: "AEXLR" as 0/1 */
};

static const struct def defs[] = {
	{ "GB", "OUTPUT2", "20% (VAT on Income)", "OUTPUT", "20", "11011" },
	{ "GB", "INPUT2", "20% (VAT on Expenses)", "INPUT", "20", "11110" },
	{ "GB", "RROUTPUT", "5% (VAT on Income)", "OUTPUT", "5", "11011" },
	{ "GB", "RRINPUT", "5% (VAT on Expenses)", "INPUT", "5", "11110" },
	{ "GB", "ZERORATEDOUTPUT", "Zero Rated Income", "OUTPUT", "0", "11011" },
	{ "GB", "ZERORATEDINPUT", "Zero Rated Expenses", "INPUT", "0", "11110" },
	{ "GB", "EXEMPTOUTPUT", "Exempt Income", "EXEMPTOUTPUT", "0", "11011" },
	{ "GB", "EXEMPTINPUT", "Exempt Expenses", "EXEMPTINPUT", "0", "11110" },
	{ "GB", "NONE", "No VAT", "NONE", "0", "11111" },
	{ "GB", "REVERSECHARGES", "Reverse Charge Expenses (20%)", "REVERSECHARGES", "0", "11110" },
	{ "GB", "ECZROUTPUT", "Zero Rated EC Goods Income", "ECOUTPUT", "0", "11011" },
	{ "GB", "ECZROUTPUTSERVICES", "Zero Rated EC Services", "ECOUTPUTSERVICES", "0", "11011" },
	{ "GB", "ECACQUISITIONS", "EC Acquisitions (20%)", "ECACQUISITIONS", "0", "11110" },
	{ "GB", "GSTONIMPORTS", "VAT on Imports", "GSTONIMPORTS", "0", "00010" },
	{ "US", "NONE", "Tax Exempt", "", "0", "11111" },
	{ "US", "OUTPUT", "Tax on Sales", "", "0", "11111" },
	{ "US", "INPUT", "Tax on Purchases", "", "0", "11111" },
	{ "US", "GSTONIMPORTS", "Sales Tax on Imports", "", "0", "00010" },
	{ "AU", "OUTPUT", "GST on Income", "OUTPUT", "10", "11011" },
	{ "AU", "INPUT", "GST on Expenses", "INPUT", "10", "11110" },
	{ "AU", "CAPEXINPUT", "GST on Capital", "CAPEXINPUT", "10", "11110" },
	{ "AU", "EXEMPTOUTPUT", "GST Free Income", "EXEMPTOUTPUT", "0", "11011" },
	{ "AU", "EXEMPTEXPORT", "GST Free Exports", "EXEMPTEXPORT", "0", "11011" },
	{ "AU", "EXEMPTEXPENSES", "GST Free Expenses", "EXEMPTEXPENSES", "0", "11110" },
	{ "AU", "EXEMPTCAPITAL", "GST Free Capital", "EXEMPTCAPITAL", "0", "11110" },
	{ "AU", "BASEXCLUDED", "BAS Excluded", "BASEXCLUDED", "0", "11111" },
	{ "AU", "INPUTTAXED", "Input Taxed", "INPUTTAXED", "0", "11111" },
	{ "AU", "GSTONIMPORTS", "GST on Imports", "GSTONIMPORTS", "0", "00010" },
	{ "NZ", "OUTPUT2", "15% GST on Income", "OUTPUT", "15", "11011" },
	{ "NZ", "INPUT2", "15% GST on Expenses", "INPUT", "15", "11110" },
	{ "NZ", "ZERORATED", "Zero Rated", "OUTPUT", "0", "00011" },
	{ "NZ", "NONE", "No GST", "NONE", "0", "11111" },
	{ "NZ", "GSTONIMPORTS", "GST on Imports", "GSTONIMPORTS", "0", "00010" },
	{ "GLOBAL", "NONE", "Tax Exempt", "", "0", "11111" },
	{ "GLOBAL", "OUTPUT", "Tax on Sales", "", "0", "11111" },
	{ "GLOBAL", "INPUT", "Tax on Purchases", "", "0", "11111" },
	{ "GLOBAL", "GSTONIMPORTS", "Sales Tax on Imports", "", "0", "00010" },
};

const char *taxrates_edition(const char *country)
{
	static const char *const own[] = { "GB", "US", "AU", "NZ" };
	size_t i;

	for (i = 0; country && i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(own[i], country))
			return own[i];
	return "GLOBAL";
}

/* ISO 3166-1 alpha-2, and XK (Kosovo, which Xero uses) */
static const char iso_countries[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS "
	"BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE "
	"EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
	"HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC "
	"LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
	"NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
	"TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW ";

int taxrates_is_country(const char *country)
{
	const char *p;

	if (!country || strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
	    country[1] < 'A' || country[1] > 'Z')
		return 0;
	for (p = iso_countries; *p; p += 3)
		if (p[0] == country[0] && p[1] == country[1])
			return 1;
	return 0;
}

static unsigned flags_of(const char *applies)
{
	unsigned f = 0;
	int i;

	for (i = 0; i < 5 && applies[i]; i++)
		if (applies[i] == '1')
			f |= 1u << i;
	return f;
}

static void from_def(struct taxrate *r, const struct def *d)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->type, sizeof(r->type), "%s", d->type);
	snprintf(r->name, sizeof(r->name), "%s", d->name);
	snprintf(r->report, sizeof(r->report), "%s", d->report);
	money_parse(&r->rate_e4, d->rate, strlen(d->rate), 4, MONEY_DOT); /* table text */
	r->flags = flags_of(d->applies);
}

int taxrates_add(struct taxrates *t, const struct taxrate *r)
{
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		struct taxrate *n = realloc(t->r, nc * sizeof(*n));

		if (!n)
			return -1;
		t->r = n;
		t->cap = nc;
	}
	t->r[t->n++] = *r;
	return 0;
}

void taxrates_clear(struct taxrates *t)
{
	free(t->r);
	t->r = NULL;
	t->n = t->cap = 0;
}

int taxrates_builtin(struct taxrates *t, const char *country)
{
	const char *ed = taxrates_edition(country);
	struct taxrate r;
	size_t i;

	memset(t, 0, sizeof(*t));
	snprintf(t->edition, sizeof(t->edition), "%s", ed);
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		if (strcmp(defs[i].ed, ed))
			continue;
		from_def(&r, &defs[i]);
		if (taxrates_add(t, &r))
			return -1;
	}
	return 0;
}

const struct taxrate *taxrates_get(const struct taxrates *t, const char *type)
{
	size_t i;

	for (i = 0; t && type && i < t->n; i++)
		if (!strcmp(t->r[i].type, type))
			return &t->r[i];
	return NULL;
}

const struct taxrate *taxrates_find(const struct taxrates *t, int64_t rate_e4,
				    unsigned flags, const char *report)
{
	const struct taxrate *any = NULL;
	size_t i;

	for (i = 0; t && i < t->n; i++) {
		const struct taxrate *r = &t->r[i];

		if (r->rate_e4 != rate_e4 || (r->flags & flags) != flags)
			continue;
		if (!report || !strcmp(r->report, report))
			return r;
		if (!any)
			any = r;
	}
	return any;
}

const struct taxrate *taxrates_default(const char *edition, const char *type)
{
	static struct taxrate one[sizeof(defs) / sizeof(defs[0])];
	static int ready;
	size_t i;

	if (!ready) {
		for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
			from_def(&one[i], &defs[i]);
		ready = 1;
	}
	for (i = 0; edition && type && i < sizeof(defs) / sizeof(defs[0]); i++)
		if (!strcmp(defs[i].ed, edition) && !strcmp(defs[i].type, type))
			return &one[i];
	return NULL;
}

void taxrates_hash_one(const struct taxrate *r, struct hash128 *h)
{
	uint64_t w[2] = { (uint64_t)r->rate_e4, r->flags };

	hash_update(h, r->type, strlen(r->type) + 1);
	hash_update(h, r->report, strlen(r->report) + 1);
	hash_update(h, w, sizeof(w));
}

int taxrates_to_text(const struct taxrates *t, char **out)
{
	size_t cap = 64 + t->n * 200, len = 0, i;
	char *s = malloc(cap);

	if (!s)
		return -1;
	len += (size_t)snprintf(s + len, cap - len, "%s\n", t->edition);
	for (i = 0; i < t->n && len < cap; i++) {
		const struct taxrate *r = &t->r[i];

		len += (size_t)snprintf(s + len, cap - len, "%s\t%lld\t%u\t%s\t%s\n", r->type,
					(long long)r->rate_e4, r->flags, r->report, r->name);
	}
	*out = s;
	return 0;
}

/* the next tab- or newline-ended field of *p into out */
static void field(const char **p, char *out, size_t outlen)
{
	size_t n = strcspn(*p, "\t\n");

	snprintf(out, outlen, "%.*s", (int)n, *p);
	*p += n;
	if (**p == '\t')
		(*p)++;
}

int taxrates_from_text(struct taxrates *t, const char *text)
{
	const char *p = text;
	char ed[16];

	memset(t, 0, sizeof(*t));
	field(&p, ed, sizeof(ed));
	if (*p != '\n' || strcmp(taxrates_edition(ed), ed))
		return LL_EPARSE;
	p++;
	snprintf(t->edition, sizeof(t->edition), "%.7s", ed);
	t->from_org = 1;
	while (*p) {
		struct taxrate r;
		char num[32], fl[16];
		int64_t v;

		memset(&r, 0, sizeof(r));
		field(&p, r.type, sizeof(r.type));
		field(&p, num, sizeof(num));
		field(&p, fl, sizeof(fl));
		field(&p, r.report, sizeof(r.report));
		field(&p, r.name, sizeof(r.name));
		if (*p != '\n' || !r.type[0] || money_parse(&r.rate_e4, num, strlen(num), 0,
							     MONEY_DOT) ||
		    money_parse(&v, fl, strlen(fl), 0, MONEY_DOT) || v < 0 || v > TR_ALL) {
			taxrates_clear(t);
			return LL_EPARSE;
		}
		r.flags = (unsigned)v;
		p++;
		if (taxrates_add(t, &r)) {
			taxrates_clear(t);
			return LL_ERROR;
		}
	}
	return 0;
}

/* money_format(rate_e4, 4) with the fraction's trailing zeros (and a bare
 * point) dropped, then "%": written digit by digit (it runs for every
 * amount of an order that states a rate the organisation lacks) */
char *taxrates_format(char *out, size_t outlen, int64_t rate_e4)
{
	uint64_t a = rate_e4 < 0 ? (uint64_t)0 - (uint64_t)rate_e4 : (uint64_t)rate_e4;
	uint64_t whole = a / 10000, frac = a % 10000;
	char num[48], digits[24];
	size_t n = 0, k = 0, i;

	if (!outlen)
		return out;
	if (rate_e4 < 0)
		num[n++] = '-';
	do {
		digits[k++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	while (k)
		num[n++] = digits[--k];
	if (frac) {
		num[n++] = '.';
		for (i = 1000; i && frac; i /= 10) {
			num[n++] = (char)('0' + frac / i);
			frac %= i;
		}
	}
	num[n++] = '%';
	if (n > outlen - 1)
		n = outlen - 1;
	memcpy(out, num, n);
	out[n] = '\0';
	return out;
}
