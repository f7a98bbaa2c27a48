/*
 * log.c - leveled messages to standard error (log.h), one line each, with
 * control characters escaped (text_escape_term), and the status line they
 * make way for (its text is ledgerlift's own figures, never input).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

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

/* One line to stderr: prefix, the message with control characters
 * escaped (a file name or cell quoted in it cannot move the cursor, clear
 * the screen or forge another line: text_escape_term), newline. */
static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char small[1024], *msg = small, *heap = NULL;
	struct buf out = BUF_INIT(1u << 20);
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small) && (heap = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(heap, (size_t)n + 1, fmt, cp);
		msg = heap;
	}
	va_end(cp);
	if (n < 0)
		small[0] = '\0';
	text_escape_term(&out, msg, strlen(msg));
	fputs(prefix, stderr);
	fputs(buf_cstr(&out), stderr);
	fputc('\n', stderr);
	buf_free(&out);
	free(heap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (level < LOG_NORMAL)
		return;
	log_status_clear();
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (level < LOG_VERBOSE)
		return;
	log_status_clear();
	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	log_status_clear();
	va_start(ap, fmt);
	emit("ledgerlift: ", fmt, ap);
	va_end(ap);
}
