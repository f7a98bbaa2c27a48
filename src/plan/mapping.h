/*
 * mapping.h - the editable mapping tables and settings in mappings/.
 *
 * Each platform's mapping file (its row in the table of platforms names
 * it: amazon.csv, ...) maps (transaction type, amount type, amount
 * description) to a Xero account code, tax type and line description,
 * optionally with a tracking option per marketplace. A row may also name
 * a marketplace and a date range (valid_from, valid_to): it then applies
 * only to amounts of that marketplace posted in that range. '*' matches
 * anything; among the rows that apply, the most specific wins (fewest
 * '*'), then a dated one, then the earliest. settings.json holds
 * per-platform settings (a section each, named in the table): contact,
 * number templates, status, line amount type, posting mode, the tax of
 * sales per marketplace; and the organisation-wide ones (country, time
 * zone, tax classes, US sales tax). Tax types resolve against the tax
 * rates of the organisation's edition (taxrates.h). Format:
 * docs/mapping.md; the shipped tables per country: docs/tax.md.
 */
#ifndef LL_MAPPING_H
#define LL_MAPPING_H

#include <stddef.h>
#include <stdint.h>

#include "formats/platforms.h"
#include "plan/taxrates.h"
#include "util/err.h"

struct mapping_row {
	char ttype[96], atype[96], adesc[128];
	char account[32];
	char tax_type[32];     /* as written: a code, or a {class} */
	char tax_code[32];     /* the Xero tax type for the organisation's country */
	char description[256];
	int track;        /* add the tracking option for the marketplace */
	char marketplace[64]; /* only amounts of this marketplace; "*" = any */
	int64_t from_days, to_days; /* valid_from..valid_to (days since
				     * 1970), INT64_MIN/MAX when open */
	int dated;        /* has valid_from or valid_to */
	int specificity;  /* number of non-'*' keys (marketplace included) */
	int merge;        /* first row with the same account, tax, description
			   * and tracking: rows that post alike share one line */
	long line;        /* line in the CSV, for messages */
	uint32_t key_id[4]; /* ttype, atype, adesc, marketplace folded to
			     * lower case and interned (0 = '*'): the
			     * lookup's index (mapping_index.c) */
};

enum post_mode { MODE_SETTLEMENT = 0, MODE_ORDER };

#define MAP_CLEARING_MAX 16
enum negative_as { NEG_CREDIT_NOTE = 0, NEG_BILL };
/* where the money of a negative order-mode payout comes from: the bank
 * (the platform debits it: a transfer bank -> clearing), or the seller's
 * card or the next payout (Amazon: no transfer; the carried-balance
 * account takes it, docs/mapping.md) */
enum negative_payout { NEGPAY_TRANSFER = 0, NEGPAY_CARRIED };

struct platform_settings {
	enum post_mode mode;
	char contact[128];
	char number[128];        /* settlement document: <prefix>-{settlement} */
	char month_number[128];  /* a month part: <prefix>-{settlement}-{month} */
	char order_number[128];  /* per-order invoice: <prefix>-{order} */
	char refund_number[128]; /* per-order credit note */
	char reference[256];
	char status[16];         /* DRAFT | SUBMITTED | AUTHORISED */
	char line_amount_types[16]; /* Exclusive | Inclusive | NoTax */
	/* month ends (docs/mapping.md): a deposit whose events fall in
	 * several months is one part per month; the earlier parts roll their
	 * balance forward on carried_account (total 0), the last equals the
	 * deposit. Default on for the platforms with a default
	 * carried_account (mapping.c); a split needs one */
	int split_months;
	enum negative_as negative;        /* default NEG_BILL */
	enum negative_payout negative_payout;
	char carried_account[32];         /* "carried_balance_account" */
	char carried_tax_type[32];        /* as written, default {none} */
	char carried_tax_code[32];        /* resolved for the country */
	char fallback_account[32];
	char fallback_tax_type[32];
	char fallback_tax_code[32];
	char tracking_category[64];
	int due_days;
	/* payments (docs/mapping.md): AUTHORISED documents of an order-mode
	 * deposit, or of a day summary, are paid from the clearing account of
	 * their gateway; an order-mode payout is a bank transfer from that
	 * clearing account to bank_account */
	int payments;            /* 0 = never; default 1 */
	struct account_choice {
		char key[72];        /* "<gateway> <CUR>", "<gateway>", "<CUR>" or "*" */
		char code[32];
	} clearing[MAP_CLEARING_MAX], bank[MAP_CLEARING_MAX];
	size_t nclearing, nbank;
	/* a platform with PLATFORM_PAYS_OTHERS_SALES: the shop whose exports
	 * record these sales (a platform's name): Payment and Refund rows that
	 * carry an invoice number (starting with invoice_prefix when set) map
	 * as "Store payment" / "Store refund", to a clearing account, so the
	 * sales count once (docs/woocommerce-paypal.md) */
	char sales_recorded_by[32];
	char invoice_prefix[32];
	/* "marketplace_tax": the tax type of the sale's own amounts (sales,
	 * shipping, promotions, refunds and their tax lines) by the amount's
	 * marketplace, tried as written, then "*" (docs/mapping.md) */
	struct mkt_tax {
		char key[72];
		char tax_type[32];   /* as written: a code or a {class} */
		char tax_code[32];   /* resolved */
	} mtax[MAP_CLEARING_MAX];
	size_t nmtax;
	/* "sales_tax_account": where a tax line goes when the sale it belongs
	 * to bears no tax in the organisation's return (zero-rated or outside
	 * scope), or has no line to join ("" = fallback_account) */
	char tax_account[32];
	/* a platform with PLATFORM_WALLET (PayPal; docs/woocommerce-paypal.md):
	 * "model" "account" (the default: its rows are bank transactions in
	 * an account of its own per currency, "account", whose code may hold
	 * {currency}) or "transfer" (deposits at its transfers to the bank);
	 * "bank_transactions" "row" (one per row) or "day" (a summary per day
	 * and type); "opening_balance" per currency, for files whose rows
	 * state no Balance */
	int account_model;
	int day_summaries;
	struct account_choice own[MAP_CLEARING_MAX];
	size_t nown;
	struct {
		char currency[4];
		char amount[32];
	} opening[MAP_CLEARING_MAX];
	size_t nopening;
	/* a platform with PLATFORM_SHOPS: the shop its deposit ids carry
	 * ("" = the name of the folder each export is in; docs/shopify.md),
	 * and whether orders not paid are imported as unpaid invoices
	 * ("unpaid_orders": "invoice") or only listed ("list", the default) */
	char shop[32];
	int unpaid_invoices;
};

