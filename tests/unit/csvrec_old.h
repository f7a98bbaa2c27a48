/*
 * csvrec_old.h - the CSV record splitter as it was on main at a96c7ce
 * (before split took up a record left open where it stopped and found
 * bytes eight at a time), kept only so that test_csvrec_same can run the
 * old and the new one on the same text and compare every field.
 */
#ifndef LL_CSVREC_OLD_H
#define LL_CSVREC_OLD_H

#include "util/csvrec.h"

struct csvrec_old {
	struct field f[CSVREC_MAX_FIELDS];
	size_t nf;           /* fields in this record (may exceed the array: too many) */
	int quoted[CSVREC_MAX_FIELDS]; /* field was quoted */
	long line;           /* line where the record starts */
	struct buf data;     /* unquoted field bytes */
	struct buf raw;      /* the record's raw text (joined lines) */
	size_t scanned;      /* bytes csvrec_next looked at for this record
			      * (tests: at most twice the record, however
			      * its fields are quoted) */
};

void csvrec_old_init(struct csvrec_old *r);
void csvrec_old_free(struct csvrec_old *r);
int csvrec_old_parse(struct csvrec_old *r, const char *text, size_t len, char delim);
int csvrec_old_next(struct csvrec_old *r, struct lines *l, char delim, struct ll_err *err);

#endif
