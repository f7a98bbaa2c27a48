/* test_parse_langs.c - PayPal and eBay exports in each language and layout
 * (our synthetic fixtures in tests/data/{paypal,ebay}/lang-*, written by
 * bench/gen_lang_fixtures.py), read as ingest reads a file: the format
 * found by its header, the deposits each gives (every one ties), the
 * amounts by type, and what is reported (table-driven); then the words
 * themselves: every column, type and status word of a language is known,
 * a word that is not is not guessed. */
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "formats/parse.h"
#include "formats/ebay_words.h"
#include "formats/paypal_words.h"
#include "plan/normalize.h"

#define MAXDEP 8
#define MAXAT 12

struct got {
	int ndep;
	char id[MAXDEP][64];
	char cur[MAXDEP][4];
	int64_t total[MAXDEP];
	int tied[MAXDEP];
	/* amounts of the first deposit by amount type */
	char atype[MAXAT][32];
	int64_t asum[MAXAT];
	int nat;
	char rejects[1024]; /* "line:severity:code " each */
	int errors;
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;
	char note[600];
	size_t i;
	int k = g->ndep++, a;

	if (k >= MAXDEP)
		return 0;
	snprintf(g->id[k], 64, "%.63s", d->id);
	snprintf(g->cur[k], 4, "%s", d->currency);
	g->total[k] = d->total;
	g->tied[k] = normalize_deposit(d, note, sizeof(note));
	if (k)
		return 0;
	for (i = 0; i < d->nev; i++) {
		const char *at = deposit_str(d, d->ev[i].atype);

		for (a = 0; a < g->nat; a++)
			if (!strcmp(g->atype[a], at))
				break;
		if (a == g->nat && g->nat < MAXAT)
			snprintf(g->atype[g->nat++], 32, "%s", at);
		if (a < MAXAT)
			g->asum[a] += d->ev[i].amount;
	}
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct got *g = ctx;
	size_t n = strlen(g->rejects);

	(void)path;
	(void)msg;
	snprintf(g->rejects + n, sizeof(g->rejects) - n, "%ld:%s:%s ", line, sev, code);
	g->errors += !strcmp(sev, "error");
	return 0;
}

/* ingest and parse one fixture; the parser's return code */
static int run_file(const char *rel, const char **kind, struct got *g, char *errmsg)
{
	static char kbuf[64];
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, NULL };
	struct parse_stats st;
	int rc, opened;

	memset(g, 0, sizeof(*g));
	errmsg[0] = '\0';
	rc = tap_parse_path(tap_src(rel), &sink, &st, kbuf, sizeof(kbuf), &opened, &err);
	*kind = opened ? kbuf : "(open failed)";
	if (rc)
		snprintf(errmsg, 512, "%s", err.msg);
	return rc;
}

static int64_t asum(const struct got *g, const char *atype)
{
	int a;

	for (a = 0; a < g->nat; a++)
		if (!strcmp(g->atype[a], atype))
			return g->asum[a];
	return 0;
}

/* ---- PayPal ---- */

