/*
 * pipeline.c - running ingest, parse, normalize, map and plan over the
 * inputs and recording every outcome in the state file (pipeline.h).
 */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan/ingest.h"
#include "plan/map.h"
#include "plan/normalize.h"
#include "plan/plan.h"
#include "util/date.h"
#include "util/hash.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/money.h"
#include "util/tz.h"
#include "store/rejects.h"
#include "store/store_int.h" /* until its SQL moves into src/store/ */

struct run {
	struct state *st;
	const struct mappings *m;
	const struct pipeline_opts *o;
	struct pipeline_result *res;
	int mode;              /* -1 = each platform's setting */
	int64_t source_id;
	const char *path;
	long settlements;
	struct ll_err *err;
	int failed;        /* a state write failed: stop */
	int zone_changed;  /* the time zone differs from the last plan's */
	int64_t group_bytes; /* input read in the open transaction */
	int group_files;
};

/*
 * Files are recorded in transactions of several files (each file whole:
 * its source row, rejects, deposits and documents), committed once
 * PIPELINE_GROUP_BYTES of input or PIPELINE_GROUP_FILES files are in, and
 * before anything else runs. A kill loses at most the files of the open
 * transaction, which the next run reads again, as it would one file; an
 * archive of 200 small settlement files no longer waits on 200 fsyncs.
 */
#define PIPELINE_GROUP_BYTES (64 * 1024 * 1024)
#define PIPELINE_GROUP_FILES 64

static int group_begin(struct run *r)
{
	if (!sqlite3_get_autocommit(r->st->db))
		return 0; /* the group's transaction is open */
	r->group_bytes = 0;
	r->group_files = 0;
	return state_begin(r->st, r->err);
}

/* One more file of size bytes is in: commit when the group is full. */
static int group_add(struct run *r, int64_t bytes)
{
	r->group_bytes += bytes;
	r->group_files++;
	if (r->group_bytes < PIPELINE_GROUP_BYTES && r->group_files < PIPELINE_GROUP_FILES)
		return 0;
	return state_commit(r->st, r->err);
}

/* Commit the open group, if any. */
static int group_end(struct run *r)
{
	if (sqlite3_get_autocommit(r->st->db))
		return 0;
	return state_commit(r->st, r->err);
}

static int db_fail(struct run *r)
{
	r->failed = 1;
	return ll_err_set(r->err, LL_ERROR, r->st->path, 0, "state file: %s",
			  sqlite3_errmsg(r->st->db));
}

