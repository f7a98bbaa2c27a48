/*
 * test_sandbox_tax.c - the sandbox's tax as Xero has it: the default tax
 * rates of each edition (GB, US, AU, NZ, CA, IE as the global edition, ZA)
 * and that every default account's TaxType may be used on it; the
 * CanApplyTo validation; per-line rounding of Exclusive and Inclusive
 * lines with half cents; TaxAmount overrides accepted and refused; PUT and
 * POST TaxRates. Each edition is a real sandbox started in-process on a
 * temporary folder and driven over HTTP.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/sandbox.h"
#include "sandbox/sbx_lines.h"
#include "sbx_http.h"
#include "tap.h"

static struct sandbox *sb;
static char dir[64];

static int start(const char *country)
{
	struct sandbox_opts o = SANDBOX_OPTS_INIT;
	struct ll_err err = LL_ERR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/ll-sbx-tax-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	o.data_dir = dir;
	o.country = country;
	o.per_minute = 1000;
	if (sandbox_start(&sb, &o, &err)) {
		fprintf(stderr, "sandbox_start %s: %s\n", country, err.msg);
		return -1;
	}
	port = sandbox_port(sb);
	return connect_sandbox();
}

static void stop(void)
{
	char cmd[128];

	sandbox_stop(sb);
	sb = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

/* ---- pure parts ---------------------------------------------------------- */

