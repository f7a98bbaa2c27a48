/*
 * sbx_store.c - SQLite persistence for the sandbox organisation.
 *
 * Schema: meta(k, v) for org-wide settings (tenant id, counters),
 * objects(kind, id, key, seq, body) for every document, and tokens(token,
 * kind, expires_ms). Bodies are the JSON documents exactly as the API
 * returns them (see sbx_json.h for how numbers stay exact). Each request
 * that writes runs in one transaction, so a crash leaves either all of a
 * batch's accepted elements or none of them.
 */
#include "sandbox/sbx_store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sandbox/sbx_json.h"
#include "util/buf.h"

struct sbx_store {
	sqlite3 *db;
	int64_t seq;
};

static const char *kind_name(enum sbx_kind k)
{
	static const char *names[SBX_K_COUNT] = {
		"org", "account", "taxrate", "currency", "contact",
		"invoice", "creditnote", "payment", "banktransfer", "banktransaction"
	};
	return names[k];
}

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS objects(kind TEXT NOT NULL, id TEXT NOT NULL,"
	" key TEXT, seq INTEGER NOT NULL, body TEXT NOT NULL,"
	" PRIMARY KEY(kind, id));"
	"CREATE INDEX IF NOT EXISTS objects_key ON objects(kind, key);"
	"CREATE INDEX IF NOT EXISTS objects_seq ON objects(kind, seq);"
	"CREATE TABLE IF NOT EXISTS tokens(token TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL, expires_ms INTEGER NOT NULL);";

int store_open(struct sbx_store **out, const char *dir, struct ll_err *err)
{
	struct sbx_store *st = NULL;
	sqlite3_stmt *q = NULL;
	char path[4096];
	char *msg = NULL;
	int rc = LL_ERROR;

	*out = NULL;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		ll_err_set(err, LL_ERROR, dir, 0, "cannot create folder: %s", strerror(errno));
		goto done;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/sandbox.db", dir) >= sizeof(path)) {
		ll_err_set(err, LL_ERROR, dir, 0, "path too long");
		goto done;
	}
	st = calloc(1, sizeof(*st));
	if (!st) {
		ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
		goto done;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot open: %s",
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (sqlite3_exec(st->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		ll_err_set(err, LL_ERROR, path, 0, "schema: %s", msg ? msg : "?");
		goto done;
	}
	if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(seq),0) FROM objects", -1,
			       &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		ll_err_set(err, LL_ERROR, path, 0, "%s", sqlite3_errmsg(st->db));
		goto done;
	}
	st->seq = sqlite3_column_int64(q, 0);
	*out = st;
	st = NULL;
	rc = 0;
done:
	sqlite3_finalize(q);
	sqlite3_free(msg);
	store_close(st);
	return rc;
}