static int on_reject(void *ctx, const char *path, long line, const char *sev,
		     const char *code, const char *msg)
{
	struct run *r = ctx;

	if (store_reject_add(r->st, r->source_id, path, line, sev, code, msg, r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	log_debug("%s:%ld: %s: %s", path, line, sev, msg);
	return 0;
}

static int warn_cb(void *ctx, const char *path, long line, const char *code,
		   const char *msg)
{
	return on_reject(ctx, path, line, "warning", code, msg);
}

/* The settlement row of d, inserted or updated; with fresh (no row under
 * its id, normalize_admit said ADMIT_NEW) a plain INSERT does. */
static int upsert_settlement(struct run *r, const struct deposit *d,
			     const char *status, const char *note, int fresh, int64_t *id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (fresh ? state_stmt(r->st, &s,
			       "INSERT INTO settlements(platform, deposit_id, source_id,"
			       " start_date, end_date, deposit_date, currency, deposit_minor,"
			       " events_minor, event_count, content_hash, status, note,"
			       " documents_minor) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,0)", r->err)
		  : state_stmt(r->st, &s,
			  "INSERT INTO settlements(platform, deposit_id, source_id,"
			  " start_date, end_date, deposit_date, currency, deposit_minor,"
			  " events_minor, event_count, content_hash, status, note,"
			  " documents_minor) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,0)"
			  " ON CONFLICT(platform, deposit_id) DO UPDATE SET"
			  " source_id=excluded.source_id, start_date=excluded.start_date,"
			  " end_date=excluded.end_date, deposit_date=excluded.deposit_date,"
			  " currency=excluded.currency, deposit_minor=excluded.deposit_minor,"
			  " events_minor=excluded.events_minor,"
			  " event_count=excluded.event_count,"
			  " content_hash=excluded.content_hash, status=excluded.status,"
			  " note=excluded.note, documents_minor=0"
			  " RETURNING id", r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_text(s, 1, d->platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, r->source_id);
	sqlite3_bind_text(s, 4, d->start_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->end_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->deposit_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, d->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, d->total);
	sqlite3_bind_int64(s, 9, d->events_sum);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)d->nev);
	sqlite3_bind_text(s, 11, d->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (fresh && rc == SQLITE_DONE) {
		rc = SQLITE_ROW;
		*id = sqlite3_last_insert_rowid(r->st->db);
	} else if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
	}
	state_done(r->st, s);
	if (rc != SQLITE_ROW)
		return db_fail(r);
	return 0;
}

static int exec_id(struct run *r, const char *sql, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_stmt(r->st, &s, sql, r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	state_done(r->st, s);
	return rc == SQLITE_DONE ? 0 : db_fail(r);
}

static int set_documents_minor(struct run *r, int64_t id, int64_t sum)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_stmt(r->st, &s, "UPDATE settlements SET documents_minor=? WHERE id=?",
		       r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_int64(s, 1, sum);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	state_done(r->st, s);
	return rc == SQLITE_DONE ? 0 : db_fail(r);
}

/* Documents a new plan of a settlement replaces: not posted, and not in a
 * batch whose outcome is unknown (sent, no answer yet: it may be in Xero,
 * and only a lookup may say; see inflight_get). */
#define REPLANNABLE                                                          \
	" status IN ('planned','rejected','undone') AND (batch_id IS NULL OR" \
	" batch_id NOT IN (SELECT id FROM batches WHERE status IN"           \
	" ('sent','unknown')))"

static int drop_replannable(struct run *r, int64_t sid)
{
	return exec_id(r, "DELETE FROM lines WHERE document_id IN (SELECT id FROM"
		       " documents WHERE settlement_id=? AND" REPLANNABLE ")", sid) ||
	       exec_id(r, "DELETE FROM documents WHERE settlement_id=? AND" REPLANNABLE,
		       sid);
}

/* The posted document under a natural key. */
struct posted {
	int64_t id;
	char hash[33];
	char number[160];
};

/* 1 and *out when a document under this natural key is posted, 0 when
 * none is, -1 on a state-file error. */
static int doc_get(struct run *r, const char *sql, const char *key, struct posted *out)
{
	sqlite3_stmt *s = NULL;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (state_stmt(r->st, &s, sql, r->err))
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(s, 1);
		const unsigned char *n = sqlite3_column_text(s, 2);

		out->id = sqlite3_column_int64(s, 0);
		snprintf(out->hash, sizeof(out->hash), "%s", h ? (const char *)h : "");
		snprintf(out->number, sizeof(out->number), "%s", n ? (const char *)n : "");
		found = 1;
	}
	state_done(r->st, s);
	return found;
}

static int posted_get(struct run *r, const char *key, struct posted *out)
{
	return doc_get(r, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='posted'", key, out);
}

/* 1 and *out when the document under this key was sent and its outcome
 * is unknown (a kill, a lost answer): kept as it is for the lookup. */
static int inflight_get(struct run *r, const char *key, struct posted *out)
{
	return doc_get(r, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='planned' AND batch_id IN (SELECT id"
		       " FROM batches WHERE status IN ('sent','unknown'))", key, out);
}

/*
 * Is the posted document p the same version as the planned d? The hashes
 * say so, except when the posted one went out under a number derived from
 * d's (`-v2` after a void, `-<deposit>` for an order in two deposits):
 * then d is rendered under that number for the comparison, and back.
 */
static int same_version(struct run *r, const struct deposit *dep, struct doc *d,
			const struct posted *p)
{
	const struct platform_settings *ps = &mappings_for(r->m, dep->platform)->s;
	size_t nl = strlen(d->number);
	const char *tail = p->number + nl;
	char saved[sizeof(d->number)];
	int same;

	if (!strcmp(p->hash, d->hash))
		return 1;
	if (strncmp(p->number, d->number, nl) || tail[0] != '-')
		return 0;
	if (!(tail[1] == 'v' && tail[2] >= '0' && tail[2] <= '9' &&
	      strspn(tail + 2, "0123456789") == strlen(tail + 2)) &&
	    strcmp(tail + 1, dep->id))
		return 0;
	snprintf(saved, sizeof(saved), "%s", d->number);
	snprintf(d->number, sizeof(d->number), "%s", p->number);
	same = map_render_body(d, ps, dep->currency, dep->exponent) == 0 &&
	       !strcmp(p->hash, d->hash);
	snprintf(d->number, sizeof(d->number), "%s", saved);
	if (map_render_body(d, ps, dep->currency, dep->exponent))
		return -1;
	return same;
}

/* The posted document `id` is replaced by a new version: `superseded`,
 * under a natural key of its own (the new version takes the key); the
 * posting stage takes it back from Xero before posting the new one. */
static int supersede(struct run *r, int64_t id)
{
	sqlite3_stmt *s = NULL;
	char msg[160];
	int rc;

	snprintf(msg, sizeof(msg), "superseded by run %lld: the inputs or mappings give a"
		 " new version; taken back from Xero before it is posted",
		 (long long)r->st->run_id);
	if (state_stmt(r->st, &s,
			  "UPDATE documents SET status='superseded', natural_key="
			  " natural_key || '#superseded-' || id, message=? WHERE id=? AND"
			  " status='posted'", r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_text(s, 1, msg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	state_done(r->st, s);
	if (rc != SQLITE_DONE)
		return db_fail(r);
	r->res->superseded++;
	return 0;
}

/* Posted documents of settlement sid whose natural key is not in docs;
 * with `apply`, each is superseded too. -1 on a state-file error. */
static long posted_not_in(struct run *r, int64_t sid, const struct doc_list *docs,
			  int apply)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	long stray = 0, k;
	size_t i;

	if (state_stmt(r->st, &s,
			  "SELECT natural_key, id FROM documents WHERE settlement_id=? AND"
			  " status='posted'", r->err))
		return -1;
	sqlite3_bind_int64(s, 1, sid);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *k2 = (const char *)sqlite3_column_text(s, 0);

		for (i = 0; i < docs->n; i++)
			if (!strcmp(docs->docs[i].natural_key, k2))
				break;
		if (i < docs->n)
			continue;
		if (apply) {
			int64_t *n = realloc(ids, (size_t)(stray + 1) * sizeof(*n));

			if (!n) {
				stray = -1;
				break;
			}
			ids = n;
			ids[stray] = sqlite3_column_int64(s, 1);
		}
		stray++;
	}
	state_done(r->st, s);
	for (k = 0; apply && k < stray; k++)
		if (supersede(r, ids[k])) {
			stray = -1;
			break;
		}
	free(ids);
	return stray;
}

/*
 * The number of a new version of d. Xero keeps a voided document's number,
 * so when an earlier version of d's key that is (or, still `superseded`
 * and AUTHORISED, will be) voided holds d's number, the new one is
 * `<number>-v<versions+1>`: deterministic, so a re-plan gives the same.
 * A deleted version's number is free again. 0, or a negative code.
 */
static int version_number(struct run *r, const struct deposit *dep, struct doc *d)
{
	sqlite3_stmt *s = NULL;
	int64_t versions = 0, voided = 0;
	size_t nl;

	if (state_stmt(r->st, &s,
			  "SELECT count(*), coalesce(sum(number=?2 AND (message LIKE"
			  " '%(voided)' OR (status='superseded' AND body LIKE"
			  " '%\"Status\":\"AUTHORISED\"%'))), 0) FROM documents WHERE"
			  " natural_key > ?1 || '#superseded-' AND"
			  " natural_key < ?1 || '#superseded.' AND"
			  " status IN ('superseded','replaced')", r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_text(s, 1, d->natural_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, d->number, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		versions = sqlite3_column_int64(s, 0);
		voided = sqlite3_column_int64(s, 1);
	}
	state_done(r->st, s);
	if (!voided)
		return 0;
	nl = strlen(d->number);
	snprintf(d->number + nl, sizeof(d->number) - nl, "-v%lld", (long long)versions + 1);
	return map_render_body(d, &mappings_for(r->m, dep->platform)->s, dep->currency,
			       dep->exponent) ? LL_ERROR : 0;
}

static int number_taken(struct run *r, const char *number, const char *key)
{
	sqlite3_stmt *s = NULL;
	int taken = 0;

	if (state_stmt(r->st, &s,
			  "SELECT 1 FROM documents WHERE number=?1 AND natural_key<>?2 AND"
			  " NOT (natural_key > ?2 || '#superseded-' AND"
			  " natural_key < ?2 || '#superseded.')", r->err))
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	taken = sqlite3_step(s) == SQLITE_ROW;
	state_done(r->st, s);
	return taken;
}

/*
 * The new version dc is not planned: the one in Xero (posted, or sent with
 * its outcome unknown), pd, stays; a payment of dc names it by pd's number.
 * With a code (would-change, in-flight) a warning says why.
 */
static int keep_live(struct run *r, const struct deposit *d, struct doc *dc,
		     const struct posted *pd, const char *code)
{
	char msg[600];

	snprintf(dc->number, sizeof(dc->number), "%s", pd->number);
	if (!code)
		return 0;
	if (!strcmp(code, "in-flight"))
		snprintf(msg, sizeof(msg), "document %s was sent and its outcome is not known"
			 " yet; the inputs or mappings now give a different version, planned"
			 " once 'run' has looked it up in Xero (run, then plan again)",
			 pd->number);
	else
		snprintf(msg, sizeof(msg), "document %s is already posted; the inputs or"
			 " mappings now give a different version (would change 1 posted"
			 " document; not re-posted; 'run --repost-changed' replaces it)",
			 pd->number);
	return on_reject(r, d->path, d->header_line, "warning", code, msg);
}

static int insert_doc(struct run *r, int64_t settlement, const struct deposit *dep,
		      struct doc *d)
{
	sqlite3_stmt *s = NULL, *ls = NULL;
	int64_t doc_id;
	size_t i;
	int taken, rc = 0;

	taken = number_taken(r, d->number, d->natural_key);
	if (taken < 0)
		return db_fail(r);
	if (taken) {
		/* the same order in two settlements: keep numbers unique */
		size_t nl = strlen(d->number);

		snprintf(d->number + nl, sizeof(d->number) - nl, "-%s", dep->id);
		if (map_render_body(d, &mappings_for(r->m, dep->platform)->s, dep->currency,
				    dep->exponent))
			return LL_ERROR;
	}
	if (state_stmt(r->st, &s,
			  "INSERT INTO documents(settlement_id, natural_key, kind, xero_type,"
			  " number, reference, contact, date, due_date, currency, total_minor,"
			  " signed_minor, status, content_hash, body, order_id, source_rows,"
			  " run_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'planned',?,?,?,?,?)",
			  r->err) ||
	    state_stmt(r->st, &ls,
			  "INSERT INTO lines(document_id, line_no, category, account_code,"
			  " tax_type, description, tracking, amount_minor, event_count,"
			  " source_rows) VALUES(?,?,?,?,?,?,?,?,?,?)", r->err)) {
		state_done(r->st, s);
		r->failed = 1;
		return LL_ERROR;
	}
	sqlite3_bind_int64(s, 1, settlement);
	sqlite3_bind_text(s, 2, d->natural_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->xero_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, d->contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, d->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, d->due_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, dep->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, d->total);
	sqlite3_bind_int64(s, 12, d->signed_total);
	sqlite3_bind_text(s, 13, d->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, d->body, -1, SQLITE_STATIC);
	if (d->order_id[0])
		sqlite3_bind_text(s, 15, d->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 16, d->source_rows, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 17, r->st->run_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = db_fail(r);
		goto done;
	}
	doc_id = sqlite3_last_insert_rowid(r->st->db);
	for (i = 0; i < d->nlines; i++) {
		const struct doc_line *l = &d->lines[i];

		sqlite3_reset(ls);
		sqlite3_bind_int64(ls, 1, doc_id);
		sqlite3_bind_int64(ls, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(ls, 3, l->category, -1, SQLITE_STATIC);
		sqlite3_bind_text(ls, 4, l->account, -1, SQLITE_STATIC);
		sqlite3_bind_text(ls, 5, l->tax_type, -1, SQLITE_STATIC);
		sqlite3_bind_text(ls, 6, l->description, -1, SQLITE_STATIC);
		sqlite3_bind_text(ls, 7, l->tracking, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ls, 8, l->amount);
		sqlite3_bind_int64(ls, 9, l->event_count);
		sqlite3_bind_text(ls, 10, l->source_rows, -1, SQLITE_STATIC);
		if (sqlite3_step(ls) != SQLITE_DONE) {
			rc = db_fail(r);
			goto done;
		}
	}
	r->res->documents++;
done:
	state_done(r->st, s);
	state_done(r->st, ls);
	return rc;
}

static int on_deposit(void *ctx, struct deposit *d)
{
	struct run *r = ctx;
	struct admit_info ai;
	struct doc_list docs;
	struct map_opts mo;
	char note[600], msg[1400], a[48], b[48];
	int64_t sid = 0, docsum = 0, planned = 0;
	size_t i;
	int tied, rc = 0;
	char *replaced = NULL; /* docs superseded by this plan */

	memset(&docs, 0, sizeof(docs));
	d->source_id = r->source_id;
	r->settlements++;
	tied = normalize_deposit(d, note, sizeof(note));
	if (normalize_admit(r->st, d, r->source_id, &ai, r->err)) {
		r->failed = 1;
		return LL_ERROR;
	}
	if (!tied) {
		r->res->untied++;
		if (ai.what == ADMIT_NEW || strcmp(ai.status, "tied") != 0) {
			/* a new settlement row has no documents to clear */
			if (upsert_settlement(r, d, "untied", note, ai.what == ADMIT_NEW, &sid) ||
			    (ai.what != ADMIT_NEW && drop_replannable(r, sid)))
				return LL_ERROR;
		} else {
			size_t nl = strlen(note);

			snprintf(note + nl, sizeof(note) - nl,
				 " (the tied copy from %.300s stands)", ai.other_path);
		}
		return on_reject(r, d->path, d->header_line, "error", "untied", note);
	}
	if (ai.what == ADMIT_DUPLICATE) {
		r->res->duplicates++;
		snprintf(msg, sizeof(msg), "%s %s %s %.600s; not imported again",
			 deposit_noun(d), d->id,
			 ai.same_content ? "is identical to the one already imported from"
			 : ai.partial ? "is here only in part (orders shown again for a later"
					" refund); the whole day is imported from"
				      : "(the same total and currency) is already imported,"
					" from another export format, from",
			 ai.other_path);
		return on_reject(r, d->path, d->header_line, "warning", "duplicate", msg);
	}
	if (ai.what == ADMIT_CONFLICT) {
		r->res->conflicts++;
		money_format(a, sizeof(a), ai.other_total, d->exponent);
		money_format(b, sizeof(b), d->total, d->exponent);
		snprintf(msg, sizeof(msg),
			 "%s %s here differs from the copy imported from %.500s "
			 "(total %s vs %s there; %zu vs %ld amounts; events sum %s vs %s)%s;"
			 " the first import stands, this one is not imported",
			 deposit_noun(d), d->id, ai.other_path, b, a, d->nev, ai.other_events,
			 money_format(b, sizeof(b), d->events_sum, d->exponent),
			 money_format(a, sizeof(a), ai.other_events_sum, d->exponent),
			 ai.posted ? "; its documents are already posted" : "");
		return on_reject(r, d->path, d->header_line, "error", "conflict", msg);
	}
	r->res->tied++;
	memset(&mo, 0, sizeof(mo));
	mo.m = r->m;
	mo.mode = r->mode;
	mo.warn = warn_cb;
	mo.warn_ctx = r;
	if (map_deposit(&docs, &mo, d, r->err)) {
		/* a template too long: the settlement is reported, not fatal */
		char em[700];

		ll_err_format(r->err, em, sizeof(em));
		doc_list_free(&docs);
		return on_reject(r, d->path, d->header_line, "error", "map", em);
	}
	/* a new settlement row has no documents to clear or keep (one
	 * dropped by drop_unsent went with its documents) */
	if (upsert_settlement(r, d, "tied", d->partial ? NORMALIZE_PARTIAL_NOTE : "",
			      ai.what == ADMIT_NEW, &sid) ||
	    (ai.what != ADMIT_NEW && drop_replannable(r, sid))) {
		rc = LL_ERROR;
		goto done;
	}
	{
		/* posted documents the new plan does not have (another posting
		 * mode, another month split): posting the new plan would count
		 * the money twice, so the settlement keeps what is posted, or
		 * with --repost-changed they are superseded (taken back from
		 * Xero before the new plan is posted) */
		long stray = ai.what == ADMIT_NEW ? 0
						  : posted_not_in(r, sid, &docs, r->o->repost_changed);

		if (stray < 0) {
			rc = db_fail(r);
			goto done;
		}
		if (stray > 0 && !r->o->repost_changed) {
			snprintf(msg, sizeof(msg),
				 "settlement %s is posted as %ld document(s) the current "
				 "mappings or mode no longer produce; nothing new is planned "
				 "for it (would change %ld posted document(s); 'run "
				 "--repost-changed' replaces them)", d->id, stray, stray);
			rc = on_reject(r, d->path, d->header_line, "warning", "would-change",
				       msg);
			goto done;
		}
	}
	if (docs.n && !(replaced = calloc(docs.n, 1))) {
		rc = LL_ERROR;
		goto done;
	}
	for (i = 0; i < docs.n; i++) {
		struct posted pd;
		struct doc *dc = &docs.docs[i];
		int posted, same = 0;

		/* a payment names what it pays by its final number (after a
		 * renumber, or the number of the version live in Xero) */
		if (dc->parent >= 0 &&
		    map_link_payment(dc, &docs.docs[dc->parent], d->exponent)) {
			rc = LL_ERROR;
			goto done;
		}
		posted = posted_get(r, dc->natural_key, &pd);
		docsum += docs.docs[i].signed_total;
		if (posted == 0 && (posted = inflight_get(r, dc->natural_key, &pd)) > 0) {
			/* sent, outcome unknown: the lookup of the next run settles
			 * it; a different version waits for that */
			if (keep_live(r, d, dc, &pd, strcmp(pd.hash, dc->hash) ? "in-flight" : NULL)) {
				rc = LL_ERROR;
				goto done;
			}
			continue;
		}
		if (posted < 0) {
			rc = db_fail(r);
			goto done;
		}
		if (posted) {
			/* the payment of a document being replaced goes first */
			same = dc->parent >= 0 && replaced[dc->parent]
				       ? 0 : same_version(r, d, &docs.docs[i], &pd);
			if (same < 0) {
				rc = LL_ERROR;
				goto done;
			}
			if (same || !r->o->repost_changed) {
				if (keep_live(r, d, dc, &pd, same ? NULL : "would-change")) {
					rc = LL_ERROR;
					goto done;
				}
				continue;
			}
			if ((rc = supersede(r, pd.id)))
				goto done;
			replaced[i] = 1;
		}
		if ((rc = version_number(r, d, &docs.docs[i])) ||
		    (rc = insert_doc(r, sid, d, &docs.docs[i])))
			goto done;
		planned += docs.docs[i].signed_total;
	}
	if (docsum != d->total) {
		/* cannot happen while every event lands on a line; guard anyway */
		snprintf(msg, sizeof(msg), "settlement %s: documents sum to %s, deposit is %s",
			 d->id, money_format(a, sizeof(a), docsum, d->exponent),
			 money_format(b, sizeof(b), d->total, d->exponent));
		on_reject(r, d->path, d->header_line, "error", "internal", msg);
	}
done:
	free(replaced);
	/* what the settlement's documents (planned, posted or rejected) sum
	 * to; a new settlement's documents are the ones just planned */
	if (sid && rc == 0 && ai.what == ADMIT_NEW)
		rc = set_documents_minor(r, sid, planned);
	else if (sid && rc == 0)
		rc = exec_id(r, "UPDATE settlements SET documents_minor=(SELECT"
			     " coalesce(sum(signed_minor), 0) FROM documents WHERE"
			     " settlement_id=settlements.id AND status IN"
			     " ('planned','posted','rejected')) WHERE id=?", sid);
	doc_list_free(&docs);
	return rc;
}

struct src_row {
	int64_t id;
	int64_t size, mtime;
	char status[16];
};

static int lookup_source(struct run *r, const char *path, struct src_row *out)
{
	sqlite3_stmt *s = NULL;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (state_stmt(r->st, &s,
			  "SELECT id, size, mtime, status FROM sources WHERE path=?", r->err))
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->size = sqlite3_column_int64(s, 1);
		out->mtime = sqlite3_column_int64(s, 2);
		snprintf(out->status, sizeof(out->status), "%s",
			 (const char *)sqlite3_column_text(s, 3));
		found = 1;
	}
	state_done(r->st, s);
	return found;
}

static int start_source(struct run *r, const char *path, int64_t size, int64_t mtime)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_stmt(r->st, &s,
			  "INSERT INTO sources(path, size, mtime, status, run_id)"
			  " VALUES(?,?,?,'reading',?) ON CONFLICT(path) DO UPDATE SET"
			  " size=excluded.size, mtime=excluded.mtime, status='reading',"
			  " reason=NULL, rows=0, settlements=0, first_date=NULL,"
			  " last_date=NULL, format=NULL, content_hash=NULL,"
			  " run_id=excluded.run_id RETURNING id", r->err))
		return LL_ERROR;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, size);
	sqlite3_bind_int64(s, 3, mtime);
	sqlite3_bind_int64(s, 4, r->st->run_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		r->source_id = sqlite3_column_int64(s, 0);
	state_done(r->st, s);
	if (rc != SQLITE_ROW)
		return db_fail(r);
	return exec_id(r, "DELETE FROM rejects WHERE source_id=?", r->source_id);
}

static int finish_source(struct run *r, const char *format, const char *status,
			 const char *reason, const struct parse_stats *ps,
			 const char *hash)
{
	sqlite3_stmt *s = NULL;
	char fd[11] = "", ld[11] = "";
	int rc;

	if (ps && ps->first_days) {
		date_days_ymd(ps->first_days, fd);
		date_days_ymd(ps->last_days, ld);
	}
	if (state_stmt(r->st, &s,
			  "UPDATE sources SET format=?, status=?, reason=?, rows=?,"
			  " settlements=?, first_date=?, last_date=?, content_hash=?"
			  " WHERE id=?", r->err))
		return LL_ERROR;
	sqlite3_bind_text(s, 1, format, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	if (reason && reason[0])
		sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ps ? ps->rows : 0);
	sqlite3_bind_int64(s, 5, r->settlements);
	if (fd[0]) {
		sqlite3_bind_text(s, 6, fd, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, ld, -1, SQLITE_STATIC);
	}
	if (hash)
		sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, r->source_id);
	rc = sqlite3_step(s);
	state_done(r->st, s);
	return rc == SQLITE_DONE ? 0 : db_fail(r);
}

static const char *err_code_slug(const struct ll_err *e)
{
	if (strstr(e->msg, "truncated gzip"))
		return "truncated-gzip";
	if (strstr(e->msg, "corrupt gzip"))
		return "corrupt-gzip";
	if (strstr(e->msg, "unknown column set"))
		return "unknown-columns";
	if (strstr(e->msg, "line longer"))
		return "line-too-long";
	return "read-error";
}

static int source_has_would_change(struct run *r, int64_t source_id)
{
	sqlite3_stmt *s = NULL;
	int has;

	if (state_stmt(r->st, &s,
			  "SELECT 1 FROM rejects WHERE source_id=? AND code IN"
			  " ('would-change','repost-refused') LIMIT 1", r->err))
		return -1;
	sqlite3_bind_int64(s, 1, source_id);
	has = sqlite3_step(s) == SQLITE_ROW;
	state_done(r->st, s);
	return has;
}

/*
 * Before a file is read again: drop the settlements an earlier read of it
 * planned of which nothing has gone to Xero (every document planned or
 * rejected, none in a batch that was sent). The read plans again what the
 * file still holds; a deposit it no longer gives (a day the time zone moved
 * its orders off, a payout edited out) must not stay planned beside the
 * new ones.
 */
static int drop_unsent(struct run *r, int64_t source_id)
{
#define UNSENT "SELECT s.id FROM settlements s WHERE s.source_id=?1 AND NOT EXISTS" \
	" (SELECT 1 FROM documents d LEFT JOIN batches b ON b.id=d.batch_id" \
	" WHERE d.settlement_id=s.id AND (d.status NOT IN ('planned','rejected') OR" \
	" coalesce(b.status, 'planned') <> 'planned'))"
	return exec_id(r, "DELETE FROM lines WHERE document_id IN (SELECT id FROM"
			  " documents WHERE settlement_id IN (" UNSENT "))", source_id) ||
	       exec_id(r, "DELETE FROM documents WHERE settlement_id IN (" UNSENT ")",
		       source_id) ||
	       exec_id(r, "DELETE FROM settlements WHERE id IN (" UNSENT ")", source_id);
#undef UNSENT
}

/* 1 if documents from the source went to Xero (posted, or in a sent batch),
 * 0 if not, -1 on a state-file error */
static int source_sent(struct run *r, int64_t source_id)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(r->st->db,
			       "SELECT EXISTS(SELECT 1 FROM documents d JOIN settlements s ON"
			       " s.id=d.settlement_id LEFT JOIN batches b ON b.id=d.batch_id"
			       " WHERE s.source_id=? AND (d.status NOT IN ('planned','rejected')"
			       " OR coalesce(b.status, 'planned') <> 'planned'))",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, source_id);
	rc = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	return rc;
}

/* One file, whole in the open group's transaction (group_begin). Returns <0
 * only for state-file failures (the group is rolled back). */
static int process_file(struct run *r, const char *path, int remap)
{
	struct source src;
	struct parse_stats ps;
	struct src_row prev;
	struct stat sb;
	struct ll_err ferr = LL_ERR_INIT;
	struct parse_sink sink = { r, on_deposit, on_reject, r->o->tz };
	char hash[33], msg[1200];
	int found, rc;

	memset(&ps, 0, sizeof(ps));
	r->path = path;
	r->settlements = 0;
	r->res->files++;
	if (stat(path, &sb) != 0)
		memset(&sb, 0, sizeof(sb));
	found = lookup_source(r, path, &prev);
	if (found < 0)
		return db_fail(r);
	if (found && !remap && r->o->repost_changed) {
		/* --repost-changed maps again the files whose documents would
		 * change (or whose replacement Xero refused), and only those: a
		 * file re-read resumes nothing it should not */
		int has = source_has_would_change(r, prev.id);

		if (has < 0)
			return db_fail(r);
		remap = has;
	}
	if (group_begin(r))
		return LL_ERROR;
	if (found && remap && r->zone_changed &&
	    prev.size == (int64_t)sb.st_size && prev.mtime == (int64_t)sb.st_mtime &&
	    (!strcmp(prev.status, "parsed") || !strcmp(prev.status, "unchanged"))) {
		/* its documents went to Xero dated in the zone they were planned
		 * in: re-dating its rows would plan other days beside the posted
		 * ones and count the money twice, so the file keeps its plan */
		int sent = source_sent(r, prev.id);

		if (sent < 0) {
			db_fail(r);
			goto fail;
		}
		if (sent) {
			snprintf(msg, sizeof(msg), "documents from this file are already in"
				 " Xero, dated in the time zone they were planned in; the"
				 " file keeps those dates (%s now). To re-date them, undo"
				 " the runs that posted them ('ledgerlift undo --run N')"
				 " and plan again", r->o->tz ? tz_name(r->o->tz)
							     : "dates as written");
			r->res->unchanged++;
			r->source_id = prev.id;
			if (exec_id(r, "DELETE FROM rejects WHERE code='zone-kept' AND"
				       " source_id=?", prev.id) ||
			    on_reject(r, path, 0, "warning", "zone-kept", msg) ||
			    exec_id(r, "UPDATE sources SET status='unchanged', run_id=(SELECT"
				       " max(id) FROM runs) WHERE id=?", prev.id))
				goto fail;
			return group_add(r, 0);
		}
	}
	if (found && !remap && !r->o->force && prev.size == (int64_t)sb.st_size &&
	    prev.mtime == (int64_t)sb.st_mtime &&
	    (!strcmp(prev.status, "parsed") || !strcmp(prev.status, "unchanged"))) {
		r->res->unchanged++;
		r->source_id = prev.id;
		if (exec_id(r, "UPDATE sources SET status='unchanged', run_id=(SELECT"
			       " max(id) FROM runs) WHERE id=?", prev.id))
			goto fail;
		log_debug("%s: unchanged, not read again", path);
		return group_add(r, 0);
	}
	if (start_source(r, path, (int64_t)sb.st_size, (int64_t)sb.st_mtime) ||
	    (found && drop_unsent(r, r->source_id)))
		goto fail;
	rc = ingest_open(&src, path, &ferr);
	if (rc) {
		ll_err_format(&ferr, msg, sizeof(msg));
		r->res->errors++;
		if (on_reject(r, path, ferr.line, "error", err_code_slug(&ferr), ferr.msg) ||
		    finish_source(r, "unknown", "error", ferr.msg, NULL, NULL))
			goto fail;
		log_info("%s", msg);
		ingest_close(&src);
		return group_add(r, (int64_t)sb.st_size);
	}
	if (!src.fmt || !src.fmt->parse) {
		r->res->skipped++;
		if (on_reject(r, path, 0, "warning", "skipped", src.reason) ||
		    finish_source(r, src.kind, "skipped", src.reason, NULL, NULL))
			goto fail_close;
		log_info("%s: skipped: %s", path, src.reason);
		ingest_close(&src);
		return group_add(r, (int64_t)sb.st_size);
	}
	/* the format is known before any deposit is admitted (normalize_admit
	 * compares the formats a deposit came from) */
	if (finish_source(r, src.kind, "reading", NULL, NULL, NULL))
		goto fail_close;
	rc = src.fmt->parse(&src.lines, path, src.header, src.header_len, &sink, &ps, &ferr);
	if (r->failed)
		goto fail_close;
	r->res->rows += ps.rows;
	r->res->bad_rows += ps.bad_rows;
	if (rc) {
		r->res->errors++;
		ll_err_format(&ferr, msg, sizeof(msg));
		if (on_reject(r, path, ferr.line, "error", err_code_slug(&ferr), ferr.msg) ||
		    finish_source(r, src.kind, "error", ferr.msg, &ps, NULL))
			goto fail_close;
		log_info("%s", msg);
	} else {
		hash_hex(&src.lines.hash, hash);
		r->res->parsed++;
		if (ps.rows == 0 &&
		    on_reject(r, path, 0, "warning", "no-rows",
			      "a header line but no rows"))
			goto fail_close;
		if (ps.redated) {
			snprintf(msg, sizeof(msg), "%ld time%s on another day in the"
				 " organisation's time zone (%s) than written: the"
				 " documents and day summaries are dated on that day;"
				 " payouts keep their own date", ps.redated,
				 ps.redated == 1 ? " falls" : "s fall", tz_name(r->o->tz));
			r->res->redated += ps.redated;
			if (on_reject(r, path, 0, "note", "redated", msg))
				goto fail_close;
		}
		if (finish_source(r, src.kind, "parsed", NULL, &ps, hash))
			goto fail_close;
	}
	ingest_close(&src);
	return group_add(r, (int64_t)sb.st_size);
fail_close:
	ingest_close(&src);
fail:
	state_rollback(r->st);
	return LL_ERROR;
}

static int meta_get(struct state *st, const char *key, char *out, size_t outlen)
{
	sqlite3_stmt *s = NULL;

	out[0] = '\0';
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key=?", -1, &s,
			       NULL) != SQLITE_OK)
		return LL_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return 0;
}

static int meta_set(struct state *st, const char *key, const char *value,
		    struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s, "INSERT OR REPLACE INTO meta VALUES(?,?)", err))
		return LL_ERROR;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
				  sqlite3_errmsg(st->db));
	return 0;
}