/* settings' "us_sales_tax": orders that state their tax (Shopify orders,
 * WooCommerce, eBay) in a US organisation: on a Xero tax rate of the
 * stated rate (made when missing), or on the sales-tax account as the
 * mapping rows say */
enum us_sales_tax { US_TAX_RATE = 0, US_TAX_ACCOUNT };

/* tax classes ({none}, {sales}, ...) -> Xero tax types, per country */
#define TAX_CLASSES_MAX 64

struct tax_class {
	char country[8];   /* the edition: GB, US, AU, NZ or GLOBAL */
	char name[32];
	char code[32];
};

/* one platform's table (its mapping file) and settings (its section of
 * settings.json) */
struct platform_map {
	const struct platform_def *def; /* its row in the table of platforms */
	const char *name;        /* def->name */
	const char *title;       /* def->title, for messages */
	int loaded;              /* its mapping file was found */
	struct mapping_row *rows;
	size_t n;
	struct mapping_index *ix; /* rows by their keys (mapping_index.c); owned */
	struct platform_settings s;
};

struct mappings {
	struct platform_map *pm;  /* one per row of the table of platforms */
	size_t npm;
	char country[3];          /* the organisation's country: GB, US, AU, NZ, ... */
	char edition[8];          /* settings' "country": the edition the tables
				   * are written for (GB, US, AU, NZ, GLOBAL) */
	char timezone[64];        /* settings' "timezone": a zone, "organisation", or "" */
	struct tax_class classes[TAX_CLASSES_MAX];
	size_t nclasses;
	enum us_sales_tax us_sales_tax;
	/* the tax rates tax types resolve against: the edition's defaults, or
	 * the organisation's (mappings_set_rates); owned. Mapping may make a
	 * rate through rates.make, so it is reached through a pointer. */
	struct taxrates *rates;
	/* the {zero} and {none} classes (mappings_class_code) resolved against
	 * the rates as they were at the last mappings_set_country,
	 * mappings_set_rates or mappings_rehash (a rate made while mapping is
	 * not 0%: it never changes them); "" = the edition has none */
	char zero_code[32], none_code[32];
	char files_hash[33];      /* of the files' bytes */
	char hash[33];   /* of the files and the tax rates: a change means re-mapping */
	char dir[1024];
};

/*
 * Load dir/<mapping file> for every platform that has one (the files of
 * platforms with PLATFORM_MAPPING_REQUIRED must be there) and
 * dir/settings.json. Errors name the file and line. Caller frees with
 * mappings_free.
 */
int mappings_load(struct mappings **out, const char *dir, struct ll_err *err);
void mappings_free(struct mappings *m);

/*
 * Resolve every {class} tax type for the organisation's country (GB, US,
 * AU, NZ and the global edition built in; settings.json "tax_classes"
 * adds or overrides), against the default tax rates of its edition. 0, or
 * LL_EPARSE naming the mapping line whose class the country lacks.
 */
int mappings_set_country(struct mappings *m, const char *country, struct ll_err *err);

