/*
 * test_report.c - the audit workbook, read back as a spreadsheet.
 *
 * Builds a small state file through the store's functions (a tied USD
 * settlement with an invoice and a credit note, their payments and
 * transfer, a replaced earlier version, an untied one with no documents,
 * a tied JPY one, files, rejects, a batch), writes the workbook and reads
 * it back with
 * Python's openpyxl: sheet names, headers, amounts as real numbers with
 * the currency's decimals, dates as dates, the Summary's reconciliation
 * and counts, the charts and their Monthly figures, links between sheets
 * and to Xero, print set-up and widths, the cut of an over-long cell,
 * frozen headers and autofilters, a resolved problem in History. Also: no
 * temp file left behind, continuation sheets, an unknown run id, an
 * unwritable folder.
 * Needs python3 with openpyxl (Debian: python3-openpyxl); without it the
 * test fails and says so.
 */
#include "report/report.h"
#include "store/batches.h"
#include "store/completeness.h"
#include "store/documents.h"
#include "store/meta.h"
#include "store/posting.h"
#include "store/rejects.h"
#include "store/runs.h"
#include "store/settlements.h"
#include "store/sources.h"
#include "store/takeback.h"
#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

/* The readback: one "key=value" line per fact. */
static const char *py_script =
	"import sys, datetime, openpyxl\n"
	"wb = openpyxl.load_workbook(sys.argv[1])\n"
	"def v(x):\n"
	"    if isinstance(x, float) and x.is_integer(): x = int(x)\n"
	"    if isinstance(x, datetime.datetime): x = x.date().isoformat()\n"
	"    return '' if x is None else str(x)\n"
	"print('sheets=' + ','.join(wb.sheetnames))\n"
	"for ws in wb.worksheets:\n"
	"    t = ws.title\n"
	"    print('freeze.%s=%s' % (t, ws.freeze_panes))\n"
	"    print('filter.%s=%s' % (t, ws.auto_filter.ref))\n"
	"    print('header.%s=%s' % (t, '|'.join(v(c.value) for c in ws[1])))\n"
	"    print('rows.%s=%d' % (t, ws.max_row))\n"
	"    ps = ws.page_setup\n"
	"    print('paper.%s=%s|%s|%s|%s|%s' % (t, ps.orientation,\n"
	"          ws.sheet_properties.pageSetUpPr.fitToPage, ps.fitToWidth or 1,\n"
	"          1 if ps.fitToHeight is None else ps.fitToHeight, ws.print_title_rows))\n"
	"    print('footer.%s=%s' % (t, ws.oddFooter.right.text))\n"
	"    for k, d in ws.column_dimensions.items():\n"
	"        print('width.%s.%s=%d' % (t, k, round(d.width or 0)))\n"
	"    n = 0\n"
	"    for row in ws.iter_rows():\n"
	"        for c in row:\n"
	"            if c.hyperlink and n < 40:\n"
	"                h = c.hyperlink\n"
	"                print('link.%s.%s=%s|%s' % (t, c.coordinate, h.target or h.location, v(c.value)))\n"
	"                n += 1\n"
	"ws = wb['Summary']\n"
	"print('title=' + v(ws['A1'].value))\n"
	"mode = 'rec'\n"
	"for r in ws.iter_rows(min_row=6):\n"
	"    c = [x.value for x in r] + [None] * 16\n"
	"    if c[2] == 'Documents': mode = 'docs'\n"
	"    if c[0] and c[1] and c[1] != 'Currency':\n"
	"        print('%s.%s.%s=%s' % (mode, c[0], c[1], '|'.join(v(x) for x in c[2:15 if mode == 'rec' else 9])))\n"
	"    if c[10] and c[13] is not None:\n"
	"        print('count.%s=%s%s' % (c[10], v(c[13]), '|' + v(c[14]) if c[14] else ''))\n"
	"ws = wb['Charts']\n"
	"print('charts=%d' % len(ws._charts))\n"
	"for i, ch in enumerate(ws._charts):\n"
	"    print('chart.%d=%s' % (i, '|'.join(s.val.numRef.f for s in ch.series)))\n"
	"ws = wb['Monthly']\n"
	"for r in ws.iter_rows(min_row=2, values_only=True):\n"
	"    if r[0] and isinstance(r[1], str) and r[2]:\n"
	"        print('month.%s.%s.%s=%s' % (r[0], r[1], r[2], '|'.join(v(x) for x in r[3:16])))\n"
	"    elif r[0] and r[0] != 'Month' and r[1] is not None:\n"
	"        print('dmonth.%s=%s' % (r[0], '|'.join(v(x) for x in r[1:4])))\n"
	"ws = wb['Settlements']\n"
	"for r in ws.iter_rows(min_row=2):\n"
	"    c = [x.value for x in r]\n"
	"    print('st.%s=%s' % (c[1], '|'.join(v(x) for x in c)))\n"
	"    print('stfmt.%s=%s' % (c[1], r[6].number_format))\n"
	"for n in ('Documents', 'Payments'):\n"
	"    ws = wb[n]\n"
	"    for i, r in enumerate(ws.iter_rows(min_row=2)):\n"
	"        c = [x.value for x in r]\n"
	"        print('%s.%d=%s' % (n[:3].lower(), i, '|'.join(v(x) for x in c[0:12])))\n"
	"ws = wb['Lines']\n"
	"for r in ws.iter_rows(min_row=2):\n"
	"    c = [x.value for x in r]\n"
	"    print('line.%s.%s=%s|%s' % (c[0], v(c[1]), v(c[7]), c[8]))\n"
	"    s = c[10] or ''\n"
	"    print('rowslen.%s.%s=%d' % (c[0], v(c[1]), len(s)))\n"
	"    print('rowstail.%s.%s=%s' % (c[0], v(c[1]), s[-16:]))\n"
	"for n in ('Rejects', 'History'):\n"
	"    if n in wb.sheetnames:\n"
	"        for i, r in enumerate(wb[n].iter_rows(min_row=2, values_only=True)):\n"
	"            print('%s.%d=%s' % (n[:4].lower(), i, '|'.join(v(x) for x in r)))\n";

