/*
 * event.h - the normalized money event and the deposit it belongs to.
 *
 * Every money amount in a source becomes exactly one struct event: an
 * integer amount in minor units of the deposit's currency, its posted
 * date, the identifiers that say what it was (transaction type, amount
 * type, amount description, order, sku, marketplace) and where it came
 * from (file and line). Strings are interned in the deposit's strpool and
 * named by id. A struct deposit holds one settlement or payout
 * with its header (period, deposit date, total) and all its events; it
 * is the unit that is tied, de-duplicated, mapped and planned.
 */
#ifndef LL_EVENT_H
#define LL_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "util/strpool.h"

enum event_kind {
	EV_SALE = 0,      /* price of goods and shipping charged on an order */
	EV_TAX,           /* tax charged to the buyer */
	EV_PROMOTION,     /* discounts given (negative) */
	EV_REFUND,        /* money returned to a buyer (any refund row) */
	EV_FEE,           /* marketplace fees and their reversals */
	EV_WITHHELD_TAX,  /* tax the marketplace collects and remits itself */
	EV_REIMBURSEMENT, /* the marketplace paying the seller back */
	EV_RESERVE,       /* reserve held or released */
	EV_BALANCE,       /* balance carried between deposits, card charges */
	EV_OTHER
};

const char *event_kind_name(enum event_kind k);

enum { TAX_STATED_COVERS = 1, TAX_STATED_RATE = 2 };

struct event {
	int64_t amount;      /* minor units, signed: negative = debit to seller */
	int64_t posted_days; /* days since 1970-01-01 of the posted date, as written */
	uint32_t line;       /* 1-based line in the source file */
	int32_t quantity;
	uint8_t kind;        /* enum event_kind */
	/* an order that states its tax (Shopify orders' Tax N Name/Value,
	 * WooCommerce tax lines): its rate (all its tax lines together,
	 * percent x 10^4) and name, on each of the order's own amounts (sales,
	 * shipping, discounts, tax, refunds); tax_stated 0 = not stated,
	 * TAX_STATED_COVERS = the order's one tax covers this amount (Shopify:
	 * goods and shipping), TAX_STATED_RATE = only the rate (the amount's
	 * own tax is an amount of its own: WooCommerce) */
	uint8_t tax_stated;
	int32_t tax_rate;
	uint32_t tax_name;
	uint32_t ttype;      /* transaction type (Order, Refund, Subscription Fee, ...) */
	uint32_t atype;      /* amount type (ItemPrice, ItemFees, Promotion, ...) */
	uint32_t adesc;      /* amount description (Principal, Commission, ...) */
	uint32_t order_id;
	uint32_t adjustment_id; /* Amazon's adjustment id; a PayPal row's
				 * Transaction ID (the row it came from) */
	uint32_t sku;
	uint32_t marketplace;
	uint32_t party;         /* the other side as the source names it (a
				 * PayPal row's Name: payer or payee), or 0 */
};

struct deposit {
	char platform[16];          /* the platform's name (platforms.h) */
	char id[64];                /* settlement id */
	char currency[4];
	int exponent;               /* decimals of currency */
	char start_date[11], end_date[11], deposit_date[11];
	int64_t total;              /* header total-amount = the bank deposit */
	int has_header;
	/* the payment gateway the money went through ("" = the platform's
	 * own payouts), and whether this deposit is a day's sales of that
	 * gateway rather than a payout to the bank */
	char gateway[64];
	int day_summary;
	uint32_t header_line;
	const char *path;           /* source file (borrowed) */
	int64_t source_id;
	struct strpool pool;
	struct event *ev;
	size_t nev, evcap;
	long bad_rows;              /* rows of this deposit that were rejected */
	int partial;                /* the file holds only some of its rows (a
				     * WooCommerce day outside the export's
				     * range): a copy that is whole replaces it,
				     * and it never conflicts with one (normalize) */
	int account_day;            /* a day of a payment account's own activity
				     * (PayPal, "model": "account"): total = the
				     * day's change of the account's balance;
				     * each row a bank transaction in that
				     * account, transfers to and from the bank
				     * bank transfers (map_account.c) */
	char hash[33];              /* canonical content hash, set by normalize */
	int64_t events_sum;         /* set by normalize */
};

int deposit_init(struct deposit *d, const char *platform, const char *id,
		 const char *path);
void deposit_free(struct deposit *d);
/* Intern p[0..len) in d's pool as UTF-8: ASCII as it is, anything else
 * converted (text_append_utf8) through tmp. 0 or LL_ERROR. */
struct buf;
int deposit_intern_text(struct deposit *d, struct buf *tmp, const char *p, size_t len,
			uint32_t *id);

/* Append a copy of e; 0 or LL_ERROR. */
int deposit_add(struct deposit *d, const struct event *e);
const char *deposit_str(const struct deposit *d, uint32_t id);

/* The platform's title from the table of platforms (platforms.h), or the
 * name itself for a platform the table lacks. */
const char *platform_title(const char *platform);
/* What one of d's deposits is called in messages ("settlement", "payout"),
 * from the table of platforms; "payout" for a platform the table lacks. */
const char *deposit_noun(const struct deposit *d);

#endif
