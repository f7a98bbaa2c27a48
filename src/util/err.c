/*
 * err.c - filling and printing struct ll_err (see err.h).
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ll_err_set(struct ll_err *err, int code, const char *file, long line,
	       const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void ll_err_clear(struct ll_err *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void ll_err_format(const struct ll_err *err, char *out, size_t outlen)
{
	if (err->file[0] && err->line > 0)
		snprintf(out, outlen, "%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(out, outlen, "%s: %s", err->file, err->msg);
	else
		snprintf(out, outlen, "%s", err->msg);
}
