/*
 * calls.c - the calls table (calls.h): written by the Xero client's logger
 * (connect_log_call), counted per day by `status`.
 */
#include "store/calls.h"

#include "store/store_int.h"

void store_call_log(struct state *st, const char *method, const char *path,
		    long status, int attempt, int64_t elapsed_ms, const char *problem)
{
	sqlite3_stmt *s = NULL;
	char now[32];

	state_now(now);
	if (state_stmt(st, &s,
		       "INSERT INTO calls(run_id, at, method, path, status, attempt,"
		       " elapsed_ms, problem) VALUES(?,?,?,?,?,?,?,?)", NULL))
		return;
	sqlite3_bind_int64(s, 1, st->run_id);
	state_bind_text(s, 2, now);
	state_bind_text(s, 3, method);
	state_bind_text(s, 4, path);
	sqlite3_bind_int64(s, 5, status);
	sqlite3_bind_int(s, 6, attempt);
	sqlite3_bind_int64(s, 7, elapsed_ms);
	state_bind_text(s, 8, problem ? problem : "");
	state_step_done(st, s, NULL);
}

int store_call_count_day(struct state *st, const char *day, long long *calls,
			 long long *limited, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	*calls = *limited = 0;
	/* API calls only: the identity server's token calls do not count */
	if (state_prepare(st, &s,
			  "SELECT count(*), coalesce(sum(status=429),0) FROM calls WHERE"
			  " substr(at,1,10)=? AND path NOT IN ('connect/token','connections')",
			  err))
		return LL_ERROR;
	state_bind_text(s, 1, day);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*calls = sqlite3_column_int64(s, 0);
		*limited = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 0 : state_fail(st, err);
}
