/*
 * monthend.h - month parts and carried balances of a deposit's documents
 * (docs/mapping.md, "Month ends and negative deposits").
 *
 * A deposit whose events fall in several calendar months is posted as one
 * part per month (map.c groups the events): each earlier part carries its
 * balance forward on the platform's carried-balance account, so it totals
 * 0 and is dated on its month's last day; the last part brings it back
 * and equals the deposit. A negative order-mode payout that the platform
 * charged to the seller's card, or carries into the next payout, gets a
 * line on the same account in place of a bank transfer. This module
 * writes those lines and the month arithmetic they need.
 */
#ifndef LL_MONTHEND_H
#define LL_MONTHEND_H

#include <stddef.h>
#include <stdint.h>

#include "formats/event.h"
#include "plan/map.h"
#include "plan/mapping.h"

/* yyyymm of a day number (days since 1970-01-01) */
int monthend_month_of(int64_t days);

/* "YYYY-MM-DD" of the last day of month ym (yyyymm) into out */
void monthend_last_day(int ym, char out[11]);

/* "YYYY-MM" of month ym (yyyymm) into out */
void monthend_label(uint64_t ym, char out[16]);

/*
 * Append to d (room for one more line is the caller's) a roll-forward line
 * of amount on s's carried-balance account: out = 1 "Balance carried
 * forward to the <month> part" (an earlier part, -its balance so far),
 * out = 0 "Balance brought forward from the <month> part" (the next
 * part, +that balance). Nothing when amount is 0. Its source is dep's
 * header row. 0, or LL_ERROR when out of memory.
 */
int monthend_roll_line(struct doc *d, const struct platform_settings *s,
		       const struct deposit *dep, int64_t amount, uint64_t month, int out);

/*
 * Append to d the line of a negative payout the platform charged to the
 * card or carried forward ("<title> balance charged to card or carried
 * forward", +amount on the carried-balance account). It settles the
 * deposit (doc_line.settles): in d's total, not toward the deposit. 0 or
 * LL_ERROR.
 */
int monthend_card_line(struct doc *d, const struct platform_settings *s,
		       const struct deposit *dep, const char *title, int64_t amount);

/* 1 if a document of l from index first on has a line that settles the
 * deposit, else 0. */
int monthend_settled(const struct doc_list *l, size_t first);

#endif
