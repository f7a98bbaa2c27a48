/*
 * csvrec.c - CSV records over the line reader (csvrec.h).
 *
 * One pass splits a record. When a line ends inside a quoted field, the
 * next lines are joined and only their bytes are scanned for the quote
 * that closes it (still_open); the joined record is then split on from
 * that field (the ones before it stand), so a record costs its length
 * whatever its quoting (a file of `""` lines inside one open quote was
 * quadratic: 24 s for 293 KB). Fields the record holds as-is point into
 * it (found eight bytes a step: a row without quotes by text_split, a
 * row with some by runs of plain fields up to the next quote and runs of
 * "..." fields); only a field with "" or text after its closing quote is
 * copied, unquoted. tests/unit/test_csvrec_same holds this to the
 * splitter it replaced (main at a96c7ce), on malformed text too. A field
 * that starts with a quote runs to the matching quote
 * ("" is a literal quote) and whatever follows it up to the delimiter is
 * kept too (a lenient reading of `"a"b`); any other field runs to the
 * next delimiter, quotes and all.
 */
#include "csvrec.h"

#include <stdlib.h>
#include <string.h>

#include "util/intr.h"

void csvrec_init(struct csvrec *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->data, CSVREC_MAX_BYTES);
	buf_init(&r->raw, CSVREC_MAX_BYTES);
}

void csvrec_free(struct csvrec *r)
{
	buf_free(&r->data);
	buf_free(&r->raw);
}

int csvrec_blank(const struct csvrec *r)
{
	size_t i;

	for (i = 0; i < r->nf && i < CSVREC_MAX_FIELDS; i++)
		if (text_trim(r->f[i]).len)
			return 0;
	return 1;
}

struct csvrec *csvrec_new(void)
{
	struct csvrec *r = malloc(sizeof(*r));

	if (r)
		csvrec_init(r);
	return r;
}

void csvrec_delete(struct csvrec *r)
{
	if (!r)
		return;
	csvrec_free(r);
	free(r);
}

