/*
 * send.c - sending the planned batches, matching the answers, looking up
 * unknown outcomes (send.h).
 *
 * State machine of a batch (docs/state.md): planned -> sent (claimed, with
 * its idempotency key, before the request leaves; only if it is still the
 * planned batch it was loaded as) -> done, or -> unknown when the answer
 * does not settle every document; an unknown or sent batch (also one left
 * by a killed run) is settled by looking its documents up by number:
 * found ones are posted, missing ones go back to planned and are batched
 * again. Payments and bank transfers, which Xero cannot refuse as
 * duplicates, are also looked up by Reference before they are sent again.
 * A document is posted only with a non-zero Xero id and status
 * OK/WARNING, matched by its number (match.c). What each step records
 * goes through store/posting.h and store/batches.h.
 */
#include "xero/send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan.h"
#include "store/batches.h"
#include "store/posting.h"
#include "util/hash.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "xero/match.h"

#define LOOKUP_CHUNK 40
#define WINDOW 100       /* batches loaded and handed to the client together */
#define MAX_ROUNDS 6     /* lookup-and-resend rounds in one run */

struct batch {
	int64_t id;
	char endpoint[16];
	struct buf body;
	long docs, body_bytes;   /* what the body was built from (claim checks) */
	struct xero_call call;
};

struct poster {
	struct state *st;
	struct xero *x;
	struct post_result *res;
	const struct post_opts *o;
	struct ll_err *err;
	long total_docs;
	int failed;
	int64_t last_progress_ms;
};

static int set_batch(struct poster *p, int64_t batch, const char *status)
{
	return store_batch_set_status(p->st, batch, status, p->err);
}

/* The terminal's progress line: documents, calls, headroom, ETA (at most
 * five times a second; only when asked, i.e. on a terminal and not -q). */
static void progress(struct poster *p)
{
	struct xero_stats xs;
	struct rl_stats rs;
	int64_t now = xero_now_ms(), eta;
	long done, left;
	char etas[32];

	if (!p->o->progress || now - p->last_progress_ms < 200)
		return;
	p->last_progress_ms = now;
	xero_get_stats(p->x, &xs);
	ratelimit_stats(xero_limiter(p->x), now, &rs);
	done = p->res->posted + p->res->found_existing + p->res->rejected;
	left = p->total_docs > done ? p->total_docs - done : 0;
	eta = ratelimit_eta_ms(xero_limiter(p->x), now, (left + 49) / 50);
	if (eta >= 3600000)
		snprintf(etas, sizeof(etas), "%lldh%02lldm", (long long)(eta / 3600000),
			 (long long)(eta / 60000 % 60));
	else
		snprintf(etas, sizeof(etas), "%lldm%02llds", (long long)(eta / 60000),
			 (long long)(eta / 1000 % 60));
	fprintf(stderr, "\rposted %ld of %ld documents (%ld rejected); %ld calls, %ld 429s;"
		" minute headroom %ld; ETA %s   ", p->res->posted + p->res->found_existing,
		p->total_docs, p->res->rejected, xs.requests, xs.rate_limited,
		rs.last_min_remaining, etas);
}

/* A batch is about to leave: record it as sent, with its key, first; a
 * batch that is no longer the planned one it was loaded as (another
 * process re-planned or sent it) is not sent. */
static int on_batch_start(void *ctx, struct xero_call *c)
{
	struct poster *p = ctx;
	struct batch *b = c->user;
	int claimed = 0;

	if (store_batch_claim(p->st, b->id, c->idem_key, b->docs, b->body_bytes, &claimed,
			      p->err)) {
		p->failed = 1;
		return 1;
	}
	if (!claimed) {
		log_info("batch %lld is no longer planned as it was loaded (the state file"
			 " changed under this run); not sent", (long long)b->id);
		return XERO_START_SKIP;
	}
	p->res->batches_sent++;
	return 0;
}

