/*
 * spill.c - open deposits' events moved out to a temporary file and back
 * (spill.h).
 *
 * A chunk is one deposit's events and strings at the moment it was
 * spilled: a header (the previous chunk's offset + 1, the pool's bytes,
 * its string count, the event count), the pool's strings as they lie in
 * it (NUL-terminated, in id order), then the events as they are in
 * memory. The file is private to this process and read back by the same
 * binary, so the events' layout needs no encoding. Unspilling reads the
 * chain backwards to find the chunks, then reads them forwards. Small
 * writes gather in a write buffer and small reads are served from a read
 * window (the file only grows, so a window read stays true): a file of
 * 200k parked refunds costs a few thousand system calls, not a million.
 */
#include "spill.h"

#include "util/err.h"
#include "util/tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

struct chunk_head {
	int64_t prev;      /* offset + 1 of the deposit's chunk before; 0 = first */
	uint64_t strbytes; /* the pool's bytes */
	uint32_t nstr;     /* its strings */
	uint32_t nev;      /* events */
};

void spill_init(struct dep_spill *s)
{
	const char *env = getenv("LEDGERLIFT_SPILL_BUDGET");

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->budget = SPILL_BUDGET_DEFAULT;
	if (env && *env) {
		char *end;
		unsigned long long v = strtoull(env, &end, 10);

		if (*end == '\0')
			s->budget = (size_t)v;
	}
}

void spill_free(struct dep_spill *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->end = 0;
	free(s->wbuf);
	free(s->rbuf);
	s->wbuf = s->rbuf = NULL;
	s->wlen = s->rlen = 0;
}

static int open_file(struct dep_spill *s)
{
	int fd = tmpfile_make("ledgerlift-spill");

	if (fd < 0) {
		snprintf(s->err, sizeof(s->err),
			 "cannot make a temporary file for open deposits in $TMPDIR, /var/tmp or /tmp: %s",
			 strerror(errno));
		return LL_ERROR;
	}
	s->fd = fd;
	/* the buffers are an optimisation: without them, direct I/O */
	s->wbuf = malloc(SPILL_IOBUF);
	s->rbuf = malloc(SPILL_IOBUF);
	return 0;
}

/* Write the n pieces of v at off of the file itself. 0 or LL_ERROR. */
static int put_file(struct dep_spill *s, struct iovec *v, int n, int64_t off)
{
	int rc = tmpfile_write(s->fd, v, n, off);

	if (rc)
		snprintf(s->err, sizeof(s->err), "cannot write open deposits to a temporary file: %s",
			 rc < 0 ? strerror(errno) : "no space");
	return rc ? LL_ERROR : 0;
}

/* The write buffer's bytes, [end - wlen, end), to the file. */
static int flush(struct dep_spill *s)
{
	struct iovec v;

	if (!s->wlen)
		return 0;
	v.iov_base = s->wbuf;
	v.iov_len = s->wlen;
	if (put_file(s, &v, 1, s->end - (int64_t)s->wlen))
		return LL_ERROR;
	s->wlen = 0;
	return 0;
}

/*
 * Write the n pieces of v at the file's end, moving it on. Small writes
 * (a parked deposit's chunk and header, a day's chunk) gather in the
 * write buffer first: one system call per SPILL_IOBUF bytes, not per
 * piece. On failure the end has not moved.
 */
static int put(struct dep_spill *s, struct iovec *v, int n)
{
	size_t total = 0;
	int i;

	for (i = 0; i < n; i++)
		total += v[i].iov_len;
	if (s->wbuf && total <= SPILL_IOBUF) {
		if (s->wlen + total > SPILL_IOBUF && flush(s))
			return LL_ERROR;
		for (i = 0; i < n; i++) {
			memcpy(s->wbuf + s->wlen, v[i].iov_base, v[i].iov_len);
			s->wlen += v[i].iov_len;
		}
		s->end += (int64_t)total;
		return 0;
	}
	if (flush(s) || put_file(s, v, n, s->end))
		return LL_ERROR;
	s->end += (int64_t)total;
	return 0;
}

static int get_file(struct dep_spill *s, void *p, size_t len, int64_t off)
{
	int rc = tmpfile_read(s->fd, p, len, off);

	if (rc)
		snprintf(s->err, sizeof(s->err),
			 "cannot read open deposits back from their temporary file: %s",
			 rc < 0 ? strerror(errno) : "file shorter than written");
	return rc ? LL_ERROR : 0;
}