static const struct {
	const char *file, *kind;
	int rc;
	const char *err;      /* part of the file-level error, when rc != 0 */
	const char *id, *cur; /* the one deposit */
	int64_t total;
	const char *rejects;  /* exactly, in order */
	/* amounts by type in the deposit (0 = none) */
	int64_t payment, sent, refund, fee, hold, unclassified;
} pp[] = {
	/* French activity download: NBSP thousands, decimal comma, a USD payment
	 * converted into EUR (44.99 of the 1314.39), a refund, the inferred
	 * withdrawal word; a payment after it waits */
	{ "tests/data/paypal/lang-fr-activity.csv", "paypal-activity", 0, NULL,
	  "LLLF000055433", "EUR", 125504, "9:warning:no-transfer ",
	  131439, 0, -1990, -3945, 0, 0 },
	/* French statement re-saved with semicolons and CRLF, "Brut "/"Frais " */
	{ "tests/data/paypal/lang-fr-statement-semicolon.csv", "paypal-statement", 0, NULL,
	  "LLLG000039595", "EUR", 6972, "",
	  7250, -1099, 0, -278, 0, 0 },
	/* German activity download: Soll/Haben/Memo, a cart item left out, a
	 * hold and its release, a payment sent, a USD payment converted */
	{ "tests/data/paypal/lang-de-activity.csv", "paypal-activity", 0, NULL,
	  "LLLD000087109", "EUR", 127174, "0:note:no-balance-effect ",
	  137649, -1549, -4990, -3936, 0, 0 },
	/* German statement as "Unicode Text": UTF-16LE, tabs, unquoted */
	{ "tests/data/paypal/lang-de-statement-utf16.txt", "paypal-statement", 0, NULL,
	  "LLLS000031676", "EUR", 8613, "",
	  10400, 0, -1500, -287, 0, 0 },
	/* the same cut to an odd number of bytes: a read error, nothing delivered */
	{ "tests/data/paypal/lang-de-statement-utf16-cut.txt", "paypal-statement", LL_EPARSE,
	  "odd number of bytes", NULL, NULL, 0, "", 0, 0, 0, 0, 0, 0 },
	/* Spanish activity download: every date ambiguous (a note: day-first) */
	{ "tests/data/paypal/lang-es-activity.csv", "paypal-activity", 0, NULL,
	  "LLLE000031676", "EUR", 448232, "0:note:date-order 6:warning:no-transfer ",
	  467500, 0, -6000, -13268, 0, 0 },
	/* Spanish statement: six empty header cells, rows not in time order */
	{ "tests/data/paypal/lang-es-statement.csv", "paypal-statement", 0, NULL,
	  "LLLT000023757", "EUR", 7522, "",
	  7819, 0, 0, -297, 0, 0 },
	/* Italian statement: "Lordo "/"Tariffa ", a dispute hold and release */
	{ "tests/data/paypal/lang-it-statement.csv", "paypal-statement", 0, NULL,
	  "LLLI000047514", "EUR", 17317, "",
	  20400, 0, -2500, -583, 0, 0 },
	/* Italian activity download, tab-delimited */
	{ "tests/data/paypal/lang-it-activity-tab.txt", "paypal-activity", 0, NULL,
	  "LLLJ000023757", "EUR", 17886, "",
	  18500, 0, 0, -614, 0, 0 },
	/* Dutch, the 2016 ", " layout, DD-MM-YYYY, a GBP payment converted */
	{ "tests/data/paypal/lang-nl-activity.csv", "paypal-activity", 0, NULL,
	  "LLLN000047514", "EUR", 27383, "",
	  28331, 0, 0, -948, 0, 0 },
	/* Portuguese (Brazil), BRL */
	{ "tests/data/paypal/lang-pt-activity.csv", "paypal-activity", 0, NULL,
	  "LLLP000031676", "BRL", 128529, "",
	  160890, 0, -25990, -6371, 0, 0 },
	/* English headers, decimal commas, semicolons */
	{ "tests/data/paypal/lang-en-comma-semicolon.csv", "paypal-activity", 0, NULL,
	  "LLLC000023757", "USD", 146803, "",
	  151249, 0, 0, -4446, 0, 0 },
	/* a type and a status not understood: reported, never guessed; the
	 * deposit still ties with the unknown type apart */
	{ "tests/data/paypal/lang-en-unknown-type.csv", "paypal-activity", 0, NULL,
	  "LLLU000031676", "USD", 7192, "3:warning:unknown-type 4:warning:unknown-status ",
	  5000, 0, 0, -308, 0, 2500 },
	/* an unknown column set: no Currency column */
	{ "tests/data/paypal/lang-en-no-currency.csv", "paypal-activity", LL_EPARSE,
	  "without a Currency column (header words not understood: 'From Email Address'", NULL, NULL, 0, "",
	  0, 0, 0, 0, 0, 0 },
	/* a UTF-16 copy cut inside a surrogate pair */
	{ "tests/data/paypal/lang-fr-utf16-cut-pair.txt", "paypal-activity", LL_EPARSE,
	  "half a surrogate pair", NULL, NULL, 0, "", 0, 0, 0, 0, 0, 0 },
};

