/*
 * settlements.h - the settlements table: one row per deposit (an Amazon
 * settlement, a payout, a day summary), with its totals, tie status and
 * what its documents sum to (docs/state.md).
 */
#ifndef LL_STORE_SETTLEMENTS_H
#define LL_STORE_SETTLEMENTS_H

#include <stdint.h>

#include "formats/event.h"
#include "store/state.h"

/* A deposit already recorded under a (platform, deposit id). */
struct store_settlement_seen {
	int64_t id;
	char status[16];          /* tied, untied, ... */
	char hash[33];            /* content hash, "" when none */
	int64_t source_id;        /* the source it was imported from */
	char path[1024];          /* that source's path, "" when gone */
	char format[64];          /* that source's format, "" when unknown */
	int64_t deposit_minor, events_minor;
	long event_count;
	int posted;               /* its documents that are posted */
	int has_currency;
	char currency[8];
	int partial;              /* its note says it is a partial copy */
	char deposit_id[96];      /* its id */
};

/* The row under (platform, deposit_id): 1 and *out, 0 when none, LL_ERROR. */
int store_settlement_find(struct state *st, const char *platform,
			  const char *deposit_id, struct store_settlement_seen *out,
			  struct ll_err *err);

/* A tied row of platform with this content hash (whatever its id: the
 * same deposit under another shop's name, docs/shopify.md): 1 and *out,
 * 0 when none, LL_ERROR. */
int store_settlement_find_content(struct state *st, const char *platform, const char *hash,
				  struct store_settlement_seen *out, struct ll_err *err);

/*
 * Record deposit d, from source source_id, with its status and note (NULL
 * ok), documents_minor 0, and set *id. fresh: no row exists under its id
 * (a plain INSERT); otherwise the row is inserted or updated in place,
 * keeping its id. 0 or LL_ERROR.
 */
int store_settlement_put(struct state *st, const struct deposit *d, int64_t source_id,
			 const char *status, const char *note, int fresh, int64_t *id,
			 struct ll_err *err);

/* documents_minor of settlement id: sum (what was just planned), or with
 * sum NULL the signed sum of its planned, posted and rejected documents. */
int store_settlement_set_documents(struct state *st, int64_t id, const int64_t *sum,
				   struct ll_err *err);

/* The tied settlements of other sources (not exclude_source) under id, or
 * under "<id>-N" (the differences a cumulative deposit added): their
 * deposits' sum into *sum, how many into *count, the first one's path into
 * path. 0 or LL_ERROR. */
int store_settlement_family(struct state *st, const char *platform, const char *id,
			    int64_t exclude_source, int64_t *sum, long *count, char *path,
			    size_t pathlen, struct ll_err *err);

/* A pair of files whose sales count twice: WooCommerce days paid through
 * PayPal that are also in PayPal transfers (pipeline's sales-twice). */
struct store_sales_twice {
	const char *woo_path, *paypal_path;
	int days;
	const char *first, *last;
};

/* Up to 20 such pairs, in path order, to fn; a non-zero return stops and
 * is returned. 0 or LL_ERROR. */
int store_settlement_sales_twice(struct state *st,
				 int (*fn)(void *ctx, const struct store_sales_twice *p),
				 void *ctx, struct ll_err *err);

#endif