static void test_rounding(void)
{
	static const struct {
		int64_t line2, rate;
		enum sbx_lat lat;
		int64_t tax2;
	} rows[] = {
		{ 1010, 50000, SBX_LAT_EXCLUSIVE, 51 },     /* 5% of 10.10 = 0.505: half up */
		{ -1010, 50000, SBX_LAT_EXCLUSIVE, -51 },   /* -0.505: half away from zero */
		{ 903, 200000, SBX_LAT_INCLUSIVE, 151 },    /* 9.03 x 20/120 = 1.505 */
		{ -903, 200000, SBX_LAT_INCLUSIVE, -151 },
		{ 2563, 150000, SBX_LAT_EXCLUSIVE, 384 },   /* Xero's example: 3.8445 -> 3.84 */
		{ 10000, 149750, SBX_LAT_EXCLUSIVE, 1498 }, /* QC 14.975% of 100.00 = 14.975 */
		{ 10000, 0, SBX_LAT_EXCLUSIVE, 0 },
	};
	static const struct {
		int64_t given, calc, line2, rate;
		int exact, ok;
	} over[] = {
		{ 1999, 2000, 10000, 200000, 0, 1 },    /* a cent under */
		{ 2100, 2000, 10000, 200000, 0, 1 },    /* 1% of the line: the bound */
		{ 2101, 2000, 10000, 200000, 0, 0 },
		{ -50, 2000, 10000, 200000, 0, 0 },     /* opposite sign */
		{ 1, 0, 5000, 0, 0, 0 },                /* tax on a 0% rate */
		{ 0, 0, 5000, 0, 0, 1 },
		{ 2, 1, 10, 200000, 0, 1 },             /* at least a cent */
		{ 5223, 5228, 26140, 200000, 1, 0 },    /* bank transactions: exact */
		{ 5228, 5228, 26140, 200000, 1, 1 },
		{ -1998, -2000, -10000, 200000, 0, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECK_INT(lines_tax(rows[i].line2, rows[i].rate, rows[i].lat), rows[i].tax2);
	for (i = 0; i < sizeof(over) / sizeof(over[0]); i++)
		CHECK_INT(lines_tax_ok(over[i].given, over[i].calc, over[i].line2, over[i].rate,
				       over[i].exact), over[i].ok);
}

/* ---- editions ------------------------------------------------------------ */

struct rate_row {
	const char *type, *name, *report; /* report NULL: none in the answer */
	long long effective;              /* cents of a percent: 2000 = 20.00% */
	const char *applies;              /* Assets Equity Expenses Liabilities Revenue */
};

static const char *const flag_names[5] = {
	"CanApplyToAssets", "CanApplyToEquity", "CanApplyToExpenses", "CanApplyToLiabilities",
	"CanApplyToRevenue"
};

static void check_rate(const struct rate_row *r)
{
	char path[128];
	struct http *h;
	int k;

	snprintf(path, sizeof(path), "/api.xro/2.0/TaxRates/%s", r->type);
	h = req("GET", path, NULL, NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "TaxRates.0.Name"), r->name);
	if (r->report)
		CHECK_STR(jstr(h->json, "TaxRates.0.ReportTaxType"), r->report);
	else
		CHECK(jget(h->json, "TaxRates.0.ReportTaxType") == NULL);
	CHECK_INT(cents_at(h, "\"EffectiveRate\":"), r->effective);
	for (k = 0; k < 5; k++) {
		char p[96];

		snprintf(p, sizeof(p), "TaxRates.0.%s", flag_names[k]);
		if (json_is_true(jget(h->json, p)) != (r->applies[k] == '1'))
			fprintf(stderr, "  %s %s\n", r->type, flag_names[k]);
		CHECK_INT(json_is_true(jget(h->json, p)), r->applies[k] == '1');
	}
	done(h);
}

/* Every default account's TaxType may be used on that account's class. */
static void check_accounts_taxable(void)
{
	static const char *const classes[5] = { "ASSET", "EQUITY", "EXPENSE", "LIABILITY", "REVENUE" };
	struct http *a = req("GET", "/api.xro/2.0/Accounts", NULL, NULL);
	struct http *t = req("GET", "/api.xro/2.0/TaxRates", NULL, NULL);
	json_t *acc, *rate;
	size_t i, j;
	int bad = 0, k;

	json_array_foreach(jget(a->json, "Accounts"), i, acc) {
		const char *tt = jstr(acc, "TaxType"), *cls = jstr(acc, "Class");
		int found = 0;

		json_array_foreach(jget(t->json, "TaxRates"), j, rate) {
			if (strcmp(jstr(rate, "TaxType"), tt))
				continue;
			found = 1;
			for (k = 0; k < 5; k++)
				if (!strcmp(cls, classes[k]) && !json_is_true(jget(rate, flag_names[k]))) {
					fprintf(stderr, "  account %s (%s) has %s\n", jstr(acc, "Code"), cls, tt);
					bad++;
				}
		}
		CHECK(found);
	}
	CHECK_INT(bad, 0);
	CHECK(json_array_size(jget(a->json, "Accounts")) > 40);
	done(a);
	done(t);
}

static void test_editions(void)
{
	static const struct rate_row gb[] = {
		{ "OUTPUT2", "20% (VAT on Income)", "OUTPUT", 2000, "11011" },
		{ "INPUT2", "20% (VAT on Expenses)", "INPUT", 2000, "11110" },
		{ "RROUTPUT", "5% (VAT on Income)", "OUTPUT", 500, "11011" },
		{ "ZERORATEDOUTPUT", "Zero Rated Income", "OUTPUT", 0, "11011" },
		{ "EXEMPTOUTPUT", "Exempt Income", "EXEMPTOUTPUT", 0, "11011" },
		{ "NONE", "No VAT", "NONE", 0, "11111" },
		{ "REVERSECHARGES", "Reverse Charge Expenses (20%)", "REVERSECHARGES", 0, "11110" },
		{ "DRCHARGE20", "Domestic Reverse Charge @ 20% (VAT on Income)", "DRCHARGE", 0, "11011" },
		{ "DRCHARGESUPPLY20", "Domestic Reverse Charge @ 20% (VAT on Expenses)", "DRCHARGESUPPLY", 0, "11110" },
		{ "ECZROUTPUTSERVICES", "Zero Rated EC Services", "ECOUTPUTSERVICES", 0, "11011" },
		{ "ECACQUISITIONS", "EC Acquisitions (20%)", "ECACQUISITIONS", 0, "11110" },
		{ "GSTONIMPORTS", "VAT on Imports", "GSTONIMPORTS", 0, "00010" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row us[] = {
		{ "NONE", "Tax Exempt", NULL, 0, "11111" },
		{ "OUTPUT", "Tax on Sales", NULL, 0, "11111" },
		{ "GSTONIMPORTS", "Sales Tax on Imports", NULL, 0, "00010" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row au[] = {
		{ "OUTPUT", "GST on Income", "OUTPUT", 1000, "11011" },
		{ "INPUT", "GST on Expenses", "INPUT", 1000, "11110" },
		{ "EXEMPTOUTPUT", "GST Free Income", "EXEMPTOUTPUT", 0, "11011" },
		{ "BASEXCLUDED", "BAS Excluded", "BASEXCLUDED", 0, "11111" },
		{ "INPUTTAXED", "Input Taxed", "INPUTTAXED", 0, "11111" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row nz[] = {
		{ "OUTPUT2", "15% GST on Income", "OUTPUT", 1500, "11011" },
		{ "INPUT2", "15% GST on Expenses", "INPUT", 1500, "11110" },
		{ "ZERORATED", "Zero Rated", "OUTPUT", 0, "00011" },
		{ "NONE", "No GST", "NONE", 0, "11111" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row ca[] = {
		{ "CAN020", "ON - HST on Sales", NULL, 1300, "11011" },
		{ "CAN022", "QC - GST/QST on Sales", NULL, 1497, "11011" }, /* 14.975 */
		{ "CAN002", "BC - GST/PST on Purchases", NULL, 1200, "11110" },
		{ "CAN032", "NS - HST on Sales", NULL, 1400, "11011" },
		{ "NONE", "Tax Exempt", NULL, 0, "11111" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row ie[] = {
		{ "OUTPUT", "Tax on Sales", NULL, 0, "11111" },
		{ "INPUT", "Tax on Purchases", NULL, 0, "11111" },
		{ "NONE", "Tax Exempt", NULL, 0, "11111" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct rate_row za[] = {
		{ "OUTPUT3", "Standard Rate Sales", NULL, 1500, "01011" },
		{ "INPUT3", "Standard Rate Purchases", NULL, 1500, "11100" },
		{ "EXEMPTOUTPUT", "Exempt and Non-Supplies", NULL, 0, "01011" },
		{ NULL, NULL, NULL, 0, NULL },
	};
	static const struct {
		const char *cc, *currency, *version;
		size_t nrates;
		const struct rate_row *rows;
	} eds[] = {
		{ "GB", "GBP", "UK", 21, gb }, { "US", "USD", "US", 4, us },
		{ "AU", "AUD", "AU", 11, au }, { "NZ", "NZD", "NZ", 5, nz },
		{ "CA", "CAD", "GLOBAL", 35, ca }, { "IE", "EUR", "GLOBAL", 4, ie },
		{ "ZA", "ZAR", "GLOBAL", 17, za },
	};
	size_t e, i;

	for (e = 0; e < sizeof(eds) / sizeof(eds[0]); e++) {
		struct http *h;

		if (start(eds[e].cc)) {
			CHECK(!"sandbox started");
			continue;
		}
		h = req("GET", "/api.xro/2.0/Organisation", NULL, NULL);
		CHECK_STR(jstr(h->json, "Organisations.0.CountryCode"), eds[e].cc);
		CHECK_STR(jstr(h->json, "Organisations.0.BaseCurrency"), eds[e].currency);
		CHECK_STR(jstr(h->json, "Organisations.0.Version"), eds[e].version);
		done(h);
		h = req("GET", "/api.xro/2.0/TaxRates", NULL, NULL);
		CHECK_INT(json_array_size(jget(h->json, "TaxRates")), eds[e].nrates);
		done(h);
		for (i = 0; eds[e].rows[i].type; i++)
			check_rate(&eds[e].rows[i]);
		check_accounts_taxable();
		h = req("GET", "/api.xro/2.0/TaxRates/TAX001", NULL, NULL);
		CHECK_INT(h->status, 404); /* no user-made rate in a new organisation */
		done(h);
		if (!strcmp(eds[e].cc, "CA")) {
			h = req("GET", "/api.xro/2.0/TaxRates/CAN002", NULL, NULL);
			CHECK_STR(jstr(h->json, "TaxRates.0.TaxComponents.1.Name"), "PST");
			CHECK(json_is_true(jget(h->json, "TaxRates.0.TaxComponents.1.IsNonRecoverable")));
			CHECK(json_is_false(jget(h->json, "TaxRates.0.TaxComponents.0.IsNonRecoverable")));
			done(h);
		}
		stop();
	}
}

/* ---- arithmetic ---------------------------------------------------------- */

/* PUT one invoice {Type, LineAmountTypes, lines}; the answer. */
static struct http *invoice(const char *type, const char *lat, const char *lines)
{
	char body[4096];

	snprintf(body, sizeof(body),
		 "{\"Invoices\":[{\"Type\":\"%s\",\"Contact\":{\"Name\":\"Tax Test\"},\"Date\":\"2024-03-01\","
		 "\"DueDate\":\"2024-03-31\",\"Status\":\"AUTHORISED\",\"LineAmountTypes\":\"%s\","
		 "\"LineItems\":[%s]}]}", type, lat, lines);
	return req("PUT", "/api.xro/2.0/Invoices?summarizeErrors=false", body, NULL);
}

static const char *first_error(struct http *h)
{
	const char *m = jstr(h->json, "Invoices.0.ValidationErrors.0.Message");

	return m ? m : "";
}

/* Xero's own example of per-line rounding (Rounding in Xero, developer docs). */
static void test_nz_rounding(void)
{
	struct http *h;

	if (start("NZ")) {
		CHECK(!"NZ sandbox");
		return;
	}
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"A\",\"UnitAmount\":25.06,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"},"
		    "{\"Description\":\"B\",\"UnitAmount\":25.61,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"},"
		    "{\"Description\":\"C\",\"UnitAmount\":25.63,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}");
	CHECK_STR(jstr(h->json, "Invoices.0.StatusAttributeString"), "OK");
	CHECK_INT(cents_at(h, "\"SubTotal\":"), 7630);
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 1144); /* not 11.45 of the total */
	CHECK_INT(cents_at(h, "\"Total\":"), 8774);
	done(h);
	stop();
}

static void test_gb_arithmetic(void)
{
	struct http *h;

	/* half cents: 20.00 and -10.10 at 5% -> 1.00 and -0.51 (half away from zero) */
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"a\",\"LineAmount\":20.00,\"AccountCode\":\"200\",\"TaxType\":\"RROUTPUT\"},"
		    "{\"Description\":\"b\",\"LineAmount\":-10.10,\"AccountCode\":\"200\",\"TaxType\":\"RROUTPUT\"}");
	CHECK_STR(jstr(h->json, "Invoices.0.StatusAttributeString"), "OK");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 49);
	CHECK_INT(cents_at(h, "\"Total\":"), 1039);
	CHECK_INT(cents_at(h, "\"TaxAmount\":"), 100);
	done(h);
	/* Inclusive 9.03 at 20%: 1.505 -> 1.51 extracted, SubTotal 7.52 */
	h = invoice("ACCREC", "Inclusive",
		    "{\"Description\":\"i\",\"LineAmount\":9.03,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 151);
	CHECK_INT(cents_at(h, "\"SubTotal\":"), 752);
	CHECK_INT(cents_at(h, "\"Total\":"), 903);
	done(h);
	/* NoTax: a TaxAmount sent is not used */
	h = invoice("ACCREC", "NoTax",
		    "{\"Description\":\"n\",\"LineAmount\":9.03,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\",\"TaxAmount\":1.00}");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 0);
	CHECK_INT(cents_at(h, "\"Total\":"), 903);
	done(h);

	/* TaxAmount overrides: within 1% of the line, same sign; none on a 0% rate */
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"o\",\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\",\"TaxAmount\":19.99}");
	CHECK_STR(jstr(h->json, "Invoices.0.StatusAttributeString"), "OK");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 1999);
	CHECK_INT(cents_at(h, "\"Total\":"), 11999);
	done(h);
	h = invoice("ACCREC", "Inclusive",
		    "{\"Description\":\"o\",\"LineAmount\":120.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\",\"TaxAmount\":20.01}");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 2001);
	CHECK_INT(cents_at(h, "\"SubTotal\":"), 9999);
	done(h);
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"o\",\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\",\"TaxAmount\":21.01}");
	CHECK_STR(jstr(h->json, "Invoices.0.StatusAttributeString"), "ERROR");
	CHECK_STR(first_error(h), "Tax amount 21.01 is incorrect for OUTPUT2 tax type, should be 20.00");
	done(h);
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"o\",\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\",\"TaxAmount\":-0.50}");
	CHECK_STR(first_error(h), "Tax amount -0.50 is incorrect for OUTPUT2 tax type, should be 20.00");
	done(h);
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"z\",\"LineAmount\":50.00,\"AccountCode\":\"200\",\"TaxType\":\"ZERORATEDOUTPUT\",\"TaxAmount\":0.01}");
	CHECK_STR(first_error(h), "Tax amount 0.01 is incorrect for ZERORATEDOUTPUT tax type, should be 0.00");
	done(h);

	/* CanApplyTo: income rates on income accounts, expense rates on expenses */
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"fee\",\"LineAmount\":-5.00,\"AccountCode\":\"404\",\"TaxType\":\"OUTPUT2\"},"
		    "{\"Description\":\"x\",\"LineAmount\":10.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}");
	CHECK_STR(first_error(h), "The TaxType code 'OUTPUT2' cannot be used with account code '404'.");
	done(h);
	h = invoice("ACCPAY", "Exclusive",
		    "{\"Description\":\"x\",\"LineAmount\":10.00,\"AccountCode\":\"200\",\"TaxType\":\"INPUT2\"}");
	CHECK_STR(first_error(h), "The TaxType code 'INPUT2' cannot be used with account code '200'.");
	done(h);
	h = invoice("ACCPAY", "Exclusive",
		    "{\"Description\":\"import VAT\",\"LineAmount\":10.00,\"AccountCode\":\"429\",\"TaxType\":\"GSTONIMPORTS\"}");
	CHECK_STR(first_error(h), "The TaxType code 'GSTONIMPORTS' cannot be used with account code '429'.");
	done(h);
	h = invoice("ACCPAY", "Exclusive",
		    "{\"Description\":\"import VAT\",\"LineAmount\":10.00,\"AccountCode\":\"820\",\"TaxType\":\"GSTONIMPORTS\"},"
		    "{\"Description\":\"services\",\"LineAmount\":100.00,\"AccountCode\":\"412\",\"TaxType\":\"REVERSECHARGES\"}");
	CHECK_STR(jstr(h->json, "Invoices.0.StatusAttributeString"), "OK");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 0); /* reverse charge: no VAT on the bill */
	CHECK_INT(cents_at(h, "\"Total\":"), 11000);
	done(h);
	/* a line without TaxType takes its account's: 200 is OUTPUT2 in the UK chart */
	h = invoice("ACCREC", "Exclusive", "{\"Description\":\"d\",\"LineAmount\":10.00,\"AccountCode\":\"200\"}");
	CHECK_STR(jstr(h->json, "Invoices.0.LineItems.0.TaxType"), "OUTPUT2");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 200);
	done(h);
}

