/*
 * prefetch.c - parser threads reading the next input files while the main
 * thread writes the deposits of the current one (prefetch.h).
 *
 * One mutex guards everything shared: the jobs (one per input file: what
 * opening it gave, its queue of sink calls, how its parse ended) and the
 * queue's totals. A parser thread takes the next wanted file no more than
 * PREFETCH_AHEAD files past the main thread's, opens it (ingest_open) and
 * runs its parser with a sink of its own that copies each call into an
 * item on the file's queue: a deposit deep-copied (the parser frees its
 * own when the call returns), a message or fate with its strings, and the
 * parser's counts at that moment. It waits while the queue is full, unless
 * the file is the one the main thread waits for and its queue is empty,
 * so the main thread always gets the next call (no deadlock) and memory
 * stays within PREFETCH_QUEUE_BYTES plus one call per parser thread. The
 * main thread pops a file's items in order and calls the real sink; a
 * cancelled file's parser is stopped at its next sink call.
 *
 * The parsers share nothing mutable (their state is per call); the time
 * zone caches offsets as it goes, so each thread has its own copy
 * (util/tz.c serialises the C library calls behind it: TZ set, tzset,
 * localtime_r). Setting TZ while another thread calls getenv (SQLite's
 * temporary folder, the test hooks) is safe in glibc only while the
 * variable exists (its entry is replaced in place; adding or removing one
 * moves the array): with a zone, TZ is set to what an unset TZ means
 * (":/etc/localtime") while the parser threads run, and unset after.
 * SIGINT and SIGTERM are blocked on the parser threads: the main thread
 * takes them, as before.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RUSAGE_THREAD */
#endif
#include "plan/prefetch.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "plan/ingest.h"
#include "plan/sources.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/tz.h"

#define PREFETCH_QUEUE_BYTES ((size_t)2 * 1024 * 1024)
#define PREFETCH_QUEUE_ITEMS 1024
#define PREFETCH_AHEAD 4

enum { IT_DEPOSIT = 1, IT_REJECT, IT_FATE };

struct item {
	struct item *next;
	int kind;
	size_t cost;
	struct parse_stats ps;   /* the parser's counts when it made the call */
	struct deposit *d;       /* IT_DEPOSIT */
	long line;               /* IT_REJECT */
	const char *path, *sev, *code, *msg; /* IT_REJECT, in the item's block */
	const char *currency, *reason;       /* IT_FATE, in the item's block */
	enum parse_fate fate;
	long rows;
	int64_t amount;
};

enum { JOB_WAITING = 0, JOB_TAKEN, JOB_OPENED, JOB_DONE };

struct job {
	int want, state, cancel;
	struct prefetch_opened op;
	int rc;
	struct ll_err err;
	struct parse_stats ps;
	char hash[33];
	struct item *head, *tail;
};

