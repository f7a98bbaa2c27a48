/*
 * state.c - opening, creating and checking the SQLite state file.
 *
 * The schema (docs/state.md) is created in one transaction on first use
 * and stamped with PRAGMA user_version. Opening checks that the file is a
 * SQLite database with our application_id and version, and runs
 * PRAGMA quick_check so a truncated or damaged file is reported, never
 * silently reset: always for a reader (status), and for a writer unless
 * the file's last writer closed it cleanly and nothing changed it since
 * (clean.c). Also here: the statement cache and the helpers the other
 * files of src/store/ share (store_int.h), among them state_fail, the one
 * way a SQLite failure becomes an error message.
 */
#include "store/store_int.h"
#include "store/clean.h"
#include "store/lock.h"
#include "store/runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define LL_APPLICATION_ID 0x4c4c4654 /* "LLFT" */
#define STR_(x) #x
#define STR(x) STR_(x)

static const char *schema_sql =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, command TEXT NOT NULL,"
	" started_at TEXT NOT NULL, finished_at TEXT, mode TEXT,"
	" status TEXT NOT NULL, exit_code INTEGER, inputs TEXT, note TEXT);"
	"CREATE TABLE sources(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
	" size INTEGER, mtime INTEGER, content_hash TEXT, format TEXT,"
	" status TEXT NOT NULL, reason TEXT, rows INTEGER DEFAULT 0,"
	" settlements INTEGER DEFAULT 0, first_date TEXT, last_date TEXT,"
	" run_id INTEGER);"
	"CREATE INDEX sources_hash ON sources(content_hash);"
	"CREATE TABLE settlements(id INTEGER PRIMARY KEY, platform TEXT NOT NULL,"
	" deposit_id TEXT NOT NULL, source_id INTEGER, start_date TEXT,"
	" end_date TEXT, deposit_date TEXT, currency TEXT,"
	" deposit_minor INTEGER, events_minor INTEGER, event_count INTEGER,"
	" content_hash TEXT, status TEXT NOT NULL, note TEXT,"
	" documents_minor INTEGER, UNIQUE(platform, deposit_id));"
	"CREATE TABLE documents(id INTEGER PRIMARY KEY, settlement_id INTEGER,"
	" natural_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
	" xero_type TEXT NOT NULL, number TEXT NOT NULL, reference TEXT,"
	" contact TEXT, date TEXT, due_date TEXT, currency TEXT,"
	" total_minor INTEGER, signed_minor INTEGER, status TEXT NOT NULL,"
	" content_hash TEXT, body TEXT, order_id TEXT, source_rows TEXT,"
	" batch_id INTEGER, xero_id TEXT, message TEXT, run_id INTEGER,"
	" body_len INTEGER);"
	"CREATE INDEX documents_settlement ON documents(settlement_id);"
	"CREATE INDEX documents_number ON documents(number);"
	"CREATE TABLE lines(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL,"
	" line_no INTEGER NOT NULL, category TEXT, account_code TEXT,"
	" tax_type TEXT, description TEXT, tracking TEXT,"
	" amount_minor INTEGER NOT NULL, event_count INTEGER, source_rows TEXT,"
	" net_minor INTEGER, tax_minor INTEGER);"
	"CREATE INDEX lines_document ON lines(document_id);"
	"CREATE TABLE batches(id INTEGER PRIMARY KEY, run_id INTEGER, seq INTEGER,"
	" endpoint TEXT NOT NULL, method TEXT NOT NULL, doc_count INTEGER,"
	" bytes INTEGER, status TEXT NOT NULL, idempotency_key TEXT);"
	"CREATE TABLE rejects(id INTEGER PRIMARY KEY, source_id INTEGER,"
	" run_id INTEGER, path TEXT, line INTEGER, severity TEXT NOT NULL,"
	" code TEXT NOT NULL, message TEXT NOT NULL);"
	"CREATE INDEX rejects_source ON rejects(source_id);";