void store_close(struct sbx_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

int store_begin(struct sbx_store *st)
{
	return sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : LL_ERROR;
}

int store_commit(struct sbx_store *st)
{
	return sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : LL_ERROR;
}

void store_rollback(struct sbx_store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Lower-case ASCII copy of s into out (bounded). */
static const char *fold(char *out, size_t outlen, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < outlen; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	out[i] = '\0';
	return out;
}

static json_t *row_json(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	int n = sqlite3_column_bytes(q, col);

	return t ? sbxj_parse(t, (size_t)n) : NULL;
}

static json_t *get_one(struct sbx_store *st, const char *sql, enum sbx_kind kind,
		       const char *val)
{
	sqlite3_stmt *q = NULL;
	json_t *v = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(q, 1, kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, val, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = row_json(q, 0);
	sqlite3_finalize(q);
	return v;
}

json_t *store_get(struct sbx_store *st, enum sbx_kind kind, const char *id)
{
	char f[64];

	if (!id)
		return NULL;
	return get_one(st, "SELECT body FROM objects WHERE kind=?1 AND id=?2", kind,
		       fold(f, sizeof(f), id));
}

json_t *store_find(struct sbx_store *st, enum sbx_kind kind, const char *key)
{
	char f[1024];

	if (!key)
		return NULL;
	return get_one(st, "SELECT body FROM objects WHERE kind=?1 AND key=?2 ORDER BY seq LIMIT 1",
		       kind, fold(f, sizeof(f), key));
}

int store_put(struct sbx_store *st, enum sbx_kind kind, const char *id,
	      const char *key, const json_t *obj)
{
	struct buf b = BUF_INIT(64u << 20);
	sqlite3_stmt *q = NULL;
	char fid[64], fkey[1024];
	int rc = LL_ERROR;

	if (sbxj_dump(obj, &b))
		goto done;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT OR REPLACE INTO objects(kind,id,key,seq,body) VALUES(?1,?2,?3,?4,?5)",
			       -1, &q, NULL) != SQLITE_OK)
		goto done;
	sqlite3_bind_text(q, 1, kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, fold(fid, sizeof(fid), id), -1, SQLITE_TRANSIENT);
	if (key)
		sqlite3_bind_text(q, 3, fold(fkey, sizeof(fkey), key), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_int64(q, 4, ++st->seq);
	sqlite3_bind_text(q, 5, buf_cstr(&b), (int)b.len, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_DONE)
		rc = 0;
done:
	sqlite3_finalize(q);
	buf_free(&b);
	return rc;
}

struct row { int64_t seq; json_t *v; };

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

json_t *store_list(struct sbx_store *st, enum sbx_kind kind, int by_key,
		   const char *const *vals, size_t n)
{
	json_t *arr = json_array();
	sqlite3_stmt *q = NULL;
	struct row *rows = NULL;
	size_t nrows = 0, i, cap = 0;
	char f[1024];

	if (!arr)
		return NULL;
	if (n == 0) {
		if (sqlite3_prepare_v2(st->db, "SELECT body FROM objects WHERE kind=?1 ORDER BY seq",
				       -1, &q, NULL) != SQLITE_OK)
			goto done;
		sqlite3_bind_text(q, 1, kind_name(kind), -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW) {
			json_t *v = row_json(q, 0);

			if (v)
				json_array_append_new(arr, v); /* steals v */
		}
		goto done;
	}
	if (sqlite3_prepare_v2(st->db, by_key ?
			       "SELECT seq, body FROM objects WHERE kind=?1 AND key=?2" :
			       "SELECT seq, body FROM objects WHERE kind=?1 AND id=?2",
			       -1, &q, NULL) != SQLITE_OK)
		goto done;
	for (i = 0; i < n; i++) {
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, kind_name(kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, fold(f, sizeof(f), vals[i]), -1, SQLITE_TRANSIENT);
		while (sqlite3_step(q) == SQLITE_ROW) {
			int64_t seq = sqlite3_column_int64(q, 0);
			size_t k;
			int dup = 0;

			for (k = 0; k < nrows; k++)
				dup |= rows[k].seq == seq;
			if (dup)
				continue;
			if (nrows == cap) {
				struct row *nr = realloc(rows, (cap ? cap * 2 : 16) * sizeof(*rows));

				if (!nr)
					goto done;
				rows = nr;
				cap = cap ? cap * 2 : 16;
			}
			rows[nrows].seq = seq;
			rows[nrows].v = row_json(q, 1);
			if (rows[nrows].v)
				nrows++;
		}
	}
	if (nrows > 1)
		qsort(rows, nrows, sizeof(*rows), row_cmp);
	for (i = 0; i < nrows; i++) {
		json_array_append_new(arr, rows[i].v); /* steals */
		rows[i].v = NULL;
	}
done:
	for (i = 0; i < nrows; i++)
		json_decref(rows[i].v);
	free(rows);
	sqlite3_finalize(q);
	return arr;
}

long store_count(struct sbx_store *st, enum sbx_kind kind)
{
	sqlite3_stmt *q = NULL;
	long n = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM objects WHERE kind=?1", -1, &q,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, kind_name(kind), -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return n;
}

int store_meta_get(struct sbx_store *st, const char *k, char *out, size_t outlen)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ENOTFOUND;

	if (sqlite3_prepare_v2(st->db, "SELECT v FROM meta WHERE k=?1", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(q, 0));
			rc = 0;
		}
	}
	sqlite3_finalize(q);
	return rc;
}

int store_meta_set(struct sbx_store *st, const char *k, const char *v)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ERROR;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta(k,v) VALUES(?1,?2)", -1, &q,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, v, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_DONE)
			rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}

int store_token_put(struct sbx_store *st, const char *token, const char *kind,
		    int64_t expires_ms)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ERROR;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO tokens(token,kind,expires_ms)"
			       " VALUES(?1,?2,?3)", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, token, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, expires_ms);
		if (sqlite3_step(q) == SQLITE_DONE)
			rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}

int store_token_get(struct sbx_store *st, const char *token, const char *kind,
		    int64_t *expires_ms)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ENOTFOUND;

	if (sqlite3_prepare_v2(st->db, "SELECT expires_ms FROM tokens WHERE token=?1 AND kind=?2",
			       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, token, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			*expires_ms = sqlite3_column_int64(q, 0);
			rc = 0;
		}
	}
	sqlite3_finalize(q);
	return rc;
}

int store_token_del(struct sbx_store *st, const char *token)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ERROR;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM tokens WHERE token=?1", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, token, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_DONE)
			rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}

int store_token_expire_all(struct sbx_store *st, const char *kind)
{
	sqlite3_stmt *q = NULL;
	int rc = LL_ERROR;

	if (sqlite3_prepare_v2(st->db, "UPDATE tokens SET expires_ms=0 WHERE kind=?1", -1, &q,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_DONE)
			rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}
