/*
 * settlements.c - the settlements table (settlements.h): what normalize
 * needs to decide whether a deposit is new, a duplicate or a conflict;
 * recording a deposit (a plain INSERT for a new one, an upsert otherwise);
 * the sum of its documents; and the sales-twice check across platforms.
 */
#include "store/settlements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/bloom.h"

#define SEEN_COLUMNS                                                         \
	"SELECT s.id, s.status, s.content_hash, s.source_id,"                 \
	" coalesce(src.path,''), s.deposit_minor, s.events_minor,"            \
	" s.event_count,"                                                      \
	" (SELECT count(*) FROM documents d WHERE d.settlement_id=s.id"       \
	"  AND d.status='posted'), s.currency, coalesce(src.format,''),"       \
	" coalesce(s.note,'') LIKE 'partial:%', s.deposit_id"                  \
	" FROM settlements s LEFT JOIN sources src ON src.id=s.source_id"

static int read_seen(struct state *st, sqlite3_stmt *s, struct store_settlement_seen *out,
		     struct ll_err *err);

/* the two kinds of key of the set: (platform, deposit_id) and
 * (platform, content_hash) */
#define KEY_ID 0xffu
#define KEY_CONTENT 0xfeu

static int key_absent(struct state *st, const char *platform, unsigned kind,
		      const char *value);
static void key_add(struct state *st, const struct deposit *d);

