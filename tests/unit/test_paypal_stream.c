/* test_paypal_stream.c - a PayPal activity download in time order is cut
 * as its rows stream past (paypal_stream.c), with exactly the result the
 * sort gives (LEDGERLIFT_PAYPAL_SORT=1: every row in memory, sorted, as
 * before): every deposit with every event and its strings, every message
 * and every row's fate, in the same order. The downloads are written here
 * (USD and EUR, about 1,300 rows: payments, refunds, fees, rows that do
 * not move the balance, a denied one, a row of Gross and Fee 0, an amount
 * and a date that cannot be read, rows at the same second listed against
 * their Balance chain, conversions, a transfer id twice, EUR starting with
 * a balance carried in, rows after the last transfer) oldest first, newest
 * first and shuffled, read in both models (transfer, account), with the
 * default spill budget and with LEDGERLIFT_SPILL_BUDGET=1 (rows and
 * windows in temporary files from the first row, every deposit spilled at
 * every safe point). A shuffled file is still read (sorted): the same
 * deposits and totals as the ordered one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "pp_download.h"
#include "formats/parse_paypal.h"
#include "plan/ingest.h"

static char tmpdir[] = "/tmp/ll-test-ppstream-XXXXXX";

/* ---- a download ---- */

/* June 2025: 30 days of 40 rows; USD from zero, EUR with 50.00 carried in;
 * every currency withdrawn each fifth day from the tenth (after an EUR to USD conversion
 * at the same second, listed first in the file) */
static void make_rows(void)
{
	long usd = 0, eur = 5000, t;
	int day, k;
	struct pp_row *r;

	pp_nrows = 0;
	for (day = 0; day < 30; day++) {
		for (k = 0; k < 40; k++) {
			long g = 1000 + (long)pp_rnd(9000), f = -(g * 3 / 100 + 30);
			int same = day == 4 && k >= 10 && k < 14; /* four rows at one second */

			t = day * 86400L + 8 * 3600 + (same ? 10 : k) * 600;
			if (k % 9 == 4) {
				r = pp_add(t, "General Authorization", "USD", g, 0, &usd);
				usd -= g; /* moves nothing */
				r->bal = usd;
			} else if (k % 13 == 6) {
				r = pp_add(t, "Express Checkout Payment", "USD", g, f, &usd);
				r->status = "Denied";
				usd -= g + f;
				r->bal = usd;
			} else if (k % 5 == 2) {
				r = pp_add(t, "Express Checkout Payment", "EUR", g, f, &eur);
			} else if (k % 17 == 3) {
				r = pp_add(t, "Payment Refund", "USD", -g / 2, 0, &usd);
			} else {
				r = pp_add(t, "Express Checkout Payment", "USD", g, f, &usd);
				snprintf(r->inv, sizeof(r->inv), "INV%d", day * 100 + k);
			}
		}
		if (day == 6) { /* Gross and Fee 0, an unreadable amount and date */
			pp_add(day * 86400L + 16 * 3600, "General Payment", "USD", 0, 0, &usd);
			r = pp_add(day * 86400L + 16 * 3600 + 60, "Express Checkout Payment", "USD",
				500, -45, &usd);
			r->amount_text = "5.0.0";
			r = pp_add(day * 86400L + 16 * 3600 + 120, "Express Checkout Payment", "USD",
				700, -51, &usd);
			snprintf(r->date, sizeof(r->date), "31/31/2025");
		}
		if (day % 5 == 4 && day >= 9 && day < 29) { /* the first after 400 rows */
			struct pp_row *a, *b, *w1, *w2;
			long x = eur / 2, y = x * 108 / 100, usd0 = usd;

			t = day * 86400L + 20 * 3600;
			/* listed first, but last in the Balance chain of its second */
			w1 = pp_add(t, "General Withdrawal", "USD", -(usd0 + y), 0, &usd);
			a = pp_add(t, "General Currency Conversion", "EUR", -x, 0, &eur);
			b = pp_add(t, "General Currency Conversion", "USD", y, 0, &usd);
			snprintf(a->ref, sizeof(a->ref), "%s", b->id);
			snprintf(b->ref, sizeof(b->ref), "%s", a->id);
			b->bal = usd0 + y;
			w1->bal = 0;
			usd = 0;
			w2 = pp_add(t + 60, "General Withdrawal", "EUR", -eur, 0, &eur);
			if (day == 19) /* a transfer id twice in the file */
				snprintf(w2->id, sizeof(w2->id), "%s", w1->id);
		}
	}
}