#define MAXLINES 600
static char out_lines[MAXLINES][1024];
static int nout;

/* The value of "key=..." in the last readback, or NULL. */
static const char *got(const char *key)
{
	size_t kl = strlen(key);
	int i;

	for (i = 0; i < nout; i++)
		if (!strncmp(out_lines[i], key, kl) && out_lines[i][kl] == '=')
			return out_lines[i] + kl + 1;
	return NULL;
}

static const char *python(void)
{
	static const char *cands[] = { NULL, "/usr/bin/python3", "python3" };
	static char cmd[512];
	size_t i;

	cands[0] = getenv("LL_PYTHON");
	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		if (!cands[i])
			continue;
		snprintf(cmd, sizeof(cmd), "%s -c 'import openpyxl' >/dev/null 2>&1",
			 cands[i]);
		if (system(cmd) == 0)
			return cands[i];
	}
	return NULL;
}

/* Run the readback on xlsx; 0 if it ran. */
static int readback(const char *py, const char *xlsx)
{
	char script[300], cmd[1024];
	FILE *f, *p;

	snprintf(script, sizeof(script), "%s/readback.py", dir);
	f = fopen(script, "w");
	if (!f)
		return -1;
	fputs(py_script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s %s %s", py, script, xlsx);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	nout = 0;
	while (nout < MAXLINES && fgets(out_lines[nout], sizeof(out_lines[0]), p)) {
		out_lines[nout][strcspn(out_lines[nout], "\n")] = '\0';
		nout++;
	}
	return pclose(p) == 0 ? 0 : -1;
}

static int leftover_tmp(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp-") != NULL;
	closedir(d);
	return n;
}

/* The state is built through the store's own functions, as the stages
 * write it (ids follow insertion order: sources 1-3, settlements 1-3,
 * documents 1-7 with the replaced version first, batch 1). */

static void add_source(struct state *st, const char *path, int64_t size,
		       const char *hash, const char *format, const char *status,
		       const char *reason, int64_t rows, int64_t settlements,
		       const char *first, const char *last)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_source_end e = { format, status, reason, rows, settlements,
				      first, last, hash };
	int64_t id = 0;

	CHECK_INT(store_source_start(st, path, size, 0, &id, &err), 0);
	CHECK_INT(store_source_finish(st, id, &e, &err), 0);
}

