/*
 * jsonw.c - the JSON writer (jsonw.h). Each value first settles its place:
 * in an array, a comma after the first item; in an object, only after a
 * member's name (jsonw_name wrote the comma and the colon). Failures are
 * sticky in w->rc.
 */
#include "jsonw.h"
#include "err.h"
#include "fmt.h"
#include "money.h"

#include <stdio.h>
#include <string.h>

/* Append s[0..n); past the buffer's cap, the part that fits then
 * LL_EPARSE, as appending it a character at a time would leave it. */
static int add_run(struct buf *b, const char *s, size_t n)
{
	int rc = buf_add(b, s, n);

	if (rc == LL_EPARSE && b->max > b->len)
		buf_add(b, s, b->max - b->len);
	return rc;
}

/* 1 for a byte a JSON string carries as it is: not '"', '\\', nor a
 * control character */
static const unsigned char plain_byte[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,      /* 0x20 '"' */
	[0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,      /* 0x5c '\\' */
	[0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x80] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x90] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xa0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xb0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xc0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xd0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xe0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0xf0] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The number of plain bytes s starts with */
static size_t plain_len(const unsigned char *s)
{
	const unsigned char *q = s;

	while (plain_byte[*q])
		q++;
	return (size_t)(q - s);
}

/* s as a JSON string, with the character after it (0: none). A string
 * with nothing to escape (nearly all) is written with one copy; else the
 * runs of plain bytes are appended whole, and each other byte escaped. */
static int jsonw_str(struct buf *b, const char *s, char after)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = plain_len(p), k = after ? 3 : 2;
	int rc;

	if (!p[n] && buf_reserve(b, n + k) == 0) {
		char *o = b->ptr + b->len;

		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		o[n + 2] = after;  /* the NUL after a string without one */
		b->len += n + k;
		b->ptr[b->len] = '\0';
		return 0;
	}
	/* escapes, or near the cap: piece by piece, as far as it fits */
	rc = buf_addc(b, '"');
	while (*p && rc == 0) {
		if ((n = plain_len(p)) > 0) {
			rc = add_run(b, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':
			rc = buf_adds(b, "\\\"");
			break;
		case '\\':
			rc = buf_adds(b, "\\\\");
			break;
		case '\n':
			rc = buf_adds(b, "\\n");
			break;
		case '\r':
			rc = buf_adds(b, "\\r");
			break;
		case '\t':
			rc = buf_adds(b, "\\t");
			break;
		default:
			rc = buf_printf(b, "\\u%04x", *p);
		}
		p++;
	}
	if (rc == 0)
		rc = buf_addc(b, '"');
	if (rc == 0 && after)
		rc = buf_addc(b, after);
	return rc;
}

static int jsonw_key(struct buf *b, const char *key)
{
	return jsonw_str(b, key, ':');
}

static int jsonw_money(struct buf *b, int64_t minor, int exponent)
{
	char tmp[MONEY_TEXT_MAX];

	if (exponent < 0 || exponent > MONEY_TEXT_EXP)
		return buf_adds(b, money_format(tmp, sizeof(tmp), minor, exponent));
	return buf_add(b, tmp, money_text(tmp, minor, exponent));
}

