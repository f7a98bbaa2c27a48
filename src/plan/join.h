/*
 * join.h - what a deposit is once the other exports are known: the
 * decisions across files that make every order count once
 * (docs/completeness.md, "Every order once").
 *
 * The pipeline hands each delivered deposit to join_before() before it is
 * tied and admitted, and join_index() once it is recorded. join_before
 * names the shop of a platform with shops (PLATFORM_SHOPS: "<shop>:" in
 * front of its id), decides the deposits a parser delivered with a reason
 * to leave them (deposit.leave: orders not paid, a marketplace channel's
 * orders), joins a Shopify Payments payout with the orders export (charges
 * of orders it records become store payments, EVF_STORE), takes out of an
 * eBay orders report the orders a transaction report holds (the
 * transaction report's money wins), and turns a later, larger copy of a
 * Shopify order's refund into the difference. join_index records the
 * orders a deposit counts (store/orders.h), which the next decisions and
 * the warnings about the same order in two sources read.
 */
#ifndef LL_JOIN_H
#define LL_JOIN_H

#include <stdint.h>

#include "formats/event.h"
#include "formats/parse.h"
#include "plan/mapping.h"
#include "store/state.h"

/* what join_before decided */
enum join_verdict {
	JOIN_PLAN = 0,   /* go on: tie, admit, map the deposit (maybe changed) */
	JOIN_LEAVE       /* not planned: its rows are left out with the reason */
};

struct join_pair;   /* join.c */
struct join_orders; /* join.c */

struct join {
	struct state *st;
	const struct mappings *m;
	struct ll_err *err;
	/* the pipeline's: a message for the file, and rows' fates */
	int (*reject)(void *ctx, const char *path, long line, const char *severity,
		      const char *code, const char *message);
	int (*fate)(void *ctx, const char *currency, enum parse_fate fate,
		    const char *reason, long rows, int64_t amount);
	void *ctx;
	/* per file: what was joined or taken out, and with which file (one
	 * message each at the file's end) */
	struct join_pair *pairs;
	size_t npairs, cappairs;
	/* the orders of deposits not yet in the state file (join_index) */
	struct join_orders *pend;
};

/*
 * Decide deposit d of source source_id (its format, "" when not known),
 * delivered by its parser; d may be changed (its id, its events, their
 * flags). JOIN_PLAN, JOIN_LEAVE with *reason (the rows' fate: left out
 * for that reason; the caller records them and join_index for channel
 * orders), or LL_ERROR (err filled: the state file failed).
 */
int join_before(struct join *j, struct deposit *d, int64_t source_id, const char *format,
		const char **reason);

/*
 * Record the orders d counts (imported as settlement sid; 0 for a
 * deposit left out whose orders are still looked for: a marketplace
 * channel's). They reach the state file in statements of many rows, at
 * the latest in join_file_end: a lookup of orders join.c makes writes
 * them first when they could be among its answers. A caller that rolls
 * back the transaction they were recorded in calls join_discard. 0 or
 * LL_ERROR.
 */
int join_index(struct join *j, const struct deposit *d, int64_t source_id, int64_t sid,
	       const char *format);

/* The orders join_index recorded into the state file; then the file's
 * messages about what was joined or taken out (path: the file just read),
 * and forget them. 0 or LL_ERROR. */
int join_file_end(struct join *j, const char *path);

/* Forget the orders join_index recorded that are not in the state file
 * yet (their transaction was rolled back). */
void join_discard(struct join *j);

/* Frees what j holds (orders not written are forgotten). */
void join_free(struct join *j);

/* The shop a deposit of path belongs to (PLATFORM_SHOPS): s->shop when
 * set, else the name of the folder path is in (the current folder's for a
 * bare file name), letters, digits and . _ - kept, at most 24 bytes. */
void join_shop_name(const struct platform_settings *s, const char *path, char *out,
		    size_t outlen);

/* The short form of a shop named in settings.json that Xero's document
 * numbers and references carry (deposit.shown_id): without a trailing
 * ".myshopify.com", at most JOIN_SHOP_SHORT bytes, no trailing '-', '.'
 * or '_'. Into out (outlen > JOIN_SHOP_SHORT); returns out. */
#define JOIN_SHOP_SHORT 12
const char *join_shop_short(const char *shop, char *out, size_t outlen);

#endif
