/* test_resaved.c - every CSV export as a spreadsheet re-saves it: each of
 * our samples (Amazon Date Range, Shopify transactions, payouts and
 * orders, WooCommerce WebToffee and Advanced Order Export, eBay transaction
 * and orders reports and File Exchange, PayPal activity and statement)
 * copied with semicolons and decimal commas (Excel in a German or French
 * locale), and with tabs as UTF-16 with a byte-order mark (Excel's
 * "Unicode Text"), must give the same deposits as the original: the same
 * ids and totals, tied alike, with as many errors. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "formats/parse.h"
#include "plan/normalize.h"
#include "util/csvrec.h"

#define MAXDEP 64

struct got {
	int ndep;
	char id[MAXDEP][64];
	int64_t total[MAXDEP], sum[MAXDEP];
	int tied[MAXDEP];
	int errors;
	char kind[64];
};

static int on_dep(void *ctx, struct deposit *d)
{
	struct got *g = ctx;
	char note[600];
	size_t i;
	int k = g->ndep++;

	if (k >= MAXDEP)
		return 0;
	snprintf(g->id[k], 64, "%.63s", d->id);
	g->total[k] = d->total;
	for (i = 0; i < d->nev; i++)
		g->sum[k] += d->ev[i].amount;
	g->tied[k] = normalize_deposit(d, note, sizeof(note));
	return 0;
}

static int on_rej(void *ctx, const char *path, long line, const char *sev, const char *code,
		  const char *msg)
{
	struct got *g = ctx;

	(void)path;
	(void)line;
	(void)code;
	if (!strcmp(sev, "error")) {
		g->errors++;
		fprintf(stderr, "  error: %s\n", msg);
	}
	return 0;
}

static int parse_path(const char *path, struct got *g)
{
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = { g, on_dep, on_rej, NULL, NULL, NULL };
	struct parse_stats st;
	int rc, opened;

	memset(g, 0, sizeof(*g));
	rc = tap_parse_path(path, &sink, &st, g->kind, sizeof(g->kind), &opened, &err);
	if (rc && opened)
		fprintf(stderr, "  %s: %s\n", path, err.msg);
	return rc;
}

/* "12.50", "-$900.00", "£3.95": one '.' between digits, no letters or
 * other separators; written with a decimal comma by a German Excel */
static int dot_decimal(const char *p, size_t n, size_t *dot)
{
	size_t i, ndot = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == '.') {
			if (!i || i + 1 >= n || p[i - 1] < '0' || p[i - 1] > '9' || p[i + 1] < '0' ||
			    p[i + 1] > '9')
				return 0;
			ndot++;
			*dot = i;
		} else if (!((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '$' ||
			     ch == ' ' || ch >= 0x80)) {
			return 0;
		}
	}
	return ndot == 1;
}

/* the file at src re-saved: with delim, decimal commas when comma is set,
 * as UTF-16LE with a BOM when utf16 is set */
static int resave(const char *src, char odelim, const char *dst, char delim, int comma,
		  int utf16)
{
	struct reader *r = NULL;
	struct lines l;
	struct csvrec *rec = csvrec_new();
	struct ll_err err = LL_ERR_INIT;
	struct buf out = BUF_INIT(64 * 1024 * 1024), u8 = BUF_INIT(16 * 1024 * 1024);
	FILE *f;
	size_t i;
	int rc;

	if (!rec || reader_open_file(&r, src, &err) || lines_init(&l, r))
		return -1;
	while ((rc = csvrec_next(rec, &l, odelim, &err)) == 1) {
		for (i = 0; i < rec->nf && i < CSVREC_MAX_FIELDS; i++) {
			struct field v = rec->f[i];
			size_t dot = 0, k;
			int quote = 0;

			if (i)
				buf_addc(&out, delim);
			if (rec->line == 1 && i == 0 && text_bom(v.p, v.len)) {
				v.p += 3; /* the original's BOM: the copy has its own */
				v.len -= 3;
			}
			for (k = 0; k < v.len; k++)
				quote |= v.p[k] == delim || v.p[k] == '"' || v.p[k] == '\n' ||
					 v.p[k] == '\r';
			if (quote || rec->quoted[i])
				buf_addc(&out, '"');
			for (k = 0; k < v.len; k++) {
				if (v.p[k] == '"')
					buf_addc(&out, '"');
				buf_addc(&out, comma && dot_decimal(v.p, v.len, &dot) && k == dot
						       ? ','
						       : v.p[k]);
			}
			if (quote || rec->quoted[i])
				buf_addc(&out, '"');
		}
		buf_add(&out, "\r\n", 2);
	}
	csvrec_delete(rec);
	lines_free(&l);
	reader_free(r);
	if (rc < 0)
		return -1;
	f = fopen(dst, "wb");
	if (!f)
		return -1;
	if (utf16) {
		/* as UTF-8 first (a CP1252 original is converted), then UTF-16LE */
		const unsigned char *p;
		size_t n;

		text_append_utf8(&u8, out.ptr, out.len);
		p = (const unsigned char *)u8.ptr;
		n = u8.len;
		fputc(0xFF, f);
		fputc(0xFE, f);
		for (i = 0; i < n;) {
			uint32_t cp;

			if (p[i] < 0x80) {
				cp = p[i++];
			} else if ((p[i] & 0xE0) == 0xC0) {
				cp = (uint32_t)(p[i] & 0x1F) << 6 | (p[i + 1] & 0x3F);
				i += 2;
			} else if ((p[i] & 0xF0) == 0xE0) {
				cp = (uint32_t)(p[i] & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 |
				     (p[i + 2] & 0x3F);
				i += 3;
			} else {
				cp = (uint32_t)(p[i] & 0x07) << 18 | (uint32_t)(p[i + 1] & 0x3F) << 12 |
				     (uint32_t)(p[i + 2] & 0x3F) << 6 | (p[i + 3] & 0x3F);
				i += 4;
			}
			if (cp >= 0x10000) {
				uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);

				fputc((int)(hi & 0xFF), f);
				fputc((int)(hi >> 8), f);
				cp = lo;
			}
			fputc((int)(cp & 0xFF), f);
			fputc((int)(cp >> 8), f);
		}
	} else {
		fwrite(out.ptr, 1, out.len, f);
	}
	fclose(f);
	buf_free(&out);
	buf_free(&u8);
	return 0;
}

