/* test_mapping.c - the mapping tables and settings (plan/mapping.h) through
 * their interface: the shipped mappings load for every platform of the
 * table; the most specific row wins, then the earliest; rows that post
 * alike merge; number templates; tax classes per country (built in, added
 * and missing); the clearing and bank account choice; settings defaults
 * from the table of platforms and settings errors; the required files.
 * Each case writes its own small mappings folder in a temporary folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "formats/platforms.h"
#include "plan/mapping.h"

static char tmpdir[] = "/tmp/ll-test-mapping-XXXXXX";

static void rm(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

#define HEADER "transaction_type,amount_type,amount_description,account_code,tax_type," \
	       "line_description,tracking\n"

static struct mappings *load(const char *amazon_csv, const char *settings,
			     struct ll_err *err)
{
	struct mappings *m = NULL;

	tap_write(tmpdir, "amazon.csv", amazon_csv);
	tap_write(tmpdir, "settings.json", settings);
	if (mappings_load(&m, tmpdir, err))
		return NULL;
	return m;
}

/* the shipped mappings: every platform of the table has its map, loaded
 * from its own file, with the row's facts */
static void test_shipped(void)
{
	struct mappings *m = NULL;
	struct ll_err err = LL_ERR_INIT;
	size_t i;

	CHECK_INT(mappings_load(&m, tap_src("mappings"), &err), 0);
	if (!m) {
		printf("# %s\n", err.msg);
		return;
	}
	CHECK_INT(m->npm, platforms_count());
	for (i = 0; i < platforms_count(); i++) {
		const struct platform_def *p = platforms_get(i);
		const struct platform_map *pm = mappings_for(m, p->name);

		CHECK(pm != NULL);
		if (!pm)
			continue;
		CHECK(pm->def == p);
		CHECK(pm->loaded);
		CHECK(pm->n > 0);
		CHECK_STR(pm->title, p->title);
	}
	CHECK(mappings_for(m, "no-such-platform") == NULL);
	CHECK_STR(m->country, "GB");
	CHECK_INT(strlen(m->hash), 32);
	CHECK(mappings_with(m, PLATFORM_PAYS_OTHERS_SALES) ==
	      mappings_for(m, platform_with(PLATFORM_PAYS_OTHERS_SALES)->name));
	CHECK_INT(mappings_run_mode(m), MODE_SETTLEMENT);
	CHECK(mappings_dir_ok(tap_src("mappings")));
	mappings_free(m);
}

/* the most specific row wins (fewest '*'), then the earliest; matching is
 * case-insensitive; nothing matches: NULL */
static void test_specificity(void)
{
	static const struct {
		const char *t, *a, *d;
		const char *account; /* NULL: no row */
	} cases[] = {
		{ "Order", "ItemPrice", "Principal", "201" },   /* three keys */
		{ "order", "itemprice", "principal", "201" },   /* any case */
		{ "Order", "ItemPrice", "Shipping", "202" },     /* two keys */
		{ "Order", "ItemFees", "Commission", "300" },    /* one key: the earlier of two */
		{ "Refund", "ItemPrice", "Principal", "400" },   /* '*' ttype, two keys */
		{ "Refund", "Other", "x", "999" },               /* all '*' */
		{ "Order", "ItemPrice", "GiftWrap", "202" },
	};
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load(HEADER
		"# a comment\n"
		"*,*,*,999,{none},Anything\n"
		"Order,ItemPrice,*,202,{none},Sales other\n"
		"Order,ItemPrice,Principal,201,{none},Sales\n"
		"Order,*,*,300,{none},Order first\n"
		"Order,*,*,301,{none},Order second\n"
		"*,ItemPrice,Principal,400,{none},Price principal\n",
		"{}", &err);
	const struct platform_map *pm;
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	CHECK_INT(pm->n, 6);
	/* "Refund/ItemPrice/Principal": '*'/ItemPrice/Principal (2) beats '*'/'*'/'*' */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mapping_row *r = mappings_match(pm, cases[i].t, cases[i].a,
							     cases[i].d);

		CHECK_STR(r ? r->account : "(none)", cases[i].account);
	}
	CHECK_INT(pm->rows[0].specificity, 0);
	CHECK_INT(pm->rows[2].specificity, 3);
	CHECK_INT(pm->rows[2].line, 5);     /* the CSV line (header 1, comment 2), for messages */
	mappings_free(m);

	/* no catch-all: an unknown key matches nothing */
	m = load(HEADER "Order,ItemPrice,*,202,{none},Sales\n", "{}", &err);
	CHECK(m && mappings_match(mappings_for(m, "amazon"), "Fee", "x", "y") == NULL);
	mappings_free(m);
}

