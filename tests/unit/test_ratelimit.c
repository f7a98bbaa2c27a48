/*
 * test_ratelimit.c - the rate limiter, with time stepped by hand.
 *
 * Small table-driven cases check each rule (pacing, concurrency, headers,
 * Retry-After, day budget, backoff, header parsing, ETA). The simulated
 * bulk runs drive the limiter from an event loop against a fake Xero: a
 * fixed 60-per-window counter whose windows start at an arbitrary offset,
 * 5 concurrent, a day limit, and deterministic latencies.
 */
#include "xero/ratelimit.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"

#define DAY_MS 86400000LL

static struct ratelimit *mk(const struct ratelimit_opts *o)
{
	struct ratelimit *r = NULL;
	int rc = ratelimit_new(&r, o, NULL);

	CHECK_INT(rc, 0);
	return r;
}

static int64_t fin(struct ratelimit *r, int64_t now, enum rl_outcome o, int status,
		   const char *problem, long ra, long minrem, long dayrem, int attempt)
{
	struct rl_headers h = RL_HEADERS_INIT;
	size_t n = strlen(problem);

	memcpy(h.problem, problem, n + 1);
	h.retry_after_s = ra;
	h.min_remaining = minrem;
	h.day_remaining = dayrem;
	return ratelimit_finished(r, now, o, status, &h, attempt);
}

/* ---- options ------------------------------------------------------------ */

static void test_opts(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = NULL;
	struct ll_err err = LL_ERR_INIT;

	o.per_minute = 0;
	CHECK_INT(ratelimit_new(&r, &o, &err), LL_EUSAGE);
	CHECK(r == NULL);
	CHECK_INT(err.code, LL_EUSAGE);
	o.per_minute = 60;
	o.backoff_cap_ms = 10;
	CHECK_INT(ratelimit_new(&r, &o, NULL), LL_EUSAGE);
	ratelimit_free(NULL);

	o = (struct ratelimit_opts)RATELIMIT_OPTS_INIT;
	ratelimit_opts_scale(&o, 60);
	CHECK_INT(o.window_ms, 1000);
	CHECK_INT(o.margin_ms, 250);
	CHECK_INT(o.backoff_base_ms, 16);
	CHECK_INT(o.offline_cap_ms, 5000);
	CHECK_INT(o.day_ms, 1440000);
}

/* ---- pacing and concurrency: scripted steps ----------------------------- */

enum op { W, S, F };
struct step {
	enum op op;
	int64_t t;
	int64_t want; /* W: expected wait */
};

static void run_steps(const char *name, const struct ratelimit_opts *o,
		      const struct step *s, size_t n)
{
	struct ratelimit *r = mk(o);

	for (size_t i = 0; i < n; i++) {
		if (s[i].op == S) {
			ratelimit_started(r, s[i].t);
		} else if (s[i].op == F) {
			CHECK_INT(ratelimit_finished(r, s[i].t, RL_OK, 200, NULL, 1), 0);
		} else {
			int64_t got = ratelimit_wait(r, s[i].t, NULL);

			if (got != s[i].want)
				fprintf(stderr, "%s step %zu:\n", name, i);
			CHECK_INT(got, s[i].want);
		}
	}
	ratelimit_free(r);
}

static void test_pacing(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	static const struct step pace[] = {
		{ W, 0, 0 }, { S, 0, 0 }, { S, 100, 0 }, { W, 150, 0 }, { S, 200, 0 },
		{ W, 300, 710 },   /* 3 in the window: oldest (0) + 1000 + 10 */
		{ F, 400, 0 }, { F, 500, 0 }, { F, 600, 0 },
		{ W, 1009, 1 }, { W, 1010, 0 }, { S, 1010, 0 },
		{ W, 1010, 100 },  /* oldest is now 100 */
		{ W, 1110, 0 }, { W, 1500, 0 }, { S, 1500, 0 },
		{ W, 1500, 0 },    /* ring is 200, 1010, 1500: 200 has aged out */
		{ S, 1500, 0 }, { W, 1500, 520 }, /* 1010, 1500, 1500 */
	};
	static const struct step conc[] = {
		{ S, 0, 0 }, { S, 1, 0 },
		{ W, 2, 100 },     /* cap full: poll window/per_minute, or until a call ends */
		{ F, 50, 0 }, { W, 50, 0 }, { S, 50, 0 }, { W, 51, 100 },
		{ F, 60, 0 }, { F, 70, 0 }, { W, 70, 0 },
	};

	o.per_minute = 3;
	o.window_ms = 1000;
	o.margin_ms = 10;
	o.concurrent = 10;
	run_steps("pace", &o, pace, sizeof(pace) / sizeof(pace[0]));
	o.per_minute = 10;
	o.concurrent = 2;
	run_steps("conc", &o, conc, sizeof(conc) / sizeof(conc[0]));
}

