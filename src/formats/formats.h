/*
 * formats.h - the registry of export formats ledgerlift knows.
 *
 * Each entry says how to recognise the format's header line (never the
 * file name), how many note lines may come before it, and the parser that
 * reads it; an entry without a parser is a format we recognise and name
 * but do not plan from, with the reason. The entries are the platforms'
 * format arrays in the table of platforms (platforms.c): adding a format
 * is adding one row to its platform's array there.
 */
#ifndef LL_FORMATS_H
#define LL_FORMATS_H

#include <stddef.h>

#include "formats/parse.h"

struct format_def {
	const char *name;      /* "amazon-settlement-v1", stored in sources.format */
	/* 1 if line[0..len) (BOM stripped) is this format's header */
	int (*detect)(const char *line, size_t len);
	int preamble;          /* non-blank lines that may precede the header */
	parse_fn parse;        /* NULL: recognised, not read */
	const char *reason;    /* why not read (parse == NULL), for the report */
};

/*
 * The format whose header is line (the index-th non-blank line of the
 * file, 0-based), or NULL. Formats with a parser win over the others;
 * otherwise the first in table order wins.
 */
const struct format_def *formats_detect(const char *line, size_t len, int index);

/* Total number of entries, and the i-th in table order (for docs and tests). */
size_t formats_count(void);
const struct format_def *formats_get(size_t i);

#endif