/*
 * len bytes at off into p: from the write buffer, else from the read
 * window (the SPILL_IOBUF bytes read last: the file only grows, so what
 * it holds stays true), else a small read fills the window from off on
 * (deposits are read back mostly in the order they were written).
 */
static int get(struct dep_spill *s, void *p, size_t len, int64_t off)
{
	int64_t flushed = s->end - (int64_t)s->wlen;
	size_t want;

	if (off + (int64_t)len > flushed) {
		if (off >= flushed && off + (int64_t)len <= s->end) {
			memcpy(p, s->wbuf + (off - flushed), len);
			return 0;
		}
		if (flush(s))
			return LL_ERROR;
		flushed = s->end;
	}
	if (s->rbuf && s->rlen && off >= s->rstart &&
	    off + (int64_t)len <= s->rstart + (int64_t)s->rlen) {
		memcpy(p, s->rbuf + (off - s->rstart), len);
		return 0;
	}
	if (!s->rbuf || len > SPILL_IOBUF / 4 || off + (int64_t)len > flushed)
		return get_file(s, p, len, off);
	want = SPILL_IOBUF;
	if ((int64_t)want > flushed - off)
		want = (size_t)(flushed - off);
	s->rlen = 0;
	if (get_file(s, s->rbuf, want, off))
		return LL_ERROR;
	s->rstart = off;
	s->rlen = want;
	memcpy(p, s->rbuf, len);
	return 0;
}

int spill_put(struct dep_spill *s, const void *p, size_t len, int64_t *off)
{
	struct iovec v;

	if (s->fd < 0 && open_file(s))
		return LL_ERROR;
	v.iov_base = (void *)p;
	v.iov_len = len;
	*off = s->end;
	return put(s, &v, 1);
}

int spill_get(struct dep_spill *s, void *p, size_t len, int64_t off)
{
	return get(s, p, len, off);
}

size_t deposit_held(const struct deposit *d)
{
	const struct strpool *p = &d->pool;

	return d->evcap * sizeof(struct event) + p->cap +
	       (size_t)p->ncap * 2 * sizeof(uint32_t) + (size_t)p->nslots * sizeof(uint32_t);
}

int deposit_spill(struct deposit *d, struct dep_spill *s)
{
	struct chunk_head h;
	struct strpool fresh;
	struct iovec v[3];
	int64_t start = s->end;

	if (d->nev == 0)
		return 0; /* strings without events: nothing refers to them */
	if (s->fd < 0 && open_file(s))
		return LL_ERROR;
	if (strpool_init(&fresh, d->pool.max_bytes)) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return LL_ERROR;
	}
	memset(&h, 0, sizeof(h));
	h.prev = d->spill_last;
	h.strbytes = d->pool.len;
	h.nstr = d->pool.n;
	h.nev = (uint32_t)d->nev;
	v[0].iov_base = &h;
	v[0].iov_len = sizeof(h);
	v[1].iov_base = d->pool.data;
	v[1].iov_len = d->pool.len;
	v[2].iov_base = d->ev;
	v[2].iov_len = d->nev * sizeof(*d->ev);
	if (put(s, v, 3)) {
		s->end = start;
		strpool_free(&fresh);
		return LL_ERROR;
	}
	strpool_free(&d->pool);
	d->pool = fresh;
	free(d->ev);
	d->ev = NULL;
	d->nev = d->evcap = 0;
	d->spill = s;
	d->spill_last = start + 1;
	d->nspill++;
	s->chunks++;
	return 0;
}

/* Intern the nstr NUL-terminated strings of data[0..len) into p, their new
 * ids in map. 0 or LL_ERROR. */
static int intern_all(struct strpool *p, const char *data, size_t len, uint32_t nstr,
		      uint32_t *map)
{
	size_t off = 0;
	uint32_t i;

	for (i = 0; i < nstr; i++) {
		const char *e = off < len ? memchr(data + off, '\0', len - off) : NULL;

		if (!e || strpool_intern(p, data + off, (size_t)(e - (data + off)), &map[i]))
			return LL_ERROR;
		off = (size_t)(e - data) + 1;
	}
	return 0;
}