/*
 * WooCommerce orders paid through PayPal are sales in the day summaries and
 * again payments in the PayPal transfers that hold those days. Unless
 * paypal.sales_recorded_by says which side records the sales, warn once a
 * run per pair of files, with both names and the settings that fix it.
 */
static int warn_sales_twice(struct state *st, const struct mappings *m, struct ll_err *err)
{
	const struct platform_map *pp = mappings_for(m, "paypal");
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (!pp || pp->s.sales_recorded_by[0])
		return 0;
	if (state_prepare(st, &s,
			  "SELECT ws.path, ps.path, count(DISTINCT w.start_date),"
			  " min(w.start_date), max(w.start_date)"
			  " FROM settlements w JOIN sources ws ON ws.id=w.source_id"
			  " JOIN settlements p ON p.platform='paypal' AND p.status='tied'"
			  "  AND p.currency=w.currency"
			  "  AND w.start_date BETWEEN p.start_date AND p.end_date"
			  " JOIN sources ps ON ps.id=p.source_id"
			  " WHERE w.platform='woocommerce' AND w.status='tied'"
			  "  AND (lower(w.deposit_id) LIKE '% %paypal% %'"
			  "   OR lower(w.deposit_id) LIKE '% ppcp%' OR lower(w.deposit_id) LIKE '% ppec%')"
			  " GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 20", err))
		return LL_ERROR;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		char msg[1400];

		snprintf(msg, sizeof(msg),
			 "sales counted twice: %d day(s) of WooCommerce orders paid through "
			 "PayPal (%s to %s) in %.400s are also PayPal payments in the transfers "
			 "of %.400s; set \"sales_recorded_by\": \"woocommerce\" in the \"paypal\" "
			 "section of settings.json so PayPal's payments for store orders post to "
			 "the clearing account (8180) instead of sales",
			 sqlite3_column_int(s, 2), (const char *)sqlite3_column_text(s, 3),
			 (const char *)sqlite3_column_text(s, 4),
			 (const char *)sqlite3_column_text(s, 0),
			 (const char *)sqlite3_column_text(s, 1));
		rc = store_reject_add(st, 0, "", 0, "warning", "sales-twice", msg, err);
	}
	sqlite3_finalize(s);
	return rc;
}