/* Record what a batch's answer says; leaves the batch done or unknown. */
static int on_batch_done(void *ctx, struct xero_call *c)
{
	struct poster *p = ctx;
	struct batch *b = c->user;
	struct match_counts mc = { 0, 0 };
	int answered = c->result == XR_ANSWERED && c->status == 200;
	long left;

	if (state_begin(p->st, p->err))
		goto fail;
	/* each element settles the document of its number; anything not
	 * settled by the answer makes the batch unknown */
	if (match_answer(p->st, b->id, b->endpoint, answered ? buf_cstr(&c->resp) : NULL,
			 answered ? c->resp.len : 0, &mc, p->err) ||
	    store_batch_left(p->st, b->id, &left, p->err) ||
	    set_batch(p, b->id, left ? "unknown" : "done") || state_commit(p->st, p->err))
		goto fail_tx;
	p->res->posted += mc.posted;
	p->res->rejected += mc.rejected;
	progress(p);
	if (left)
		log_debug("batch %lld: outcome of %ld document(s) unknown (HTTP %ld%s%s);"
			  " they will be looked up", (long long)b->id, left, c->status,
			  c->error[0] ? ", " : "", c->error);
	return 0;
fail_tx:
	state_rollback(p->st);
fail:
	p->failed = 1;
	return 1;
}

/* The documents of one lookup call: one endpoint, a URL of a few kB. */
struct lookup {
	char endpoint[16];
	struct buf path;
	int64_t ids[LOOKUP_CHUNK];
	int n;
	int nomem;
};

static int lookup_add(void *ctx, const struct store_unsettled *u)
{
	struct lookup *l = ctx;

	if (l->n && (strcmp(l->endpoint, u->endpoint) || !match_lookup_fits(&l->path, u->number)))
		return 1;
	if (!l->n) {
		snprintf(l->endpoint, sizeof(l->endpoint), "%s", u->endpoint);
		if (match_lookup_begin(&l->path, l->endpoint))
			return l->nomem = 1;
	}
	if (match_lookup_add(&l->path, l->endpoint, u->number, l->n == 0))
		return l->nomem = 1;
	l->ids[l->n++] = u->id;
	return l->n == LOOKUP_CHUNK;
}

/*
 * GET the documents gathered in l from Xero and post the ones found (in a
 * transaction the caller commits; *found counts them). 0 with *day set
 * when the day's budget is spent, or a negative code (no transaction open
 * then).
 */
static int lookup_call(struct poster *p, struct lookup *l, int64_t *resume, int *day,
		       long *found)
{
	struct xero_call c, *one[1] = { &c };
	int r, rc;

	*found = 0;
	if (match_lookup_end(&l->path))
		return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
	xero_call_init(&c, "GET", buf_cstr(&l->path), NULL, 0);
	r = xero_perform(p->x, one, 1, NULL, NULL, NULL, resume, p->err);
	p->res->lookups++;
	if (r == RL_DAY_SPENT) {
		*day = 1;
		xero_call_free(&c);
		return 0;
	}
	if (r || c.result != XR_ANSWERED || c.status != 200) {
		rc = r ? r : ll_err_set(p->err, LL_ETRANSIENT, NULL, 0,
					"looking documents up in Xero failed (HTTP %ld); "
					"run again to resume", c.status);
		xero_call_free(&c);
		return rc;
	}
	if (state_begin(p->st, p->err)) {
		xero_call_free(&c);
		return LL_ERROR;
	}
	rc = match_found(p->st, l->endpoint, l->ids, l->n, buf_cstr(&c.resp), c.resp.len,
			 found, p->err);
	xero_call_free(&c);
	if (rc)
		state_rollback(p->st);
	p->res->found_existing += *found;
	return rc;
}

/* Look up the documents of unknown/sent batches by number, 40 a call:
 * found ones are posted, missing ones leave their batch to be sent again. */