static void add_settlement(struct state *st, const char *id, const char *start,
			   const char *end, const char *deposit_date, const char *cur,
			   int64_t total, int64_t events_sum, size_t events,
			   const char *status, const char *note)
{
	struct ll_err err = LL_ERR_INIT;
	struct deposit d;
	int64_t sid = 0;

	memset(&d, 0, sizeof(d));
	snprintf(d.platform, sizeof(d.platform), "amazon");
	snprintf(d.id, sizeof(d.id), "%s", id);
	snprintf(d.start_date, sizeof(d.start_date), "%s", start);
	snprintf(d.end_date, sizeof(d.end_date), "%s", end);
	snprintf(d.deposit_date, sizeof(d.deposit_date), "%s", deposit_date);
	snprintf(d.currency, sizeof(d.currency), "%s", cur);
	d.total = total;
	d.events_sum = events_sum;
	d.nev = events;
	CHECK_INT(store_settlement_put(st, &d, 1, status, note, 1, &sid, &err), 0);
}

/* A document of settlement sid, with up to three lines. */
struct tdoc {
	int64_t sid;
	const char *key, *kind, *xtype, *number, *reference, *contact, *date, *due;
	const char *cur;
	int64_t total, signed_total;
	const char *rows;
};

static void add_doc(struct state *st, const struct tdoc *t, struct doc_line *lines,
		    size_t nlines)
{
	struct ll_err err = LL_ERR_INIT;
	struct doc d;

	memset(&d, 0, sizeof(d));
	snprintf(d.natural_key, sizeof(d.natural_key), "%s", t->key);
	snprintf(d.kind, sizeof(d.kind), "%s", t->kind);
	snprintf(d.xero_type, sizeof(d.xero_type), "%s", t->xtype);
	snprintf(d.number, sizeof(d.number), "%s", t->number);
	snprintf(d.reference, sizeof(d.reference), "%s", t->reference);
	snprintf(d.contact, sizeof(d.contact), "%s", t->contact);
	snprintf(d.date, sizeof(d.date), "%s", t->date);
	snprintf(d.due_date, sizeof(d.due_date), "%s", t->due);
	d.total = t->total;
	d.signed_total = t->signed_total;
	d.source_rows = (char *)t->rows;
	d.lines = lines;
	d.nlines = nlines;
	CHECK_INT(store_doc_insert(st, t->sid, t->cur, &d, NULL, &err), 0);
}

static struct doc_line line(const char *category, const char *account, const char *tax,
			    const char *description, int64_t amount, long events,
			    const char *rows)
{
	struct doc_line l;

	memset(&l, 0, sizeof(l));
	snprintf(l.category, sizeof(l.category), "%s", category);
	snprintf(l.account, sizeof(l.account), "%s", account);
	snprintf(l.tax_type, sizeof(l.tax_type), "%s", tax);
	snprintf(l.description, sizeof(l.description), "%s", description);
	l.amount = amount;
	l.event_count = events;
	l.source_rows = (char *)rows;
	return l;
}

