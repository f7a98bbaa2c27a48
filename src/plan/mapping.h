/*
 * mapping.h - the editable mapping tables and settings in mappings/.
 *
 * Each platform's mapping file (its row in the table of platforms names
 * it: amazon.csv, ...) maps (transaction type, amount type, amount
 * description) to a Xero account code, tax type and line description,
 * optionally with a tracking option per marketplace. '*' matches
 * anything; the most specific row wins (fewest '*'), then the earliest.
 * settings.json holds per-platform settings (a section each, named in the
 * table): contact, number templates, status, line amount type, posting
 * mode. Format: docs/mapping.md.
 */
#ifndef LL_MAPPING_H
#define LL_MAPPING_H

#include <stddef.h>

#include "formats/platforms.h"
#include "util/err.h"

struct mapping_row {
	char ttype[96], atype[96], adesc[128];
	char account[32];
	char tax_type[32];     /* as written: a code, or a {class} */
	char tax_code[32];     /* the Xero tax type for the organisation's country */
	char description[256];
	int track;        /* add the tracking option for the marketplace */
	int specificity;  /* number of non-'*' keys */
	int merge;        /* first row with the same account, tax, description
			   * and tracking: rows that post alike share one line */
	long line;        /* line in the CSV, for messages */
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

/* tax classes ({none}, {sales}, ...) -> Xero tax types, per country */
#define TAX_CLASSES_MAX 64

struct tax_class {
	char country[3];
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
	struct platform_settings s;
};

struct mappings {
	struct platform_map *pm;  /* one per row of the table of platforms */
	size_t npm;
	char country[3];          /* the organisation's country: GB, US, AU, NZ, ... */
	char timezone[64];        /* settings' "timezone": a zone, "organisation", or "" */
	struct tax_class classes[TAX_CLASSES_MAX];
	size_t nclasses;
	char hash[33];   /* of the files' bytes: a change means re-mapping */
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
 * AU, NZ built in; settings.json "tax_classes" adds or overrides). 0, or
 * LL_EPARSE naming the mapping line whose class the country lacks.
 */
int mappings_set_country(struct mappings *m, const char *country, struct ll_err *err);

/* The platform's table and settings, or NULL for a platform we do not know. */
const struct platform_map *mappings_for(const struct mappings *m, const char *platform);

/* The table and settings of the first platform with every bit of caps
 * (enum platform_cap), or NULL when no platform has them. */
const struct platform_map *mappings_with(const struct mappings *m, unsigned caps);

/* The mode a run records when --mode is not given: the settings' "mode" of
 * the platform with PLATFORM_RUN_MODE (MODE_SETTLEMENT without one). */
enum post_mode mappings_run_mode(const struct mappings *m);

/* The best row for the key, or NULL when nothing matches. */
const struct mapping_row *mappings_match(const struct platform_map *pm,
					 const char *ttype, const char *atype,
					 const char *adesc);

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
