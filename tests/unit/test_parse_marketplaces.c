/* test_parse_marketplaces.c - the eBay, WooCommerce and PayPal readers on
 * in-memory files: the date and amount forms each writes (table-driven),
 * detection by header, and small exports turned into deposits that tie. */
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "formats/formats.h"
#include "plan/normalize.h"
#include "formats/parse_ebay.h"
#include "formats/parse_mkt.h"
#include "formats/parse_paypal.h"
#include "formats/parse_woocommerce.h"
#include "util/tz.h"

/* ---- dates ---- */

static const struct {
	const char *text;
	enum mkt_dmy order;
	const char *ymd; /* NULL: must not parse */
	int hour;
} dates[] = {
	{ "Jul-25-26", MKT_MDY, "2026-07-25", 0 },            /* eBay orders report */
	{ "Sep-30-26 23:45:00", MKT_MDY, "2026-09-30", 23 },
	{ "Nov-01-17", MKT_MDY, "2017-11-01", 0 },            /* File Exchange */
	{ "Oct 2, 2026", MKT_MDY, "2026-10-02", 0 },          /* transaction report */
	{ "Oct 2, 2026 10:05:00 PM PDT", MKT_MDY, "2026-10-02", 22 },
	{ "Jan 31, 2024", MKT_DMY, "2024-01-31", 0 },
	{ "2. Okt. 2026", MKT_DMY, "2026-10-02", 0 },         /* eBay.de */
	{ "02.10.2026", MKT_DMY, "2026-10-02", 0 },
	{ "17. M\xc3\xa4rz 2025", MKT_DMY, "2025-03-17", 0 },
	{ "15 oct. 2025", MKT_DMY, "2025-10-15", 0 },          /* eBay.fr */
	{ "12 f\xc3\xa9vr. 2025 14:05:00", MKT_DMY, "2025-02-12", 14 },
	{ "1 ao\xc3\xbbt 2025", MKT_DMY, "2025-08-01", 0 },
	{ "2-ott-2026", MKT_DMY, "2026-10-02", 0 },            /* eBay.it */
	{ "2 dic 2025", MKT_DMY, "2025-12-02", 0 },
	{ "2 de octubre de 2026", MKT_DMY, "2026-10-02", 0 },  /* eBay.es */
	{ "5 de mar\xc3\xa7o de 2025", MKT_DMY, "2025-03-05", 0 }, /* Portuguese */
	{ "3 mrt 2025", MKT_DMY, "2025-03-03", 0 },            /* Dutch */
	{ "15-02-2016", MKT_DMY, "2016-02-15", 0 },            /* PayPal NL */
	{ "2 settembrex 2025", MKT_DMY, NULL, 0 },
	{ "7/25/2026", MKT_MDY, "2026-07-25", 0 },            /* PayPal US */
	{ "6/4/2016", MKT_MDY, "2016-06-04", 0 },
	{ "6/4/2016", MKT_DMY, "2016-04-06", 0 },
	{ "29/12/2015", MKT_MDY, "2015-12-29", 0 },           /* a part over 12 decides */
	{ "2/1/2020", MKT_DMY, "2020-01-02", 0 },             /* PayPal ES */
	{ "16-05-2018 07:32:06", MKT_DMY, "2018-05-16", 7 },  /* WebToffee sample */
	{ "2020-03-19 06:40:32", MKT_DMY, "2020-03-19", 6 },
	{ "2017-03-22T16:28:02", MKT_MDY, "2017-03-22", 16 }, /* REST JSON */
	{ "12:00 AM", MKT_MDY, NULL, 0 },
	{ "Feb 30, 2025", MKT_MDY, NULL, 0 },
	{ "13/13/2020", MKT_DMY, NULL, 0 },
	{ "Foo-12-20", MKT_MDY, NULL, 0 },
	{ "--", MKT_MDY, NULL, 0 },
	{ "", MKT_MDY, NULL, 0 },
};