/* one bit (0x80) set in each byte of w that is zero: exact, no false hits */
static inline uint64_t zero_bytes(uint64_t w)
{
	return ~(((w & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | w |
		 0x7F7F7F7F7F7F7F7FULL);
}

/* memchr for the short fields exports are made of (most are empty or a
 * few bytes): eight bytes a step for the first 32, memchr's set-up only
 * past them */
static inline const char *find_byte(const char *p, const char *end, char c)
{
	uint64_t rep = 0x0101010101010101ULL * (unsigned char)c, w, m;
	int k;

	for (k = 0; k < 4 && end - p >= 8; k++, p += 8) {
		memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w); /* byte k at bits 8k */
#endif
		m = zero_bytes(w ^ rep);
		if (m)
			return p + (__builtin_ctzll(m) >> 3);
	}
	if (k == 4)
		return memchr(p, c, (size_t)(end - p));
	for (; p < end; p++)
		if (*p == c)
			return p;
	return NULL;
}

/*
 * Split p[0..len). With borrow (p is the record's own raw text, which
 * lives as long as data), a field whose bytes stand as-is in p, unquoted
 * or quoted with no "" and nothing after its closing quote, points into p;
 * the others are copied to data, unquoted. *open (when not NULL) is set
 * when the text ends inside a quoted field: the record goes on on the
 * next line, and r keeps where that field starts (rs_*) so that a call
 * with resume, on the same text made longer, splits only from there (the
 * fields before it come out the same either way: each ended at a
 * delimiter inside the first text).
 */
static int split(struct csvrec *r, const char *p, size_t len, char delim, int borrow,
		 int *open, int resume)
{
	size_t i = 0, k, nown = 0, nq = 0; /* nq: the next quote at or after i */
	int nq_known = 0;

	if (resume) {
		/* the fields before the open one, back from offsets (p moved) */
		i = r->rs_at;
		r->nf = r->rs_nf;
		r->data.len = r->rs_data;
		nown = r->rs_nown;
		if (r->rs_moved) /* back from offsets: p is elsewhere now */
			for (k = 0; k < r->nf && k < CSVREC_MAX_FIELDS; k++)
				r->f[k].p = r->inp[k] ? p + r->off[k] : NULL;
	} else {
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
			/* no quote anywhere (most rows): every field stands as-is
			 * in p, found eight bytes a step */
			r->nf = text_split(p, len, delim, r->f, CSVREC_MAX_FIELDS);
			memset(r->quoted, 0,
			       (r->nf < CSVREC_MAX_FIELDS ? r->nf : CSVREC_MAX_FIELDS) *
				       sizeof(r->quoted[0]));
			return 0;
		}
	}
	for (;;) {
		size_t start, flen, at = i;
		int q = 0;
		const char *e;

		if (borrow) {
			if (i < len && p[i] == '"') {
				/* "...", then the delimiter and another quoted field
				 * (every field of some exports): taken in a run, with
				 * the count in a register; whatever else comes (the
				 * last field, "" inside, text after the quote, a quote
				 * left open, a full record) is left to the steps below */
				size_t nf = r->nf;
				int plain = 0;

				for (;;) {
					e = find_byte(p + i + 1, p + len, '"');
					if (!e || p + len - e < 3 || e[1] != delim ||
					    nf >= CSVREC_MAX_FIELDS)
						break;
					r->f[nf].p = p + i + 1;
					r->f[nf].len = (size_t)(e - (p + i + 1));
					r->quoted[nf] = 1;
					nf++;
					i = (size_t)(e - p) + 2; /* < len: see above */
					if (p[i] != '"') {
						plain = 1;
						break;
					}
				}
				r->nf = nf;
				at = i;
				if (plain)
					continue; /* field i is not quoted: from the top */
			}
			if (i < len && p[i] == '"') {
				e = find_byte(p + i + 1, p + len, '"');
				if (!e || e + 1 == p + len || e[1] == delim) {
					/* "...", or a quote never closed: the rest */
					if (!e && open)
						goto open_field;
					q = 1;
					if (!e)
						e = p + len;
					flen = (size_t)(e - (p + i + 1));
					if (r->nf < CSVREC_MAX_FIELDS)
						r->f[r->nf].p = p + i + 1;
					i = e < p + len ? (size_t)(e - p) + 1 : len;
					goto field;
				}
			} else {
				if (!nq_known || nq < i) {
					e = memchr(p + i, '"', len - i);
					nq = e ? (size_t)(e - p) : len;
					nq_known = 1;
				}
				if (nq > i && r->nf < CSVREC_MAX_FIELDS &&
				    nq - i < CSVREC_MAX_FIELDS - r->nf) {
					/* no quote before nq: the fields up to the one
					 * that holds it are plain, split eight bytes a
					 * step (the last of them runs to nq) */
					size_t n = text_split(p + i, nq - i, delim, r->f + r->nf,
							      CSVREC_MAX_FIELDS - r->nf);

					memset(r->quoted + r->nf, 0, n * sizeof(r->quoted[0]));
					if (nq == len) { /* no quote left: the rest */
						r->nf += n;
						break;
					}
					r->nf += n - 1;
					i = (size_t)(r->f[r->nf].p - p);
					if (i == nq)
						continue; /* a quoted field starts there */
					/* else a bare quote inside this field: as below */
				}
				e = find_byte(p + i, p + len, delim);
				if (!e)
					e = p + len;
				flen = (size_t)(e - (p + i));
				if (r->nf < CSVREC_MAX_FIELDS)
					r->f[r->nf].p = p + i;
				i = (size_t)(e - p);
				goto field;
			}
		}
		/* copied to data, unquoted; its start an offset (data may move) */
		start = r->data.len;
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
				r->data.len = start;
				goto open_field;
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
		if (r->nf < CSVREC_MAX_FIELDS) {
			r->f[r->nf].p = NULL; /* set at the end */
			r->off[r->nf] = (uint32_t)start;
			nown++;
		}
field:
		if (r->nf < CSVREC_MAX_FIELDS) {
			r->f[r->nf].len = flen;
			r->quoted[r->nf] = q;
		}
		r->nf++;
		if (i >= len)
			break;
		i++; /* the delimiter */
		if (i == len) { /* a trailing delimiter: one more empty field */
			if (r->nf < CSVREC_MAX_FIELDS) {
				r->f[r->nf].p = "";
				r->f[r->nf].len = 0;
				r->quoted[r->nf] = 0;
			}
			r->nf++;
			break;
		}
		continue;
open_field:
		/* the text ends inside the field that starts at `at`; the
		 * fields before it point into p until p moves (hold_offsets) */
		r->rs_at = at;
		r->rs_nf = r->nf;
		r->rs_data = r->data.len;
		r->rs_nown = nown;
		r->rs_moved = 0;
		*open = 1;
		return 0;
	}
	for (k = 0; nown && k < r->nf && k < CSVREC_MAX_FIELDS; k++)
		if (!r->f[k].p) {
			r->f[k].p = r->data.ptr ? r->data.ptr + r->off[k] : "";
			nown--;
		}
	return 0;
}

/* Before the raw text of a record left open may move (it grows past its
 * room): the fields split so far, from pointers into it to offsets. */
static void hold_offsets(struct csvrec *r)
{
	size_t k;

	if (r->rs_moved)
		return;
	for (k = 0; k < r->rs_nf && k < CSVREC_MAX_FIELDS; k++) {
		r->inp[k] = r->f[k].p != NULL;
		if (r->inp[k])
			r->off[k] = (uint32_t)(r->f[k].p - r->raw.ptr);
	}
	r->rs_moved = 1;
}

int csvrec_parse(struct csvrec *r, const char *p, size_t len, char delim)
{
	return split(r, p, len, delim, 0, NULL, 0);
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

int csvrec_next(struct csvrec *r, struct lines *l, char delim, struct ll_err *err)
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
	if (split(r, r->raw.ptr, r->raw.len, delim, 1, &open, 0))
		goto too_big;
	while (open) {
		rc = lines_next(l, &line, &len, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return ll_err_set(err, LL_EPARSE, reader_name(l->r), r->line,
					  "a quoted field opened here is never closed");
		if (r->raw.len + len + 2 >= r->raw.cap)
			hold_offsets(r); /* the two adds below may move raw */
		if (buf_addc(&r->raw, '\n') || buf_add(&r->raw, line, len))
			goto too_big;
		r->scanned += len + 1;
		/* the joined '\n' is text inside the open field */
		open = still_open(&state, line, len, delim);
		if (!open) {
			/* split again only from the field left open */
			r->scanned += r->raw.len - r->rs_at;
			if (split(r, r->raw.ptr, r->raw.len, delim, 1, &open, 1))
				goto too_big;
		}
	}
	return 1;
too_big:
	return ll_err_set(err, LL_EPARSE, reader_name(l->r), r->line,
			  "a record longer than %u bytes", CSVREC_MAX_BYTES);
}
