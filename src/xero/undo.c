/*
 * undo.c - deleting or voiding the documents one run posted (undo.h).
 *
 * Every document to undo is a small state machine held in memory:
 * WRITE (POST its status change) -> DONE, or -> CHECK (GET it by id)
 * when Xero refused or did not answer. The check decides: already
 * DELETED/VOIDED is done; a status other than the one assumed (a draft
 * approved in Xero since, say) is written again with the right change; a
 * write without an answer is repeated; anything else is a refusal, kept
 * with Xero's message. The documents in WRITE or CHECK go to the client
 * together, a window at a time, so up to the limiter's concurrency are in
 * flight; each answer is recorded as it arrives, one transaction per
 * document outcome, so a kill at any instant loses nothing an undo run
 * again cannot find out. The status changes of invoices and credit notes
 * go BATCH_MAX to a request (POST Invoices / CreditNotes with each
 * element's id and Status, Xero's updateOrCreate; XERO_API.md 5.2): each
 * document is settled by its own element of the answer, and one the
 * answer does not settle is read back before anything is written again.
 * Payments are deleted one to a request (POST Payments/{id}), as Xero
 * allows no other way. On a terminal, a progress line as run's.
 *
 * The same machine takes back the `superseded` documents of a repost
 * (undo_superseded, `run --repost-changed`): only what a finished or
 * refused take-back records differs (`replaced`; or posted again, with its
 * new version rejected, so the money is never counted twice).
 *
 * Order: payments go first (Xero voids nothing that has money applied:
 * POST Payments/{id} {"Status":"DELETED"}), in a pass of their own, then
 * credit notes, invoices and bank transactions (deleted the same way as
 * payments). Bank transfers cannot be deleted through Xero's API: each is
 * reported as refused, to be deleted in Xero by hand.
 */
#include "undo.h"
#include "xero/undo_answer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plan/plan.h"
#include "store/rejects.h"
#include "store/runs.h"
#include "store/takeback.h"
#include "util/hash.h"
#include "util/jsonw.h"
#include "util/log.h"

#define WINDOW 100       /* calls handed to the client together */
#define BATCH_MAX 50     /* documents in one status-change request */
#define MAX_WRITES 3     /* status-change attempts per document */
#define MAX_CHECKS 3     /* failed GETs before giving up for this undo */

enum phase { PH_WRITE, PH_CHECK, PH_DONE };
enum action { ACT_DELETE, ACT_VOID };
/* what a call's user pointer leads to: one document, or a batch of them */
enum tag { TAG_DOC = 1, TAG_BATCH };

struct udoc {
	enum tag tag;       /* TAG_DOC */
	int64_t id;
	char number[256];
	char coll[20];      /* Invoices, CreditNotes, Payments, BankTransfers,
			     * BankTransactions */
	char xero_id[64];
	enum action action;
	enum phase phase;
	int writes, checks;
	int unknown;        /* the last write got no answer */
	char msg[400];      /* why Xero refused the last write */
	char body[32];
	struct xero_call call;
};

/* Invoices, credit notes or bank transactions changed in one POST of the collection (Xero's
 * updateOrCreate: each element by its id, with its own Status). */
struct ubatch {
	enum tag tag;       /* TAG_BATCH */
	char coll[20];
	struct udoc *docs[BATCH_MAX];
	size_t n;
	struct buf body;
	struct xero_call call;
};

enum tb_mode {
	TB_UNDO,      /* undo --run N: posted -> undone */
	TB_REPLACE    /* run --repost-changed: superseded -> replaced */
};

struct undoer {
	enum tb_mode mode;
	struct state *st;
	struct xero *x;
	int64_t run;
	struct undo_result *res;
	struct ll_err *err;
	int failed;
	int progress;           /* a progress line on the terminal */
	long total;             /* documents to take back, for it */
	int64_t last_progress_ms;
	long batches;           /* batch requests made: a part of their keys */
};

/* The terminal's progress line, as run's: documents done of the total,
 * calls, 429s, the minute's headroom, about how long is left (at most
 * five times a second; only when asked: a terminal, not -q). */
