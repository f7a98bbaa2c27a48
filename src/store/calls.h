/*
 * calls.h - the calls table: every HTTP request to Xero, for the
 * workbook's Calls sheet and `status` (no tokens, no secrets).
 */
#ifndef LL_STORE_CALLS_H
#define LL_STORE_CALLS_H

#include <stdint.h>

#include "store/state.h"

/* One row for an HTTP attempt of the current run, timed now. Failures
 * are ignored: the log must never stop a run. */
void store_call_log(struct state *st, const char *method, const char *path,
		    long status, int attempt, int64_t elapsed_ms, const char *problem);

/* The API calls made on `day` (YYYY-MM-DD, UTC), token and connection
 * calls aside, and how many of them Xero refused with 429. 0 or LL_ERROR. */
int store_call_count_day(struct state *st, const char *day, long long *calls,
			 long long *limited, struct ll_err *err);

#endif