/* ---- headers and Retry-After -------------------------------------------- */

static void test_min_remaining(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = mk(&o);

	/* X-MinLimit-Remaining: 0 holds until the oldest call leaves the window */
	ratelimit_started(r, 100);
	ratelimit_started(r, 200);
	CHECK_INT(fin(r, 500, RL_OK, 200, "", -1, 0, -1, 1), 0);
	CHECK_INT(ratelimit_wait(r, 500, NULL), 100 + 60250 - 500);
	CHECK_INT(ratelimit_wait(r, 60349, NULL), 1);
	CHECK_INT(ratelimit_wait(r, 60350, NULL), 0);
	ratelimit_free(r);

	/* a 0 with none of our calls in the window: a whole window from now */
	r = mk(&o);
	ratelimit_started(r, 0);
	CHECK_INT(fin(r, 70000, RL_OK, 200, "", -1, 0, -1, 1), 0);
	CHECK_INT(ratelimit_wait(r, 70000, NULL), 60250);
	ratelimit_free(r);

	/* X-AppMinLimit-Remaining: 0 holds for the short backoff base */
	r = mk(&o);
	{
		struct rl_headers h = RL_HEADERS_INIT;

		h.app_min_remaining = 0;
		ratelimit_started(r, 0);
		CHECK_INT(ratelimit_finished(r, 300, RL_OK, 200, &h, 1), 0);
		CHECK_INT(ratelimit_wait(r, 300, NULL), 1000);
	}
	ratelimit_free(r);
}

static void test_retry_after(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = mk(&o);
	struct rl_stats st;

	/* Retry-After exactly (plus margin), not lengthened by the min header */
	ratelimit_started(r, 1000);
	CHECK_INT(fin(r, 1500, RL_429, 429, "minute", 7, 0, 4000, 1), 7250);
	CHECK_INT(ratelimit_wait(r, 1500, NULL), 7250);
	CHECK_INT(ratelimit_wait(r, 8749, NULL), 1);
	CHECK_INT(ratelimit_wait(r, 8750, NULL), 0);
	ratelimit_stats(r, 8750, &st);
	CHECK_INT(st.r429_minute, 1);
	CHECK_INT(st.retries, 1);
	CHECK_INT(st.held_ms, 7250);
	CHECK_INT(st.last_http_status, 429);
	ratelimit_free(r);

	/* a minute 429 without Retry-After: the window rule */
	r = mk(&o);
	ratelimit_started(r, 100);
	CHECK_INT(fin(r, 400, RL_429, 429, "Minute", -1, 0, -1, 1), 100 + 60250 - 400);
	ratelimit_free(r);

	/* concurrent / appminute / unknown problem, no Retry-After: short backoff */
	r = mk(&o);
	{
		static const char *const kinds[] = { "concurrent", "APPMINUTE", "", "Concurrency" };
		int64_t d;

		for (size_t i = 0; i < 4; i++) {
			ratelimit_started(r, 0);
			d = fin(r, 10, RL_429, 429, kinds[i], -1, -1, -1, 1);
			CHECK(d >= 500 && d <= 1000);
			CHECK_INT(fin(r, 10, RL_OK, 200, "", -1, -1, -1, 1), 0); /* reset streak */
			ratelimit_started(r, 10);
		}
		/* unknown problem but a Retry-After: honour it */
		CHECK_INT(fin(r, 20, RL_429, 429, "", 3, -1, -1, 1), 3250);
		ratelimit_stats(r, 20, &st);
		CHECK_INT(st.r429_concurrent, 2);
		CHECK_INT(st.r429_appminute, 1);
		CHECK_INT(st.r429_other, 2);
	}
	ratelimit_free(r);
}

