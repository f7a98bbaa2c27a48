/*
 * log.c - leveled messages to standard error (log.h), and the status line
 * they make way for.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static enum log_level level = LOG_NORMAL;
static int status_drawn;   /* a status line is on the terminal */

void log_status_clear(void)
{
	if (status_drawn) {
		fputs("\r\033[K", stderr);
		status_drawn = 0;
	}
}

void log_status(const char *fmt, ...)
{
	va_list ap;

	fputs("\r", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	fflush(stderr);
	status_drawn = 1;
}

void log_status_end(void)
{
	if (status_drawn) {
		fputc('\n', stderr);
		status_drawn = 0;
	}
}

void log_set_level(enum log_level l)
{
	level = l;
}

enum log_level log_get_level(void)
{
	return level;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (level < LOG_NORMAL)
		return;
	log_status_clear();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (level < LOG_VERBOSE)
		return;
	log_status_clear();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	log_status_clear();
	fputs("ledgerlift: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
