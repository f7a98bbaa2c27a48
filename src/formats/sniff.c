/*
 * sniff.c - spreadsheets and archives given instead of a CSV (sniff.h).
 *
 * A zip (an .xlsx, .numbers, .ods or a plain archive) starts with a local
 * file header "PK\3\4"; each entry's header carries its name at offset 30
 * (name length at 26, extra length at 28), so the entries written first
 * are read by walking the headers found in the file's head: an xl/ entry
 * makes it an Excel workbook, Index/ an Apple Numbers document, a
 * "mimetype" entry holding the OpenDocument spreadsheet type an .ods. An
 * OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1) is an Office 97-2003 file;
 * a "Workbook" (or "Book") stream name in it, UTF-16 in the directory,
 * makes it an Excel .xls.
 */
#include "sniff.h"

#include <stdio.h>
#include <string.h>

#define SNIFF_MAX (64 * 1024)

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static int has_prefix(const unsigned char *p, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(p, pre, k) == 0;
}

/* a UTF-16LE spelling of w somewhere in p[0..n) */
static int has_utf16(const unsigned char *p, size_t n, const char *w)
{
	size_t k = strlen(w), i, j;

	for (i = 0; i + 2 * k <= n; i++) {
		for (j = 0; j < k; j++)
			if (p[i + 2 * j] != (unsigned char)w[j] || p[i + 2 * j + 1] != 0)
				break;
		if (j == k)
			return 1;
	}
	return 0;
}

enum zip_kind { Z_PLAIN, Z_XLSX, Z_NUMBERS, Z_ODS, Z_OFFICE };

static enum zip_kind zip_kind(const unsigned char *p, size_t n)
{
	static const char ods[] = "application/vnd.oasis.opendocument.spreadsheet";
	enum zip_kind k = Z_PLAIN;
	size_t i;

	for (i = 0; i + 30 <= n; i++) {
		const unsigned char *name;
		size_t nlen, xlen, left;

		if (p[i] != 'P' || memcmp(p + i, "PK\3\4", 4) != 0)
			continue;
		nlen = le16(p + i + 26);
		xlen = le16(p + i + 28);
		name = p + i + 30;
		left = n - (i + 30);
		if (nlen > left)
			break; /* the head ends inside this header */
		if (has_prefix(name, nlen, "xl/"))
			return Z_XLSX;
		if (has_prefix(name, nlen, "Index/"))
			return Z_NUMBERS;
		if (nlen == 8 && memcmp(name, "mimetype", 8) == 0 && nlen + xlen <= left &&
		    has_prefix(name + nlen + xlen, left - nlen - xlen, ods))
			return Z_ODS;
		if (has_prefix(name, nlen, "word/") || has_prefix(name, nlen, "ppt/"))
			k = Z_OFFICE;
	}
	return k;
}

const char *sniff_container(const char *text, size_t n, char *reason, size_t cap)
{
	static const unsigned char ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	const unsigned char *p = (const unsigned char *)text;

	if (n > SNIFF_MAX)
		n = SNIFF_MAX;
	if (n >= 8 && memcmp(p, ole2, 8) == 0) {
		if (has_utf16(p, n, "Workbook") || has_utf16(p, n, "Book")) {
			snprintf(reason, cap,
				 "an Excel 97-2003 workbook (.xls), not a CSV: download the "
				 "report from the platform again as CSV, or open this file in "
				 "Excel and use File > Save As > 'CSV UTF-8 (Comma delimited)' "
				 "(one sheet per file)");
			return "excel-97-workbook";
		}
		snprintf(reason, cap,
			 "a Microsoft Office 97-2003 file (OLE2), not a CSV: if it is a "
			 "spreadsheet, open it and use File > Save As > 'CSV UTF-8 (Comma "
			 "delimited)', or download the report from the platform as CSV");
		return "office-document";
	}
	if (n < 4 || (memcmp(p, "PK\3\4", 4) != 0 && memcmp(p, "PK\5\6", 4) != 0))
		return NULL;
	switch (zip_kind(p, n)) {
	case Z_XLSX:
		snprintf(reason, cap,
			 "an Excel workbook (.xlsx), not a CSV: download the report from "
			 "the platform again as CSV, or open this file in Excel and use "
			 "File > Save As > 'CSV UTF-8 (Comma delimited)' (one sheet per file)");
		return "excel-workbook";
	case Z_NUMBERS:
		snprintf(reason, cap,
			 "an Apple Numbers document, not a CSV: open it in Numbers and use "
			 "File > Export To > CSV (text encoding Unicode UTF-8), one table "
			 "per file");
		return "numbers-document";
	case Z_ODS:
		snprintf(reason, cap,
			 "an OpenDocument spreadsheet (.ods), not a CSV: open it in "
			 "LibreOffice Calc and use File > Save As > 'Text CSV (.csv)' "
			 "(character set UTF-8)");
		return "opendocument-spreadsheet";
	case Z_OFFICE:
		snprintf(reason, cap,
			 "a Word or PowerPoint document, not a CSV export: give the CSV "
			 "the platform downloads");
		return "office-document";
	default:
		snprintf(reason, cap,
			 "a zip archive, not a CSV: unzip it and give the files inside "
			 "(PayPal splits large downloads into a zip of CSV files)");
		return "zip-archive";
	}
}
