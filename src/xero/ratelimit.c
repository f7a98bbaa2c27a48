/*
 * ratelimit.c - pacing one Xero tenant connection (ratelimit.h).
 *
 * The main abstraction is a sliding log: a ring of the start times of the
 * last per_minute calls. A call may start only when the oldest of them
 * started at least window + margin ago, so no window of that length, and
 * hence none of Xero's fixed minute windows, ever holds more than
 * per_minute calls; the margin absorbs jitter between our start and
 * Xero's count. On top of the log sit a concurrency count (started, not
 * finished), one "hold" deadline that the headers and failures push out
 * (X-MinLimit-Remaining: 0, Retry-After, backoff), and a day budget fed by
 * X-DayLimit-Remaining, --max-calls and the per-day limit. Backoff uses
 * equal jitter drawn from a splitmix64 generator seeded by the caller, so a
 * run is reproducible. No clock is read: time is always an argument.
 */
#include "xero/ratelimit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Retry-After values beyond a week are clamped: no limit lasts that long. */
#define RL_MAX_RETRY_AFTER_S (7L * 86400L)
/* calls_left beyond this is clamped in the ETA so the arithmetic cannot overflow */
#define RL_ETA_MAX_CALLS 1000000000L

enum problem_kind { PK_OTHER, PK_MINUTE, PK_DAY, PK_APPMINUTE, PK_CONCURRENT };

struct ratelimit {
	struct ratelimit_opts o;

	int64_t *ring;  /* start times of the last o.per_minute calls */
	int head;       /* index of the oldest */
	int count;
	int inflight;
	int64_t hold_until; /* no call starts before this */
	int streak;         /* consecutive jittered backoffs since the last success */
	uint64_t rng;

	/* day budget */
	int64_t day_start;       /* first start of the current day, -1 none yet */
	long day_calls;          /* calls started since day_start */
	long day_est;            /* calls left by the headers, -1 unknown */
	long day_hdr_min;        /* lowest X-DayLimit-Remaining today, -1 none */
	long day_blind;          /* calls finished today without that header */
	int64_t day_block_until; /* from a day 429's Retry-After, 0 none */

	/* accounting */
	int held;            /* a caller was told to wait and has not started: */
	int held_cap;        /* ... only because the concurrency cap is full */
	int64_t held_since;
	int64_t busy_since;  /* -1 while idle */
	int64_t first_start, last_start; /* of any call, -1 before the first */
	int64_t area;        /* integral of calls in flight over time, ms */
	int64_t area_t;      /* time area was last brought up to date, -1 never */
	struct rl_stats st;  /* counters; derived fields filled by ratelimit_stats() */
};

/* ---- small helpers ------------------------------------------------------ */

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Does s (NUL-terminated) start with prefix, ignoring ASCII case? */
static int has_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (ascii_lower(*s) != *prefix)
			return 0;
	return 1;
}

static enum problem_kind problem_kind(const char *p)
{
	/* "appminute" before "minute"; old docs said "Daily"/"Minute" */
	if (has_prefix_ci(p, "app"))
		return PK_APPMINUTE;
	if (has_prefix_ci(p, "min"))
		return PK_MINUTE;
	if (has_prefix_ci(p, "da"))
		return PK_DAY;
	if (has_prefix_ci(p, "con"))
		return PK_CONCURRENT;
	return PK_OTHER;
}

static void hold(struct ratelimit *r, int64_t until)
{
	r->hold_until = max64(r->hold_until, until);
}

static void area_update(struct ratelimit *r, int64_t now)
{
	if (r->area_t >= 0 && now > r->area_t)
		r->area += (int64_t)r->inflight * (now - r->area_t);
	if (now > r->area_t)
		r->area_t = now;
}

static void busy_begin(struct ratelimit *r, int64_t now)
{
	if (r->busy_since < 0)
		r->busy_since = now;
}

static void busy_end_if_idle(struct ratelimit *r, int64_t now)
{
	if (r->inflight == 0 && !r->held && r->busy_since >= 0) {
		r->st.busy_ms += max64(0, now - r->busy_since);
		r->busy_since = -1;
	}
}

static void held_end(struct ratelimit *r, int64_t now)
{
	if (r->held) {
		int64_t d = max64(0, now - r->held_since);

		r->st.held_ms += d;
		if (r->held_cap)
			r->st.held_cap_ms += d;
		r->held = 0;
	}
}

