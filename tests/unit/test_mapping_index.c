/* test_mapping_index.c - the index that finds an amount's mapping row
 * (plan/mapping_index.c) chooses as the documented rule does
 * (docs/mapping.md): among the rows whose keys, marketplace and date range
 * admit the amount, the most specific (fewest '*'; a later, more specific
 * row beats an earlier one), then a dated one, then the earliest; keys
 * compare without case (ASCII only, as strcasecmp in the C locale); '*'
 * in a row matches anything, while an amount whose key is "*" or "" is
 * matched by '*' rows only. Each case is checked against the plain scan
 * of the rows (mapping_match_scan) and looked up twice (the second
 * lookup answers as the first). Then every combination of a table's keys
 * (as written, in other case, unknown), marketplaces and days around its
 * date bounds, and the shipped GB table's rows, agree with the scan; and
 * days of one class (mappings_day_class) match alike. Folding is checked
 * on every single byte and on long keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "plan/mapping.h"
#include "plan/mapping_int.h"
#include "util/date.h"

static char tmpdir[1024];

#define HEADER "transaction_type,amount_type,amount_description,account_code,tax_type," \
	       "line_description,tracking,marketplace,valid_from,valid_to\n"

static const char table[] = HEADER
	"*,*,*,999,{none},Anything,,,,\n"
	"Order,*,*,300,{none},Order generic,,,,\n"
	"Order,ItemPrice,Principal,201,{none},Sales,,,,\n"     /* later, more specific */
	"Order,*,*,301,{none},Order again,,,,\n"               /* never: 300 is earlier */
	"*,ItemFees,*,500,{none},Fees,,,,\n"
	"*,ItemFees,Commission,501,{none},Old,,,,2024-07-31\n"
	"*,ItemFees,Commission,502,{none},Plain,,,,\n"
	"*,ItemFees,Commission,503,{none},New,,,2024-08-01,\n"
	"*,ITEMFEES,commission,504,{none},UK,,Amazon.co.uk,,\n"
	"*,ItemFees,Commission,505,{none},UK again,,amazon.CO.UK,,\n"
	"Geb\xc3\xbchr,*,*,600,{none},Non-ASCII,,,,\n"
	"*,other-transaction,Storage Fee,700,{none},Storage,,,2024-01-01,2024-06-30\n"
	"*,other-transaction,Storage Fee,701,{none},Storage UK,,Amazon.co.uk,2024-03-01,"
	"2024-03-31\n";

static struct mappings *load(const char *csv)
{
	struct mappings *m = NULL;
	struct ll_err err = LL_ERR_INIT;

	tap_write(tmpdir, "amazon.csv", csv);
	tap_write(tmpdir, "settings.json", "{}");
	if (mappings_load(&m, tmpdir, &err)) {
		printf("# mappings: %s:%ld: %s\n", err.file, err.line, err.msg);
		return NULL;
	}
	return m;
}

static int64_t day(const char *ymd)
{
	int64_t d = 0;

	date_parse_ymd(&d, ymd);
	return d;
}

static const char *account(const struct mapping_row *r)
{
	return r ? r->account : "(none)";
}

/* the documented choice, case by case; each agrees with the scan and with
 * a second lookup */
