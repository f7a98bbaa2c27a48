/*
 * tap.h - the tiny assertion layer of the unit tests. CHECK records a
 * failure with file:line and goes on; tap_done() prints
 * "N passed, N failed" and returns the exit code.
 */
#ifndef LL_TAP_H
#define LL_TAP_H

#include <stdint.h>
#include <string.h>

extern int tap_pass, tap_fail;

void tap_check(int ok, const char *expr, const char *file, int line);
void tap_check_str(const char *got, const char *want, const char *expr,
		   const char *file, int line);
void tap_check_int(long long got, long long want, const char *expr,
		   const char *file, int line);
int tap_done(void);
/* Path of a file under the source tree (LL_SOURCE_DIR), static buffer. */
const char *tap_src(const char *rel);
/* Remove the folder dir and everything in it (a test's temporary folder);
 * a TAP comment when that fails. */
void tap_rmdir(const char *dir);
/* Write text to dir/name, or stop the test (exit 1) naming the path. */
void tap_write(const char *dir, const char *name, const char *text);

struct parse_sink;
struct parse_stats;
struct ll_err;
/* Read path as ingest finds it with its format's parser into sink, stats
 * zeroed first: the parser's return code (-99: no parser for the kind
 * found), or ingest_open's when the file cannot be opened (then *opened,
 * when given, is 0). kind (kindlen bytes, may be NULL) gets the kind
 * ingest found; err says why on a failure. */
int tap_parse_path(const char *path, const struct parse_sink *sink, struct parse_stats *stats,
		   char *kind, size_t kindlen, int *opened, struct ll_err *err);

#define CHECK(e) tap_check(!!(e), #e, __FILE__, __LINE__)
#define CHECK_STR(g, w) tap_check_str((g), (w), #g, __FILE__, __LINE__)
#define CHECK_INT(g, w) tap_check_int((long long)(g), (long long)(w), #g, __FILE__, __LINE__)

#endif
