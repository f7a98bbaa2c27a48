/*
 * sniff.h - files that are not text exports at all, told by their bytes:
 * a spreadsheet saved instead of the CSV (an Excel .xlsx or .xls, an Apple
 * Numbers or OpenDocument file) or a zip archive. Such a file is skipped
 * with a message saying what it is and how to get the CSV from it, never
 * read as text.
 */
#ifndef LL_SNIFF_H
#define LL_SNIFF_H

#include <stddef.h>

/*
 * What a file whose first bytes are p[0..n) is, when it is one of those:
 * its kind ("excel-workbook", "excel-97-workbook", "numbers-document",
 * "opendocument-spreadsheet", "office-document", "zip-archive"), a static
 * string, with the message for the report written to reason (NUL
 * terminated, at most cap bytes). NULL when the bytes are none of them.
 * Up to the first 64 KiB are looked at; a zip is known by its local file
 * headers (PK\3\4 and the entry names), the 97-2003 formats by the OLE2
 * signature.
 */
const char *sniff_container(const char *p, size_t n, char *reason, size_t cap);

#endif