struct prefetch {
	pthread_mutex_t mu;
	pthread_cond_t cv_main, cv_work;
	char *const *paths;
	struct job *jobs;
	size_t n;
	size_t next;      /* the next file a parser thread looks at */
	size_t at;        /* the file the main thread is at */
	size_t bytes, items;
	int stop;
	int main_waiting, work_waiting;
	const struct parse_wallet *wallet;
	const struct tz *tz;
	pthread_t *th;
	int nth;
	/* for -v: files parsed ahead, the parser threads' CPU, and the time
	 * the main thread waited for them and they waited on a full queue */
	size_t nread;
	double cpu_parse, wait_main, wait_work;
	int tz_env_set;   /* TZ set by prefetch_start: unset it at the end */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* wait on cv (p->mu held), adding the time waited to *acc */
static void wait_on(struct prefetch *p, pthread_cond_t *cv, int *waiting, double *acc)
{
	double t0 = now();

	(*waiting)++;
	pthread_cond_wait(cv, &p->mu);
	(*waiting)--;
	*acc += now() - t0;
}

/* a parser thread's sink context: the file it parses */
struct wctx {
	struct prefetch *p;
	size_t i;
	struct parse_stats *ps;
};

int prefetch_default_jobs(void)
{
	const char *e = getenv("LEDGERLIFT_JOBS");
	long n;

	if (e && *e) {
		n = strtol(e, NULL, 10);
		return n < 1 ? 1 : n > 64 ? 64 : (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

static void item_free(struct item *it)
{
	if (!it)
		return;
	if (it->d) {
		deposit_free(it->d);
		free(it->d);
	}
	free(it);
}

static void job_drop_items(struct prefetch *p, struct job *j)
{
	struct item *it = j->head, *nx;

	for (; it; it = nx) {
		nx = it->next;
		p->bytes -= it->cost;
		p->items--;
		item_free(it);
	}
	j->head = j->tail = NULL;
}

/* ---- the parser threads' side ---- */

/* A copy of d that owns its events and strings (its path stays borrowed:
 * the file list's). NULL when out of memory. */
static struct deposit *deposit_copy(const struct deposit *d, size_t *cost)
{
	struct deposit *c = malloc(sizeof(*c));
	const struct strpool *sp = &d->pool;
	struct strpool *cp;

	if (!c)
		return NULL;
	*c = *d;
	cp = &c->pool;
	c->ev = NULL;
	c->evcap = c->nev;
	cp->data = malloc(sp->len ? sp->len : 1);
	cp->cap = sp->len ? sp->len : 1;
	cp->offs = malloc((sp->n ? sp->n : 1) * sizeof(*cp->offs));
	cp->hashes = malloc((sp->n ? sp->n : 1) * sizeof(*cp->hashes));
	cp->ncap = sp->n ? sp->n : 1;
	cp->slots = sp->nslots ? malloc(sp->nslots * sizeof(*cp->slots)) : NULL;
	if (d->nev)
		c->ev = malloc(d->nev * sizeof(*c->ev));
	if (!cp->data || !cp->offs || !cp->hashes || (sp->nslots && !cp->slots) ||
	    (d->nev && !c->ev)) {
		deposit_free(c);
		free(c);
		return NULL;
	}
	memcpy(cp->data, sp->data, sp->len);
	memcpy(cp->offs, sp->offs, sp->n * sizeof(*cp->offs));
	memcpy(cp->hashes, sp->hashes, sp->n * sizeof(*cp->hashes));
	if (sp->nslots)
		memcpy(cp->slots, sp->slots, sp->nslots * sizeof(*cp->slots));
	if (d->nev)
		memcpy(c->ev, d->ev, d->nev * sizeof(*c->ev));
	*cost = sizeof(*c) + d->nev * sizeof(*c->ev) + cp->cap +
		cp->ncap * 2 * sizeof(uint32_t) + cp->nslots * sizeof(uint32_t);
	return c;
}

/* Queue it on file w->i, waiting while the queue is full. LL_ETRANSIENT
 * when the file was cancelled (the parser stops; it is freed). */
static int push(struct wctx *w, struct item *it)
{
	struct prefetch *p = w->p;
	struct job *j = &p->jobs[w->i];

	it->ps = *w->ps;
	pthread_mutex_lock(&p->mu);
	while (!j->cancel && !p->stop && !(w->i == p->at && !j->head) &&
	       (p->bytes + it->cost > PREFETCH_QUEUE_BYTES || p->items >= PREFETCH_QUEUE_ITEMS)) {
		wait_on(p, &p->cv_work, &p->work_waiting, &p->wait_work);
	}
	if (j->cancel || p->stop) {
		pthread_mutex_unlock(&p->mu);
		item_free(it);
		return LL_ETRANSIENT;
	}
	if (j->tail)
		j->tail->next = it;
	else
		j->head = it;
	j->tail = it;
	p->bytes += it->cost;
	p->items++;
	if (p->main_waiting)
		pthread_cond_signal(&p->cv_main);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

static int w_deposit(void *ctx, struct deposit *d)
{
	struct item *it = calloc(1, sizeof(*it));

	if (!it)
		return LL_ERROR;
	it->kind = IT_DEPOSIT;
	it->d = deposit_copy(d, &it->cost);
	if (!it->d) {
		free(it);
		return LL_ERROR;
	}
	it->cost += sizeof(*it);
	return push(ctx, it);
}

/* the strings s[0..n) one after the other behind an item, *out pointing at
 * each copy */
static struct item *item_with(size_t n, const char *const *s, const char **out[])
{
	size_t len[4], total = 0, k;
	struct item *it;
	char *q;

	for (k = 0; k < n; k++) {
		len[k] = s[k] ? strlen(s[k]) + 1 : 0;
		total += len[k];
	}
	it = calloc(1, sizeof(*it) + total);
	if (!it)
		return NULL;
	q = (char *)(it + 1);
	for (k = 0; k < n; k++) {
		if (s[k]) {
			memcpy(q, s[k], len[k]);
			*out[k] = q;
			q += len[k];
		} else {
			*out[k] = NULL;
		}
	}
	it->cost = sizeof(*it) + total;
	return it;
}

static int w_reject(void *ctx, const char *path, long line, const char *sev,
		    const char *code, const char *msg)
{
	const char *s[4] = { path, sev, code, msg };
	struct item tmp;
	const char **out[4] = { &tmp.path, &tmp.sev, &tmp.code, &tmp.msg };
	struct item *it = item_with(4, s, out);

	if (!it)
		return LL_ERROR;
	it->kind = IT_REJECT;
	it->line = line;
	it->path = tmp.path;
	it->sev = tmp.sev;
	it->code = tmp.code;
	it->msg = tmp.msg;
	return push(ctx, it);
}

static int w_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		  long rows, int64_t amount)
{
	const char *s[2] = { currency, reason };
	struct item tmp;
	const char **out[2] = { &tmp.currency, &tmp.reason };
	struct item *it = item_with(2, s, out);

	if (!it)
		return LL_ERROR;
	it->kind = IT_FATE;
	it->currency = tmp.currency;
	it->reason = tmp.reason;
	it->fate = fate;
	it->rows = rows;
	it->amount = amount;
	return push(ctx, it);
}

/* Open and parse file i (no lock held). */
static void parse_one(struct prefetch *p, size_t i, struct tz *tz)
{
	struct job *j = &p->jobs[i];
	struct source src;
	struct prefetch_opened op;
	struct parse_stats ps;
	struct ll_err err = LL_ERR_INIT;
	struct wctx w = { p, i, &ps };
	struct parse_sink sink = { &w, w_deposit, w_reject, tz, p->wallet, w_fate };
	char hash[33] = "";
	int rc = 0, cancel;

	memset(&op, 0, sizeof(op));
	memset(&ps, 0, sizeof(ps));
	op.rc = ingest_open(&src, p->paths[i], &op.err);
	op.fmt = src.fmt;
	op.kind = src.kind;
	memcpy(op.reason, src.reason, sizeof(op.reason));
	pthread_mutex_lock(&p->mu);
	j->op = op;
	j->state = JOB_OPENED;
	cancel = j->cancel || p->stop;
	if (p->main_waiting)
		pthread_cond_broadcast(&p->cv_main);
	pthread_mutex_unlock(&p->mu);
	if (!cancel && op.rc == 0 && src.fmt && src.fmt->parse) {
		rc = src.fmt->parse(&src.lines, p->paths[i], src.header, src.header_len, &sink,
				    &ps, &err);
		if (rc == 0)
			hash_hex(&src.lines.hash, hash);
	}
	ingest_close(&src);
	pthread_mutex_lock(&p->mu);
	j->rc = rc;
	j->err = err;
	j->ps = ps;
	memcpy(j->hash, hash, sizeof(hash));
	j->state = JOB_DONE;
	if (p->main_waiting)
		pthread_cond_broadcast(&p->cv_main);
	pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
	struct prefetch *p = arg;
	struct tz *tz = NULL;
	struct rusage ru;
	sigset_t ss;

	sigemptyset(&ss);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &ss, NULL);
	if (p->tz && tz_open(&tz, tz_name(p->tz), NULL))
		tz = NULL; /* cannot happen: the main thread opened the same */
	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		while (!p->stop && p->next < p->n &&
		       (!p->jobs[p->next].want || p->jobs[p->next].cancel))
			p->next++;
		if (p->stop || p->next >= p->n)
			break;
		if (p->next >= p->at + PREFETCH_AHEAD) {
			wait_on(p, &p->cv_work, &p->work_waiting, &p->wait_work);
			continue;
		}
		i = p->next++;
		p->jobs[i].state = JOB_TAKEN;
		p->nread++;
		pthread_mutex_unlock(&p->mu);
		parse_one(p, i, p->tz ? tz : NULL);
		pthread_mutex_lock(&p->mu);
	}
	if (getrusage(RUSAGE_THREAD, &ru) == 0)
		p->cpu_parse += (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
				(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	pthread_mutex_unlock(&p->mu);
	tz_free(tz);
	return NULL;
}

/* ---- the main thread's side ---- */

int prefetch_start(struct prefetch **out, struct state *st, char *const *paths, size_t n,
		   int jobs, int remap, int force, int repost_changed, const struct tz *tz,
		   const struct parse_wallet *wallet, struct ll_err *err)
{
	struct prefetch *p;
	size_t i, nwant = 0;
	int nthreads = (jobs > 0 ? jobs : prefetch_default_jobs()) - 1, rc;

	*out = NULL;
	if (nthreads < 1 || n == 0)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->jobs = calloc(n, sizeof(*p->jobs))) ||
	    !(p->th = calloc((size_t)nthreads, sizeof(*p->th)))) {
		if (p)
			free(p->jobs);
		free(p);
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	}
	for (i = 0; i < n; i++) {
		rc = sources_likely_read(st, paths[i], remap, force, repost_changed, err);
		if (rc < 0) {
			free(p->th);
			free(p->jobs);
			free(p);
			return LL_ERROR;
		}
		p->jobs[i].want = rc;
		nwant += (size_t)rc;
	}
	if (!nwant) {
		free(p->th);
		free(p->jobs);
		free(p);
		return 0;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv_main, NULL);
	pthread_cond_init(&p->cv_work, NULL);
	p->paths = paths;
	p->n = n;
	p->tz = tz;
	p->wallet = wallet;
	if (tz && !getenv("TZ")) {
		/* no thread runs yet: the entry the zone swaps replace in place */
		setenv("TZ", ":/etc/localtime", 1);
		p->tz_env_set = 1;
	}
	for (p->nth = 0; p->nth < nthreads; p->nth++)
		if (pthread_create(&p->th[p->nth], NULL, worker, p))
			break;
	if (p->nth == 0) {
		prefetch_free(p);
		return ll_err_set(err, LL_ERROR, NULL, 0, "cannot start a parser thread");
	}
	*out = p;
	return 0;
}

int prefetch_has(const struct prefetch *p, size_t i)
{
	return p && i < p->n && p->jobs[i].want && !p->jobs[i].cancel;
}

void prefetch_at(struct prefetch *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	p->at = i;
	if (p->work_waiting)
		pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
}

void prefetch_cancel(struct prefetch *p, size_t i)
{
	struct job *j = &p->jobs[i];

	pthread_mutex_lock(&p->mu);
	j->cancel = 1;
	job_drop_items(p, j);
	if (p->work_waiting)
		pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
}

void prefetch_open_result(struct prefetch *p, size_t i, struct prefetch_opened *out)
{
	struct job *j = &p->jobs[i];

	pthread_mutex_lock(&p->mu);
	while (j->state < JOB_OPENED)
		wait_on(p, &p->cv_main, &p->main_waiting, &p->wait_main);
	*out = j->op;
	pthread_mutex_unlock(&p->mu);
}

static int dispatch(const struct parse_sink *sink, struct item *it)
{
	switch (it->kind) {
	case IT_DEPOSIT:
		return sink->deposit(sink->ctx, it->d);
	case IT_REJECT:
		return sink->reject(sink->ctx, it->path, it->line, it->sev, it->code, it->msg);
	default:
		return sink->fate ? sink->fate(sink->ctx, it->currency, it->fate, it->reason,
					       it->rows, it->amount)
				  : 0;
	}
}

int prefetch_replay(struct prefetch *p, size_t i, const struct parse_sink *sink,
		    struct parse_stats *stats, char hash[33], struct ll_err *err)
{
	struct job *j = &p->jobs[i];
	struct item *it;
	int rc;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!j->head && j->state != JOB_DONE)
			wait_on(p, &p->cv_main, &p->main_waiting, &p->wait_main);
		if (!(it = j->head))
			break;
		j->head = it->next;
		if (!j->head)
			j->tail = NULL;
		p->bytes -= it->cost;
		p->items--;
		if (p->work_waiting)
			pthread_cond_broadcast(&p->cv_work);
		pthread_mutex_unlock(&p->mu);
		rc = dispatch(sink, it);
		if (rc) {
			*stats = it->ps;
			item_free(it);
			prefetch_cancel(p, i);
			return ll_err_set(err, rc, p->paths[i], 0,
					  "stopped: the deposits could not be recorded");
		}
		item_free(it);
		pthread_mutex_lock(&p->mu);
	}
	*stats = j->ps;
	*err = j->err;
	memcpy(hash, j->hash, 33);
	rc = j->rc;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

void prefetch_free(struct prefetch *p)
{
	size_t i;
	int t;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv_work);
	pthread_mutex_unlock(&p->mu);
	for (t = 0; t < p->nth; t++)
		pthread_join(p->th[t], NULL);
	if (p->tz_env_set)
		unsetenv("TZ"); /* as it was (every thread has stopped) */
	log_debug("parser threads: %d; %zu of %zu files parsed ahead, %.2f s CPU; the main"
		  " thread waited %.2f s for them, they %.2f s for it (a full queue, or"
		  " files enough ahead)", p->nth,
		  p->nread, p->n, p->cpu_parse, p->wait_main, p->wait_work);
	for (i = 0; i < p->n; i++)
		job_drop_items(p, &p->jobs[i]);
	pthread_cond_destroy(&p->cv_main);
	pthread_cond_destroy(&p->cv_work);
	pthread_mutex_destroy(&p->mu);
	free(p->th);
	free(p->jobs);
	free(p);
}