static void test_dates(void)
{
	size_t i;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		struct ll_time t;
		char ymd[11] = "";
		int rc = mkt_date(&t, dates[i].text, strlen(dates[i].text), dates[i].order);

		if (!dates[i].ymd) {
			if (rc == 0)
				fprintf(stderr, "  date '%s' parsed\n", dates[i].text);
			CHECK(rc != 0);
			continue;
		}
		CHECK_INT(rc, 0);
		if (rc == 0) {
			date_ymd(&t, ymd);
			CHECK_STR(ymd, dates[i].ymd);
			CHECK_INT(t.hour, dates[i].hour);
		}
	}
	CHECK_INT(mkt_date_order("29/12/2015", 10), MKT_DMY);
	CHECK_INT(mkt_date_order("9/25/2018", 9), MKT_MDY);
	CHECK_INT(mkt_date_order("9/4/2018", 8), -1);
	/* zones: PDT in summer, America/Los_Angeles by US rules, Berlin by EU rules */
	CHECK_INT(mkt_zone_offset("PDT", 3, 2018, 9, 4), -420);
	CHECK_INT(mkt_zone_offset("America/Los_Angeles", 19, 2018, 9, 4), -420);
	CHECK_INT(mkt_zone_offset("America/Los_Angeles", 19, 2018, 12, 4), -480);
	CHECK_INT(mkt_zone_offset("Europe/Berlin", 13, 2020, 1, 2), 60);
	CHECK_INT(mkt_zone_offset("Europe/Berlin", 13, 2020, 7, 2), 120);
	/* a zone word the table knows makes the time an instant; the day it
	 * falls on in the organisation's zone (util/tz.h) */
	{
		struct ll_time t;
		struct tz *z = NULL;
		struct ll_err err = LL_ERR_INIT;
		char ymd[11];
		int off = 1;

		CHECK_INT(mkt_zone_find("Mars", 4, 2020, 1, 1, &off), -1);
		CHECK_INT(off, 1);
		CHECK_INT(mkt_date(&t, "Oct 2, 2026 10:05:00 PM PDT", 27, MKT_MDY), 0);
		CHECK_INT(t.has_tz, 1);
		CHECK_INT(t.tz_min, -420);
		CHECK_INT(mkt_date(&t, "Oct 2, 2026 10:05:00 PM XYZ", 27, MKT_MDY), 0);
		CHECK_INT(t.has_tz, 0);
		CHECK_INT(mkt_date(&t, "Sep-30-26 23:45:00", 18, MKT_MDY), 0);
		CHECK_INT(t.has_tz, 0);
		CHECK_INT(tz_open(&z, "Europe/London", &err), 0);
		if (z) {
			mkt_date(&t, "Oct 2, 2026 10:05:00 PM PDT", 27, MKT_MDY);
			date_days_ymd(tz_days(z, &t), ymd);
			CHECK_STR(ymd, "2026-10-03");
			mkt_date(&t, "Oct 2, 2026 3:59:59 PM PDT", 26, MKT_MDY);
			date_days_ymd(tz_days(z, &t), ymd);
			CHECK_STR(ymd, "2026-10-02");
			mkt_date(&t, "Sep-30-26 23:45:00", 18, MKT_MDY);
			date_days_ymd(tz_days(z, &t), ymd);
			CHECK_STR(ymd, "2026-09-30");
			tz_free(z);
		}
	}
}

/* ---- amounts ---- */

