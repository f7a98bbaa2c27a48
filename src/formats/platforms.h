/*
 * platforms.h - the table of platforms: everything about a platform that a
 * module other than its parser needs to know, in one row.
 *
 * A row gives the platform's name (what its parser writes into
 * deposit.platform, the state file's settlements.platform and the
 * {platform} template), its title for messages, the noun for one of its
 * deposits, the prefix of its document numbers, its mapping file and its
 * section of settings.json, its export formats (the registry rows that
 * formats_detect() searches), and the capabilities other modules branch
 * on. No module but this table and the platforms' own parsers names a
 * platform: they ask the table. Adding a platform is a parser, a row here,
 * a mapping file and a settings section (docs/adding-a-platform.md).
 */
#ifndef LL_PLATFORMS_H
#define LL_PLATFORMS_H

#include <stddef.h>

#include "formats/formats.h"

/* What other modules do differently for a platform: one bit each. */
enum platform_cap {
	/* Its mapping file must be in a mappings folder: a folder without it
	 * is not one (mappings_load fails, the default search passes it by).
	 * The other platforms' files are optional. */
	PLATFORM_MAPPING_REQUIRED = 1u << 0,
	/* When --mode is not given, a run records this platform's settings'
	 * "mode" as its mode (runs.mode in the state file). */
	PLATFORM_RUN_MODE = 1u << 1,
	/* Its payments may be sales another platform's export records (PayPal
	 * payments for a shop's orders): with "sales_recorded_by" in its
	 * settings, a Payment or Refund with the shop's invoice number maps as
	 * "Store payment" / "Store refund" (docs/woocommerce-paypal.md); without
	 * it, the plan warns when both sides hold the same days. */
	PLATFORM_PAYS_OTHERS_SALES = 1u << 2,
	/* It holds the seller's money in an account of its own (PayPal): with
	 * "model": "account" in its settings (the default) its activity is
	 * read as days of that account and each row is a bank transaction in
	 * it (parse.h struct parse_wallet, map_account.c); with "transfer",
	 * as deposits at its transfers to the bank. */
	PLATFORM_WALLET = 1u << 3,
	/* One state file may hold several shops of it, and its exports do not
	 * name the shop: the pipeline takes the shop from the settings' "shop"
	 * or the export's folder, and its deposit ids carry it
	 * ("<shop>:<id>", docs/shopify.md). */
	PLATFORM_SHOPS = 1u << 4,
	/* Its deposits state the period they cover (an Amazon settlement's
	 * start and end): coverage chains them end to start, a day between
	 * two is missing; other payouts are known by their day (their usual
	 * interval, util/coverage.h). */
	PLATFORM_PERIODS = 1u << 5,
};

struct platform_def {
	const char *name;          /* "amazon": deposits, state rows, {platform} */
	const char *title;         /* "Amazon": messages, the default contact */
	const char *deposit_noun;  /* "settlement" or "payout": messages, memos,
				    * order documents' references */
	const char *reference_noun;/* in the default reference template,
				    * "<title> <noun> {settlement} ({start} to {end})" */
	const char *prefix;        /* document numbers: "AMZ" -> AMZ-{settlement} */
	const char *mapping_file;  /* "amazon.csv" in the mappings folder */
	const char *settings;      /* "amazon": its section of settings.json */
	unsigned caps;             /* enum platform_cap bits */
	const struct format_def *formats; /* its export formats, in detection order */
	size_t nformats;
};

/* Number of platforms, and the i-th (NULL past the end); in table order,
 * which is also the order formats are detected in. */
size_t platforms_count(void);
const struct platform_def *platforms_get(size_t i);

/* The platform named name, or NULL for one the table lacks. */
const struct platform_def *platform_find(const char *name);

/* The first platform with every bit of caps, or NULL. */
const struct platform_def *platform_with(unsigned caps);

/* 1 if the platform named name has every bit of caps, else 0 (also for an
 * unknown name). */
int platform_has(const char *name, unsigned caps);

/* The platform a format of the registry (formats_detect) belongs to, or
 * NULL for a format that is not one of the table's. */
const struct platform_def *platform_of_format(const struct format_def *f);

#endif