/* A caller is told to wait at now; cap = only the concurrency cap stops it. */
static void held_begin(struct ratelimit *r, int64_t now, int cap)
{
	if (r->held && r->held_cap != cap)
		held_end(r, now);
	if (!r->held) {
		r->held = 1;
		r->held_cap = cap;
		r->held_since = now;
	}
}

/* Ceiling of the k-th (1-based) backoff step: base * 2^(k-1), at most cap. */
static int64_t backoff_ceiling(int64_t base, int64_t cap, int k)
{
	int64_t c = base;

	for (int i = 1; i < k && c < cap; i++)
		c = c > cap / 2 ? cap : c * 2;
	return min64(c, cap);
}

/* Equal jitter: uniform in [ceiling/2, ceiling]; bumps the streak. */
static int64_t backoff(struct ratelimit *r, int64_t base, int64_t cap)
{
	int64_t c, lo;

	if (r->streak < INT_MAX)
		r->streak++;
	c = backoff_ceiling(base, cap, r->streak);
	lo = c / 2;
	return lo + (int64_t)(splitmix64(&r->rng) % (uint64_t)(c - lo + 1));
}

/*
 * X-MinLimit-Remaining: 0 was seen at now: Xero's current minute window is
 * full. Our oldest call that still counts in a window ending now started at
 * t; hold until that window has passed it. With no such call the quota was
 * used by someone else and only a whole window from now is sure.
 */
static int64_t minute_full_until(const struct ratelimit *r, int64_t now)
{
	int64_t span = r->o.window_ms + r->o.margin_ms;

	for (int i = 0; i < r->count; i++) {
		int64_t t = r->ring[(r->head + i) % r->o.per_minute];

		if (t + span > now)
			return t + span;
	}
	return now + span;
}

/* ---- the day budget ----------------------------------------------------- */

static int day_rolled(const struct ratelimit *r, int64_t now)
{
	if (r->day_block_until > 0 && now >= r->day_block_until)
		return 1;
	return r->day_start >= 0 && now >= r->day_start + r->o.day_ms + r->o.margin_ms;
}

static void day_new(struct ratelimit *r)
{
	r->day_start = -1;
	r->day_calls = 0;
	r->day_est = -1;
	r->day_hdr_min = -1;
	r->day_blind = 0;
	r->day_block_until = 0;
}

/* Calls the local caps and the headers still allow today (LONG_MAX = no cap). */
static long day_left(const struct ratelimit *r)
{
	long left = LONG_MAX;

	if (r->o.per_day > 0)
		left = r->o.per_day - r->day_calls;
	if (r->o.max_calls > 0 && r->o.max_calls - r->day_calls < left)
		left = r->o.max_calls - r->day_calls;
	if (r->day_est >= 0 && r->day_est < left)
		left = r->day_est;
	return left < 0 ? 0 : left;
}

/* Is the day budget spent at now (assuming !day_rolled)? Sets *resume. */
static int day_spent(const struct ratelimit *r, int64_t now, int64_t *resume)
{
	if (r->day_block_until > now) {
		*resume = r->day_block_until;
		return 1;
	}
	if (r->day_start >= 0 && day_left(r) == 0) {
		*resume = r->day_start + r->o.day_ms + r->o.margin_ms;
		return 1;
	}
	return 0;
}

/* ---- headers of a response ---------------------------------------------- */

static void apply_headers(struct ratelimit *r, int64_t now, const struct rl_headers *h,
			  int exact_retry)
{
	if (h->min_remaining >= 0) {
		r->st.last_min_remaining = h->min_remaining;
		if (h->min_remaining == 0 && !exact_retry)
			hold(r, minute_full_until(r, now));
	}
	if (h->app_min_remaining >= 0) {
		r->st.last_app_min_remaining = h->app_min_remaining;
		if (h->app_min_remaining == 0)
			hold(r, now + r->o.backoff_base_ms);
	}
	if (h->day_remaining >= 0) {
		/* calls still in flight may not be counted yet: assume they are not */
		long est = h->day_remaining - r->inflight;

		if (est < 0)
			est = 0;
		if (r->day_hdr_min >= 0 &&
		    h->day_remaining > r->day_hdr_min + r->o.concurrent) {
			/*
			 * Up by more than reordering explains (responses of calls
			 * in flight together differ by < concurrent): Xero's day
			 * window reset.
			 */
			r->day_start = now;
			r->day_calls = 0;
			r->day_block_until = 0;
			r->day_blind = 0;
			r->day_hdr_min = h->day_remaining;
			r->day_est = est;
		} else {
			if (r->day_hdr_min < 0 || h->day_remaining < r->day_hdr_min)
				r->day_hdr_min = h->day_remaining;
			if (r->day_est < 0 || est < r->day_est)
				r->day_est = est;
		}
		if (r->day_start < 0)
			r->day_start = now;
	}
}

