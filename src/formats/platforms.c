/*
 * platforms.c - the table of platforms (platforms.h). Each platform's
 * export formats come first, one array per platform: the format's name
 * (stored in sources.format), how its header is recognised (an adapter
 * over the parser's detect function), how many note lines may precede the
 * header, and the parser (NULL: a format we name but do not plan from,
 * with the reason for the report). Then the table of platforms itself, in
 * the order formats are detected in.
 */
#include "formats/platforms.h"

#include <string.h>

#include "formats/parse_amazon.h"
#include "formats/parse_amazon_daterange.h"
#include "formats/parse_amazon_xml.h"
#include "formats/parse_ebay.h"
#include "formats/parse_paypal.h"
#include "formats/parse_shopify.h"
#include "formats/parse_woocommerce.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Amazon ---- */

static int det_amz_v1(const char *l, size_t n)
{
	return amazon_detect(l, n) == AMZ_SETTLEMENT_V1;
}

static int det_amz_v2(const char *l, size_t n)
{
	return amazon_detect(l, n) == AMZ_SETTLEMENT_V2;
}

static int det_amz_order(const char *l, size_t n)
{
	return amazon_detect(l, n) == AMZ_ORDER_REPORT;
}

static int det_amz_daterange(const char *l, size_t n)
{
	return amazon_detect(l, n) == AMZ_DATE_RANGE || drange_detect(l, n) != 0;
}

static int det_amz_xml(const char *l, size_t n)
{
	return amazon_xml_detect(l, n);
}

static const struct format_def amazon_formats[] = {
	{ "amazon-settlement-v1", det_amz_v1, 0, amazon_parse_settlement, NULL },
	{ "amazon-settlement-v2", det_amz_v2, 0, amazon_parse_settlement, NULL },
	{ "amazon-order-report", det_amz_order, 0, NULL,
	  "an Amazon order report, not a settlement report: it has no fees, refunds "
	  "or deposits; export the settlement reports (Reports > Payments > All "
	  "Statements)" },
	{ "amazon-date-range", det_amz_daterange, 15, amazon_parse_daterange, NULL },
	{ "amazon-settlement-xml", det_amz_xml, 3, amazon_parse_xml, NULL },
};

/* ---- Shopify ---- */

static int det_shopify_orders(const char *l, size_t n)
{
	return shopify_detect(l, n) == SHOP_ORDERS;
}

static int det_shopify_tx(const char *l, size_t n)
{
	return shopify_detect(l, n) == SHOP_TRANSACTIONS;
}

static int det_shopify_payouts(const char *l, size_t n)
{
	return shopify_detect(l, n) == SHOP_PAYOUTS;
}

static const struct format_def shopify_formats[] = {
	{ "shopify-orders", det_shopify_orders, 0, shopify_parse_orders, NULL },
	{ "shopify-payments-transactions", det_shopify_tx, 0,
	  shopify_parse_transactions, NULL },
	{ "shopify-payouts", det_shopify_payouts, 0, shopify_parse_payouts, NULL },
};

/* ---- eBay ---- */

static int det_ebay_tx(const char *l, size_t n)
{
	return ebay_detect(l, n) == EBAY_TRANSACTIONS;
}

static int det_ebay_orders(const char *l, size_t n)
{
	return ebay_detect(l, n) == EBAY_ORDERS;
}

static int det_ebay_fx(const char *l, size_t n)
{
	return ebay_detect(l, n) == EBAY_FILE_EXCHANGE;
}

static int det_ebay_earnings(const char *l, size_t n)
{
	return ebay_detect(l, n) == EBAY_ORDER_EARNINGS;
}

static const struct format_def ebay_formats[] = {
	{ "ebay-transaction-report", det_ebay_tx, 15, ebay_parse_transactions, NULL },
	{ "ebay-orders-report", det_ebay_orders, 3, ebay_parse_orders, NULL },
	{ "ebay-file-exchange", det_ebay_fx, 3, ebay_parse_orders, NULL },
	{ "ebay-order-earnings", det_ebay_earnings, 3, NULL,
	  "an eBay order earnings report; this version reads the transaction report "
	  "(Payments > Reports > Transaction report), which has the payouts" },
};

/* ---- WooCommerce ---- */

static int det_woo_webtoffee(const char *l, size_t n)
{
	return woo_detect(l, n) == WOO_WEBTOFFEE;
}

