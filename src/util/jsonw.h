/*
 * jsonw.h - appending JSON text to a struct buf. Used where a value must
 * be written exactly as we have it, e.g. a money amount as a JSON number
 * from its decimal text, which a JSON library would route through double.
 */
#ifndef LL_JSONW_H
#define LL_JSONW_H

#include <stdint.h>

#include "buf.h"

/* Append s as a quoted, escaped JSON string (s must be UTF-8). */
int jsonw_str(struct buf *b, const char *s);
/* Append "key": */
int jsonw_key(struct buf *b, const char *key);
/* Append minor units as an exact JSON number with exponent decimals. */
int jsonw_money(struct buf *b, int64_t minor, int exponent);

#endif