/*
 * After a call ended: with nothing in flight, the response Xero processed
 * last saw every call of ours counted, and its count is the lowest seen
 * today: exact, less the calls that ended without the header (a reset
 * connection may or may not have been counted).
 */
static void day_settle(struct ratelimit *r, const struct rl_headers *h)
{
	if (!h || h->day_remaining < 0)
		r->day_blind++;
	if (r->inflight == 0 && r->day_hdr_min >= 0) {
		long exact = r->day_hdr_min - r->day_blind;

		r->day_est = exact > 0 ? exact : 0;
	}
}

/* ---- the API ------------------------------------------------------------ */

int ratelimit_new(struct ratelimit **out, const struct ratelimit_opts *o,
		  struct ll_err *err)
{
	struct ratelimit *r = NULL;

	*out = NULL;
	if (o->per_minute < 1 || o->per_minute > 1000000 || o->concurrent < 1 ||
	    o->per_day < 0 || o->max_calls < 0 || o->window_ms < 1 || o->margin_ms < 0 ||
	    o->max_retries < 0 || o->backoff_base_ms < 1 ||
	    o->backoff_cap_ms < o->backoff_base_ms || o->offline_base_ms < 1 ||
	    o->offline_cap_ms < o->offline_base_ms || o->day_ms < 1)
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "rate limiter: option out of range (per_minute %d, "
				  "concurrent %d, window %lld ms)",
				  o->per_minute, o->concurrent, (long long)o->window_ms);
	r = calloc(1, sizeof(*r));
	if (!r)
		goto oom;
	r->ring = calloc((size_t)o->per_minute, sizeof(*r->ring));
	if (!r->ring)
		goto oom;
	r->o = *o;
	r->rng = o->seed;
	r->busy_since = -1;
	r->first_start = r->last_start = -1;
	r->area_t = -1;
	day_new(r);
	r->st.last_min_remaining = -1;
	r->st.last_app_min_remaining = -1;
	*out = r;
	return 0;
oom:
	ratelimit_free(r);
	return ll_err_set(err, LL_ERROR, NULL, 0, "rate limiter: out of memory");
}

void ratelimit_free(struct ratelimit *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r);
}

void ratelimit_opts_scale(struct ratelimit_opts *o, int64_t divisor)
{
	int64_t *d[] = { &o->window_ms, &o->backoff_base_ms, &o->backoff_cap_ms,
			 &o->offline_base_ms, &o->offline_cap_ms, &o->day_ms };

	if (divisor <= 1)
		return;
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		*d[i] = max64(1, *d[i] / divisor);
}

int64_t ratelimit_wait(struct ratelimit *r, int64_t now_ms, int64_t *resume_at_ms)
{
	int64_t t = now_ms, resume = 0, ms;

	if (day_rolled(r, now_ms))
		day_new(r);
	if (day_spent(r, now_ms, &resume)) {
		if (resume_at_ms)
			*resume_at_ms = resume;
		r->st.day_spent++;
		/* a day pause is neither held nor busy time */
		held_end(r, now_ms);
		busy_end_if_idle(r, now_ms);
		return RL_DAY_SPENT;
	}
	t = max64(t, r->hold_until);
	if (r->count == r->o.per_minute)
		t = max64(t, r->ring[r->head] + r->o.window_ms + r->o.margin_ms);
	if (t > now_ms)
		ms = t - now_ms;
	else if (r->inflight >= r->o.concurrent)
		ms = max64(1, r->o.window_ms / r->o.per_minute); /* or until a call ends */
	else
		ms = 0;
	if (ms > 0) {
		held_begin(r, now_ms, t <= now_ms);
		busy_begin(r, now_ms);
	}
	return ms;
}