static void progress(struct undoer *u, int last)
{
	struct xero_stats xs;
	struct rl_stats rs;
	int64_t now = xero_now_ms(), eta;
	long done, left;
	char etas[32];

	if (!u->progress || (!last && now - u->last_progress_ms < 200))
		return;
	u->last_progress_ms = now;
	xero_get_stats(u->x, &xs);
	ratelimit_stats(xero_limiter(u->x), now, &rs);
	done = u->res->deleted + u->res->voided + u->res->refused + u->res->unsettled;
	left = u->total > done ? u->total - done : 0;
	eta = ratelimit_eta_ms(xero_limiter(u->x), now, (left + BATCH_MAX - 1) / BATCH_MAX);
	snprintf(etas, sizeof(etas), "%lldm%02llds", (long long)(eta / 60000),
		 (long long)(eta / 1000 % 60));
	log_status("undone %ld of %ld documents (%ld deleted, %ld voided, %ld refused); %ld"
		   " calls, %ld 429s; minute headroom %ld; ETA %s", u->res->deleted +
		   u->res->voided, u->total, u->res->deleted, u->res->voided, u->res->refused,
		   xs.requests, xs.rate_limited, rs.last_min_remaining, etas);
}

static const char *target(enum action a)
{
	return a == ACT_VOID ? "VOIDED" : "DELETED";
}

/* Payments and bank transactions are taken back by deleting them, whatever
 * their status (POST {"Status":"DELETED"}); documents are voided once
 * approved. */
static int deleted_only(const char *coll)
{
	return !strcmp(coll, "Payments") || !strcmp(coll, "BankTransactions");
}

static int xid_ok(const char *id)
{
	return id[0] && strcmp(id, "00000000-0000-0000-0000-000000000000") != 0;
}