static void test_paypal_files(void)
{
	size_t i;

	for (i = 0; i < sizeof(pp) / sizeof(pp[0]); i++) {
		struct got g;
		const char *kind;
		char err[512];
		int rc = run_file(pp[i].file, &kind, &g, err);

		fprintf(stderr, "# %s\n", pp[i].file);
		CHECK_STR(kind, pp[i].kind);
		CHECK_INT(rc, pp[i].rc);
		if (rc) {
			if (!strstr(err, pp[i].err))
				fprintf(stderr, "  error: %s\n", err);
			CHECK(strstr(err, pp[i].err) != NULL);
			CHECK_INT(g.ndep, 0);
			continue;
		}
		CHECK_STR(g.rejects, pp[i].rejects);
		CHECK_INT(g.ndep, 1);
		CHECK_STR(g.id[0], pp[i].id);
		CHECK_STR(g.cur[0], pp[i].cur);
		CHECK_INT(g.total[0], pp[i].total);
		CHECK_INT(g.tied[0], 1);
		CHECK_INT(asum(&g, "Payment"), pp[i].payment);
		CHECK_INT(asum(&g, "Payment sent"), pp[i].sent);
		CHECK_INT(asum(&g, "Refund"), pp[i].refund);
		CHECK_INT(asum(&g, "Fee"), pp[i].fee);
		CHECK_INT(asum(&g, "Hold"), pp[i].hold);
		CHECK_INT(asum(&g, "Unclassified"), pp[i].unclassified);
	}
}

/* every word a language's fixtures use is in the tables; words that look
 * like ones we know but are not are not understood */
static void test_paypal_words(void)
{
	static const struct {
		const char *w;
		enum pp_class k;
	} types[] = {
		{ "Website Payment", PT_PAYMENT },
		{ "  general   withdrawal - bank account ", PT_WITHDRAWAL },
		{ "Bank Deposit to PP Account ", PT_FUNDING },
		{ "Paiement sur site marchand", PT_PAYMENT },
		{ "CONVERSION DE DEVISE STANDARD", PT_CONVERSION },
		{ "Allgemeine W\xc3\xa4hrungsumrechnung", PT_CONVERSION },
		{ "Einbehaltung f\xc3\xbcr offene Autorisierung", PT_HOLD },
		{ "Warenkorbartikel", PT_NOBALANCE },
		{ "Pago est\xc3\xa1ndar", PT_PAYMENT },
		{ "Rimborso di pagamento", PT_REFUND },
		/* the en dash PayPal writes in Dutch */
		{ "Vooraf goedgekeurde betaling \xe2\x80\x93 rekening betaald door gebruiker", PT_PAYMENT },
		{ "Bankstorting naar PP-rekening", PT_FUNDING },
		{ "\xc3\x89tat", PT_UNKNOWN },
		/* never by a part of a word: a refund is not a payment, a
		 * withdrawal word inside another is not a withdrawal */
		{ "Payment", PT_UNKNOWN },
		{ "Website Payment Refund Hold", PT_UNKNOWN },
		{ "R\xc3\xbc" "ckzahlung", PT_REFUND },
		{ "Zahlung", PT_PAYMENT },
		{ "", PT_UNKNOWN },
	};
	static const struct {
		const char *w;
		enum pp_status s;
	} statuses[] = {
		{ "Completed", PS_BALANCE }, { "Pending", PS_BALANCE }, { "Denied", PS_SKIP },
		{ "Ausstehend", PS_BALANCE }, { "Termin\xc3\xa9", PS_BALANCE },
		{ "TERMIN\xc3\x89", PS_BALANCE }, { "annullata", PS_SKIP },
		{ "Settled Later", PS_UNKNOWN },
	};
	size_t i;
	unsigned langs;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (pp_type_class(types[i].w) != types[i].k)
			fprintf(stderr, "  type '%s'\n", types[i].w);
		CHECK_INT(pp_type_class(types[i].w), types[i].k);
	}
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		struct field f = { statuses[i].w, strlen(statuses[i].w) };

		CHECK_INT(pp_status_class(f), statuses[i].s);
	}
	CHECK_INT(pp_impact_class((struct field){ "Memo", 4 }), PI_MEMO);
	CHECK_INT(pp_impact_class((struct field){ "Haben", 5 }), PI_CREDIT);
	CHECK_INT(pp_impact_class((struct field){ "Maybe", 5 }), PI_UNKNOWN);
	/* column names and the languages they are written in */
	CHECK_INT(pp_col_is((struct field){ "Fee ", 4 }, PC_FEE, &langs), 1);
	CHECK_INT(langs, 1u << PP_EN);
	CHECK_INT(pp_col_is((struct field){ "Bruto", 5 }, PC_GROSS, &langs), 1);
	CHECK_INT(langs, (1u << PP_ES) | (1u << PP_NL) | (1u << PP_PT));
	CHECK_INT(pp_col_is((struct field){ "\xef\xbb\xbf" "Datum", 8 }, PC_DATE, &langs), 1);
	CHECK_INT(pp_col_is((struct field){ "Gross amount", 12 }, PC_GROSS, NULL), 0);
}