static const struct {
	const char *text;
	int exponent;
	enum money_style style;
	int rc;
	int64_t minor;
	const char *cur;
} amounts[] = {
	{ "--", 2, MONEY_DOT, 1, 0, NULL },              /* eBay: not applicable */
	{ "", 2, MONEY_DOT, 1, 0, NULL },
	{ "-", 2, MONEY_DOT, 1, 0, NULL },
	{ "$900.00", 2, MONEY_DOT, 0, 90000, "USD" },    /* orders report */
	{ "$1,234.56", 2, MONEY_DOT, 0, 123456, "USD" },
	{ "-$4.25", 2, MONEY_DOT, 0, -425, "USD" },
	{ "\xc2\xa3" "12.99", 2, MONEY_DOT, 0, 1299, "GBP" },
	{ "\xe2\x82\xac" "3,50", 2, MONEY_COMMA, 0, 350, "EUR" },
	{ "AU $19.95", 2, MONEY_DOT, 0, 1995, "AUD" },
	{ "C $5.00", 2, MONEY_DOT, 0, 500, "CAD" },
	{ "USD 12.00", 2, MONEY_DOT, 0, 1200, "USD" },
	{ "1.125,00", 2, MONEY_COMMA, 0, 112500, NULL },  /* eBay.de */
	{ "-149,06", 2, MONEY_COMMA, 0, -14906, NULL },
	{ "4.626,81", 2, MONEY_COMMA, 0, 462681, NULL },  /* PayPal ES */
	{ "\"1,120.00\"", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	{ "1,653.75", 2, MONEY_DOT, 0, 165375, NULL },    /* PayPal */
	{ "1.8", 2, MONEY_DOT, 0, 180, NULL },            /* WebToffee */
	{ "10", 2, MONEY_DOT, 0, 1000, NULL },
	{ "12.3x", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	{ "abc", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	{ "=sum(P2:P344)", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	{ "1.005", 2, MONEY_DOT, LL_EPARSE, 0, NULL },    /* never rounded */
	{ "116,99 \xe2\x82\xac", 2, MONEY_COMMA, 0, 11699, "EUR" }, /* eBay.de orders */
	{ "-1.234,50\xc2\xa0\xe2\x82\xac", 2, MONEY_COMMA, 0, -123450, "EUR" },
	{ "12,00 EUR", 2, MONEY_COMMA, 0, 1200, "EUR" },
	{ "9.99 \xc2\xa3", 2, MONEY_DOT, 0, 999, "GBP" },
	{ "12 EURO", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	/* the not-applicable words and a trailing code, next to look-alikes
	 * (mkt_money looks for them only where the first or last byte fits) */
	{ "n/a", 2, MONEY_DOT, 1, 0, NULL },
	{ "N/A", 2, MONEY_DOT, 1, 0, NULL },
	{ "--,--", 2, MONEY_COMMA, 1, 0, NULL },
	{ "n/b", 2, MONEY_DOT, LL_EPARSE, 0, NULL },
	{ "-5.00", 2, MONEY_DOT, 0, -500, NULL },
	{ "-USD 12.00", 2, MONEY_DOT, 0, -1200, "USD" },
	{ "12.00USD", 2, MONEY_DOT, 0, 1200, "USD" },
	{ " 7.25\t", 2, MONEY_DOT, 0, 725, NULL },
};

/* what a value proves about the decimal separator */
static const struct {
	const char *text;
	enum money_style proof;
} proofs[] = {
	{ "12,50", MONEY_COMMA }, { "12,5", MONEY_COMMA }, { "-1.234,56", MONEY_COMMA },
	{ "1.234.567", MONEY_COMMA }, { "4.626,81 \xe2\x82\xac", MONEY_COMMA },
	{ "12.50", MONEY_DOT }, { "1,234.56", MONEY_DOT }, { "1,234,567", MONEY_DOT },
	{ "$0.5", MONEY_DOT }, { "12", MONEY_AUTO }, { "1,234", MONEY_AUTO },
	{ "1.234", MONEY_AUTO }, { "--", MONEY_AUTO }, { "", MONEY_AUTO },
};

static void test_amounts(void)
{
	size_t i;

	for (i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		int64_t v = 0;
		char cur[4];
		struct field f = { amounts[i].text, strlen(amounts[i].text) };
		int rc = mkt_money(&v, f, amounts[i].exponent, amounts[i].style);
		const char *c = mkt_money_currency(f, cur);

		if (rc != amounts[i].rc)
			fprintf(stderr, "  amount '%s': rc %d\n", amounts[i].text, rc);
		CHECK_INT(rc, amounts[i].rc);
		if (rc == 0)
			CHECK_INT(v, amounts[i].minor);
		if (amounts[i].cur)
			CHECK_STR(c ? c : "(none)", amounts[i].cur);
	}
	for (i = 0; i < sizeof(proofs) / sizeof(proofs[0]); i++) {
		struct field f = { proofs[i].text, strlen(proofs[i].text) };

		if (mkt_money_proof(f) != proofs[i].proof)
			fprintf(stderr, "  proof of '%s'\n", proofs[i].text);
		CHECK_INT(mkt_money_proof(f), proofs[i].proof);
	}
	/* a proof wins over the file's style; an ambiguous value takes it */
	{
		int64_t v = 0;

		CHECK_INT(mkt_money_as(&v, (struct field){ "12,5", 4 }, 2, MONEY_DOT), 0);
		CHECK_INT(v, 1250);
		CHECK_INT(mkt_money_as(&v, (struct field){ "1,250", 5 }, 2, MONEY_DOT), 0);
		CHECK_INT(v, 125000);
		CHECK_INT(mkt_money_as(&v, (struct field){ "1,250", 5 }, 2, MONEY_COMMA), 0);
		CHECK_INT(v, 125);
		CHECK_INT(mkt_money_as(&v, (struct field){ "1.234,56", 8 }, 2, MONEY_DOT), 0);
		CHECK_INT(v, 123456);
	}
}

/* ---- detection ---- */

static const struct {
	const char *line;
	const char *format; /* NULL: none */
	int index;
} headers[] = {
	{ "Transaction creation date,Type,Order number,Net amount,Payout currency,Payout date,Payout ID",
	  "ebay-transaction-report", 11 },
	{ "Erstellungsdatum der Transaktion;Typ;Bestellnummer;Nettobetrag;Auszahlungs-ID",
	  "ebay-transaction-report", 11 },
	{ "\"Sales Record Number\",\"Order Number\",\"Buyer Username\",\"Quantity\",\"Sold For\","
	  "\"Total Price\",\"Sale Date\",\"Paid On Date\"", "ebay-orders-report", 1 },
	{ "Sales Record Number,User Id,Order ID,Quantity,Sale Price,Total Price,Sale Date,Paid on Date,",
	  "ebay-file-exchange", 0 },
	{ "Order creation date,Order number,Item ID,Item title", "ebay-order-earnings", 1 },
	{ "order_id,order_number,order_date,status,order_total,order_currency,payment_method,line_item_1",
	  "woocommerce-webtoffee-csv", 0 },
	{ "\"Order Number\",\"Order Status\",\"Order Date\",SKU,\"Order Line (w/o tax)\",\"Order Currency\"",
	  "woocommerce-order-export-csv", 0 },
	{ "Date,Order #,N. Revenue (formatted),Status,Customer,Net Sales", "woocommerce-analytics-csv", 0 },
	{ "  \"order_key\": \"wc_order_58d2d042d1d\",", "woocommerce-rest-json", 4 },
	{ "  \"refunded_by\": 1,", "woocommerce-rest-json", 6 },
	{ "\"Date\",\"Time\",\"TimeZone\",\"Name\",\"Type\",\"Status\",\"Currency\",\"Gross\",\"Fee\","
	  "\"Net\",\"Transaction ID\",\"Balance\"", "paypal-activity", 0 },
	{ "Date, Time, Time Zone, Name, Type, Status, Currency, Gross, Fee, Net, Balance,",
	  "paypal-activity", 0 },
	{ "\"Fecha\",\"Hora\",\"Zona horaria\",\"Descripci\xc3\xb3n\",\"Divisa\",\"Bruto\","
	  "\"Comisi\xc3\xb3n\",\"Neto\",\"Saldo\",,,,,,", "paypal-statement", 0 },
	{ "\"Date\",\"Time\",\"Time Zone\",\"Description\",\"Currency\",\"Gross\",\"Fee \",\"Net\","
	  "\"Balance\"", "paypal-statement", 0 },
	{ "Transaction report", NULL, 0 },
	{ "Seller,ll-demo-seller", NULL, 9 },
	{ "name,price,colour", NULL, 0 },
};

static void test_detect(void)
{
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		const struct format_def *f =
			formats_detect(headers[i].line, strlen(headers[i].line), headers[i].index);

		CHECK_STR(f ? f->name : "(none)", headers[i].format ? headers[i].format : "(none)");
	}
}

/* ---- parsers ---- */

struct got {
	int ndep;
	char id[8][64];
	int64_t total[8];
	int tied[8];
	int partial[8];
	size_t nev[8];
	char order[64];
	int rejects, errors;
	long first_line;
	char first_code[40];
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;
	char note[600];
	size_t i;
	int k = g->ndep++;

	if (k >= 8)
		return 0;
	snprintf(g->id[k], 64, "%.63s", d->id);
	g->total[k] = d->total;
	g->nev[k] = d->nev;
	g->partial[k] = d->partial;
	g->tied[k] = normalize_deposit(d, note, sizeof(note));
	for (i = 0; i < d->nev; i++)
		if (d->ev[i].order_id && !g->order[0])
			snprintf(g->order, sizeof(g->order), "%s", deposit_str(d, d->ev[i].order_id));
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct got *g = ctx;

	(void)path;
	(void)msg;
	if (!g->rejects++) {
		g->first_line = line;
		snprintf(g->first_code, sizeof(g->first_code), "%s", code);
	}
	g->errors += !strcmp(sev, "error");
	return 0;
}

/* run the registry's parser over text as ingest would: header found by content */
static int run(const char *text, struct got *g)
{
	struct reader *r = NULL;
	struct lines l;
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, NULL };
	struct parse_stats st;
	struct ll_err err = LL_ERR_INIT;
	char *line;
	size_t len;
	int rc, seen = 0;
	const struct format_def *f = NULL;

	memset(g, 0, sizeof(*g));
	memset(&st, 0, sizeof(st));
	reader_open_mem(&r, text, strlen(text), "mem.csv");
	lines_init(&l, r);
	while ((rc = lines_next(&l, &line, &len, &err)) == 1) {
		size_t bom = l.lineno == 1 ? text_bom(line, len) : 0;

		if (text_trim((struct field){ line + bom, len - bom }).len == 0)
			continue;
		if ((f = formats_detect(line + bom, len - bom, seen++)))
			break;
	}
	rc = f && f->parse ? f->parse(&l, "mem.csv", line, len, &sink, &st, &err) : -99;
	lines_free(&l);
	reader_free(r);
	return rc;
}

static void test_ebay(void)
{
	struct got g;
	/* preamble, BOM, CRLF, "--", a refund, a shipping label, a payout row;
	 * a second payout without its Payout row; a row not paid out */
	const char *tx =
		"\xef\xbb\xbf\"Transaction report\"\r\n\r\n\"Seller\",\"ll-demo\"\r\n"
		"Transaction creation date,Type,Order number,Net amount,Payout currency,Payout date,"
		"Payout ID,Custom label,Quantity,Item subtotal,Shipping and handling,"
		"Seller collected tax,eBay collected tax,Final Value Fee - fixed,"
		"Final Value Fee - variable,\"Very high \"\"item not as described\"\" fee\","
		"Gross transaction amount,Transaction currency,Description\r\n"
		"\"Mar 3, 2025\",Order,99-00001-00001,20.36,USD,\"Mar 10, 2025\",5900000001,SKU-1,1,"
		"20.00,3.95,--,1.40,-0.30,-3.29,--,25.35,USD,--\r\n"
		"\"Mar 4, 2025\",Refund,99-00001-00001,-8.68,USD,\"Mar 10, 2025\",5900000001,SKU-1,--,"
		"-10.00,--,--,--,--,1.32,--,-10.00,USD,--\r\n"
		"\"Mar 5, 2025\",Shipping label,--,-4.15,USD,\"Mar 10, 2025\",5900000001,--,--,--,--,--,"
		"--,--,--,--,--,USD,Shipping label\r\n"
		"\"Mar 10, 2025\",Payout,--,7.53,USD,\"Mar 10, 2025\",5900000001,--,--,--,--,--,--,--,"
		"--,--,--,USD,Payout\r\n"
		"\"Mar 11, 2025\",Order,99-00001-00002,9.00,USD,\"Mar 17, 2025\",5900000002,--,1,"
		"9.00,--,--,--,--,--,--,9.00,USD,--\r\n"
		"\"Mar 12, 2025\",Order,99-00001-00003,5.00,USD,--,--,--,1,5.00,--,--,--,--,--,--,"
		"5.00,USD,--\r\n";
	/* eBay.de: ';', decimal commas, the payout written negative */
	const char *de =
		"\"Transaktionsbericht\"\n"
		"Erstellungsdatum der Transaktion;Typ;Bestellnummer;Nettobetrag;"
		"Auszahlungsw\xc3\xa4hrung;Auszahlungsdatum;Auszahlungs-ID;Zwischensumme Artikel;"
		"Verkaufsprovision - variabel;Transaktionsbetrag\n"
		"03.05.2025;Bestellung;99-1;1.020,00;EUR;10.05.2025;77;1.125,00;-105,00;1.125,00\n"
		"04.05.2025;Andere Geb\xc3\xbchr;--;-2,50;EUR;10.05.2025;77;--;--;--\n"
		"10.05.2025;Auszahlung;--;-1.017,50;EUR;10.05.2025;77;--;--;--\n";
	const char *orders =
		",,,,,,\n"
		"\"Sales Record Number\",\"Order Number\",\"Quantity\",\"Sold For\","
		"\"Shipping And Handling\",\"Total Price\",\"Sale Date\",\"Paid On Date\"\n"
		",,,,,,,\n"
		"1201,99-1,2,\xc2\xa3" "10.00,\xc2\xa3" "3.00,\xc2\xa3" "23.00,Jul-25-26,Jul-25-26\n"
		"1202,99-2,1,\xc2\xa3" "5.00,\xc2\xa3" "0.00,\xc2\xa3" "5.00,Jul-25-26,Jul-26-26\n"
		"\n2 record(s) downloaded,from Jul-01-26 to Jul-31-26\nSeller ID : ll-demo\n";
	const char *fx =
		"Sales Record Number,User Id,Order ID,Item Title,Quantity,Sale Price,Shipping And Handling,"
		"Sales Tax,Insurance,Total Price,Sale Date,Paid on Date,\n"
		"77,u1,,Candle 4\" pillar,1,$9.00,$0.00,$0.00,$0.00,$9.00,Nov-01-17,Nov-01-17,\n"
		",,,,=sum(E2:E2),,,,,=sum(J2:J2),,,\n";

	CHECK_INT(run(tx, &g), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_STR(g.id[0], "5900000001");
	CHECK_INT(g.total[0], 753);
	CHECK_INT(g.tied[0], 1);
	CHECK_STR(g.order, "99-00001-00001");
	CHECK_INT(g.errors, 0);
	CHECK_INT(g.rejects, 2); /* payout 2 without its Payout row; a row not paid out */

	CHECK_INT(run(de, &g), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_INT(g.total[0], 101750); /* the sign that ties */
	CHECK_INT(g.tied[0], 1);
	CHECK_INT(g.rejects, 0);

	CHECK_INT(run(orders, &g), 0);
	CHECK_INT(g.ndep, 2);
	CHECK_STR(g.id[0], "2026-07-25 GBP");
	CHECK_INT(g.total[0], 2300); /* Sold For is the unit price: 2 x 10.00 + 3.00 */
	CHECK_STR(g.id[1], "2026-07-26 GBP");
	CHECK_INT(g.tied[0] && g.tied[1], 1);
	CHECK_INT(g.rejects, 0);

	CHECK_INT(run(fx, &g), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_INT(g.total[0], 900);
	CHECK_INT(g.rejects, 1);
	CHECK_STR(g.first_code, "formula");
	CHECK_INT(g.first_line, 3);
}

/* A February export that shows January's order 7 again for its February
 * refund: January 20 is outside the days the file covers (partial); two
 * refunds of order 8 on one day are two deposits; Feb 3 to 4 is covered. */
static void test_woo_months(const struct parse_sink *sink)
{
	struct got *g = sink->ctx;
	struct parse_stats st;
	struct ll_err err = LL_ERR_INIT;
	const char *json =
		"[{\"id\": 7, \"number\": \"7\", \"order_key\": \"k7\", \"status\": \"refunded\",\n"
		"  \"currency\": \"EUR\", \"payment_method\": \"paypal\",\n"
		"  \"date_paid\": \"2025-01-20T10:00:00\", \"date_modified\": \"2025-02-05T10:00:00\",\n"
		"  \"total\": \"20.00\", \"line_items\": [{\"total\": \"20.00\"}],\n"
		"  \"refunds\": [{\"id\": 70, \"total\": \"-20.00\"}]},\n"
		" {\"id\": 8, \"number\": \"8\", \"order_key\": \"k8\", \"status\": \"completed\",\n"
		"  \"currency\": \"EUR\", \"payment_method\": \"paypal\",\n"
		"  \"date_paid\": \"2025-02-03T10:00:00\", \"date_modified\": \"2025-02-05T10:00:00\",\n"
		"  \"total\": \"30.00\", \"line_items\": [{\"total\": \"30.00\"}],\n"
		"  \"refunds\": [{\"id\": 80, \"total\": \"-5.00\"}, {\"id\": 81, \"total\": \"-6.00\"}]},\n"
		" {\"id\": 9, \"number\": \"9\", \"order_key\": \"k9\", \"status\": \"completed\",\n"
		"  \"currency\": \"EUR\", \"payment_method\": \"paypal\",\n"
		"  \"date_paid\": \"2025-02-03T11:00:00\", \"total\": \"1.00\",\n"
		"  \"line_items\": [{\"total\": \"1.00\"}], \"refunds\": []},\n"
		" {\"id\": 10, \"number\": \"10\", \"order_key\": \"k10\", \"status\": \"completed\",\n"
		"  \"currency\": \"EUR\", \"payment_method\": \"paypal\",\n"
		"  \"date_paid\": \"2025-02-04T11:00:00\", \"total\": \"2.00\",\n"
		"  \"line_items\": [{\"total\": \"2.00\"}], \"refunds\": []}]\n";
	static const struct {
		const char *id;
		int64_t total;
		int partial;
	} want[] = {
		{ "2025-01-20 paypal EUR", 2000, 1 },
		{ "2025-02-05 paypal EUR R7", -2000, 0 },
		{ "2025-02-03 paypal EUR", 3100, 0 },
		{ "2025-02-05 paypal EUR R8", -500, 0 },
		{ "2025-02-05 paypal EUR R8-2", -600, 0 },
		{ "2025-02-04 paypal EUR", 200, 0 },
	};
	size_t i;

	memset(g, 0, sizeof(*g));
	memset(&st, 0, sizeof(st));
	CHECK_INT(woo_parse_json_mem(json, strlen(json), "feb.json", sink, &st, &err), 0);
	CHECK_INT(g->ndep, 6);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_STR(g->id[i], want[i].id);
		CHECK_INT(g->total[i], want[i].total);
		CHECK_INT(g->partial[i], want[i].partial);
	}
}

/* every event of every deposit as "sku qQTY AMOUNT;" */
static int on_dep_items(void *ctx, struct deposit *d)
{
	char *out = ctx;
	size_t i;

	for (i = 0; i < d->nev; i++)
		snprintf(out + strlen(out), 1024 - strlen(out), "%s q%d %lld;",
			 deposit_str(d, d->ev[i].sku), (int)d->ev[i].quantity,
			 (long long)d->ev[i].amount);
	strcat(out, "|");
	return 0;
}

static int on_rej_none(void *ctx, const char *path, long line, const char *sev,
		       const char *code, const char *msg)
{
	(void)ctx, (void)path, (void)line, (void)sev, (void)code, (void)msg;
	fprintf(stderr, "  unexpected reject: %s\n", msg);
	return 0;
}

/* a line item's and a refund's "key:value|..." cell: keys in any order and
 * case, the first entry of a key wins (an empty one too), a longer key
 * that starts with one is not it, values trimmed */
static void test_woo_item_cells(void)
{
	const char *wt =
		"order_id,order_number,order_date,status,shipping_total,fee_total,tax_total,order_total,"
		"order_currency,payment_method,shipping_items,refund_items,paid_date,line_item_1,"
		"line_item_2,line_item_3,line_item_4\n"
		"1,1001,16-05-2018 07:32:06,completed,0,0,0,14.75,USD,cod,,"
		"AMOUNT:2.00|amount:9.00|date:2018-05-18 10:00:00,2018-05-16 08:00:00,"
		"SKU:A1|sku:ZZ|Quantity:3|quantity:7|total:9.00,"
		"total:4.50|skux:no|quantity:2|Sku:B2,"
		"name:x|quantity: 5 |total: 1.25 |sku:,"
		"quantity:1|sku:C3|total:|total:3.00\n";
	char out[1024] = "";
	struct parse_sink sink = { out, on_dep_items, on_rej_none, NULL, NULL, NULL };
	struct parse_stats st;
	struct ll_err err = LL_ERR_INIT;
	struct reader *r = NULL;
	struct lines l;
	char *line;
	size_t len;
	const struct format_def *f = NULL;

	memset(&st, 0, sizeof(st));
	reader_open_mem(&r, wt, strlen(wt), "items.csv");
	lines_init(&l, r);
	CHECK_INT(lines_next(&l, &line, &len, &err), 1);
	f = formats_detect(line, len, 0);
	CHECK(f && f->parse);
	if (f && f->parse)
		CHECK_INT(f->parse(&l, "items.csv", line, len, &sink, &st, &err), 0);
	lines_free(&l);
	reader_free(r);
	CHECK_STR(out, "A1 q3 900;B2 q2 450; q5 125;| q0 -200;|");
}

static void test_woo(void)
{
	struct got g;
	const char *wt =
		"order_id,order_number,order_date,status,shipping_total,fee_total,tax_total,order_total,"
		"order_currency,payment_method,shipping_items,refund_items,paid_date,line_item_1,line_item_2\n"
		"1,1001,16-05-2018 07:32:06,completed,10,1,3.42,22.42,USD,cod,\"item:Items|value:Shoe X 1\n"
		"\",,2018-05-16 08:00:00,name:Shoe|sku:A12|quantity:1|total:8.00|tax:1.44,\n"
		"2,1002,16-05-2018 09:00:00,refunded,0,0,0,30.00,USD,cod,,"
		"amount:30.00|reason:x|date:2018-05-18 10:00:00,,name:Hat|sku:H1|quantity:2|total:30,\n"
		"3,1003,16-05-2018 09:30:00,pending,0,0,0,5.00,USD,cod,,,,name:Pin|total:5,\n"
		"4,1004,16-05-2018 10:00:00,completed,0,0,0,7.0x,USD,cod,,,,name:Pin|total:7,\n";
	const char *json =
		"[{\"id\": 5, \"number\": \"A-5\", \"order_key\": \"wc_order_x\", \"status\": \"completed\",\n"
		" \"currency\": \"EUR\", \"payment_method\": \"stripe\", \"date_created\": \"2025-02-10T09:00:00\",\n"
		" \"date_paid\": \"2025-02-10T09:01:00\", \"date_modified\": \"2025-02-12T09:00:00\",\n"
		" \"total\": \"29.35\", \"total_tax\": \"1.35\",\n"
		" \"line_items\": [{\"sku\": \"S\", \"quantity\": 2, \"subtotal\": \"8.00\", \"total\": \"6.00\"},\n"
		"                {\"sku\": \"T\", \"quantity\": 1, \"subtotal\": \"12.00\", \"total\": \"12.00\"}],\n"
		" \"shipping_lines\": [{\"total\": \"10.00\"}], \"fee_lines\": [],\n"
		" \"refunds\": [{\"id\": 9, \"total\": \"-10.00\"}]},\n"
		" {\"id\": 9, \"date_created\": \"2025-02-11T15:00:00\", \"amount\": \"10.00\",\n"
		"  \"refunded_by\": 1, \"_links\": {\"up\": [{\"href\": \"https://x.example/wc/v3/orders/5\"}]}}]\n";
	struct parse_sink sink = { &g, on_dep, on_rej, NULL, NULL, NULL };
	struct parse_stats st;
	struct ll_err err = LL_ERR_INIT;

	CHECK_INT(run(wt, &g), 0);
	CHECK_INT(g.ndep, 2);
	CHECK_STR(g.id[0], "2018-05-16 cod USD");
	CHECK_INT(g.tied[0], 0); /* order 1004's total is not an amount */
	CHECK_INT(g.partial[0], 0);
	/* a refund is a deposit of its own: every file that holds it agrees */
	CHECK_STR(g.id[1], "2018-05-18 cod USD R1002");
	CHECK_INT(g.total[1], -3000);
	CHECK_INT(g.tied[1], 1);
	CHECK_INT(g.partial[1], 0);
	CHECK_STR(g.order, "1001");
	CHECK_INT(g.errors, 1);
	CHECK_INT(g.rejects, 2); /* 7.0x; one unpaid order */

	memset(&g, 0, sizeof(g));
	memset(&st, 0, sizeof(st));
	CHECK_INT(woo_parse_json_mem(json, strlen(json), "mem.json", &sink, &st, &err), 0);
	CHECK_INT(g.ndep, 2);
	CHECK_STR(g.id[0], "2025-02-10 stripe EUR");
	CHECK_INT(g.total[0], 2935);
	CHECK_INT(g.nev[0], 5); /* 8.00, -2.00 discount, 12.00, 10.00 shipping, 1.35 tax */
	/* the only order has a refund: the file may hold it only for that */
	CHECK_INT(g.partial[0], 1);
	CHECK_STR(g.id[1], "2025-02-11 stripe EUR RA-5");
	CHECK_INT(g.total[1], -1000);
	CHECK_INT(g.rejects, 0);
	CHECK_STR(g.order, "A-5");

	test_woo_months(&sink);

	memset(&g, 0, sizeof(g));
	CHECK_INT(woo_parse_json_mem("{\"order_key\": 1,", 16, "bad.json", &sink, &st, &err),
		  LL_EPARSE);
}

static void test_paypal(void)
{
	struct got g;
	/* not in time order; "Fee " with a trailing space; a Europe/Berlin row
	 * that is earlier than it looks; balance returned to 12.00, carried */
	const char *pp =
		"\"Date\",\"Time\",\"Time Zone\",\"Description\",\"Currency\",\"Gross\",\"Fee \",\"Net\","
		"\"Balance\",\"Transaction ID\",\"Invoice ID\"\n"
		"\"9/14/2018\",\"09:00:00\",\"America/Los_Angeles\",\"General Withdrawal - Bank Account\","
		"\"USD\",\"-90.00\",\"0.00\",\"-90.00\",\"12.00\",\"W1\",\"\"\n"
		"\"9/4/2018\",\"10:00:00\",\"America/Los_Angeles\",\"Express Checkout Payment\",\"USD\","
		"\"50.00\",\"-1.75\",\"48.25\",\"48.25\",\"P1\",\"1001\"\n"
		"\"9/5/2018\",\"20:00:00\",\"Europe/Berlin\",\"Express Checkout Payment\",\"USD\","
		"\"55.00\",\"-1.25\",\"53.75\",\"102.00\",\"P2\",\"1002\"\n"
		"\"9/20/2018\",\"10:00:00\",\"America/Los_Angeles\",\"Express Checkout Payment\",\"USD\","
		"\"1,000.00\",\"-29.30\",\"970.70\",\"982.70\",\"P3\",\"\"\n";

	CHECK_INT(run(pp, &g), 0);
	CHECK_INT(g.ndep, 1);
	CHECK_STR(g.id[0], "W1");
	CHECK_INT(g.total[0], 9000);
	CHECK_INT(g.tied[0], 1);
	CHECK_INT(g.nev[0], 5); /* 2 gross, 2 fees, balance carried out */
	CHECK_INT(g.rejects, 1); /* P3 waits for its transfer */
	CHECK_STR(g.first_code, "no-transfer");
}

/* every month word, written both ways round ("<word> 2, 2026" and
 * "2 <word> 2026"), in capitals and with its abbreviation's dot: the month
 * the name table gives (month_word looks only at names of the same first
 * letter, in the table's order: longer names before their abbreviations) */
static void test_month_words(void)
{
	static const struct {
		const char *w;
		int m;
	} words[] = {
		{ "January", 1 }, { "Januar", 1 }, { "janvier", 1 }, { "Janv.", 1 }, { "gennaio", 1 },
		{ "gen", 1 }, { "enero", 1 }, { "ENE", 1 }, { "januari", 1 }, { "janeiro", 1 },
		{ "Jan", 1 }, { "February", 2 }, { "f\xc3\xa9vrier", 2 }, { "f\xc3\xa9vr.", 2 },
		{ "F\xc3\xa9v", 2 }, { "febbraio", 2 }, { "fevereiro", 2 }, { "fev", 2 },
		{ "March", 3 }, { "M\xc3\xa4rz", 3 }, { "m\xe4rz", 3 }, { "mars", 3 }, { "marzo", 3 },
		{ "maart", 3 }, { "mrt", 3 }, { "mar\xc3\xa7o", 3 }, { "M\xc3\xa4r", 3 },
		{ "m\xe4r", 3 }, { "Mar", 3 }, { "April", 4 }, { "avril", 4 }, { "aprile", 4 },
		{ "abril", 4 }, { "abr", 4 }, { "Apr", 4 }, { "maggio", 5 }, { "mag", 5 },
		{ "mayo", 5 }, { "mei", 5 }, { "maio", 5 }, { "May", 5 }, { "Mai", 5 },
		{ "June", 6 }, { "Juni", 6 }, { "juin", 6 }, { "giugno", 6 }, { "giu", 6 },
		{ "junio", 6 }, { "junho", 6 }, { "Jun", 6 }, { "July", 7 }, { "Juli", 7 },
		{ "juillet", 7 }, { "juil.", 7 }, { "luglio", 7 }, { "lug", 7 }, { "julio", 7 },
		{ "julho", 7 }, { "Jul", 7 }, { "August", 8 }, { "ao\xc3\xbbt", 8 }, { "aout", 8 },
		{ "agosto", 8 }, { "ago", 8 }, { "augustus", 8 }, { "Aug", 8 },
		{ "September", 9 }, { "septembre", 9 }, { "settembre", 9 }, { "set", 9 },
		{ "septiembre", 9 }, { "setiembre", 9 }, { "setembro", 9 }, { "Sept.", 9 },
		{ "Sep", 9 }, { "October", 10 }, { "Oktober", 10 }, { "octobre", 10 },
		{ "ottobre", 10 }, { "ott", 10 }, { "octubre", 10 }, { "outubro", 10 },
		{ "out", 10 }, { "Oct", 10 }, { "Okt.", 10 }, { "November", 11 },
		{ "novembre", 11 }, { "noviembre", 11 }, { "novembro", 11 }, { "NOV", 11 },
		{ "December", 12 }, { "Dezember", 12 }, { "d\xc3\xa9" "cembre", 12 },
		{ "d\xc3\xa9" "c.", 12 }, { "dicembre", 12 }, { "dic", 12 }, { "diciembre", 12 },
		{ "dezembro", 12 }, { "Dec", 12 }, { "Dez", 12 },
	};
	static const char *const not_months[] = { "Junk 2, 2026", "Ma 2, 2026", "xyz 2, 2026",
		"2 Marchx 2026", "\xc3\xa9t\xc3\xa9 2, 2026" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct ll_time t;
		char text[64];
		int rc;

		snprintf(text, sizeof(text), "%s 2, 2026", words[i].w);
		rc = mkt_date(&t, text, strlen(text), MKT_MDY);
		if (rc || t.month != words[i].m)
			fprintf(stderr, "  month word '%s'\n", words[i].w);
		CHECK_INT(rc, 0);
		CHECK_INT(t.month, words[i].m);
		snprintf(text, sizeof(text), "2 %s 2026", words[i].w);
		rc = mkt_date(&t, text, strlen(text), MKT_DMY);
		CHECK_INT(rc, 0);
		CHECK_INT(t.month, words[i].m);
	}
	for (i = 0; i < sizeof(not_months) / sizeof(not_months[0]); i++) {
		struct ll_time t;

		CHECK(mkt_date(&t, not_months[i], strlen(not_months[i]), MKT_MDY) != 0);
	}
}

int main(void)
{
	test_dates();
	test_month_words();
	test_amounts();
	test_detect();
	test_ebay();
	test_woo();
	test_woo_item_cells();
	test_paypal();
	return tap_done();
}
