/*
 * paypal_rows.h - where the PayPal reader keeps a file's rows (struct
 * pp_row) between its passes, in bounded memory, and how the cutter reads
 * them back in time order. Private to parse_paypal.c, paypal_cut.c,
 * paypal_days.c and paypal_stream.c.
 *
 * A store holds rows in memory up to a budget of bytes; past it, every row
 * moves to a temporary file (made in $TMPDIR, else /var/tmp, else /tmp,
 * and unlinked at once, as spill.c does) and memory falls back to one
 * block. Rows are fixed-size, so a row is reached by its index, forwards
 * or backwards.
 *
 * A source (pp_src) reads the rows of one currency of a file whose rows
 * are in time order (ascending or descending, ties allowed) in exactly the
 * order the sort of an unordered file gives (currency, UTC instant, file
 * order): first the rows without an instant (utc 0: left-out rows, dates
 * not read), in file order, then the others, forwards for an ascending
 * file, backwards for a descending one (rows at the same instant put back
 * in file order).
 */
#ifndef LL_PAYPAL_ROWS_H
#define LL_PAYPAL_ROWS_H

#include <stddef.h>
#include <stdint.h>

struct pp_row;

/* rows a block holds (reads and writes of a store in a file) */
#define PP_BLOCK 256

struct pp_store {
	char *mem;            /* the rows while in memory; else NULL */
	size_t n, cap;        /* rows stored; memory's capacity */
	size_t size;          /* bytes a row (struct pp_row, pp_text) */
	size_t max_mem;       /* rows memory may hold before the file */
	int fd;               /* the file, -1 while in memory */
	char *blk;            /* file mode: rows appended not yet written */
	size_t nblk;
	char err[160];        /* what failed */
};

/* An empty store of rows of size bytes that keeps up to max_bytes of
 * them in memory. */
void pp_store_init(struct pp_store *s, size_t max_bytes, size_t size);
/* Close the file and free the rows. */
void pp_store_free(struct pp_store *s);
/* Forget the rows (the file is kept for the next ones). */
void pp_store_reset(struct pp_store *s);
/* Append a copy of row p. 0, or LL_ERROR (s->err set). */
int pp_store_add(struct pp_store *s, const void *p);
/* 1 when the rows are in s->mem (the whole array). */
int pp_store_in_memory(const struct pp_store *s);
/*
 * Rows [i, i + k) of s (k <= PP_BLOCK): a pointer to them, in s->mem or
 * read into buf (room for k rows). NULL on a read error (s->err).
 */
void *pp_store_get(struct pp_store *s, size_t i, size_t k, void *buf);
/* Write back rows [i, i + k) got with pp_store_get (no-op in memory).
 * 0 or LL_ERROR. */
int pp_store_put(struct pp_store *s, size_t i, size_t k, const void *rows);
/*
 * Every row in one malloc'd array (*out, the caller's to free), for the
 * sort an unordered file needs; the store is then empty. 0 or LL_ERROR.
 */
int pp_store_take(struct pp_store *s, void **out, size_t *n);

/*
 * Sort the rows by cmp (a total order), in memory bounded by the store's
 * budget when they are in a file: runs of that many rows sorted in memory
 * and written to a second temporary file, then merged back into the
 * store's file. 0 or LL_ERROR (s->err).
 */
int pp_store_sort(struct pp_store *s, int (*cmp)(const void *, const void *));

/* One currency's rows of a time-ordered file, in sorted order. */
struct pp_src {
	struct pp_store *st;
	char cur[4];
	int desc;             /* the file is newest first */
	int phase;            /* 0: rows without an instant; 1: the others */
	size_t pos;           /* next index (phase 0, ascending), or one past
			       * it (descending) */
	struct pp_row *buf;   /* a block */
	size_t bfirst, bn;
	struct pp_row *tie;   /* descending: the rows of one instant */
	size_t ntie, tcap;
	int error;
};

/* Start reading cur's rows of st (desc: the file is newest first;
 * undated: some of them have no instant, utc 0). 0 or LL_ERROR. */
int pp_src_open(struct pp_src *s, struct pp_store *st, const char *cur, int desc,
		int undated);
/* The next row (a copy the caller may change), or NULL at the end or on an
 * error (s->error set, st->err says). */
struct pp_row *pp_src_next(struct pp_src *s);
void pp_src_close(struct pp_src *s);

#endif
