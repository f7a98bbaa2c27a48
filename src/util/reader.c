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
#define U16BUF (64 * 1024)

enum { ENC_UNKNOWN = 0, ENC_BYTES, ENC_UTF16LE, ENC_UTF16BE };

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
	/* the encoding layer */
	int enc;                /* ENC_*, decided by the first two bytes */
	unsigned char head[2];  /* those bytes, handed on first (ENC_BYTES) */
	size_t nhead, headpos;
	unsigned char *u16;     /* UTF-16 bytes read ahead (U16BUF) */
	size_t u16pos, u16len;
	int raw_eof;
	unsigned char pend[4];  /* UTF-8 bytes of a character that did not fit */
	size_t npend, pendpos;
	uint64_t raw_off;       /* UTF-16 bytes decoded so far (for messages) */
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

/* the byte source: memory, gzip or a plain file */
static ssize_t raw_read(struct reader *r, void *buf, size_t n, struct ll_err *err)
{
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

/* The first two bytes decide the encoding; 0 or a read error. */
static int detect_encoding(struct reader *r, struct ll_err *err)
{
	while (r->nhead < 2) {
		ssize_t k = raw_read(r, r->head + r->nhead, 2 - r->nhead, err);

		if (k < 0)
			return (int)k;
		if (k == 0)
			break;
		r->nhead += (size_t)k;
	}
	r->enc = ENC_BYTES;
	if (r->nhead == 2 && ((r->head[0] == 0xFF && r->head[1] == 0xFE) ||
			      (r->head[0] == 0xFE && r->head[1] == 0xFF))) {
		r->enc = r->head[0] == 0xFF ? ENC_UTF16LE : ENC_UTF16BE;
		r->u16 = malloc(U16BUF);
		if (!r->u16)
			return ll_err_set(err, LL_ERROR, r->name, 0, "out of memory");
		r->nhead = 0;
		r->raw_off = 2;
		/* the mark itself, as UTF-8, so the line reader strips it */
		memcpy(r->pend, "\xEF\xBB\xBF", 3);
		r->npend = 3;
	}
	return 0;
}

static size_t utf8_encode(unsigned char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Keep at least 4 UTF-16 bytes ahead unless the stream has ended. */
static int u16_fill(struct reader *r, struct ll_err *err)
{
	size_t avail = r->u16len - r->u16pos;

	if (avail >= 4 || r->raw_eof)
		return 0;
	memmove(r->u16, r->u16 + r->u16pos, avail);
	r->u16pos = 0;
	r->u16len = avail;
	while (r->u16len < 4 && !r->raw_eof) {
		ssize_t k = raw_read(r, r->u16 + r->u16len, U16BUF - r->u16len, err);

		if (k < 0)
			return (int)k;
		if (k == 0)
			r->raw_eof = 1;
		r->u16len += (size_t)k;
	}
	return 0;
}

static ssize_t read_utf16(struct reader *r, unsigned char *o, size_t n, struct ll_err *err)
{
	size_t out = 0;
	int le = r->enc == ENC_UTF16LE;

	while (out < n) {
		const unsigned char *p;
		size_t avail, k, used;
		unsigned char u8[4];
		uint32_t cp, lo;
		int rc;

		if (r->pendpos < r->npend) {
			o[out++] = r->pend[r->pendpos++];
			continue;
		}
		r->npend = r->pendpos = 0;
		if ((rc = u16_fill(r, err)) < 0)
			return out ? (ssize_t)out : rc;
		p = r->u16 + r->u16pos;
		avail = r->u16len - r->u16pos;
		if (avail == 0)
			break; /* a clean end */
		if (avail == 1) {
			if (out)
				break; /* the error comes with the next call */
			return ll_err_set(err, LL_EPARSE, r->name, 0,
					  "the UTF-16 file ends in the middle of a character (an "
					  "odd number of bytes: %llu); it was cut short or is not "
					  "UTF-16", (unsigned long long)(r->raw_off + 1));
		}
		cp = le ? (uint32_t)(p[0] | p[1] << 8) : (uint32_t)(p[0] << 8 | p[1]);
		used = 2;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (avail < 4) {
				if (out)
					break;
				return ll_err_set(err, LL_EPARSE, r->name, 0,
						  "the UTF-16 file ends in the middle of a character "
						  "(half a surrogate pair at byte %llu); it was cut "
						  "short", (unsigned long long)r->raw_off);
			}
			lo = le ? (uint32_t)(p[2] | p[3] << 8) : (uint32_t)(p[2] << 8 | p[3]);
			if (lo < 0xDC00 || lo > 0xDFFF) {
				if (out)
					break;
				return ll_err_set(err, LL_EPARSE, r->name, 0,
						  "invalid UTF-16 at byte %llu: a high surrogate "
						  "without its low half",
						  (unsigned long long)r->raw_off);
			}
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			used = 4;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			if (out)
				break;
			return ll_err_set(err, LL_EPARSE, r->name, 0,
					  "invalid UTF-16 at byte %llu: a low surrogate without "
					  "its high half", (unsigned long long)r->raw_off);
		}
		r->u16pos += used;
		r->raw_off += used;
		k = utf8_encode(u8, cp);
		memcpy(r->pend, u8, k);
		r->npend = k;
		r->pendpos = 0;
	}
	return (ssize_t)out;
}

ssize_t reader_read(struct reader *r, void *buf, size_t n, struct ll_err *err)
{
	int rc;

	if (n == 0)
		return 0;
	if (r->enc == ENC_UNKNOWN && (rc = detect_encoding(r, err)) < 0)
		return rc;
	if (r->enc != ENC_BYTES)
		return read_utf16(r, buf, n, err);
	if (r->headpos < r->nhead) {
		size_t k = r->nhead - r->headpos;
		ssize_t more = 0;

		if (k > n)
			k = n;
		memcpy(buf, r->head + r->headpos, k);
		r->headpos += k;
		if (k < n && (more = raw_read(r, (char *)buf + k, n - k, err)) < 0)
			return more;
		return (ssize_t)k + more;
	}
	return raw_read(r, buf, n, err);
}

int reader_is_utf16(const struct reader *r)
{
	return r->enc == ENC_UTF16LE || r->enc == ENC_UTF16BE;
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
	free(r->u16);
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
			/* bytes read before the terminator was known were not
			 * searched for it */
			scan_from = l->start;
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

int lines_peek(struct lines *l, const char **p, size_t *n, size_t want,
	       struct ll_err *err)
{
	while (!l->eof && l->end - l->start < want && l->end < l->cap) {
		ssize_t k = lines_fill(l, err);

		if (k < 0 && l->end == l->start)
			return (int)k;
		if (k < 0)
			break; /* what was read is looked at; the error comes again */
		if (k == 0)
			l->eof = 1;
	}
	*p = l->buf + l->start;
	*n = l->end - l->start;
	return 0;
}

void lines_free(struct lines *l)
{
	free(l->buf);
	l->buf = NULL;
}
