/*
 * paypal_rows.c - a PayPal file's rows in bounded memory (paypal_rows.h).
 *
 * The store is an array in memory until it would pass its budget; then the
 * rows go to an unlinked temporary file of fixed-size records, appended
 * through one block and read back a block at a time by index. The file is
 * private to this process and read by the same binary, so rows need no
 * encoding. A source walks one currency's rows in sorted order: the rows
 * without an instant first (the sort puts their utc 0 first), then the
 * others forwards, or backwards with each instant's rows gathered and
 * handed out in file order (the sort's tie-break).
 */
#include "paypal_rows.h"

#include "formats/paypal_cut.h"
#include "util/err.h"
#include "util/tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void pp_store_init(struct pp_store *s, size_t max_bytes, size_t size)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->size = size;
	s->max_mem = max_bytes / size;
}

void pp_store_free(struct pp_store *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->mem);
	free(s->blk);
	s->fd = -1;
	s->mem = s->blk = NULL;
	s->n = s->cap = s->nblk = 0;
}

void pp_store_reset(struct pp_store *s)
{
	s->n = 0;
	s->nblk = 0;
}

int pp_store_in_memory(const struct pp_store *s)
{
	return s->fd < 0;
}

static int open_file(struct pp_store *s)
{
	int fd = tmpfile_make("ledgerlift-rows");

	if (fd < 0) {
		snprintf(s->err, sizeof(s->err),
			 "cannot make a temporary file for the rows in $TMPDIR, /var/tmp or /tmp: %s",
			 strerror(errno));
		return LL_ERROR;
	}
	s->fd = fd;
	return 0;
}

static int write_at(struct pp_store *s, const void *p, size_t len, off_t off)
{
	struct iovec v;
	int rc;

	v.iov_base = (void *)p;
	v.iov_len = len;
	rc = tmpfile_write(s->fd, &v, 1, off);
	if (rc)
		snprintf(s->err, sizeof(s->err), "cannot write the rows to a temporary file: %s",
			 rc < 0 ? strerror(errno) : "no space");
	return rc ? LL_ERROR : 0;
}

static int read_at(struct pp_store *s, void *p, size_t len, off_t off)
{
	int rc = tmpfile_read(s->fd, p, len, off);

	if (rc)
		snprintf(s->err, sizeof(s->err),
			 "cannot read the rows back from their temporary file: %s",
			 rc < 0 ? strerror(errno) : "file shorter than written");
	return rc ? LL_ERROR : 0;
}

/* the rows appended since the last write, to the file */
static int flush(struct pp_store *s)
{
	size_t first = s->n - s->nblk;

	if (s->fd < 0 || !s->nblk)
		return 0;
	if (write_at(s, s->blk, s->nblk * s->size, (off_t)(first * s->size)))
		return LL_ERROR;
	s->nblk = 0;
	return 0;
}

/* memory full: every row to the file, memory down to one block */
static int to_file(struct pp_store *s)
{
	if (s->fd < 0 && open_file(s))
		return LL_ERROR;
	if (!s->blk && !(s->blk = malloc(PP_BLOCK * s->size))) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return LL_ERROR;
	}
	if (s->n && write_at(s, s->mem, s->n * s->size, 0))
		return LL_ERROR;
	free(s->mem);
	s->mem = NULL;
	s->cap = 0;
	return 0;
}

int pp_store_add(struct pp_store *s, const void *p)
{
	if (s->fd < 0 && s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		char *nr;

		if (s->n >= s->max_mem) {
			if (to_file(s))
				return LL_ERROR;
		} else {
			if (nc > s->max_mem)
				nc = s->max_mem;
			nr = realloc(s->mem, nc * s->size);
			if (!nr) {
				snprintf(s->err, sizeof(s->err), "out of memory");
				return LL_ERROR;
			}
			s->mem = nr;
			s->cap = nc;
		}
	}
	if (s->fd < 0) {
		memcpy(s->mem + s->n++ * s->size, p, s->size);
		return 0;
	}
	memcpy(s->blk + s->nblk++ * s->size, p, s->size);
	s->n++;
	return s->nblk == PP_BLOCK ? flush(s) : 0;
}

void *pp_store_get(struct pp_store *s, size_t i, size_t k, void *buf)
{
	if (s->fd < 0)
		return s->mem + i * s->size;
	if (flush(s) || read_at(s, buf, k * s->size, (off_t)(i * s->size)))
		return NULL;
	return buf;
}

