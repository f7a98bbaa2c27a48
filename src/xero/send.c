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
 * again. Payments, bank transfers and bank transactions, which Xero
 * cannot refuse as duplicates, are also looked up by Reference before
 * they are sent again.
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
#include "store/meta.h"
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
	char endpoint[24];   /* Invoices ... BankTransactions */
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
	int written;         /* a write of this state file was answered before */
};

/* The state file now holds documents of the organisation: record which
 * (the CLI refuses to use it with another, cli/statefile.h). 0 or
 * LL_ERROR. */
static int bind_org(struct poster *p)
{
	if (store_meta_write(p->st, STORE_META_TENANT, xero_tenant(p->x), p->err))
		return LL_ERROR;
	if (xero_tenant_name(p->x)[0] &&
	    store_meta_write(p->st, STORE_META_ORG_NAME, xero_tenant_name(p->x), p->err))
		return LL_ERROR;
	return 0;
}

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
	if (answered && !p->written) {
		/* Xero holds something of this state file from now on: later
		 * runs look up only when the organisation turns out to hold
		 * documents it did not post (adopt_existing) */
		char now[32];

		state_now(now);
		if (store_meta_write(p->st, STORE_META_FIRST_WRITE, now, p->err) || bind_org(p))
			goto fail_tx;
		p->written = 1;
	}
	/* each element settles the document of its number; anything not
	 * settled by an answer makes the batch unknown; with no answer at all
	 * it stays sent (the request may still be in flight: settle_unknown) */
	if (match_answer(p->st, b->id, b->endpoint, answered ? buf_cstr(&c->resp) : NULL,
			 answered ? c->resp.len : 0, &mc, p->err) ||
	    store_batch_left(p->st, b->id, &left, p->err) ||
	    set_batch(p, b->id, !left ? "done" : c->result == XR_NO_ANSWER ? "sent" :
				"unknown") || state_commit(p->st, p->err))
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
	char endpoint[24];
	struct buf path;
	int64_t ids[LOOKUP_CHUNK];
	int n;
	int nomem;
	/* an adoption (adopt_add): the documents as planned, compared with
	 * what Xero holds (numbers and currencies owned, freed by lookup_free) */
	int adopt;
	struct match_want want[LOOKUP_CHUNK];
	char kind[24];      /* the kind of the last one, to go on after it */
};

static void lookup_free(struct lookup *l)
{
	int k;

	for (k = 0; k < l->n && l->adopt; k++) {
		free((char *)l->want[k].number);
		free((char *)l->want[k].currency);
	}
	buf_free(&l->path);
}

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
	if (l->adopt) {
		struct match_counts mc = { 0, 0 };

		rc = match_adopt(p->st, l->endpoint, l->want, l->n, buf_cstr(&c.resp),
				 c.resp.len, &mc, p->err);
		*found = mc.posted;
		p->res->rejected += rc ? 0 : mc.rejected;
	} else {
		rc = match_found(p->st, l->endpoint, l->ids, l->n, buf_cstr(&c.resp),
				 c.resp.len, found, p->err);
	}
	xero_call_free(&c);
	if (rc)
		state_rollback(p->st);
	p->res->found_existing += *found;
	return rc;
}

/*
 * Look up the documents of unknown/sent batches by number (payments,
 * transfers and bank transactions by Reference), a batch at a time, 40 a
 * call: found ones are posted. When none of the documents of a batch that
 * got no answer at all (status sent: its run died, or the connection
 * failed) is found, the batch is planned again whole, keeping its
 * documents and its idempotency key (store_post_requeue): sent again, it
 * is the same request under the same key, so if that request is still in
 * flight Xero answers both with one document (a bill, a payment or a
 * transfer has no number Xero refuses twice). A batch that got an answer
 * (unknown: an error Xero keeps under its key for a repeat) or some of
 * whose documents were found goes out again under a new key: the
 * documents not found leave it to be batched again.
 */
