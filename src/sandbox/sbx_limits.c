/*
 * sbx_limits.c - fixed-window rate limits and the in-flight cap.
 *
 * Xero counts calls per tenant in fixed windows that reset at their own
 * times, so each window here starts when the sandbox does and rolls over by
 * whole window lengths. A refused call is not counted. The app-wide minute
 * limit (10,000) is tracked only to fill X-AppMinLimit-Remaining.
 */
#include "sandbox/sbx_limits.h"

#include <math.h>

static void window_roll(struct sbx_window *w, int64_t now_ms)
{
	if (now_ms >= w->start_ms + w->len_ms) {
		int64_t k = (now_ms - w->start_ms) / w->len_ms;

		w->start_ms += k * w->len_ms;
		w->used = 0;
	}
}

static void window_init(struct sbx_window *w, int64_t len_ms, int limit,
			int64_t now_ms)
{
	w->start_ms = now_ms;
	w->len_ms = len_ms > 0 ? len_ms : 1;
	w->limit = limit;
	w->used = 0;
}

static int64_t scaled_ms(double seconds, double scale)
{
	double ms = seconds * 1000.0 / scale;

	return ms < 1.0 ? 1 : (int64_t)llround(ms);
}

void limits_init(struct sbx_limits *l, int per_minute, int per_day,
		 int concurrent, double time_scale, int64_t now_ms)
{
	l->time_scale = time_scale > 0 ? time_scale : 1.0;
	window_init(&l->minute, scaled_ms(60, l->time_scale), per_minute, now_ms);
	window_init(&l->day, scaled_ms(86400, l->time_scale), per_day, now_ms);
	window_init(&l->app, scaled_ms(60, l->time_scale), 10000, now_ms);
	l->concurrent = concurrent;
	l->inflight = 0;
}

static int retry_after(const struct sbx_window *w, int64_t now_ms)
{
	int64_t left = w->start_ms + w->len_ms - now_ms;
	int64_t s = (left + 999) / 1000;

	return s < 1 ? 1 : (int)s;
}

enum sbx_limit_problem limits_admit(struct sbx_limits *l, int64_t now_ms,
				    int *retry_after_s)
{
	window_roll(&l->minute, now_ms);
	window_roll(&l->day, now_ms);
	window_roll(&l->app, now_ms);
	*retry_after_s = 0;
	if (l->day.used >= l->day.limit) {
		*retry_after_s = retry_after(&l->day, now_ms);
		return SBX_LIMIT_DAY;
	}
	if (l->minute.used >= l->minute.limit) {
		*retry_after_s = retry_after(&l->minute, now_ms);
		return SBX_LIMIT_MINUTE;
	}
	if (l->inflight >= l->concurrent)
		return SBX_LIMIT_CONCURRENT;
	l->minute.used++;
	l->day.used++;
	l->app.used++;
	l->inflight++;
	return SBX_LIMIT_OK;
}

void limits_release(struct sbx_limits *l)
{
	if (l->inflight > 0)
		l->inflight--;
}

static int remaining(const struct sbx_window *w)
{
	return w->limit - w->used > 0 ? w->limit - w->used : 0;
}

void limits_remaining(struct sbx_limits *l, int64_t now_ms, int *minute,
		      int *day, int *app)
{
	window_roll(&l->minute, now_ms);
	window_roll(&l->day, now_ms);
	window_roll(&l->app, now_ms);
	*minute = remaining(&l->minute);
	*day = remaining(&l->day);
	*app = remaining(&l->app);
}

const char *limits_problem_name(enum sbx_limit_problem p)
{
	switch (p) {
	case SBX_LIMIT_MINUTE: return "minute";
	case SBX_LIMIT_DAY: return "day";
	case SBX_LIMIT_CONCURRENT: return "concurrent";
	default: return "";
	}
}