/* rows that post to the same account, tax type, description and tracking
 * share one line: merge names the first of them; empty keys are '*'; an
 * empty description is the amount description (or the amount type) */
static void test_merge_and_defaults(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load(HEADER
		"Order,ItemPrice,Principal,200,{none},Sales,marketplace\n"
		"Order,ItemPrice,Shipping,200,{none},Sales,marketplace\n"
		"Order,ItemPrice,Tax,200,{none},Sales,\n"
		"Order,ItemPrice,GiftWrap,200,{sales},Sales,marketplace\n"
		"Order,ItemPrice,Other,201,{none},Sales,marketplace\n"
		"Order,ItemFees,,404,{none},,\n"
		"Order,Promotion,Discount,200,{none},Sales,marketplace\n",
		"{}", &err);
	const struct platform_map *pm;

	CHECK(m != NULL);
	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	CHECK_INT(pm->n, 7);
	CHECK_INT(pm->rows[0].merge, 0);
	CHECK_INT(pm->rows[1].merge, 0);  /* same account, tax, description, tracking */
	CHECK_INT(pm->rows[2].merge, 2);  /* no tracking */
	CHECK_INT(pm->rows[3].merge, 3);  /* another tax type */
	CHECK_INT(pm->rows[4].merge, 4);  /* another account */
	CHECK_INT(pm->rows[6].merge, 0);
	CHECK(pm->rows[0].track && !pm->rows[2].track);
	CHECK_STR(pm->rows[5].adesc, "*");
	CHECK_STR(pm->rows[5].description, "ItemFees");
	CHECK_INT(pm->rows[5].specificity, 2);
	mappings_free(m);
}

/* an error names the file and line */
static void test_bad_tables(void)
{
	struct ll_err err = LL_ERR_INIT;

	CHECK(load(HEADER "Order,ItemPrice,Principal,,{none},Sales\n", "{}", &err) == NULL);
	CHECK_INT(err.code, LL_EPARSE);
	CHECK_INT(err.line, 2);
	CHECK(strstr(err.msg, "no account_code") != NULL);

	ll_err_clear(&err);
	CHECK(load("transaction_type,amount_type,account_code\n", "{}", &err) == NULL);
	CHECK(strstr(err.msg, "lacks column 'amount_description'") != NULL);

	ll_err_clear(&err);
	CHECK(load(HEADER, "{\"amazon\": {\"mode\": \"weekly\"}}", &err) == NULL);
	CHECK(strstr(err.msg, "amazon.mode 'weekly'") != NULL);

	ll_err_clear(&err);
	CHECK(load(HEADER, "{\"amazon\": {\"status\": \"PAID\"}}", &err) == NULL);
	CHECK(strstr(err.msg, "amazon.status 'PAID'") != NULL);

	ll_err_clear(&err);
	CHECK(load(HEADER, "{\"amazon\": ", &err) == NULL);
	CHECK(strstr(err.file, "settings.json") != NULL);

	/* the required file missing: not a mappings folder */
	ll_err_clear(&err);
	tap_write(tmpdir, "settings.json", "{}");
	rm(tmpdir, "amazon.csv");
	{
		struct mappings *m = NULL;
		char files[128];

		CHECK(!mappings_dir_ok(tmpdir));
		CHECK(mappings_load(&m, tmpdir, &err) != 0);
		CHECK(strstr(err.file, "amazon.csv") != NULL);
		CHECK(strstr(err.msg, "cannot open mapping file") != NULL);
		CHECK_STR(mappings_required_files(files, sizeof(files)),
			  "amazon.csv, settings.json");
	}
}

