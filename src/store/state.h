/*
 * state.h - the SQLite state file every stage reads and writes through.
 *
 * Schema and invariants: docs/state.md. The file is opened in WAL mode
 * with synchronous=FULL; each state change is one transaction
 * (state_begin/state_commit). A file that is not a ledgerlift state file,
 * is corrupt, or has another schema version is refused with a clear error.
 */
#ifndef LL_STATE_H
#define LL_STATE_H

#include <sqlite3.h>
#include <stdint.h>

#include "util/err.h"

#define STATE_SCHEMA_VERSION 1

#define STATE_STMT_CACHE 48

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
};

/* Open or create the state file at path. Caller frees with state_close. */
int state_open(struct state **out, const char *path, struct ll_err *err);
void state_close(struct state *st);

int state_begin(struct state *st, struct ll_err *err);
int state_commit(struct state *st, struct ll_err *err);
void state_rollback(struct state *st);

/* Run one SQL statement (no results). 0 or LL_ERROR with err filled. */
int state_exec(struct state *st, const char *sql, struct ll_err *err);

/* Prepare a statement; on failure fills err with SQLite's message. */
int state_prepare(struct state *st, sqlite3_stmt **out, const char *sql,
		  struct ll_err *err);

/*
 * A prepared statement for sql, kept while st is open: for statements run
 * once per deposit, document or row, which would otherwise be parsed again
 * each time. sql must be a string literal (the cache is keyed by its
 * address). The statement comes reset with no bindings (unbound
 * parameters are NULL); the caller steps it and hands it back with
 * state_done, never sqlite3_finalize. Past STATE_STMT_CACHE statements it
 * is prepared each time and state_done finalizes it. 0 or LL_ERROR.
 */
int state_stmt(struct state *st, sqlite3_stmt **out, const char *sql,
	       struct ll_err *err);
/* Hand back a statement of state_stmt (reset, bindings cleared). NULL ok. */
void state_done(struct state *st, sqlite3_stmt *s);

/* Start a run row (status running); sets st->run_id. */
int state_run_start(struct state *st, const char *command, const char *mode,
		    const char *inputs_json, struct ll_err *err);
int state_run_finish(struct state *st, const char *status, int exit_code,
		     struct ll_err *err);

/* Record a reject or warning for the current run. source_id 0 = none. */
int state_add_reject(struct state *st, int64_t source_id, const char *path,
		     long line, const char *severity, const char *code,
		     const char *message, struct ll_err *err);

/* Current UTC time as ISO 8601 text (21 bytes). */
void state_now(char out[32]);

#endif
