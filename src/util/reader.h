/*
 * reader.h - byte sources and a line reader over them (redis's rio).
 *
 * A struct reader yields bytes from a plain file, a gzip file (zlib,
 * streamed; a truncated or corrupt stream is an error, never a silent
 * end) or memory. A stream that starts with a UTF-16 byte-order mark (a
 * spreadsheet's "Unicode Text" save) is transcoded to UTF-8 as it is read
 * (bounded memory), with a UTF-8 BOM in front; one that ends in the middle
 * of a character or holds an unpaired surrogate is an LL_EPARSE error. A struct lines splits those bytes into lines (LF, CRLF
 * or lone CR), caps line length so hostile input cannot grow memory, and
 * hashes every byte it reads so the caller gets the content hash for free.
 */
#ifndef LL_READER_H
#define LL_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "hash.h"

struct reader;

/* Open path; gzip is detected by its magic bytes, not the name. */
int reader_open_file(struct reader **out, const char *path, struct ll_err *err);
/* Read from memory (not copied: data must outlive the reader). */
int reader_open_mem(struct reader **out, const void *data, size_t len,
		    const char *name);
/* Read up to n bytes (UTF-8 when the stream is UTF-16); returns count, 0
 * at a clean end, or LL_EPARSE/LL_ERROR with err filled (truncated gzip,
 * UTF-16 cut in the middle of a character, I/O error). */
ssize_t reader_read(struct reader *r, void *buf, size_t n, struct ll_err *err);
int reader_is_gzip(const struct reader *r);
/* 1 once the first read has found a UTF-16 byte-order mark. */
int reader_is_utf16(const struct reader *r);
const char *reader_name(const struct reader *r);
void reader_free(struct reader *r);

#define LINES_MAX_LEN (1024 * 1024)

struct lines {
	struct reader *r;
	char *buf;         /* read buffer */
	size_t cap, start, end;
	int eof;
	char term;         /* line terminator of this file, 0 until known */
	long lineno;       /* number of the line last returned (1-based) */
	uint64_t bytes;    /* bytes consumed */
	struct hash128 hash;
};

int lines_init(struct lines *l, struct reader *r);
/*
 * Next line without its terminator; *line points into an internal buffer
 * valid until the next call. Returns 1 for a line, 0 at the end,
 * LL_EPARSE for an over-long line or a read error (err filled).
 */
int lines_next(struct lines *l, char **line, size_t *len, struct ll_err *err);
/*
 * The bytes read ahead and not yet returned as lines, reading until there
 * are at least want of them or the stream ends: before the first
 * lines_next, the head of the file (format sniffing). *p is borrowed, valid
 * until the next call. 0, or a read error (err filled) that came before
 * any byte; one after some bytes stops the peek and comes again with the
 * next read.
 */
int lines_peek(struct lines *l, const char **p, size_t *n, size_t want,
	       struct ll_err *err);
void lines_free(struct lines *l);

#endif