static int run_seen(void *ctx, const struct store_run *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

int undo_count(struct state *st, int64_t run, struct undo_counts *out,
	       struct ll_err *err)
{
	int found;

	memset(out, 0, sizeof(*out));
	found = run > 0 ? store_run_find(st, run, run_seen, NULL, err) : 0;
	if (found < 0)
		return LL_ERROR;
	if (!found)
		return ll_err_set(err, LL_ENOTFOUND, state_path(st), 0,
				  "the state file has no run %lld ('ledgerlift status' lists"
				  " the runs)", (long long)run);
	return store_takeback_count(st, run, &out->posted, &out->undone, err);
}

void undo_result_free(struct undo_result *r)
{
	if (!r)
		return;
	free(r->items);
	r->items = NULL;
	r->nitems = 0;
}

static int item_add(struct undo_result *r, const char *number, const char *msg)
{
	struct undo_item *n = realloc(r->items, (r->nitems + 1) * sizeof(*n));

	if (!n)
		return LL_ERROR;
	r->items = n;
	snprintf(n[r->nitems].number, sizeof(n[r->nitems].number), "%s", number);
	snprintf(n[r->nitems].message, sizeof(n[r->nitems].message), "%s", msg);
	r->nitems++;
	return 0;
}

/* One document outcome in one transaction: undone / replaced (status),
 * or a message on a document that stays posted / superseded (status
 * NULL). */
static int record(struct undoer *u, struct udoc *d, const char *status, const char *msg)
{
	if (state_begin(u->st, u->err))
		return LL_ERROR;
	if (store_takeback_record(u->st, d->id,
				  u->mode == TB_REPLACE ? "superseded" : "posted", status, msg,
				  u->err))
		goto fail;
	if (!status && u->mode == TB_UNDO &&
	    store_reject_add(u->st, 0, "", 0, "error", "undo-refused", msg, u->err))
		goto fail;
	if (state_commit(u->st, u->err))
		goto fail;
	return 0;
fail:
	state_rollback(u->st);
	u->failed = 1;
	return LL_ERROR;
}

static int finish_undone(struct undoer *u, struct udoc *d, const char *xero_status)
{
	int voided = !strcmp(xero_status, "VOIDED");
	char msg[128];

	snprintf(msg, sizeof(msg), "%s by run %lld (%s)",
		 u->mode == TB_REPLACE ? "replaced" : "undone", (long long)state_run_id(u->st),
		 voided ? "voided" : "deleted");
	d->phase = PH_DONE;
	if (record(u, d, u->mode == TB_REPLACE ? "replaced" : "undone", msg))
		return LL_ERROR;
	if (voided)
		u->res->voided++;
	else
		u->res->deleted++;
	log_debug("%s: %s", d->number, msg);
	return 0;
}

/*
 * Xero will not take back the superseded document d (a payment, a locked
 * period): it is live, so it is `posted` again under its own natural key,
 * and its new version (the planned document under that key; when the new
 * plan has none, every planned document of the settlement) is `rejected`,
 * never posted. A `repost-refused` error on the settlement's source says
 * so, and lets `run --repost-changed` try again. One transaction.
 */
static int refuse_replacement(struct undoer *u, struct udoc *d, const char *why)
{
	struct store_superseded sup;
	char msg[1200], nmsg[1000];
	int found;

	if (state_begin(u->st, u->err))
		return LL_ERROR;
	found = store_takeback_superseded(u->st, d->id, &sup, u->err);
	if (found < 0)
		goto fail;
	if (!found) {
		/* recorded already (a second outcome for the same document) */
		state_rollback(u->st);
		return 0;
	}
	snprintf(nmsg, sizeof(nmsg), "not posted: the version it replaces, %s, could not"
		 " be taken back from Xero (%.400s); posting this one would count the money"
		 " twice", d->number, why);
	if (store_takeback_refuse_new(u->st, sup.settlement_id, sup.key, nmsg, u->err))
		goto fail;
	snprintf(msg, sizeof(msg), "not replaced by run %lld: %.400s",
		 (long long)state_run_id(u->st), why);
	if (store_takeback_restore(u->st, d->id, sup.key, msg, u->err))
		goto fail;
	snprintf(msg, sizeof(msg), "posted document %s could not be taken back from Xero"
		 " (%.400s): it stays posted and its new version is not posted; fix it in"
		 " Xero (remove the payment), then 'run --repost-changed' again", d->number,
		 why);
	if (store_reject_add(u->st, sup.source_id, sup.path, 0, "error", "repost-refused", msg,
			     u->err) ||
	    state_commit(u->st, u->err))
		goto fail;
	return 0;
fail:
	state_rollback(u->st);
	u->failed = 1;
	return LL_ERROR;
}

static int finish_refused(struct undoer *u, struct udoc *d, const char *why, int unsettled)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "%s by run %lld: %s", unsettled ? "not settled" :
		 u->mode == TB_REPLACE ? "not replaced" : "not undone",
		 (long long)state_run_id(u->st), why);
	d->phase = PH_DONE;
	if ((u->mode == TB_REPLACE && !unsettled ? refuse_replacement(u, d, why)
						  : record(u, d, NULL, msg)) ||
	    item_add(u->res, d->number, why)) {
		u->failed = 1;
		return LL_ERROR;
	}
	if (unsettled)
		u->res->unsettled++;
	else
		u->res->refused++;
	return 0;
}

static int write_done(struct undoer *u, struct udoc *d, struct xero_call *c)
{
	json_t *root = NULL, *el;
	const char *st, *sa;
	int rc = 0;

	if (c->result != XR_ANSWERED || c->status >= 500 || c->status == 429) {
		/* no answer: it may or may not have happened; look before repeating */
		d->unknown = 1;
		snprintf(d->msg, sizeof(d->msg), "no answer from Xero (%.200s%s%ld)",
			 c->error[0] ? c->error : "", c->error[0] ? ", HTTP " : "HTTP ",
			 c->status);
		d->phase = PH_CHECK;
		return 0;
	}
	d->unknown = 0;
	root = json_loadb(buf_cstr(&c->resp), c->resp.len, 0, NULL);
	el = undo_first_element(root, d->coll);
	st = json_string_value(json_object_get(el, "Status"));
	sa = json_string_value(json_object_get(el, "StatusAttributeString"));
	if (c->status == 200 && st && !strcmp(st, target(d->action)) &&
	    !(sa && !strcmp(sa, "ERROR"))) {
		rc = finish_undone(u, d, st);
	} else if (c->status == 404) {
		rc = finish_refused(u, d, "not found in Xero by its id", 0);
	} else {
		/* refused: read the document to see why (its status may differ) */
		undo_reasons(root, el, c->status, d->msg, sizeof(d->msg));
		d->phase = PH_CHECK;
	}
	json_decref(root);
	return rc;
}

