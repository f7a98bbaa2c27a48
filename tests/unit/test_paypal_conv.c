/* test_paypal_conv.c - the transfer model's file where a currency that is
 * never withdrawn converts into one that is (EUR sales PayPal converts into
 * USD at once, USD withdrawn): cut from its sorted row store in a temporary
 * file (LEDGERLIFT_SPILL_BUDGET=1; paypal_index.c), never every row held
 * in memory, with exactly what the in-memory sort gives
 * (LEDGERLIFT_PAYPAL_SORT=1): every deposit, event, string, message and
 * fate, in the same order. The download (about 1,000 rows, oldest first,
 * newest first and shuffled) has EUR carried in before the first
 * conversion (held back), a conversion whose rows do not add up, refunds
 * converted back, a pair linked by instant only, EUR after the last
 * conversion and a GBP sale never converted; every tests/data/paypal file
 * is compared the same way. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "pp_download.h"
#include "formats/parse_paypal.h"
#include "plan/ingest.h"

static char tmpdir[] = "/tmp/ll-test-ppconv-XXXXXX";

/* a EUR row converted into USD at once: the EUR and USD conversion rows at
 * its instant, linked to it by Reference Txn ID (by instant only: link 0) */
static void convert(const struct pp_row *of, long *eur, long *usd, int link, int off)
{
	long net = of->gross + of->fee, got = (labs(net) * 10837 + 5000) / 10000;
	struct pp_row *a, *b;

	a = pp_add(of->t, "General Currency Conversion", "EUR", -net, 0, eur);
	a->bal += off; /* its Balance cell says 0.01 more than the rows */
	b = pp_add(of->t, "General Currency Conversion", "USD", net > 0 ? got : -got, 0, usd);
	if (link) {
		snprintf(a->ref, sizeof(a->ref), "%s", of->id);
		snprintf(b->ref, sizeof(b->ref), "%s", of->id);
	}
}

/* June 2025: 30 days of 20 sales, every fourth in EUR and converted;
 * USD withdrawn each third day from the second */
static void make_rows(void)
{
	long usd = 0, eur = 3000, gbp = 0, t;
	int day, k;
	struct pp_row *r;

	pp_nrows = 0;
	for (day = 0; day < 30; day++) {
		for (k = 0; k < 20; k++) {
			long g = 1000 + (long)pp_rnd(9000), f = -(g * 3 / 100 + 30);

			t = day * 86400L + 8 * 3600 + k * 900;
			if (k % 4 == 1 && day < 28) {
				r = pp_add(t, "Express Checkout Payment", "EUR", g, f, &eur);
				/* day 5: not tied (a Balance cell 0.01 off);
				 * day 7: linked by instant only */
				convert(r, &eur, &usd, !(day == 7 && k == 5), day == 5 && k == 9);
			} else if (k % 4 == 1) {
				pp_add(t, "Express Checkout Payment", "EUR", g, f, &eur);
			} else if (k == 18 && day % 6 == 3) {
				r = pp_add(t, "Payment Refund", "EUR", -g / 4, 0, &eur);
				convert(r, &eur, &usd, 1, 0);
			} else if (k == 19 && day == 12) {
				pp_add(t, "Express Checkout Payment", "GBP", g, f, &gbp);
			} else if (k == 17 && day % 7 == 2) {
				r = pp_add(t, "Express Checkout Payment", "USD", g, f, &usd);
				r->status = "Denied";
				usd -= g + f;
				r->bal = usd;
			} else {
				r = pp_add(t, "Express Checkout Payment", "USD", g, f, &usd);
				snprintf(r->inv, sizeof(r->inv), "INV%d", day * 100 + k);
			}
		}
		if (day % 3 == 1)
			pp_add(day * 86400L + 20 * 3600, "General Withdrawal", "USD", -usd, 0, &usd);
	}
}

/* path in the transfer model: the in-memory sort against the store cut
 * (default budget; 1: in its temporary file); what[] names it */
static void compare(const char *path, const char *what, int generated)
{
	static const char *budgets[2] = { NULL, "1" };
	struct pp_fp sorted, cut, sfates, fates;
	int b, rc;

	rc = pp_parse(path, NULL, 1, NULL, &sorted, &sfates);

	if (generated) {
		CHECK_INT(rc, 0);
		CHECK(sorted.ndep == 10);
		CHECK(strstr(sorted.s, "partial-transfer") != NULL);
		CHECK(strstr(sorted.s, "conversion-untied") != NULL);
		CHECK(strstr(sorted.s, "no-transfer") != NULL);
	}
	for (b = 0; b < 2; b++) {
		long held0 = paypal_files_held, stored0 = paypal_files_cut_stored;

		/* the same answer (a fixture that cannot be read: the same error) */
		CHECK_INT(pp_parse(path, NULL, 0, budgets[b], &cut, &fates), rc);
		if (generated) {
			/* never every row in memory; with the 1-byte budget, cut
			 * from the sorted store in its file */
			CHECK_INT(paypal_files_held - held0, 0);
			CHECK_INT(paypal_files_cut_stored - stored0, b == 1);
		}
		if (!pp_same(&sorted, &cut) || !pp_same(&sfates, &fates)) {
			printf("# %s, budget %s:\n", what, budgets[b] ? budgets[b] : "default");
			pp_show_diff(&sorted, &cut);
			pp_show_diff(&sfates, &fates);
			CHECK(0);
		} else {
			CHECK(1);
		}
		free(cut.s);
		free(fates.s);
	}
	free(sorted.s);
	free(sfates.s);
}

static void test_converted(void)
{
	static const char *names[3] = { "ascending.csv", "descending.csv", "shuffled.csv" };
	static int idx[PP_MAXROWS];
	int o, i;

	make_rows();
	CHECK(pp_nrows > 800 && pp_nrows < PP_MAXROWS);
	for (o = 0; o < 3; o++) {
		for (i = 0; i < pp_nrows; i++)
			idx[i] = o == 1 ? pp_nrows - 1 - i : i;
		for (i = pp_nrows - 1; o == 2 && i > 0; i--) {
			int j = (int)pp_rnd((unsigned)i + 1), x = idx[i];

			idx[i] = idx[j];
			idx[j] = x;
		}
		compare(pp_write(tmpdir, names[o], idx), names[o], 1);
	}
}

/* every PayPal fixture, read as transfers */
static void test_fixtures(void)
{
	const char *src = getenv("LL_SOURCE_DIR");
	char dir[512], path[1024];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/tests/data/paypal", src ? src : ".");
	d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strstr(e->d_name, "README"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		compare(path, e->d_name, 0);
		n++;
	}
	closedir(d);
	CHECK(n > 10);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_converted();
	test_fixtures();
	unsetenv("LEDGERLIFT_PAYPAL_SORT");
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
	tap_rmdir(tmpdir);
	return tap_done();
}
