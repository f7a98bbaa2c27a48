/*
 * sbx_taxdefs.c - default tax rates per Xero edition, and the editions'
 * rules for rates the user makes.
 *
 * One table row per default rate: edition, TaxType, Name, ReportTaxType
 * (NULL where the edition has none), the CanApplyTo flags as Xero's "Tax
 * Rate Constraints" table prints them (Assets, Equity, Expenses,
 * Liabilities, Revenue) and up to two components. Names and flags come
 * from Xero's tax rate constraints table (developer.xero.com, TaxRates),
 * the rates from Xero's "Default tax rates" help pages per country (so
 * the UK reverse charge and EC acquisition rates are 0%: their VAT is
 * accounted on the return, not on the document), Canada's component rates
 * from the provinces' statutory rates. docs/sandbox.md lists them all.
 */
#include "sandbox/sbx_taxdefs.h"

#include <string.h>

#include "sandbox/sbx_json.h"
#include "util/money.h"

struct comp_def {
	const char *name;   /* NULL = the edition's label */
	const char *rate;   /* percent, up to 4 decimals */
	int nonrec;         /* IsNonRecoverable (Canadian PST/RST on purchases) */
};

struct rate_def {
	const char *ed, *type, *name, *report;
	const char *applies;   /* "AEXLR" as '1'/'0' */
	struct comp_def comp[2];
};

#define ONE(r) { { NULL, r, 0 }, { NULL, NULL, 0 } }
#define GST(r) { { "GST", r, 0 }, { NULL, NULL, 0 } }
#define HST(r) { { "HST", r, 0 }, { NULL, NULL, 0 } }
#define TWO(n, r, nr) { { "GST", "5", 0 }, { n, r, nr } }

