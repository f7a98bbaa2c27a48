/*
 * reader.c - plain, gzip and memory byte sources and the line reader.
 *
 * gzip is read with zlib's inflate directly (not gzread) so that a stream
 * that ends early is told apart from one that ends cleanly: reaching the
 * end of the file before Z_STREAM_END is "truncated gzip", a bad block is
 * "corrupt gzip". Concatenated gzip members are read in sequence.
 */
#include "reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define INBUF (256 * 1024)

struct reader {
	char name[512];
	FILE *fp;
	int gzip;
	z_stream zs;
	int zinit;
	int zend;          /* last member ended cleanly */
	unsigned char *in;
	const unsigned char *mem;
	size_t memlen, mempos;
};

int reader_open_file(struct reader **out, const char *path, struct ll_err *err)
{
	struct reader *r = calloc(1, sizeof(*r));
	unsigned char magic[2];
	size_t n;

	if (!r)
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	snprintf(r->name, sizeof(r->name), "%s", path);
	r->fp = fopen(path, "rb");
	if (!r->fp) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot open: %s", strerror(errno));
		free(r);
		return LL_ERROR;
	}
	n = fread(magic, 1, 2, r->fp);
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		r->gzip = 1;
		r->in = malloc(INBUF);
		if (!r->in || inflateInit2(&r->zs, 15 + 16) != Z_OK) {
			reader_free(r);
			return ll_err_set(err, LL_ERROR, path, 0, "cannot start gzip decoder");
		}
		r->zinit = 1;
	}
	rewind(r->fp);
	*out = r;
	return 0;
}

int reader_open_mem(struct reader **out, const void *data, size_t len,
		    const char *name)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r)
		return LL_ERROR;
	snprintf(r->name, sizeof(r->name), "%s", name ? name : "<memory>");
	r->mem = data;
	r->memlen = len;
	*out = r;
	return 0;
}

static ssize_t read_gzip(struct reader *r, void *buf, size_t n, struct ll_err *err)
{
	int zrc;

	r->zs.next_out = buf;
	r->zs.avail_out = (uInt)n;
	while (r->zs.avail_out == n) {
		if (r->zs.avail_in == 0) {
			size_t got = fread(r->in, 1, INBUF, r->fp);

			if (got == 0) {
				if (ferror(r->fp))
					return ll_err_set(err, LL_ERROR, r->name, 0,
							  "read error: %s", strerror(errno));
				if (!r->zend)
					return ll_err_set(err, LL_EPARSE, r->name, 0,
							  "truncated gzip: the file ends before the compressed stream does");
				return 0;
			}
			r->zs.next_in = r->in;
			r->zs.avail_in = (uInt)got;
		}
		if (r->zend) {
			/* another member follows; skip trailing zero padding */
			while (r->zs.avail_in && *r->zs.next_in == 0) {
				r->zs.next_in++;
				r->zs.avail_in--;
			}
			if (r->zs.avail_in == 0)
				continue;
			inflateReset(&r->zs);
			r->zend = 0;
		}
		zrc = inflate(&r->zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END) {
			r->zend = 1;
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			return ll_err_set(err, LL_EPARSE, r->name, 0, "corrupt gzip: %s",
					  r->zs.msg ? r->zs.msg : "inflate failed");
		}
	}
	return (ssize_t)(n - r->zs.avail_out);
}

ssize_t reader_read(struct reader *r, void *buf, size_t n, struct ll_err *err)
{
	if (n == 0)
		return 0;
	if (r->mem) {
		size_t left = r->memlen - r->mempos;

		if (n > left)
			n = left;
		memcpy(buf, r->mem + r->mempos, n);
		r->mempos += n;
		return (ssize_t)n;
	}
	if (r->gzip)
		return read_gzip(r, buf, n, err);
	{
		size_t got = fread(buf, 1, n, r->fp);

		if (got == 0 && ferror(r->fp))
			return ll_err_set(err, LL_ERROR, r->name, 0, "read error: %s",
					  strerror(errno));
		return (ssize_t)got;
	}
}

int reader_is_gzip(const struct reader *r)
{
	return r->gzip;
}

const char *reader_name(const struct reader *r)
{
	return r->name;
}

void reader_free(struct reader *r)
{
	if (!r)
		return;
	if (r->zinit)
		inflateEnd(&r->zs);
	if (r->fp)
		fclose(r->fp);
	free(r->in);
	free(r);
}

#define LINES_CHUNK (256 * 1024)

int lines_init(struct lines *l, struct reader *r)
{
	memset(l, 0, sizeof(*l));
	l->r = r;
	l->cap = LINES_CHUNK + LINES_MAX_LEN;
	l->buf = malloc(l->cap + 1);
	if (!l->buf)
		return LL_ERROR;
	hash_init(&l->hash);
	return 0;
}

/* Make room and read more; returns bytes read, 0 at end, <0 on error. */
static ssize_t lines_fill(struct lines *l, struct ll_err *err)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->end >= l->cap)
		return 0;
	n = reader_read(l->r, l->buf + l->end, l->cap - l->end, err);
	if (n > 0) {
		hash_update(&l->hash, l->buf + l->end, (size_t)n);
		l->end += (size_t)n;
		l->bytes += (uint64_t)n;
	}
	return n;
}

/*
 * The line terminator is decided once per file from the first one seen: a
 * CR not followed by LF means old-Mac lone-CR lines; anything else means
 * LF lines, with a CR before the LF (CRLF) removed. One memchr per line.
 */
int lines_next(struct lines *l, char **line, size_t *len, struct ll_err *err)
{
	size_t scan_from = l->start;

	for (;;) {
		char *s = l->buf + l->start;
		size_t avail = l->end - l->start;
		char *t;

		if (!l->term) {
			char *nl = memchr(s, '\n', avail);
			char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : avail);

			if (cr && (cr + 1 < l->buf + l->end || l->eof))
				l->term = (cr + 1 < l->buf + l->end && cr[1] == '\n') ? '\n' : '\r';
			else if (nl)
				l->term = '\n';
		}
		t = l->term ? memchr(l->buf + scan_from, l->term, l->end - scan_from) : NULL;
		if (t) {
			size_t n = (size_t)(t - s);

			l->start += n + 1;
			if (l->term == '\n' && n > 0 && s[n - 1] == '\r')
				n--;
			s[n] = '\0';
			*line = s;
			*len = n;
			l->lineno++;
			return 1;
		}
		if (avail > LINES_MAX_LEN) {
			return ll_err_set(err, LL_EPARSE, reader_name(l->r), l->lineno + 1,
					  "line longer than %d bytes", LINES_MAX_LEN);
		}
		if (!l->eof) {
			size_t off = avail;
			ssize_t n = lines_fill(l, err);

			if (n < 0)
				return (int)n;
			if (n == 0)
				l->eof = 1;
			scan_from = l->start + off;
			continue;
		}
		if (avail == 0)
			return 0;
		/* last line without terminator */
		if (l->term == '\n' && s[avail - 1] == '\r')
			avail--;
		s[avail] = '\0';
		*line = s;
		*len = avail;
		l->start = l->end;
		l->lineno++;
		return 1;
	}
}

void lines_free(struct lines *l)
{
	free(l->buf);
	l->buf = NULL;
}