static void count_rejects(struct state *st, struct pipeline_result *res)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT severity, count(*) FROM rejects WHERE source_id IN"
			       " (SELECT id FROM sources WHERE run_id=?1) OR"
			       " (source_id IS NULL AND run_id=?1) GROUP BY severity",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, st->run_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *sev = (const char *)sqlite3_column_text(s, 0);

		if (!strcmp(sev, "error"))
			res->reject_errors = sqlite3_column_int64(s, 1);
		else if (strcmp(sev, "note")) /* a note is information, not a problem */
			res->reject_warnings += sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
}

long pipeline_would_change(struct state *st, int64_t run_id)
{
	sqlite3_stmt *s = NULL;
	long n = 0;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT message FROM rejects WHERE code='would-change' AND"
			       " source_id IN (SELECT id FROM sources WHERE ?1=0 OR run_id=?1)",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, run_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);
		const char *p = m ? strstr(m, "(would change ") : NULL;
		long v = 0;

		if (!p) {
			n++;
			continue;
		}
		for (p += 14; *p >= '0' && *p <= '9' && v < 100000000; p++)
			v = v * 10 + (*p - '0');
		n += v;
	}
	sqlite3_finalize(s);
	return n;
}

int pipeline_plan(struct state *st, const struct mappings *m,
		  const struct pipeline_opts *o, struct pipeline_result *res,
		  struct ll_err *err)
{
	struct file_list files;
	struct plan_stats ps;
	struct run r;
	char key[200], prev_key[200];
	size_t i;
	int rc, remap;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.m = m;
	r.o = o;
	r.res = res;
	r.err = err;
	r.mode = o->mode; /* -1: each platform's own setting */

