/*
 * test_plan_known.c - the batch walk skipped while nothing was written
 * (plan_known, store/stamp.h): after a plan, every write path of the store
 * that adds, changes or removes a document or a batch makes the next plan
 * walk again (tests/e2e/replan_known.sh checks that such plans give what
 * plans that know nothing give); a requeued batch leaves nothing known;
 * what a writer knew reaches the next one through a clean close only while
 * the file is as it left it.
 */
#include "fixture.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "plan/plan.h"
#include "store/batches.h"
#include "store/documents.h"
#include "store/posting.h"
#include "store/takeback.h"

static int first_batch(void *ctx, int64_t id, const char *endpoint)
{
	(void)endpoint;
	*(int64_t *)ctx = id;
	return 1;
}

/* the first planned batch's id (0: none) */
static int64_t planned_batch(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	int64_t id = 0;

	CHECK(store_batch_each_planned(st, 1, first_batch, &id, &err) >= 0);
	return id;
}

/* a plan (known after it), then the write `what` did, then: not known */
static void after(struct state *st, const char *what,
		  int (*write)(struct state *st, void *ctx), void *ctx)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;

	CHECK_INT(plan_batches(st, &ps, &err), 0);
	if (!plan_known(st))
		fprintf(stderr, "# not known after a plan (before: %s)\n", what);
	CHECK(plan_known(st));
	CHECK_INT(write(st, ctx), 0);
	if (plan_known(st))
		fprintf(stderr, "# still known after: %s\n", what);
	CHECK(!plan_known(st));
}

struct ctx {
	int64_t sid, doc, batch;
	int n;
};

static int w_insert(struct state *st, void *p)
{
	struct ctx *c = p;
	char key[64], num[32];

	snprintf(key, sizeof(key), "amazon:K:Invoice:new%d", ++c->n);
	snprintf(num, sizeof(num), "NEW-%d", c->n);
	c->doc = fx_insert(st, c->sid, "Invoice", key, num, "2024-01-12", 7, 0);
	return c->doc > 0 ? 0 : -1;
}

static int w_claim(struct state *st, void *p)
{
	struct ctx *c = p;

	c->batch = planned_batch(st);
	return fx_claim(st, c->batch, "key-1") == 1 ? 0 : -1;
}

static int w_answer(struct state *st, void *p)
{
	struct ctx *c = p;
	struct ll_err err = LL_ERR_INIT;
	int changed = 0;

	/* a document of the claimed batch rejected by Xero */
	return store_post_answer(st, c->batch, "K-000", "rejected", NULL, "no", &changed,
				 &err);
}

static int w_requeue(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	return store_post_requeue(st, ((struct ctx *)p)->batch, &err);
}

static int w_status(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	return store_batch_set_status(st, ((struct ctx *)p)->batch, "unknown", &err);
}

static int w_batch_insert(struct state *st, void *p)
{
	struct ctx *c = p;
	struct ll_err err = LL_ERR_INIT;

	return store_batch_insert(st, 999, "Invoices", &c->batch, &err);
}

static int w_add_doc(struct state *st, void *p)
{
	struct ctx *c = p;
	struct ll_err err = LL_ERR_INIT;

	c->batch = planned_batch(st);
	return store_batch_add_doc(st, c->batch, c->doc, &err);
}

static int w_takeback(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	/* a posted document undone */
	return store_takeback_record(st, ((struct ctx *)p)->doc, "posted", "undone",
				     "undone", &err);
}

static int w_supersede(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	return store_doc_supersede(st, ((struct ctx *)p)->doc, "superseded", &err);
}

static int w_drop(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	return store_doc_drop_replannable(st, ((struct ctx *)p)->sid, &err);
}

static int w_reset(struct state *st, void *p)
{
	struct ll_err err = LL_ERR_INIT;

	(void)p;
	return store_batch_reset_planned(st, &err);
}

