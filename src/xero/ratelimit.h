/*
 * ratelimit.h - client-side pacing, day budget and backoff for one Xero
 * tenant connection (see docs/ratelimit.md).
 *
 * The limiter has no clock and never sleeps: every function takes `now_ms`,
 * a monotonic time in milliseconds chosen by the caller, so tests step time
 * by hand. The posting client asks ratelimit_wait() before each call, tells
 * ratelimit_started() when it sends one and ratelimit_finished() with the
 * outcome and the rate-limit headers of the response.
 *
 * Not thread-safe: one limiter per tenant, used from one thread (the posting
 * loop); calls in flight are counted, not identified.
 */
#ifndef LL_RATELIMIT_H
#define LL_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct ll_err;

/*
 * Durations are milliseconds of the caller's clock. With a time-scaled
 * sandbox (a "minute" lasting 1 s at scale 60) divide the durations by the
 * scale (ratelimit_opts_scale()); Retry-After stays in real seconds.
 */
struct ratelimit_opts {
	int per_minute;          /* calls per window (Xero: 60) */
	int concurrent;          /* calls in flight at once (Xero: 5) */
	int per_day;             /* daily calls (5000; 1000 on Starter); 0 = no local cap */
	long max_calls;          /* --max-calls: cap per day for this run; 0 = none */
	int64_t window_ms;       /* the minute window (60000) */
	int64_t margin_ms;       /* safety margin added to every window-derived wait */
	int max_retries;         /* retries per request before RL_GIVE_UP */
	uint64_t seed;           /* jitter PRNG seed: same seed, same delays */
	int64_t backoff_base_ms; /* 5xx / network / short 429 backoff: first ceiling */
	int64_t backoff_cap_ms;  /* ... and largest ceiling */
	int64_t offline_base_ms; /* 503 "Organisation is offline": first ceiling */
	int64_t offline_cap_ms;  /* ... and largest ceiling */
	int64_t day_ms;          /* length of the day window (86400000) */
};

#define RATELIMIT_OPTS_INIT \
	{ 60, 5, 5000, 0, 60000, 250, 8, 1, 1000, 60000, 30000, 300000, 86400000 }

/* ratelimit_wait() / ratelimit_finished(): the day budget is spent. */
#define RL_DAY_SPENT ((int64_t)LL_ERATELIMIT)
/* ratelimit_finished(): this request used all its retries; outcome unknown. */
#define RL_GIVE_UP ((int64_t)LL_ETRANSIENT)

struct ratelimit;

enum rl_outcome {
	RL_OK,      /* any answer that is neither a limit nor transient (2xx, 400, 404 ...) */
	RL_429,     /* 429, or an old-style 503 "Rate limit exceeded" */
	RL_5XX,     /* 500, 502, 504, 503 maintenance / temporarily unavailable */
	RL_OFFLINE, /* 503 "The Organisation is offline" */
	RL_NETWORK  /* connection reset, timeout: no HTTP answer */
};

/* Rate-limit headers of one response; -1 / "" = absent. */
struct rl_headers {
	long min_remaining;     /* X-MinLimit-Remaining */
	long day_remaining;     /* X-DayLimit-Remaining */
	long app_min_remaining; /* X-AppMinLimit-Remaining */
	long retry_after_s;     /* Retry-After (delta seconds only) */
	char problem[32];       /* X-Rate-Limit-Problem, trimmed, as sent */
};

#define RL_HEADERS_INIT { -1, -1, -1, -1, "" }

