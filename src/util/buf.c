/*
 * buf.c - bounded growable buffer (see buf.h).
 */
#include "buf.h"
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void buf_free(struct buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

static int buf_grow(struct buf *b, size_t need)
{
	size_t ncap;
	char *p;

	if (need > b->max)
		return LL_EPARSE;
	if (need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need + 1)
		ncap *= 2;
	p = realloc(b->ptr, ncap);
	if (!p)
		return LL_ERROR;
	b->ptr = p;
	b->cap = ncap;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	int rc;

	/* room already there (the usual case): no growing to decide */
	if (len < b->cap - b->len && len <= b->max - b->len) {
		memcpy(b->ptr + b->len, data, len);
		b->len += len;
		b->ptr[b->len] = '\0';
		return 0;
	}
	rc = buf_grow(b, b->len + len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_reserve(struct buf *b, size_t n)
{
	if (n < b->cap - b->len && n <= b->max - b->len)
		return 0;
	if (n > b->max - b->len)
		return LL_EPARSE;
	return buf_grow(b, b->len + n);
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &c, 1);
}

size_t buf_add_str0(struct buf *b, const void *s, size_t len)
{
	size_t at = b->len;

	if (buf_add(b, s, len) || buf_addc(b, '\0'))
		return (size_t)-1;
	return at;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return LL_ERROR;
	rc = buf_grow(b, b->len + (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *buf_cstr(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}
