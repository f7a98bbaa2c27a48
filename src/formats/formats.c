/*
 * formats.c - the format registry (formats.h). Detection helpers look for
 * header cells by name, case-insensitively, whatever the delimiter.
 */
#include "formats.h"

#include <string.h>

#include "formats/parse_amazon.h"
#include "formats/parse_ebay.h"
#include "formats/parse_paypal.h"
#include "formats/parse_woocommerce.h"
#include "formats/parse_amazon_daterange.h"
#include "formats/parse_amazon_xml.h"
#include "formats/parse_shopify.h"

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

static int det_paypal_activity(const char *l, size_t n)
{
	return paypal_detect(l, n) == PAYPAL_ACTIVITY;
}

static int det_paypal_statement(const char *l, size_t n)
{
	return paypal_detect(l, n) == PAYPAL_STATEMENT;
}

static const struct format_def formats[] = {
	{ "amazon-settlement-v1", "amazon", det_amz_v1, 0, amazon_parse_settlement, NULL },
	{ "amazon-settlement-v2", "amazon", det_amz_v2, 0, amazon_parse_settlement, NULL },
	{ "amazon-order-report", "amazon", det_amz_order, 0, NULL,
	  "an Amazon order report, not a settlement report: it has no fees, refunds "
	  "or deposits; export the settlement reports (Reports > Payments > All "
	  "Statements)" },
	{ "amazon-date-range", "amazon", det_amz_daterange, 15, amazon_parse_daterange,
	  NULL },
	{ "amazon-settlement-xml", "amazon", det_amz_xml, 3, amazon_parse_xml, NULL },
	{ "shopify-orders", "shopify", det_shopify_orders, 0, shopify_parse_orders, NULL },
	{ "shopify-payments-transactions", "shopify", det_shopify_tx, 0,
	  shopify_parse_transactions, NULL },
	{ "shopify-payouts", "shopify", det_shopify_payouts, 0, shopify_parse_payouts, NULL },
	{ "ebay-transaction-report", "ebay", det_ebay_tx, 15, ebay_parse_transactions, NULL },
	{ "ebay-orders-report", "ebay", det_ebay_orders, 3, ebay_parse_orders, NULL },
	{ "ebay-file-exchange", "ebay", det_ebay_fx, 3, ebay_parse_orders, NULL },
	{ "ebay-order-earnings", "ebay", det_ebay_earnings, 3, NULL,
	  "an eBay order earnings report; this version reads the transaction report "
	  "(Payments > Reports > Transaction report), which has the payouts" },
	{ "woocommerce-webtoffee-csv", "woocommerce", det_woo_webtoffee, 0, woo_parse_csv,
	  NULL },
	{ "woocommerce-order-export-csv", "woocommerce", det_woo_aoe, 0, woo_parse_csv, NULL },
	{ "woocommerce-analytics-csv", "woocommerce", det_woo_analytics, 0, NULL,
	  "a WooCommerce Analytics orders download: it has no payment method or amount "
	  "split; export orders with an order export plugin or the REST API" },
	{ "woocommerce-rest-json", "woocommerce", det_woo_json, 15, woo_parse_json, NULL },
	{ "paypal-activity", "paypal", det_paypal_activity, 3, paypal_parse, NULL },
	{ "paypal-statement", "paypal", det_paypal_statement, 3, paypal_parse, NULL },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct format_def *formats_detect(const char *line, size_t len, int index)
{
	const struct format_def *known = NULL;
	size_t i;

	for (i = 0; i < NFORMATS; i++) {
		if (index > formats[i].preamble || !formats[i].detect(line, len))
			continue;
		if (formats[i].parse)
			return &formats[i];
		if (!known)
			known = &formats[i];
	}
	return known;
}

size_t formats_count(void)
{
	return NFORMATS;
}

const struct format_def *formats_get(size_t i)
{
	return i < NFORMATS ? &formats[i] : NULL;
}