/* ---- TaxRates writes ----------------------------------------------------- */

static struct http *put_rate(const char *method, const char *json)
{
	char body[2048];

	snprintf(body, sizeof(body), "{\"TaxRates\":[%s]}", json);
	return req(method, "/api.xro/2.0/TaxRates?summarizeErrors=false", body, NULL);
}

static const char *rate_error(struct http *h)
{
	const char *m = jstr(h->json, "TaxRates.0.ValidationErrors.0.Message");

	return m ? m : "";
}

static void test_gb_taxrates(void)
{
	struct http *h;

	h = put_rate("PUT", "{\"Name\":\"12.5% Sales\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5}]}");
	CHECK_STR(rate_error(h), "ReportTaxType is required when creating tax rates for AU, NZ and UK organisations.");
	done(h);
	h = put_rate("PUT", "{\"Name\":\"12.5% Sales\",\"ReportTaxType\":\"USSALESTAX\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5}]}");
	CHECK_STR(rate_error(h), "ReportTaxType 'USSALESTAX' is not valid for this organisation.");
	done(h);
	h = put_rate("PUT", "{\"Name\":\"Odd\",\"ReportTaxType\":\"OUTPUT\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":101}]}");
	CHECK_STR(rate_error(h), "The Rate of TaxComponent 'VAT' must be a number from 0 to 100 with up to 4 decimal places.");
	done(h);
	h = put_rate("PUT", "{\"Name\":\"Odd\",\"ReportTaxType\":\"INPUT\",\"TaxComponents\":[{\"Name\":\"PST\",\"Rate\":7,\"IsNonRecoverable\":true}]}");
	CHECK_STR(rate_error(h), "Non-recoverable tax components are only applicable to Canadian organisations.");
	done(h);
	h = put_rate("PUT", "{\"Name\":\"12.5% Sales\",\"ReportTaxType\":\"OUTPUT\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5}]}");
	CHECK_STR(jstr(h->json, "TaxRates.0.StatusAttributeString"), "OK");
	CHECK_STR(jstr(h->json, "TaxRates.0.TaxType"), "TAX001");
	CHECK(json_is_true(jget(h->json, "TaxRates.0.CanApplyToRevenue")));
	CHECK(json_is_false(jget(h->json, "TaxRates.0.CanApplyToExpenses")));
	CHECK_INT(cents_at(h, "\"EffectiveRate\":"), 1250);
	done(h);
	h = put_rate("PUT", "{\"Name\":\"12.5% Purchases\",\"ReportTaxType\":\"INPUT\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5}]}");
	CHECK_STR(jstr(h->json, "TaxRates.0.TaxType"), "TAX002");
	CHECK(json_is_false(jget(h->json, "TaxRates.0.CanApplyToRevenue")));
	done(h);
	h = put_rate("PUT", "{\"Name\":\"12.5% sales\",\"ReportTaxType\":\"OUTPUT\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5}]}");
	CHECK_STR(rate_error(h), "A tax rate with the name '12.5% sales' already exists.");
	done(h);
	h = put_rate("PUT", "{\"Name\":\"X\",\"TaxType\":\"TAX009\",\"ReportTaxType\":\"OUTPUT\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":1}]}");
	CHECK_STR(rate_error(h), "TaxType can only be used on update calls.");
	done(h);
	/* summarised errors: 400 ValidationException as the other endpoints */
	h = req("PUT", "/api.xro/2.0/TaxRates", "{\"Name\":\"No components\",\"ReportTaxType\":\"OUTPUT\"}", NULL);
	CHECK_INT(h->status, 400);
	CHECK_STR(jstr(h->json, "Type"), "ValidationException");
	CHECK_STR(jstr(h->json, "Elements.0.ValidationErrors.0.Message"), "At least one TaxComponent must be specified.");
	done(h);

	/* the new rate on an invoice */
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"r\",\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"TAX001\"}");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 1250);
	done(h);
	/* POST updates the user's rate; a DELETED rate cannot be used; system rates stay */
	h = put_rate("POST", "{\"TaxType\":\"TAX001\",\"Status\":\"DELETED\"}");
	CHECK_STR(jstr(h->json, "TaxRates.0.Status"), "DELETED");
	done(h);
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"r\",\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"TAX001\"}");
	CHECK_STR(first_error(h), "The TaxType code 'TAX001' does not exist or cannot be used for this type of transaction.");
	done(h);
	h = put_rate("POST", "{\"TaxType\":\"OUTPUT2\",\"Name\":\"Standard\"}");
	CHECK_STR(rate_error(h), "System defined tax rates cannot be updated (OUTPUT2).");
	done(h);
	h = put_rate("POST", "{\"Name\":\"12.5% Purchases\",\"TaxComponents\":[{\"Name\":\"Other\",\"Rate\":12.5}]}");
	CHECK(strstr(rate_error(h), "All the existing tax components must be supplied") != NULL);
	done(h);
	h = put_rate("POST", "{\"Name\":\"12.5% Purchases\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":12.5},{\"Name\":\"Levy\",\"Rate\":1}]}");
	CHECK_STR(jstr(h->json, "TaxRates.0.TaxType"), "TAX002");
	CHECK_INT(cents_at(h, "\"EffectiveRate\":"), 1350);
	done(h);
	/* POST of a new name creates: the next number */
	h = put_rate("POST", "{\"Name\":\"MOSS\",\"ReportTaxType\":\"MOSSSALES\",\"TaxComponents\":[{\"Name\":\"VAT\",\"Rate\":21}]}");
	CHECK_STR(jstr(h->json, "TaxRates.0.TaxType"), "TAX003");
	done(h);
}