struct rl_stats {
	long started, finished, inflight;
	long r429_minute, r429_day, r429_appminute, r429_concurrent, r429_other;
	long err_5xx, offline, network;
	long retries;            /* failures answered with a retry delay */
	long give_ups;           /* failures answered with RL_GIVE_UP */
	long day_spent;          /* ratelimit_wait() calls that returned RL_DAY_SPENT */
	int64_t held_ms;         /* time a caller with work was told to wait */
	int64_t held_cap_ms;     /* ... of it only because 'concurrent' were in flight */
	int64_t busy_ms;         /* time work remained (see docs/ratelimit.md) */
	double budget_share;     /* started / (per_minute * (floor((last start - first
				  * start) / window_ms) + 1)): docs/ratelimit.md */
	long day_remaining_est;  /* calls left today by the headers, -1 unknown */
	long last_min_remaining; /* last X-MinLimit-Remaining seen, -1 none */
	long last_app_min_remaining;
	int last_http_status;    /* of the last finished call, 0 none */
	int64_t avg_call_ms;     /* mean start-to-finish time, 0 before any finish */
	int64_t resume_at_ms;    /* when a spent day budget resumes, -1 if not spent */
};

/*
 * Check the options (LL_EUSAGE with err filled if one is out of range) and
 * create a limiter in *out, owned by the caller (ratelimit_free()).
 * LL_ERROR if out of memory.
 */
int ratelimit_new(struct ratelimit **out, const struct ratelimit_opts *o,
		  struct ll_err *err);

/* Free a limiter; NULL is fine. */
void ratelimit_free(struct ratelimit *r);

/*
 * Divide every window and backoff duration of o by `divisor` (>= 1), for a
 * time-scaled sandbox; margin_ms is left alone (it covers network jitter,
 * which does not scale). Results are at least 1 ms.
 */
void ratelimit_opts_scale(struct ratelimit_opts *o, int64_t divisor);

/*
 * May a call start at now_ms? Returns 0: yes, start it and call
 * ratelimit_started(). > 0: not before this many ms; the answer is valid
 * until the next ratelimit_started()/ratelimit_finished(), so ask again
 * after either (a call finishing frees a concurrency slot) or when the time
 * is up. RL_DAY_SPENT: the day budget (or max_calls) is spent;
 * *resume_at_ms (may be NULL) is the now_ms at which calls may start again.
 * Only call it when work is ready: the held and busy times count from it.
 */
int64_t ratelimit_wait(struct ratelimit *r, int64_t now_ms, int64_t *resume_at_ms);

/* A call was sent at now_ms (counts towards every limit, retries too). */
void ratelimit_started(struct ratelimit *r, int64_t now_ms);

/*
 * A started call ended at now_ms with outcome o (http_status 0 if none) and
 * the response headers h (NULL if there were none). attempt is 1 for the
 * first try of this request, 2 for its first retry, and so on.
 * Returns 0 for RL_OK; otherwise the ms to wait before retrying this request
 * (ratelimit_wait() applies the same hold to every call), RL_DAY_SPENT for a
 * day-limit 429 (stop cleanly; ratelimit_wait() gives the resume time), or
 * RL_GIVE_UP when attempt > max_retries: the caller treats the outcome as
 * unknown (except after a 429, which Xero did not process).
 */
int64_t ratelimit_finished(struct ratelimit *r, int64_t now_ms, enum rl_outcome o,
			   int http_status, const struct rl_headers *h, int attempt);

/* Fill *out with the counters as of now_ms. */
void ratelimit_stats(const struct ratelimit *r, int64_t now_ms, struct rl_stats *out);

/*
 * Estimated ms from now_ms until calls_left more calls have finished at the
 * current pace: current holds, then one call per max((window + margin) /
 * per_minute, mean call time / concurrent), plus a pause to each day reset
 * when the day budget runs out on the way. An estimate, not a promise.
 */
int64_t ratelimit_eta_ms(const struct ratelimit *r, int64_t now_ms, long calls_left);

/*
 * Parse one response header line "Name: value" (len bytes, CRLF optional)
 * into h; names are case-insensitive; unknown names and values that are
 * not plain non-negative integers are ignored. Start from RL_HEADERS_INIT.
 */
void rl_headers_parse_line(struct rl_headers *h, const char *line, size_t len);

#endif
