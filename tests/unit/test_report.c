/*
 * test_report.c - the audit workbook, read back as a spreadsheet.
 *
 * Builds a small state file by SQL (a tied USD settlement with an invoice
 * and a credit note, an untied one with no documents, a tied JPY one,
 * files, rejects, a batch), writes the workbook and reads it back with
 * Python's openpyxl: sheet names, headers, amounts as real numbers with
 * the currency's decimals, dates as dates, the Summary tie, the cut of an
 * over-long cell, frozen headers and autofilters. Also: no temp file left
 * behind, continuation sheets, an unknown run id, an unwritable folder.
 * Needs python3 with openpyxl (Debian: python3-openpyxl); without it the
 * test fails and says so.
 */
#include "report/report.h"
#include "store/runs.h"
#include "store/store_int.h"
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
	"    print('freeze.%s=%s' % (ws.title, ws.freeze_panes))\n"
	"    print('filter.%s=%s' % (ws.title, ws.auto_filter.ref))\n"
	"    print('header.%s=%s' % (ws.title, '|'.join(v(c.value) for c in ws[1])))\n"
	"    print('rows.%s=%d' % (ws.title, ws.max_row))\n"
	"ws = wb['Summary']\n"
	"print('title=' + v(ws['A1'].value))\n"
	"for r in ws.iter_rows(min_row=5):\n"
	"    c = [x.value for x in r]\n"
	"    if c[0]: print('sum.%s.%s.%s=%s' % (c[0], c[1], c[2], '|'.join(v(x) for x in c[0:9])))\n"
	"    if len(c) > 11 and c[10]: print('count.%s=%s' % (c[10], v(c[11])))\n"
	"ws = wb['Settlements']\n"
	"for r in ws.iter_rows(min_row=2):\n"
	"    c = [x.value for x in r]\n"
	"    print('st.%s=%s' % (c[1], '|'.join(v(x) for x in c)))\n"
	"    print('stfmt.%s=%s' % (c[1], r[6].number_format))\n"
	"ws = wb['Documents']\n"
	"for r in ws.iter_rows(min_row=2):\n"
	"    c = [x.value for x in r]\n"
	"    print('doc.%s=%s' % (c[0], '|'.join(v(x) for x in c[0:12])))\n"
	"ws = wb['Lines']\n"
	"for r in ws.iter_rows(min_row=2):\n"
	"    c = [x.value for x in r]\n"
	"    print('line.%s.%s=%s|%s' % (c[0], v(c[1]), v(c[7]), c[8]))\n"
	"    s = c[10] or ''\n"
	"    print('rowslen.%s.%s=%d' % (c[0], v(c[1]), len(s)))\n"
	"    print('rowstail.%s.%s=%s' % (c[0], v(c[1]), s[-16:]))\n"
	"ws = wb['Rejects']\n"
	"for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True)):\n"
	"    print('rej.%d=%s' % (i, '|'.join(v(x) for x in r)))\n";

#define MAXLINES 256
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

static void exec_ok(struct state *st, const char *sql)
{
	struct ll_err err = LL_ERR_INIT;
	int rc = state_exec(st, sql, &err);

	if (rc)
		fprintf(stderr, "setup SQL failed: %s\n", err.msg);
	CHECK_INT(rc, 0);
}

