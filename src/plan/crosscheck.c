/*
 * crosscheck.c - what the pipeline says across files and on standard error
 * (crosscheck.h): the errors and warnings printed as they come (the first
 * PIPELINE_SHOWN of a run), and, once every file is read, the warnings
 * about sales two sources count: a store's PayPal days in PayPal's
 * transfers (sales-twice), the same order in two platforms' exports
 * (same-order, store_orders_pairs; docs/completeness.md).
 */
#include "plan/crosscheck.h"

#include <stdio.h>
#include <string.h>

#include "formats/event.h"
#include "formats/platforms.h"
#include "store/orders.h"
#include "store/rejects.h"
#include "store/settlements.h"
#include "util/log.h"

/* An error or warning on standard error: the first PIPELINE_SHOWN of the
 * run (all of them with -v), the others counted for "and N more". */
void pipeline_show(struct pipeline_result *res, const char *path, long line, const char *sev,
		 const char *code, const char *msg)
{
	if (strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0) {
		log_debug("%s:%ld: %s: %s", path, line, sev, msg);
		return;
	}
	if (res->shown >= PIPELINE_SHOWN && log_get_level() < LOG_VERBOSE) {
		res->not_shown++;
		return;
	}
	res->shown++;
	/* "file:line: message", as a compiler says it; warnings say so; a
	 * file not read: "file: skipped: why" */
	if (!strcmp(code, "skipped") && path && path[0] && line <= 0)
		log_info("%s: skipped: %s", path, msg);
	else if (!path || !path[0])
		log_info("%s: %s [%s]", sev, msg, code);
	else if (line > 0)
		log_info("%s:%ld: %s%s [%s]", path, line, *sev == 'w' ? "warning: " : "", msg,
			 code);
	else
		log_info("%s: %s%s [%s]", path, *sev == 'w' ? "warning: " : "", msg, code);
}

struct sales_twice {
	struct state *st;
	struct pipeline_result *res;
	struct ll_err *err;
};

static int sales_twice_one(void *ctx, const struct store_sales_twice *p)
{
	struct sales_twice *w = ctx;
	char msg[1400];

	snprintf(msg, sizeof(msg),
		 "sales counted twice: %d day(s) of WooCommerce orders paid through "
		 "PayPal (%s to %s) in %.400s are also PayPal payments in the transfers "
		 "of %.400s; set \"sales_recorded_by\": \"woocommerce\" in the \"paypal\" "
		 "section of settings.json so PayPal's payments for store orders post to "
		 "the clearing account (8180) instead of sales",
		 p->days, p->first, p->last, p->woo_path, p->paypal_path);
	pipeline_show(w->res, "", 0, "warning", "sales-twice", msg);
	return store_reject_add(w->st, 0, "", 0, "warning", "sales-twice", msg, w->err);
}

/*
 * WooCommerce orders paid through PayPal are sales in the day summaries and
 * again payments in the PayPal transfers that hold those days. Unless
 * paypal.sales_recorded_by says which side records the sales, warn once a
 * run per pair of files, with both names and the settings that fix it.
 */
static int warn_sales_twice(struct state *st, const struct mappings *m,
			    struct pipeline_result *res, struct ll_err *err)
{
	const struct platform_map *pp = mappings_with(m, PLATFORM_PAYS_OTHERS_SALES);
	struct sales_twice w = { st, res, err };

	if (!pp || pp->s.sales_recorded_by[0])
		return 0;
	return store_settlement_sales_twice(st, sales_twice_one, &w, err);
}

struct same_orders {
	struct state *st;
	struct pipeline_result *res;
	struct ll_err *err;
};

static int same_order_one(void *ctx, const struct store_order_pair *p)
{
	struct same_orders *w = ctx;
	char msg[1600];

	if (!strcmp(p->role_a, "channel"))
		snprintf(msg, sizeof(msg),
			 "%lld %s order(s) of a marketplace channel in %.400s (e.g. %.40s, %s to "
			 "%s) are %s sales in %.400s: imported once, from %s (the channel's "
			 "orders are never imported from %s)", (long long)p->orders,
			 platform_title(p->platform_a), p->path_a, p->example, p->first, p->last,
			 platform_title(p->platform_b), p->path_b, platform_title(p->platform_b),
			 platform_title(p->platform_a));
	else
		snprintf(msg, sizeof(msg),
			 "%lld order(s) are sales both in %.400s (%s) and in %.400s (%s), with "
			 "the same number, amount and day (e.g. %.40s, %s to %s): counted twice "
			 "unless one side takes the other's as payments; for a store and "
			 "PayPal, \"sales_recorded_by\" in the \"paypal\" section of "
			 "settings.json makes PayPal's payments for store orders clearing-account"
			 " moves", (long long)p->orders, p->path_a, platform_title(p->platform_a),
			 p->path_b, platform_title(p->platform_b), p->example, p->first, p->last);
	pipeline_show(w->res, "", 0, "warning", "same-order", msg);
	return store_reject_add(w->st, 0, "", 0, "warning", "same-order", msg, w->err);
}

/* The same orders in sources of two platforms (store_orders_pairs): one
 * warning per pair of files, naming both. */
static int warn_same_orders(struct state *st, struct pipeline_result *res, struct ll_err *err)
{
	struct same_orders w = { st, res, err };

	return store_orders_pairs(st, same_order_one, &w, err);
}

int pipeline_cross_warnings(struct state *st, const struct mappings *m,
			    struct pipeline_result *res, struct ll_err *err)
{
	int rc = warn_sales_twice(st, m, res, err);

	return rc ? rc : warn_same_orders(st, res, err);
}
