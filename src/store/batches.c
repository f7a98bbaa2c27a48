/*
 * batches.c - the batches table (batches.h): rebuilt by plan_batches from
 * the documents waiting to be sent, then claimed, settled and reloaded by
 * the posting stage. The planning walk reads the documents once and sorts
 * them in memory (SQLite's sort of them is its fallback past a bound).
 */
#include "store/batches.h"

#include "store/store_int.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

int store_batch_reset_planned(struct state *st, struct ll_err *err)
{
	/* none to drop (a first plan, or every batch sent): the UPDATE below
	 * would still read every document to find that out */
	int any = state_flag(st, "SELECT EXISTS (SELECT 1 FROM batches WHERE"
			     " status='planned' AND idempotency_key IS NULL)", err);

	if (any <= 0)
		return any;
	return state_exec(st,
			  /* a planned batch with a key was sent before and is to
			   * be sent again as it was (store_post_requeue) */
			  "UPDATE documents SET batch_id=NULL WHERE status='planned' AND"
			  " batch_id IN (SELECT id FROM batches WHERE status='planned'"
			  " AND idempotency_key IS NULL);"
			  "DELETE FROM batches WHERE status='planned' AND"
			  " idempotency_key IS NULL;", err);
}

/* The documents a rebuild of the planned batches takes, in sending order:
 * planned, in no batch (BATCHABLE_FREE) or in a planned one (after
 * store_batch_reset_planned: the same set), that may be sent now. */
#define BATCHABLE_SQL(free)                                                    \
	"SELECT id, kind, coalesce(body_len, length(body)), batch_id"          \
	" FROM documents"                                                      \
	" WHERE status='planned' AND " free " AND"                             \
	/* a settlement's new versions wait until its superseded documents  \
	 * are out of Xero */                                                  \
	" settlement_id NOT IN (SELECT settlement_id FROM"                     \
	" documents WHERE status='superseded' AND"                             \
	" settlement_id IS NOT NULL) AND"                                      \
	/* a payment waits until what it pays is in Xero */                   \
	" (kind<>'Payment' OR EXISTS (SELECT 1 FROM documents t"               \
	" WHERE t.natural_key=substr(documents.natural_key, 1,"                \
	" length(documents.natural_key) - 8) AND t.status='posted'))"          \
	" ORDER BY CASE kind WHEN 'Invoice' THEN 0 WHEN 'CreditNote'"          \
	" THEN 1 WHEN 'Payment' THEN 2 WHEN 'BankTransaction' THEN 3"          \
	" ELSE 4 END, date, number"

/* The same documents unsorted, with the superseded documents' settlements
 * (last column 1) in the same scan, for the walk in memory below. */
#define WALK_SQL(free)                                                         \
	"SELECT id, kind, coalesce(body_len, length(body)), batch_id,"         \
	" settlement_id, date, number, status='superseded' FROM documents"     \
	" WHERE (status='planned' AND " free " AND"                            \
	" (kind<>'Payment' OR EXISTS (SELECT 1 FROM documents t"               \
	" WHERE t.natural_key=substr(documents.natural_key, 1,"                \
	" length(documents.natural_key) - 8) AND t.status='posted')))"        \
	" OR (status='superseded' AND settlement_id IS NOT NULL)"

/* ---- the walk, sorted in memory ------------------------------------ */

/*
 * The walk reads the documents once, unsorted, and sorts them here: the
 * ORDER BY above costs SQLite a record comparison per step of its sort
 * (5,600 instructions a document on PayPal's 20k rows, two thirds of the
 * walk), and the superseded settlements' list a second scan of the table.
 * The order is the ORDER BY's exactly: rank of kind, date (NULL first),
 * number, both compared as SQLite's BINARY collation does (bytes, then
 * length); ties in the order SQLite's sorter gives them, which is stable
 * over the scan, i.e. by id. Past walk_max documents (or a column of a type
 * the comparison does not expect) the SQL walk above runs instead, so the
 * memory held stays bounded (72 bytes a document and its date and number).
 */
static size_t walk_max = STORE_BATCH_WALK_MAX;

size_t store_batch_walk_limit(size_t max)
{
	size_t was = walk_max;

	walk_max = max;
	return was;
}

/* a text of the walk: its offset in the walk's text while it grows, then
 * a pointer */
union wtext {
	size_t off;
	const char *p;
};

struct wdoc {
	int64_t id, batch_id, settlement_id;
	long body_len;
	union wtext kind, date, number;   /* kind: a literal when known */
	uint32_t date_len, number_len;
	uint8_t rank, date_null, sid_null, kind_copied;
};