static void test_rule(void)
{
	static const struct {
		const char *t, *a, *d, *mkt, *day; /* mkt NULL: mappings_match */
		const char *account;
	} cases[] = {
		/* a later, more specific row beats an earlier, generic one */
		{ "Order", "ItemPrice", "Principal", "", "2024-05-01", "201" },
		/* equally specific: the earliest */
		{ "Order", "ItemPrice", "Shipping", "", "2024-05-01", "300" },
		{ "Order", "Other", "x", NULL, NULL, "300" },
		/* case folding, of the amount's keys and the row's */
		{ "ORDER", "itemprice", "PRINCIPAL", "", "2024-05-01", "201" },
		{ "oRdEr", "iTeMpRiCe", "pRiNcIpAl", NULL, NULL, "201" },
		/* '*' in a row matches anything; "*" or "" in an amount only '*' */
		{ "Refund", "Other", "x", "", "2024-05-01", "999" },
		{ "*", "*", "*", "", "2024-05-01", "999" },
		{ "", "", "", "", "2024-05-01", "999" },
		{ "*", "ItemPrice", "Principal", NULL, NULL, "999" },
		/* equally specific: a dated row beats the undated, in its range */
		{ "Order", "ItemFees", "Commission", "", "2024-07-31", "501" },
		{ "Order", "ItemFees", "Commission", "", "2024-08-01", "503" },
		{ "Order", "ItemFees", "Commission", "Amazon.de", "2024-08-01", "503" },
		/* no amount to place: rows with a date or marketplace never */
		{ "Order", "ItemFees", "Commission", NULL, NULL, "502" },
		/* a marketplace counts as a key; any case; the earlier of two */
		{ "Order", "ItemFees", "Commission", "AMAZON.CO.UK", "2024-08-01", "504" },
		{ "Order", "ItemFees", "Commission", "amazon.co.uk", "2024-07-01", "504" },
		/* one key each ("Order" and "ItemFees"): the earlier row */
		{ "Order", "ItemFees", "Storage", "", "2024-07-01", "300" },
		{ "Refund", "ItemFees", "Storage", "", "2024-07-01", "500" },
		/* only ASCII folds (strcasecmp in the C locale) */
		{ "Geb\xc3\xbchr", "x", "y", "", "2024-05-01", "600" },
		{ "GEB\xc3\xbcHR", "x", "y", "", "2024-05-01", "600" },
		{ "GEB\xc3\x9cHR", "x", "y", "", "2024-05-01", "999" },
		/* a range admits its first and last day only */
		{ "Fee", "other-transaction", "Storage Fee", "", "2023-12-31", "999" },
		{ "Fee", "other-transaction", "Storage Fee", "", "2024-01-01", "700" },
		{ "Fee", "other-transaction", "Storage Fee", "Amazon.co.uk", "2024-03-01", "701" },
		{ "Fee", "other-transaction", "Storage Fee", "Amazon.co.uk", "2024-03-31", "701" },
		{ "Fee", "other-transaction", "Storage Fee", "Amazon.co.uk", "2024-04-01", "700" },
		{ "Fee", "other-transaction", "storage fee", "", "2024-06-30", "700" },
		{ "Fee", "other-transaction", "Storage Fee", "", "2024-07-01", "999" },
	};
	struct mappings *m = load(table);
	const struct platform_map *pm;
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	CHECK(pm->ix != NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mapping_row *r, *again, *scan;
		int64_t d = cases[i].day ? day(cases[i].day) : 0;

		if (cases[i].mkt) {
			r = mappings_match_at(pm, cases[i].t, cases[i].a, cases[i].d,
					      cases[i].mkt, d);
			again = mappings_match_at(pm, cases[i].t, cases[i].a, cases[i].d,
						  cases[i].mkt, d);
		} else {
			r = mappings_match(pm, cases[i].t, cases[i].a, cases[i].d);
			again = mappings_match(pm, cases[i].t, cases[i].a, cases[i].d);
		}
		scan = mapping_match_scan(pm, cases[i].t, cases[i].a, cases[i].d, cases[i].mkt,
					  d);
		if (strcmp(account(r), cases[i].account))
			printf("# case %zu: %s/%s/%s %s %s\n", i, cases[i].t, cases[i].a,
			       cases[i].d, cases[i].mkt ? cases[i].mkt : "(none)",
			       cases[i].day ? cases[i].day : "");
		CHECK_STR(account(r), cases[i].account);
		CHECK(r == scan);
		CHECK(again == r);
	}
	/* the bounds 2024-01-01, 03-01, 04-01, 07-01, 08-01 cut the days */
	CHECK(mappings_day_class(pm, day("2023-12-31")) < mappings_day_class(pm, day("2024-01-01")));
	CHECK_INT(mappings_day_class(pm, day("2024-01-01")), mappings_day_class(pm, day("2024-02-29")));
	CHECK(mappings_day_class(pm, day("2024-07-31")) < mappings_day_class(pm, day("2024-08-01")));
	CHECK_INT(mappings_day_class(pm, day("2024-08-01")), mappings_day_class(pm, day("2031-01-01")));
	mappings_free(m);
}

/* folding compares like strcasecmp in the C locale: every single byte
 * (those around 'A'..'Z' and past ASCII do not fold), and long keys
 * changed in case or in one byte at their start, middle or end */
