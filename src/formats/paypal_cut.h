/*
 * paypal_cut.h - what the PayPal reader (parse_paypal.c) and the deposit
 * cutters (paypal_cut.c, paypal_days.c: every row in memory, sorted;
 * paypal_stream.c: a time-ordered file's rows as they come) share: a row,
 * and the file's context. Private to those files.
 */
#ifndef LL_PAYPAL_CUT_H
#define LL_PAYPAL_CUT_H

#include <stdint.h>

#include "formats/parse.h"
#include "formats/parse_mkt.h"
#include "formats/paypal_rows.h"
#include "formats/paypal_words.h"
#include "formats/spill.h"

struct tz;
struct pp_cache;

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
	char date[12];            /* as written, its first 11 bytes (the key of
				   * a row without a Transaction ID) */
	char time[16];
	unsigned has_bal : 1, bad : 1, skip : 1, withdrawal : 1, has_net : 1;
	unsigned cls : 4;         /* enum pp_class */
	unsigned done : 1;        /* on a deposit (counted in its rows) */
	unsigned why : 3;         /* enum pp_why: held back or left out, and why */
};

/* A row's cells that only reading needs, kept beside it (a store of
 * their own, same index) until they are read: its date and zone, and its
 * Gross, Fee, Net and Balance as written, read once the file's decimal
 * separator is known. */
struct pp_text {
	char date[24], zone[32];
	char amt[4][32];
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
	struct pp_store store;   /* every row of the file, as read */
	/* the rows in memory: all of them, sorted (PP_SORT_MEMORY); or,
	 * streaming, the rows of one instant (account model) */
	struct pp_row *rows;
	size_t n, cap;
	struct pp_cache *cache;  /* rows NULL: the sorted store's blocks (pp_at) */
	int row_err;             /* a row could not be read or written back */
	long attached;        /* rows attached to the deposit being closed */
	/* zone names of the Time Zone column opened from the zoneinfo (with
	 * an organisation's zone only), and those that could not be */
	struct tz *zones[8];
	char znames[8][32];
	size_t nzones;
};

/*
 * Row i of the sorted rows: &c->rows[i], or (c->rows NULL) in one of a few
 * cached blocks of c->store, its file sorted (paypal_index.c); write 1 when
 * the caller changes it. Valid until the next pp_at. On a read error,
 * c->row_err is set and a skipped row stands in.
 */
struct pp_row *pp_at(struct pp_ctx *c, size_t i, int write);
/* The cache's blocks freed (changes not written back). */
void pp_at_free(struct pp_ctx *c);

/* What pp_cut knows of a file's currencies and conversions, in memory
 * bounded by the budget (paypal_index.c). */
struct pp_conv {
	struct pp_cur_wd {
		char cur[4];
		int withdrawn, converts;
	} *curs;
	size_t ncur, cap;
	int any;                 /* a currency never withdrawn converts */
	struct pp_store keys;    /* the rows a conversion pairs with, by key */
	struct pp_store fx;      /* struct pp_fx_seg, in order of their row j */
	unsigned char *taken;    /* a bit a row: paired with a conversion */
};
/* Read the rows once (twice when a currency never withdrawn converts):
 * which currencies are withdrawn, the pairing keys sorted. 0 or LL_ERROR
 * (out of memory, a temporary file: x->keys.err, c->store.err). */
int pp_conv_init(struct pp_conv *x, struct pp_ctx *c);
void pp_conv_free(struct pp_conv *x);
/* 1 if cur has a transfer to the bank in this file */
int pp_conv_withdrawn(const struct pp_conv *x, const char *cur);
/* The row conversion J (of a currency never withdrawn) pairs with, as
 * pp_cut's rule says: the first in sorted order, not taken, a conversion
 * in a withdrawn currency of the opposite sign linked by Reference Txn ID
 * (or, neither having one, at the same instant); (size_t)-1 if none, or on
 * a read error (*err set). */
