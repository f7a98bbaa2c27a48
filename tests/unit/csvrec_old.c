/*
 * csvrec_old.c - main's csvrec.c at a96c7ce, renamed (csvrec_old_*), for
 * test_csvrec_same only: the reference the new split must agree with,
 * field for field, on malformed input as on good. Not built into the tool.
 */
#include "csvrec_old.h"

#include <stdlib.h>
#include <string.h>

#include "util/intr.h"

void csvrec_old_init(struct csvrec_old *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->data, CSVREC_MAX_BYTES);
	buf_init(&r->raw, CSVREC_MAX_BYTES);
}

void csvrec_old_free(struct csvrec_old *r)
{
	buf_free(&r->data);
	buf_free(&r->raw);
}

/* memchr for the short fields exports are made of (most are empty or a
 * few bytes): the first bytes by hand, memchr's set-up only past them */
static inline const char *find_byte(const char *p, const char *end, char c)
{
	const char *q = p;
	int k;

	for (k = 0; k < 16 && q < end; k++, q++)
		if (*q == c)
			return q;
	return q < end ? memchr(q, c, (size_t)(end - q)) : NULL;
}

/*
 * Split p[0..len). With borrow (p is the record's own raw text, which
 * lives as long as data), a field whose bytes stand as-is in p, unquoted
 * or quoted with no "" and nothing after its closing quote, points into p;
 * the others are copied to data, unquoted. *open (when not NULL) is set
 * when the text ends inside a quoted field: the record goes on on the
 * next line.
 */
static int split(struct csvrec_old *r, const char *p, size_t len, char delim, int borrow,
		 int *open)
{
	size_t i = 0, k;
	/* field starts are offsets into data (or into p) until data stops moving */
	size_t offs[CSVREC_MAX_FIELDS], lens[CSVREC_MAX_FIELDS];
	unsigned char inp[CSVREC_MAX_FIELDS];

	buf_reset(&r->data);
	r->nf = 0;
	if (len == 0) {
		r->nf = 1;
		r->f[0].p = "";
		r->f[0].len = 0;
		r->quoted[0] = 0;
		return 0;
	}
	if (borrow && !memchr(p, '"', len)) {
		/* no quote anywhere (most rows): every field stands as-is in p,
		 * found eight bytes a step */
		r->nf = text_split(p, len, delim, r->f, CSVREC_MAX_FIELDS);
		memset(r->quoted, 0,
		       (r->nf < CSVREC_MAX_FIELDS ? r->nf : CSVREC_MAX_FIELDS) * sizeof(r->quoted[0]));
		return 0;
	}
	for (;;) {
		size_t start = r->data.len, flen;
		int q = 0, own = 0;
		const char *e;

		if (borrow && i < len && p[i] == '"') {
			e = find_byte(p + i + 1, p + len, '"');
			if (!e || e + 1 == p + len || e[1] == delim) {
				/* "...", or a quote never closed: the rest of the text */
				if (!e && open) {
					*open = 1;
					return 0;
				}
				q = 1;
				start = i + 1;
				if (!e)
					e = p + len;
				flen = (size_t)(e - (p + start));
				i = e < p + len ? (size_t)(e - p) + 1 : len;
				goto field;
			}
		}
		if (borrow && (i >= len || p[i] != '"')) {
			e = find_byte(p + i, p + len, delim);
			if (!e)
				e = p + len;
			start = i;
			flen = (size_t)(e - (p + i));
			i = (size_t)(e - p);
			goto field;
		}
		own = 1;
		if (i < len && p[i] == '"') {
			int closed = 0;

			q = 1;
			i++;
			/* copy up to each quote in one piece; "" is one quote */
			while (i < len) {
				e = memchr(p + i, '"', len - i);
				if (!e) {
					if (buf_add(&r->data, p + i, len - i))
						return LL_EPARSE;
					i = len;
					break;
				}
				if (buf_add(&r->data, p + i, (size_t)(e - (p + i))))
					return LL_EPARSE;
				i = (size_t)(e - p) + 1;
				if (i < len && p[i] == '"') {
					if (buf_addc(&r->data, '"'))
						return LL_EPARSE;
					i++;
					continue;
				}
				closed = 1;
				break;
			}
			if (!closed && open) {
				*open = 1;
				return 0;
			}
		}
		/* the rest of the field, up to the delimiter, in one piece */
		e = memchr(p + i, delim, len - i);
		if (!e)
			e = p + len;
		if (buf_add(&r->data, p + i, (size_t)(e - (p + i))))
			return LL_EPARSE;
		i = (size_t)(e - p);
		flen = r->data.len - start;
field:
		if (r->nf < CSVREC_MAX_FIELDS) {
			offs[r->nf] = start;
			lens[r->nf] = flen;
			inp[r->nf] = !own;
			r->quoted[r->nf] = q;
		}
		r->nf++;
		if (i >= len)
			break;
		i++; /* the delimiter */
		if (i == len) { /* a trailing delimiter: one more empty field */
			if (r->nf < CSVREC_MAX_FIELDS) {
				offs[r->nf] = 0;
				lens[r->nf] = 0;
				inp[r->nf] = 0;
				r->quoted[r->nf] = 0;
			}
			r->nf++;
			break;
		}
	}
	for (k = 0; k < r->nf && k < CSVREC_MAX_FIELDS; k++) {
		if (inp[k])
			r->f[k].p = p + offs[k];
		else
			r->f[k].p = r->data.ptr ? r->data.ptr + offs[k] : "";
		r->f[k].len = lens[k];
	}
	return 0;
}

