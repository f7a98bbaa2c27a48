/*
 * completeness.h - the completeness table: for each file, its rows and
 * money per currency by fate (imported, held back, left out) and reason
 * (docs/completeness.md). The pipeline writes a file's entries when it
 * reads the file, replacing those of an earlier read; status, the
 * workbook and the end of a plan read them back.
 */
#ifndef LL_STORE_COMPLETENESS_H
#define LL_STORE_COMPLETENESS_H

#include <stdint.h>

#include "store/state.h"

/* Delete the entries of a source (it is read again). 0 or LL_ERROR. */
int store_completeness_clear(struct state *st, int64_t source_id, struct ll_err *err);

/* Record rows and money of a source under (currency, fate, reason): fate
 * "imported", "held" or "left"; currency "" when not known; reason "" for
 * imported rows. 0 or LL_ERROR. */
int store_completeness_add(struct state *st, int64_t source_id, const char *currency,
			   const char *fate, const char *reason, int64_t rows,
			   int64_t amount_minor, struct ll_err *err);

/* One entry as the readers give it (strings borrowed until the callback
 * returns). */
struct store_completeness {
	const char *path;         /* the file; NULL in the totals */
	const char *format;       /* its format ("" when not known); NULL in the totals */
	int64_t file_rows;        /* the rows the file has (sources.rows); 0 in the totals */
	const char *currency;     /* "" when not known */
	const char *fate;         /* "imported", "held", "left" */
	const char *reason;       /* "" for imported rows */
	int64_t rows, amount_minor;
};

/* Which entries a read gives. */
enum store_completeness_scope {
	STORE_COMPLETENESS_FILES,   /* every file's, by path */
	STORE_COMPLETENESS_RUN,     /* of the files run `run_id` looked at (read or
				     * found unchanged), by path */
	STORE_COMPLETENESS_TOTALS   /* summed over every file, per currency, fate
				     * and reason */
};

/*
 * The entries of scope (run_id only for STORE_COMPLETENESS_RUN), in order
 * of path, currency, fate (imported, held, left), reason, to fn; a
 * non-zero return stops and is returned. This is the read function the
 * workbook's Summary and the Completeness sheet draw on. 0 or LL_ERROR.
 */
int store_read_completeness(struct state *st, enum store_completeness_scope scope,
			    int64_t run_id,
			    int (*fn)(void *ctx, const struct store_completeness *c),
			    void *ctx, struct ll_err *err);

/* The totals a summary shows in one call: rows and files by fate, summed
 * over every file and currency, and the money held back and left out per
 * currency (entries without a currency carry none). */
#define STORE_COMPLETENESS_CURRENCIES 16
struct store_completeness_totals {
	int64_t files;            /* files with entries */
	int64_t rows;             /* their rows (sum of the entries) */
	int64_t imported, held, left;   /* rows by fate */
	int64_t files_with_held, files_with_left;
	struct {
		char currency[4];
		int64_t held, left;       /* minor units of currency */
	} money[STORE_COMPLETENESS_CURRENCIES]; /* in currency order */
	size_t nmoney;
	int64_t more_currencies;  /* currencies past STORE_COMPLETENESS_CURRENCIES */
};

int store_read_completeness_totals(struct state *st, struct store_completeness_totals *out,
				   struct ll_err *err);

/* The money of fate ("held" or "left") in t, per currency with money, as
 * a person reads it: "USD 45.00, GBP 3.00" ("" when none; "and N more
 * currencies" past the table). Into out (truncated to outlen); returns out. */
char *store_completeness_money_text(const struct store_completeness_totals *t,
				    const char *fate, char *out, size_t outlen);

/* The period the imported deposits (tied settlements) of one platform,
 * currency and kind cover, and its gaps (util/coverage.h). */
struct store_coverage {
	const char *platform;   /* "amazon" */
	const char *title;      /* "Amazon" */
	const char *currency;
	const char *kind;       /* "payouts" (settlements, payouts, transfers) or
				 * "days" (day summaries of a shop's orders) */
	const char *noun;       /* "settlements", "payouts", "day deposits" (a
				 * day's orders of a gateway, or a refund) */
	const struct coverage *c; /* first, last, deposits, gaps (borrowed) */
};

/* Each platform, currency and kind, in that order, to fn; a non-zero
 * return stops and is returned. 0 or LL_ERROR. */
struct coverage;
int store_read_coverage(struct state *st,
			int (*fn)(void *ctx, const struct store_coverage *c), void *ctx,
			struct ll_err *err);

#endif
