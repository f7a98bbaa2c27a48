/*
 * sbx_chart.c - default chart of accounts and tax rates per country.
 *
 * The tables follow Xero's default charts for UK, Australian and New
 * Zealand organisations (codes, names, types, system accounts); Canada,
 * Ireland and South Africa (Xero's global edition, with Canada's and South
 * Africa's own tax rates) get the same chart. US organisations have their
 * own, with four-digit codes (us_accounts). Each account names a tax
 * class (sales, purchases, none, exempt) that maps to the country's own
 * TaxType codes, so one table serves every country; the tax rates
 * themselves are in sbx_taxdefs.c.
 */
#include "sandbox/sbx_chart.h"

#include <stdio.h>
#include <string.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_taxdefs.h"

static const struct chart_country countries[] = {
	{ "GB", "GBP", "UK", "GMTSTANDARDTIME", 31, 3, "VAT" },
	{ "US", "USD", "US", "EASTERNSTANDARDTIME", 31, 12, "Sales Tax" },
	{ "AU", "AUD", "AU", "AUSEASTERNSTANDARDTIME", 30, 6, "GST" },
	{ "NZ", "NZD", "NZ", "NEWZEALANDSTANDARDTIME", 31, 3, "GST" },
	{ "CA", "CAD", "GLOBAL", "EASTERNSTANDARDTIME", 31, 12, "Sales Tax" },
	{ "IE", "EUR", "GLOBAL", "GMTSTANDARDTIME", 31, 12, "VAT" },
	{ "ZA", "ZAR", "GLOBAL", "SOUTHAFRICASTANDARDTIME", 28, 2, "VAT" },
};

const struct chart_country *chart_country(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(countries) / sizeof(countries[0]); i++)
		if (!strcmp(countries[i].code, code))
			return &countries[i];
	return NULL;
}

static const char *const currency_names[][2] = {
	{ "GBP", "British Pound" }, { "USD", "United States Dollar" },
	{ "AUD", "Australian Dollar" }, { "NZD", "New Zealand Dollar" },
	{ "EUR", "Euro" }, { "CAD", "Canadian Dollar" }, { "JPY", "Japanese Yen" },
	{ "CHF", "Swiss Franc" }, { "SEK", "Swedish Krona" }, { "NOK", "Norwegian Krone" },
	{ "DKK", "Danish Krone" }, { "PLN", "Polish Zloty" }, { "MXN", "Mexican Peso" },
	{ "INR", "Indian Rupee" }, { "SGD", "Singapore Dollar" }, { "HKD", "Hong Kong Dollar" },
	{ "CNY", "Chinese Yuan" }, { "ZAR", "South African Rand" }, { "AED", "UAE Dirham" },
	{ "BRL", "Brazilian Real" }, { "TRY", "Turkish Lira" }, { "SAR", "Saudi Riyal" },
	{ "CZK", "Czech Koruna" }, { "HUF", "Hungarian Forint" }, { "KRW", "South Korean Won" },
};

const char *chart_currency_name(const char *code)
{
	size_t i;

	for (i = 0; code && i < sizeof(currency_names) / sizeof(currency_names[0]); i++)
		if (!strcmp(currency_names[i][0], code))
			return currency_names[i][1];
	return NULL;
}

const char *chart_account_class(const char *type)
{
	static const char *const map[][2] = {
		{ "BANK", "ASSET" }, { "CURRENT", "ASSET" }, { "FIXED", "ASSET" },
		{ "INVENTORY", "ASSET" }, { "NONCURRENT", "ASSET" }, { "PREPAYMENT", "ASSET" },
		{ "CURRLIAB", "LIABILITY" }, { "LIABILITY", "LIABILITY" },
		{ "TERMLIAB", "LIABILITY" }, { "PAYGLIABILITY", "LIABILITY" },
		{ "SUPERANNUATIONLIABILITY", "LIABILITY" }, { "WAGESPAYABLELIABILITY", "LIABILITY" },
		{ "EQUITY", "EQUITY" }, { "DIRECTCOSTS", "EXPENSE" }, { "EXPENSE", "EXPENSE" },
		{ "OVERHEADS", "EXPENSE" }, { "DEPRECIATN", "EXPENSE" },
		{ "SUPERANNUATIONEXPENSE", "EXPENSE" }, { "WAGESEXPENSE", "EXPENSE" },
		{ "REVENUE", "REVENUE" }, { "SALES", "REVENUE" }, { "OTHERINCOME", "REVENUE" },
	};
	size_t i;

	for (i = 0; type && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], type))
			return map[i][1];
	return NULL;
}

/* Tax classes: S sales, P purchases, N none, X exempt income, E exempt expense. */
struct acct {
	const char *code, *name, *type;
	char tax;
	const char *system;   /* SystemAccount or NULL */
	int payments;         /* EnablePaymentsToAccount */
	const char *only;     /* countries having it ("GB,AU"), NULL = all */
};

