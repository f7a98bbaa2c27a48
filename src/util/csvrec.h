/*
 * csvrec.h - CSV records from a struct lines, as exports really write them.
 *
 * A record may span lines (a quoted field with newlines in it: Shopify
 * notes, WooCommerce addresses); "" inside quotes is a quote; a bare quote
 * inside an unquoted field is kept as text (eBay File Exchange); quoted
 * and unquoted empty fields are both empty (Amazon Date Range reports).
 * Fields are copied into the record's own buffer, capped in size, and stay
 * valid until the next call. The record's first line number is kept for
 * provenance.
 */
#ifndef LL_CSVREC_H
#define LL_CSVREC_H

#include <stdint.h>

#include "util/buf.h"
#include "util/reader.h"
#include "util/text.h"

#define CSVREC_MAX_FIELDS 512
#define CSVREC_MAX_BYTES (4u * 1024 * 1024)

struct csvrec {
	struct field f[CSVREC_MAX_FIELDS];
	size_t nf;           /* fields in this record (may exceed the array: too many) */
	int quoted[CSVREC_MAX_FIELDS]; /* field was quoted */
	long line;           /* line where the record starts */
	struct buf data;     /* unquoted field bytes */
	struct buf raw;      /* the record's raw text (joined lines) */
	size_t scanned;      /* bytes csvrec_next looked at for this record
			      * (tests: at most twice the record, however
			      * its fields are quoted) */
	/* split's own: where fields start as offsets (in data, or in raw as
	 * inp says; both may move), and where a record that goes on past its
	 * first line is taken up again once it is whole (the fields before
	 * its open quote are already split) */
	uint32_t off[CSVREC_MAX_FIELDS];
	unsigned char inp[CSVREC_MAX_FIELDS];
	size_t rs_at, rs_nf, rs_data, rs_nown;
	int rs_moved;
};

void csvrec_init(struct csvrec *r);
void csvrec_free(struct csvrec *r);

/* A record on the heap (the struct is large), initialised; NULL when out
 * of memory. csvrec_delete frees it and its buffers (NULL is fine). */
struct csvrec *csvrec_new(void);
void csvrec_delete(struct csvrec *r);

/* 1 if every field of r is empty or blanks (a padding row of delimiters). */
int csvrec_blank(const struct csvrec *r);

/* Split one complete record held in text (e.g. a header line already read). */
int csvrec_parse(struct csvrec *r, const char *text, size_t len, char delim);

/*
 * Read the next non-blank record from l, in time linear in its length.
 * Returns 1 with r filled, 0 at the end, LL_EPARSE for a record over
 * CSVREC_MAX_BYTES or a quote still open at the end of the file (err names
 * the line), LL_ETRANSIENT when SIGINT/SIGTERM asked to stop (intr.h), or
 * a read error.
 */
int csvrec_next(struct csvrec *r, struct lines *l, char delim, struct ll_err *err);

#endif
