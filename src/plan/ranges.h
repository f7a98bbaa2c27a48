/*
 * ranges.h - the source rows of a document line: sorted, non-overlapping
 * line ranges of one file, grown in file order, and their text
 * ("file.txt:1-4,7") for the state file and the workbook.
 */
#ifndef LL_RANGES_H
#define LL_RANGES_H

#include <stddef.h>
#include <stdint.h>

struct ranges {
	uint32_t (*r)[2];
	size_t n, cap;
};

/* Add line (never before the last one added): it joins the last range
 * when adjacent. The array is the caller's (free(rg->r)). 0 or
 * LL_ERROR (out of memory). */
int ranges_add(struct ranges *rg, uint32_t line);

/* "path:1-4,7" from n sorted lists merged in line order; the caller
 * frees it. NULL when out of memory. */
char *ranges_text(const char *path, const struct ranges *const *rgs, size_t n);

/* "path:line" (a deposit's header row); the caller frees it, NULL when
 * out of memory. */
char *ranges_text_line(const char *path, uint32_t line);

#endif