static void test_write_paths(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	char dir[256], key[64], num[32];
	struct state *st = fx_open(dir);
	struct ctx c;
	int i, changed = 0;

	if (!st)
		return;
	memset(&c, 0, sizeof(c));
	c.sid = fx_settlement(st, 0, "K", "USD", 0);
	for (i = 0; i < 120; i++) {
		snprintf(key, sizeof(key), "amazon:K:Invoice:%d", i);
		snprintf(num, sizeof(num), "K-%03d", i);
		fx_insert(st, c.sid, "Invoice", key, num, "2024-01-10", 100, 0);
	}
	/* a new store knows nothing; a plan makes the batches: known */
	CHECK(!plan_known(st));
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.batches, 3);
	CHECK(plan_known(st));
	/* a plan that changes nothing keeps them without a walk, same counts */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.batches, 3);
	CHECK_INT(ps.documents, 120);
	CHECK(plan_known(st));

	after(st, "a document inserted", w_insert, &c);
	after(st, "a document into a batch", w_add_doc, &c);
	after(st, "a batch claimed (sent)", w_claim, &c);
	after(st, "a document rejected", w_answer, &c);
	after(st, "a batch's status", w_status, &c);
	after(st, "a batch requeued", w_requeue, &c);
	/* a requeued batch keeps its place: a rebuild is not what a walk
	 * finds, so a plan records nothing while one is there */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK(!plan_known(st));
	/* sent again, every document posted, done */
	CHECK_INT(fx_claim(st, c.batch, "key-1"), 1);
	for (i = 1; i < 50; i++) {
		snprintf(num, sizeof(num), "K-%03d", i);
		CHECK_INT(store_post_answer(st, c.batch, num, "posted", "x", NULL,
					    &changed, &err),
			  0);
	}
	CHECK_INT(store_batch_settle_done(st, &err), 0);
	after(st, "a batch inserted", w_batch_insert, &c);
	after(st, "the planned batches reset", w_reset, &c);
	/* a posted document: undone, then superseded */
	{
		struct store_doc_ref ref;

		CHECK_INT(store_doc_posted(st, "amazon:K:Invoice:1", &ref, &err), 1);
		c.doc = ref.id;
	}
	after(st, "a posted document undone", w_takeback, &c);
	CHECK_INT(store_takeback_record(st, c.doc, "undone", "posted", "back", &err), 0);
	after(st, "a posted document superseded", w_supersede, &c);
	after(st, "a settlement's documents dropped", w_drop, &c);
	/* a plan after the last write knows them again */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK(plan_known(st));
	fx_close(st, dir);
}

/* what a writer knew: handed on by its clean close, not past a change */
static void test_handed_on(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	char dir[256], db[320], key[64], num[32];
	struct state *st = fx_open(dir);
	struct utimbuf ut;
	struct stat sb;
	int64_t sid;
	int i;

	if (!st)
		return;
	snprintf(db, sizeof(db), "%s/state.db", dir);
	sid = fx_settlement(st, 0, "H", "USD", 0);
	for (i = 0; i < 60; i++) {
		snprintf(key, sizeof(key), "amazon:H:Invoice:%d", i);
		snprintf(num, sizeof(num), "H-%03d", i);
		fx_insert(st, sid, "Invoice", key, num, "2024-01-10", 100, 0);
	}
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK(plan_known(st));
	state_close(st);
	st = NULL;
	CHECK_INT(state_open(&st, db, &err), 0);
	if (!st)
		return;
	CHECK(plan_known(st));
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.batches, 2);
	CHECK_INT(ps.documents, 60);
	/* a write after the plan: the mark knows nothing */
	fx_insert(st, sid, "Invoice", "amazon:H:Invoice:x", "H-X", "2024-01-11", 1, 0);
	state_close(st);
	st = NULL;
	CHECK_INT(state_open(&st, db, &err), 0);
	if (!st)
		return;
	CHECK(!plan_known(st));
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.documents, 61);
	state_close(st);
	/* another program changed the file (its mtime): nothing known */
	CHECK_INT(stat(db, &sb), 0);
	ut.actime = sb.st_atime;
	ut.modtime = sb.st_mtime - 10;
	CHECK_INT(utime(db, &ut), 0);
	st = NULL;
	CHECK_INT(state_open(&st, db, &err), 0);
	if (!st)
		return;
	CHECK(!plan_known(st));
	fx_close(st, dir);
}

int main(void)
{
	test_write_paths();
	test_handed_on();
	return tap_done();
}