int csvrec_old_parse(struct csvrec_old *r, const char *p, size_t len, char delim)
{
	return split(r, p, len, delim, 0, NULL);
}

/*
 * Where a record's text stands once the bytes p[0..len) are read, starting
 * inside a quoted field (the state split reports as "open"): the scan
 * follows the quoting rules of split (a quote at a field's start opens it,
 * "" inside is a quote, a lone quote closes it and the rest of the field up
 * to the delimiter is text). Returns 1 when the text still ends inside a
 * quoted field. Each byte is looked at once, so a record of many lines
 * costs its length, not its length times its lines.
 */
enum { CS_QUOTED, CS_QUOTE, CS_START, CS_TEXT };

static int still_open(int *state, const char *p, size_t len, char delim)
{
	const char *end = p + len, *e;

	while (p < end) {
		switch (*state) {
		case CS_QUOTED:
			e = memchr(p, '"', (size_t)(end - p));
			if (!e)
				return 1;
			p = e + 1;
			*state = CS_QUOTE;
			break;
		case CS_QUOTE: /* a quote inside a quoted field: "" or the end */
			if (*p == '"')
				*state = CS_QUOTED;
			else if (*p == delim)
				*state = CS_START;
			else
				*state = CS_TEXT;
			p++;
			break;
		case CS_START:
			*state = *p == '"' ? CS_QUOTED : *p == delim ? CS_START : CS_TEXT;
			p++;
			break;
		default: /* CS_TEXT: up to the next delimiter */
			e = memchr(p, delim, (size_t)(end - p));
			if (!e)
				return 0;
			p = e + 1;
			*state = CS_START;
			break;
		}
	}
	return *state == CS_QUOTED;
}

int csvrec_old_next(struct csvrec_old *r, struct lines *l, char delim, struct ll_err *err)
{
	char *line;
	size_t len;
	int rc, open = 0, state = CS_QUOTED;

	if (intr_requested())
		return ll_err_set(err, LL_ETRANSIENT, reader_name(l->r), l->lineno,
				  "interrupted; the file is read again on the next run");
	for (;;) {
		rc = lines_next(l, &line, &len, err);
		if (rc != 1)
			return rc;
		if (text_trim((struct field){ line, len }).len == 0)
			continue;
		break;
	}
	r->line = l->lineno;
	r->scanned = len;
	buf_reset(&r->raw);
	if (buf_add(&r->raw, line, len))
		goto too_big;
	/* the common case, a record on one line, is split once; a record
	 * that goes on is followed line by line (still_open) and split once
	 * at its end */
	if (split(r, r->raw.ptr, r->raw.len, delim, 1, &open))
		goto too_big;
	while (open) {
		rc = lines_next(l, &line, &len, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return ll_err_set(err, LL_EPARSE, reader_name(l->r), r->line,
					  "a quoted field opened here is never closed");
		if (buf_addc(&r->raw, '\n') || buf_add(&r->raw, line, len))
			goto too_big;
		r->scanned += len + 1;
		/* the joined '\n' is text inside the open field */
		open = still_open(&state, line, len, delim);
		if (!open) {
			r->scanned += r->raw.len;
			if (split(r, r->raw.ptr, r->raw.len, delim, 1, &open))
				goto too_big;
		}
	}
	return 1;
too_big:
	return ll_err_set(err, LL_EPARSE, reader_name(l->r), r->line,
			  "a record longer than %u bytes", CSVREC_MAX_BYTES);
}