static const struct parse_wallet by_day = { 1, { { "", "" } }, 0 };

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "id total;" entries in order, for comparing files whose ties differ */
static void sorted_ids(const char *ids, char *out, size_t cap)
{
	char buf[4096], *tok[256], *save = NULL, *t;
	size_t n = 0, i, len = 0;

	snprintf(buf, sizeof(buf), "%s", ids);
	for (t = strtok_r(buf, ";", &save); t && n < 256; t = strtok_r(NULL, ";", &save))
		tok[n++] = t;
	qsort(tok, n, sizeof(tok[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s;", tok[i]);
}

static void test_orders(void)
{
	static const char *names[3] = { "ascending.csv", "descending.csv", "shuffled.csv" };
	static const char *budgets[2] = { NULL, "1" };
	static int idx[PP_MAXROWS];
	char want_ids[2][4096], got_ids[4096];
	int o, m, b, i;

	make_rows();
	CHECK(pp_nrows > 1200 && pp_nrows < PP_MAXROWS);
	for (o = 0; o < 3; o++) {
		const char *path;

		for (i = 0; i < pp_nrows; i++)
			idx[i] = o == 1 ? pp_nrows - 1 - i : i;
		for (i = pp_nrows - 1; o == 2 && i > 0; i--) {
			int j = (int)pp_rnd((unsigned)i + 1), x = idx[i];

			idx[i] = idx[j];
			idx[j] = x;
		}
		path = pp_write(tmpdir, names[o], idx);
		for (m = 0; m < 2; m++) {
			const struct parse_wallet *w = m ? &by_day : NULL;
			struct pp_fp sorted, streamed, sfates, fates;
			long held_sorted = paypal_files_held;

			CHECK_INT(pp_parse(path, w, 1, NULL, &sorted, &sfates), 0);
			CHECK_INT(paypal_files_held - held_sorted, 1);
			CHECK(sorted.ndep == (m ? 60 : 6));
			CHECK(strstr(sorted.s, "R ") != NULL);
			CHECK(strstr(sfates.s, "F ") != NULL);
			if (o == 0)
				sorted_ids(sorted.ids, want_ids[m], sizeof(want_ids[m]));
			else {
				/* the same deposits, whatever the order of the rows */
				sorted_ids(sorted.ids, got_ids, sizeof(got_ids));
				CHECK_STR(got_ids, want_ids[m]);
			}
			for (b = 0; b < 2; b++) {
				long streamed0 = paypal_files_streamed;
				long sorted0 = paypal_files_sorted;
				long held0 = paypal_files_held;

				CHECK_INT(pp_parse(path, w, 0, budgets[b], &streamed, &fates), 0);
				/* in time order: streamed; shuffled: sorted in the
				 * store (in a file with the 1-byte budget), then
				 * streamed; never every row held in memory */
				CHECK_INT(paypal_files_streamed - streamed0, 1);
				CHECK_INT(paypal_files_sorted - sorted0, o == 2);
				CHECK_INT(paypal_files_held - held0, 0);
				if (!pp_same(&sorted, &streamed) || !pp_same(&sfates, &fates)) {
					printf("# %s, %s model, budget %s:\n", names[o],
					       m ? "account" : "transfer",
					       budgets[b] ? budgets[b] : "default");
					pp_show_diff(&sorted, &streamed);
					pp_show_diff(&sfates, &fates);
					CHECK(0);
				} else {
					CHECK(1);
				}
				free(streamed.s);
				free(fates.s);
			}
			free(sorted.s);
			free(sfates.s);
		}
	}
	unsetenv("LEDGERLIFT_PAYPAL_SORT");
	unsetenv("LEDGERLIFT_SPILL_BUDGET");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_orders();
	tap_rmdir(tmpdir);
	return tap_done();
}