struct walk {
	struct wdoc *d;
	size_t n, cap;
	struct buf text;                  /* the dates, numbers, other kinds */
	int64_t *sup;                     /* superseded documents' settlements */
	size_t nsup, capsup;
};

static void walk_free(struct walk *w)
{
	free(w->d);
	buf_free(&w->text);
	free(w->sup);
	memset(w, 0, sizeof(*w));
}

/* copy len bytes of text (and a NUL) into the walk's text: its offset, or
 * (size_t)-1 when out of memory */
static size_t walk_text(struct walk *w, const unsigned char *s, size_t len)
{
	return buf_add_str0(&w->text, s, len);
}

/* the kinds of a rank of their own, in rank order */
static const char *const ranked_kinds[] = { "Invoice", "CreditNote", "Payment",
					     "BankTransaction" };
#define OTHER_RANK 4

/* SQLite's BINARY collation: the bytes, then the shorter first */
static int cmp_binary(const char *a, size_t la, const char *b, size_t lb)
{
	int c = memcmp(a, b, la < lb ? la : lb);

	return c ? c : la < lb ? -1 : la > lb ? 1 : 0;
}

static int cmp_wdoc(const void *pa, const void *pb)
{
	const struct wdoc *a = pa, *b = pb;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->date_null != b->date_null)
		return a->date_null ? -1 : 1;
	if (!a->date_null &&
	    (c = cmp_binary(a->date.p, a->date_len, b->date.p, b->date_len)))
		return c;
	if ((c = cmp_binary(a->number.p, a->number_len, b->number.p, b->number_len)))
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* One row of the scan into w: 0, 1 when the walk cannot be done in memory
 * (too many documents, a type the comparison does not expect), or
 * LL_ERROR (out of memory). */
static int walk_row(struct walk *w, sqlite3_stmt *s, struct ll_err *err)
{
	struct wdoc *d;
	const char *kind;
	int ts = sqlite3_column_type(s, 4), td = sqlite3_column_type(s, 5), r;
	size_t date_len, number_len;

	if (ts != SQLITE_NULL && ts != SQLITE_INTEGER)
		return 1;
	if (sqlite3_column_int(s, 7)) { /* superseded: its settlement */
		if (w->nsup == w->capsup) {
			size_t nc = w->capsup ? w->capsup * 2 : 16;
			int64_t *g = realloc(w->sup, nc * sizeof(*g));

			if (!g)
				return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
			w->sup = g;
			w->capsup = nc;
		}
		w->sup[w->nsup++] = sqlite3_column_int64(s, 4);
		return 0;
	}
	if (w->n >= walk_max || sqlite3_column_type(s, 1) != SQLITE_TEXT ||
	    (td != SQLITE_NULL && td != SQLITE_TEXT) || sqlite3_column_type(s, 6) != SQLITE_TEXT)
		return 1;
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 256;
		struct wdoc *g = realloc(w->d, nc * sizeof(*g));

		if (!g)
			return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		w->d = g;
		w->cap = nc;
	}
	d = &w->d[w->n];
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(s, 0);
	d->body_len = (long)sqlite3_column_int64(s, 2);
	d->batch_id = sqlite3_column_int64(s, 3); /* NULL: 0 */
	d->sid_null = ts == SQLITE_NULL;
	d->settlement_id = sqlite3_column_int64(s, 4);
	kind = (const char *)sqlite3_column_text(s, 1);
	for (r = 0; r < OTHER_RANK; r++) /* as SQLite compares: every byte */
		if ((size_t)sqlite3_column_bytes(s, 1) == strlen(ranked_kinds[r]) &&
		    !memcmp(kind, ranked_kinds[r], strlen(ranked_kinds[r])))
			break;
	d->rank = (uint8_t)r;
	if (r < OTHER_RANK) {
		d->kind.p = ranked_kinds[r];
	} else {
		d->kind_copied = 1;
		d->kind.off = walk_text(w, (const unsigned char *)kind,
					(size_t)sqlite3_column_bytes(s, 1));
	}
	d->date_null = td == SQLITE_NULL;
	date_len = d->date_null ? 0 : (size_t)sqlite3_column_bytes(s, 5);
	number_len = (size_t)sqlite3_column_bytes(s, 6);
	if (date_len > UINT32_MAX || number_len > UINT32_MAX)
		return 1;
	d->date_len = (uint32_t)date_len;
	d->number_len = (uint32_t)number_len;
	d->date.off = walk_text(w, d->date_null ? (const unsigned char *)""
				: sqlite3_column_text(s, 5), date_len);
	d->number.off = walk_text(w, sqlite3_column_text(s, 6), number_len);
	if ((d->kind_copied && d->kind.off == (size_t)-1) || d->date.off == (size_t)-1 ||
	    d->number.off == (size_t)-1)
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	w->n++;
	return 0;
}