/* ---- the day budget ----------------------------------------------------- */

static void test_day(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = mk(&o);
	struct rl_stats st;
	int64_t resume = 0;

	/* X-DayLimit-Remaining: 0: 24 h after the day's first call */
	ratelimit_started(r, 5000);
	CHECK_INT(fin(r, 5600, RL_OK, 200, "", -1, 55, 0, 1), 0);
	CHECK_INT(ratelimit_wait(r, 5600, &resume), RL_DAY_SPENT);
	CHECK_INT(resume, 5000 + DAY_MS + 250);
	ratelimit_stats(r, 5600, &st);
	CHECK_INT(st.resume_at_ms, resume);
	CHECK_INT(st.day_spent, 1);
	CHECK_INT(st.day_remaining_est, 0);
	CHECK_INT(ratelimit_wait(r, resume - 1, &resume), RL_DAY_SPENT);
	CHECK_INT(ratelimit_wait(r, resume, NULL), 0);
	ratelimit_stats(r, resume, &st);
	CHECK_INT(st.resume_at_ms, -1);
	CHECK_INT(st.day_remaining_est, -1);
	ratelimit_free(r);

	/* a day 429 with Retry-After: 66975 */
	r = mk(&o);
	ratelimit_started(r, 1000);
	CHECK_INT(fin(r, 1400, RL_429, 429, "day", 66975, 59, 0, 1), RL_DAY_SPENT);
	CHECK_INT(ratelimit_wait(r, 1400, &resume), RL_DAY_SPENT);
	CHECK_INT(resume, 1400 + 66975000LL + 250);
	CHECK_INT(ratelimit_wait(r, resume, NULL), 0);
	ratelimit_stats(r, resume, &st);
	CHECK_INT(st.r429_day, 1);
	CHECK_INT(st.retries, 0);
	ratelimit_free(r);

	/* old style "Daily", no Retry-After: 24 h after the first call */
	r = mk(&o);
	ratelimit_started(r, 7);
	CHECK_INT(fin(r, 900, RL_429, 429, "Daily", -1, -1, -1, 1), RL_DAY_SPENT);
	CHECK_INT(ratelimit_wait(r, 900, &resume), RL_DAY_SPENT);
	CHECK_INT(resume, 7 + DAY_MS + 250);
	ratelimit_free(r);

	/* --max-calls and the per-day limit, counted locally */
	{
		static const struct { long max_calls; int per_day; int ok; } t[] = {
			{ 3, 5000, 3 }, { 0, 2, 2 }, { 4, 3, 3 }, { 1, 0, 1 },
		};

		for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			o.max_calls = t[i].max_calls;
			o.per_day = t[i].per_day;
			r = mk(&o);
			for (int k = 0; k < t[i].ok; k++) {
				CHECK_INT(ratelimit_wait(r, 10 * k, NULL), 0);
				ratelimit_started(r, 10 * k);
			}
			CHECK_INT(ratelimit_wait(r, 100, &resume), RL_DAY_SPENT);
			CHECK_INT(resume, DAY_MS + 250);
			ratelimit_free(r);
		}
		o = (struct ratelimit_opts)RATELIMIT_OPTS_INIT;
	}

	/* the header estimate: calls still in flight are assumed not counted */
	r = mk(&o);
	ratelimit_started(r, 0);
	ratelimit_started(r, 1);
	ratelimit_started(r, 2);
	CHECK_INT(fin(r, 500, RL_OK, 200, "", -1, 50, 3, 1), 0); /* 2 in flight */
	CHECK_INT(ratelimit_wait(r, 500, NULL), 0);
	ratelimit_started(r, 500);
	CHECK_INT(ratelimit_wait(r, 500, &resume), RL_DAY_SPENT);
	CHECK_INT(resume, DAY_MS + 250);
	/* a later response shows the count went up: Xero's day reset */
	CHECK_INT(fin(r, 600, RL_OK, 200, "", -1, 50, 4990, 1), 0);
	CHECK_INT(ratelimit_wait(r, 600, NULL), 0);
	ratelimit_stats(r, 600, &st);
	CHECK_INT(st.day_remaining_est, 4990 - 2);
	ratelimit_free(r);
}

