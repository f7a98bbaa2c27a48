/*
 * spill.h - a file's open deposits in bounded memory (issue 15 item 3).
 *
 * The one-file exports (WooCommerce, Shopify, Amazon Date Range reports,
 * PayPal, eBay) assemble each deposit from rows anywhere in the file, so a
 * parser holds every open deposit until the file ends. With a spill, a
 * parser that holds more events and strings than the spill's budget moves
 * them out to a temporary file: each deposit keeps its header (id, dates,
 * totals, counts) in memory and the events it had so far become a chunk
 * in the file, chained to its earlier chunks. Adding to a spilled deposit
 * goes on as before (a fresh pool, a fresh event array). Before anything
 * reads a deposit's events (a finish step, delivery), deposit_unspill puts
 * its chunks back in front of what it holds now, in the order they were
 * added, with every string re-interned: the deposit is then exactly what
 * it would have been without the spill (same events, same order, same
 * string ids, as ids are given in order of first appearance).
 *
 * Memory is then the largest deposit plus the budget plus one header per
 * open deposit. The temporary file is made in $TMPDIR (else /var/tmp, else
 * /tmp) and unlinked at once: nothing is left behind, whatever happens.
 */
#ifndef LL_SPILL_H
#define LL_SPILL_H

#include <stddef.h>
#include <stdint.h>

#include "formats/event.h"

/* Events and strings a file's open deposits may hold before a spill. */
#define SPILL_BUDGET_DEFAULT (16u * 1024 * 1024)

struct dep_spill {
	int fd;          /* the temporary file, -1 until the first spill */
	int64_t end;     /* its length: where the next chunk goes */
	size_t budget;   /* bytes held before spill_check spills */
	long chunks;     /* chunks written, for tests and benchmarks */
	unsigned calls;  /* spill_check calls since it last summed */
	char err[160];   /* what failed, for the caller's message */
	/* I/O buffers (SPILL_IOBUF each, made with the file): bytes not yet
	 * written, [end - wlen, end), and the window read last */
	char *wbuf, *rbuf;
	size_t wlen, rlen;
	int64_t rstart;
};

#define SPILL_IOBUF (64u * 1024)

/* Start a spill with the default budget, or the one the environment's
 * LEDGERLIFT_SPILL_BUDGET names in bytes (a test and tuning knob: 1
 * spills at every check). No file is made until the first spill. */
void spill_init(struct dep_spill *s);
/* Close (and so free) the temporary file. */
void spill_free(struct dep_spill *s);

/* Bytes of events and strings d holds in memory. */
size_t deposit_held(const struct deposit *d);

/*
 * Move d's events and strings to s's file and start it afresh; its header
 * stays. Only where the caller holds no event index or string id of d
 * that it will use afterwards. 0, or LL_ERROR with s->err set (the file
 * could not be made or written: d is unchanged). Small chunks wait in the
 * write buffer, so a write failure may show only at a later call, when
 * the deposits spilled before it can no longer be read back: after any
 * LL_ERROR the caller gives up the whole file (as every parser does).
 */
int deposit_spill(struct deposit *d, struct dep_spill *s);

/*
 * Put d's spilled events back in front of those it holds, in order, its
 * strings re-interned: d as if it had never been spilled. A no-op for a
 * deposit never spilled. 0, or LL_ERROR with d->spill->err set.
 */
int deposit_unspill(struct deposit *d);

/*
 * A safe point of the parser (no event index or string id of any of
 * ds[0..n) held; NULL entries, deposits already handed on or parked whole,
 * are passed over): when they hold more than s->budget bytes, spill every
 * one holding any events, so that memory falls back to their headers.
 * Cheap to call per row: it sums only every SPILL_CHECK_EVERY calls.
 * 0 or LL_ERROR (s->err set).
 */
/*
 * A record of len bytes at p appended to s's file (made at the first
 * write), *off where it starts: what a caller keeps beside its chunks
 * (mkt_set.c: a complete deposit's header). 0 or LL_ERROR (s->err set).
 */
int spill_put(struct dep_spill *s, const void *p, size_t len, int64_t *off);
/* len bytes at off of s's file into p. 0 or LL_ERROR (s->err set). */
int spill_get(struct dep_spill *s, void *p, size_t len, int64_t off);

/* What the last failure of s was (s->err), or "out of memory" when
 * nothing was said (an allocation failed). */
const char *spill_errmsg(const struct dep_spill *s);

#define SPILL_CHECK_EVERY 1024
int spill_check(struct dep_spill *s, struct deposit *const *ds, size_t n);
/* The same at every call: for a parser whose safe points come once a
 * deposit (a PayPal transfer of thousands of rows), which the cadence
 * above would let hold every deposit of the file. 0 or LL_ERROR. */
int spill_check_now(struct dep_spill *s, struct deposit *const *ds, size_t n);

#endif