static int check_done(struct undoer *u, struct udoc *d, struct xero_call *c)
{
	json_t *root = NULL, *el;
	const char *st;
	enum action want;
	char why[500];
	int rc = 0;

	if (c->result != XR_ANSWERED || (c->status != 200 && c->status != 404)) {
		if (++d->checks < MAX_CHECKS)
			return 0; /* stays in CHECK, asked again next window */
		snprintf(why, sizeof(why), "could not read it back from Xero (HTTP %ld%s%.200s)"
			 " after %.200s; run undo again", c->status, c->error[0] ? ", " : "",
			 c->error, d->msg);
		return finish_refused(u, d, why, 1);
	}
	if (c->status == 404)
		return finish_refused(u, d, "not found in Xero by its id", 0);
	root = json_loadb(buf_cstr(&c->resp), c->resp.len, 0, NULL);
	el = undo_first_element(root, d->coll);
	st = json_string_value(json_object_get(el, "Status"));
	if (!st) {
		rc = finish_refused(u, d, "Xero's answer has no Status", 1);
	} else if (!strcmp(st, "DELETED") || !strcmp(st, "VOIDED")) {
		rc = finish_undone(u, d, st);
	} else if (!strcmp(st, "DRAFT") || !strcmp(st, "SUBMITTED") ||
		   !strcmp(st, "AUTHORISED")) {
		want = !strcmp(st, "AUTHORISED") && !deleted_only(d->coll) ? ACT_VOID
									  : ACT_DELETE;
		if ((d->unknown || want != d->action) && d->writes < MAX_WRITES) {
			d->action = want;
			d->phase = PH_WRITE;
		} else if (d->unknown) {
			snprintf(why, sizeof(why), "%.400s after %d tries; run undo again", d->msg,
				 d->writes);
			rc = finish_refused(u, d, why, 1);
		} else {
			rc = finish_refused(u, d, d->msg, 0);
		}
	} else {
		/* PAID and the like: nothing to do here but say why */
		snprintf(why, sizeof(why), "%.400s%sit is %.20s in Xero", d->msg,
			 d->msg[0] ? "; " : "", st);
		rc = finish_refused(u, d, why, 0);
	}
	json_decref(root);
	return rc;
}

/* A batch's answer: each document settled by its own element; one the
 * answer does not settle is read back (CHECK), never written blindly. */
static int batch_done(struct undoer *u, struct ubatch *b, struct xero_call *c)
{
	json_t *root = NULL;
	size_t i;
	int rc = 0;

	if (c->result != XR_ANSWERED || c->status >= 500 || c->status == 429) {
		for (i = 0; i < b->n; i++) {
			struct udoc *d = b->docs[i];

			d->unknown = 1;
			snprintf(d->msg, sizeof(d->msg), "no answer from Xero (%.200s%s%ld)",
				 c->error[0] ? c->error : "", c->error[0] ? ", HTTP " : "HTTP ",
				 c->status);
			d->phase = PH_CHECK;
		}
		return 0;
	}
	root = json_loadb(buf_cstr(&c->resp), c->resp.len, 0, NULL);
	for (i = 0; i < b->n && !rc; i++) {
		struct udoc *d = b->docs[i];
		json_t *el = undo_element_of(root, b->coll, d->xero_id);
		const char *st = json_string_value(json_object_get(el, "Status"));
		const char *sa = json_string_value(json_object_get(el, "StatusAttributeString"));

		d->unknown = 0;
		if (el && st && !strcmp(st, target(d->action)) && !(sa && !strcmp(sa, "ERROR"))) {
			rc = finish_undone(u, d, st);
		} else {
			/* refused, or not in the answer: read it to see why */
			if (el)
				undo_reasons(root, el, c->status, d->msg, sizeof(d->msg));
			else
				snprintf(d->msg, sizeof(d->msg), "not in Xero's answer (HTTP %ld)",
					 c->status);
			d->unknown = !el;
			d->phase = PH_CHECK;
		}
	}
	json_decref(root);
	return rc;
}