static void test_folding(void)
{
	static const char csv[] = HEADER
		"*,*,*,999,{none},Anything,,,,\n"
		"*,k,@,1,{none},x,,,,\n"
		"*,k,[,2,{none},x,,,,\n"
		"*,k,`,3,{none},x,,,,\n"
		"*,k,{,4,{none},x,,,,\n"
		"*,k,A,5,{none},x,,,,\n"
		"*,k,z,6,{none},x,,,,\n"
		"*,k,\xc1,7,{none},x,,,,\n"
		"*,k,\xe1,8,{none},x,,,,\n"
		"*,k,\xda,9,{none},x,,,,\n"
		"*,k,abcdefg,10,{none},x,,,,\n"
		"*,k,abcdefgh,11,{none},x,,,,\n"
		"*,k,ABCDEFGHI,12,{none},x,,,,\n"
		"*,k,abcdefghijklmnop,13,{none},x,,,,\n"
		"*,k,AbCdEfGhIjKlMnOpQ,14,{none},x,,,,\n";
	static const char *const longer[] = {
		"abcdefg", "ABCDEFG", "abcdefgh", "abcdefgH", "abcdefgi", "ABCDEFGHI", "abcdefghi",
		"abcdefghI", "abcdefghJ", "abcdefgh\xc9", "abcdefghijklmnop", "ABCDEFGHIJKLMNOP",
		"abcdefghijklmnoP", "abcdefghijklmnoq", "abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQ",
		"abcdefghijklmnopQ", "abcdefghijklmnopr", "abcdefghijklmnopqr", "abcdefghijklmnop ",
	};
	struct mappings *m = load(csv);
	const struct platform_map *pm;
	int b, bad = 0, hits = 0;
	size_t i;

	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	for (b = 1; b < 256; b++) {
		char q[2] = { (char)b, 0 };
		const struct mapping_row *r = mappings_match_at(pm, "T", "K", q, "", 0);

		hits += strcmp(account(r), "999") != 0;
		if (r != mapping_match_scan(pm, "T", "K", q, "", 0)) {
			if (bad++ < 5)
				printf("# byte 0x%02x: %s\n", b, account(r));
		}
	}
	/* @ [ ` { A a Z z \xc1 \xe1 \xda: only 'A'/'a' and 'z'/'Z' fold */
	CHECK_INT(hits, 11);
	for (i = 0; i < sizeof(longer) / sizeof(longer[0]); i++) {
		const struct mapping_row *r = mappings_match_at(pm, "T", "k", longer[i], "", 0);

		if (r != mapping_match_scan(pm, "T", "k", longer[i], "", 0)) {
			if (bad++ < 10)
				printf("# '%s': %s\n", longer[i], account(r));
		}
	}
	CHECK_INT(bad, 0);
	CHECK_STR(account(mappings_match(pm, "T", "K", "ABCDEFGH")), "11");
	CHECK_STR(account(mappings_match(pm, "T", "K", "abcdefghijklmnopq")), "14");
	CHECK_STR(account(mappings_match(pm, "T", "K", "abcdefghijklmnopr")), "999");
	mappings_free(m);
}

static void upper(char *out, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	out[i] = '\0';
}

struct keys {
	char v[64][130];
	int n;
};

static void add_key(struct keys *k, const char *s)
{
	int i;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->v[i], s))
			return;
	if (k->n < 64)
		snprintf(k->v[k->n++], sizeof(k->v[0]), "%s", s);
}

/* every key of column col as written and in upper case, plus an unknown
 * one, "" and "*" */
static void keys_of(struct keys *k, const struct platform_map *pm, int col)
{
	char up[130];
	size_t i;

	k->n = 0;
	for (i = 0; i < pm->n; i++) {
		const struct mapping_row *r = &pm->rows[i];
		const char *s = col == 0 ? r->ttype : col == 1 ? r->atype :
				col == 2 ? r->adesc : r->marketplace;

		add_key(k, s);
		upper(up, sizeof(up), s);
		add_key(k, up);
	}
	add_key(k, "No such key");
	add_key(k, "");
	add_key(k, "*");
}

static int add_day(int64_t *out, int n, int max, int64_t d)
{
	int i;

	for (i = 0; i < n; i++)
		if (out[i] == d)
			return n;
	if (n < max)
		out[n++] = d;
	return n;
}

