/*
 * sheets.c - the workbook's detail sheets (report_int.h): Files,
 * Settlements, Documents, Payments, Lines, Rejects, History, Batches and
 * Calls, each a table of columns over one read view of the state file
 * (store/read.h), written by report_table(). A column's width is the most
 * it grows to; links (a settlement's documents and lines, a document's
 * page in Xero, its settlement) come from the view's extra values.
 * docs/report.md and the Read me sheet say what each column means.
 */
#include "report/report_int.h"

int report_sheet_files(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Path", COL_TEXT, 60, 0 },
		{ "Format", COL_TEXT, 40, 0 },
		{ "Status", COL_TEXT, 11, 0 },
		{ "Reason", COL_WRAP, 50, 0 },
		{ "Rows", COL_COUNT, 10, 0 },
		{ "Settlements", COL_COUNT, 11, 0 },
		{ "First date", COL_DATE, 11, 0 },
		{ "Last date", COL_DATE, 11, 0 },
		{ "Size (bytes)", COL_COUNT, 14, 0 },
		{ "Content hash", COL_TEXT, 36, 0 },
	};
	static const struct table t = {
		"Files", cols, NCOLS(cols), STORE_VIEW_FILES
	};

	return report_table(r, &t);
}

int report_sheet_settlements(struct report *r, const struct report_opts *o)
{
	(void)o;
	/* values 18 and 19: the first document's and first line's positions */
	static const struct col cols[] = {
		{ "Platform", COL_TEXT, 14, 0 },
		{ "Deposit id", COL_TEXT, 52, 0 },
		{ "Start", COL_DATE, 11, 0 },
		{ "End", COL_DATE, 11, 0 },
		{ "Deposit date", COL_DATE, 12, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Deposit amount", COL_MONEY, 15, 5 },
		{ "Events total", COL_MONEY, 15, 5 },
		{ "Documents total", COL_MONEY, 15, 5 },
		{ "Difference", COL_MONEY, 13, 5 },
		{ "Tie", COL_TEXT, 17, 0 },
		{ "Events", COL_COUNT, 9, 0 },
		{ "Documents", COL_COUNT, 10, 0 },
		{ "Lines", COL_COUNT, 8, 0 },
		{ "Paid via clearing", COL_MONEY, 15, 5 },
		{ "Transfer to bank", COL_MONEY, 15, 5 },
		{ "Note", COL_WRAP, 45, 0 },
		{ "Source file", COL_TEXT, 45, 0 },
	};
	static const struct table t = {
		"Settlements", cols, NCOLS(cols), STORE_VIEW_SETTLEMENTS
	};
	static const struct col_link links[] = {
		{ 12, LINK_SHEET, 18, "Documents" },
		{ 13, LINK_SHEET, 19, "Lines" },
	};

	return report_table_links(r, &t, links, NCOLS(links));
}

int report_sheet_documents(struct report *r, const struct report_opts *o)
{
	(void)o;
	/* values 16-18: the Xero id when posted, Xero type, kind; 19: the
	 * settlement's position */
	static const struct col cols[] = {
		{ "Number", COL_TEXT, 58, 0 },
		{ "Kind", COL_TEXT, 11, 0 },
		{ "Xero type", COL_TEXT, 13, 0 },
		{ "Date", COL_DATE, 11, 0 },
		{ "Due date", COL_DATE, 11, 0 },
		{ "Contact", COL_TEXT, 24, 0 },
		{ "Reference", COL_TEXT, 40, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Total", COL_MONEY, 14, 7 },
		{ "Status", COL_TEXT, 11, 0 },
		{ "Deposit id", COL_TEXT, 52, 0 },
		{ "Order id", COL_TEXT, 24, 0 },
		{ "Batch", COL_ID, 7, 0 },
		{ "Xero id", COL_TEXT, 38, 0 },
		{ "Message", COL_WRAP, 40, 0 },
		{ "Source rows", COL_ROWS, 30, 0 },
	};
	static const struct table t = {
		"Documents", cols, NCOLS(cols), STORE_VIEW_DOCUMENTS
	};
	static const struct col_link links[] = {
		{ 0, LINK_XERO, 16, NULL },
		{ 10, LINK_SHEET, 19, "Settlements" },
	};

	return report_table_links(r, &t, links, NCOLS(links));
}

int report_sheet_payments(struct report *r, const struct report_opts *o)
{
	(void)o;
	/* values 12-14: the Xero id when posted, Xero type, kind; 15: the
	 * settlement's position */
	static const struct col cols[] = {
		{ "Reference", COL_TEXT, 45, 0 },
		{ "Kind", COL_TEXT, 13, 0 },
		{ "Xero type", COL_TEXT, 16, 0 },
		{ "Date", COL_DATE, 11, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Amount", COL_MONEY, 14, 4 },
		{ "Status", COL_TEXT, 11, 0 },
		{ "Deposit id", COL_TEXT, 52, 0 },
		{ "Pays", COL_TEXT, 45, 0 },
		{ "Batch", COL_ID, 7, 0 },
		{ "Xero id", COL_TEXT, 38, 0 },
		{ "Message", COL_WRAP, 40, 0 },
	};
	static const struct table t = {
		"Payments", cols, NCOLS(cols), STORE_VIEW_PAYMENTS
	};
	static const struct col_link links[] = {
		{ 0, LINK_XERO, 12, NULL },
		{ 7, LINK_SHEET, 15, "Settlements" },
	};

	if (!r->has_moves)
		return 0; /* no payments or transfers: no sheet */
	return report_table_links(r, &t, links, NCOLS(links));
}

int report_sheet_lines(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Document", COL_TEXT, 45, 0 },
		{ "Line", COL_ID, 6, 0 },
		{ "Category", COL_TEXT, 45, 0 },
		{ "Account", COL_TEXT, 10, 0 },
		{ "Tax type", COL_TEXT, 16, 0 },
		{ "Description", COL_TEXT, 40, 0 },
		{ "Tracking", COL_TEXT, 24, 0 },
		{ "Amount", COL_MONEY, 14, 8 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Events", COL_COUNT, 8, 0 },
		{ "Source rows", COL_ROWS, 30, 0 },
	};
	static const struct table t = {
		"Lines", cols, NCOLS(cols), STORE_VIEW_LINES
	};

	return report_table(r, &t);
}

int report_sheet_rejects(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Severity", COL_TEXT, 9, 0 },
		{ "Code", COL_TEXT, 22, 0 },
		{ "File", COL_TEXT, 50, 0 },
		{ "Line", COL_ID, 8, 0 },
		{ "Message", COL_WRAP, 80, 0 },
		{ "Run", COL_ID, 6, 0 },
	};
	static const struct table t = {
		"Rejects", cols, NCOLS(cols), STORE_VIEW_REJECTS
	};

	return report_table(r, &t);
}

int report_sheet_history(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Run", COL_ID, 6, 0 },
		{ "Resolved by run", COL_ID, 9, 0 },
		{ "Severity", COL_TEXT, 9, 0 },
		{ "Code", COL_TEXT, 22, 0 },
		{ "File", COL_TEXT, 50, 0 },
		{ "Line", COL_ID, 8, 0 },
		{ "Message", COL_WRAP, 80, 0 },
	};
	static const struct table t = {
		"History", cols, NCOLS(cols), STORE_VIEW_HISTORY
	};

	if (!r->has_history)
		return 0; /* nothing resolved yet: no sheet */
	return report_table(r, &t);
}

int report_sheet_batches(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Batch", COL_ID, 7, 0 },
		{ "Run", COL_ID, 6, 0 },
		{ "Seq", COL_ID, 6, 0 },
		{ "Endpoint", COL_TEXT, 12, 0 },
		{ "Method", COL_TEXT, 8, 0 },
		{ "Documents", COL_COUNT, 10, 0 },
		{ "Bytes", COL_COUNT, 12, 0 },
		{ "Status", COL_TEXT, 10, 0 },
	};
	static const struct table t = {
		"Batches", cols, NCOLS(cols), STORE_VIEW_BATCHES
	};

	return report_table(r, &t);
}

int report_sheet_calls(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Run", COL_ID, 6, 0 },
		{ "At", COL_TEXT, 21, 0 },
		{ "Method", COL_TEXT, 8, 0 },
		{ "Path", COL_TEXT, 60, 0 },
		{ "Status", COL_ID, 8, 0 },
		{ "Attempt", COL_ID, 8, 0 },
		{ "Elapsed ms", COL_COUNT, 11, 0 },
		{ "Problem", COL_WRAP, 40, 0 },
	};
	static const struct table t = {
		"Calls", cols, NCOLS(cols), STORE_VIEW_CALLS
	};

	return report_table(r, &t);
}

/* --- Summary -------------------------------------------------------- */

/*
 * The counts block sits beside the tie table (columns K:L) so the table's
 * header can stay frozen near the top. In constant_memory mode rows are
 * written in order, so its entries are emitted row by row together with
 * the table (side_upto).
 */