static int on_done(void *ctx, struct xero_call *c)
{
	struct undoer *u = ctx;
	int rc;

	if (*(enum tag *)c->user == TAG_BATCH) {
		rc = batch_done(u, c->user, c);
	} else {
		struct udoc *d = c->user;

		rc = d->phase == PH_WRITE ? write_done(u, d, c) : check_done(u, d, c);
	}
	progress(u, 0);
	return rc || u->failed;
}

static void prepare_call(struct undoer *u, struct udoc *d)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", d->coll, d->xero_id);
	if (d->phase == PH_CHECK) {
		xero_call_init(&d->call, "GET", path, NULL, 0);
	} else {
		struct hash128 h;
		char hex[33], n[32];

		jsonw_member_object(d->body, sizeof(d->body), "Status", target(d->action));
		xero_call_init(&d->call, "POST", path, d->body, strlen(d->body));
		/* a new key per attempt: Xero replays a cached answer (even a
		 * 500) for the same key, and every repeat follows a check */
		d->writes++;
		snprintf(n, sizeof(n), "%lld/%d", (long long)state_run_id(u->st), d->writes);
		hash_init(&h);
		hash_update(&h, xero_tenant(u->x), strlen(xero_tenant(u->x)));
		hash_update(&h, path, strlen(path));
		hash_update(&h, d->body, strlen(d->body));
		hash_update(&h, n, strlen(n));
		hash_hex(&h, hex);
		snprintf(d->call.idem_key, sizeof(d->call.idem_key), "ledgerlift-%s-%lld-%s",
			 u->mode == TB_REPLACE ? "replace" : "undo", (long long)d->id, hex);
	}
	d->tag = TAG_DOC;
	d->call.user = d;
	u->res->calls++;
}

/* Whether d's status change can go in a batch: invoices and credit notes
 * (POST Invoices / CreditNotes takes many, each by its id); a payment is
 * deleted alone (POST Payments/{id}), as Xero has it. */
static int batchable(const struct udoc *d)
{
	return d->phase == PH_WRITE &&
	       (!strcmp(d->coll, "Invoices") || !strcmp(d->coll, "CreditNotes") ||
		!strcmp(d->coll, "BankTransactions"));
}

/* The request for batch b: {"Invoices":[{"InvoiceID":..,"Status":..},..]}. */
static int prepare_batch(struct undoer *u, struct ubatch *b)
{
	const char *idf = undo_id_field(b->coll);
	struct jsonw w;
	struct hash128 h;
	char hex[33], n[48], path[64];
	size_t i;

	b->tag = TAG_BATCH;
	buf_init(&b->body, 1024 * 1024);
	jsonw_init(&w, &b->body);
	jsonw_object(&w);
	jsonw_name(&w, b->coll);
	jsonw_array(&w);
	for (i = 0; i < b->n; i++) {
		jsonw_object(&w);
		jsonw_field_string(&w, idf, b->docs[i]->xero_id);
		jsonw_field_string(&w, "Status", target(b->docs[i]->action));
		jsonw_end(&w);
		b->docs[i]->writes++;
	}
	jsonw_end(&w);
	jsonw_end(&w);
	if (jsonw_finish(&w))
		return ll_err_set(u->err, LL_ERROR, NULL, 0, "out of memory");
	snprintf(path, sizeof(path), "%s?summarizeErrors=false", b->coll);
	xero_call_init(&b->call, "POST", path, b->body.ptr, b->body.len);
	/* a new key per request: every repeat follows a check */
	snprintf(n, sizeof(n), "%lld/b%ld", (long long)state_run_id(u->st), ++u->batches);
	hash_init(&h);
	hash_update(&h, xero_tenant(u->x), strlen(xero_tenant(u->x)));
	hash_update(&h, path, strlen(path));
	hash_update(&h, b->body.ptr, b->body.len);
	hash_update(&h, n, strlen(n));
	hash_hex(&h, hex);
	snprintf(b->call.idem_key, sizeof(b->call.idem_key), "ledgerlift-%s-batch-%s",
		 u->mode == TB_REPLACE ? "replace" : "undo", hex);
	b->call.user = b;
	u->res->calls++;
	return 0;
}