int pp_store_put(struct pp_store *s, size_t i, size_t k, const void *rows)
{
	if (s->fd < 0)
		return 0;
	return write_at(s, rows, k * s->size, (off_t)(i * s->size));
}

int pp_store_take(struct pp_store *s, void **out, size_t *n)
{
	char *all;

	*n = s->n;
	if (s->fd < 0) {
		*out = s->mem;
		s->mem = NULL;
		s->n = s->cap = 0;
		return 0;
	}
	all = malloc((s->n ? s->n : 1) * s->size);
	if (!all) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return LL_ERROR;
	}
	if (flush(s) || read_at(s, all, s->n * s->size, 0)) {
		free(all);
		return LL_ERROR;
	}
	*out = all;
	s->n = 0;
	return 0;
}

/* a run being merged: rows [pos, end) of the runs' store, a few at a time */
struct run {
	size_t pos, end;
	char *buf;
	size_t at, n;   /* buf[at..n) not yet merged */
};

static int run_fill(struct pp_store *runs, struct run *r, size_t cap)
{
	size_t k = r->end - r->pos < cap ? r->end - r->pos : cap;
	char *p;

	r->at = r->n = 0;
	if (!k)
		return 0;
	if (!(p = pp_store_get(runs, r->pos, k, r->buf)))
		return LL_ERROR;
	if (p != r->buf) /* runs in memory */
		memcpy(r->buf, p, k * runs->size);
	r->pos += k;
	r->n = k;
	return 0;
}

/* run r's next row (records of size bytes) */
#define RUN_AT(r, size) ((r)->buf + (r)->at * (size))

/* the heap of runs by their next row (h[0] the least) */
static void sift(struct run **h, size_t n, size_t i, size_t size,
		 int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct run *t;

		if (l < n && cmp(RUN_AT(h[l], size), RUN_AT(h[m], size)) < 0)
			m = l;
		if (l + 1 < n && cmp(RUN_AT(h[l + 1], size), RUN_AT(h[m], size)) < 0)
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static int merge(struct pp_store *s, struct pp_store *runs, size_t len,
		 int (*cmp)(const void *, const void *), char *area, size_t area_rows)
{
	size_t size = s->size;
	size_t k = (runs->n + len - 1) / len, i, nh = 0, out = 0, nout = 0;
	size_t each = (area_rows - PP_BLOCK) / k;
	struct run *r = calloc(k, sizeof(*r));
	struct run **h = calloc(k, sizeof(*h));
	char *obuf = area + k * each * size;
	int rc = LL_ERROR;

	if (!r || !h) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		goto out;
	}
	for (i = 0; i < k; i++) {
		r[i].pos = i * len;
		r[i].end = r[i].pos + len < runs->n ? r[i].pos + len : runs->n;
		r[i].buf = area + i * each * size;
		if (run_fill(runs, &r[i], each))
			goto copy_err;
		if (r[i].n)
			h[nh++] = &r[i];
	}
	for (i = nh; i-- > 0;)
		sift(h, nh, i, size, cmp);
	while (nh) {
		struct run *m = h[0];

		memcpy(obuf + nout++ * size, RUN_AT(m, size), size);
		m->at++;
		if (nout == PP_BLOCK) {
			if (pp_store_put(s, out, nout, obuf))
				goto out;
			out += nout;
			nout = 0;
		}
		if (m->at == m->n && run_fill(runs, m, each))
			goto copy_err;
		if (m->at == m->n)
			h[0] = h[--nh];
		sift(h, nh, 0, size, cmp);
	}
	if (nout && pp_store_put(s, out, nout, obuf))
		goto out;
	rc = 0;
	goto out;
copy_err:
	memcpy(s->err, runs->err, sizeof(s->err));
out:
	free(r);
	free(h);
	return rc;
}