static int settle_unknown(struct poster *p, int64_t *resume, int *day, long *requeued)
{
	*requeued = 0;
	for (;;) {
		int64_t batch = 0, after = 0;
		long total_found = 0;
		int answered = 0;
		int rc = store_post_next_unsettled_batch(p->st, &batch, &answered, p->err);

		if (rc <= 0)
			return rc;
		for (;;) {
			struct lookup l;
			long found = 0;

			memset(&l, 0, sizeof(l));
			buf_init(&l.path, 8192);
			rc = store_post_each_unsettled_of(p->st, batch, after, LOOKUP_CHUNK,
							  lookup_add, &l, p->err);
			if (rc < 0 || l.nomem || l.n == 0) {
				buf_free(&l.path);
				if (rc < 0)
					return rc;
				if (l.nomem)
					return ll_err_set(p->err, LL_ERROR, NULL, 0,
							  "out of memory");
				break;
			}
			after = l.ids[l.n - 1];
			rc = lookup_call(p, &l, resume, day, &found);
			buf_free(&l.path);
			if (rc || *day)
				return rc;
			total_found += found;
			if (state_commit(p->st, p->err)) {
				state_rollback(p->st);
				return LL_ERROR;
			}
		}
		if (state_begin(p->st, p->err))
			return LL_ERROR;
		rc = total_found || answered ? store_post_resend_rest(p->st, batch, p->err)
					     : store_post_requeue(p->st, batch, p->err);
		if (rc || store_batch_settle_done(p->st, p->err) ||
		    state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
		if (!total_found && !answered) {
			(*requeued)++;
			log_debug("batch %lld: nothing of it found in Xero; sent again as it was,"
				  " under its idempotency key", (long long)batch);
		}
	}
}

/*
 * Payments, bank transfers and bank transactions being sent again after
 * an earlier run's lookup did not find them are looked up by Reference
 * once more before
 * they leave (Xero cannot refuse their repeats as duplicates: a write
 * that landed late would be paid twice); found ones are posted, the others
 * go as planned. Once per run, before the first round.
 */
static int lookup_resends(struct poster *p, int64_t *resume, int *day)
{
	char after[24] = "";
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
			log_info("%ld payment(s), transfer(s) or bank transaction(s) to be sent"
				 " again found in Xero"
				 " by their Reference; not sent again", found);
	}
}

static int adopt_add(void *ctx, const struct store_unsent *u)
{
	struct lookup *l = ctx;
	const char *ep = plan_endpoint(u->kind);
	struct match_want *w;

	if (l->n && (strcmp(l->endpoint, ep) || !match_lookup_fits(&l->path, u->number)))
		return 1;
	if (!l->n) {
		snprintf(l->endpoint, sizeof(l->endpoint), "%s", ep);
		if (match_lookup_begin(&l->path, l->endpoint))
			return l->nomem = 1;
	}
	if (match_lookup_add(&l->path, l->endpoint, u->number, l->n == 0))
		return l->nomem = 1;
	w = &l->want[l->n];
	w->id = u->id;
	w->total_minor = u->total_minor;
	w->number = strdup(u->number);
	w->currency = u->currency ? strdup(u->currency) : NULL;
	l->ids[l->n++] = u->id;
	snprintf(l->kind, sizeof(l->kind), "%s", u->kind);
	if (!w->number || (u->currency && !w->currency))
		return l->nomem = 1;
	return l->n == LOOKUP_CHUNK;
}

/*
 * Adoption (docs/state.md): before a document is first sent, look it up
 * in Xero by number (payments and transfers by Reference), 40 a call, as
 * an unknown outcome is: one found there with the same total is adopted
 * (posted with Xero's id, never sent), one that differs is rejected. So a
 * new state file meeting an organisation that holds ledgerlift's
 * documents (the old one lost, or run from another folder) posts nothing
 * twice: not drafts, which Xero might update in place by number, and not
 * payments and bank transfers, which it cannot refuse as repeats.
 *
 * Every planned document is looked up while this state file has had no
 * write answered by Xero (new to the organisation) or when the last
 * adoption found documents (the organisation holds ours). Otherwise only
 * the first call's worth (one probe): if it finds any, all are looked up.
 * The cost is one call per 40 documents (about one more call per batch)
 * in those runs, one call in the others.
 */