/* The list load() fills. */
struct loading {
	struct undoer *u;
	struct udoc *v;
	size_t n, cap;
};

static int load_one(void *ctx, const struct store_takeback *t)
{
	struct loading *l = ctx;
	json_t *body = json_loads(t->body ? t->body : "", 0, NULL);
	const char *bst = json_string_value(json_object_get(body, "Status"));
	struct udoc *d;

	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		struct udoc *nv = realloc(l->v, nc * sizeof(*nv));

		if (!nv) {
			json_decref(body);
			return ll_err_set(l->u->err, LL_ERROR, NULL, 0, "out of memory");
		}
		l->v = nv;
		l->cap = nc;
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->id = t->id;
	snprintf(d->number, sizeof(d->number), "%s", t->number);
	snprintf(d->coll, sizeof(d->coll), "%s", plan_endpoint(t->kind ? t->kind : ""));
	snprintf(d->xero_id, sizeof(d->xero_id), "%s", t->xero_id ? t->xero_id : "");
	/* what was sent says which change it needs; a check corrects it */
	d->action = bst && !strcmp(bst, "AUTHORISED") && !deleted_only(d->coll) ? ACT_VOID
										 : ACT_DELETE;
	d->phase = PH_WRITE;
	json_decref(body);
	return 0;
}