static int det_woo_aoe(const char *l, size_t n)
{
	return woo_detect(l, n) == WOO_AOE;
}

static int det_woo_analytics(const char *l, size_t n)
{
	return woo_detect(l, n) == WOO_ANALYTICS;
}

static int det_woo_json(const char *l, size_t n)
{
	return woo_detect(l, n) == WOO_REST_JSON;
}

static const struct format_def woocommerce_formats[] = {
	{ "woocommerce-webtoffee-csv", det_woo_webtoffee, 0, woo_parse_csv, NULL },
	{ "woocommerce-order-export-csv", det_woo_aoe, 0, woo_parse_csv, NULL },
	{ "woocommerce-analytics-csv", det_woo_analytics, 0, NULL,
	  "a WooCommerce Analytics orders download: it has no payment method or amount "
	  "split; export orders with an order export plugin or the REST API" },
	{ "woocommerce-rest-json", det_woo_json, 15, woo_parse_json, NULL },
};

/* ---- PayPal ---- */

static int det_paypal_activity(const char *l, size_t n)
{
	return paypal_detect(l, n) == PAYPAL_ACTIVITY;
}

static int det_paypal_statement(const char *l, size_t n)
{
	return paypal_detect(l, n) == PAYPAL_STATEMENT;
}

static const struct format_def paypal_formats[] = {
	{ "paypal-activity", det_paypal_activity, 3, paypal_parse, NULL },
	{ "paypal-statement", det_paypal_statement, 3, paypal_parse, NULL },
};

/* ---- the table ---- */

static const struct platform_def platforms[] = {
	{ .name = "amazon", .title = "Amazon", .deposit_noun = "settlement",
	  .reference_noun = "settlement", .prefix = "AMZ", .mapping_file = "amazon.csv",
	  .settings = "amazon",
	  .caps = PLATFORM_MAPPING_REQUIRED | PLATFORM_RUN_MODE | PLATFORM_PERIODS,
	  .formats = amazon_formats, .nformats = N(amazon_formats) },
	{ .name = "shopify", .title = "Shopify", .deposit_noun = "payout",
	  .reference_noun = "payout", .prefix = "SHOP", .mapping_file = "shopify.csv",
	  .settings = "shopify", .caps = PLATFORM_SHOPS,
	  .formats = shopify_formats, .nformats = N(shopify_formats) },
	{ .name = "ebay", .title = "eBay", .deposit_noun = "payout",
	  .reference_noun = "payout", .prefix = "EBAY", .mapping_file = "ebay.csv",
	  .settings = "ebay", .caps = 0,
	  .formats = ebay_formats, .nformats = N(ebay_formats) },
	{ .name = "woocommerce", .title = "WooCommerce", .deposit_noun = "payout",
	  .reference_noun = "payout", .prefix = "WOO", .mapping_file = "woocommerce.csv",
	  .settings = "woocommerce", .caps = 0,
	  .formats = woocommerce_formats, .nformats = N(woocommerce_formats) },
	{ .name = "paypal", .title = "PayPal", .deposit_noun = "payout",
	  .reference_noun = "transfer", .prefix = "PP", .mapping_file = "paypal.csv",
	  .settings = "paypal", .caps = PLATFORM_PAYS_OTHERS_SALES | PLATFORM_WALLET,
	  .formats = paypal_formats, .nformats = N(paypal_formats) },
};

size_t platforms_count(void)
{
	return N(platforms);
}

const struct platform_def *platforms_get(size_t i)
{
	return i < N(platforms) ? &platforms[i] : NULL;
}

const struct platform_def *platform_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < N(platforms); i++)
		if (!strcmp(platforms[i].name, name))
			return &platforms[i];
	return NULL;
}

const struct platform_def *platform_with(unsigned caps)
{
	size_t i;

	for (i = 0; i < N(platforms); i++)
		if ((platforms[i].caps & caps) == caps)
			return &platforms[i];
	return NULL;
}

int platform_has(const char *name, unsigned caps)
{
	const struct platform_def *p = platform_find(name);

	return p && (p->caps & caps) == caps;
}

const struct platform_def *platform_of_format(const struct format_def *f)
{
	size_t i, k;

	for (i = 0; f && i < N(platforms); i++)
		for (k = 0; k < platforms[i].nformats; k++)
			if (&platforms[i].formats[k] == f)
				return &platforms[i];
	return NULL;
}