static void test_us_taxrates(void)
{
	struct http *h;

	if (start("US")) {
		CHECK(!"US sandbox");
		return;
	}
	/* Xero's US chart has its own four-digit codes: 200 is not Sales there */
	h = req("GET", "/api.xro/2.0/Accounts/1200", NULL, NULL);
	CHECK_STR(jstr(h->json, "Accounts.0.SystemAccount"), "DEBTORS");
	done(h);
	h = req("GET", "/api.xro/2.0/Accounts/2000", NULL, NULL);
	CHECK_STR(jstr(h->json, "Accounts.0.SystemAccount"), "CREDITORS");
	done(h);
	h = req("GET", "/api.xro/2.0/Accounts/2200", NULL, NULL);
	CHECK_STR(jstr(h->json, "Accounts.0.SystemAccount"), "GST");
	CHECK_STR(jstr(h->json, "Accounts.0.Name"), "Sales Tax");
	done(h);
	h = req("GET", "/api.xro/2.0/Accounts/4000", NULL, NULL);
	CHECK_STR(jstr(h->json, "Accounts.0.Type"), "SALES");
	done(h);
	h = req("GET", "/api.xro/2.0/Accounts/200", NULL, NULL);
	CHECK_INT(h->status, 404);
	done(h);
	/* compound: the local tax is charged on the amount plus the state tax */
	h = put_rate("PUT", "{\"Name\":\"County Tax\",\"TaxComponents\":[{\"Name\":\"State\",\"Rate\":5},"
		     "{\"Name\":\"Local\",\"Rate\":2,\"IsCompound\":true}]}");
	CHECK_STR(jstr(h->json, "TaxRates.0.TaxType"), "TAX001");
	CHECK_INT(cents_at(h, "\"DisplayTaxRate\":"), 700);
	CHECK_INT(cents_at(h, "\"EffectiveRate\":"), 710);
	CHECK(jget(h->json, "TaxRates.0.ReportTaxType") == NULL);
	CHECK(json_is_true(jget(h->json, "TaxRates.0.CanApplyToRevenue")));
	done(h);
	h = invoice("ACCREC", "Exclusive",
		    "{\"Description\":\"r\",\"LineAmount\":100.00,\"AccountCode\":\"4000\",\"TaxType\":\"TAX001\"}");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 710);
	done(h);
	stop();
}

int main(void)
{
	test_rounding();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	test_editions();
	test_nz_rounding();
	test_us_taxrates();
	if (!start("GB")) {
		test_gb_arithmetic();
		test_gb_taxrates();
		stop();
	} else {
		CHECK(!"GB sandbox");
	}
	curl_global_cleanup();
	return tap_done();
}
