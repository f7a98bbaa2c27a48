/*
 * jsonstream.h - the elements of a JSON document's top-level array, one at
 * a time, in memory bounded by the largest element.
 *
 * Exports that are one big JSON array (WooCommerce's REST orders) would
 * take 20 times their size in memory as a whole jansson tree. A
 * jsonstream reads the document from a struct reader and finds where each
 * element of the top-level array begins and ends with a small tokenizer
 * (strings, escapes, nesting depth), so the caller can json_loadb that
 * element alone. A document that is a single object is one element. The
 * tokenizer checks the document's outline (the brackets and commas of the
 * top-level array, nothing after it); each element's own syntax is left
 * to the JSON parser the caller gives it to.
 */
#ifndef LL_JSONSTREAM_H
#define LL_JSONSTREAM_H

#include <stddef.h>

#include "util/err.h"
#include "util/reader.h"

struct jsonstream;

/*
 * Start reading the document from r (borrowed: it must outlive the
 * stream); a leading UTF-8 byte-order mark is skipped. An element over
 * max_element bytes is an error. name is used in error messages.
 * Returns 0 or LL_ERROR (out of memory).
 */
int jsonstream_open(struct jsonstream **out, struct reader *r, size_t max_element,
		    const char *name);

/*
 * The next element: *elem and *len (borrowed, valid until the next call) and
 * *line, the line it starts on (1-based; a line ends at \n, \r\n or a
 * lone \r, as the line reader counts them). Returns 1 with an element, 0
 * at the end of the document, LL_EPARSE when the outline is not JSON or an
 * element is too big (err names the line), or the reader's error.
 */
int jsonstream_next(struct jsonstream *s, const char **elem, size_t *len, long *line,
		    struct ll_err *err);

/* Lines from text[0] to the first occurrence of needle (0 when needle is
 * on text's first line, or is not there), counted as jsonstream counts. */
long jsonstream_lines_to(const char *text, size_t len, const char *needle);

void jsonstream_free(struct jsonstream *s);

#endif