/* ---- eBay ---- */

static const struct {
	const char *file, *kind;
	int rc;
	const char *err;
	int ndep;
	const char *id0, *id1, *cur;
	int64_t total0, total1;
	const char *rejects;
	int64_t fees0, unclassified0; /* of the first deposit */
} eb[] = {
	/* eBay.com's newer layout: "Transaction date" first, no preamble */
	{ "tests/data/ebay/lang-en-transaction-date.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000001", "5961000002", "USD", 112418, 1360, "", -16980, 0 },
	/* eBay.co.uk: a BOM, a preamble, day-first numeric dates, Postage columns */
	{ "tests/data/ebay/lang-uk-transaction.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000011", "5961000012", "GBP", 112418, 1360, "", -16980, 0 },
	/* eBay.de in its own words ("Betrag abzügl. Kosten", "Auszahlung Nr."),
	 * eBay.fr (NBSP thousands), .it, .es: semicolons, decimal commas */
	{ "tests/data/ebay/lang-de-transaction.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000021", "5961000022", "EUR", 112418, 1360, "", -16980, 0 },
	{ "tests/data/ebay/lang-fr-transaction.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000031", "5961000032", "EUR", 112418, 1360, "", -16980, 0 },
	{ "tests/data/ebay/lang-it-transaction.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000041", "5961000042", "EUR", 112418, 1360, "", -16980, 0 },
	{ "tests/data/ebay/lang-es-transaction.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000051", "5961000052", "EUR", 112418, 1360, "", -16980, 0 },
	/* orders reports: day summaries; "116,99 €" amounts, "03-Nov-25" dates */
	{ "tests/data/ebay/lang-de-orders.csv", "ebay-orders-report", 0, NULL, 2,
	  "2025-11-03 EUR", "2025-11-14 EUR", "EUR", 6042, 127597, "", 0, 0 },
	{ "tests/data/ebay/lang-fr-orders.csv", "ebay-orders-report", 0, NULL, 2,
	  "2025-11-04 EUR", "2025-11-15 EUR", "EUR", 6042, 127597, "", 0, 0 },
	{ "tests/data/ebay/lang-it-orders.csv", "ebay-orders-report", 0, NULL, 2,
	  "2025-11-05 EUR", "2025-11-16 EUR", "EUR", 6042, 127597, "", 0, 0 },
	{ "tests/data/ebay/lang-es-orders.csv", "ebay-orders-report", 0, NULL, 2,
	  "2025-11-06 EUR", "2025-11-17 EUR", "EUR", 6042, 127597, "", 0, 0 },
	/* eBay.com's orders report as "Unicode Text": UTF-16LE, tabs */
	{ "tests/data/ebay/lang-en-orders-utf16.txt", "ebay-orders-report", 0, NULL, 2,
	  "2025-11-07 USD", "2025-11-18 USD", "USD", 6042, 127597, "", 0, 0 },
	/* a row type not understood: reported with its line, kept apart */
	{ "tests/data/ebay/lang-de-unknown-type.csv", "ebay-transaction-report", 0, NULL, 2,
	  "5961000061", "5961000062", "EUR", 112568, 1360, "11:warning:unknown-type ", -16980,
	  150 },
	/* an unknown column set: no payout number column */
	{ "tests/data/ebay/lang-de-no-payout-column.csv", "ebay-transaction-report", LL_EPARSE,
	  "without a Payout ID or Type column", 0, NULL, NULL, NULL, 0, 0, "", 0, 0 },
};