/* tables added since version 1 was first written: created when missing */
static const char *additive_sql =
	"CREATE TABLE IF NOT EXISTS calls(id INTEGER PRIMARY KEY, run_id INTEGER,"
	" at TEXT, method TEXT, path TEXT, status INTEGER, attempt INTEGER,"
	" elapsed_ms INTEGER, problem TEXT);"
	"CREATE INDEX IF NOT EXISTS settlements_source ON settlements(source_id);"
	/* the completeness ledger: each file's rows and money by fate and
	 * reason (completeness.c) */
	"CREATE TABLE IF NOT EXISTS completeness(id INTEGER PRIMARY KEY,"
	" source_id INTEGER NOT NULL, currency TEXT, fate TEXT NOT NULL, reason TEXT,"
	" rows INTEGER NOT NULL, amount_minor INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS completeness_source ON completeness(source_id);"
	/* the orders each deposit counts, for the joins across exports
	 * (orders.c) */
	"CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY, platform TEXT NOT NULL,"
	" shop TEXT NOT NULL DEFAULT '', order_id TEXT NOT NULL, order_key TEXT NOT NULL,"
	" role TEXT NOT NULL, format TEXT, gateway TEXT, source_id INTEGER,"
	" settlement_id INTEGER, day TEXT, currency TEXT, amount_minor INTEGER);"
	/* one text index, (order_key, platform), serves the joins' lookups
	 * and the pairs; the two it replaces cost an insert each per row */
	"DROP INDEX IF EXISTS orders_order;"
	"DROP INDEX IF EXISTS orders_key;"
	"CREATE INDEX IF NOT EXISTS orders_key_platform ON orders(order_key, platform);"
	"CREATE INDEX IF NOT EXISTS orders_source ON orders(source_id);"
	"CREATE INDEX IF NOT EXISTS orders_settlement ON orders(settlement_id);"
	"CREATE INDEX IF NOT EXISTS settlements_hash ON settlements(content_hash);"
	"CREATE TABLE IF NOT EXISTS rejects_history(id INTEGER PRIMARY KEY,"
	" run_id INTEGER, resolved_run INTEGER, source_id INTEGER, path TEXT,"
	" line INTEGER, severity TEXT NOT NULL, code TEXT NOT NULL,"
	" message TEXT NOT NULL);";

/* columns added to tables since version 1 was first written: each is
 * added when its table lacks it (ALTER TABLE cannot say IF NOT EXISTS) */
static const struct {
	const char *table, *column, *sql;
} added_columns[] = {
	/* 'payout' (a deposit to the bank) or 'day' (a day's sales of a
	 * gateway, a refund of a shop's order): coverage's gaps */
	{ "settlements", "deposit_kind",
	  "ALTER TABLE settlements ADD COLUMN deposit_kind TEXT" },
	/* why a run ended as it did (a dead run found by a later one) */
	{ "runs", "note", "ALTER TABLE runs ADD COLUMN note TEXT" },
	/* what a line books: net and tax (map_tax.c) */
	{ "lines", "net_minor", "ALTER TABLE lines ADD COLUMN net_minor INTEGER" },
	{ "lines", "tax_minor", "ALTER TABLE lines ADD COLUMN tax_minor INTEGER" },
	/* length(body), written with the body: the plan's batch walk reads
	 * it instead of every planned body; filled for the documents there
	 * in the same transaction */
	{ "documents", "body_len",
	  "BEGIN IMMEDIATE; ALTER TABLE documents ADD COLUMN body_len INTEGER;"
	  " UPDATE documents SET body_len=length(body); COMMIT" },
};

/* 1 when table has column, 0 when not, LL_ERROR. */
static int has_column(struct state *st, const char *table, const char *column,
		      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, found = 0;

	if (state_prepare(st, &s, "SELECT count(*) FROM pragma_table_info(?) WHERE name=?",
			  err))
		return LL_ERROR;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		found = sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? found : state_fail(st, err);
}

/* Bring a version-1 file up to what this ledgerlift writes: the tables
 * and columns added since (additive only: an older ledgerlift still reads
 * the file). 0 or LL_ERROR. */
static int migrate(struct state *st, struct ll_err *err)
{
	size_t i;

	if (state_exec(st, additive_sql, err))
		return LL_ERROR;
	for (i = 0; i < sizeof(added_columns) / sizeof(added_columns[0]); i++) {
		int has = has_column(st, added_columns[i].table, added_columns[i].column, err);

		if (has < 0 || (!has && state_exec(st, added_columns[i].sql, err)))
			return LL_ERROR;
	}
	return 0;
}

/* 1 when the file has everything migrate() adds (a reader need not open
 * it as a writer first), 0 when not, LL_ERROR. */
