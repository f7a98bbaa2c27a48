/*
 * state.h - the SQLite state file every stage reads and writes through.
 *
 * Schema and invariants: docs/state.md. The file is opened in WAL mode
 * with synchronous=FULL; each state change is one transaction
 * (state_begin/state_commit). A file that is not a ledgerlift state file,
 * is corrupt, or has another schema version is refused with a clear error.
 *
 * struct state is opaque: the tables are read and written only through the
 * query functions of src/store/ (one header per table or concern: runs.h,
 * sources.h, settlements.h, documents.h, batches.h, rejects.h, calls.h,
 * meta.h, and read.h for the workbook's and status's read-only views). No
 * SQL and no SQLite call exists outside src/store/.
 */
#ifndef LL_STATE_H
#define LL_STATE_H

#include <stdint.h>

#include "util/err.h"

#define STATE_SCHEMA_VERSION 1
/* the page size of a new state file, and the page cache of a writer
 * (state.c; bench/README.md, "Pages and page cache") */
#define STATE_PAGE_SIZE 16384
#define STATE_CACHE_KIB 8192

struct state;

/* Open or create the state file at path, unlocked (tests, and
 * state_open_held). Caller frees with state_close. */
int state_open(struct state **out, const char *path, struct ll_err *err);

/* Open the existing state file at path to read it (status): a read-only
 * connection that writes nothing and takes no lock, so it reads while a
 * command holds the file. A file that holds nothing yet is an error.
 * Caller frees with state_close. 0 or LL_ERROR. */
int state_open_read(struct state **out, const char *path, struct ll_err *err);

/*
 * Open or create the state file at path for `command` (plan, run, undo),
 * holding it exclusively until state_close or the end of the process: one
 * command at a time changes a state file (store/lock.h: a lock on
 * "<path>.lock" the operating system drops when the process dies). Held
 * by another command: LL_ECONFLICT, err naming it (pid, command, since
 * when); with wait, waits for it first (LL_ETRANSIENT if interrupted).
 * Readers (status) need no lock: state_open. 0 or a negative code.
 */
int state_open_held(struct state **out, const char *path, const char *command, int wait,
		    struct ll_err *err);
/* Close the file (and drop its lock, if held); NULL ok. */
void state_close(struct state *st);

int state_begin(struct state *st, struct ll_err *err);
int state_commit(struct state *st, struct ll_err *err);
/* Roll back the open transaction, if any. */
void state_rollback(struct state *st);
/* 1 while a transaction is open (state_begin, state_begin_read). */
int state_in_transaction(struct state *st);

/*
 * A read transaction, so that several reads see one snapshot (the
 * workbook). Opened only when none is open: *began says whether this call
 * opened it, and the caller ends it with state_rollback when it did.
 * 0 or LL_ERROR.
 */
int state_begin_read(struct state *st, int *began, struct ll_err *err);

/* The current run (store_run_start), 0 before one is started. */
int64_t state_run_id(const struct state *st);
/* The path the file was opened at (borrowed). */
const char *state_path(const struct state *st);

/* Current UTC time as ISO 8601 text (21 bytes). */
void state_now(char out[32]);

#endif
