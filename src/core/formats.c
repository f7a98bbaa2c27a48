/*
 * formats.c - the format registry (formats.h). Detection helpers look for
 * header cells by name, case-insensitively, whatever the delimiter.
 */
#include "formats.h"

#include <string.h>

#include "core/parse_amazon.h"

/* 1 if s[0..len) contains needle, ASCII case-insensitively */
static int has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; i + n <= len; i++) {
		for (k = 0; k < n; k++) {
			char a = s[i + k], b = needle[k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

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
	return amazon_detect(l, n) == AMZ_DATE_RANGE;
}

static int det_shopify_orders(const char *l, size_t n)
{
	return has(l, n, "Financial Status") && has(l, n, "Lineitem");
}

static int det_shopify_tx(const char *l, size_t n)
{
	return has(l, n, "Payout Date") && has(l, n, "Fee") && has(l, n, "Net");
}

static int det_shopify_payouts(const char *l, size_t n)
{
	return has(l, n, "Payout ID") || (has(l, n, "Payout") && has(l, n, "Bank Reference"));
}

static int det_ebay(const char *l, size_t n)
{
	return has(l, n, "Transaction creation date") ||
	       (has(l, n, "Sales Record Number") && has(l, n, "Buyer"));
}

static int det_woo(const char *l, size_t n)
{
	return (has(l, n, "Order Number") || has(l, n, "order_number") ||
		has(l, n, "Order ID")) &&
	       (has(l, n, "Order Status") || has(l, n, "order_status") ||
		has(l, n, "Payment Method") || has(l, n, "payment_method"));
}

static int det_woo_json(const char *l, size_t n)
{
	return has(l, n, "\"line_items\"") || (l[0] == '{' && has(l, n, "\"order_key\""));
}

static int det_paypal(const char *l, size_t n)
{
	return (has(l, n, "Gross") && has(l, n, "Fee") && has(l, n, "Balance")) ||
	       has(l, n, "Transaction ID\",\"Reference Txn ID");
}

static const struct format_def formats[] = {
	{ "amazon-settlement-v1", "amazon", det_amz_v1, 0, amazon_parse_settlement, NULL },
	{ "amazon-settlement-v2", "amazon", det_amz_v2, 0, amazon_parse_settlement, NULL },
	{ "amazon-order-report", "amazon", det_amz_order, 0, NULL,
	  "an Amazon order report, not a settlement report: it has no fees, refunds "
	  "or deposits; export the settlement reports (Reports > Payments > All "
	  "Statements)" },
	{ "amazon-date-range", "amazon", det_amz_daterange, 11, NULL,
	  "an Amazon Date Range transaction report; this version reads settlement "
	  "flat files only" },
	{ "shopify-orders", "shopify", det_shopify_orders, 0, NULL,
	  "a Shopify orders export; this version does not read Shopify yet" },
	{ "shopify-payments-transactions", "shopify", det_shopify_tx, 0, NULL,
	  "a Shopify Payments transactions export; this version does not read "
	  "Shopify yet" },
	{ "shopify-payouts", "shopify", det_shopify_payouts, 0, NULL,
	  "a Shopify Payments payouts export; this version does not read Shopify yet" },
	{ "ebay-report", "ebay", det_ebay, 15, NULL,
	  "an eBay report; this version does not read eBay yet" },
	{ "woocommerce-orders", "woocommerce", det_woo, 0, NULL,
	  "a WooCommerce order export; this version does not read WooCommerce yet" },
	{ "woocommerce-rest-json", "woocommerce", det_woo_json, 0, NULL,
	  "a WooCommerce REST order (JSON); this version does not read WooCommerce yet" },
	{ "paypal-activity", "paypal", det_paypal, 0, NULL,
	  "a PayPal activity download; this version does not read PayPal yet" },
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
