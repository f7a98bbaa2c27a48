/*
 * documents.c - documents and lines as planning writes them
 * (documents.h): every statement here runs once per document of a plan
 * or per a few of them, so each is a cached statement (state_stmt). The
 * writing (a queue of documents inserted together) and the filter that
 * says which numbers no document holds are at the end.
 */
#include "store/documents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/bloom.h"

/* 1 and *out for the first row of the cached statement sql with key bound
 * to ?1, 0 when none, LL_ERROR. */
static int doc_ref(struct state *st, const char *sql, const char *key,
		   struct store_doc_ref *out, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (store_doc_flush(st, err) || state_stmt(st, &s, sql, err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		state_col_copy(s, 1, out->hash, sizeof(out->hash));
		state_col_copy(s, 2, out->number, sizeof(out->number));
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_doc_any_live(struct state *st, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (store_doc_flush(st, err) ||
	    state_prepare(st, &s,
			  "SELECT EXISTS(SELECT 1 FROM documents WHERE status IN"
			  " ('posted','superseded','replaced')) OR EXISTS(SELECT 1 FROM"
			  " batches WHERE status IN ('sent','unknown'))", err))
		return LL_ERROR;
	rc = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_doc_posted(struct state *st, const char *key, struct store_doc_ref *out,
		     struct ll_err *err)
{
	return doc_ref(st, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='posted'", key, out, err);
}

int store_doc_inflight(struct state *st, const char *key, struct store_doc_ref *out,
		       struct ll_err *err)
{
	return doc_ref(st, "SELECT id, content_hash, number FROM documents WHERE"
		       " natural_key=? AND status='planned' AND batch_id IN" SENT_BEFORE,
		       key, out, err);
}

/* Run the cached statement sql with ?1 = id. 0 or LL_ERROR. */
static int exec_id(struct state *st, const char *sql, int64_t id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (store_doc_flush(st, err) || state_stmt(st, &s, sql, err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return state_step_done(st, s, err);
}

/* Documents a new plan of a settlement replaces: not posted, and not in a
 * batch whose outcome is unknown (sent, no answer yet: it may be in Xero,
 * and only a lookup may say; see store_doc_inflight). */
#define REPLANNABLE                                                          \
	" status IN ('planned','rejected','undone') AND (batch_id IS NULL OR" \
	" batch_id NOT IN" SENT_BEFORE ")"

int store_doc_drop_replannable(struct state *st, int64_t sid, struct ll_err *err)
{
	return exec_id(st, "DELETE FROM lines WHERE document_id IN (SELECT id FROM"
		       " documents WHERE settlement_id=? AND" REPLANNABLE ")", sid, err) ||
	       exec_id(st, "DELETE FROM documents WHERE settlement_id=? AND" REPLANNABLE,
		       sid, err) ? LL_ERROR : 0;
}

int store_doc_posted_of(struct state *st, int64_t sid,
			int (*fn)(void *ctx, const char *key, int64_t id), void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (store_doc_flush(st, err) ||
	    state_stmt(st, &s,
		       "SELECT natural_key, id FROM documents WHERE settlement_id=? AND"
		       " status='posted'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, sid);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0), sqlite3_column_int64(s, 1))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	state_done(st, s);
	return rc;
}

int store_doc_supersede(struct state *st, int64_t id, const char *msg,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (store_doc_flush(st, err) ||
	    state_stmt(st, &s,
		       "UPDATE documents SET status='superseded', natural_key="
		       " natural_key || '#superseded-' || id, message=? WHERE id=? AND"
		       " status='posted'", err))
		return LL_ERROR;
	state_bind_text(s, 1, msg);
	sqlite3_bind_int64(s, 2, id);
	return state_step_done(st, s, err);
}

int store_doc_versions(struct state *st, const char *key, const char *number,
		       int64_t *versions, int64_t *voided, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*versions = *voided = 0;
	if (store_doc_flush(st, err) ||
	    state_stmt(st, &s,
		       "SELECT count(*), coalesce(sum(number=?2 AND (message LIKE"
		       " '%(voided)' OR (status='superseded' AND body LIKE"
		       " '%\"Status\":\"AUTHORISED\"%'))), 0) FROM documents WHERE"
		       " natural_key > ?1 || '#superseded-' AND"
		       " natural_key < ?1 || '#superseded.' AND"
		       " status IN ('superseded','replaced')", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	state_bind_text(s, 2, number);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*versions = sqlite3_column_int64(s, 0);
		*voided = sqlite3_column_int64(s, 1);
	} else {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

/*
 * Writing documents. A plan's documents wait in a queue (store_doc_queue)
 * and go in together (store_doc_flush): INSERT statements of 16 or of 1
 * to 8 documents, then of as many lines across them (each statement cached
 * by its text), what the queue shares (settlement, currency, run) bound
 * once as ?1..?3. OR FAIL: a statement that changes several b-trees
 * (documents has four: the table, natural_key's UNIQUE, documents_number,
 * documents_settlement) with ABORT (UNIQUE's and NOT NULL's default) keeps
 * a statement journal of every page it changes, in case it stops
 * half-way; a failure here fails the run's transaction anyway, and the
 * constraints of a row are checked before any of its writes. The rows of
 * one INSERT take consecutive ids (the largest id + 1 each), so the
 * documents' ids are the last one's and those before it, as inserting
 * them one by one gave. No function in them either (body_len is bound,
 * text_chars), for the same reason: a function may fail.
 *
 * Which numbers are taken: a Bloom filter of every number in documents
 * (store_doc_number_taken), which answers "no" without asking SQLite.
 */
#define DOC_QUEUE 32
#define DOC_SHARED 3
#define DOC_OWN 15
#define LINE_OWN 12

enum { NUMF_UNKNOWN, NUMF_ASKING, NUMF_VALID };

struct store_doc_cache {
	const struct doc *q[DOC_QUEUE]; /* queued, not yet inserted */
	size_t nq;
	int64_t q_sid;
	const char *q_currency;
	int filter;           /* NUMF_*: whether the layers hold every number */
	int64_t existing;     /* NUMF_ASKING: the largest id when first asked */
	int64_t asks;         /* NUMF_ASKING: questions SQLite answered */
	int64_t last_id;      /* of the last document inserted */
	struct bloom numbers; /* the filter (bloom.h) */
};

void store_doc_cache_free(struct state *st)
{
	if (!st->docs)
		return;
	bloom_free(&st->docs->numbers);
	free(st->docs);
	st->docs = NULL;
}

static struct store_doc_cache *doc_cache(struct state *st)
{
	if (!st->docs)
		st->docs = calloc(1, sizeof(*st->docs));
	return st->docs;
}

/* the probe hashes of s (FNV-1a, then bloom_split) */
static void numf_hash(const char *s, uint64_t *h1, uint64_t *h2)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	bloom_split(h, h1, h2);
}

/* number into the filter: 0, or LL_ERROR (out of memory) */
static int numf_add(struct store_doc_cache *c, const char *number)
{
	uint64_t h1, h2;

	numf_hash(number, &h1, &h2);
	return bloom_add(&c->numbers, h1, h2) ? LL_ERROR : 0;
}

/* 1 when number may be in the filter, 0 when it is not */
static int numf_maybe(const struct store_doc_cache *c, const char *number)
{
	uint64_t h1, h2;

	numf_hash(number, &h1, &h2);
	return bloom_maybe(&c->numbers, h1, h2);
}

/* Every number of documents into the filter (one scan of documents_number).
 * 0 or LL_ERROR. */
static int numf_scan(struct state *st, struct store_doc_cache *c, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, rc = 0;

	if (state_prepare(st, &s, "SELECT number FROM documents", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if (numf_add(c, state_col_text(s, 0) ? state_col_text(s, 0) : "")) {
			rc = ll_err_set(err, LL_ERROR, st->path, 0, "out of memory");
			break;
		}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	if (rc == 0)
		c->filter = NUMF_VALID;
	return rc;
}

/* the INSERT statements of chunk_rows documents (numbered parameters:
 * body_len what length() gives of the row's body) and of as many lines */
#define CHUNKS 9
static char doc_sql[CHUNKS][16 * 120 + 400];
static char line_sql[CHUNKS][16 * 30 + 300];

#define DOC_INSERT "INSERT OR FAIL INTO documents(settlement_id, currency, run_id," \
	" natural_key, kind, xero_type, number, reference, contact, date, due_date," \
	" total_minor, signed_minor, status, content_hash, body, order_id, source_rows," \
	" body_len) VALUES"
#define LINE_INSERT "INSERT OR FAIL INTO lines(document_id, line_no, category," \
	" account_code, tax_type, description, tracking, amount_minor, event_count," \
	" source_rows, net_minor, tax_minor) VALUES"

/* a deposit of up to 8 documents, the lines of up to 8 in one statement
 * (a statement more costs about what 2-3 rows do) */
static const size_t chunk_rows[CHUNKS] = { 1, 2, 3, 4, 5, 6, 7, 8, 16 };

/* what SQLite's length() gives for text s: its characters (the bytes that
 * do not continue a UTF-8 sequence, up to the first NUL). Bound as a value
 * rather than written length(?) in the statement: a function in a
 * statement of several rows may fail half-way, so SQLite would keep a
 * statement journal of every page the statement changes (on PayPal's
 * 200k rows 0.8 M writes to a temporary file). */
static int64_t text_chars(const char *s)
{
	size_t len = strlen(s), i = 0;
	int64_t n = (int64_t)len;

	/* the continuation bytes (10xxxxxx) eight at a time: a byte's top
	 * bit and not its next one */
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		w = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
		/* one per such byte, summed into the top byte */
		n -= (int64_t)((w * 0x0101010101010101ULL) >> 56);
	}
	for (; i < len; i++)
		n -= ((unsigned char)s[i] & 0xc0) == 0x80;
	return n;
}

/* the statements' text, written once (the cache keys them by address) */
static void build_sql(void)
{
	int w;

	if (doc_sql[0][0])
		return;
	for (w = 0; w < CHUNKS; w++) {
		size_t k, dl = 0, ll = 0;

		dl += (size_t)snprintf(doc_sql[w], sizeof(doc_sql[w]), "%s", DOC_INSERT);
		ll += (size_t)snprintf(line_sql[w], sizeof(line_sql[w]), "%s", LINE_INSERT);
		for (k = 0; k < chunk_rows[w]; k++) {
			int b = DOC_SHARED + (int)k * DOC_OWN;

			dl += (size_t)snprintf(doc_sql[w] + dl, sizeof(doc_sql[w]) - dl,
					       "%s(?1,?2,?3,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,?%d,"
					       "'planned',?%d,?%d,?%d,?%d,?%d)",
					       k ? "," : "", b + 1, b + 2, b + 3, b + 4, b + 5,
					       b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12,
					       b + 13, b + 14, b + 15);
			ll += (size_t)snprintf(line_sql[w] + ll, sizeof(line_sql[w]) - ll,
					       "%s(?,?,?,?,?,?,?,?,?,?,?,?)", k ? "," : "");
		}
	}
}

/* the statement for n rows still to insert: the largest of chunk_rows
 * up to n (its index) */
static int chunk(size_t n)
{
	int w = CHUNKS - 1;

	while (chunk_rows[w] > n)
		w--;
	return w;
}

/* Run an INSERT of the flush (of state_stmt) and reset it, as
 * state_step_done does but for its bindings: a cached statement keeps
 * them, as state_stmt clears them before its next use (clearing them here
 * too cost as much as binding a dozen values: the statements have up to
 * 243 parameters); one the cache had no room for is finalized. 0 or
 * LL_ERROR. */
static int step_insert(struct state *st, sqlite3_stmt *s, struct ll_err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);
	int i;

	for (i = st->ncache - 1; i >= 0; i--)
		if (st->cache[i].s == s) {
			sqlite3_reset(s);
			return rc;
		}
	sqlite3_finalize(s);
	return rc;
}

/* Documents q[0..n) in one statement; *last the id of the last. */
static int insert_docs(struct state *st, const struct store_doc_cache *c,
		       const struct doc *const *q, int w, int64_t *last, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t k;

	if (state_stmt(st, &s, doc_sql[w], err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, c->q_sid);
	state_bind_text(s, 2, c->q_currency);
	sqlite3_bind_int64(s, 3, st->run_id);
	for (k = 0; k < chunk_rows[w]; k++) {
		const struct doc *d = q[k];
		int b = DOC_SHARED + (int)k * DOC_OWN;

		state_bind_text(s, b + 1, d->natural_key);
		state_bind_text(s, b + 2, d->kind);
		state_bind_text(s, b + 3, d->xero_type);
		state_bind_text(s, b + 4, d->number);
		state_bind_text(s, b + 5, d->reference);
		state_bind_text(s, b + 6, d->contact);
		state_bind_text(s, b + 7, d->date);
		state_bind_text(s, b + 8, d->due_date);
		sqlite3_bind_int64(s, b + 9, d->total);
		sqlite3_bind_int64(s, b + 10, d->signed_total);
		state_bind_text(s, b + 11, d->hash);
		state_bind_text(s, b + 12, d->body);
		if (d->order_id[0])
			state_bind_text(s, b + 13, d->order_id);
		state_bind_text(s, b + 14, d->source_rows);
		if (d->body)
			sqlite3_bind_int64(s, b + 15, text_chars(d->body));
	}
	if (step_insert(st, s, err))
		return LL_ERROR;
	*last = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* Where the lines still to insert start: document q[doc] (id ids[doc]),
 * line `line` of it. */
struct line_pos {
	size_t doc, line;
};

/* The next n lines from *p in one statement; *p moves past them. */
static int insert_lines(struct state *st, const struct doc *const *q, const int64_t *ids,
			struct line_pos *p, int w, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t k;

	if (state_stmt(st, &s, line_sql[w], err))
		return LL_ERROR;
	for (k = 0; k < chunk_rows[w]; k++) {
		const struct doc_line *l;
		int b = (int)k * LINE_OWN;

		while (p->line >= q[p->doc]->nlines) {
			p->doc++;
			p->line = 0;
		}
		l = &q[p->doc]->lines[p->line];
		sqlite3_bind_int64(s, b + 1, ids[p->doc]);
		sqlite3_bind_int64(s, b + 2, (sqlite3_int64)p->line + 1);
		state_bind_text(s, b + 3, l->category);
		state_bind_text(s, b + 4, l->account);
		state_bind_text(s, b + 5, l->tax_type);
		state_bind_text(s, b + 6, l->description);
		state_bind_text(s, b + 7, l->tracking);
		sqlite3_bind_int64(s, b + 8, l->amount);
		sqlite3_bind_int64(s, b + 9, l->event_count);
		state_bind_text(s, b + 10, l->source_rows);
		sqlite3_bind_int64(s, b + 11, l->net);
		sqlite3_bind_int64(s, b + 12, l->booked_tax);
		p->line++;
	}
	return step_insert(st, s, err);
}

int store_doc_flush(struct state *st, struct ll_err *err)
{
	struct store_doc_cache *c = st->docs;
	int64_t ids[DOC_QUEUE];
	struct line_pos p = { 0, 0 };
	size_t i = 0, nlines = 0;
	int rc = 0;

	if (!c || !c->nq)
		return 0;
	build_sql();
	while (rc == 0 && i < c->nq) {
		int w = chunk(c->nq - i);
		int64_t last;
		size_t k;

		if ((rc = insert_docs(st, c, c->q + i, w, &last, err)))
			break;
		for (k = 0; k < chunk_rows[w]; k++)
			ids[i + k] = last - (int64_t)(chunk_rows[w] - 1 - k);
		c->last_id = last;
		i += chunk_rows[w];
	}
	for (i = 0; i < c->nq; i++)
		nlines += c->q[i]->nlines;
	while (rc == 0 && nlines) {
		int w = chunk(nlines);

		rc = insert_lines(st, c->q, ids, &p, w, err);
		nlines -= chunk_rows[w];
	}
	c->nq = 0;
	return rc;
}

void store_doc_forget(struct state *st)
{
	if (st->docs)
		st->docs->nq = 0;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int store_doc_queue(struct state *st, int64_t sid, const char *currency,
		    const struct doc *d, struct ll_err *err)
{
	struct store_doc_cache *c = doc_cache(st);

	if (!c)
		return ll_err_set(err, LL_ERROR, st->path, 0, "out of memory");
	if (c->nq &&
	    (c->nq == DOC_QUEUE || c->q_sid != sid || !same_text(c->q_currency, currency)) &&
	    store_doc_flush(st, err))
		return LL_ERROR;
	if (c->filter == NUMF_VALID && numf_add(c, d->number)) {
		/* the filter no longer holds every number: SQLite answers */
		c->filter = NUMF_ASKING;
		c->existing = INT64_MAX;
	}
	c->q[c->nq++] = d;
	c->q_sid = sid;
	c->q_currency = currency;
	return 0;
}

int store_doc_insert(struct state *st, int64_t sid, const char *currency,
		     const struct doc *d, int64_t *id, struct ll_err *err)
{
	if (store_doc_flush(st, err) || store_doc_queue(st, sid, currency, d, err) ||
	    store_doc_flush(st, err))
		return LL_ERROR;
	if (id)
		*id = st->docs->last_id;
	return 0;
}

/*
 * Whether the filter may answer for number: 1 when it holds every number
 * of documents (built here, when the table is empty or small, or once
 * SQLite has answered as often as a scan of the numbers would cost), 0
 * when SQLite must, LL_ERROR.
 */
static int numf_ready(struct state *st, struct store_doc_cache *c, struct ll_err *err)
{
	if (c->filter == NUMF_VALID)
		return 1;
	if (c->filter == NUMF_UNKNOWN) {
		if (state_query_int64(st, "SELECT coalesce(max(id), 0) FROM documents",
				      &c->existing, err))
			return LL_ERROR;
		c->filter = NUMF_ASKING;
	}
	/* a question SQLite answers costs about what reading 24 numbers
	 * does: scan once the questions would have paid for it */
	if (c->existing > 4096 && c->asks++ * 24 < c->existing)
		return 0;
	if (numf_scan(st, c, err))
		return LL_ERROR;
	return 1;
}

int store_doc_number_taken(struct state *st, const char *number, const char *key,
			   struct ll_err *err)
{
	struct store_doc_cache *c = doc_cache(st);
	sqlite3_stmt *s = NULL;
	int step, ready;

	if (!c)
		return ll_err_set(err, LL_ERROR, st->path, 0, "out of memory");
	/* the filter holds the queued numbers; SQLite, once they are in */
	if ((c->filter != NUMF_VALID && store_doc_flush(st, err)) ||
	    (ready = numf_ready(st, c, err)) < 0)
		return LL_ERROR;
	if (ready && !numf_maybe(c, number))
		return 0; /* no document holds it */
	if (store_doc_flush(st, err) ||
	    state_stmt(st, &s,
		       "SELECT 1 FROM documents WHERE number=?1 AND natural_key<>?2 AND"
		       " NOT (natural_key > ?2 || '#superseded-' AND"
		       " natural_key < ?2 || '#superseded.')", err))
		return LL_ERROR;
	state_bind_text(s, 1, number);
	state_bind_text(s, 2, key);
	step = sqlite3_step(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}