/* ---- backoff ------------------------------------------------------------ */

static int64_t fail(struct ratelimit *r, int64_t now, enum rl_outcome o, int attempt)
{
	ratelimit_started(r, now);
	return ratelimit_finished(r, now + 10, o, o == RL_OFFLINE ? 503 : 500, NULL,
				  attempt);
}

static void test_backoff(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *a, *b;
	int64_t seq_a[12], d;
	int differs = 0, jittered = 0;

	o.max_retries = 100;
	a = mk(&o);
	for (int k = 1; k <= 12; k++) {
		int64_t ceil = 1000LL << (k - 1);

		if (ceil > 60000)
			ceil = 60000;
		seq_a[k - 1] = d = fail(a, 1000000LL * k, k % 2 ? RL_5XX : RL_NETWORK, 1);
		CHECK(d >= ceil / 2 && d <= ceil);
		/* the hold applies to every call */
		CHECK_INT(ratelimit_wait(a, 1000000LL * k + 10, NULL), d);
	}
	for (int k = 0; k < 40; k++) { /* at the cap: jitter within [30 s, 60 s] */
		d = fail(a, 100000000LL + 100000LL * k, RL_5XX, 1);
		CHECK(d >= 30000 && d <= 60000);
		jittered |= d != seq_a[11];
	}
	CHECK(jittered);
	/* a success resets it */
	ratelimit_started(a, 200000000LL);
	CHECK_INT(ratelimit_finished(a, 200000010LL, RL_OK, 200, NULL, 1), 0);
	d = fail(a, 200000020LL, RL_5XX, 1);
	CHECK(d >= 500 && d <= 1000);

	/* deterministic for a seed, different for another */
	b = mk(&o);
	for (int k = 1; k <= 12; k++)
		CHECK_INT(fail(b, 1000000LL * k, k % 2 ? RL_5XX : RL_NETWORK, 1), seq_a[k - 1]);
	ratelimit_free(b);
	o.seed = 2;
	b = mk(&o);
	for (int k = 1; k <= 12; k++)
		differs |= fail(b, 1000000LL * k, k % 2 ? RL_5XX : RL_NETWORK, 1) != seq_a[k - 1];
	CHECK(differs);
	ratelimit_free(b);
	ratelimit_free(a);

	/* organisation offline: from 30 s, capped at 5 min */
	o.seed = 1;
	a = mk(&o);
	for (int k = 1; k <= 8; k++) {
		int64_t ceil = 30000LL << (k - 1);

		if (ceil > 300000)
			ceil = 300000;
		d = fail(a, 10000000LL * k, RL_OFFLINE, 1);
		CHECK(d >= ceil / 2 && d <= ceil);
		CHECK(d >= 15000);
	}
	ratelimit_free(a);

	/* give up after max_retries */
	o.max_retries = 8;
	a = mk(&o);
	for (int attempt = 1; attempt <= 8; attempt++)
		CHECK(fail(a, 10000000LL * attempt, RL_5XX, attempt) > 0);
	CHECK_INT(fail(a, 100000000LL, RL_5XX, 9), RL_GIVE_UP);
	CHECK_INT(fail(a, 200000000LL, RL_429 /* no headers: "other" */, 9), RL_GIVE_UP);
	{
		struct rl_stats st;

		ratelimit_stats(a, 200000010LL, &st);
		CHECK_INT(st.retries, 8);
		CHECK_INT(st.give_ups, 2);
		CHECK_INT(st.err_5xx, 9);
		CHECK_INT(st.r429_other, 1);
		CHECK_INT(st.inflight, 0);
	}
	ratelimit_free(a);
	o.max_retries = 0;
	a = mk(&o);
	CHECK_INT(fail(a, 0, RL_NETWORK, 1), RL_GIVE_UP);
	ratelimit_free(a);
}

/* ---- header lines ------------------------------------------------------- */

