/*
 * meta.c - the meta table (meta.h). The schema's own stamps (created_at,
 * ledgerlift_version) are written by state_open; planning keeps the key of
 * its mappings, mode and time zone here (plan_key).
 */
#include "store/meta.h"

#include <stdio.h>

#include "store/store_int.h"

int store_meta_read(struct state *st, const char *key, char *out, size_t outlen,
		   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	out[0] = '\0';
	if (state_prepare(st, &s, "SELECT value FROM meta WHERE key=?", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, outlen, "%s", state_col_text(s, 0));
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : state_fail(st, err);
}

int store_meta_write(struct state *st, const char *key, const char *value,
		   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (state_prepare(st, &s, "INSERT OR REPLACE INTO meta VALUES(?,?)", err))
		return LL_ERROR;
	state_bind_text(s, 1, key);
	state_bind_text(s, 2, value);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