/*
 * The walk of sql (WALK_SQL) in memory: each document that passes to fn in
 * the ORDER BY's order, *done 1. 0, a non-zero return of fn, or LL_ERROR;
 * *done 0 when it cannot be done in memory (nothing was passed to fn: the
 * caller walks in SQL).
 */
static int walk_in_memory(struct state *st, const char *sql,
			  int (*fn)(void *ctx, const struct store_batchable *b), void *ctx,
			  int *done, struct ll_err *err)
{
	struct walk w;
	sqlite3_stmt *s = NULL;
	int64_t ndocs;
	size_t i, k = 0;
	int rc = 0, step;

	*done = 0;
	memset(&w, 0, sizeof(w));
	buf_init(&w.text, SIZE_MAX);
	/* more documents than the walk holds (an index's count, no more than
	 * a scan of it): SQLite sorts them, nothing allocated here first */
	if (state_query_int64(st, "SELECT count(*) FROM documents", &ndocs, err))
		return LL_ERROR;
	if ((uint64_t)ndocs > (uint64_t)walk_max)
		return 0;
	if (state_prepare(st, &s, sql, err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = walk_row(&w, s, err)))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	if (rc) {
		walk_free(&w);
		return rc == 1 ? 0 : rc; /* 1: not in memory */
	}
	*done = 1;
	/* settlement_id NOT IN (the superseded ones' settlements): a NULL one
	 * is not in an empty list, and unknown (left out) against any other */
	if (w.nsup)
		qsort(w.sup, w.nsup, sizeof(*w.sup), cmp_i64);
	for (i = 0; i < w.n; i++) {
		struct wdoc *d = &w.d[i];

		if (w.nsup && (d->sid_null || bsearch(&d->settlement_id, w.sup, w.nsup,
						      sizeof(*w.sup), cmp_i64)))
			continue;
		if (d->kind_copied)
			d->kind.p = w.text.ptr + d->kind.off;
		d->date.p = w.text.ptr + d->date.off;
		d->number.p = w.text.ptr + d->number.off;
		w.d[k++] = *d;
	}
	if (k > 1)
		qsort(w.d, k, sizeof(*w.d), cmp_wdoc);
	for (i = 0; i < k && rc == 0; i++) {
		struct store_batchable b;

		b.id = w.d[i].id;
		b.kind = w.d[i].kind.p;
		b.body_len = w.d[i].body_len;
		b.batch_id = w.d[i].batch_id;
		rc = fn(ctx, &b);
	}
	walk_free(&w);
	return rc;
}

