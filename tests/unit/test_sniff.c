/* test_sniff.c - files re-saved by a spreadsheet, as ingest sees them: a
 * real .xlsx (written with libxlsxwriter), Excel 97-2003, Numbers and
 * OpenDocument heads, a zip, skipped with what they are and how to get the
 * CSV; a UTF-16 tab-delimited copy and a semicolon copy of a PayPal
 * download detected like the original. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "tap.h"
#include "formats/sniff.h"
#include "plan/ingest.h"

static char dir[] = "/tmp/ll-test-sniff-XXXXXX";

static const char *write_file(const char *name, const void *data, size_t len)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

/* what ingest says of path: kind, and whether the reason holds want */
static void check_ingest(const char *path, const char *kind, const char *want)
{
	struct source s;
	struct ll_err err = LL_ERR_INIT;

	CHECK_INT(ingest_open(&s, path, &err), 0);
	CHECK_STR(s.kind, kind);
	if (want && !strstr(s.reason, want)) {
		fprintf(stderr, "  reason: %s\n", s.reason);
		CHECK(0);
	}
	ingest_close(&s);
}

/* a zip local file header for an empty stored entry named name */
static size_t zip_entry(unsigned char *out, const char *name, const char *data)
{
	size_t nl = strlen(name), dl = data ? strlen(data) : 0;

	memset(out, 0, 30);
	memcpy(out, "PK\3\4", 4);
	out[4] = 20;
	out[18] = (unsigned char)dl;
	out[22] = (unsigned char)dl;
	out[26] = (unsigned char)nl;
	memcpy(out + 30, name, nl);
	if (dl)
		memcpy(out + 30 + nl, data, dl);
	return 30 + nl + dl;
}

static void test_heads(void)
{
	unsigned char b[4096];
	char reason[512];
	size_t n;

	/* an .xlsx: [Content_Types].xml first, xl/ later */
	n = zip_entry(b, "[Content_Types].xml", "<x/>");
	n += zip_entry(b + n, "_rels/.rels", NULL);
	n += zip_entry(b + n, "xl/workbook.xml", NULL);
	CHECK_STR(sniff_container((char *)b, n, reason, sizeof(reason)), "excel-workbook");
	CHECK(strstr(reason, "Save As > 'CSV UTF-8") != NULL);
	/* Numbers, OpenDocument, another zip */
	n = zip_entry(b, "Index/Document.iwa", NULL);
	CHECK_STR(sniff_container((char *)b, n, reason, sizeof(reason)), "numbers-document");
	CHECK(strstr(reason, "Export To > CSV") != NULL);
	n = zip_entry(b, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
	CHECK_STR(sniff_container((char *)b, n, reason, sizeof(reason)),
		  "opendocument-spreadsheet");
	n = zip_entry(b, "Download.CSV", "a,b");
	CHECK_STR(sniff_container((char *)b, n, reason, sizeof(reason)), "zip-archive");
	CHECK(strstr(reason, "unzip") != NULL);
	/* a header cut before the name ends is still a zip */
	CHECK_STR(sniff_container((char *)b, 34, reason, sizeof(reason)), "zip-archive");
	/* OLE2: with a Workbook stream name, an .xls */
	memset(b, 0, sizeof(b));
	memcpy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	CHECK_STR(sniff_container((char *)b, 1536, reason, sizeof(reason)), "office-document");
	memcpy(b + 1024, "W\0o\0r\0k\0b\0o\0o\0k\0", 16);
	CHECK_STR(sniff_container((char *)b, 1536, reason, sizeof(reason)), "excel-97-workbook");
	CHECK(strstr(reason, ".xls)") != NULL);
	/* text is none of them */
	CHECK(sniff_container("PK,Date,Type\n", 13, reason, sizeof(reason)) == NULL);
	CHECK(sniff_container("PK", 2, reason, sizeof(reason)) == NULL);
	CHECK(sniff_container("", 0, reason, sizeof(reason)) == NULL);
}

static void test_files(void)
{
	char path[512];
	const char *p;
	/* a PayPal activity download as a spreadsheet re-saves it */
	static const char semi[] =
		"\"Date\";\"Time\";\"TimeZone\";\"Name\";\"Type\";\"Status\";\"Currency\";\"Gross\";"
		"\"Fee\";\"Net\";\"Transaction ID\";\"Balance\"\r\n"
		"\"03/02/2025\";\"10:00:00\";\"PST\";\"A Buyer\";\"Website Payment\";\"Completed\";"
		"\"USD\";\"10,00\";\"-0,59\";\"9,41\";\"TXN1\";\"9,41\"\r\n";
	static const char tab[] =
		"Date\tTime\tTimeZone\tName\tType\tStatus\tCurrency\tGross\tFee\tNet\t"
		"Transaction ID\tBalance\r\n"
		"3/2/2025\t10:00:00\tPST\tA Buyer\tWebsite Payment\tCompleted\tUSD\t10.00\t"
		"-0.59\t9.41\tTXN1\t9.41\r\n";
	unsigned char u16[2048];
	size_t i, n = 0;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	gzFile g;

	/* a real workbook, as Excel would save one */
	snprintf(path, sizeof(path), "%s/Download.xlsx", dir);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "Date", NULL);
	worksheet_write_string(ws, 0, 1, "Gross", NULL);
	worksheet_write_number(ws, 1, 1, 10.0, NULL);
	CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
	check_ingest(path, "excel-workbook", "not a CSV");
	/* the same, gzipped: sniffed after inflating */
	{
		FILE *f = fopen(path, "rb");
		static unsigned char x[65536];
		size_t xl = fread(x, 1, sizeof(x), f);

		fclose(f);
		snprintf(path, sizeof(path), "%s/Download.xlsx.gz", dir);
		g = gzopen(path, "wb");
		gzwrite(g, x, (unsigned)xl);
		gzclose(g);
		check_ingest(path, "excel-workbook", NULL);
	}
	/* a semicolon copy is the PayPal activity download it was */
	p = write_file("semi.csv", semi, strlen(semi));
	check_ingest(p, "paypal-activity", NULL);
	/* "Unicode Text": UTF-16LE with a BOM, tab-delimited */
	u16[n++] = 0xFF;
	u16[n++] = 0xFE;
	for (i = 0; tab[i]; i++) {
		u16[n++] = (unsigned char)tab[i];
		u16[n++] = 0;
	}
	p = write_file("unicode.txt", u16, n);
	check_ingest(p, "paypal-activity", NULL);
	/* the same cut to an odd byte count: the header line still reads,
	 * the cut shows when the rows are read (test_parse_marketplaces) */
	p = write_file("odd.txt", u16, n - 1);
	check_ingest(p, "paypal-activity", NULL);
	unlink(path);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_heads();
	test_files();
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return tap_done();
}