static const struct acct accounts[] = {
	{ "090", "Business Bank Account", "BANK", 'N', NULL, 0, NULL },
	{ "091", "Business Savings Account", "BANK", 'N', NULL, 0, NULL },
	{ "200", "Sales", "REVENUE", 'S', NULL, 0, NULL },
	{ "260", "Other Revenue", "REVENUE", 'S', NULL, 0, NULL },
	{ "270", "Interest Income", "REVENUE", 'X', NULL, 0, NULL },
	{ "310", "Cost of Goods Sold", "DIRECTCOSTS", 'P', NULL, 0, NULL },
	{ "400", "Advertising", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "404", "Bank Fees", "OVERHEADS", 'E', NULL, 0, NULL },
	{ "408", "Cleaning", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "412", "Consulting & Accounting", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "416", "Depreciation", "DEPRECIATN", 'N', NULL, 0, NULL },
	{ "420", "Entertainment", "OVERHEADS", 'E', NULL, 0, NULL },
	{ "425", "Freight & Courier", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "429", "General Expenses", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "433", "Insurance", "OVERHEADS", 'E', NULL, 0, NULL },
	{ "437", "Interest Expense", "OVERHEADS", 'E', NULL, 0, NULL },
	{ "441", "Legal expenses", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "445", "Light, Power, Heating", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "449", "Motor Vehicle Expenses", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "453", "Office Expenses", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "461", "Printing & Stationery", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "469", "Rent", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "473", "Repairs and Maintenance", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "477", "Wages and Salaries", "OVERHEADS", 'N', NULL, 0, NULL },
	{ "485", "Subscriptions", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "489", "Telephone & Internet", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "493", "Travel - National", "OVERHEADS", 'P', NULL, 0, NULL },
	{ "494", "Travel - International", "OVERHEADS", 'N', NULL, 0, NULL },
	{ "497", "Bank Revaluations", "OVERHEADS", 'N', "BANKCURRENCYGAIN", 0, NULL },
	{ "498", "Unrealised Currency Gains", "OVERHEADS", 'N', "UNREALISEDCURRENCYGAIN", 0, NULL },
	{ "499", "Realised Currency Gains", "OVERHEADS", 'N', "REALISEDCURRENCYGAIN", 0, NULL },
	{ "500", "Corporation Tax", "OVERHEADS", 'N', NULL, 0, "GB" },
	{ "505", "Income Tax Expense", "OVERHEADS", 'N', NULL, 0, "AU,NZ,US,CA,IE,ZA" },
	{ "610", "Accounts Receivable", "CURRENT", 'N', "DEBTORS", 0, NULL },
	{ "620", "Prepayments", "CURRENT", 'N', NULL, 0, NULL },
	{ "630", "Inventory", "INVENTORY", 'N', NULL, 0, NULL },
	{ "710", "Office Equipment", "FIXED", 'P', NULL, 0, NULL },
	{ "711", "Less Accumulated Depreciation on Office Equipment", "FIXED", 'N', NULL, 0, NULL },
	{ "720", "Computer Equipment", "FIXED", 'P', NULL, 0, NULL },
	{ "721", "Less Accumulated Depreciation on Computer Equipment", "FIXED", 'N', NULL, 0, NULL },
	{ "800", "Accounts Payable", "CURRLIAB", 'N', "CREDITORS", 0, NULL },
	{ "801", "Unpaid Expense Claims", "CURRLIAB", 'N', "UNPAIDEXPCLM", 0, NULL },
	{ "820", NULL /* tax label */, "CURRLIAB", 'N', "GST", 0, NULL },
	{ "825", "Employee Tax Payable", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "830", "Income Tax Payable", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "840", "Historical Adjustment", "CURRLIAB", 'N', "HISTORICAL", 0, NULL },
	{ "850", "Suspense", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "860", "Rounding", "CURRLIAB", 'N', "ROUNDING", 0, NULL },
	{ "877", "Tracking Transfers", "CURRLIAB", 'N', "TRACKINGTRANSFERS", 0, NULL },
	{ "900", "Loan", "TERMLIAB", 'N', NULL, 0, NULL },
	{ "960", "Retained Earnings", "EQUITY", 'N', "RETAINEDEARNINGS", 0, NULL },
	{ "970", "Owner A Funds Introduced", "EQUITY", 'N', NULL, 1, NULL },
	{ "980", "Owner A Drawings", "EQUITY", 'N', NULL, 0, NULL },
};

