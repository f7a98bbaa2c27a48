/*
 * jsonw.h - the JSON writer: every JSON text ledgerlift writes itself (a
 * Xero request body, plan --json, the inputs of a run) is written through
 * it, into a struct buf.
 *
 * A struct jsonw writes values in order: objects and arrays are opened
 * and closed, an object's members are a name then a value, and the writer
 * puts the commas and colons where they go and escapes every string. A
 * money amount is written exactly from integer minor units (a JSON number,
 * or a string), never through a double. The first failure (the buffer's
 * cap, nesting deeper than JSONW_DEPTH, a value where a name belongs) is
 * kept: later calls do nothing and return it, so a writer can be used
 * without checking each call, and jsonw_finish() says whether all went
 * well. Nothing is written beyond what the calls ask: no spaces, so the
 * bytes of a body are the same every time.
 *
 *     struct jsonw w;
 *     jsonw_init(&w, &b);
 *     jsonw_object(&w);
 *     jsonw_field_string(&w, "Code", "090");
 *     jsonw_field_amount(&w, "Amount", 3103, 2);   -> {"Code":"090","Amount":31.03}
 *     jsonw_end(&w);
 *     if (jsonw_finish(&w)) ...
 */
#ifndef LL_JSONW_H
#define LL_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSONW_DEPTH 32

struct jsonw {
	struct buf *b;               /* borrowed: written at its end */
	int depth;                   /* open containers */
	char kind[JSONW_DEPTH];      /* '{' or '[' per open container */
	unsigned char items[JSONW_DEPTH]; /* the container has a member already */
	int named;                   /* a member's name was written: its value is next */
	int rc;                      /* the first failure, or 0 */
};

/* Start writing at the end of b (not cleared). */
void jsonw_init(struct jsonw *w, struct buf *b);

/* Open an object or an array as the next value; jsonw_end closes the
 * innermost open one. 0 or the writer's failure code. */
int jsonw_object(struct jsonw *w);
int jsonw_array(struct jsonw *w);
int jsonw_end(struct jsonw *w);

/* A member's name, in an open object; its value is the next call. */
int jsonw_name(struct jsonw *w, const char *name);

/* Values. jsonw_string: s as an escaped JSON string (s is UTF-8; NULL is
 * written as null). jsonw_amount: minor units as an exact JSON number with
 * exponent decimals (3103, 2 -> 31.03); jsonw_amount_string the same as a
 * string ("31.03"). jsonw_raw: json, a complete JSON value written by this
 * writer earlier (a stored document body), copied as it is. */
int jsonw_string(struct jsonw *w, const char *s);
int jsonw_int(struct jsonw *w, int64_t v);
int jsonw_amount(struct jsonw *w, int64_t minor, int exponent);
int jsonw_amount_string(struct jsonw *w, int64_t minor, int exponent);
int jsonw_bool(struct jsonw *w, int v);
int jsonw_null(struct jsonw *w);
int jsonw_raw(struct jsonw *w, const char *json);

/* A member: jsonw_name then the value. */
int jsonw_field_string(struct jsonw *w, const char *name, const char *s);
int jsonw_field_int(struct jsonw *w, const char *name, int64_t v);
int jsonw_field_amount(struct jsonw *w, const char *name, int64_t minor, int exponent);
int jsonw_field_bool(struct jsonw *w, const char *name, int v);

/* The one-member object {"name":"value"} into out (a fixed array, e.g. a
 * request body kept in a struct): 0, or LL_EPARSE when it does not fit in
 * outlen (out is then ""). */
int jsonw_member_object(char *out, size_t outlen, const char *name, const char *value);

/* 0 when every call succeeded and every container is closed; else the
 * first failure (LL_EPARSE: the buffer's cap; LL_ERROR: out of memory, or
 * misuse: a value without a name in an object, too deep, unbalanced). */
int jsonw_finish(const struct jsonw *w);

#endif