static int adopt_existing(struct poster *p, int64_t *resume, int *day)
{
	char kind[24] = "", prev[24] = "", v[32];
	int64_t after = 0;
	long found_all = 0, checked = 0, calls = 0, refused0 = p->res->rejected;
	int all, rc = 0;

	if (store_meta_read(p->st, STORE_META_ADOPT_FOUND, prev, sizeof(prev), p->err))
		return LL_ERROR;
	all = !p->written || (prev[0] && strcmp(prev, "0") != 0);
	for (;;) {
		struct lookup l;
		long found = 0;

		memset(&l, 0, sizeof(l));
		l.adopt = 1;
		buf_init(&l.path, 8192);
		rc = store_post_each_unsent(p->st, kind, after, LOOKUP_CHUNK, adopt_add, &l,
					    p->err);
		if (rc < 0 || l.nomem || l.n == 0) {
			lookup_free(&l);
			if (rc < 0 || !l.nomem)
				break;
			return ll_err_set(p->err, LL_ERROR, NULL, 0, "out of memory");
		}
		snprintf(kind, sizeof(kind), "%s", l.kind);
		after = l.ids[l.n - 1];
		checked += l.n;
		calls++;
		rc = lookup_call(p, &l, resume, day, &found);
		lookup_free(&l);
		if (rc || *day)
			return rc;
		if (state_commit(p->st, p->err)) {
			state_rollback(p->st);
			return LL_ERROR;
		}
		found_all += found;
		if (!all && !found)
			break; /* the probe found none of ours: send */
		if (!all)
			log_info("the organisation holds documents this state file planned but"
				 " did not post; looking every planned one up before it is sent");
		all = 1;
	}
	if (rc < 0)
		return rc;
	if (!calls)
		return 0;
	snprintf(v, sizeof(v), "%ld", found_all);
	if (store_meta_write(p->st, STORE_META_ADOPT_FOUND, v, p->err) ||
	    (found_all && bind_org(p)))
		return LL_ERROR;
	if (found_all || p->res->rejected > refused0)
		log_info("looked up %ld planned document(s) in Xero before their first send"
			 " (%ld call%s): %ld there already, adopted (not sent again); %ld there"
			 " in another version, rejected", checked, calls, calls == 1 ? "" : "s",
			 found_all, p->res->rejected - refused0);
	else
		log_info("looked up %ld planned document(s) in Xero before their first send"
			 " (%ld call%s): none there yet", checked, calls, calls == 1 ? "" : "s");
	if (found_all && !p->written)
		log_info("warning: this state file is new to the organisation, which holds %ld"
			 " of its documents posted by ledgerlift from another state file (lost,"
			 " or in another folder: --state): recorded as posted, not sent again;"
			 " that state file has their history", found_all);
	return 0;
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
	{
		char when[32];

		if (store_meta_read(st, STORE_META_FIRST_WRITE, when, sizeof(when), err)) {
			rc = LL_ERROR;
			goto out;
		}
		p.written = when[0] != '\0';
	}
	if (!day && (rc = lookup_resends(&p, &resume, &day)))
		goto out;
	if (!day && (rc = adopt_existing(&p, &resume, &day)))
		goto out;
	while (!day) {
		long requeued = 0;

		/* settle anything whose outcome is unknown, then re-batch */
		if ((rc = settle_unknown(&p, &resume, &day, &requeued)))
			goto out;
		if (day)
			break;
		if ((rc = reject_orphan_payments(&p)))
			goto out;
		if ((rc = plan_batches(st, &ps, err)))
			goto out;
		if (ps.documents == 0 && requeued == 0)
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