static const struct rate_def defs[] = {
	/* United Kingdom */
	{ "GB", "CAPEXINPUT2", "20% (VAT on Capital Purchases)", "CAPITALEXPENSESINPUT", "10000", ONE("20") },
	{ "GB", "CAPEXOUTPUT2", "20% (VAT on Capital Sales)", "CAPITALSALESOUTPUT", "10000", ONE("20") },
	{ "GB", "INPUT2", "20% (VAT on Expenses)", "INPUT", "11110", ONE("20") },
	{ "GB", "OUTPUT2", "20% (VAT on Income)", "OUTPUT", "11011", ONE("20") },
	{ "GB", "RRINPUT", "5% (VAT on Expenses)", "INPUT", "11110", ONE("5") },
	{ "GB", "RROUTPUT", "5% (VAT on Income)", "OUTPUT", "11011", ONE("5") },
	{ "GB", "DRCHARGESUPPLY5", "Domestic Reverse Charge @ 5% (VAT on Expenses)", "DRCHARGESUPPLY", "11110", ONE("0") },
	{ "GB", "DRCHARGE5", "Domestic Reverse Charge @ 5% (VAT on Income)", "DRCHARGE", "11011", ONE("0") },
	{ "GB", "DRCHARGESUPPLY20", "Domestic Reverse Charge @ 20% (VAT on Expenses)", "DRCHARGESUPPLY", "11110", ONE("0") },
	{ "GB", "DRCHARGE20", "Domestic Reverse Charge @ 20% (VAT on Income)", "DRCHARGE", "11011", ONE("0") },
	{ "GB", "ECACQUISITIONS", "EC Acquisitions (20%)", "ECACQUISITIONS", "11110", ONE("0") },
	{ "GB", "ECZRACQUISITIONS", "EC Acquisitions (Zero Rated)", "ECACQUISITIONS", "11110", ONE("0") },
	{ "GB", "EXEMPTINPUT", "Exempt Expenses", "EXEMPTINPUT", "11110", ONE("0") },
	{ "GB", "EXEMPTOUTPUT", "Exempt Income", "EXEMPTOUTPUT", "11011", ONE("0") },
	{ "GB", "NONE", "No VAT", "NONE", "11111", ONE("0") },
	{ "GB", "REVERSECHARGES", "Reverse Charge Expenses (20%)", "REVERSECHARGES", "11110", ONE("0") },
	{ "GB", "GSTONIMPORTS", "VAT on Imports", "GSTONIMPORTS", "00010", ONE("0") },
	{ "GB", "ECZROUTPUT", "Zero Rated EC Goods Income", "ECOUTPUT", "11011", ONE("0") },
	{ "GB", "ECZROUTPUTSERVICES", "Zero Rated EC Services", "ECOUTPUTSERVICES", "11011", ONE("0") },
	{ "GB", "ZERORATEDINPUT", "Zero Rated Expenses", "INPUT", "11110", ONE("0") },
	{ "GB", "ZERORATEDOUTPUT", "Zero Rated Income", "OUTPUT", "11011", ONE("0") },
	/* United States: sales tax rates are the user's own (TAX001 ...) */
	{ "US", "GSTONIMPORTS", "Sales Tax on Imports", NULL, "00010", ONE("0") },
	{ "US", "NONE", "Tax Exempt", NULL, "11111", ONE("0") },
	{ "US", "INPUT", "Tax on Purchases", NULL, "11111", ONE("0") },
	{ "US", "OUTPUT", "Tax on Sales", NULL, "11111", ONE("0") },
	/* Australia (Xero's "advanced" set: the basic one plus capital, exports, input taxed) */
	{ "AU", "BASEXCLUDED", "BAS Excluded", "BASEXCLUDED", "11111", ONE("0") },
	{ "AU", "EXEMPTCAPITAL", "GST Free Capital", "EXEMPTCAPITAL", "11110", ONE("0") },
	{ "AU", "EXEMPTEXPENSES", "GST Free Expenses", "EXEMPTEXPENSES", "11110", ONE("0") },
	{ "AU", "EXEMPTEXPORT", "GST Free Exports", "EXEMPTEXPORT", "11011", ONE("0") },
	{ "AU", "EXEMPTOUTPUT", "GST Free Income", "EXEMPTOUTPUT", "11011", ONE("0") },
	{ "AU", "CAPEXINPUT", "GST on Capital", "CAPEXINPUT", "11110", ONE("10") },
	{ "AU", "GSTONCAPIMPORTS", "GST on Capital Imports", "GSTONCAPIMPORTS", "00010", ONE("0") },
	{ "AU", "INPUT", "GST on Expenses", "INPUT", "11110", ONE("10") },
	{ "AU", "GSTONIMPORTS", "GST on Imports", "GSTONIMPORTS", "00010", ONE("0") },
	{ "AU", "OUTPUT", "GST on Income", "OUTPUT", "11011", ONE("10") },
	{ "AU", "INPUTTAXED", "Input Taxed", "INPUTTAXED", "11111", ONE("0") },
	/* New Zealand (flags as Xero's GET TaxRates example in the OpenAPI spec) */
	{ "NZ", "INPUT2", "15% GST on Expenses", "INPUT", "11110", ONE("15") },
	{ "NZ", "OUTPUT2", "15% GST on Income", "OUTPUT", "11011", ONE("15") },
	{ "NZ", "GSTONIMPORTS", "GST on Imports", "GSTONIMPORTS", "00010", ONE("0") },
	{ "NZ", "NONE", "No GST", "NONE", "11111", ONE("0") },
	{ "NZ", "ZERORATED", "Zero Rated", "OUTPUT", "00011", ONE("0") },
	/* Xero's global edition (Ireland and other countries without an edition) */
	{ "GLOBAL", "GSTONIMPORTS", "Sales Tax on Imports", NULL, "00010", ONE("0") },
	{ "GLOBAL", "NONE", "Tax Exempt", NULL, "11111", ONE("0") },
	{ "GLOBAL", "INPUT", "Tax on Purchases", NULL, "11111", ONE("0") },
	{ "GLOBAL", "OUTPUT", "Tax on Sales", NULL, "11111", ONE("0") },
	/* Canada */
	{ "CA", "CAN001", "AB - GST on Purchases", NULL, "11110", GST("5") },
	{ "CA", "CAN002", "BC - GST/PST on Purchases", NULL, "11110", TWO("PST", "7", 1) },
	{ "CA", "CAN003", "MB - GST/RST on Purchases (pre 1 July '19)", NULL, "11110", TWO("RST", "8", 1) },
	{ "CA", "CAN004", "NB - HST on Purchases", NULL, "11110", HST("15") },
	{ "CA", "CAN005", "NL - HST on Purchases", NULL, "11110", HST("15") },
	{ "CA", "CAN006", "NS - HST on Purchases (pre 1 April '25)", NULL, "11110", HST("15") },
	{ "CA", "CAN007", "ON - HST on Purchases", NULL, "11110", HST("13") },
	{ "CA", "CAN008", "PE - HST on Purchases", NULL, "11110", HST("15") },
	{ "CA", "CAN010", "SK - GST/PST on Purchases", NULL, "11110", TWO("PST", "6", 1) },
	{ "CA", "CAN011", "NT - GST on Purchases", NULL, "11110", GST("5") },
	{ "CA", "CAN012", "YT - GST on Purchases", NULL, "11110", GST("5") },
	{ "CA", "CAN013", "NU - GST on Purchases", NULL, "11110", GST("5") },
	{ "CA", "CAN014", "AB - GST on Sales", NULL, "11011", GST("5") },
	{ "CA", "CAN015", "BC - GST/PST on Sales", NULL, "11011", TWO("PST", "7", 0) },
	{ "CA", "CAN016", "MB - GST/RST on Sales (pre 1 July '19)", NULL, "11011", TWO("RST", "8", 0) },
	{ "CA", "CAN017", "NB - HST on Sales", NULL, "11011", HST("15") },
	{ "CA", "CAN018", "NL - HST on Sales", NULL, "11011", HST("15") },
	{ "CA", "CAN019", "NS - HST on Sales (pre 1 April '25)", NULL, "11011", HST("15") },
	{ "CA", "CAN020", "ON - HST on Sales", NULL, "11011", HST("13") },
	{ "CA", "CAN021", "PE - HST on Sales", NULL, "11011", HST("15") },
	{ "CA", "CAN022", "QC - GST/QST on Sales", NULL, "11011", TWO("QST", "9.975", 0) },
	{ "CA", "CAN023", "SK - GST/PST on Sales", NULL, "11011", TWO("PST", "6", 0) },
	{ "CA", "CAN024", "NT - GST on Sales", NULL, "11011", GST("5") },
	{ "CA", "CAN025", "YT - GST on Sales", NULL, "11011", GST("5") },
	{ "CA", "CAN026", "NU - GST on Sales", NULL, "11011", GST("5") },
	{ "CA", "CAN027", "QC - GST/QST on Purchases", NULL, "11110", TWO("QST", "9.975", 0) },
	{ "CA", "CAN028", "MB - GST/RST on Sales", NULL, "11011", TWO("RST", "7", 0) },
	{ "CA", "CAN029", "MB - GST/RST on Purchases", NULL, "11110", TWO("RST", "7", 1) },
	{ "CA", "CAN030", "Exempt Sales", NULL, "11011", GST("0") },
	{ "CA", "CAN031", "NS - HST on Purchases", NULL, "11110", HST("14") },
	{ "CA", "CAN032", "NS - HST on Sales", NULL, "11011", HST("14") },
	{ "CA", "GSTONIMPORTS", "Sales Tax on Imports", NULL, "00010", ONE("0") },
	{ "CA", "INPUT", "Tax on Purchases", NULL, "11111", ONE("0") },
	{ "CA", "NONE", "Tax Exempt", NULL, "11111", ONE("0") },
	{ "CA", "OUTPUT", "Tax on Sales", NULL, "11111", ONE("0") },
	/* South Africa */
	{ "ZA", "GSTONCAPIMPORTS", "Capital Goods Imported", NULL, "11110", ONE("0") },
	{ "ZA", "INPUT4", "Change in Use", NULL, "11100", ONE("15") },
	{ "ZA", "OUTPUT4", "Change in use and Export of Second-hand Goods", NULL, "01011", ONE("15") },
	{ "ZA", "EXEMPTOUTPUT", "Exempt and Non-Supplies", NULL, "01011", ONE("0") },
	{ "ZA", "IMINPUT", "Goods and Services Imported", NULL, "11110", ONE("0") },
	{ "ZA", "NONE", "No VAT", NULL, "11111", ONE("0") },
	{ "ZA", "INPUT2", "Old 14% Change in Use", NULL, "11100", ONE("14") },
	{ "ZA", "INPUT", "Old 14% Standard Rate Purchases", NULL, "11100", ONE("14") },
	{ "ZA", "CAPEXINPUT", "Old 14% Standard Rate Purchases - Capital Goods", NULL, "11100", ONE("14") },
	{ "ZA", "OUTPUT", "Old 14% Standard Rate Sales", NULL, "01011", ONE("14") },
	{ "ZA", "SROUTPUT", "Old 14% Standard Rate Sales - Capital Goods", NULL, "01011", ONE("14") },
	{ "ZA", "INPUT3", "Standard Rate Purchases", NULL, "11100", ONE("15") },
	{ "ZA", "CAPEXINPUT2", "Standard Rate Purchases - Capital Goods", NULL, "11100", ONE("15") },
	{ "ZA", "OUTPUT3", "Standard Rate Sales", NULL, "01011", ONE("15") },
	{ "ZA", "SROUTPUT2", "Standard Rate Sales - Capital Goods", NULL, "01011", ONE("15") },
	{ "ZA", "ZERORATED", "Zero rate (Excluding Goods Exported)", NULL, "01011", ONE("0") },
	{ "ZA", "ZERORATEDOUTPUT", "Zero Rate (only Exported Goods)", NULL, "01011", ONE("0") },
};

