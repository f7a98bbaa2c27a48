/*
 * jsonstream.c - top-level array elements of a JSON document, streamed
 * (jsonstream.h).
 *
 * The reader's bytes go through a 64 KiB window. Between elements the
 * tokenizer expects what the outline allows: '[' or '{' first, then an
 * element, ',' or ']', and only blanks after the end. Inside an element it
 * copies bytes to the element buffer (capped) and tracks string state
 * (a backslash escapes the next byte) and the nesting depth of brackets
 * outside strings; the element ends when the depth comes back to zero (an
 * object or array) or at the ',', ']' or blank that follows a scalar.
 * Brackets are counted, not matched: "{]" ends an element that the JSON
 * parser then refuses, which is all the outline needs.
 */
#include "jsonstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define WINDOW (64 * 1024)

enum js_state {
	JS_START,     /* before the document: '[' or '{' */
	JS_FIRST,     /* after '[': an element or ']' */
	JS_NEXT,      /* after ',': an element */
	JS_AFTER,     /* after an element: ',' or ']' */
	JS_END        /* after the document: blanks only */
};

struct jsonstream {
	struct reader *r;
	char name[256];
	unsigned char win[WINDOW];
	size_t pos, len;
	int eof;
	int bom_checked;
	int prev_cr;           /* the last byte read was \r */
	long line;             /* line of the next byte */
	enum js_state st;
	int single;            /* the document is one object */
	struct buf el;
};

int jsonstream_open(struct jsonstream **out, struct reader *r, size_t max_element,
		    const char *name)
{
	struct jsonstream *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return LL_ERROR;
	s->r = r;
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	s->line = 1;
	buf_init(&s->el, max_element);
	*out = s;
	return 0;
}

void jsonstream_free(struct jsonstream *s)
{
	if (!s)
		return;
	buf_free(&s->el);
	free(s);
}

/* the next byte (0..255), -1 at the end, or a negative LL_E* code */
static int next_byte(struct jsonstream *s, struct ll_err *err)
{
	int c;

	if (s->pos == s->len) {
		ssize_t n;

		if (s->eof)
			return -1;
		n = reader_read(s->r, s->win, sizeof(s->win), err);
		if (n < 0)
			return (int)n;
		if (n == 0) {
			s->eof = 1;
			return -1;
		}
		s->pos = 0;
		s->len = (size_t)n;
		if (!s->bom_checked) {
			s->bom_checked = 1;
			/* a BOM split over two reads is not a BOM anyone writes */
			if (s->len >= 3 && s->win[0] == 0xEF && s->win[1] == 0xBB &&
			    s->win[2] == 0xBF)
				s->pos = 3;
			if (s->pos == s->len)
				return next_byte(s, err);
		}
	}
	c = s->win[s->pos++];
	if (c == '\r' || (c == '\n' && !s->prev_cr))
		s->line++;
	s->prev_cr = c == '\r';
	return c;
}

/* give back the byte just read (a scalar's terminator); never a newline */
static void unread(struct jsonstream *s)
{
	s->pos--;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int bad(struct jsonstream *s, struct ll_err *err, long line, const char *what)
{
	return ll_err_set(err, LL_EPARSE, s->name, line, "not valid JSON: %s", what);
}

/* the element that starts with byte c, into s->el */
static int read_element(struct jsonstream *s, int c, long line, struct ll_err *err)
{
	size_t depth = 0;
	int in_str = 0, esc = 0;

	buf_reset(&s->el);
	for (;;) {
		if (c < -1)
			return c; /* read error */
		if (c == -1) {
			if (depth == 0 && !in_str && s->el.len)
				return 1; /* a scalar at the very end: the outline says */
			return bad(s, err, line, "the document ends inside an element");
		}
		if (!in_str && depth == 0 && s->el.len &&
		    (c == ',' || c == ']' || c == '}' || is_blank(c))) {
			/* the end of a scalar: the terminator is the outline's */
			if (!is_blank(c))
				unread(s);
			return 1;
		}
		if (buf_addc(&s->el, (char)c))
			return ll_err_set(err, LL_EPARSE, s->name, line,
					  "an element of more than %zu bytes of JSON: not read",
					  s->el.max);
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"') {
				in_str = 0;
				if (depth == 0)
					return 1; /* a string element */
			}
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0 || --depth == 0)
				return 1;
		}
		c = next_byte(s, err);
	}
}

int jsonstream_next(struct jsonstream *s, const char **elem, size_t *len, long *line,
		    struct ll_err *err)
{
	int c, rc;

	for (;;) {
		long at;

		c = next_byte(s, err);
		if (c < -1)
			return c;
		if (c >= 0 && is_blank(c))
			continue;
		at = s->line; /* c is not a blank: the line it is on */
		switch (s->st) {
		case JS_START:
			if (c == '[') {
				s->st = JS_FIRST;
				continue;
			}
			if (c != '{')
				return bad(s, err, at, c == -1 ? "an empty document"
							       : "'[' or '{' expected");
			s->single = 1;
			break;
		case JS_FIRST:
			if (c == ']') {
				s->st = JS_END;
				continue;
			}
			break;
		case JS_NEXT:
			if (c == ']' || c == ',')
				return bad(s, err, at, "an element expected after ','");
			break;
		case JS_AFTER:
			if (c == ',') {
				s->st = JS_NEXT;
				continue;
			}
			if (c == ']') {
				s->st = JS_END;
				continue;
			}
			return bad(s, err, at, c == -1 ? "the document ends inside its array"
						       : "',' or ']' expected after an element");
		case JS_END:
			if (c == -1)
				return 0;
			return bad(s, err, at, "end of file expected");
		}
		if (c == -1)
			return bad(s, err, at, "the document ends inside its array");
		rc = read_element(s, c, at, err);
		if (rc != 1)
			return rc;
		s->st = s->single ? JS_END : JS_AFTER;
		*elem = buf_cstr(&s->el);
		*len = s->el.len;
		*line = at;
		return 1;
	}
}

long jsonstream_lines_to(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;
	long lines = 0;

	for (i = 0; i + n <= len; i++) {
		if (text[i] == '\r' || (text[i] == '\n' && !(i && text[i - 1] == '\r')))
			lines++;
		else if (text[i] == needle[0] && memcmp(text + i, needle, n) == 0)
			return lines;
	}
	return 0;
}