static void test_headers(void)
{
	static const struct {
		const char *line;
		long min, day, app, ra;
		const char *problem;
	} t[] = {
		{ "X-MinLimit-Remaining: 59", 59, -1, -1, -1, "" },
		{ "x-minlimit-remaining:59\r\n", 59, -1, -1, -1, "" },
		{ "X-DAYLIMIT-REMAINING:   4984  \r\n", -1, 4984, -1, -1, "" },
		{ "X-AppMinLimit-Remaining: 9999", -1, -1, 9999, -1, "" },
		{ "Retry-After: 66975", -1, -1, -1, 66975, "" },
		{ "retry-after:\t0\r\n", -1, -1, -1, 0, "" },
		{ "X-MinLimit-Remaining : 7", 7, -1, -1, -1, "" },
		{ "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining: -1", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining: 12abc", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining: 1 2", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining:", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining: 99999999999999999999999", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining-Extra: 5", -1, -1, -1, -1, "" },
		{ "X-MinLimit-Remaining 5", -1, -1, -1, -1, "" },
		{ "Content-Type: application/json", -1, -1, -1, -1, "" },
		{ "", -1, -1, -1, -1, "" },
		{ "X-Rate-Limit-Problem: Minute\r\n", -1, -1, -1, -1, "Minute" },
		{ "x-rate-limit-problem:   day  ", -1, -1, -1, -1, "day" },
		{ "X-Rate-Limit-Problem: appminute-and-a-very-long-tail-of-text",
		  -1, -1, -1, -1, "appminute-and-a-very-long-tail-" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rl_headers h = RL_HEADERS_INIT;

		rl_headers_parse_line(&h, t[i].line, strlen(t[i].line));
		if (h.min_remaining != t[i].min || h.day_remaining != t[i].day ||
		    h.app_min_remaining != t[i].app || h.retry_after_s != t[i].ra ||
		    strcmp(h.problem, t[i].problem))
			fprintf(stderr, "header row %zu: \"%s\"\n", i, t[i].line);
		CHECK_INT(h.min_remaining, t[i].min);
		CHECK_INT(h.day_remaining, t[i].day);
		CHECK_INT(h.app_min_remaining, t[i].app);
		CHECK_INT(h.retry_after_s, t[i].ra);
		CHECK_STR(h.problem, t[i].problem);
	}
	{ /* only len bytes are read */
		struct rl_headers h = RL_HEADERS_INIT;
		const char *l = "Retry-After: 12345";

		rl_headers_parse_line(&h, l, strlen(l) - 2);
		CHECK_INT(h.retry_after_s, 123);
	}
}

/* ---- ETA ---------------------------------------------------------------- */

static void test_eta(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = mk(&o);

	CHECK_INT(ratelimit_eta_ms(r, 0, 0), 0);
	CHECK_INT(ratelimit_eta_ms(r, 0, 120), 120 * 1005);
	ratelimit_started(r, 0);
	CHECK_INT(fin(r, 500, RL_429, 429, "minute", 7, 0, -1, 1), 7250);
	/* the hold, then the pace, then one mean call time (500 ms) */
	CHECK_INT(ratelimit_eta_ms(r, 500, 10), 7250 + 10 * 1005 + 500);
	ratelimit_free(r);

	/* the day budget runs out on the way: wait for the reset */
	o.per_day = 100;
	r = mk(&o);
	CHECK_INT(ratelimit_eta_ms(r, 0, 120), DAY_MS + 250 + 20 * 1005);
	CHECK_INT(ratelimit_eta_ms(r, 0, 250), 2 * (DAY_MS + 250) + 50 * 1005);
	ratelimit_free(r);

	/* slow calls: concurrency is the bound (5 in flight, 10 s each) */
	o = (struct ratelimit_opts)RATELIMIT_OPTS_INIT;
	r = mk(&o);
	ratelimit_started(r, 0);
	CHECK_INT(ratelimit_finished(r, 10000, RL_OK, 200, NULL, 1), 0);
	CHECK_INT(ratelimit_eta_ms(r, 10000, 100), 100 * 2000 + 10000);
	ratelimit_free(r);
}

/* ---- simulated bulk runs against a fake Xero ---------------------------- */

struct fake {
	int64_t win_ms, win_start;
	int per_win, used;
	int conc, inflight;
	long day_left;
	uint64_t lcg;
};

struct call {
	int64_t start, arrive, done;
	int arrived, active, admitted;
	int status;
	struct rl_headers h;
};

static unsigned fake_rand(struct fake *f, unsigned n)
{
	f->lcg = f->lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((f->lcg >> 33) % n);
}

/* Xero counts a call when it arrives. */
static void fake_arrive(struct fake *f, struct call *c, int64_t now)
{
	struct rl_headers h = RL_HEADERS_INIT;

	while (now >= f->win_start + f->win_ms) {
		f->win_start += f->win_ms;
		f->used = 0;
	}
	c->arrived = 1;
	if (f->day_left <= 0) {
		c->status = 429;
		memcpy(h.problem, "day", 4);
		h.retry_after_s = 66975;
	} else if (f->used >= f->per_win) {
		c->status = 429;
		memcpy(h.problem, "minute", 7);
		h.retry_after_s = (long)((f->win_start + f->win_ms - now + 999) / 1000);
	} else if (f->inflight >= f->conc) {
		c->status = 429;
		memcpy(h.problem, "concurrent", 11);
	} else {
		c->status = 200;
		c->admitted = 1;
		f->used++;
		f->day_left--;
		f->inflight++;
	}
	h.min_remaining = f->per_win - f->used;
	h.day_remaining = f->day_left > 0 ? f->day_left : 0;
	h.app_min_remaining = 9999;
	c->h = h;
}

struct sim {
	int64_t offset;     /* Xero's window boundary, ms after our first call */
	int minutes;
	long day_left;      /* Xero's calls left today */
	int per_day;        /* the limiter's per_day */
	/* results */
	long started_in_run, n429, max_inflight;
	int day_spent;
	int64_t resume;
	struct rl_stats st;
};

#define SIM_MAX_CALLS 16
#define T_BEGIN 5000000LL
#define NEVER INT64_MAX

static void simulate(struct sim *s)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r;
	struct fake f = { 60000, 0, 60, 0, 5, 0, 0, 12345 };
	struct call calls[SIM_MAX_CALLS];
	int64_t now = T_BEGIN, end, next;
	int captured = 0, day_wait = 0;

	o.per_day = s->per_day;
	r = mk(&o);
	memset(calls, 0, sizeof(calls));
	f.day_left = s->day_left;
	/* the last boundary at or before T_BEGIN is offset - window */
	f.win_start = T_BEGIN + s->offset - f.win_ms;
	end = T_BEGIN + (int64_t)s->minutes * 60000;
	s->started_in_run = s->n429 = s->max_inflight = 0;
	s->day_spent = 0;

	for (;;) {
		int64_t wake = NEVER;

		if (now < end && !day_wait) {
			for (;;) {
				int64_t w = ratelimit_wait(r, now, &s->resume);
				int slot = -1, active = 0;

				if (w == RL_DAY_SPENT) {
					/* valid until a call ends: the headers may free a few */
					s->day_spent = day_wait = 1;
					break;
				}
				s->day_spent = 0;
				if (w > 0) {
					wake = now + w;
					break;
				}
				for (int i = 0; i < SIM_MAX_CALLS; i++) {
					active += calls[i].active;
					if (!calls[i].active && slot < 0)
						slot = i;
				}
				CHECK(slot >= 0);
				if (slot < 0)
					break;
				if (active + 1 > s->max_inflight)
					s->max_inflight = active + 1;
				memset(&calls[slot], 0, sizeof(calls[slot]));
				calls[slot].active = 1;
				calls[slot].start = now;
				calls[slot].arrive = now + 20 + fake_rand(&f, 181);
				calls[slot].done = now + 300 + fake_rand(&f, 601);
				ratelimit_started(r, now);
				s->started_in_run++;
			}
		}
		next = wake;
		for (int i = 0; i < SIM_MAX_CALLS; i++) {
			if (!calls[i].active)
				continue;
			if (!calls[i].arrived && calls[i].arrive < next)
				next = calls[i].arrive;
			if (calls[i].arrived && calls[i].done < next)
				next = calls[i].done;
		}
		if (!captured && next >= end) {
			ratelimit_stats(r, end, &s->st);
			captured = 1;
		}
		if (next == NEVER)
			break;
		now = next;
		for (int i = 0; i < SIM_MAX_CALLS; i++)
			if (calls[i].active && !calls[i].arrived && calls[i].arrive <= now)
				fake_arrive(&f, &calls[i], now);
		for (int i = 0; i < SIM_MAX_CALLS; i++) {
			struct call *c = &calls[i];
			int64_t d;

			if (!c->active || !c->arrived || c->done > now)
				continue;
			c->active = 0;
			if (c->admitted)
				f.inflight--;
			if (c->status == 429)
				s->n429++;
			d = ratelimit_finished(r, now, c->status == 200 ? RL_OK : RL_429,
					       c->status, &c->h, 1);
			day_wait = 0;
			CHECK(d == 0 || c->status == 429);
		}
	}
	if (!captured)
		ratelimit_stats(r, end, &s->st);
	ratelimit_free(r);
}

static void test_bulk(void)
{
	static const int64_t offsets[] = {
		0, 1, 137, 250, 999, 7300, 29999, 30000, 45123, 59750, 59999,
	};

	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		struct sim s = { offsets[i], 10, 1000000, 5000, 0, 0, 0, 0, 0, { 0 } };

		simulate(&s);
		printf("# offset %6lld ms: %ld calls in 10 min, %ld 429s, "
		       "budget share %.3f, held %lld ms (%lld at the cap), max in flight %ld\n",
		       (long long)s.offset, s.started_in_run, s.n429, s.st.budget_share,
		       (long long)s.st.held_ms, (long long)s.st.held_cap_ms, s.max_inflight);
		CHECK_INT(s.n429, 0);
		CHECK(s.started_in_run >= 570); /* >= 95% of 60 a minute */
		CHECK(s.st.budget_share >= 0.95);
		CHECK(s.st.budget_share <= 1.0);
		CHECK(s.max_inflight <= 5);
		CHECK_INT(s.st.r429_minute + s.st.r429_concurrent, 0);
		CHECK_INT(s.day_spent, 0);
	}
}