static void test_ebay_files(void)
{
	size_t i;

	for (i = 0; i < sizeof(eb) / sizeof(eb[0]); i++) {
		struct got g;
		const char *kind;
		char err[512];
		int rc = run_file(eb[i].file, &kind, &g, err);

		fprintf(stderr, "# %s\n", eb[i].file);
		CHECK_STR(kind, eb[i].kind);
		CHECK_INT(rc, eb[i].rc);
		if (rc) {
			if (!strstr(err, eb[i].err))
				fprintf(stderr, "  error: %s\n", err);
			CHECK(strstr(err, eb[i].err) != NULL);
			CHECK_INT(g.ndep, 0);
			continue;
		}
		CHECK_STR(g.rejects, eb[i].rejects);
		CHECK_INT(g.ndep, eb[i].ndep);
		CHECK_STR(g.id[0], eb[i].id0);
		CHECK_STR(g.id[1], eb[i].id1);
		CHECK_STR(g.cur[0], eb[i].cur);
		CHECK_INT(g.total[0], eb[i].total0);
		CHECK_INT(g.total[1], eb[i].total1);
		CHECK_INT(g.tied[0] && g.tied[1], 1);
		CHECK_INT(asum(&g, "Fees"), eb[i].fees0);
		CHECK_INT(asum(&g, "Unclassified"), eb[i].unclassified0);
	}
}

static void test_ebay_words(void)
{
	static const struct {
		const char *w, *canon; /* NULL: not understood */
	} types[] = {
		{ "Order", "Order" }, { "Bestellung", "Order" }, { "R\xc3\xbc" "ckerstattung", "Refund" },
		{ "Andere Geb\xc3\xbchr", "Other fee" }, { "Commande", "Order" },
		{ "\xc3\x89tiquette d'exp\xc3\xa9" "dition", "Shipping label" },
		{ "Rimborso", "Refund" }, { "Pedido", "Order" }, { "Postage label", "Shipping label" },
		{ "Werbegutschrift", NULL }, { "Ord", NULL }, { "Order fee", NULL },
	};
	size_t i;
	unsigned langs;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *c = eb_type_canon((struct field){ types[i].w, strlen(types[i].w) });

		CHECK_STR(c ? c : "(none)", types[i].canon ? types[i].canon : "(none)");
	}
	CHECK_INT(eb_col_is((struct field){ "Transaction date", 16 }, EC_TDATE, &langs), 1);
	CHECK_INT(langs, 1u << EB_EN);
	CHECK_INT(eb_col_is((struct field){ "Auszahlung Nr.", 14 }, EC_PID, &langs), 1);
	CHECK_INT(langs, 1u << EB_DE);
	CHECK_INT(eb_fee_like((struct field){ "Internationale Geb\xc3\xbchr", 23 }), 1);
	CHECK_INT(eb_fee_like((struct field){ "Frais de vente - fixes", 22 }), 1);
	CHECK_INT(eb_fee_like((struct field){ "Net amount", 10 }), 0);
}

/* a table word is ruled out by its first letter before it is folded
 * (folded_eq): cells that only fold to a word match as they did */
static void test_words_first_letter(void)
{
	struct field f;

	f = (struct field){ "  \"COMPLETED\"", 13 };
	CHECK_INT(pp_status_class(f), PS_BALANCE);
	f = (struct field){ "\xc2\xa0pending", 9 };
	CHECK_INT(pp_status_class(f), PS_BALANCE);
	f = (struct field){ "Xompleted", 9 };
	CHECK_INT(pp_status_class(f), PS_UNKNOWN);
	f = (struct field){ "", 0 };
	CHECK_INT(pp_status_class(f), PS_UNKNOWN);
	CHECK_INT(pp_type_class("\"  WEBSITE payment\""), PT_PAYMENT);
	CHECK_INT(pp_col_is((struct field){ "\"fee\"", 5 }, PC_FEE, NULL), 1);
	CHECK_INT(pp_col_is((struct field){ "\xc2\xa0" "BRUTO", 7 }, PC_GROSS, NULL), 1);
	CHECK_INT(eb_col_is((struct field){ "\"transaction DATE\"", 18 }, EC_TDATE, NULL), 1);
	CHECK_INT(eb_col_is((struct field){ "Xransaction date", 16 }, EC_TDATE, NULL), 0);
	CHECK_INT(eb_col_is((struct field){ "DATE DE CR\xc3\x89" "ATION DE LA TRANSACTION", 35 },
			    EC_TDATE, NULL), 1);
	CHECK_STR(eb_type_canon((struct field){ "  rimborso ", 11 }), "Refund");
	CHECK_STR(eb_type_canon((struct field){ "\xc3\x89TIQUETTE D'EXP\xc3\x89" "DITION", 24 }),
		  "Shipping label");
}

int main(void)
{
	test_words_first_letter();
	test_paypal_files();
	test_paypal_words();
	test_ebay_files();
	test_ebay_words();
	return tap_done();
}