static int each_batchable(struct state *st, const char *walk_sql, const char *sql,
			  int (*fn)(void *ctx, const struct store_batchable *b),
			  void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc, step, done;

	rc = walk_in_memory(st, walk_sql, fn, ctx, &done, err);
	if (rc || done)
		return rc;
	if (state_prepare(st, &s, sql, err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_batchable b;

		b.id = sqlite3_column_int64(s, 0);
		b.kind = state_col_text(s, 1);
		b.body_len = (long)sqlite3_column_int64(s, 2);
		b.batch_id = sqlite3_column_int64(s, 3); /* NULL: 0 */
		if ((rc = fn(ctx, &b)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

#define FREE_ONLY "batch_id IS NULL"
#define FREE_OR_PLANNED "(batch_id IS NULL OR batch_id IN (SELECT id FROM batches" \
	" WHERE status='planned'))"

int store_batch_each_batchable(struct state *st,
			       int (*fn)(void *ctx, const struct store_batchable *b),
			       void *ctx, struct ll_err *err)
{
	return each_batchable(st, WALK_SQL(FREE_ONLY), BATCHABLE_SQL(FREE_ONLY), fn, ctx, err);
}

int store_batch_each_rebatchable(struct state *st,
				 int (*fn)(void *ctx, const struct store_batchable *b),
				 void *ctx, struct ll_err *err)
{
	return each_batchable(st, WALK_SQL(FREE_OR_PLANNED), BATCHABLE_SQL(FREE_OR_PLANNED), fn,
			      ctx, err);
}

int store_batch_planned(struct state *st, struct store_batch_row **out, size_t *n,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	struct store_batch_row *rows = NULL;
	size_t cap = 0;
	int rc = 0, step;

	*out = NULL;
	*n = 0;
	if (state_prepare(st, &s,
			  "SELECT id, seq, endpoint, doc_count, bytes, method, run_id,"
			  " idempotency_key IS NULL FROM batches"
			  " WHERE status='planned' ORDER BY seq, id", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_batch_row *r;

		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct store_batch_row *g = realloc(rows, nc * sizeof(*g));

			if (!g) {
				rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
				break;
			}
			rows = g;
			cap = nc;
		}
		r = &rows[(*n)++];
		r->id = sqlite3_column_int64(s, 0);
		r->seq = (long)sqlite3_column_int64(s, 1);
		state_col_copy(s, 2, r->endpoint, sizeof(r->endpoint));
		r->docs = (long)sqlite3_column_int64(s, 3);
		r->bytes = (long)sqlite3_column_int64(s, 4);
		state_col_copy(s, 5, r->method, sizeof(r->method));
		r->run_id = sqlite3_column_int64(s, 6);
		r->no_key = sqlite3_column_int(s, 7);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	if (rc)
		free(rows);
	else
		*out = rows;
	return rc;
}

int store_batch_base(struct state *st, int64_t *max_id, long *max_seq, int64_t *in_planned,
		     struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	if (state_prepare(st, &s,
			  "SELECT coalesce(max(id),0), coalesce(max(seq),0) FROM batches"
			  " WHERE status<>'planned'", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*max_id = sqlite3_column_int64(s, 0);
		*max_seq = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return state_fail(st, err);
	if (state_prepare(st, &s,
			  "SELECT count(*) FROM documents WHERE batch_id IN (SELECT id FROM"
			  " batches WHERE status='planned')", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*in_planned = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}

int store_batch_keep_planned(struct state *st, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_prepare(st, &s, "UPDATE batches SET run_id=? WHERE status='planned'", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, st->run_id);
	return state_step_done(st, s, err);
}

static int cmp_bdoc_doc(const void *pa, const void *pb)
{
	const struct store_batch_doc *a = pa, *b = pb;

	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/*
 * A span of documents, every id from lo to hi, into their batches in one
 * statement: up to ASSIGN_RUNS runs, each the ids up to end[i] (from the
 * previous run's end + 1) into batch[i]. The range is read once, in
 * order; unbound runs (NULL) match no row.
 */
#define ASSIGN_RUNS 8
#define ASSIGN_SQL                                                            \
	"UPDATE documents SET batch_id=CASE"                                  \
	" WHEN id<=?3 THEN ?4 WHEN id<=?5 THEN ?6 WHEN id<=?7 THEN ?8"        \
	" WHEN id<=?9 THEN ?10 WHEN id<=?11 THEN ?12 WHEN id<=?13 THEN ?14"   \
	" WHEN id<=?15 THEN ?16 WHEN id<=?17 THEN ?18 END"                    \
	" WHERE id>=?1 AND id<=?2"

static int assign_span(struct state *st, int64_t lo, const int64_t *end,
		       const int64_t *batch, int runs, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int i;

	if (state_stmt(st, &s, ASSIGN_SQL, err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, end[runs - 1]);
	for (i = 0; i < runs; i++) {
		sqlite3_bind_int64(s, 3 + 2 * i, end[i]);
		sqlite3_bind_int64(s, 4 + 2 * i, batch[i]);
	}
	return state_step_done(st, s, err);
}

int store_batch_assign(struct state *st, struct store_batch_doc *docs, size_t n,
		       struct ll_err *err)
{
	int64_t end[ASSIGN_RUNS], batch[ASSIGN_RUNS];
	size_t i, k;

	if (n > 1)
		qsort(docs, n, sizeof(*docs), cmp_bdoc_doc);
	for (i = 0; i < n; i = k) {
		int runs = 0;

		/* the span: consecutive ids from docs[i], up to ASSIGN_RUNS
		 * batches changing along it */
		for (k = i; k < n; k++) {
			if (k > i && docs[k].doc != docs[k - 1].doc + 1)
				break;
			if (runs && docs[k].batch == batch[runs - 1]) {
				end[runs - 1] = docs[k].doc;
				continue;
			}
			if (runs == ASSIGN_RUNS)
				break;
			end[runs] = docs[k].doc;
			batch[runs++] = docs[k].batch;
		}
		if (assign_span(st, docs[i].doc, end, batch, runs, err))
			return LL_ERROR;
	}
	return 0;
}

int store_batch_max_seq(struct state *st, long *seq, struct ll_err *err)
{
	int64_t max;
	int rc = state_query_int64(st, "SELECT coalesce(max(seq),0) FROM batches", &max, err);

	*seq = (long)max;
	return rc;
}

int store_batch_insert(struct state *st, long seq, const char *endpoint, int64_t *id,
		       struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s,
		       "INSERT INTO batches(run_id, seq, endpoint, method,"
		       " doc_count, bytes, status) VALUES(?,?,?,'PUT',0,0,'planned')", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, st->run_id);
	sqlite3_bind_int64(s, 2, seq);
	state_bind_text(s, 3, endpoint);
	if (state_step_done(st, s, err))
		return LL_ERROR;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_batch_set_size(struct state *st, int64_t id, long docs, long bytes,
			 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE batches SET doc_count=?, bytes=? WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, docs);
	sqlite3_bind_int64(s, 2, bytes);
	sqlite3_bind_int64(s, 3, id);
	return state_step_done(st, s, err);
}

int store_batch_add_doc(struct state *st, int64_t id, int64_t doc, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE documents SET batch_id=? WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, doc);
	return state_step_done(st, s, err);
}

int store_batch_each_planned(struct state *st, int max,
			     int (*fn)(void *ctx, int64_t id, const char *endpoint),
			     void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_prepare(st, &s,
			  "SELECT id, endpoint FROM batches WHERE status='planned' ORDER BY seq"
			  " LIMIT ?", err))
		return LL_ERROR;
	sqlite3_bind_int(s, 1, max);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, sqlite3_column_int64(s, 0), state_col_text(s, 1))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_batch_each_body(struct state *st, int64_t id,
			  int (*fn)(void *ctx, const char *body), void *ctx,
			  struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if (state_stmt(st, &s,
		       "SELECT body FROM documents WHERE batch_id=? AND status='planned'"
		       " ORDER BY id", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(ctx, state_col_text(s, 0))))
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	state_done(st, s);
	return rc;
}

int store_batch_claim(struct state *st, int64_t id, const char *key, long docs,
		      long body_bytes, int *claimed, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	*claimed = 0;
	if (state_stmt(st, &s,
		       "UPDATE batches SET status='sent', idempotency_key=?1, run_id=?2"
		       " WHERE id=?3 AND status='planned' AND (SELECT count(*),"
		       " coalesce(sum(length(CAST(body AS BLOB))), 0) FROM documents"
		       " WHERE batch_id=?3 AND status='planned') = (?4, ?5)", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, st->run_id);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, docs);
	sqlite3_bind_int64(s, 5, body_bytes);
	return state_step_changed(st, s, claimed, err);
}

int store_batch_set_status(struct state *st, int64_t id, const char *status,
			   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "UPDATE batches SET status=? WHERE id=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, id);
	return state_step_done(st, s, err);
}

int store_batch_left(struct state *st, int64_t id, long *left, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*left = 0;
	if (state_stmt(st, &s,
		       "SELECT count(*) FROM documents WHERE batch_id=? AND status='planned'",
		       err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*left = (long)sqlite3_column_int64(s, 0);
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_batch_settle_done(struct state *st, struct ll_err *err)
{
	return state_exec(st, "UPDATE batches SET status='done' WHERE status IN"
			  " ('sent','unknown') AND NOT EXISTS (SELECT 1 FROM documents d"
			  " WHERE d.batch_id=batches.id AND d.status='planned')", err);
}

int store_batch_known(struct state *st, long shape, long *batches, long *documents)
{
	if (!st->stamp.walk_known || st->stamp.walk_shape != shape)
		return 0;
	*batches = st->stamp.walk_batches;
	*documents = st->stamp.walk_documents;
	return 1;
}

void store_batch_known_set(struct state *st, long shape, long batches, long documents)
{
	if (!sqlite3_get_autocommit(st->db))
		return; /* a rollback could still take back what it describes */
	st->stamp.walk_known = 1;
	st->stamp.walk_shape = shape;
	st->stamp.walk_batches = batches;
	st->stamp.walk_documents = documents;
}

int store_batch_any_requeued(struct state *st, struct ll_err *err)
{
	return state_flag(st, "SELECT EXISTS (SELECT 1 FROM batches WHERE status='planned'"
			  " AND idempotency_key IS NOT NULL)", err);
}