void jsonw_init(struct jsonw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static int fail(struct jsonw *w, int rc)
{
	if (!w->rc)
		w->rc = rc;
	return w->rc;
}

static int put(struct jsonw *w, int rc)
{
	return rc ? fail(w, rc) : 0;
}

/* Before a value: the comma in an array; a name must precede it in an
 * object. 0, or the sticky failure. */
static int place_value(struct jsonw *w)
{
	int d = w->depth - 1, rc;

	if (w->rc)
		return w->rc;
	if (d < 0)
		return 0;
	if (w->kind[d] == '{') {
		if (!w->named)
			return fail(w, LL_ERROR);
		w->named = 0;
		return 0;
	}
	if (w->items[d] && (rc = buf_addc(w->b, ',')))
		return fail(w, rc);
	w->items[d] = 1;
	return 0;
}

static int open_container(struct jsonw *w, char kind)
{
	if (place_value(w))
		return w->rc;
	if (w->depth == JSONW_DEPTH)
		return fail(w, LL_ERROR);
	if (put(w, buf_addc(w->b, kind)))
		return w->rc;
	w->kind[w->depth] = kind;
	w->items[w->depth] = 0;
	w->depth++;
	return 0;
}

int jsonw_object(struct jsonw *w)
{
	return open_container(w, '{');
}

int jsonw_array(struct jsonw *w)
{
	return open_container(w, '[');
}

int jsonw_end(struct jsonw *w)
{
	if (w->rc)
		return w->rc;
	if (w->depth == 0 || w->named)
		return fail(w, LL_ERROR);
	w->depth--;
	return put(w, buf_addc(w->b, w->kind[w->depth] == '{' ? '}' : ']'));
}

int jsonw_name(struct jsonw *w, const char *name)
{
	int d = w->depth - 1, rc;

	if (w->rc)
		return w->rc;
	if (d < 0 || w->kind[d] != '{' || w->named)
		return fail(w, LL_ERROR);
	if (w->items[d] && (rc = buf_addc(w->b, ',')))
		return fail(w, rc);
	w->items[d] = 1;
	w->named = 1;
	return put(w, jsonw_key(w->b, name));
}

int jsonw_string(struct jsonw *w, const char *s)
{
	if (place_value(w))
		return w->rc;
	return put(w, s ? jsonw_str(w->b, s, 0) : buf_adds(w->b, "null"));
}

int jsonw_int(struct jsonw *w, int64_t v)
{
	char t[FMT_INT_MAX];

	if (place_value(w))
		return w->rc;
	return put(w, buf_add(w->b, t, fmt_i64(t, v)));
}

int jsonw_amount(struct jsonw *w, int64_t minor, int exponent)
{
	if (place_value(w))
		return w->rc;
	return put(w, jsonw_money(w->b, minor, exponent));
}

int jsonw_amount_string(struct jsonw *w, int64_t minor, int exponent)
{
	if (place_value(w))
		return w->rc;
	if (put(w, buf_addc(w->b, '"')) || put(w, jsonw_money(w->b, minor, exponent)))
		return w->rc;
	return put(w, buf_addc(w->b, '"'));
}

int jsonw_bool(struct jsonw *w, int v)
{
	if (place_value(w))
		return w->rc;
	return put(w, buf_adds(w->b, v ? "true" : "false"));
}

int jsonw_null(struct jsonw *w)
{
	if (place_value(w))
		return w->rc;
	return put(w, buf_adds(w->b, "null"));
}

int jsonw_raw(struct jsonw *w, const char *json)
{
	if (place_value(w))
		return w->rc;
	if (!json || !*json)
		return fail(w, LL_ERROR);
	return put(w, buf_adds(w->b, json));
}

/*
 * A member written with one copy: [,]"name":value, value being v[0..n)
 * (quoted when quote), when the writer is in an object awaiting a name,
 * name and v need no escaping, and the buffer has the room. 1 when
 * written; 0 when not (nothing written: the caller writes it piece by
 * piece, which gives the same bytes, or the same failure).
 */
static int member(struct jsonw *w, const char *name, const char *v, size_t n, int quote)
{
	int d = w->depth - 1;
	size_t nn, len, q = quote ? 2 : 0;
	char *o;

	if (w->rc || d < 0 || w->kind[d] != '{' || w->named)
		return 0;
	nn = plain_len((const unsigned char *)name);
	if (name[nn])
		return 0;
	len = (w->items[d] ? 1 : 0) + nn + 3 + q + n;
	if (buf_reserve(w->b, len))
		return 0;
	o = w->b->ptr + w->b->len;
	if (w->items[d])
		*o++ = ',';
	*o++ = '"';
	memcpy(o, name, nn);
	o += nn;
	*o++ = '"';
	*o++ = ':';
	if (quote)
		*o++ = '"';
	memcpy(o, v, n);
	o += n;
	if (quote)
		*o++ = '"';
	*o = '\0';
	w->b->len += len;
	w->items[d] = 1;
	return 1;
}

int jsonw_field_string(struct jsonw *w, const char *name, const char *s)
{
	if (s) {
		size_t n = plain_len((const unsigned char *)s);

		if (!s[n] && member(w, name, s, n, 1))
			return 0;
	}
	jsonw_name(w, name);
	return jsonw_string(w, s);
}

int jsonw_field_int(struct jsonw *w, const char *name, int64_t v)
{
	char t[FMT_INT_MAX];

	if (member(w, name, t, fmt_i64(t, v), 0))
		return 0;
	jsonw_name(w, name);
	return jsonw_int(w, v);
}

int jsonw_field_amount(struct jsonw *w, const char *name, int64_t minor, int exponent)
{
	char t[MONEY_TEXT_MAX];

	if (exponent >= 0 && exponent <= MONEY_TEXT_EXP &&
	    member(w, name, t, money_text(t, minor, exponent), 0))
		return 0;
	jsonw_name(w, name);
	return jsonw_amount(w, minor, exponent);
}

int jsonw_field_bool(struct jsonw *w, const char *name, int v)
{
	jsonw_name(w, name);
	return jsonw_bool(w, v);
}

int jsonw_finish(const struct jsonw *w)
{
	if (w->rc)
		return w->rc;
	return w->depth || w->named ? LL_ERROR : 0;
}

int jsonw_member_object(char *out, size_t outlen, const char *name, const char *value)
{
	struct buf b = BUF_INIT(outlen ? outlen - 1 : 0);
	struct jsonw w;
	int rc;

	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_field_string(&w, name, value);
	jsonw_end(&w);
	rc = jsonw_finish(&w);
	if (outlen)
		snprintf(out, outlen, "%s", rc ? "" : buf_cstr(&b));
	buf_free(&b);
	return rc;
}