/* A provenance list far longer than a cell holds: "a.txt:1,3,5,...". */
static void insert_long_rows(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;
	sqlite3_stmt *s = NULL;
	char *text = malloc(60000);
	size_t len = 0;
	int i;

	len += (size_t)snprintf(text, 60000, "a.txt:1");
	for (i = 3; len < 50000; i += 2)
		len += (size_t)snprintf(text + len, 60000 - len, ",%d", i);
	CHECK_INT(state_prepare(st, &s,
				"INSERT INTO lines(document_id, line_no, category,"
				" amount_minor, event_count, source_rows)"
				" VALUES(1, 3, 'Order/Other', 0, 1, ?)", &err), 0);
	sqlite3_bind_text(s, 1, text, (int)len, SQLITE_TRANSIENT);
	CHECK_INT(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	free(text);
}

static void build_state(struct state *st)
{
	struct ll_err err = LL_ERR_INIT;

	CHECK_INT(store_run_start(st, "plan", "settlement", "[]", &err), 0);
	CHECK_INT(store_run_finish(st, "done", 0, &err), 0);
	exec_ok(st,
		"INSERT INTO sources(id, path, size, content_hash, format, status,"
		" reason, rows, settlements, first_date, last_date) VALUES"
		" (1, 'in/s1.txt', 1234, 'aa', 'amazon-settlement-v2', 'parsed',"
		"  NULL, 40, 3, '2024-01-01', '2024-02-01'),"
		" (2, 'in/notes.pdf', 99, 'bb', 'unknown', 'skipped',"
		"  'not a settlement export', 0, 0, NULL, NULL),"
		" (3, 'in/bad.gz', 10, NULL, 'unknown', 'error',"
		"  'truncated gzip', 0, 0, NULL, NULL)");
	exec_ok(st,
		"INSERT INTO settlements(id, platform, deposit_id, source_id,"
		" start_date, end_date, deposit_date, currency, deposit_minor,"
		" events_minor, event_count, status, note) VALUES"
		" (1, 'amazon', 'S1', 1, '2024-01-01', '2024-01-14', '2024-01-15',"
		"  'USD', 10000, 10000, 12, 'tied', NULL),"
		" (2, 'amazon', 'S2', 1, '2024-01-15', '2024-01-31', '2024-02-01',"
		"  'USD', 5000, 4999, 7, 'untied',"
		"  'Amazon reported 50.00, rows sum to 49.99'),"
		" (3, 'amazon', 'J1', 1, '2024-01-01', '2024-01-14', '2024-01-20',"
		"  'JPY', 123456, 123456, 3, 'tied', NULL)");
	exec_ok(st,
		"INSERT INTO documents(id, settlement_id, natural_key, kind,"
		" xero_type, number, reference, contact, date, due_date, currency,"
		" total_minor, signed_minor, status, source_rows, batch_id) VALUES"
		" (1, 1, 'amazon:S1:Invoice:1', 'Invoice', 'ACCREC', 'AMZ-S1-1',"
		"  'Amazon S1', 'Amazon.com', '2024-01-15', '2024-01-15', 'USD',"
		"  12000, 12000, 'planned', 'in/s1.txt:2-9', 1),"
		" (2, 1, 'amazon:S1:CreditNote:1', 'CreditNote', 'ACCRECCREDIT',"
		"  'AMZ-S1-CN1', 'Amazon S1 refunds', 'Amazon.com', '2024-01-15',"
		"  NULL, 'USD', 2000, -2000, 'planned', 'in/s1.txt:10-13', 1),"
		" (3, 3, 'amazon:J1:Invoice:1', 'Invoice', 'ACCREC', 'AMZ-J1-1',"
		"  'Amazon J1', 'Amazon.co.jp', '2024-01-20', '2024-01-20', 'JPY',"
		"  123456, 123456, 'planned', 'in/s1.txt:20-22', 1),"
		/* an earlier version, replaced in Xero: counts no more */
		" (4, 1, 'amazon:S1:Invoice:1#superseded-4', 'Invoice', 'ACCREC',"
		"  'AMZ-S1-1', 'Amazon S1', 'Amazon.com', '2024-01-15', '2024-01-15',"
		"  'USD', 9000, 9000, 'replaced', 'in/s1.txt:2-9', 1),"
		/* the invoice paid into clearing, the credit note refunded out
		 * of it, the payout transferred on to the bank */
		" (5, 1, 'amazon:S1:Invoice:1:payment', 'Payment', 'ACCRECPAYMENT',"
		"  'AMZ-S1-1, Amazon settlement S1', 'AMZ-S1-1, Amazon settlement S1',"
		"  'Amazon.com', '2024-01-15', '', 'USD', 12000, 0, 'posted',"
		"  'in/s1.txt:2-9', 1),"
		" (6, 1, 'amazon:S1:CreditNote:1:payment', 'Payment', 'ARCREDITPAYMENT',"
		"  'AMZ-S1-CN1, Amazon settlement S1', 'AMZ-S1-CN1, Amazon settlement S1',"
		"  'Amazon.com', '2024-01-15', '', 'USD', 2000, 0, 'posted',"
		"  'in/s1.txt:10-13', 1),"
		" (7, 1, 'amazon:S1:transfer', 'BankTransfer', 'TRANSFER',"
		"  'Amazon settlement S1', 'Amazon settlement S1', '', '2024-01-15', '',"
		"  'USD', 10000, 0, 'posted', 'in/s1.txt:1', 1)");
	exec_ok(st,
		"INSERT INTO lines(document_id, line_no, category, account_code,"
		" tax_type, description, amount_minor, event_count, source_rows)"
		" VALUES"
		" (1, 1, 'Order/ItemPrice/Principal', '200', 'OUTPUT', 'Sales', 11999,"
		"  5, 'in/s1.txt:2-6'),"
		" (1, 2, 'Order/ItemPrice/Shipping', '200', 'OUTPUT', 'Shipping', 1,"
		"  3, 'in/s1.txt:7-9'),"
		" (2, 1, 'Refund/ItemPrice/Principal', '200', 'OUTPUT', 'Refunds', 2000,"
		"  4, 'in/s1.txt:10-13'),"
		" (3, 1, 'Order/ItemPrice/Principal', '200', 'OUTPUT', 'Sales', 123456,"
		"  3, 'in/s1.txt:20-22')");
	insert_long_rows(st);
	exec_ok(st,
		"INSERT INTO rejects(source_id, run_id, path, line, severity, code,"
		" message) VALUES"
		" (1, 1, 'in/s1.txt', 30, 'warning', 'untied', 'S2 does not tie'),"
		" (3, 1, 'in/bad.gz', 0, 'error', 'truncated-gzip', 'cut short'),"
		" (1, 1, 'in/s1.txt', 4, 'error', 'bad-amount', 'x\x01y')");
	exec_ok(st,
		"INSERT INTO batches(id, run_id, seq, endpoint, method, doc_count,"
		" bytes, status) VALUES(1, 1, 1, 'Invoices', 'PUT', 3, 4096, 'planned')");
}

static void check_workbook(const char *py, const char *xlsx)
{
	const char *t;
	long n;

	CHECK_INT(readback(py, xlsx), 0);
	CHECK_STR(got("sheets"),
		  "Summary,Files,Settlements,Documents,Lines,Rejects,Batches,Calls");
	CHECK_STR(got("title"), "Test audit");
	CHECK_STR(got("header.Settlements"),
		  "Platform|Deposit id|Start|End|Deposit date|Currency|"
		  "Deposit amount|Events total|Documents total|Difference|Check|"
		  "Tie status|Events|Documents|Paid via clearing|Transfer to bank|Note|"
		  "Source file");
	CHECK_STR(got("header.Files"),
		  "Path|Format|Status|Reason|Rows|Settlements|First date|Last date|"
		  "Size (bytes)|Content hash");
	CHECK_STR(got("freeze.Settlements"), "A2");
	CHECK_STR(got("freeze.Lines"), "A2");
	CHECK_STR(got("freeze.Summary"), "A5");
	CHECK_STR(got("filter.Settlements"), "A1:R4");
	CHECK_STR(got("filter.Batches"), "A1:H2");
	CHECK_STR(got("filter.Summary"), "A4:I7");

	/* Settlements: real numbers, the currency's decimals, real dates. */
	CHECK_STR(got("st.S1"),
		  "amazon|S1|2024-01-01|2024-01-14|2024-01-15|USD|100|100|100|0|"
		  "ties|tied|12|2|100|100||in/s1.txt");
	CHECK_STR(got("st.S2"),
		  "amazon|S2|2024-01-15|2024-01-31|2024-02-01|USD|50|49.99|0|50|"
		  "not planned|untied|7|0|||Amazon reported 50.00, rows sum to 49.99|"
		  "in/s1.txt");
	CHECK_STR(got("st.J1"),
		  "amazon|J1|2024-01-01|2024-01-14|2024-01-20|JPY|123456|123456|"
		  "123456|0|ties|tied|3|1||||in/s1.txt");
	CHECK_STR(got("stfmt.S1"), "#,##0.00;-#,##0.00");
	CHECK_STR(got("stfmt.J1"), "#,##0;-#,##0");

	/* Summary: the tie per platform, currency and month, grand totals. */
	CHECK_STR(got("sum.amazon.JPY.2024-01"), "amazon|JPY|2024-01|1|123456|123456|123456|0|ties");
	CHECK_STR(got("sum.amazon.USD.2024-01"), "amazon|USD|2024-01|1|100|100|100|0|ties");
	CHECK_STR(got("sum.amazon.USD.2024-02"), "amazon|USD|2024-02|1|49.99|50|0|50|not planned");
	CHECK_STR(got("sum.All platforms.USD.Grand total"),
		  "All platforms|USD|Grand total|2|149.99|150|100|50|differs");
	CHECK_STR(got("count.Run"), "1");
	CHECK_STR(got("count.Files recognised"), "1");
	CHECK_STR(got("count.Files skipped"), "1");
	CHECK_STR(got("count.Files with errors"), "1");
	CHECK_STR(got("count.Settlements tied"), "2");
	CHECK_STR(got("count.Settlements untied"), "1");
	CHECK_STR(got("count.Settlements conflict"), "0");
	CHECK_STR(got("count.Settlements duplicate"), "0");
	CHECK_STR(got("count.Documents planned"), "3");
	CHECK_STR(got("count.Documents posted"), "0");
	CHECK_STR(got("count.Documents replaced"), "1");
	CHECK_STR(got("count.Payments and transfers"), "3");
	CHECK_STR(got("count.Payments and transfers posted"), "3");
	CHECK_STR(got("count.Rejects (rows or files not used)"), "2");
	CHECK_STR(got("count.Warnings"), "1");

	/* Documents: the credit note counts negative toward the deposit. */
	CHECK_STR(got("doc.AMZ-S1-CN1"),
		  "AMZ-S1-CN1|CreditNote|ACCRECCREDIT|2024-01-15||Amazon.com|"
		  "Amazon S1 refunds|USD|-20|20|planned|S1");
	CHECK_STR(got("line.AMZ-S1-1.2"), "0.01|USD");
	CHECK_STR(got("line.AMZ-J1-1.1"), "123456|JPY");

	/* The over-long provenance is cut between entries and says so. */
	t = got("rowslen.AMZ-S1-1.3");
	n = t ? strtol(t, NULL, 10) : 0;
	CHECK(n > 30000 && n <= 32767);
	t = got("rowstail.AMZ-S1-1.3");
	CHECK(t && strstr(t, "\xE2\x80\xA6(+") && strstr(t, " more)"));

	/* Rejects by path and line; a control character made harmless. */
	CHECK_STR(got("rej.0"), "error|truncated-gzip|in/bad.gz|0|cut short");
	CHECK_STR(got("rej.1"), "error|bad-amount|in/s1.txt|4|x\xEF\xBF\xBDy");
	CHECK_STR(got("rej.2"), "warning|untied|in/s1.txt|30|S2 does not tie");
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
			  "Summary,Files,Files (2),Settlements,Settlements (2),"
			  "Documents,Documents (2),Documents (3),Documents (4),Lines,"
			  "Lines (2),Lines (3),Rejects,"
			  "Rejects (2),Batches,Calls");
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