/*
 * Resolve the tax types against the organisation's own rates instead
 * (run, after GET TaxRates): a type the organisation lacks is replaced by
 * its rate of the same ReportTaxType and rate, when it has one (else left
 * for pre-flight to report). Takes the rates (*rates is emptied). The
 * mapping hash changes with them. 0 or LL_ERROR.
 */
int mappings_set_rates(struct mappings *m, struct taxrates *rates, struct ll_err *err);

/* The mapping hash again, with the rates as they are now (run made some
 * while mapping: a later plan that reads them must find the same hash). */
void mappings_rehash(struct mappings *m);

/* The code of tax class name ("zero", "none", ...) for the organisation's
 * edition, resolved against its rates; "" when the class is unknown. */
const char *mappings_class_code(const struct mappings *m, const char *name, char *out,
				size_t outlen);

/* The effective rate of a resolved tax type (percent x 10^4), or 0 when
 * the rates do not know it. */
int64_t mappings_rate_of(const struct mappings *m, const char *code);

/*
 * The mappings folder for a country inside dir: dir/<CC> when it holds a
 * mappings folder, else dir/GLOBAL for a country of Xero's global edition
 * when that holds one, else dir itself. Into out; returns out.
 */
const char *mappings_country_dir(char *out, size_t outlen, const char *dir,
				 const char *country);

/* The platform's table and settings, or NULL for a platform we do not know. */
const struct platform_map *mappings_for(const struct mappings *m, const char *platform);

/* The table and settings of the first platform with every bit of caps
 * (enum platform_cap), or NULL when no platform has them. */
const struct platform_map *mappings_with(const struct mappings *m, unsigned caps);

/* The mode a run records when --mode is not given: the settings' "mode" of
 * the platform with PLATFORM_RUN_MODE (MODE_SETTLEMENT without one). */
enum post_mode mappings_run_mode(const struct mappings *m);

/* The best row for the key, or NULL when nothing matches (rows with a
 * marketplace or a date range never match here). Keys compare without
 * case (ASCII); the rows are found through an index built at load, with
 * the same choice as a scan of the rows in file order. */
const struct mapping_row *mappings_match(const struct platform_map *pm,
					 const char *ttype, const char *atype,
					 const char *adesc);

/* The best row for the key of an amount of marketplace posted on days:
 * rows whose marketplace and date range admit it; the most specific, then
 * a dated one, then the earliest. NULL when nothing matches. */
const struct mapping_row *mappings_match_at(const struct platform_map *pm,
					    const char *ttype, const char *atype,
					    const char *adesc, const char *marketplace,
					    int64_t days);

/* The class of a day for the table's date ranges: days of one class are
 * admitted by the same rows (valid_from..valid_to), so they match alike.
 * For keying memoised matches; classes are ordered like the days. */
uint32_t mappings_day_class(const struct platform_map *pm, int64_t days);

/* The resolved "marketplace_tax" code for a marketplace ("" = the "*"
 * entry), or NULL when the setting has none for it. */
const char *mapping_marketplace_tax(const struct platform_settings *s,
				    const char *marketplace);

/* 1 if the platform's table has rows with a marketplace or a date range
 * (matching then depends on the amount's marketplace and date). */
int mappings_depend_on_amount(const struct platform_map *pm);

/*
 * Expand a template: {settlement}, {order}, {month}, {start}, {end},
 * {marketplace}, {platform}. Unknown names are copied as written.
 * Returns 0 or LL_EPARSE if the result does not fit.
 */
struct tmpl_vars {
	const char *settlement, *order, *month, *start, *end, *marketplace,
		*platform;
};
int mapping_expand(char *out, size_t outlen, const char *tmpl,
		   const struct tmpl_vars *v);

/* The clearing (bank) account for money of a gateway in a currency: the
 * first key that matches of "<gateway> <CUR>", "<gateway>", "<CUR>", "*"
 * (case-insensitive), or NULL when none is configured. */
const char *mapping_clearing_account(const struct platform_settings *s,
				     const char *gateway, const char *currency);
const char *mapping_bank_account(const struct platform_settings *s, const char *currency);

/* The code of the platform's own account in currency (settings "account",
 * e.g. "PP{currency}" -> "PPUSD") into out; 0, or LL_EPARSE when none is
 * configured or it does not fit. */
int mapping_own_account(const struct platform_settings *s, const char *currency, char *out,
			size_t outlen);

/* "settlement" (also "payout") or "order" -> *out; LL_EUSAGE otherwise. */
int mapping_parse_mode(const char *s, enum post_mode *out);

/* 1 if dir holds a mappings folder's files: the mapping file of every
 * platform with PLATFORM_MAPPING_REQUIRED, and settings.json; else 0. */
int mappings_dir_ok(const char *dir);

/* The files mappings_dir_ok looks for, for messages ("amazon.csv,
 * settings.json"). Into out (truncated to outlen); returns out. */
const char *mappings_required_files(char *out, size_t outlen);

#endif
