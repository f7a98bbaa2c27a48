/*
 * store_int.h - what the files of src/store/ share and nothing else sees:
 * the SQLite handle behind struct state, the statement cache, and the one
 * error helper. Only src/store/ includes this header (and sqlite3.h);
 * every other module reads and writes the state file through the query
 * functions declared in the other headers of src/store/.
 */
#ifndef LL_STORE_INT_H
#define LL_STORE_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/stamp.h"
#include "store/state.h"

/* statements kept prepared while the file is open (state_stmt) */
#define STATE_STMT_CACHE 128

struct state {
	sqlite3 *db;
	char path[1024];
	int64_t run_id;
	/* statements of state_stmt, keyed by the address of their SQL */
	struct {
		const char *sql;
		sqlite3_stmt *s;
	} cache[STATE_STMT_CACHE];
	int ncache;
	int lock_fd;         /* the <path>.lock this process holds, -1: none */
	int readonly;        /* opened by state_open_read (status) */
	int mark_clean;      /* a writer: state_close writes the clean mark */
	int failed;          /* a statement failed (state_fail, state_exec) */
	struct state_stamp stamp; /* what is known without reading (stamp.h) */
	struct store_doc_cache *docs; /* queued documents, numbers (documents.c) */
	struct store_orders_cache *orders; /* orders' filter and kinds (orders.c) */
	struct store_settle_pending *settle; /* documents_minor to write, keys (settlements.c) */
};

/* Free st->docs (state_close). */
void store_doc_cache_free(struct state *st);

/* Free st->orders (state_close). */
void store_orders_cache_free(struct state *st);

/*
 * The documents_minor values store_settlement_set_documents deferred in
 * the open transaction, written (in id order, several rows a statement)
 * by store_settlement_flush: state_commit calls it before COMMIT, and the
 * functions that write or read that column call it first. Dropped by
 * store_settlement_drop_pending (state_rollback); freed by
 * store_settlement_pending_free (state_close). Flush: 0 or LL_ERROR.
 */
int store_settlement_flush(struct state *st, struct ll_err *err);
void store_settlement_drop_pending(struct state *st);
void store_settlement_pending_free(struct state *st);

/*
 * The one error helper for a SQLite failure: fills err (may be NULL) with
 * LL_ERROR, the state file's path and SQLite's last message ("state file:
 * <message>"). Returns LL_ERROR.
 */
int state_fail(struct state *st, struct ll_err *err);

/* Run SQL (no results; several statements allowed). 0 or LL_ERROR. */
int state_exec(struct state *st, const char *sql, struct ll_err *err);

/* Prepare a statement the caller finalizes. 0 or LL_ERROR (err filled). */
int state_prepare(struct state *st, sqlite3_stmt **out, const char *sql,
		  struct ll_err *err);

/*
 * A prepared statement for sql, kept while st is open: for statements run
 * once per deposit, document or row, which would otherwise be parsed again
 * each time. sql must be a string literal (the cache is keyed by its
 * address). The statement comes reset with no bindings (unbound
 * parameters are NULL); the caller steps it and hands it back with
 * state_done, never sqlite3_finalize. Past STATE_STMT_CACHE statements it
 * is prepared each time and state_done finalizes it. A cached statement
 * is not re-entrant: a function holding one must not call itself (or
 * another user of the same SQL) before state_done. 0 or LL_ERROR.
 */
int state_stmt(struct state *st, sqlite3_stmt **out, const char *sql,
	       struct ll_err *err);
/* Hand back a statement of state_stmt (reset; its bindings stay until
 * state_stmt clears them at its next use). NULL ok. */
void state_done(struct state *st, sqlite3_stmt *s);

/* The one integer the query sql (no parameters, one row) gives, into *out
 * (0 on failure); prepared and finalized here. 0 or LL_ERROR with err
 * filled. */
int state_query_int64(struct state *st, const char *sql, int64_t *out,
		      struct ll_err *err);

/* Step s once expecting no row, hand it back (state_done) and return 0,
 * or LL_ERROR with err filled. */
int state_step_done(struct state *st, sqlite3_stmt *s, struct ll_err *err);

/* Runs s (a write) once, as state_step_done, setting *changed to whether it
 * changed a row. Returns 0 or LL_ERROR with err set (*changed 0). */
int state_step_changed(struct state *st, sqlite3_stmt *s, int *changed,
		       struct ll_err *err);

/* Runs sql (a cached statement with no parameters, one row, one column:
 * "SELECT EXISTS (...)") and says whether its value is non-zero: 1, 0, or
 * LL_ERROR with err set. */
int state_flag(struct state *st, const char *sql, struct ll_err *err);

/* Bind text, or NULL when v is NULL. */
void state_bind_text(sqlite3_stmt *s, int i, const char *v);

/* Column i as text, or NULL (borrowed until the next step). */
const char *state_col_text(sqlite3_stmt *s, int i);

/* Copy column i's text into out (outlen bytes, "" when NULL). */
void state_col_copy(sqlite3_stmt *s, int i, char *out, size_t outlen);

/* The batches whose documents may be in Xero: sent with no settled
 * answer, or planned again whole after a lookup found none of them, to be
 * sent as the same request (store_post_requeue). */
#define SENT_BEFORE                                                          \
	" (SELECT id FROM batches WHERE status IN ('sent','unknown') OR"     \
	" (status='planned' AND idempotency_key IS NOT NULL))"

#endif