/*
 * Xero's US default chart uses four-digit codes in its own ranges (1xxx
 * assets, 2xxx liabilities, 3xxx equity, 4xxx income, 5xxx cost of sales,
 * 6xxx-8xxx expenses): 1200 Accounts Receivable, 2000 Accounts Payable,
 * 2200 Sales Tax, 4000 Sales, 6040 Bank Service Charges, 8150 Unrealized
 * Currency Gains. The codes and names follow a US organisation's chart as
 * Xero made it (docs/sandbox.md); the two bank accounts are the sandbox's
 * (a new Xero organisation has the bank accounts its user adds).
 */
static const struct acct us_accounts[] = {
	{ "090", "Business Bank Account", "BANK", 'N', NULL, 0, NULL },
	{ "091", "Business Savings Account", "BANK", 'N', NULL, 0, NULL },
	{ "1200", "Accounts Receivable", "CURRENT", 'N', "DEBTORS", 0, NULL },
	{ "1300", "Prepayments", "CURRENT", 'N', NULL, 0, NULL },
	{ "1320", "Employee Advances", "CURRENT", 'N', NULL, 0, NULL },
	{ "1350", "Vendor Deposits", "CURRENT", 'N', NULL, 0, NULL },
	{ "1400", "Inventory Asset", "INVENTORY", 'N', NULL, 0, NULL },
	{ "1520", "Computer & Office Equipment", "FIXED", 'N', NULL, 0, NULL },
	{ "1521", "Less-Accumulated Depreciation: Computer & Office Equipment", "FIXED", 'N', NULL, 0, NULL },
	{ "1530", "Vehicles", "FIXED", 'N', NULL, 0, NULL },
	{ "1531", "Less-Accumulated Depreciation: Vehicles", "FIXED", 'N', NULL, 0, NULL },
	{ "2000", "Accounts Payable", "CURRLIAB", 'N', "CREDITORS", 0, NULL },
	{ "2060", "Gift Card Liability", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2100", "Unpaid Expense Claims", "CURRLIAB", 'N', "UNPAIDEXPCLM", 0, NULL },
	{ "2170", "Federal Payroll Liability", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2180", "Other Payroll Liability", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2190", "State Payroll Liability", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2200", NULL /* tax label */, "CURRLIAB", 'N', "GST", 0, NULL },
	{ "2400", "Line of Credit", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2500", "Suspense", "CURRLIAB", 'N', NULL, 0, NULL },
	{ "2550", "Historical Adjustment", "CURRLIAB", 'N', "HISTORICAL", 0, NULL },
	{ "2600", "Rounding", "CURRLIAB", 'N', "ROUNDING", 0, NULL },
	{ "2650", "Tracking Transfers", "CURRLIAB", 'N', "TRACKINGTRANSFERS", 0, NULL },
	{ "3000", "Owner's Capital", "EQUITY", 'N', NULL, 0, NULL },
	{ "3110", "Owner's Capital: Owner's Investment", "EQUITY", 'N', NULL, 1, NULL },
	{ "3120", "Owner's Capital: Owner's Draw", "EQUITY", 'N', NULL, 0, NULL },
	{ "3900", "Retained Earnings", "EQUITY", 'N', "RETAINEDEARNINGS", 0, NULL },
	{ "4000", "Sales", "SALES", 'S', NULL, 0, NULL },
	{ "4100", "Discount Received", "REVENUE", 'S', NULL, 0, NULL },
	{ "4200", "Merchandise", "SALES", 'S', NULL, 0, NULL },
	{ "4300", "Service", "SALES", 'S', NULL, 0, NULL },
	{ "4710", "Uncategorized Income", "REVENUE", 'S', NULL, 0, NULL },
	{ "4715", "Other Income", "OTHERINCOME", 'S', NULL, 0, NULL },
	{ "5000", "Cost of Goods Sold", "DIRECTCOSTS", 'P', NULL, 0, NULL },
	{ "5100", "Purchase Discount", "DIRECTCOSTS", 'P', NULL, 0, NULL },
	{ "5300", "Subcontractors", "DIRECTCOSTS", 'P', NULL, 0, NULL },
	{ "6000", "Advertising", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6040", "Bank Service Charges", "EXPENSE", 'E', NULL, 0, NULL },
	{ "6110", "Automobile Expense", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6140", "Business License & Fees", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6155", "Dues & Subscriptions", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6200", "Meals & Entertainment", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6320", "Insurance", "EXPENSE", 'E', NULL, 0, NULL },
	{ "6330", "Professional Fees", "EXPENSE", 'P', NULL, 0, NULL },
	{ "6680", "Wages & Salaries", "EXPENSE", 'N', NULL, 0, NULL },
	{ "6900", "Bad Debt", "EXPENSE", 'N', NULL, 0, NULL },
	{ "7000", "Depreciation", "EXPENSE", 'N', NULL, 0, NULL },
	{ "7050", "Miscellaneous", "EXPENSE", 'P', NULL, 0, NULL },
	{ "7150", "Other Expense", "EXPENSE", 'P', NULL, 0, NULL },
	{ "8100", "Bank Revaluations", "EXPENSE", 'N', "BANKCURRENCYGAIN", 0, NULL },
	{ "8150", "Unrealized Currency Gains", "EXPENSE", 'N', "UNREALISEDCURRENCYGAIN", 0, NULL },
	{ "8200", "Realized Currency Gains", "EXPENSE", 'N', "REALISEDCURRENCYGAIN", 0, NULL },
};

static const char *tax_for(const char *cc, char cls)
{
	static const char *const map[][6] = {
		/* country, S, P, N, X, E */
		{ "GB", "OUTPUT2", "INPUT2", "NONE", "EXEMPTOUTPUT", "EXEMPTINPUT" },
		{ "US", "NONE", "NONE", "NONE", "NONE", "NONE" },
		{ "AU", "OUTPUT", "INPUT", "BASEXCLUDED", "EXEMPTOUTPUT", "EXEMPTEXPENSES" },
		{ "NZ", "OUTPUT2", "INPUT2", "NONE", "NONE", "NONE" },
		{ "CA", "OUTPUT", "INPUT", "NONE", "NONE", "NONE" },
		{ "IE", "OUTPUT", "INPUT", "NONE", "NONE", "NONE" },
		{ "ZA", "OUTPUT3", "INPUT3", "NONE", "EXEMPTOUTPUT", "NONE" },
	};
	const char *classes = "SPNXE";
	const char *c = strchr(classes, cls);
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], cc))
			return map[i][1 + (c ? c - classes : 2)];
	return "NONE";
}

static int has_country(const char *list, const char *cc)
{
	return !list || strstr(list, cc) != NULL;
}

static const char *account_name(const struct acct *a, const struct chart_country *c,
				char *tmp, size_t n)
{
	if (!a->name)
		return c->tax_label;
	if (!strcmp(a->code, "400") && !strcmp(c->code, "GB"))
		return "Advertising & Marketing";
	snprintf(tmp, n, "%s", a->name);
	return tmp;
}

int chart_seed(struct sbx_store *st, const struct chart_country *c,
	       const char *base_currency, int64_t now_ms)
{
	char id[37], tmp[128];
	const char *cname;
	json_t *o;
	size_t i;
	const struct acct *chart = accounts;
	size_t n = sizeof(accounts) / sizeof(accounts[0]);

	if (!strcmp(c->code, "US")) {
		chart = us_accounts;
		n = sizeof(us_accounts) / sizeof(us_accounts[0]);
	}
	for (i = 0; i < n; i++) {
		const struct acct *a = &chart[i];

		if (!has_country(a->only, c->code))
			continue;
		sbxj_guid(id);
		o = json_object();
		json_object_set_new(o, "AccountID", json_string(id));
		json_object_set_new(o, "Code", json_string(a->code));
		json_object_set_new(o, "Name", json_string(account_name(a, c, tmp, sizeof(tmp))));
		json_object_set_new(o, "Status", json_string("ACTIVE"));
		json_object_set_new(o, "Type", json_string(a->type));
		json_object_set_new(o, "TaxType", json_string(tax_for(c->code, a->tax)));
		json_object_set_new(o, "Class", json_string(chart_account_class(a->type)));
		if (a->system)
			json_object_set_new(o, "SystemAccount", json_string(a->system));
		json_object_set_new(o, "EnablePaymentsToAccount", json_boolean(a->payments));
		json_object_set_new(o, "ShowInExpenseClaims", json_false());
		if (!strcmp(a->type, "BANK")) {
			json_object_set_new(o, "BankAccountNumber",
					    json_string(a->code[2] == '0' ? "11223344" : "55667788"));
			json_object_set_new(o, "BankAccountType", json_string("BANK"));
			json_object_set_new(o, "CurrencyCode", json_string(base_currency));
		}
		json_object_set_new(o, "ReportingCode", json_string(""));
		json_object_set_new(o, "HasAttachments", json_false());
		json_object_set_new(o, "UpdatedDateUTC", sbxj_date_ms(now_ms));
		if (store_put(st, SBX_K_ACCOUNT, id, a->code, o)) {
			json_decref(o);
			return LL_ERROR;
		}
		json_decref(o);
	}
	if (taxdefs_seed(st, taxdefs_edition(c->code), c->tax_label))
		return LL_ERROR;
	cname = chart_currency_name(base_currency);
	o = json_pack("{s:s,s:s}", "Code", base_currency, "Description",
		      cname ? cname : base_currency);
	if (!o || store_put(st, SBX_K_CURRENCY, base_currency, base_currency, o)) {
		json_decref(o);
		return LL_ERROR;
	}
	json_decref(o);
	return 0;
}
