/*
 * text.c - text helpers (text.h).
 */
#include "text.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "err.h"

static const unsigned short cp1252_hi[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

int text_is_utf8(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c;
		size_t n, k;
		unsigned long cp;
		uint64_t w;

		/* ASCII eight bytes at a time */
		while (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

static int put_cp(struct buf *out, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		return buf_add(out, u, 1);
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		return buf_add(out, u, 2);
	}
	u[0] = (char)(0xE0 | (cp >> 12));
	u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[2] = (char)(0x80 | (cp & 0x3F));
	return buf_add(out, u, 3);
}

int text_append_utf8(struct buf *out, const char *s, size_t len)
{
	size_t i;
	int rc;

	if (text_is_utf8(s, len))
		return buf_add(out, s, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp = c;

		if (c >= 0x80 && c < 0xA0)
			cp = cp1252_hi[c - 0x80];
		rc = put_cp(out, cp);
		if (rc)
			return rc;
	}
	return 0;
}

int text_ieq(struct field f, const char *s)
{
	size_t n = strlen(s), i;

	if (n != f.len)
		return 0;
	for (i = 0; i < n; i++) {
		char a = f.p[i], b = s[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

size_t text_bom(const char *s, size_t len)
{
	if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		return 3;
	return 0;
}

/* one bit (0x80) set in each byte of w that is zero: exact, no false hits */
static inline uint64_t zero_bytes(uint64_t w)
{
	return ~(((w & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | w |
		 0x7F7F7F7F7F7F7F7FULL);
}

/* one field ending at p (a delimiter, or the line's end): fields[n] */
#define SPLIT_PUT(p_)                                            \
	do {                                                     \
		fields[n].p = start;                             \
		fields[n].len = (size_t)((p_) - start);          \
	} while (0)

size_t text_split(const char *line, size_t len, char delim,
		  struct field *fields, size_t max)
{
	const char *start = line;
	uint64_t rep = 0x0101010101010101ULL * (unsigned char)delim;
	size_t n = 0, i = 0;

#if defined(__SSE2__)
	/* sixteen bytes a step: the delimiters' bits of a compare mask. A
	 * chunk has at most 16 of them, so with 16 free slots the bound is
	 * checked once per chunk, not per field */
	{
		const __m128i dv = _mm_set1_epi8(delim);

		for (; i + 16 <= len; i += 16) {
			const __m128i *q = (const __m128i *)(const void *)(line + i);
			unsigned m = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_loadu_si128(q), dv));

			if (!m)
				continue;
			if (n + 16 <= max) {
				do {
					const char *p = line + i + __builtin_ctz(m);

					SPLIT_PUT(p);
					n++;
					start = p + 1;
					m &= m - 1;
				} while (m);
				continue;
			}
			do {
				const char *p = line + i + __builtin_ctz(m);

				if (n < max)
					SPLIT_PUT(p);
				n++;
				start = p + 1;
				m &= m - 1;
			} while (m);
		}
	}
#endif
	/* eight bytes at a time: the delimiters of a word are its zero bytes
	 * once xor-ed with the delimiter repeated, each found by its bit */
	for (; i + 8 <= len; i += 8) {
		uint64_t w, m;

		memcpy(&w, line + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w); /* byte k at bits 8k, as below */
#endif
		m = zero_bytes(w ^ rep);
		while (m) {
			const char *p = line + i + (__builtin_ctzll(m) >> 3);

			if (n < max)
				SPLIT_PUT(p);
			n++;
			start = p + 1;
			m &= m - 1;
		}
	}
	for (; i < len; i++) {
		if (line[i] != delim)
			continue;
		if (n < max)
			SPLIT_PUT(line + i);
		n++;
		start = line + i + 1;
	}
	if (n < max)
		SPLIT_PUT(line + len);
	return n + 1;
}

#undef SPLIT_PUT

#define CTZ16(m_) ((size_t)__builtin_ctz(m_))

/* the delimiters' bits of m (bit k: offset at + k) as ends, bound-checked
 * per chunk: at most 16 bits, so with 16 free slots not per field */
#define ENDS_PUT(m_, at_)                                                \
	do {                                                             \
		unsigned m__ = (m_);                                     \
		if (n + 16 <= max) {                                     \
			do {                                             \
				ends[n++] = (uint32_t)((at_) + CTZ16(m__));     \
				m__ &= m__ - 1;                          \
			} while (m__);                                   \
		} else {                                                 \
			do {                                             \
				if (n < max)                             \
					ends[n] = (uint32_t)((at_) + CTZ16(m__)); \
				n++;                                     \
				m__ &= m__ - 1;                          \
			} while (m__);                                   \
		}                                                        \
	} while (0)

size_t text_split_ends(const char *line, size_t len, char delim, uint32_t *ends,
		       size_t max)
{
	size_t n = 0, i = 0;

#if defined(__SSE2__)
	if (len >= 16) {
		const __m128i dv = _mm_set1_epi8(delim);
		unsigned m;

		for (; i + 16 <= len; i += 16) {
			const __m128i *q = (const __m128i *)(const void *)(line + i);

			m = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_loadu_si128(q), dv));
			if (m)
				ENDS_PUT(m, i);
		}
		if (i < len) {
			/* the last 16 bytes again, those already seen masked off */
			size_t b = len - 16;
			const __m128i *q = (const __m128i *)(const void *)(line + b);

			m = (unsigned)_mm_movemask_epi8(
				_mm_cmpeq_epi8(_mm_loadu_si128(q), dv));
			m &= 0xFFFFu << (i - b);
			if (m)
				ENDS_PUT(m, b);
			i = len;
		}
	}
#endif
	for (; i < len; i++) {
		if (line[i] != delim)
			continue;
		if (n < max)
			ends[n] = (uint32_t)i;
		n++;
	}
	if (n < max)
		ends[n] = (uint32_t)len;
	return n + 1;
}

#undef ENDS_PUT
#undef CTZ16

/* ---- terminal output ---- */

/* length of the valid UTF-8 sequence at s[0..len), 0 if there is none */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;

	return n && n <= len && text_is_utf8((const char *)s, n) ? n : 0;
}

int text_escape_term(struct buf *out, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0;

	while (i < len) {
		unsigned char c = s[i];
		char esc[12];
		size_t n = 0, el;

		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if (c >= 0x80 && (n = utf8_seq(s + i, len - i)) != 0) {
			unsigned long cp = 0; /* of a 2- or 3-byte sequence */

			if (n == 2)
				cp = (unsigned long)(c & 0x1f) << 6 | (s[i + 1] & 0x3f);
			else if (n == 3)
				cp = (unsigned long)(c & 0x0f) << 12 |
				     (unsigned long)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);

			/* C1 controls, line/paragraph separators, bidi overrides
			 * (text that reorders what the terminal shows) */
			if (!((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x2028 && cp <= 0x202e) ||
			      (cp >= 0x2066 && cp <= 0x2069))) {
				i += n;
				continue;
			}
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = hex[cp >> 12 & 0xf];
			esc[3] = hex[cp >> 8 & 0xf];
			esc[4] = hex[cp >> 4 & 0xf];
			esc[5] = hex[cp & 0xf];
			el = 6;
		} else {
			n = 1;
			esc[0] = '\\';
			if (c == '\n' || c == '\t' || c == '\r') {
				esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
				el = 2;
			} else {
				esc[1] = 'x';
				esc[2] = hex[c >> 4];
				esc[3] = hex[c & 0xf];
				el = 4;
			}
		}
		if (buf_add(out, s + start, i - start) || buf_add(out, esc, el))
			return LL_EPARSE;
		i += n;
		start = i;
	}
	return buf_add(out, s + start, i - start);
}

const char *text_term(char *out, size_t outlen, const char *s)
{
	struct buf b = BUF_INIT(1u << 20);
	size_t n, k;

	if (!outlen)
		return "";
	text_escape_term(&b, s ? s : "", s ? strlen(s) : 0);
	n = b.len;
	if (n >= outlen) {
		/* cut where no UTF-8 sequence and no escape is split: an escape
		 * is \n \t \r (2 bytes), \xNN (4) or \uNNNN (6) */
		n = outlen - 1;
		while (n && ((unsigned char)b.ptr[n] & 0xc0) == 0x80)
			n--;
		for (k = n + 1; k-- > 0 && n - k < 6;) {
			char t = b.ptr[k] == '\\' ? b.ptr[k + 1] : 0;
			size_t el = t == 'x' ? 4 : t == 'u' ? 6 : t ? 2 : 0;

			if (el && k + el > n) {
				n = k;
				break;
			}
		}
	}
	if (n)
		memcpy(out, b.ptr, n);
	out[n] = '\0';
	buf_free(&b);
	return out;
}