void ratelimit_started(struct ratelimit *r, int64_t now_ms)
{
	int n = r->o.per_minute;

	area_update(r, now_ms);
	r->inflight++;
	if (r->count < n) {
		r->ring[(r->head + r->count) % n] = now_ms;
		r->count++;
	} else {
		r->ring[r->head] = now_ms;
		r->head = (r->head + 1) % n;
	}
	r->st.started++;
	if (r->first_start < 0)
		r->first_start = now_ms;
	r->last_start = now_ms;
	if (r->day_start < 0)
		r->day_start = now_ms;
	r->day_calls++;
	if (r->day_est > 0)
		r->day_est--;
	held_end(r, now_ms);
	busy_begin(r, now_ms);
}

int64_t ratelimit_finished(struct ratelimit *r, int64_t now_ms, enum rl_outcome o,
			   int http_status, const struct rl_headers *h, int attempt)
{
	int has_ra = h && h->retry_after_s >= 0;
	int64_t ra_ms = has_ra ? min64(h->retry_after_s, RL_MAX_RETRY_AFTER_S) * 1000 : 0;
	int64_t d = 0;
	enum problem_kind pk = PK_OTHER;

	area_update(r, now_ms);
	if (r->inflight > 0)
		r->inflight--;
	r->st.finished++;
	r->st.last_http_status = http_status;
	if (o == RL_429)
		pk = problem_kind(h ? h->problem : "");
	if (h)
		apply_headers(r, now_ms, h, o == RL_429 && has_ra && pk != PK_DAY);
	day_settle(r, h);

	switch (o) {
	case RL_OK:
		r->streak = 0;
		busy_end_if_idle(r, now_ms);
		return 0;
	case RL_429:
		switch (pk) {
		case PK_DAY:
			r->st.r429_day++;
			r->day_est = 0;
			if (r->day_start < 0)
				r->day_start = now_ms;
			if (has_ra)
				r->day_block_until = max64(r->day_block_until,
							   now_ms + ra_ms + r->o.margin_ms);
			busy_end_if_idle(r, now_ms);
			return RL_DAY_SPENT;
		case PK_MINUTE:
			r->st.r429_minute++;
			d = has_ra ? ra_ms + r->o.margin_ms
				   : minute_full_until(r, now_ms) - now_ms;
			break;
		case PK_APPMINUTE:
		case PK_CONCURRENT:
		case PK_OTHER:
			if (pk == PK_APPMINUTE)
				r->st.r429_appminute++;
			else if (pk == PK_CONCURRENT)
				r->st.r429_concurrent++;
			else
				r->st.r429_other++;
			d = has_ra ? ra_ms + r->o.margin_ms
				   : backoff(r, r->o.backoff_base_ms, r->o.backoff_cap_ms);
			break;
		}
		break;
	case RL_5XX:
	case RL_NETWORK:
		if (o == RL_5XX)
			r->st.err_5xx++;
		else
			r->st.network++;
		d = backoff(r, r->o.backoff_base_ms, r->o.backoff_cap_ms);
		break;
	case RL_OFFLINE:
		r->st.offline++;
		d = backoff(r, r->o.offline_base_ms, r->o.offline_cap_ms);
		break;
	}
	hold(r, now_ms + d);
	busy_end_if_idle(r, now_ms);
	if (attempt > r->o.max_retries) {
		r->st.give_ups++;
		return RL_GIVE_UP;
	}
	r->st.retries++;
	return d;
}

void ratelimit_stats(const struct ratelimit *r, int64_t now_ms, struct rl_stats *out)
{
	int64_t resume = -1, windows;

	*out = r->st;
	out->inflight = r->inflight;
	if (r->held) {
		out->held_ms += max64(0, now_ms - r->held_since);
		if (r->held_cap)
			out->held_cap_ms += max64(0, now_ms - r->held_since);
	}
	if (r->busy_since >= 0)
		out->busy_ms += max64(0, now_ms - r->busy_since);
	/* the most starts a per_minute limit over any window allows from the
	 * first start to the last: per_minute in each window begun */
	windows = r->first_start < 0 ? 0 : (r->last_start - r->first_start) / r->o.window_ms + 1;
	out->budget_share = windows > 0
		? (double)out->started / ((double)r->o.per_minute * (double)windows) : 0.0;
	out->day_remaining_est = day_rolled(r, now_ms) ? -1 : r->day_est;
	if (out->finished > 0) {
		int64_t area = r->area;

		if (r->area_t >= 0 && now_ms > r->area_t)
			area += (int64_t)r->inflight * (now_ms - r->area_t);
		out->avg_call_ms = area / out->finished;
	}
	if (day_rolled(r, now_ms) || !day_spent(r, now_ms, &resume))
		resume = -1;
	out->resume_at_ms = resume;
}

