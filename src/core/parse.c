/*
 * parse.c - what every parser shares at run time (parse.h): reporting a row
 * or file problem to the sink as one formatted line.
 */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>

int parse_reject(const struct parse_sink *sink, const char *path, long line,
		 const char *severity, const char *code, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sink->reject)
		return sink->reject(sink->ctx, path, line, severity, code, msg);
	return 0;
}