/* the days around each row's bounds, and far before and after */
static int days_of(int64_t *out, int max, const struct platform_map *pm)
{
	int n = 0, k;
	size_t i;

	n = add_day(out, n, max, day("1990-01-01"));
	n = add_day(out, n, max, day("2090-01-01"));
	for (i = 0; i < pm->n; i++) {
		const struct mapping_row *r = &pm->rows[i];

		for (k = -1; k <= 1; k++) {
			if (r->from_days != INT64_MIN)
				n = add_day(out, n, max, r->from_days + k);
			if (r->to_days != INT64_MAX)
				n = add_day(out, n, max, r->to_days + k);
		}
	}
	return n;
}

/* every combination of keys, marketplaces and days: the index chooses the
 * row the scan does; days of one class choose alike */
static void test_all_combinations(void)
{
	static struct keys k[4];
	int64_t days[64];
	struct mappings *m = load(table);
	const struct platform_map *pm;
	int a, b, c, d, x, y, nd, bad = 0, classes = 0;
	long n = 0;

	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	for (a = 0; a < 4; a++)
		keys_of(&k[a], pm, a);
	nd = days_of(days, 64, pm);
	for (a = 0; a < k[0].n; a++)
		for (b = 0; b < k[1].n; b++)
			for (c = 0; c < k[2].n; c++) {
				const char *t = k[0].v[a], *at = k[1].v[b], *ad = k[2].v[c];

				if (mappings_match(pm, t, at, ad) !=
				    mapping_match_scan(pm, t, at, ad, NULL, 0))
					bad++;
				for (d = 0; d < k[3].n; d++)
					for (x = 0; x < nd; x++) {
						const struct mapping_row *r = mappings_match_at(
							pm, t, at, ad, k[3].v[d], days[x]);

						n++;
						if (r != mapping_match_scan(pm, t, at, ad, k[3].v[d],
									    days[x]))
							bad++;
						for (y = 0; y < x; y++) {
							if (mappings_day_class(pm, days[y]) !=
							    mappings_day_class(pm, days[x]))
								continue;
							classes++;
							if (r != mappings_match_at(pm, t, at, ad,
										   k[3].v[d],
										   days[y]))
								bad++;
						}
					}
			}
	printf("# %ld lookups, %d of them against a day of the same class\n", n, classes);
	CHECK(n > 10000);
	CHECK(classes > 1000);
	CHECK_INT(bad, 0);
	mappings_free(m);
}

/* the shipped GB Amazon table: each row's own keys, as written and in
 * upper case, at every marketplace and day around the bounds, and keys
 * of different rows mixed */
static void test_shipped_table(void)
{
	struct mappings *m = NULL;
	struct ll_err err = LL_ERR_INIT;
	const struct platform_map *pm;
	static struct keys mk;
	int64_t days[64];
	int nd, d, x, bad = 0, hits = 0;
	size_t i, j;
	long n = 0;

	CHECK_INT(mappings_load(&m, tap_src("mappings"), &err), 0);
	if (!m)
		return;
	pm = mappings_for(m, "amazon");
	keys_of(&mk, pm, 3);
	nd = days_of(days, 64, pm);
	for (i = 0; i < pm->n; i++)
		for (j = 0; j < pm->n; j += 13) {
			const struct mapping_row *r = &pm->rows[i], *o = &pm->rows[(i + j) % pm->n];
			char t[130], at[130], ad[130];

			upper(t, sizeof(t), r->ttype);
			upper(at, sizeof(at), j ? o->atype : r->atype);
			upper(ad, sizeof(ad), r->adesc);
			for (d = 0; d < mk.n; d++)
				for (x = 0; x < nd; x++) {
					const struct mapping_row *got =
						mappings_match_at(pm, t, at, ad, mk.v[d], days[x]);

					n++;
					hits += got == r;
					if (got != mapping_match_scan(pm, t, at, ad, mk.v[d], days[x]))
						bad++;
				}
		}
	printf("# %ld lookups of the shipped table, %d found the row they came from\n", n,
	       hits);
	CHECK(hits > 100);
	CHECK_INT(bad, 0);
	mappings_free(m);
}

static void rm(const char *name)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	unlink(path);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/ll-test-mapping-index-XXXXXX",
		 base && base[0] ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_rule();
	test_folding();
	test_all_combinations();
	test_shipped_table();
	rm("amazon.csv");
	rm("settings.json");
	rmdir(tmpdir);
	return tap_done();
}
