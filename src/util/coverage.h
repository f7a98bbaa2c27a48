/*
 * coverage.h - the period a run of deposits covers and its gaps
 * (docs/completeness.md, "Coverage"). Deposits of one platform, currency
 * and kind are added in order of their start, then coverage_finish()
 * finds the gaps, by one of three rules:
 *
 *   COVERAGE_CHAIN   deposits that state their period (Amazon
 *                    settlements) chain end to start: a day between the
 *                    end of one and the start of the next is missing;
 *   COVERAGE_CADENCE payouts are known by their day: an interval between
 *                    two payouts of more than twice the usual one (the
 *                    median) and at least three days longer is a gap;
 *   COVERAGE_NONE    day summaries of a shop's orders: a day without
 *                    orders is no gap.
 */
#ifndef LL_COVERAGE_H
#define LL_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

#define COVERAGE_GAPS_TEXT 1024

enum coverage_rule { COVERAGE_NONE = 0, COVERAGE_CHAIN, COVERAGE_CADENCE };

struct coverage {
	enum coverage_rule rule;
	int64_t first, last;  /* days since the epoch; 0 = none yet */
	int64_t covered_end;  /* CHAIN: the last day covered so far */
	int64_t *days;        /* CADENCE: each deposit's day, in order */
	size_t ndays, capdays;
	long deposits;
	long ngaps;
	int64_t missing_days; /* in all the gaps */
	int64_t usual;        /* CADENCE: the usual interval, days */
	int64_t amount;       /* the deposits' sum (minor units) */
	char gaps[COVERAGE_GAPS_TEXT]; /* "2023-06-01 to 2023-06-14; ..." */
	size_t glen;
	long gaps_not_listed;
	int oom;
};

void coverage_init(struct coverage *c, enum coverage_rule rule);
void coverage_free(struct coverage *c);

/* One more deposit, in order of start (start <= end; end 0 = start; for
 * CADENCE the payout's day is end). */
void coverage_add(struct coverage *c, int64_t start, int64_t end, int64_t amount);

/* Find the gaps (CADENCE: once every day is known). */
void coverage_finish(struct coverage *c);

/* "2023-01-05 to 2024-12-31, 52 settlements; missing 2023-06-01 to
 * 2023-06-14" (noun: what a deposit is called, plural), into out. */
char *coverage_text(const struct coverage *c, const char *noun, char *out, size_t outlen);

#endif