/*
 * ReportTaxTypes a user-made rate may have in GB, AU and NZ, with the
 * CanApplyTo flags of the default rates of that kind. GB from Xero's
 * "Add a tax rate" help (Sales, Purchases, Exempt Sales/Purchases, EC
 * Sales Goods/Services, EC Acquisitions, Reverse Charges, MOSS Sales).
 */
static const struct {
	const char *ed, *report, *applies;
} reports[] = {
	{ "GB", "OUTPUT", "11011" }, { "GB", "INPUT", "11110" },
	{ "GB", "EXEMPTOUTPUT", "11011" }, { "GB", "EXEMPTINPUT", "11110" },
	{ "GB", "ECOUTPUT", "11011" }, { "GB", "ECOUTPUTSERVICES", "11011" },
	{ "GB", "ECACQUISITIONS", "11110" }, { "GB", "REVERSECHARGES", "11110" },
	{ "GB", "MOSSSALES", "11011" }, { "GB", "NONE", "11111" },
	{ "AU", "OUTPUT", "11011" }, { "AU", "INPUT", "11110" },
	{ "AU", "EXEMPTOUTPUT", "11011" }, { "AU", "EXEMPTEXPENSES", "11110" },
	{ "AU", "CAPEXINPUT", "11110" }, { "AU", "EXEMPTCAPITAL", "11110" },
	{ "AU", "EXEMPTEXPORT", "11011" }, { "AU", "INPUTTAXED", "11111" },
	{ "AU", "BASEXCLUDED", "11111" }, { "AU", "GSTONIMPORTS", "00010" },
	{ "AU", "GSTONCAPIMPORTS", "00010" },
	{ "NZ", "OUTPUT", "11011" }, { "NZ", "INPUT", "11110" },
	{ "NZ", "GSTONIMPORTS", "00010" }, { "NZ", "NONE", "11111" },
};