size_t pp_conv_pair(struct pp_conv *x, const struct pp_row *J, int *err);
/* Row k is paired. */
void pp_conv_take(struct pp_conv *x, size_t k);

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
/* The same for one row whose fate is settled. */
int pp_fate(struct pp_ctx *c, const struct pp_row *p);

/*
 * Transfer model, streaming (paypal_stream.c): the deposit of transfer W
 * from the rows since the previous transfer, kept in win (nonskip of them
 * not skipped; first: the first usable row with a date, or NULL), as
 * close_segment makes it; the window's rows' fates said. 0, LL_ERROR out
 * of memory, or the sink's answer.
 */
int pp_close_window(struct pp_ctx *c, struct pp_store *win, size_t nonskip,
		    const struct pp_row *first, const struct pp_row *W, int64_t open,
		    int has_open);

/* Account model: one currency's days, a row at a time (paypal_days.c). */
struct pp_day {
	char cur[4];
	int e;
	int64_t run, open;
	int have, any_bal, started;
	long rows, first_line, last_line;
	char from[160];
};
void pp_day_begin(struct pp_day *st, const char *cur);
/* Row p (the next in sorted order, rows of one instant chained) on its
 * day; p->done / p->why set. 0 or LL_ERROR out of memory. */
int pp_day_row(struct pp_ctx *c, struct pp_day *st, struct pp_row *p,
	       const struct parse_wallet *w);
/* The currency's opening and closing balance note. */
void pp_day_end(struct pp_ctx *c, struct pp_day *st);
/* Rows [i, j) of c->rows, one instant: in the order their Balance cells
 * chain from prev (has_prev 0: unknown). */
void pp_chain_instant(struct pp_ctx *c, size_t i, size_t j, int64_t prev, int has_prev);

/* What the reader learnt of one currency's rows (parse_paypal.c). */
struct pp_cur {
	char cur[4];
	int64_t last;         /* the last instant seen, in file order */
	int seen, asc, desc;  /* in time order, oldest / newest first */
	int withdrawn, converts;
	long undated;         /* rows without an instant (utc 0) */
};
#define PP_MAX_CURS 16

/* ... and of the file's order */
struct pp_order {
	struct pp_cur curs[PP_MAX_CURS];
	size_t ncur;
	int no_stream;  /* more currencies than PP_MAX_CURS, or a date
			 * before 1970 */
};

/* A dated row (in file order): the stats' date range, its currency's
 * order, transfers and conversions. */
void pp_note_row(struct pp_order *o, struct parse_stats *stats, const struct pp_row *p);

/* How a file is cut: */
enum pp_way {
	PP_STREAM = 0,   /* as its rows stream past: each currency in time order */
	PP_SORT_STREAM,  /* the same once the store is sorted (pp_store_sort) */
	PP_SORT_MEMORY,  /* every row in memory, sorted, by pp_cut or pp_days:
			  * (account model) no_stream, or
			  * LEDGERLIFT_PAYPAL_SORT=1 (tests) */
	PP_SORT_CUT      /* the store sorted (pp_store_sort), then cut by pp_cut
			  * through pp_at (transfer model): a currency never
			  * withdrawn that converts into another, or no_stream */
};
enum pp_way pp_way(const struct pp_order *o, int by_day);
/*
 * Cut a time-ordered file's rows (c->store; curs: its currencies, each in
 * order one way) into deposits as they stream past, exactly as pp_cut or
 * pp_days (w != NULL) with pp_fates would after the sort, holding only
 * the rows since the last transfer (in a store of their own) or of one
 * instant. 0, LL_ERROR (out of memory, a temporary file: c->store.err or
 * mkt_errmsg(&c->set)), or the sink's answer.
 */
int pp_stream(struct pp_ctx *c, struct pp_cur *curs, size_t ncur,
	      const struct parse_wallet *w);

#endif