static int settle_unknown(struct poster *p, int64_t *resume, int *day)
{
	int rc = 0;

	for (;;) {
		struct lookup l;
		int k;
		long found = 0;

		memset(&l, 0, sizeof(l));
		buf_init(&l.path, 8192);
		rc = store_post_each_unsettled(p->st, LOOKUP_CHUNK, lookup_add, &l, p->err);
		if (rc < 0 || l.nomem || l.n == 0) {
			buf_free(&l.path);
			if (rc < 0 || !l.nomem)
				return rc < 0 ? rc : 0;
			return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
		}
		rc = lookup_call(p, &l, resume, day, &found);
		buf_free(&l.path);
		if (rc || *day)
			return rc;
		/* asked for and not found: never created, so it is planned again */
		for (k = 0; k < l.n && rc == 0; k++)
			rc = store_post_resend(p->st, l.ids[k], p->err);
		if (rc || store_batch_settle_done(p->st, p->err) ||
		    state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
	}
}

/*
 * Payments and bank transfers being sent again after an earlier run's
 * lookup did not find them are looked up by Reference once more before
 * they leave (Xero cannot refuse their repeats as duplicates: a write
 * that landed late would be paid twice); found ones are posted, the others
 * go as planned. Once per run, before the first round.
 */
static int lookup_resends(struct poster *p, int64_t *resume, int *day)
{
	char after[16] = "";
	int64_t after_id = 0;

	for (;;) {
		struct lookup l;
		long found = 0;
		int rc;

		memset(&l, 0, sizeof(l));
		buf_init(&l.path, 8192);
		rc = store_post_each_resent(p->st, after, after_id, LOOKUP_CHUNK, lookup_add, &l,
					    p->err);
		if (rc < 0 || l.nomem || l.n == 0) {
			buf_free(&l.path);
			if (rc < 0 || !l.nomem)
				return rc < 0 ? rc : 0;
			return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
		}
		snprintf(after, sizeof(after), "%s", l.endpoint);
		after_id = l.ids[l.n - 1];
		rc = lookup_call(p, &l, resume, day, &found);
		buf_free(&l.path);
		if (rc || *day)
			return rc;
		if (state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
		if (found)
			log_info("%ld payment(s) or transfer(s) to be sent again found in Xero"
				 " by their Reference; not sent again", found);
	}
}

/* A payment whose document Xero rejected (or which is no longer in the
 * plan) will never be sent: rejected, with the reason, so nothing waits. */
static int reject_orphan_payments(struct poster *p)
{
	long n = 0;

	if (state_begin(p->st, p->err))
		return LL_ERROR;
	if (store_post_reject_orphans(p->st, &n, p->err) || state_commit(p->st, p->err)) {
		state_rollback(p->st);
		return LL_ERROR;
	}
	p->res->rejected += n;
	return 0;
}

/* The window of batches being loaded (load_batches). */
struct loader {
	struct poster *p;
	struct batch *bs;
	int n;
	int rc;
	struct jsonw w;     /* the request body of bs[n]: {"<endpoint>":[...]} */
};

static int add_body(void *ctx, const char *body)
{
	struct loader *l = ctx;
	struct batch *b = &l->bs[l->n];

	jsonw_raw(&l->w, body);
	b->docs++;
	b->body_bytes += (long)strlen(body);
	return 0;
}

static int add_batch(void *ctx, int64_t id, const char *endpoint)
{
	struct loader *l = ctx;
	struct batch *b = &l->bs[l->n];

	memset(b, 0, sizeof(*b));
	b->id = id;
	snprintf(b->endpoint, sizeof(b->endpoint), "%s", endpoint);
	buf_init(&b->body, 8u * 1024 * 1024);
	jsonw_init(&l->w, &b->body);
	jsonw_object(&l->w);
	jsonw_name(&l->w, b->endpoint);
	jsonw_array(&l->w);
	if (store_batch_each_body(l->p->st, id, add_body, l, l->p->err))
		return l->rc = LL_ERROR;
	jsonw_end(&l->w);
	jsonw_end(&l->w);
	if (jsonw_finish(&l->w)) {
		buf_free(&b->body);
		return l->rc = ll_err_set(l->p->err, LL_ERROR, NULL, 0, "batch %lld too large",
					  (long long)b->id);
	}
	l->n++;
	return 0;
}

static int load_batches(struct poster *p, struct batch *bs, int max, int *n)
{
	struct loader l;
	int rc;

	memset(&l, 0, sizeof(l));
	l.p = p;
	l.bs = bs;
	rc = store_batch_each_planned(p->st, max, add_batch, &l, p->err);
	*n = l.n;
	return rc ? LL_ERROR : 0;
}

int send_planned(struct state *st, struct xero *x, const struct post_opts *o,
		 struct post_result *res, int day, int64_t resume, struct ll_err *err)
{
	struct poster p;
	struct batch *bs = calloc(WINDOW, sizeof(*bs));
	struct xero_call **calls = calloc(WINDOW, sizeof(*calls));
	int rc = 0, round = 0, i, n = 0;
	struct plan_stats ps;

	memset(&p, 0, sizeof(p));
	p.st = st;
	p.x = x;
	p.res = res;
	p.o = o;
	p.err = err;
	if (!bs || !calls) {
		rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		goto out;
	}
	store_post_count_planned(st, &p.total_docs, NULL);
	if (!day && (rc = lookup_resends(&p, &resume, &day)))
		goto out;
	while (!day) {
		/* settle anything whose outcome is unknown, then re-batch */
		if ((rc = settle_unknown(&p, &resume, &day)))
			goto out;
		if (day)
			break;
		if ((rc = reject_orphan_payments(&p)))
			goto out;
		if ((rc = plan_batches(st, &ps, err)))
			goto out;
		if (ps.documents == 0)
			break;
		if (++round > MAX_ROUNDS) {
			log_info("%ld document(s) still unsettled after %d rounds; run again",
				 ps.documents, MAX_ROUNDS);
			break;
		}
		for (;;) {
			int64_t r2 = 0;

			if ((rc = load_batches(&p, bs, WINDOW, &n)))
				goto out;
			if (n == 0)
				break;
			/* each batch is recorded as sent, with its key, just before
			 * it leaves (on_batch_start) */
			for (i = 0; i < n; i++) {
				struct hash128 h;
				char hex[33], path[64];

				hash_init(&h);
				hash_update(&h, xero_tenant(x), strlen(xero_tenant(x)));
				hash_update(&h, bs[i].body.ptr, bs[i].body.len);
				hash_hex(&h, hex);
				snprintf(path, sizeof(path), "%s?summarizeErrors=false",
					 bs[i].endpoint);
				xero_call_init(&bs[i].call, "PUT", path, bs[i].body.ptr,
					       bs[i].body.len);
				snprintf(bs[i].call.idem_key, sizeof(bs[i].call.idem_key),
					 "ledgerlift-%lld-%s", (long long)bs[i].id, hex);
				bs[i].call.user = &bs[i];
				calls[i] = &bs[i].call;
			}
			rc = xero_perform(x, calls, (size_t)n, on_batch_start, on_batch_done, &p,
					  &r2, err);
			progress(&p);
			if (rc == RL_DAY_SPENT) {
				/* batches without an answer were not processed (never
				 * started, or refused with a day-limit 429): planned again;
				 * except payments and transfers that were claimed, which
				 * Xero cannot refuse as duplicates: their key was used, so
				 * they stay sent and are looked up by Reference first */
				for (i = 0; i < n; i++)
					if (calls[i]->result == XR_PENDING &&
					    (!calls[i]->attempts ||
					     !match_by_reference(bs[i].endpoint)))
						set_batch(&p, bs[i].id, "planned");
				day = 1;
				resume = r2;
				rc = 0;
			}
			for (i = 0; i < n; i++) {
				xero_call_free(&bs[i].call);
				buf_free(&bs[i].body);
			}
			if (p.failed && !rc)
				rc = LL_ERROR;
			if (rc == LL_ETRANSIENT)
				res->interrupted = 1;
			if (rc || day)
				break;
		}
		if (rc || day)
			break;
	}
	if (o->progress)
		fputc('\n', stderr);
	if (day) {
		res->day_spent = 1;
		res->resume_in_ms = resume > xero_now_ms() ? resume - xero_now_ms() : 0;
		rc = RL_DAY_SPENT;
		goto out;
	}
	store_post_count_planned(st, &res->pending, NULL);
out:
	free(bs);
	free(calls);
	return rc;
}
