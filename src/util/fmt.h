/*
 * fmt.h - text written straight into a fixed char array, byte for byte what
 * snprintf(out, outlen, "%s%.Ns%lu...", ...) writes, without parsing a
 * format: the hot paths of planning (a document's number, key, reference,
 * its source rows, a JSON body's numbers) write hundreds of thousands of
 * short texts, and snprintf's format machinery was most of their cost.
 *
 * A struct sfmt writes into out[0..outlen): every piece is appended while
 * room lasts, the rest is dropped (truncated, as snprintf truncates), and
 * out is always NUL-terminated (when outlen > 0).
 *
 *     struct sfmt f;
 *     sf_init(&f, d->number, sizeof(d->number));
 *     sf_str(&f, title);  sf_str(&f, " ");  sf_strn(&f, id, 120);
 *                                 -> snprintf(.., "%s %.120s", title, id)
 */
#ifndef LL_FMT_H
#define LL_FMT_H

#include <stddef.h>
#include <stdint.h>

/* the longest decimal text of a 64-bit integer: "-9223372036854775808" */
#define FMT_INT_MAX 20

struct sfmt {
	char *out;    /* borrowed: the caller's array */
	size_t cap;   /* its size: at most cap - 1 characters, then NUL */
	size_t len;   /* characters written (strlen(out)) */
	int trunc;    /* 1 when something did not fit */
};

/* Start an empty text in out[0..outlen). */
void sf_init(struct sfmt *f, char *out, size_t outlen);
/* Append: "%s", "%.Ns" (at most n bytes of s), s[0..n) as it is, one
 * character, "%llu", "%lld". */
void sf_str(struct sfmt *f, const char *s);
void sf_strn(struct sfmt *f, const char *s, size_t n);
void sf_mem(struct sfmt *f, const char *s, size_t n);
void sf_char(struct sfmt *f, char c);
void sf_u64(struct sfmt *f, uint64_t v);
void sf_i64(struct sfmt *f, int64_t v);

/* snprintf(out, outlen, "%s", s): s copied, truncated to outlen - 1
 * bytes. Returns out. */
char *sf_copy(char *out, size_t outlen, const char *s);

/* The decimal digits of v ("%llu" / "%lld") into out, not NUL-terminated
 * (out holds FMT_INT_MAX chars). Returns their number. */
size_t fmt_u64(char *out, uint64_t v);
size_t fmt_i64(char *out, int64_t v);

#endif