static int flags_of(const char *applies)
{
	int f = 0, i;

	for (i = 0; i < 5 && applies[i]; i++)
		if (applies[i] == '1')
			f |= 1 << i;
	return f;
}

const char *taxdefs_edition(const char *country)
{
	static const char *const own[] = { "GB", "US", "AU", "NZ", "CA", "ZA" };
	size_t i;

	if (!country)
		return NULL;
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(own[i], country))
			return own[i];
	return "GLOBAL";
}

int taxdefs_needs_report(const char *edition)
{
	return edition && (!strcmp(edition, "GB") || !strcmp(edition, "AU") ||
			   !strcmp(edition, "NZ"));
}

int taxdefs_report_flags(const char *edition, const char *report)
{
	size_t i;

	if (!taxdefs_needs_report(edition))
		return TAXDEF_ALL;
	for (i = 0; report && i < sizeof(reports) / sizeof(reports[0]); i++)
		if (!strcmp(reports[i].ed, edition) && !strcmp(reports[i].report, report))
			return flags_of(reports[i].applies);
	return -1;
}

/* Round num/den half away from zero (den > 0). */
static int64_t div_round(__int128 num, int64_t den)
{
	__int128 q = (num < 0 ? -num : num) / den, r = (num < 0 ? -num : num) % den;

	if (r * 2 >= den)
		q++;
	return (int64_t)(num < 0 ? -q : q);
}

