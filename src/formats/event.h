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

/* event.flags */
enum event_flag {
	/* the money of a sale (or refund) another export records as the sale:
	 * a Shopify Payments charge of an order the orders export holds. It
	 * maps as "Store payment" / "Store refund" (a clearing account), never
	 * as a sale, and stays on the deposit's summary in order mode */
	EVF_STORE = 1u << 0,
};

struct event {
	int64_t amount;      /* minor units, signed: negative = debit to seller */
	int64_t posted_days; /* days since 1970-01-01 of the posted date, as written */
	uint32_t line;       /* 1-based line in the source file */
	int32_t quantity;
	uint8_t kind;        /* enum event_kind */
	uint8_t flags;       /* EVF_* */
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

struct dep_spill;

struct deposit {
	char platform[16];          /* the platform's name (platforms.h) */
	char id[96];                /* settlement id (a parser's ids stay within
				     * 70 bytes: the pipeline may put a shop
				     * in front, PLATFORM_SHOPS) */
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
	/* set by the pipeline for a platform whose deposits carry the shop
	 * (PLATFORM_SHOPS): the shop, also the prefix "<shop>:" of id */
	char shop[32];
	/* the id as Xero's document numbers and references show it ("": id
	 * itself): a shop's deposit without its "<shop>:", or, when the shop
	 * is named in settings.json, with a short form of it in front
	 * ("<shop> <id>"); never the folder name (docs/shopify.md) */
	char shown_id[96];
	/* set by a parser for a deposit it delivers for the completeness
	 * ledger and the joins, not to be planned as it is: "unpaid" (orders
	 * not paid: imported as unpaid invoices only by a setting),
	 * "marketplace-channel" (orders a marketplace collected and pays out
	 * in its own settlement) */
	char leave[24];
	int unpaid;                 /* its documents are not paid (accounts
				     * receivable): no payments from a clearing
				     * account */
	int cumulative;             /* its amounts are the whole of what it
				     * stands for so far (a Shopify order's
				     * refunded amount): a later copy holding
				     * more adds the difference as a deposit of
				     * its own ("<id>-2") instead of conflicting */
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
	long rows;                  /* the file's data rows it holds (events'
				     * rows, counted by deposit_add, and rows
				     * without money: deposit_row) */
	uint32_t last_row;          /* the last row counted */
	char hash[33];              /* canonical content hash, set by normalize */
	int64_t events_sum;         /* set by normalize */
	/* events moved out to a temporary file while the parser holds the
	 * deposit open (spill.h): where its last chunk starts (+1; 0 = none)
	 * and how many there are; deposit_unspill puts them back */
	struct dep_spill *spill;
	int64_t spill_last;
	uint32_t nspill;
};

int deposit_init(struct deposit *d, const char *platform, const char *id,
		 const char *path);
void deposit_free(struct deposit *d);
/* Intern p[0..len) in d's pool as UTF-8: ASCII as it is, anything else
 * converted (text_append_utf8) through tmp. 0 or LL_ERROR. */
struct buf;
int deposit_intern_text(struct deposit *d, struct buf *tmp, const char *p, size_t len,
			uint32_t *id);

/* Append a copy of e; 0 or LL_ERROR. Its line counts as one of d's rows
 * (d->rows) unless it is the row counted last. */
int deposit_add(struct deposit *d, const struct event *e);
/* Count row `line` as one of d's rows (a summary, payout or continuation
 * row, or a row whose money could not be read), unless it is the row
 * counted last. */
void deposit_row(struct deposit *d, uint32_t line);
const char *deposit_str(const struct deposit *d, uint32_t id);
/* The id Xero's numbers and references show: shown_id when set, else id. */
const char *deposit_shown_id(const struct deposit *d);

/* The platform's title from the table of platforms (platforms.h), or the
 * name itself for a platform the table lacks. */
const char *platform_title(const char *platform);
/* What d is called in messages: "day" for a day summary (a day's orders of
 * a gateway, a refund of one), else the platform's noun from the table of
 * platforms ("settlement", "payout"); "payout" for a platform it lacks. */
const char *deposit_noun(const struct deposit *d);

#endif