static int migrated(struct state *st, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int step, n = 0;

	if (state_prepare(st, &s, "SELECT count(*) FROM sqlite_master WHERE name IN"
			  " ('calls','settlements_source','rejects_history','completeness',"
			  "'orders','settlements_hash')", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return state_fail(st, err);
	if (n < 6)
		return 0;
	for (i = 0; i < sizeof(added_columns) / sizeof(added_columns[0]); i++) {
		int has = has_column(st, added_columns[i].table, added_columns[i].column, err);

		if (has <= 0)
			return has;
	}
	return 1;
}

/*
 * A test hook for "the disk filled up": with LEDGERLIFT_TEST_FAIL_WRITE_AT=N
 * in the environment, the Nth write to any file of the state (database or
 * WAL) and every one after it fails with SQLITE_FULL. A thin VFS over the
 * default one, registered only when the variable is set.
 */
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_io;
static const sqlite3_io_methods *real_io;
static long fault_at, fault_writes;

struct fault_file {
	sqlite3_file base;   /* must be first */
	sqlite3_file *real;  /* the default VFS's file, right after this struct */
};

static int ff_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	struct fault_file *ff = (struct fault_file *)f;

	if (++fault_writes >= fault_at)
		return SQLITE_FULL;
	return ff->real->pMethods->xWrite(ff->real, p, n, off);
}

#define FF_FWD(name, sig, args)                                              \
	static int ff_##name sig                                             \
	{                                                                    \
		struct fault_file *ff = (struct fault_file *)f;              \
		return ff->real->pMethods->x##name args;                     \
	}

FF_FWD(Read, (sqlite3_file *f, void *p, int n, sqlite3_int64 o), (ff->real, p, n, o))
FF_FWD(Truncate, (sqlite3_file *f, sqlite3_int64 sz), (ff->real, sz))
FF_FWD(Sync, (sqlite3_file *f, int fl), (ff->real, fl))
FF_FWD(FileSize, (sqlite3_file *f, sqlite3_int64 *sz), (ff->real, sz))
FF_FWD(Lock, (sqlite3_file *f, int l), (ff->real, l))
FF_FWD(Unlock, (sqlite3_file *f, int l), (ff->real, l))
FF_FWD(CheckReservedLock, (sqlite3_file *f, int *o), (ff->real, o))
FF_FWD(FileControl, (sqlite3_file *f, int op, void *a), (ff->real, op, a))
FF_FWD(SectorSize, (sqlite3_file *f), (ff->real))
FF_FWD(DeviceCharacteristics, (sqlite3_file *f), (ff->real))
FF_FWD(ShmMap, (sqlite3_file *f, int i, int sz, int e, void volatile **pp),
       (ff->real, i, sz, e, pp))
FF_FWD(ShmLock, (sqlite3_file *f, int o, int n, int fl), (ff->real, o, n, fl))
FF_FWD(ShmUnmap, (sqlite3_file *f, int d), (ff->real, d))

static void ff_ShmBarrier(sqlite3_file *f)
{
	struct fault_file *ff = (struct fault_file *)f;

	ff->real->pMethods->xShmBarrier(ff->real);
}

static int ff_close(sqlite3_file *f)
{
	struct fault_file *ff = (struct fault_file *)f;

	return ff->real->pMethods->xClose(ff->real);
}

static int ff_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
		   int *out)
{
	struct fault_file *ff = (struct fault_file *)f;
	sqlite3_vfs *real = vfs->pAppData;
	int rc;

	ff->real = (sqlite3_file *)(ff + 1);
	rc = real->xOpen(real, name, ff->real, flags, out);
	if (rc != SQLITE_OK || !ff->real->pMethods) {
		f->pMethods = NULL;
		return rc;
	}
	if (!real_io) {
		real_io = ff->real->pMethods;
		fault_io = *real_io;
		fault_io.xClose = ff_close;
		fault_io.xRead = ff_Read;
		fault_io.xWrite = ff_write;
		fault_io.xTruncate = ff_Truncate;
		fault_io.xSync = ff_Sync;
		fault_io.xFileSize = ff_FileSize;
		fault_io.xLock = ff_Lock;
		fault_io.xUnlock = ff_Unlock;
		fault_io.xCheckReservedLock = ff_CheckReservedLock;
		fault_io.xFileControl = ff_FileControl;
		fault_io.xSectorSize = ff_SectorSize;
		fault_io.xDeviceCharacteristics = ff_DeviceCharacteristics;
		if (real_io->iVersion >= 2) {
			fault_io.xShmMap = ff_ShmMap;
			fault_io.xShmLock = ff_ShmLock;
			fault_io.xShmBarrier = ff_ShmBarrier;
			fault_io.xShmUnmap = ff_ShmUnmap;
		}
		if (fault_io.iVersion > 2)
			fault_io.iVersion = 2; /* no xFetch/xUnfetch: no mmap I/O */
	}
	f->pMethods = &fault_io;
	return SQLITE_OK;
}