json_t *taxdefs_rate(const char *name, const char *type, const char *report, int flags,
		     json_t *components, const char *status)
{
	int64_t simple = 0, compound = 0, display = 0, r;
	json_t *o, *c;
	size_t i;

	json_array_foreach(components, i, c) {
		if (sbxj_decimal(&r, sbxj_get(c, "Rate"), 4, 0)) {
			json_decref(components);
			return NULL;
		}
		display += r;
		if (json_is_true(sbxj_get(c, "IsCompound")))
			compound += r;
		else
			simple += r;
	}
	/* a compound component is charged on the amount plus the other components */
	r = simple + div_round((__int128)compound * (1000000 + simple), 1000000);
	o = json_object();
	json_object_set_new(o, "Name", json_string(name));
	json_object_set_new(o, "TaxType", json_string(type));
	if (report)
		json_object_set_new(o, "ReportTaxType", json_string(report));
	json_object_set_new(o, "CanApplyToAssets", json_boolean(flags & TAXDEF_ASSETS));
	json_object_set_new(o, "CanApplyToEquity", json_boolean(flags & TAXDEF_EQUITY));
	json_object_set_new(o, "CanApplyToExpenses", json_boolean(flags & TAXDEF_EXPENSES));
	json_object_set_new(o, "CanApplyToLiabilities", json_boolean(flags & TAXDEF_LIABILITIES));
	json_object_set_new(o, "CanApplyToRevenue", json_boolean(flags & TAXDEF_REVENUE));
	json_object_set_new(o, "DisplayTaxRate", sbxj_money(display, 4));
	json_object_set_new(o, "EffectiveRate", sbxj_money(r, 4));
	json_object_set_new(o, "Status", json_string(status));
	json_object_set_new(o, "TaxComponents", components); /* steals */
	return o;
}

static json_t *component(const char *name, const char *rate, int nonrec)
{
	int64_t r = 0;
	json_t *c = json_object();

	money_parse(&r, rate, strlen(rate), 4, MONEY_DOT); /* table text, always exact */
	json_object_set_new(c, "Name", json_string(name));
	json_object_set_new(c, "Rate", sbxj_money(r, 4));
	json_object_set_new(c, "IsCompound", json_false());
	json_object_set_new(c, "IsNonRecoverable", json_boolean(nonrec));
	return c;
}

int taxdefs_seed(struct sbx_store *st, const char *edition, const char *label)
{
	size_t i;
	int k;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const struct rate_def *d = &defs[i];
		json_t *comps, *o;
		int bad;

		if (strcmp(d->ed, edition))
			continue;
		comps = json_array();
		for (k = 0; k < 2 && d->comp[k].rate; k++)
			json_array_append_new(comps, component(d->comp[k].name ? d->comp[k].name : label,
								d->comp[k].rate, d->comp[k].nonrec));
		o = taxdefs_rate(d->name, d->type, d->report, flags_of(d->applies), comps, "ACTIVE");
		bad = !o || store_put(st, SBX_K_TAXRATE, d->type, d->type, o);
		json_decref(o);
		if (bad)
			return LL_ERROR;
	}
	return 0;
}
