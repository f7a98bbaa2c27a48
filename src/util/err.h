/*
 * err.h - the one error model of ledgerlift.
 *
 * A fallible function returns an int: 0 on success, one of the negative
 * LL_E* codes below for an expected failure, or LL_ERROR otherwise. The
 * failure site fills a caller-supplied struct ll_err exactly once (code,
 * source file, line, one-line message); callers pass it up unchanged.
 */
#ifndef LL_ERR_H
#define LL_ERR_H

#include <stddef.h>

enum {
	LL_OK = 0,
	LL_ERROR = -1,       /* anything else: I/O, out of memory, bug */
	LL_EPARSE = -2,      /* input could not be parsed */
	LL_ENOTFOUND = -3,   /* a thing looked up does not exist */
	LL_ERATELIMIT = -4,  /* a rate limit was hit */
	LL_ETRANSIENT = -5,  /* worth retrying later */
	LL_EREJECTED = -6,   /* the other side refused it */
	LL_ECONFLICT = -7,   /* two different contents under one key */
	LL_EUSAGE = -8       /* the user asked for something impossible */
};

struct ll_err {
	int code;
	char file[512]; /* input file the error is about, "" if none */
	long line;      /* 1-based line in that file, 0 if none */
	char msg[512];
};

#define LL_ERR_INIT { 0, "", 0, "" }

/* Fill err (may be NULL) and return code. Formats with vsnprintf. */
int ll_err_set(struct ll_err *err, int code, const char *file, long line,
	       const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void ll_err_clear(struct ll_err *err);

/* Write "file:line: msg" (or just msg) into out, always NUL-terminated. */
void ll_err_format(const struct ll_err *err, char *out, size_t outlen);

#endif
