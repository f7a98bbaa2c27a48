/*
 * paypal_cut.h - what the PayPal reader (parse_paypal.c) and the deposit
 * cutter (paypal_cut.c) share: a row as kept until the end of the file,
 * and the file's context. Private to those two files.
 */
#ifndef LL_PAYPAL_CUT_H
#define LL_PAYPAL_CUT_H

#include <stdint.h>

#include "formats/parse.h"
#include "formats/parse_mkt.h"
#include "formats/paypal_words.h"

struct tz;

struct pp_row {
	int64_t utc;          /* seconds, for ordering */
	int64_t days;         /* local date as written */
	int64_t local;        /* its date in the organisation's zone (days when none,
			       * or when the row's zone is not known) */
	int64_t gross, fee, net, balance;
	long line;
	uint32_t seq;         /* file order */
	char cur[4];
	char type[72];
	char txid[32];
	char ref[32];             /* Reference Txn ID: pairs conversion rows */
	char inv[40];
	char party[72];           /* Name: the payer or payee */
	uint32_t fx;              /* a conversion row replaced by the converted
				   * rows of another currency: index + 1 in
				   * ctx.fx */
	char date[24], time[16], zone[32];
	char amt[4][32];          /* Gross, Fee, Net, Balance as written, read
				   * once the file's decimal separator is known */
	unsigned has_bal : 1, bad : 1, skip : 1, withdrawal : 1, has_net : 1;
	unsigned cls : 4;         /* enum pp_class */
	unsigned done : 1;        /* on a deposit (counted in its rows) */
	unsigned why : 3;         /* enum pp_why: held back or left out, and why */
};

/* why a row is on no deposit (pp_fates; docs/completeness.md) */
enum pp_why {
	PW_NONE = 0,      /* skip: no-money; bad: unreadable */
	PW_PARTIAL,       /* held: its activity starts with a balance from before */
	PW_NO_TRANSFER,   /* held: after the last transfer of its currency */
	PW_UNTIED,        /* left: rows before a conversion that do not add up */
	PW_NO_EFFECT,     /* skip, left: a memo row, an authorization or a cart
			   * item (no-balance-effect) */
	PW_NOT_DONE,      /* skip, left: a status that says the payment did not
			   * happen (not-completed) */
	PW_ZERO           /* left: a row of a day with Gross and Fee 0 (no-money) */
};

/* the rows [a, j] of a currency never withdrawn, converted by row j; they
 * replace the other row of the pair in a withdrawn currency's deposit */
struct pp_fx_seg {
	size_t a, j;
	int64_t open, close;  /* balance carried in, left after the conversion */
	int64_t paid;         /* their sum in their currency (= -gross of j) */
};

struct pp_ctx {
	const char *path;
	const struct parse_sink *sink;
	struct parse_stats *stats;
	struct mkt_set set;
	struct pp_row *rows;
	size_t n, cap;
	struct pp_fx_seg *fx;
	size_t nfx, fxcap;
	long attached;        /* rows attached to the deposit being closed */
	/* zone names of the Time Zone column opened from the zoneinfo (with
	 * an organisation's zone only), and those that could not be */
	struct tz *zones[8];
	char znames[8][32];
	size_t nzones;
};

/* The amount type and event kind of a row's Gross, by its class. */
const char *pp_row_atype(const struct pp_row *p, enum event_kind *k);

/*
 * Cut the rows (sorted by currency, then time) into deposits in c->set,
 * reporting what cannot be imported. 0, or LL_ERROR out of memory.
 */
int pp_cut(struct pp_ctx *c);

/* The amount description of a row's Gross: the payee of a payment sent (so
 * purchases map by payee), else the type as written. */
const char *pp_row_adesc(const struct pp_row *p);

/*
 * The account model (paypal_days.c): cut the rows (sorted as for pp_cut)
 * into days of the account per currency, each a deposit whose total is the
 * day's change of the Balance column and whose events are its rows; the
 * opening and closing balance of each currency are reported in a note.
 * 0, or LL_ERROR out of memory.
 */
int pp_days(struct pp_ctx *c, const struct parse_wallet *w);

/* Every row that is on no deposit (not done), to the sink's fates with its
 * reason (after pp_cut or pp_days): held back (partial-transfer,
 * no-transfer) or left out (no-balance-effect, not-completed, no-money,
 * untied, unreadable). 0 or the sink's answer. */
int pp_fates(struct pp_ctx *c);

#endif
