/*
 * log.h - messages for people, on standard error. Standard output is kept
 * for machine-readable output (plan --json). Never pass secrets here.
 * Each message is one line: control characters in it (a file name or a
 * cell it quotes) are escaped, text_escape_term.
 */
#ifndef LL_LOG_H
#define LL_LOG_H

enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };

void log_set_level(enum log_level l);
enum log_level log_get_level(void);
/* Printed at LOG_NORMAL and above. */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed at LOG_VERBOSE. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Always printed, prefixed "ledgerlift: ". */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A status line (progress) drawn in place on standard error, for a
 * terminal: "\r<text>", the rest of the line erased. The messages above
 * erase it before they print (the next status draws it again); so does
 * log_status_clear, for output on standard output. log_status_end leaves
 * the last one standing and ends its line. Callers draw it only on a
 * terminal. */
void log_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_status_clear(void);
void log_status_end(void);

#endif