/* The documents to take back: payments (payments != 0) or the others. */
static int load(struct undoer *u, int payments, struct udoc **out, size_t *n)
{
	struct loading l = { u, NULL, 0, 0 };
	int rc = store_takeback_each(u->st, u->mode == TB_REPLACE ? 0 : u->run, payments,
				     load_one, &l, u->err);

	*n = 0;
	if (rc) {
		free(l.v);
		return LL_ERROR;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

/* Take back docs[0..n): each to DONE, a window of calls at a time: the
 * status changes of invoices and credit notes BATCH_MAX to a request, the
 * rest (payments, read-backs) one document to a call. */
static int take_back(struct undoer *u, struct udoc *docs, size_t n)
{
	struct xero_call *calls[WINDOW];
	struct ubatch *batches = calloc(WINDOW, sizeof(*batches));
	struct undo_result *res = u->res;
	size_t i, k, j;
	int64_t resume = 0;
	int rc = 0;

	if (!batches)
		return ll_err_set(u->err, LL_ERROR, NULL, 0, "out of memory");
	res->found += (long)n;
	for (i = 0; i < n; i++) {
		if (!xid_ok(docs[i].xero_id) &&
		    (rc = finish_refused(u, &docs[i], "no Xero id recorded", 0)))
			goto out;
		if (docs[i].phase != PH_DONE && !strcmp(docs[i].coll, "BankTransfers") &&
		    (rc = finish_refused(u, &docs[i], "Xero's API cannot delete a bank"
					 " transfer: delete it in Xero by hand", 0)))
			goto out;
	}
	for (;;) {
		size_t m = 0, nb = 0;

		/* batches of each collection's writes, then the single calls */
		for (i = 0; i < n && m < WINDOW; i++) {
			struct ubatch *b = NULL;

			if (!batchable(&docs[i]))
				continue;
			for (j = 0; j < nb; j++)
				if (!strcmp(batches[j].coll, docs[i].coll) &&
				    batches[j].n < BATCH_MAX)
					b = &batches[j];
			if (!b) {
				b = &batches[nb++];
				memset(b, 0, sizeof(*b));
				snprintf(b->coll, sizeof(b->coll), "%s", docs[i].coll);
				m++;
			}
			b->docs[b->n++] = &docs[i];
		}
		for (j = 0, k = 0; j < nb; j++) {
			if ((rc = prepare_batch(u, &batches[j]))) {
				nb = j;
				break;
			}
			calls[k++] = &batches[j].call;
		}
		if (rc) {
			m = k;
			goto free_calls;
		}
		for (i = 0; i < n && k < WINDOW; i++)
			if (docs[i].phase != PH_DONE && !batchable(&docs[i])) {
				prepare_call(u, &docs[i]);
				calls[k++] = &docs[i].call;
			}
		m = k;
		if (m == 0)
			break;
		rc = xero_perform(u->x, calls, m, NULL, on_done, u, &resume, u->err);
free_calls:
		for (k = 0; k < m; k++) {
			enum tag *t = calls[k]->user;

			/* never sent (day budget, interrupt): the attempt did not count */
			if (calls[k]->result == XR_PENDING && !calls[k]->attempts) {
				if (*t == TAG_BATCH) {
					struct ubatch *b = calls[k]->user;

					for (j = 0; j < b->n; j++)
						b->docs[j]->writes--;
					res->calls--;
				} else if (((struct udoc *)calls[k]->user)->phase == PH_WRITE) {
					((struct udoc *)calls[k]->user)->writes--;
					res->calls--;
				}
			}
			xero_call_free(calls[k]);
		}
		for (j = 0; j < nb; j++)
			buf_free(&batches[j].body);
		if (u->failed && !rc)
			rc = LL_ERROR;
		if (rc == RL_DAY_SPENT) {
			res->day_spent = 1;
			res->resume_in_ms = resume > xero_now_ms() ? resume - xero_now_ms() : 0;
			break;
		}
		if (rc)
			break;
	}
out:
	free(batches);
	return rc;
}

/* Payments first (a document with money applied cannot be voided), then
 * the rest; a payment left live stops nothing here: Xero refuses the
 * document's change and says why. */
static int take_back_all(struct undoer *u)
{
	struct udoc *docs = NULL;
	size_t n = 0;
	int pass, rc = 0;

	for (pass = 1; pass >= 0 && rc == 0; pass--) {
		if ((rc = load(u, pass, &docs, &n)))
			return rc;
		rc = n ? take_back(u, docs, n) : 0;
		free(docs);
		docs = NULL;
		if (u->res->day_spent)
			break;
	}
	return rc;
}

static void undoer_init(struct undoer *u, enum tb_mode mode, struct state *st,
			struct xero *x, int64_t run, struct undo_result *res,
			struct ll_err *err)
{
	memset(res, 0, sizeof(*res));
	memset(u, 0, sizeof(*u));
	u->mode = mode;
	u->st = st;
	u->x = x;
	u->run = run;
	u->res = res;
	u->err = err;
}

int undo_run(struct state *st, struct xero *x, int64_t run, int show_progress,
	     struct undo_result *res, struct ll_err *err)
{
	struct undoer u;
	struct undo_counts uc;
	int rc;

	undoer_init(&u, TB_UNDO, st, x, run, res, err);
	if ((rc = undo_count(st, run, &uc, err)))
		return rc;
	/* an undo tries again what an earlier undo of the same run could not
	 * take back: those refusals are history now, the ones that stand are
	 * recorded again */
	if (store_reject_retire(st, "undo-refused", 1, err))
		return LL_ERROR;
	res->skipped = uc.undone;
	u.progress = show_progress;
	u.total = uc.posted;
	rc = take_back_all(&u);
	progress(&u, 1);
	if (u.progress)
		log_status_end();
	return rc;
}

int undo_superseded(struct state *st, struct xero *x, struct undo_result *res,
		    struct ll_err *err)
{
	struct undoer u;

	undoer_init(&u, TB_REPLACE, st, x, 0, res, err);
	return take_back_all(&u);
}