static const struct {
	const char *file, *kind;
	char delim;
} samples[] = {
	{ "samples/amazon-daterange/2025Jul20-2025Dec31CustomUnifiedTransaction-US.csv",
	  "amazon-date-range", ',' },
	{ "samples/amazon-daterange/2024Jan1-2025Dec31CustomTransaction-DE.csv",
	  "amazon-date-range", ',' },
	{ "samples/shopify/payment_transactions_export_1.csv", "shopify-payments-transactions",
	  ',' },
	{ "samples/shopify/payouts_export.csv", "shopify-payouts", ',' },
	{ "samples/shopify/orders_export_1.csv", "shopify-orders", ',' },
	{ "samples/woocommerce/order_export_2023-11.csv", "woocommerce-webtoffee-csv", ',' },
	{ "samples/woocommerce/woo-order-export-2024-05.csv", "woocommerce-order-export-csv",
	  ',' },
	{ "samples/ebay/Transaction_report_20250601_20250630.csv", "ebay-transaction-report",
	  ',' },
	{ "samples/ebay/Transaktionsbericht_20251001_20251031.csv", "ebay-transaction-report",
	  ';' },
	{ "samples/ebay/eBay-OrdersReport-Jul-31-2026-10_00_00-0700-1000000001.csv",
	  "ebay-orders-report", ',' },
	{ "samples/ebay/ebay-sales-2017-11.csv", "ebay-file-exchange", ',' },
	{ "samples/paypal/Download-2023-2024.CSV", "paypal-activity", ',' },
	{ "samples/paypal/statement-2025.csv", "paypal-statement", ',' },
};

static void same(const struct got *a, const struct got *b, const char *what)
{
	int k, n = a->ndep < MAXDEP ? a->ndep : MAXDEP;

	fprintf(stderr, "#   %s\n", what);
	CHECK_STR(b->kind, a->kind);
	CHECK_INT(b->ndep, a->ndep);
	CHECK_INT(b->errors, a->errors);
	for (k = 0; k < n && k < b->ndep; k++) {
		CHECK_STR(b->id[k], a->id[k]);
		CHECK_INT(b->total[k], a->total[k]);
		CHECK_INT(b->sum[k], a->sum[k]);
		CHECK_INT(b->tied[k], a->tied[k]);
	}
}

int main(void)
{
	char dir[] = "/tmp/ll-test-resaved-XXXXXX", p1[300], p2[300];
	size_t i;

	if (!mkdtemp(dir))
		return 1;
	snprintf(p1, sizeof(p1), "%s/semicolon.csv", dir);
	snprintf(p2, sizeof(p2), "%s/unicode.txt", dir);
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		static struct got orig, copy;
		const char *src = tap_src(samples[i].file);
		char path[512];

		snprintf(path, sizeof(path), "%s", src);
		fprintf(stderr, "# %s\n", samples[i].file);
		CHECK_INT(parse_path(path, &orig), 0);
		CHECK_STR(orig.kind, samples[i].kind);
		CHECK(orig.ndep > 0);
		CHECK_INT(resave(path, samples[i].delim, p1, ';', 1, 0), 0);
		CHECK_INT(parse_path(p1, &copy), 0);
		same(&orig, &copy, "semicolons, decimal commas");
		CHECK_INT(resave(path, samples[i].delim, p2, '\t', 0, 1), 0);
		CHECK_INT(parse_path(p2, &copy), 0);
		same(&orig, &copy, "UTF-16, tabs");
	}
	unlink(p1);
	unlink(p2);
	rmdir(dir);
	return tap_done();
}