static const char *fault_vfs_name(void)
{
	const char *at = getenv("LEDGERLIFT_TEST_FAIL_WRITE_AT");
	sqlite3_vfs *real;
	long v = 0;

	if (!at || !*at)
		return NULL;
	if (fault_vfs.zName)
		return fault_vfs.zName;
	for (; *at >= '0' && *at <= '9'; at++)
		v = v * 10 + (*at - '0');
	real = sqlite3_vfs_find(NULL);
	if (v <= 0 || !real)
		return NULL;
	fault_at = v;
	fault_vfs = *real;
	fault_vfs.zName = "ledgerlift-fault";
	fault_vfs.szOsFile = (int)sizeof(struct fault_file) + real->szOsFile;
	fault_vfs.pAppData = real;
	fault_vfs.xOpen = ff_open;
	if (fault_vfs.iVersion > 3)
		fault_vfs.iVersion = 3;
	sqlite3_vfs_register(&fault_vfs, 0);
	return fault_vfs.zName;
}

int state_fail(struct state *st, struct ll_err *err)
{
	st->failed = 1;
	return ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
			  sqlite3_errmsg(st->db));
}

int state_exec(struct state *st, const char *sql, struct ll_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		st->failed = 1;
		ll_err_set(err, LL_ERROR, st->path, 0, "state file: %s",
			   msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return LL_ERROR;
	}
	return 0;
}

int state_prepare(struct state *st, sqlite3_stmt **out, const char *sql,
		  struct ll_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return state_fail(st, err);
	return 0;
}

int state_stmt(struct state *st, sqlite3_stmt **out, const char *sql,
	       struct ll_err *err)
{
	int i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			*out = st->cache[i].s;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return 0;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1,
			       st->ncache < STATE_STMT_CACHE ? SQLITE_PREPARE_PERSISTENT : 0,
			       out, NULL) != SQLITE_OK)
		return state_fail(st, err);
	if (st->ncache < STATE_STMT_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].s = *out;
		st->ncache++;
	}
	return 0;
}

void state_done(struct state *st, sqlite3_stmt *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].s == s) {
			/* its bindings are cleared by state_stmt before its next
			 * use (clearing them here too cleared every statement
			 * twice) */
			sqlite3_reset(s);
			return;
		}
	}
	sqlite3_finalize(s);
}

int state_query_int64(struct state *st, const char *sql, int64_t *out,
		      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*out = 0;
	if (state_prepare(st, &s, sql, err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}

int state_step_done(struct state *st, sqlite3_stmt *s, struct ll_err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);

	state_done(st, s);
	return rc;
}

int state_step_changed(struct state *st, sqlite3_stmt *s, int *changed,
		       struct ll_err *err)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);

	*changed = rc == 0 && sqlite3_changes(st->db) > 0;
	state_done(st, s);
	return rc;
}