int store_settlement_find(struct state *st, const char *platform,
			  const char *deposit_id, struct store_settlement_seen *out,
			  struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	/* a deposit never recorded: nothing to read (most of a first run) */
	if (key_absent(st, platform, KEY_ID, deposit_id)) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (state_stmt(st, &s, SEEN_COLUMNS " WHERE s.platform=? AND s.deposit_id=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, platform);
	state_bind_text(s, 2, deposit_id);
	return read_seen(st, s, out, err);
}

int store_settlement_find_content(struct state *st, const char *platform, const char *hash,
				  struct store_settlement_seen *out, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	/* no deposit of that content ever recorded */
	if (key_absent(st, platform, KEY_CONTENT, hash)) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (state_stmt(st, &s, SEEN_COLUMNS " WHERE s.content_hash=? AND s.platform=?"
		       " AND s.status='tied' ORDER BY s.id LIMIT 1", err))
		return LL_ERROR;
	state_bind_text(s, 1, hash);
	state_bind_text(s, 2, platform);
	return read_seen(st, s, out, err);
}

/* The row of s (a statement of SEEN_COLUMNS), handed back. 1, 0, LL_ERROR. */
static int read_seen(struct state *st, sqlite3_stmt *s, struct store_settlement_seen *out,
		     struct ll_err *err)
{
	int step;

	memset(out, 0, sizeof(*out));
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		state_col_copy(s, 1, out->status, sizeof(out->status));
		state_col_copy(s, 2, out->hash, sizeof(out->hash));
		out->source_id = sqlite3_column_int64(s, 3);
		state_col_copy(s, 4, out->path, sizeof(out->path));
		out->deposit_minor = sqlite3_column_int64(s, 5);
		out->events_minor = sqlite3_column_int64(s, 6);
		out->event_count = (long)sqlite3_column_int64(s, 7);
		out->posted = sqlite3_column_int(s, 8);
		out->has_currency = sqlite3_column_type(s, 9) != SQLITE_NULL;
		state_col_copy(s, 9, out->currency, sizeof(out->currency));
		state_col_copy(s, 10, out->format, sizeof(out->format));
		out->partial = sqlite3_column_int(s, 11);
		state_col_copy(s, 12, out->deposit_id, sizeof(out->deposit_id));
	} else if (step != SQLITE_DONE) {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : LL_ERROR;
}

int store_settlement_put(struct state *st, const struct deposit *d, int64_t source_id,
			 const char *status, const char *note, int fresh, int64_t *id,
			 struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	/* an upsert sets documents_minor 0: after any deferred value of its
	 * row, as before */
	if (!fresh && store_settlement_flush(st, err))
		return LL_ERROR;
	if (fresh ? state_stmt(st, &s,
			       "INSERT INTO settlements(platform, deposit_id, source_id,"
			       " start_date, end_date, deposit_date, currency, deposit_minor,"
			       " events_minor, event_count, content_hash, status, note,"
			       " documents_minor, deposit_kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,0,?14)",
			       err)
		  : state_stmt(st, &s,
			       "INSERT INTO settlements(platform, deposit_id, source_id,"
			       " start_date, end_date, deposit_date, currency, deposit_minor,"
			       " events_minor, event_count, content_hash, status, note,"
			       " documents_minor, deposit_kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,0,?14)"
			       " ON CONFLICT(platform, deposit_id) DO UPDATE SET"
			       " deposit_kind=excluded.deposit_kind,"
			       " source_id=excluded.source_id, start_date=excluded.start_date,"
			       " end_date=excluded.end_date, deposit_date=excluded.deposit_date,"
			       " currency=excluded.currency, deposit_minor=excluded.deposit_minor,"
			       " events_minor=excluded.events_minor,"
			       " event_count=excluded.event_count,"
			       " content_hash=excluded.content_hash, status=excluded.status,"
			       " note=excluded.note, documents_minor=0"
			       " RETURNING id", err))
		return LL_ERROR;
	state_bind_text(s, 1, d->platform);
	state_bind_text(s, 2, d->id);
	sqlite3_bind_int64(s, 3, source_id);
	state_bind_text(s, 4, d->start_date);
	state_bind_text(s, 5, d->end_date);
	state_bind_text(s, 6, d->deposit_date);
	state_bind_text(s, 7, d->currency);
	sqlite3_bind_int64(s, 8, d->total);
	sqlite3_bind_int64(s, 9, d->events_sum);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)d->nev);
	state_bind_text(s, 11, d->hash);
	state_bind_text(s, 12, status);
	state_bind_text(s, 13, note);
	state_bind_text(s, 14, d->day_summary || d->account_day ? "day" : "payout");
	key_add(st, d);
	step = sqlite3_step(s);
	if (fresh && step == SQLITE_DONE) {
		step = SQLITE_ROW;
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
	}
	if (step != SQLITE_ROW)
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

/*
 * documents_minor values known in the open transaction, not yet written:
 * an UPDATE of one row cost ~13k instructions a deposit; written in id
 * order, PENDING_CHUNK rows a statement, before the transaction commits
 * (state_commit), they cost less, and stay in the transaction that holds
 * the rest of their deposit.
 */
struct pending_row {
	int64_t id, sum;
	size_t seq; /* order of arrival: the last value of an id wins */
};

struct store_settle_pending {
	struct pending_row *v;
	size_t n, cap;
	/* the (platform, deposit_id) and (platform, content_hash) keys of
	 * the table, by a 64-bit hash of each, a superset of its
	 * rows: a key not here is no row, so store_settlement_find (and
	 * store_settlement_find_content) need not ask. Kept only by the writer
	 * holding the lock (no other process adds rows); read from the table
	 * at the first find, then every store_settlement_put adds its key (a
	 * key whose row is deleted or rolled back stays: a look-up too many,
	 * never one too few). A Bloom filter (util/bloom.h: 2 bytes a key,
	 * about 1 in 400 absent keys answered "maybe"), not an exact set:
	 * a file of millions of deposits keeps a few MB, not 16-32 bytes a
	 * key. keys_off: not kept (no lock, out of memory). */
	struct bloom keys;
	int keys_built, keys_off;
};

#define PENDING_CHUNK 32
#define PENDING_MAX 4096 /* values waiting at most (24 bytes each) */

/* "UPDATE ... FROM (VALUES (?,?),...)" of n rows into buf. */
static void pending_sql(char *buf, size_t len, int n)
{
	size_t at;
	int i;

	at = (size_t)snprintf(buf, len, "UPDATE settlements SET documents_minor=v.column2"
			      " FROM (VALUES ");
	for (i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s(?%d,?%d)", i ? "," : "",
				       2 * i + 1, 2 * i + 2);
	if (at < len)
		snprintf(buf + at, len - at, ") AS v WHERE settlements.id=v.column1");
}

static int pending_cmp(const void *a, const void *b)
{
	const struct pending_row *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int store_settlement_flush(struct state *st, struct ll_err *err)
{
	/* the statements' text, built once: state_stmt keys its cache by
	 * the address of the SQL */
	static char sql_chunk[PENDING_CHUNK * 16 + 160], sql_one[192];
	struct store_settle_pending *p = st->settle;
	size_t i, n, at;

	if (!p || p->n == 0)
		return 0;
	if (sqlite3_get_autocommit(st->db)) {
		/* the transaction is gone (rolled back): so are its rows */
		p->n = 0;
		return 0;
	}
	if (!sql_one[0]) {
		pending_sql(sql_chunk, sizeof(sql_chunk), PENDING_CHUNK);
		pending_sql(sql_one, sizeof(sql_one), 1);
	}
	qsort(p->v, p->n, sizeof(p->v[0]), pending_cmp);
	/* one row an id, its last value */
	for (i = 0, n = 0; i < p->n; i++) {
		if (n && p->v[n - 1].id == p->v[i].id)
			n--;
		p->v[n++] = p->v[i];
	}
	p->n = 0;
	for (at = 0; at < n;) {
		int w = n - at >= PENDING_CHUNK ? PENDING_CHUNK : 1, k;
		sqlite3_stmt *s = NULL;

		if (state_stmt(st, &s, w == PENDING_CHUNK ? sql_chunk : sql_one, err))
			return LL_ERROR;
		for (k = 0; k < w; k++) {
			sqlite3_bind_int64(s, 2 * k + 1, p->v[at + (size_t)k].id);
			sqlite3_bind_int64(s, 2 * k + 2, p->v[at + (size_t)k].sum);
		}
		if (state_step_done(st, s, err))
			return LL_ERROR;
		at += (size_t)w;
	}
	return 0;
}

void store_settlement_drop_pending(struct state *st)
{
	if (st->settle)
		st->settle->n = 0;
}

void store_settlement_pending_free(struct state *st)
{
	if (st->settle) {
		free(st->settle->v);
		bloom_free(&st->settle->keys);
	}
	free(st->settle);
	st->settle = NULL;
}

/* st->settle, allocated at its first use; NULL: out of memory */
static struct store_settle_pending *settle_of(struct state *st)
{
	if (!st->settle)
		st->settle = calloc(1, sizeof(*st->settle));
	return st->settle;
}

/* kind (KEY_ID, KEY_CONTENT: no byte of UTF-8 text) between the two */
static uint64_t key_hash(const char *platform, unsigned kind, const char *value)
{
	uint64_t h = 1469598103934665603ULL;
	const unsigned char *c;

	for (c = (const unsigned char *)platform; *c; c++)
		h = (h ^ *c) * 1099511628211ULL;
	h = (h ^ kind) * 1099511628211ULL;
	for (c = (const unsigned char *)value; *c; c++)
		h = (h ^ *c) * 1099511628211ULL;
	return h ? h : 1;
}

/* Stop keeping keys: every find asks the table. */
static void keys_off(struct store_settle_pending *p)
{
	bloom_free(&p->keys);
	p->keys_off = 1;
}

/* h into the set; 0, or LL_ERROR (memory: the set no longer holds every key) */
static int key_put(struct store_settle_pending *p, uint64_t h)
{
	uint64_t h1, h2;

	bloom_split(h, &h1, &h2);
	return bloom_add(&p->keys, h1, h2) ? LL_ERROR : 0;
}

/* The set read from the table: 0, or LL_ERROR (not kept) */
static int keys_build(struct state *st, struct store_settle_pending *p)
{
	sqlite3_stmt *s = NULL;
	int step;

	p->keys_built = 1;
	if (state_prepare(st, &s, "SELECT platform, deposit_id, content_hash FROM settlements",
			  NULL))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *platform = (const char *)sqlite3_column_text(s, 0);
		const char *hash = (const char *)sqlite3_column_text(s, 2);

		if (key_put(p, key_hash(platform, KEY_ID,
					(const char *)sqlite3_column_text(s, 1))) ||
		    (hash && key_put(p, key_hash(platform, KEY_CONTENT, hash)))) {
			step = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : LL_ERROR;
}

/* Is (platform, value) of kind surely no row of the table? 1 or 0 (maybe). */
static int key_absent(struct state *st, const char *platform, unsigned kind,
		      const char *value)
{
	struct store_settle_pending *p;
	uint64_t h1, h2;

	if (st->lock_fd < 0 || st->readonly || !platform || !value ||
	    !(p = settle_of(st)) || p->keys_off)
		return 0;
	if (!p->keys_built && keys_build(st, p)) {
		keys_off(p);
		return 0;
	}
	bloom_split(key_hash(platform, kind, value), &h1, &h2);
	return !bloom_maybe(&p->keys, h1, h2);
}

/* A row of deposit d may be written: its keys into the set. */
static void key_add(struct state *st, const struct deposit *d)
{
	struct store_settle_pending *p = st->settle;

	/* not built yet: the build reads the row from the table */
	if (!p || !p->keys_built || p->keys_off)
		return;
	if (key_put(p, key_hash(d->platform, KEY_ID, d->id)) ||
	    key_put(p, key_hash(d->platform, KEY_CONTENT, d->hash)))
		keys_off(p);
}

/* Defer documents_minor=sum of id to the flush. 0, or LL_ERROR (memory). */
static int pending_add(struct state *st, int64_t id, int64_t sum)
{
	struct store_settle_pending *p = settle_of(st);

	if (!p)
		return LL_ERROR;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		void *v = realloc(p->v, cap * sizeof(p->v[0]));

		if (!v)
			return LL_ERROR;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].id = id;
	p->v[p->n].sum = sum;
	p->v[p->n].seq = p->n;
	p->n++;
	return 0;
}

int store_settlement_set_documents(struct state *st, int64_t id, const int64_t *sum,
				   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (sum && !sqlite3_get_autocommit(st->db)) {
		if (pending_add(st, id, *sum))
			return ll_err_set(err, LL_ERROR, st->path, 0, "out of memory");
		/* written early, in the same transaction, once PENDING_MAX wait:
		 * a file of 200k deposits (WooCommerce's refunds) is one
		 * transaction, and memory stays bounded whatever its size */
		return st->settle->n >= PENDING_MAX ? store_settlement_flush(st, err) : 0;
	}
	/* the row's earlier values first, so that this one is the last */
	if (store_settlement_flush(st, err))
		return LL_ERROR;
	if (sum ? state_stmt(st, &s, "UPDATE settlements SET documents_minor=?2 WHERE id=?1",
			     err)
		: state_stmt(st, &s, "UPDATE settlements SET documents_minor=(SELECT"
			     " coalesce(sum(signed_minor), 0) FROM documents WHERE"
			     " settlement_id=settlements.id AND status IN"
			     " ('planned','posted','rejected')) WHERE id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, id);
	if (sum)
		sqlite3_bind_int64(s, 2, *sum);
	return state_step_done(st, s, err);
}

int store_settlement_family(struct state *st, const char *platform, const char *id,
			    int64_t exclude_source, int64_t *sum, long *count, char *path,
			    size_t pathlen, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*sum = 0;
	*count = 0;
	path[0] = '\0';
	if (state_stmt(st, &s,
		       "SELECT coalesce(sum(s.deposit_minor), 0), count(*),"
		       " coalesce(min(src.path), '') FROM settlements s"
		       " LEFT JOIN sources src ON src.id = s.source_id"
		       " WHERE s.platform=?1 AND s.status='tied' AND s.source_id<>?3"
		       " AND (s.deposit_id=?2 OR substr(s.deposit_id, 1, length(?2) + 1) = ?2 || '-')"
		       /* the same rows, as a range of the (platform, deposit_id)
			* index: both forms start with ?2 and sort before ?2 || '.'
			* ('.' follows '-'); without it every deposit read all of
			* its platform's settlements */
		       " AND s.deposit_id >= ?2 AND s.deposit_id < ?2 || '.'",
		       err))
		return LL_ERROR;
	state_bind_text(s, 1, platform);
	state_bind_text(s, 2, id);
	sqlite3_bind_int64(s, 3, exclude_source);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*sum = sqlite3_column_int64(s, 0);
		*count = (long)sqlite3_column_int64(s, 1);
		state_col_copy(s, 2, path, pathlen);
	} else {
		state_fail(st, err);
	}
	state_done(st, s);
	return step == SQLITE_ROW ? 0 : LL_ERROR;
}

int store_settlement_sales_twice(struct state *st,
				 int (*fn)(void *ctx, const struct store_sales_twice *p),
				 void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step, both;

	/* tied days of both platforms, found by the (platform, deposit_id)
	 * index, or nothing to pair (an archive of one of them: the query
	 * below would read every WooCommerce day of it) */
	both = state_flag(st, "SELECT EXISTS (SELECT 1 FROM settlements WHERE"
			  " platform='paypal' AND status='tied') AND EXISTS (SELECT 1 FROM"
			  " settlements WHERE platform='woocommerce' AND status='tied')", err);
	if (both <= 0)
		return both;
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
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_sales_twice p;

		p.woo_path = state_col_text(s, 0);
		p.paypal_path = state_col_text(s, 1);
		p.days = sqlite3_column_int(s, 2);
		p.first = state_col_text(s, 3);
		p.last = state_col_text(s, 4);
		if ((rc = fn(ctx, &p)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
