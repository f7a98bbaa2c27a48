/*
 * text.h - small text helpers: trimming, case-insensitive comparison,
 * UTF-8 validation and the CP1252 (Latin-1 superset) fallback that EU
 * exports need, splitting a line on a single-byte delimiter.
 */
#ifndef LL_TEXT_H
#define LL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct field {
	const char *p;
	size_t len;
};

/* 1 for the ASCII blanks text_trim removes (space, tab, CR, LF). */
static inline int text_blank_byte(char c)
{
	/* most bytes are above the space: one compare rules them out */
	return (unsigned char)c <= ' ' &&
	       (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

/* Trim ASCII blanks (space, tab, CR, LF) from both ends of f. Inline: the
 * parsers trim every cell they read, and most cells have nothing to trim. */
static inline struct field text_trim(struct field f)
{
	while (f.len && text_blank_byte(f.p[0])) {
		f.p++;
		f.len--;
	}
	while (f.len && text_blank_byte(f.p[f.len - 1]))
		f.len--;
	return f;
}

/* 1 if s[0..len) is valid UTF-8. */
int text_is_utf8(const char *s, size_t len);

/*
 * Append s[0..len) to out as UTF-8: unchanged when it is valid UTF-8,
 * otherwise each byte read as CP1252. 0 or buf_add's error.
 */
int text_append_utf8(struct buf *out, const char *s, size_t len);

/* Case-insensitive ASCII equality of f and the NUL-terminated s. */
int text_ieq(struct field f, const char *s);

/* Strip a UTF-8 byte-order mark; returns the number of bytes skipped. */
size_t text_bom(const char *s, size_t len);

/*
 * Split line[0..len) on delim into at most max fields (no quoting).
 * Returns the number of fields found, which may exceed max (the rest are
 * not stored) so the caller can tell a row that is too long.
 */
size_t text_split(const char *line, size_t len, char delim,
		  struct field *fields, size_t max);

/*
 * text_split's fields as where each ends: ends[k] is the offset of the
 * delimiter after field k (len for the last field), for the first max
 * fields; field k is line[(k ? ends[k - 1] + 1 : 0) .. ends[k]). Returns
 * the number of fields, as text_split (may exceed max). For a line
 * shorter than 4 GiB; one store per delimiter, where text_split has two.
 */
size_t text_split_ends(const char *line, size_t len, char delim, uint32_t *ends,
		       size_t max);

/*
 * Append s[0..len) to out so that a terminal shows it as text and nothing
 * else (file names, cells, messages that quote them): C0 controls and DEL
 * as \xNN (\n, \t, \r as such), C1 controls, U+2028/2029 and bidi
 * overrides as \uNNNN, bytes that are not UTF-8 as \xNN; the rest
 * unchanged. Returns 0, or LL_EPARSE when out's cap is reached.
 */
int text_escape_term(struct buf *out, const char *s, size_t len);

/* The same for a NUL-terminated s into out[0..outlen), cut (never inside
 * an escape or a UTF-8 sequence) when it does not fit. Returns out. */
const char *text_term(char *out, size_t outlen, const char *s);

#endif
