/*
 * sbx_limits.h - Xero's per-tenant call limits as a pure state machine.
 *
 * Fixed windows (minute, day, app-minute) plus a count of calls in flight.
 * Every function takes `now` in monotonic milliseconds so tests can step
 * time by hand; window lengths are already divided by the time scale.
 */
#ifndef LL_SBX_LIMITS_H
#define LL_SBX_LIMITS_H

#include <stdint.h>

enum sbx_limit_problem {
	SBX_LIMIT_OK = 0,
	SBX_LIMIT_MINUTE,
	SBX_LIMIT_DAY,
	SBX_LIMIT_CONCURRENT
};

struct sbx_window {
	int64_t start_ms;
	int64_t len_ms;
	int limit;
	int used;
};

struct sbx_limits {
	struct sbx_window minute, day, app;
	int concurrent, inflight;
	double time_scale;
};

/* Set up the windows; they start at now_ms. time_scale must be > 0. */
void limits_init(struct sbx_limits *l, int per_minute, int per_day,
		 int concurrent, double time_scale, int64_t now_ms);

/*
 * Admit one call at now_ms. On SBX_LIMIT_OK the call is counted in all
 * windows and in flight (call limits_release() when it ends). Otherwise
 * nothing is counted and *retry_after_s is the real seconds until the
 * exceeded window resets (0 for the concurrent limit, which has none).
 */
enum sbx_limit_problem limits_admit(struct sbx_limits *l, int64_t now_ms,
				    int *retry_after_s);

/* End one admitted call. */
void limits_release(struct sbx_limits *l);

/* Remaining calls in the current windows at now_ms. */
void limits_remaining(struct sbx_limits *l, int64_t now_ms, int *minute,
		      int *day, int *app);

/* "minute", "day", "concurrent" or "" for SBX_LIMIT_OK. */
const char *limits_problem_name(enum sbx_limit_problem p);

#endif
