/*
 * buf.h - a growable byte buffer with a size cap (curl's dynbuf).
 *
 * Every buffer has a hard maximum so hostile input cannot grow memory
 * without bound: an append past it fails with LL_EPARSE and leaves the
 * buffer unchanged. The content is always NUL-terminated.
 */
#ifndef LL_BUF_H
#define LL_BUF_H

#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;   /* allocated */
	size_t max;   /* hard limit on len */
};

#define BUF_INIT(maxlen) { NULL, 0, 0, (maxlen) }

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
/* Append len bytes of s and a NUL that stays in the buffer, for a buffer
 * of several strings named by offset: the offset of the copy, or
 * (size_t)-1 past the cap or out of memory. */
size_t buf_add_str0(struct buf *b, const void *s, size_t len);
/* Room for n more bytes: afterwards b->ptr[b->len .. b->len + n] may be
 * written (n bytes and a NUL) by a caller that then adds n to b->len.
 * 0, or LL_EPARSE past the cap / LL_ERROR out of memory (b unchanged). */
int buf_reserve(struct buf *b, size_t n);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The content, or "" for an empty buffer. Borrowed. */
const char *buf_cstr(const struct buf *b);
/* Give the caller the malloc'd string; the buffer is left empty. */
char *buf_detach(struct buf *b);

#endif