/* Rename e's strings through map (of n ids). 0, or LL_ERROR for an id
 * beyond it. */
static int remap(struct event *e, const uint32_t *map, uint32_t n)
{
	uint32_t *f[] = { &e->ttype, &e->atype, &e->adesc, &e->order_id,
			  &e->adjustment_id, &e->sku, &e->marketplace, &e->party,
			  &e->tax_name };
	size_t k;

	for (k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
		if (*f[k] >= n)
			return LL_ERROR;
		*f[k] = map[*f[k]];
	}
	return 0;
}

/* Append one chunk's (or the held pool's) events to ev, renamed into p. */
static int take(struct strpool *p, struct event *ev, const char *data, size_t len,
		uint32_t nstr, uint32_t nev)
{
	uint32_t *map = malloc((nstr ? nstr : 1) * sizeof(*map));
	uint32_t i;
	int rc = 0;

	if (!map)
		return LL_ERROR;
	if (intern_all(p, data, len, nstr, map))
		rc = LL_ERROR;
	for (i = 0; rc == 0 && i < nev; i++)
		rc = remap(&ev[i], map, nstr);
	free(map);
	return rc;
}

int deposit_unspill(struct deposit *d)
{
	struct dep_spill *s = d->spill;
	struct strpool p;
	struct event *ev = NULL;
	int64_t *offs = NULL, off;
	size_t total, at = 0;
	char *data = NULL;
	uint32_t i;
	int rc = LL_ERROR;

	if (!d->nspill)
		return 0;
	if (strpool_init(&p, d->pool.max_bytes))
		return LL_ERROR;
	offs = malloc(d->nspill * sizeof(*offs));
	if (!offs)
		goto out;
	total = d->nev;
	for (i = d->nspill, off = d->spill_last; i > 0; i--) {
		struct chunk_head h;

		if (off <= 0 || get(s, &h, sizeof(h), off - 1))
			goto out;
		offs[i - 1] = off - 1;
		total += h.nev;
		off = h.prev;
	}
	ev = malloc((total ? total : 1) * sizeof(*ev));
	if (!ev)
		goto out;
	for (i = 0; i < d->nspill; i++) {
		struct chunk_head h;
		int64_t o = offs[i];

		if (get(s, &h, sizeof(h), o))
			goto out;
		o += (int64_t)sizeof(h);
		data = malloc(h.strbytes ? h.strbytes : 1);
		if (!data || get(s, data, h.strbytes, o) ||
		    get(s, ev + at, h.nev * sizeof(*ev), o + (int64_t)h.strbytes) ||
		    take(&p, ev + at, data, h.strbytes, h.nstr, h.nev))
			goto out;
		free(data);
		data = NULL;
		at += h.nev;
	}
	if (d->nev)
		memcpy(ev + at, d->ev, d->nev * sizeof(*ev));
	if (take(&p, ev + at, d->pool.data, d->pool.len, d->pool.n, (uint32_t)d->nev))
		goto out;
	strpool_free(&d->pool);
	d->pool = p;
	free(d->ev);
	d->ev = ev;
	d->nev = d->evcap = total;
	ev = NULL;
	d->nspill = 0;
	d->spill_last = 0;
	rc = 0;
out:
	if (rc) {
		strpool_free(&p);
		if (s && !s->err[0])
			snprintf(s->err, sizeof(s->err), "open deposits' temporary file unreadable");
	}
	free(data);
	free(ev);
	free(offs);
	return rc;
}

const char *spill_errmsg(const struct dep_spill *s)
{
	return s->err[0] ? s->err : "out of memory";
}

int spill_check(struct dep_spill *s, struct deposit *const *ds, size_t n)
{
	unsigned every = s->budget < (1u << 20) ? 1 : SPILL_CHECK_EVERY;

	if (++s->calls < every)
		return 0;
	return spill_check_now(s, ds, n);
}

int spill_check_now(struct dep_spill *s, struct deposit *const *ds, size_t n)
{
	size_t held = 0, i;

	s->calls = 0;
	for (i = 0; i < n; i++)
		if (ds[i])
			held += deposit_held(ds[i]);
	if (held <= s->budget)
		return 0;
	for (i = 0; i < n; i++)
		if (ds[i] && deposit_spill(ds[i], s))
			return LL_ERROR;
	return 0;
}