int state_flag(struct state *st, const char *sql, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step, on = 0;

	if (state_stmt(st, &s, sql, err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		on = sqlite3_column_int(s, 0) != 0;
	else
		state_fail(st, err);
	state_done(st, s);
	return step == SQLITE_ROW ? on : LL_ERROR;
}

void state_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

const char *state_col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

void state_col_copy(sqlite3_stmt *s, int i, char *out, size_t outlen)
{
	const char *t = state_col_text(s, i);

	snprintf(out, outlen, "%s", t ? t : "");
}

static int pragma_int(struct state *st, const char *sql, int *out,
		      struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return ll_err_set(err, LL_ERROR, st->path, 0,
				  "not a usable ledgerlift state file: %s",
				  sqlite3_errmsg(st->db));
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		ll_err_set(err, LL_ERROR, st->path, 0,
			   "not a usable ledgerlift state file: %s",
			   sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		return LL_ERROR;
	}
	*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static int check_integrity(struct state *st, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc, ok = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK)
		return ll_err_set(err, LL_ERROR, st->path, 0,
				  "state file is damaged: %s (restore a backup, or "
				  "move it away to start a new migration)",
				  sqlite3_errmsg(st->db));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);

		ok = t && !strcmp((const char *)t, "ok");
	}
	if (!ok)
		ll_err_set(err, LL_ERROR, st->path, 0,
			   "state file is damaged (%s); restore a backup, or move it "
			   "away to start a new migration",
			   rc == SQLITE_ROW && sqlite3_column_text(s, 0)
				   ? (const char *)sqlite3_column_text(s, 0)
				   : sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return ok ? 0 : LL_ERROR;
}

/*
 * Read application_id and user_version and refuse a file that is not a
 * ledgerlift state file of this version, or is damaged (PRAGMA
 * quick_check, skipped when trusted: its clean mark matched). *exists is
 * 0 for a file that holds nothing yet (new, or a creation that failed
 * before its one transaction committed). 0 or LL_ERROR.
 */
static int check_file(struct state *st, int *exists, int *version, int trusted,
		      struct ll_err *err)
{
	int appid = 0;

	*version = 0;
	if (pragma_int(st, "PRAGMA application_id", &appid, err) ||
	    pragma_int(st, "PRAGMA user_version", version, err))
		return LL_ERROR;
	if (*exists && appid == 0 && *version == 0) {
		int tables = -1;

		if (pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables, err))
			return LL_ERROR;
		if (tables == 0)
			*exists = 0;
	}
	if (!*exists)
		return 0;
	if (appid != LL_APPLICATION_ID)
		return ll_err_set(err, LL_ERROR, st->path, 0,
				  "not a ledgerlift state file (it is a SQLite file of "
				  "another program); give another --state path");
	if (*version != STATE_SCHEMA_VERSION)
		return ll_err_set(err, LL_ERROR, st->path, 0,
				  "state file has schema version %d, this ledgerlift "
				  "knows version %d", *version, STATE_SCHEMA_VERSION);
	return trusted ? 0 : check_integrity(st, err);
}

static struct state *state_new(const char *path)
{
	struct state *st = calloc(1, sizeof(*st));

	if (st) {
		snprintf(st->path, sizeof(st->path), "%s", path);
		st->lock_fd = -1;
	}
	return st;
}

int state_open(struct state **out, const char *path, struct ll_err *err)
{
	struct state *st = state_new(path);
	struct stat sb;
	int exists, version = 0, trusted;
	char now[32], sql[256], notes[256];

	if (!st)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	exists = stat(path, &sb) == 0 && sb.st_size > 0;
	/* before the file is opened: a writer that dies leaves no mark */
	trusted = store_clean_take(path, notes, sizeof(notes));
	/* one thread uses a connection: no mutex around every call */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, fault_vfs_name()) != SQLITE_OK) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot open state file: %s",
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	/* every write from now on forgets what it changes (stamp.h), the
	 * migrations' too: what the mark knew is taken first */
	stamp_attach(st);
	if (check_file(st, &exists, &version, trusted, err))
		goto fail;
	if (trusted)
		stamp_from_notes(st, notes);
	/* a new file gets 16 KiB pages (set before WAL, which fixes the
	 * size): a plan appends hundreds of MB, and with 4 KiB pages it wrote
	 * and read them back in 4 times as many calls. A file made with
	 * another size keeps it. The cache holds 512 such pages (SQLite's
	 * default, 2 MiB, held 128: the orders index, whose keys come in no
	 * order, was read back and written again on nearly every insert) */
	if (!exists && state_exec(st, "PRAGMA page_size=" STR(STATE_PAGE_SIZE), err))
		goto fail;
	if (state_exec(st, "PRAGMA cache_size=-" STR(STATE_CACHE_KIB), err))
		goto fail;
	if (state_exec(st, "PRAGMA journal_mode=WAL", err) ||
	    state_exec(st, "PRAGMA synchronous=FULL", err) ||
	    state_exec(st, "PRAGMA foreign_keys=ON", err))
		goto fail;
	if (!exists || version == 0) {
		if (state_exec(st, "BEGIN IMMEDIATE", err))
			goto fail;
		if (state_exec(st, schema_sql, err)) {
			state_rollback(st);
			goto fail;
		}
		state_now(now);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO meta VALUES('created_at','%s'),"
			 "('ledgerlift_version','%s');"
			 "PRAGMA user_version=%d; PRAGMA application_id=%d;",
			 now, LL_VERSION, STATE_SCHEMA_VERSION, LL_APPLICATION_ID);
		if (state_exec(st, sql, err) || state_exec(st, "COMMIT", err)) {
			state_rollback(st);
			goto fail;
		}
	}
	if (migrate(st, err))
		goto fail;
	st->mark_clean = 1;
	*out = st;
	return 0;