static void build_state(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	struct tdoc t[7];
	struct doc_line l0[3], l1[1], l2[1];
	char *longrows = malloc(60000);
	size_t len = 0, i;
	int64_t batch = 0;
	int changed = 0;

	/* a provenance list far longer than a cell holds: "a.txt:1,3,5,..." */
	len += (size_t)snprintf(longrows, 60000, "a.txt:1");
	for (i = 3; len < 50000; i += 2)
		len += (size_t)snprintf(longrows + len, 60000 - len, ",%zu", i);

	CHECK_INT(store_run_start(st, "plan", "settlement", "[]", &err), 0);
	CHECK_INT(store_run_finish(st, "done", 0, &err), 0);
	CHECK_INT(state_begin(st, &err), 0);
	add_source(st, "in/s1.txt", 1234, "aa", "amazon-settlement-v2", "parsed", NULL, 40,
		   3, "2024-01-01", "2024-02-01");
	add_source(st, "in/notes.pdf", 99, "bb", "unknown", "skipped",
		   "not a settlement export", 0, 0, NULL, NULL);
	add_source(st, "in/bad.gz", 10, NULL, "unknown", "error", "truncated gzip", 0, 0,
		   NULL, NULL);
	add_settlement(st, "S1", "2024-01-01", "2024-01-14", "2024-01-15", "USD", 10000,
		       10000, 12, "tied", NULL);
	add_settlement(st, "S2", "2024-01-15", "2024-01-31", "2024-02-01", "USD", 5000,
		       4999, 7, "untied", "Amazon reported 50.00, rows sum to 49.99");
	add_settlement(st, "J1", "2024-01-01", "2024-01-14", "2024-01-20", "JPY", 123456,
		       123456, 3, "tied", NULL);

	memset(t, 0, sizeof(t));
	t[0] = (struct tdoc){ 1, "amazon:S1:Invoice:1", "Invoice", "ACCREC", "AMZ-S1-1",
			      "Amazon S1", "Amazon.com", "2024-01-15", "2024-01-15", "USD",
			      12000, 12000, "in/s1.txt:2-9" };
	l0[0] = line("Order/ItemPrice/Principal", "200", "OUTPUT", "Sales", 11999, 5,
			     "in/s1.txt:2-6");
	l0[1] = line("Order/ItemPrice/Shipping", "200", "OUTPUT", "Shipping", 1, 3,
			     "in/s1.txt:7-9");
	l0[2] = line("Order/Other", "", "", "", 0, 1, longrows);
	t[1] = (struct tdoc){ 1, "amazon:S1:CreditNote:1", "CreditNote", "ACCRECCREDIT",
			      "AMZ-S1-CN1", "Amazon S1 refunds", "Amazon.com", "2024-01-15", "",
			      "USD", 2000, -2000, "in/s1.txt:10-13" };
	/* lines count toward the deposit as planning writes them: a credit
	 * note's negative */
	l1[0] = line("Refund/ItemPrice/Principal", "200", "OUTPUT", "Refunds", -2000,
			     4, "in/s1.txt:10-13");
	t[2] = (struct tdoc){ 3, "amazon:J1:Invoice:1", "Invoice", "ACCREC", "AMZ-J1-1",
			      "Amazon J1", "Amazon.co.jp", "2024-01-20", "2024-01-20", "JPY",
			      123456, 123456, "in/s1.txt:20-22" };
	l2[0] = line("Order/ItemPrice/Principal", "200", "OUTPUT", "Sales", 123456,
			     3, "in/s1.txt:20-22");
	/* an earlier version, replaced in Xero: counts no more */
	t[3] = (struct tdoc){ 1, "amazon:S1:Invoice:1", "Invoice", "ACCREC", "AMZ-S1-1",
			      "Amazon S1", "Amazon.com", "2024-01-15", "2024-01-15", "USD",
			      9000, 9000, "in/s1.txt:2-9" };
	/* the invoice paid into clearing, the credit note refunded out of it,
	 * the payout transferred on to the bank */
	t[4] = (struct tdoc){ 1, "amazon:S1:Invoice:1:payment", "Payment", "ACCRECPAYMENT",
			      "AMZ-S1-1, Amazon settlement S1",
			      "AMZ-S1-1, Amazon settlement S1", "Amazon.com", "2024-01-15", "",
			      "USD", 12000, 0, "in/s1.txt:2-9" };
	t[5] = (struct tdoc){ 1, "amazon:S1:CreditNote:1:payment", "Payment",
			      "ARCREDITPAYMENT", "AMZ-S1-CN1, Amazon settlement S1",
			      "AMZ-S1-CN1, Amazon settlement S1", "Amazon.com", "2024-01-15", "",
			      "USD", 2000, 0, "in/s1.txt:10-13" };
	t[6] = (struct tdoc){ 1, "amazon:S1:transfer", "BankTransfer", "TRANSFER",
			      "Amazon settlement S1", "Amazon settlement S1", "", "2024-01-15",
			      "", "USD", 10000, 0, "in/s1.txt:1" };
	/* the earlier version went to Xero first and was replaced: posted,
	 * superseded (its key freed for the new version), replaced */
	add_doc(st, &t[3], NULL, 0);
	CHECK_INT(store_post_found(st, 1, t[3].number, "00000000-0000-0000-0000-00000000000a",
				   &changed, &err), 0);
	CHECK_INT(changed, 1);
	CHECK_INT(store_doc_supersede(st, 1, "superseded", &err), 0);
	CHECK_INT(store_takeback_record(st, 1, "superseded", "replaced", "replaced", &err), 0);
	add_doc(st, &t[0], l0, 3);
	add_doc(st, &t[1], l1, 1);
	add_doc(st, &t[2], l2, 1);
	for (i = 4; i < 7; i++)
		add_doc(st, &t[i], NULL, 0);
	CHECK_INT(store_batch_insert(st, 1, "Invoices", &batch, &err), 0);
	CHECK_INT(store_batch_set_size(st, batch, 3, 4096, &err), 0);
	for (i = 1; i <= 7; i++)
		CHECK_INT(store_batch_add_doc(st, batch, (int64_t)i, &err), 0);
	/* the payments and the transfer (documents 5-7) are in Xero */
	for (i = 4; i < 7; i++) {
		CHECK_INT(store_post_found(st, (int64_t)i + 1, t[i].number,
					   "00000000-0000-0000-0000-00000000000b", &changed, &err),
			  0);
		CHECK_INT(changed, 1);
	}
	CHECK_INT(store_reject_add(st, 1, "in/s1.txt", 30, "warning", "untied",
				   "S2 does not tie", &err), 0);
	CHECK_INT(store_reject_add(st, 3, "in/bad.gz", 0, "error", "truncated-gzip",
				   "cut short", &err), 0);
	CHECK_INT(store_reject_add(st, 1, "in/s1.txt", 4, "error", "bad-amount", "x\x01y",
				   &err), 0);
	/* the completeness ledger of in/s1.txt: what the Summary's held back
	 * and left out count (rows, money per currency), not the messages */
	CHECK_INT(store_completeness_add(st, 1, "USD", "imported", "", 6, 10000, &err), 0);
	CHECK_INT(store_completeness_add(st, 1, "USD", "left", "untied", 2, 5000, &err), 0);
	CHECK_INT(store_completeness_add(st, 1, "", "left", "unreadable", 1, 0, &err), 0);
	CHECK_INT(store_completeness_add(st, 1, "JPY", "held", "not-paid-out", 1, 500, &err), 0);
	/* a run-level problem of run 1 (pre-flight), resolved by run 2 */
	CHECK_INT(store_reject_add(st, 0, "", 0, "error", "preflight", "currency JPY is not"
				   " enabled", &err), 0);
	CHECK_INT(store_meta_write(st, "xero_shortcode", "!Tst9x", &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(store_run_start(st, "run", "settlement", "[]", &err), 0);
	CHECK_INT(store_reject_retire(st, "preflight", 0, &err), 0);
	CHECK_INT(store_run_finish(st, "done", 0, &err), 0);
	free(longrows);
}

static void check_workbook(const char *py, const char *xlsx)
{
	static const char *const sheets[] = {
		"Read me", "Summary", "Charts", "Settlements", "Documents", "Payments",
		"Lines", "Files", "Completeness", "Coverage", "Rejects", "History", "Monthly", "Batches", "Calls" };
	char key[64];
	const char *t;
	long n;
	size_t i;

	CHECK_INT(readback(py, xlsx), 0);
	CHECK_STR(got("sheets"), "Read me,Summary,Charts,Settlements,Documents,Payments,Lines,"
		  "Files,Completeness,Coverage,Rejects,History,Monthly,Batches,Calls");
	CHECK_STR(got("title"), "Test audit");

	/* every sheet prints landscape, one page wide; the Summary on one
	 * page; a table's header row on every page; page numbers below */
	for (i = 0; i < sizeof(sheets) / sizeof(sheets[0]); i++) {
		snprintf(key, sizeof(key), "paper.%s", sheets[i]);
		t = got(key);
		CHECK(t && strstr(t, "landscape|True|1|") == t);
		snprintf(key, sizeof(key), "footer.%s", sheets[i]);
		CHECK_STR(got(key), "Page &P of &N");
	}
	CHECK_STR(got("paper.Summary"), "landscape|True|1|1|None");
	CHECK_STR(got("paper.Settlements"), "landscape|True|1|0|$1:$1");
	CHECK_STR(got("paper.Lines"), "landscape|True|1|0|$1:$1");

	CHECK_STR(got("header.Settlements"),
		  "Platform|Deposit id|Start|End|Deposit date|Currency|"
		  "Deposit amount|Events total|Documents total|Difference|Tie|"
		  "Events|Documents|Lines|Paid via clearing|Transfer to bank|Note|"
		  "Source file");
	CHECK_STR(got("header.Documents"),
		  "Number|Kind|Xero type|Date|Due date|Contact|Reference|Currency|Total|"
		  "Status|Deposit id|Order id|Batch|Xero id|Message|Source rows");
	CHECK_STR(got("header.Files"),
		  "Path|Format|Status|Reason|Rows|Settlements|First date|Last date|"
		  "Size (bytes)|Content hash");
	CHECK_STR(got("freeze.Settlements"), "A2");
	CHECK_STR(got("freeze.Lines"), "A2");
	CHECK_STR(got("filter.Settlements"), "A1:R4");
	CHECK_STR(got("filter.Batches"), "A1:H2");
	/* widths fit what is in them: the format name, a date */
	t = got("width.Files.B");
	n = t ? strtol(t, NULL, 10) : 0;
	CHECK(n >= (long)strlen("amazon-settlement-v2") && n <= 40);
	t = got("width.Settlements.E");
	n = t ? strtol(t, NULL, 10) : 0;
	CHECK(n >= 12);

	/* Settlements: real numbers, the currency's decimals, real dates, one
	 * tie column; documents and lines linked to their first row */
	CHECK_STR(got("st.S1"),
		  "amazon|S1|2024-01-01|2024-01-14|2024-01-15|USD|100|100|100|0|"
		  "ties|12|2|4|100|100||in/s1.txt");
	CHECK_STR(got("st.S2"),
		  "amazon|S2|2024-01-15|2024-01-31|2024-02-01|USD|50|49.99|0|50|"
		  "rows do not tie|7|0|0|||Amazon reported 50.00, rows sum to 49.99|"
		  "in/s1.txt");
	CHECK_STR(got("st.J1"),
		  "amazon|J1|2024-01-01|2024-01-14|2024-01-20|JPY|123456|123456|"
		  "123456|0|ties|3|1|1||||in/s1.txt");
	CHECK_STR(got("stfmt.S1"), "#,##0.00;-#,##0.00");
	CHECK_STR(got("stfmt.J1"), "#,##0;-#,##0");
	/* J1 sorts first (JPY): row 2; S1 row 3 */
	CHECK_STR(got("link.Settlements.M2"), "'Documents'!A5|1");
	CHECK_STR(got("link.Settlements.N2"), "'Lines'!A6|1");
	CHECK_STR(got("link.Settlements.M3"), "'Documents'!A2|2");
	CHECK_STR(got("link.Settlements.N3"), "'Lines'!A2|4");
	CHECK(got("link.Settlements.M4") == NULL); /* S2: nothing planned */

	/* Summary: the deposits taken apart, per platform and currency; the
	 * untied S2 is the USD difference */
	CHECK_STR(got("rec.Amazon.USD"), "2|120|-20|0|0|0|0|0|0|100|150|50|differs");
	CHECK_STR(got("rec.Amazon.JPY"), "1|123456|0|0|0|0|0|0|0|123456|123456|0|ties");
	CHECK_STR(got("rec.All platforms.USD"), "2|120|-20|0|0|0|0|0|0|100|150|50|differs");
	CHECK_STR(got("docs.Amazon.USD"), "2|0|2|0|100|0|100");
	CHECK_STR(got("docs.Amazon.JPY"), "1|0|1|0|123456|0|123456");
	CHECK_STR(got("count.Settlements tied"), "2");
	CHECK_STR(got("count.Settlements not tied"), "1");
	CHECK_STR(got("count.Duplicates (not imported again)"), "0");
	CHECK_STR(got("count.Conflicting copies (not imported)"), "0");
	CHECK_STR(got("count.Rows held back (1)"), "1|JPY 500");
	CHECK_STR(got("count.Rows left out (1)"), "3|USD 50.00");
	CHECK_STR(got("count.Files recognised"), "1");
	CHECK_STR(got("count.Files skipped"), "1");
	CHECK_STR(got("count.Files with errors"), "1");
	CHECK_STR(got("count.Documents (invoices, credit notes)"), "4");
	CHECK_STR(got("count.Payments and transfers"), "3");
	CHECK_STR(got("count.Errors (rows or files not used)"), "2");
	CHECK_STR(got("count.Warnings"), "1");
	CHECK_STR(got("count.Resolved by a later run (History)"), "1");
	/* the Summary links to the other sheets */
	CHECK_STR(got("link.Summary.C4"), "'Charts'!A1|Charts");
	CHECK_STR(got("link.Summary.D4"), "'Settlements'!A1|Settlements");

	/* Charts: documents by month, then one per platform and currency,
	 * pointing into Monthly */
	CHECK_STR(got("charts"), "3");
	CHECK_STR(got("chart.0"), "Monthly!$B$8:$B$8|Monthly!$C$8:$C$8|Monthly!$D$8:$D$8");
	CHECK_STR(got("chart.1"), "Monthly!$G$2:$G$2|Monthly!$H$2:$H$2|Monthly!$L$2:$L$2");
	CHECK_STR(got("chart.2"), "Monthly!$G$3:$G$4|Monthly!$H$3:$H$4|Monthly!$L$3:$L$4");
	CHECK_STR(got("month.amazon.USD.2024-01"),
		  "1|120|-20|100|0|0|0|100|100|100|100|0|ties");
	CHECK_STR(got("month.amazon.USD.2024-02"), "1|0|0|0|0|0|0|0|50|49.99|0|50|not planned");
	CHECK_STR(got("dmonth.2024-01"), "0|3|0");

	/* Documents: one total, signed as it counts toward the deposit; the
	 * replaced version first; no links until posted */
	CHECK_STR(got("doc.0"), "AMZ-S1-1|Invoice|ACCREC|2024-01-15|2024-01-15|Amazon.com|"
		  "Amazon S1|USD|90|replaced|S1|");
	CHECK_STR(got("doc.2"), "AMZ-S1-CN1|CreditNote|ACCRECCREDIT|2024-01-15||Amazon.com|"
		  "Amazon S1 refunds|USD|-20|planned|S1|");
	CHECK(got("link.Documents.A2") == NULL);
	CHECK_STR(got("link.Documents.K2"), "'Settlements'!A3|S1");
	CHECK_STR(got("link.Documents.K5"), "'Settlements'!A2|J1");
	/* Payments: what moves the money, each posted one linked to Xero with
	 * the organisation's ShortCode; a transfer has no page by id */
	CHECK_STR(got("pay.0"), "AMZ-S1-1, Amazon settlement S1|Payment|ACCRECPAYMENT|"
		  "2024-01-15|USD|120|posted|S1|AMZ-S1-1|1|"
		  "00000000-0000-0000-0000-00000000000b|found in Xero after an unknown"
		  " outcome");
	CHECK_STR(got("link.Payments.A2"),
		  "https://go.xero.com/organisationlogin/default.aspx?shortcode=!Tst9x&"
		  "redirecturl=/Bank/ViewTransaction.aspx?bankTransactionID="
		  "00000000-0000-0000-0000-00000000000b|AMZ-S1-1, Amazon settlement S1");
	CHECK(got("link.Payments.A4") == NULL);
	CHECK_STR(got("line.AMZ-S1-1.2"), "0.01|USD");
	CHECK_STR(got("line.AMZ-J1-1.1"), "123456|JPY");

	/* The over-long provenance is cut between entries and says so. */
	t = got("rowslen.AMZ-S1-1.3");
	n = t ? strtol(t, NULL, 10) : 0;
	CHECK(n > 30000 && n <= 32767);
	t = got("rowstail.AMZ-S1-1.3");
	CHECK(t && strstr(t, "\xE2\x80\xA6(+") && strstr(t, " more)"));

	/* Rejects as they stand, by path and line; a control character made
	 * harmless; the pre-flight problem run 2 resolved is in History */
	CHECK_STR(got("reje.0"), "error|truncated-gzip|in/bad.gz|0|cut short|1");
	CHECK_STR(got("reje.1"), "error|bad-amount|in/s1.txt|4|x\xEF\xBF\xBDy|1");
	CHECK_STR(got("reje.2"), "warning|untied|in/s1.txt|30|S2 does not tie|1");
	CHECK(got("reje.3") == NULL);
	CHECK_STR(got("hist.0"), "1|2|error|preflight||0|currency JPY is not enabled");
}

int main(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct report_opts o = REPORT_OPTS_INIT;
	struct state *st = NULL;
	char db[300], xlsx[300], bad[300];
	const char *py;
	struct stat sb;

	snprintf(dir, sizeof(dir), "/tmp/ll_test_report_XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(db, sizeof(db), "%s/state.db", dir);
	snprintf(xlsx, sizeof(xlsx), "%s/audit.xlsx", dir);
	CHECK_INT(state_open(&st, db, &err), 0);
	if (!st)
		return tap_done();
	build_state(st);

	o.title = "Test audit";
	CHECK_INT(report_write(st, xlsx, &o, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "report_write: %s\n", err.msg);
	CHECK(stat(xlsx, &sb) == 0 && sb.st_size > 1000);
	CHECK_INT(leftover_tmp(), 0);

	py = python();
	if (!py) {
		fprintf(stderr, "FAILED: test_report needs python3 with openpyxl to "
			"read the workbook back (Debian: apt-get install "
			"python3-openpyxl; or set LL_PYTHON)\n");
		CHECK(py != NULL);
	} else {
		check_workbook(py, xlsx);
	}

	/* Rewriting replaces the old workbook; long tables continue on
	 * further sheets. */
	o.rows_per_sheet = 2;
	CHECK_INT(report_write(st, xlsx, &o, &err), 0);
	CHECK_INT(leftover_tmp(), 0);
	if (py) {
		CHECK_INT(readback(py, xlsx), 0);
		CHECK_STR(got("sheets"),
			  "Read me,Summary,Charts,Settlements,Settlements (2),"
			  "Documents,Documents (2),Payments,Payments (2),Lines,"
			  "Lines (2),Lines (3),Files,Files (2),Completeness,Coverage,Rejects,"
			  "Rejects (2),History,Monthly,Batches,Calls");
		/* links into continued sheets: J1's document is the 4th */
		CHECK_STR(got("link.Settlements.M2"), "'Documents (2)'!A3|1");
		CHECK_STR(got("link.Settlements.N2"), "'Lines (3)'!A2|1");
		CHECK_STR(got("rows.Lines (3)"), "2");
		CHECK_STR(got("header.Lines (3)"),
			  "Document|Line|Category|Account|Tax type|Description|"
			  "Tracking|Amount|Currency|Events|Source rows");
	}

	/* An unknown run is an error, and nothing is left behind. */
	o.rows_per_sheet = 0;
	o.run_id = 42;
	CHECK_INT(report_write(st, xlsx, &o, &err), LL_ENOTFOUND);
	CHECK(strstr(err.msg, "run 42") != NULL);
	CHECK_INT(leftover_tmp(), 0);
	o.run_id = 1;
	CHECK_INT(report_write(st, xlsx, &o, &err), 0);

	/* A folder that does not exist: a clear error. */
	snprintf(bad, sizeof(bad), "%s/no/such/dir/audit.xlsx", dir);
	ll_err_clear(&err);
	CHECK_INT(report_write(st, bad, &o, &err), LL_ERROR);
	CHECK(strstr(err.msg, "temp file") != NULL);

	state_close(st);
	if (!tap_fail) {
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return tap_done();
}