static void test_bulk_day(void)
{
	/* Starter tier: 1,000 a day, counted locally; stops without a 429 */
	struct sim s = { 20000, 20, 1000, 1000, 0, 0, 0, 0, 0, { 0 } };

	simulate(&s);
	CHECK_INT(s.n429, 0);
	CHECK_INT(s.started_in_run, 1000);
	CHECK_INT(s.day_spent, 1);
	CHECK_INT(s.resume, T_BEGIN + DAY_MS + 250);

	/* the tenant had used all but 100 of today's calls: the headers stop us */
	s = (struct sim){ 41000, 10, 100, 5000, 0, 0, 0, 0, 0, { 0 } };
	simulate(&s);
	printf("# 100 left today: %ld started, %ld 429s\n", s.started_in_run, s.n429);
	CHECK_INT(s.n429, 0);
	CHECK(s.started_in_run >= 96 && s.started_in_run <= 100);
	CHECK_INT(s.day_spent, 1);
	CHECK_INT(s.resume, T_BEGIN + DAY_MS + 250);
}

/* Two bursts of a full minute's calls with an idle gap (the caller loading
 * its next batches, nothing in flight, nobody held) between them: the
 * budget share counts the windows from the first start to the last, so it
 * stays 1.0 (counting only the busy moments it read 2.0). */
static void test_budget_share_gaps(void)
{
	struct ratelimit_opts o = RATELIMIT_OPTS_INIT;
	struct ratelimit *r = mk(&o);
	struct rl_stats st;
	int64_t now = 1000, resume;
	int burst, i;

	for (burst = 0; burst < 2; burst++) {
		for (i = 0; i < 60; i++) {
			while (ratelimit_wait(r, now, &resume) > 0)
				now += 10;
			ratelimit_started(r, now);
			now += 20;
			fin(r, now, RL_OK, 200, "", -1, -1, -1, 1);
		}
		now += 40000; /* idle: no call in flight, no caller held */
	}
	ratelimit_stats(r, now, &st);
	CHECK_INT(st.started, 120);
	CHECK(st.budget_share > 0.99 && st.budget_share <= 1.0);
	ratelimit_free(r);
}

int main(void)
{
	test_opts();
	test_pacing();
	test_min_remaining();
	test_retry_after();
	test_day();
	test_backoff();
	test_headers();
	test_eta();
	test_bulk();
	test_bulk_day();
	test_budget_share_gaps();
	return tap_done();
}