fail:
	if (st->db)
		sqlite3_close(st->db);
	free(st);
	return LL_ERROR;
}

int state_open_read(struct state **out, const char *path, struct ll_err *err)
{
	struct state *st = state_new(path);
	struct stat sb;
	int exists, version = 0, tables = 0;

	if (!st)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	exists = stat(path, &sb) == 0 && sb.st_size > 0;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot open state file: %s",
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (check_file(st, &exists, &version, 0, err))
		goto fail;
	if (!exists) {
		ll_err_set(err, LL_ERROR, path, 0, "the state file holds nothing yet (another"
			   " command may be creating it)");
		goto fail;
	}
	tables = migrated(st, err);
	if (tables < 0)
		goto fail;
	if (!tables) {
		/* written by a ledgerlift before those were added: open it
		 * as a writer once, which adds them */
		int rc;

		sqlite3_close(st->db);
		free(st);
		if ((rc = state_open(out, path, err)) == 0)
			(*out)->readonly = 1; /* a reader still: status */
		return rc;
	}
	st->readonly = 1;
	*out = st;
	return 0;
fail:
	if (st->db)
		sqlite3_close(st->db);
	free(st);
	return LL_ERROR;
}

int state_open_held(struct state **out, const char *path, const char *command, int wait,
		    struct ll_err *err)
{
	int fd, rc;

	/* the lock first: a waiting command does not even open the file */
	if ((rc = store_lock_take(path, command, wait, &fd, err)))
		return rc;
	if ((rc = state_open(out, path, err))) {
		store_lock_drop(fd);
		return rc;
	}
	(*out)->lock_fd = fd;
	/* holding the lock, no other command runs: a run row still
	 * `running` is one whose process died */
	if ((rc = store_run_settle_dead(*out, command, err))) {
		state_close(*out);
		*out = NULL;
	}
	return rc;
}

void state_close(struct state *st)
{
	int i, clean;
	char notes[256];

	if (!st)
		return;
	stamp_notes(st, notes, sizeof(notes));
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].s);
	st->ncache = 0;
	store_doc_cache_free(st);
	store_orders_cache_free(st);
	store_settlement_pending_free(st);
	clean = st->mark_clean && !st->failed && sqlite3_get_autocommit(st->db);
	if (sqlite3_close(st->db) == SQLITE_OK && clean)
		store_clean_mark(st->path, notes); /* before the lock is dropped */
	store_lock_drop(st->lock_fd); /* after the file is closed */
	free(st);
}

int state_begin(struct state *st, struct ll_err *err)
{
	return state_exec(st, "BEGIN IMMEDIATE", err);
}

int state_commit(struct state *st, struct ll_err *err)
{
	/* the deferred documents_minor values go in the same transaction */
	if (store_settlement_flush(st, err))
		return LL_ERROR;
	return state_exec(st, "COMMIT", err);
}

void state_rollback(struct state *st)
{
	store_settlement_drop_pending(st);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int state_in_transaction(struct state *st)
{
	return !sqlite3_get_autocommit(st->db);
}

int state_begin_read(struct state *st, int *began, struct ll_err *err)
{
	*began = 0;
	if (!sqlite3_get_autocommit(st->db))
		return store_settlement_flush(st, err); /* read what is written */
	if (state_exec(st, "BEGIN", err))
		return LL_ERROR;
	*began = 1;
	return 0;
}

int64_t state_run_id(const struct state *st)
{
	return st->run_id;
}

const char *state_path(const struct state *st)
{
	return st->path;
}

void state_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