	rc = ingest_collect(&files, o->inputs, o->ninputs, err);
	if (rc) {
		file_list_free(&files);
		return rc;
	}
	/* a change of mappings or mode means every file is mapped again */
	snprintf(key, sizeof(key), "%s/%s/%s", m->hash,
		 r.mode < 0 ? "settings" : r.mode == MODE_ORDER ? "order" : "settlement",
		 m->country);
	if (o->tz) {
		/* the zone dates the events: a change maps every file again
		 * (no zone leaves the key as it always was) */
		size_t kl = strlen(key);

		snprintf(key + kl, sizeof(key) - kl, "/tz=%s", tz_name(o->tz));
		snprintf(res->zone, sizeof(res->zone), "%s", tz_name(o->tz));
	}
	meta_get(st, "plan_key", prev_key, sizeof(prev_key));
	remap = strcmp(key, prev_key) != 0;
	{
		const char *a = strstr(key, "/tz="), *b = strstr(prev_key, "/tz=");

		r.zone_changed = prev_key[0] && strcmp(a ? a : "", b ? b : "") != 0;
	}
	for (i = 0; i < files.n; i++) {
		if (intr_requested()) {
			if ((rc = group_end(&r)))
				goto done;
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0,
					"interrupted after %zu of %zu files; what was read is "
					"recorded", i, files.n);
			goto done;
		}
		rc = process_file(&r, files.paths[i], remap);
		if (rc)
			goto done;
	}
	if ((rc = group_end(&r)))
		goto done;
	res->would_change = pipeline_would_change(st, st->run_id);
	if (res->would_change < 0) {
		rc = ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
				sqlite3_errmsg(st->db));
		goto done;
	}
	if (res->would_change > 0) {
		char msg[300];

		snprintf(msg, sizeof(msg), "would change %ld posted document%s: the inputs"
			 " or mappings now give other versions; they stay as posted ('run"
			 " --repost-changed' takes them back from Xero and posts the new"
			 " versions)", res->would_change, res->would_change == 1 ? "" : "s");
		if ((rc = store_reject_add(st, 0, "", 0, "warning", "would-change-total", msg,
					   err)))
			goto done;
	}
	if ((rc = warn_sales_twice(st, m, err)))
		goto done;
	if ((rc = plan_batches(st, &ps, err)))
		goto done;
	res->batches = ps.batches;
	if ((rc = meta_set(st, "plan_key", key, err)))
		goto done;
	count_rejects(st, res);
done:
	if (rc)
		state_rollback(st); /* the group a failed file left open, if any */
	file_list_free(&files);
	return rc;
}