int pp_store_sort(struct pp_store *s, int (*cmp)(const void *, const void *))
{
	struct pp_store runs;
	char *area;
	size_t len, area_rows, i, k;
	int rc = LL_ERROR;

	if (s->fd < 0) {
		if (s->n)
			qsort(s->mem, s->n, s->size, cmp);
		return 0;
	}
	if (!s->n || flush(s))
		return s->n ? LL_ERROR : 0;
	/* runs of the budget's rows; merged with a few rows of each run in
	 * the same memory (at least 4 each, and a block out) */
	len = s->max_mem > PP_BLOCK ? s->max_mem : PP_BLOCK;
	k = (s->n + len - 1) / len;
	area_rows = len > 4 * k + PP_BLOCK ? len : 4 * k + PP_BLOCK;
	area = malloc(area_rows * s->size);
	if (!area) {
		snprintf(s->err, sizeof(s->err), "out of memory");
		return LL_ERROR;
	}
	pp_store_init(&runs, 0, s->size); /* straight to its own file */
	for (i = 0; i < s->n; i += len) {
		size_t m = s->n - i < len ? s->n - i : len, j;

		if (read_at(s, area, m * s->size, (off_t)(i * s->size)))
			goto out;
		qsort(area, m, s->size, cmp);
		for (j = 0; j < m; j++)
			if (pp_store_add(&runs, area + j * s->size)) {
				memcpy(s->err, runs.err, sizeof(s->err));
				goto out;
			}
	}
	if (flush(&runs)) {
		memcpy(s->err, runs.err, sizeof(s->err));
		goto out;
	}
	rc = merge(s, &runs, len, cmp, area, area_rows);
out:
	pp_store_free(&runs);
	free(area);
	return rc;
}

int pp_src_open(struct pp_src *s, struct pp_store *st, const char *cur, int desc,
		int undated)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	snprintf(s->cur, sizeof(s->cur), "%s", cur);
	s->desc = desc;
	if (!undated) { /* straight to the dated rows */
		s->phase = 1;
		s->pos = desc ? st->n : 0;
	}
	s->buf = malloc(PP_BLOCK * sizeof(*s->buf));
	if (!s->buf) {
		snprintf(st->err, sizeof(st->err), "out of memory");
		return LL_ERROR;
	}
	return 0;
}

void pp_src_close(struct pp_src *s)
{
	free(s->buf);
	free(s->tie);
	s->buf = s->tie = NULL;
}

/* row i (< st->n), through the block; backwards loads the block ending
 * at i */
static struct pp_row *row_at(struct pp_src *s, size_t i, int back)
{
	struct pp_row *p;

	if (s->bn && i >= s->bfirst && i < s->bfirst + s->bn)
		return &s->buf[i - s->bfirst];
	if (back) {
		s->bfirst = i + 1 >= PP_BLOCK ? i + 1 - PP_BLOCK : 0;
		s->bn = i + 1 - s->bfirst;
	} else {
		s->bfirst = i;
		s->bn = s->st->n - i < PP_BLOCK ? s->st->n - i : PP_BLOCK;
	}
	p = pp_store_get(s->st, s->bfirst, s->bn, s->buf);
	if (!p) {
		s->bn = 0;
		s->error = 1;
		return NULL;
	}
	if (p != s->buf) { /* in memory: read in place */
		s->bn = 0;
		return p + (i - s->bfirst);
	}
	return &s->buf[i - s->bfirst];
}

static int mine(const struct pp_src *s, const struct pp_row *p)
{
	return !strcmp(p->cur, s->cur);
}

struct pp_row *pp_src_next(struct pp_src *s)
{
	struct pp_row *p;

	if (s->phase == 0) {
		while (s->pos < s->st->n) {
			if (!(p = row_at(s, s->pos++, 0)))
				return NULL;
			if (mine(s, p) && p->utc == 0)
				return p;
		}
		s->phase = 1;
		s->pos = s->desc ? s->st->n : 0;
	}
	if (!s->desc) {
		while (s->pos < s->st->n) {
			if (!(p = row_at(s, s->pos++, 0)))
				return NULL;
			if (mine(s, p) && p->utc != 0)
				return p;
		}
		return NULL;
	}
	if (s->ntie)
		return &s->tie[--s->ntie];
	while (s->pos > 0) {
		if (!(p = row_at(s, s->pos - 1, 1)))
			return NULL;
		if (!mine(s, p) || p->utc == 0) {
			s->pos--;
			continue;
		}
		if (s->ntie && p->utc != s->tie[0].utc)
			break;
		if (s->ntie == s->tcap) {
			size_t nc = s->tcap ? s->tcap * 2 : 16;
			struct pp_row *nt = realloc(s->tie, nc * sizeof(*nt));

			if (!nt) {
				snprintf(s->st->err, sizeof(s->st->err), "out of memory");
				s->error = 1;
				return NULL;
			}
			s->tie = nt;
			s->tcap = nc;
		}
		s->tie[s->ntie++] = *p;
		s->pos--;
	}
	return s->ntie ? &s->tie[--s->ntie] : NULL;
}
