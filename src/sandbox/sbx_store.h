/*
 * sbx_store.h - the organisation's state in <data_dir>/sandbox.db.
 *
 * One SQLite file (WAL, synchronous=FULL) holds every object the org has as
 * its JSON document, keyed by kind and id, with a case-folded natural key
 * (invoice number, contact name, account code...) and a sequence number
 * that orders lists the way Xero does (UpdatedDateUTC, then id). Not
 * thread-safe: the sandbox calls it under its mutex.
 */
#ifndef LL_SBX_STORE_H
#define LL_SBX_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum sbx_kind {
	SBX_K_ORG = 0,
	SBX_K_ACCOUNT,
	SBX_K_TAXRATE,
	SBX_K_CURRENCY,
	SBX_K_CONTACT,
	SBX_K_INVOICE,
	SBX_K_CREDITNOTE,
	SBX_K_PAYMENT,
	SBX_K_BANKTRANSFER,
	SBX_K_BANKTXN,
	SBX_K_COUNT
};

struct sbx_store;

/* Open or create dir/sandbox.db (dir is created). 0 or LL_ERROR. */
int store_open(struct sbx_store **out, const char *dir, struct ll_err *err);
void store_close(struct sbx_store *st); /* accepts NULL */

/* Transactions: one per request that writes. 0 or LL_ERROR. */
int store_begin(struct sbx_store *st);
int store_commit(struct sbx_store *st);
void store_rollback(struct sbx_store *st);

/* The object of kind with id, a new reference, or NULL. */
json_t *store_get(struct sbx_store *st, enum sbx_kind kind, const char *id);

/* The oldest object of kind whose natural key equals key (case-folded). */
json_t *store_find(struct sbx_store *st, enum sbx_kind kind, const char *key);

/*
 * Insert or replace the object (kind, id) with natural key `key` (may be
 * NULL) and move it to the end of the list order. The JSON is serialised;
 * obj stays the caller's. 0 or LL_ERROR.
 */
int store_put(struct sbx_store *st, enum sbx_kind kind, const char *id,
	      const char *key, const json_t *obj);

/*
 * All objects of kind in list order (a new array). With n > 0 only those
 * whose id (by_key == 0) or natural key (by_key != 0) is one of vals[0..n).
 */
json_t *store_list(struct sbx_store *st, enum sbx_kind kind, int by_key,
		   const char *const *vals, size_t n);

/* Number of objects of kind. */
long store_count(struct sbx_store *st, enum sbx_kind kind);

/* Small settings: NULL-terminated copy into out, 0 or LL_ENOTFOUND. */
int store_meta_get(struct sbx_store *st, const char *k, char *out, size_t outlen);
int store_meta_set(struct sbx_store *st, const char *k, const char *v);

/* Bearer and refresh tokens with their wall-clock expiry. */
int store_token_put(struct sbx_store *st, const char *token, const char *kind,
		    int64_t expires_ms);
/* 0 with *expires_ms set, or LL_ENOTFOUND. */
int store_token_get(struct sbx_store *st, const char *token, const char *kind,
		    int64_t *expires_ms);
int store_token_del(struct sbx_store *st, const char *token);
/* Make every token of kind ("access"/"refresh") expired. 0 or LL_ERROR. */
int store_token_expire_all(struct sbx_store *st, const char *kind);

#endif