/* number and reference templates */
static void test_templates(void)
{
	static const struct {
		const char *tmpl, *want;
	} cases[] = {
		{ "AMZ-{settlement}", "AMZ-123" },
		{ "AMZ-{settlement}-{month}", "AMZ-123-2024-01" },
		{ "{platform}:{order}", "amazon:111-222" },
		{ "{marketplace} {start} to {end}", "Amazon.com 2024-01-01 to 2024-01-14" },
		{ "{unknown} {settlement", "{unknown} {settlement" },
		{ "", "" },
	};
	struct tmpl_vars v = { "123", "111-222", "2024-01", "2024-01-01", "2024-01-14",
			       "Amazon.com", "amazon" };
	struct tmpl_vars none;
	char out[64], small[8];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(mapping_expand(out, sizeof(out), cases[i].tmpl, &v), 0);
		CHECK_STR(out, cases[i].want);
	}
	memset(&none, 0, sizeof(none));
	CHECK_INT(mapping_expand(out, sizeof(out), "A-{order}-B", &none), 0);
	CHECK_STR(out, "A--B");
	CHECK_INT(mapping_expand(small, sizeof(small), "AMZ-{settlement}-{month}", &v),
		  LL_EPARSE);
}

/* {class} tax types per country: built in for GB, US, AU, NZ and Xero's
 * global edition (every other country); settings' "tax_classes" add or
 * override them (a country of the global edition sets the global
 * edition's); a class the country lacks names the mapping file and line */
static void test_tax_classes(void)
{
	static const struct {
		const char *country, *none, *sales;
	} cases[] = {
		{ "GB", "NONE", "OUTPUT2" },
		{ "US", "NONE", "NONE" },
		{ "AU", "BASEXCLUDED", "OUTPUT" },
		{ "NZ", "NONE", "OUTPUT2" },
		{ "IE", "IENONE", "IESALES" },   /* set by the settings */
		{ "FR", "IENONE", "IESALES" },   /* the same edition */
	};
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load(HEADER
		"Order,ItemPrice,Principal,200,{sales},Sales\n"
		"Order,ItemFees,*,404,{none},Fees\n"
		"Order,Other,*,405,INPUT2,Fees as written\n",
		"{\"country\": \"AU\", \"tax_classes\": {\"IE\": {\"none\": \"IENONE\","
		" \"sales\": \"IESALES\"}, \"NZ\": {\"zero\": \"ZERO2\"}}}", &err);
	const struct platform_map *pm;
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_STR(m->country, "AU");       /* from the settings */
	pm = mappings_for(m, "amazon");
	CHECK_STR(pm->rows[1].tax_code, "BASEXCLUDED");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(mappings_set_country(m, cases[i].country, &err), 0);
		CHECK_STR(pm->rows[0].tax_code, cases[i].sales);
		CHECK_STR(pm->rows[1].tax_code, cases[i].none);
		CHECK_STR(pm->rows[2].tax_code, "INPUT2");
		CHECK_STR(pm->s.fallback_tax_code, cases[i].none);
	}
	mappings_free(m);
	/* a class only one edition has: the error names the mapping file and line */
	m = load(HEADER
		"Order,ItemFees,*,404,{none},Fees\n"
		"Order,ItemPrice,Principal,200,{special},Sales\n",
		"{\"country\": \"NZ\", \"tax_classes\": {\"NZ\": {\"special\": \"X\"}}}",
		&err);
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_INT(mappings_set_country(m, "FR", &err), LL_EPARSE);
	CHECK_INT(err.line, 3);
	CHECK(strstr(err.msg, "amazon.csv: tax type {special} has no code for country FR") != NULL);
	mappings_free(m);
}

/* "clearing_account" / "bank_account": a code, or gateway/currency keys
 * tried in the order "<gateway> <CUR>", "<gateway>", "<CUR>", "*" */
static void test_accounts(void)
{
	static const struct {
		const char *gateway, *currency, *want;
	} cases[] = {
		{ "paypal", "USD", "8181" },     /* "<gateway> <CUR>" */
		{ "PayPal", "usd", "8181" },     /* any case */
		{ "paypal", "EUR", "8180" },     /* "<gateway>" */
		{ "stripe", "CAD", "8183" },     /* "<CUR>" */
		{ "stripe", "GBP", "8172" },     /* "*" */
		{ "", "CAD", "8183" },
		{ NULL, "JPY", "8172" },
	};
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load(HEADER,
		"{\"amazon\": {\"clearing_account\": {\"*\": \"8172\", \"CAD\": \"8183\","
		" \"paypal\": \"8180\", \"paypal USD\": \"8181\"},"
		" \"bank_account\": {\"*\": \"090\", \"CAD\": \"092\"}},"
		" \"ebay\": {\"clearing_account\": \"8173\"}}", &err);
	const struct platform_settings *s;
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	s = &mappings_for(m, "amazon")->s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(mapping_clearing_account(s, cases[i].gateway, cases[i].currency),
			  cases[i].want);
	CHECK_STR(mapping_bank_account(s, "CAD"), "092");
	CHECK_STR(mapping_bank_account(s, "USD"), "090");
	CHECK_STR(mapping_clearing_account(&mappings_for(m, "ebay")->s, "x", "USD"), "8173");
	/* none configured: NULL; the bank account defaults to 090 */
	s = &mappings_for(m, "shopify")->s;
	CHECK(mapping_clearing_account(s, "x", "USD") == NULL);
	CHECK_STR(mapping_bank_account(s, "USD"), "090");
	mappings_free(m);

	CHECK(load(HEADER, "{\"amazon\": {\"clearing_account\": 5}}", &err) == NULL);
	CHECK(strstr(err.msg, "amazon.clearing_account") != NULL);
}