int64_t ratelimit_eta_ms(const struct ratelimit *r, int64_t now_ms, long calls_left)
{
	struct rl_stats s;
	int64_t per_call, t0, t, day_end, day_cost, resume = 0;
	long today, daily = LONG_MAX, left;

	if (calls_left <= 0)
		return 0;
	left = calls_left > RL_ETA_MAX_CALLS ? RL_ETA_MAX_CALLS : calls_left;
	ratelimit_stats(r, now_ms, &s);
	per_call = (r->o.window_ms + r->o.margin_ms + r->o.per_minute - 1) / r->o.per_minute;
	per_call = max64(per_call, s.avg_call_ms / r->o.concurrent);
	if (r->o.per_day > 0)
		daily = r->o.per_day;
	if (r->o.max_calls > 0 && r->o.max_calls < daily)
		daily = r->o.max_calls;

	t0 = max64(now_ms, r->hold_until);
	if (day_rolled(r, now_ms)) {
		today = daily;
		day_end = t0 + r->o.day_ms + r->o.margin_ms;
	} else if (day_spent(r, now_ms, &resume)) {
		t0 = max64(t0, resume);
		today = daily;
		day_end = t0 + r->o.day_ms + r->o.margin_ms;
	} else {
		today = day_left(r);
		day_end = (r->day_start >= 0 ? r->day_start : t0) + r->o.day_ms +
			  r->o.margin_ms;
	}
	if (today >= left) {
		t = t0 + left * per_call;
	} else {
		t = max64(t0 + today * per_call, day_end);
		left -= today;
		if (daily != LONG_MAX) {
			long full = (left - 1) / daily;

			day_cost = max64(r->o.day_ms + r->o.margin_ms, daily * per_call);
			t += full * day_cost;
			left -= full * daily;
		}
		t += left * per_call;
	}
	return t - now_ms + s.avg_call_ms;
}

/* ---- header lines ------------------------------------------------------- */

static int is_ows(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static int name_is(const char *p, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n && want[i]; i++)
		if (ascii_lower(p[i]) != ascii_lower(want[i]))
			return 0;
	return i == n && want[i] == '\0';
}

/* A plain non-negative decimal filling [p, end) exactly; 0 ok, -1 otherwise. */
static int parse_count(const char *p, const char *end, long *out)
{
	long v = 0;

	if (p == end)
		return -1;
	for (; p < end; p++) {
		int dgt;

		if (*p < '0' || *p > '9')
			return -1;
		dgt = *p - '0';
		if (v > (LONG_MAX - dgt) / 10)
			return -1;
		v = v * 10 + dgt;
	}
	*out = v;
	return 0;
}

void rl_headers_parse_line(struct rl_headers *h, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	const char *name_end, *v, *end = line + len;
	long *field = NULL, n;
	size_t vlen;

	if (!colon)
		return;
	for (name_end = colon; name_end > line && is_ows(name_end[-1]); name_end--)
		;
	for (v = colon + 1; v < end && is_ows(*v); v++)
		;
	while (end > v && is_ows(end[-1]))
		end--;

	if (name_is(line, (size_t)(name_end - line), "X-Rate-Limit-Problem")) {
		vlen = (size_t)(end - v);
		if (vlen >= sizeof(h->problem))
			vlen = sizeof(h->problem) - 1;
		memcpy(h->problem, v, vlen);
		h->problem[vlen] = '\0';
		return;
	}
	if (name_is(line, (size_t)(name_end - line), "X-MinLimit-Remaining"))
		field = &h->min_remaining;
	else if (name_is(line, (size_t)(name_end - line), "X-DayLimit-Remaining"))
		field = &h->day_remaining;
	else if (name_is(line, (size_t)(name_end - line), "X-AppMinLimit-Remaining"))
		field = &h->app_min_remaining;
	else if (name_is(line, (size_t)(name_end - line), "Retry-After"))
		field = &h->retry_after_s;
	if (field && parse_count(v, end, &n) == 0)
		*field = n;
}