/* settings defaults come from each platform's row in the table; the
 * settings override them; the run's mode is the PLATFORM_RUN_MODE one's */
static void test_settings(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct mappings *m = load(HEADER,
		"{\"amazon\": {\"mode\": \"order\", \"number\": \"A-{settlement}\","
		" \"status\": \"AUTHORISED\", \"split_months\": true, \"due_days\": 14,"
		" \"negative_settlement\": \"bill\", \"payments\": false},"
		" \"paypal\": {\"sales_recorded_by\": \"woocommerce\", \"invoice_prefix\": \"WC-\"}}",
		&err);
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	for (i = 0; i < platforms_count(); i++) {
		const struct platform_def *p = platforms_get(i);
		const struct platform_settings *s = &mappings_for(m, p->name)->s;
		char want[128];

		CHECK_STR(s->contact, p->title);
		if (!strcmp(p->name, "amazon"))
			continue;
		snprintf(want, sizeof(want), "%s-{settlement}", p->prefix);
		CHECK_STR(s->number, want);
		snprintf(want, sizeof(want), "%s-{order}-R{settlement}", p->prefix);
		CHECK_STR(s->refund_number, want);
		snprintf(want, sizeof(want), "%s %s {settlement} ({start} to {end})", p->title,
			 p->reference_noun);
		CHECK_STR(s->reference, want);
		CHECK_STR(s->status, "DRAFT");
		CHECK_STR(s->line_amount_types, "Inclusive");
		CHECK_STR(s->fallback_account, "429");
		CHECK_INT(s->mode, MODE_SETTLEMENT);
		CHECK_INT(s->payments, 1);
	}
	{
		const struct platform_settings *a = &mappings_for(m, "amazon")->s;
		const struct platform_settings *pp =
			&mappings_with(m, PLATFORM_PAYS_OTHERS_SALES)->s;

		CHECK_STR(a->number, "A-{settlement}");
		CHECK_STR(a->order_number, "AMZ-{order}");  /* left out: the default */
		CHECK_STR(a->status, "AUTHORISED");
		CHECK_INT(a->mode, MODE_ORDER);
		CHECK_INT(a->split_months, 1);
		CHECK_INT(a->due_days, 14);
		CHECK_INT(a->negative, NEG_BILL);
		CHECK_INT(a->payments, 0);
		CHECK_STR(pp->sales_recorded_by, "woocommerce");
		CHECK_STR(pp->invoice_prefix, "WC-");
	}
	CHECK_INT(mappings_run_mode(m), MODE_ORDER);
	mappings_free(m);
}

static void test_parse_mode(void)
{
	static const struct {
		const char *s;
		int rc, mode;
	} cases[] = {
		{ "settlement", 0, MODE_SETTLEMENT }, { "payout", 0, MODE_SETTLEMENT },
		{ "summary", 0, MODE_SETTLEMENT }, { "order", 0, MODE_ORDER },
		{ "Order", LL_EUSAGE, 0 }, { "", LL_EUSAGE, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum post_mode m = MODE_SETTLEMENT;

		CHECK_INT(mapping_parse_mode(cases[i].s, &m), cases[i].rc);
		if (!cases[i].rc)
			CHECK_INT(m, cases[i].mode);
	}
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_shipped();
	test_specificity();
	test_merge_and_defaults();
	test_bad_tables();
	test_templates();
	test_tax_classes();
	test_accounts();
	test_settings();
	test_parse_mode();
	rm(tmpdir, "amazon.csv");
	rm(tmpdir, "settings.json");
	rmdir(tmpdir);
	return tap_done();
}
