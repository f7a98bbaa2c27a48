/*
 * readme.c - the workbook's `Read me` sheet (report_int.h): what each
 * sheet is, and what its columns that need saying mean, in a few lines
 * an accountant reads before signing. docs/report.md says the same at
 * length; keep the two in step.
 */
#include "report/report_int.h"

#include <string.h>

/* A sheet (its name, bold) or one of its columns (indented), and what it
 * means. */
struct entry {
	int sheet;
	const char *name, *text;
};

static const struct entry entries[] = {
	{ 1, "Summary", "One page: every deposit taken apart per platform and currency, what"
	  " is planned against what is posted, and what planning found." },
	{ 0, "Gross sales ... Other", "The documents' lines, grouped by the mapping row each"
	  " came through: sales, refunds, fees (selling, fulfilment and shipping,"
	  " advertising, other), tax and the rest (reserves, reimbursements, adjustments)."
	  " They add up to Net." },
	{ 0, "Net, Deposit total, Difference, Check", "Net must equal what the platforms paid"
	  " out (Deposit total): Difference 0 and Check 'ties'. A deposit whose rows do"
	  " not add up is not planned and shows here as a difference." },
	{ 0, "Planned total, Posted total, Not yet posted", "The documents that count toward"
	  " the deposits (planned, posted or rejected), those already in Xero, and the"
	  " rest." },
	{ 0, "Counts", "As the console printed them after planning: settlements tied and not"
	  " tied, deposits seen twice (duplicate) or in two versions (conflicting),"
	  " held back (waiting for a later export) and left out (not used)." },
	{ 1, "Charts", "Per platform and currency, sales less refunds, fees and net deposits"
	  " by month; the documents posted and still to post by month." },
	{ 1, "Settlements", "One row per deposit (bank payout)." },
	{ 0, "Deposit amount, Events total", "What the bank received; what the source rows"
	  " add up to." },
	{ 0, "Documents total, Difference", "What the documents planned from the deposit"
	  " count toward it; the deposit minus that (0 when it ties)." },
	{ 0, "Tie", "ties: the rows and the documents both add up to the deposit. rows do"
	  " not tie: the source's rows do not add up (Note gives both figures; nothing is"
	  " planned). documents differ. not planned: tied, but no documents (see"
	  " Rejects)." },
	{ 0, "Documents, Lines", "How many; click to go to the first of them." },
	{ 0, "Paid via clearing, Transfer to bank", "With payments on: what was paid into the"
	  " clearing account, and the payout moved on to the bank (equal, so the clearing"
	  " account returns to zero)." },
	{ 1, "Documents", "Every Xero invoice, bill and credit note planned or posted." },
	{ 0, "Number", "Once posted, a link to the document in Xero." },
	{ 0, "Total", "The amount as it counts toward its deposit: invoices positive, credit"
	  " notes and bills negative (Xero shows every total positive). A deposit's"
	  " planned, posted and rejected documents add up to it; undone, superseded and"
	  " replaced versions were taken back or replaced and do not count." },
	{ 0, "Status", "planned (not sent yet), posted (in Xero), rejected (Xero refused it:"
	  " Message says why), undone (taken back by undo), superseded and replaced (an"
	  " earlier version of a reposted document)." },
	{ 0, "Deposit id", "Goes to the deposit on Settlements." },
	{ 1, "Payments", "Payments and bank transfers (order mode; day summaries with"
	  " payments): Amount as in Xero, Pays the document paid. Only when there are"
	  " any." },
	{ 1, "Lines", "Every line of every document: the mapping row (Category), account,"
	  " tax type, amount and the source rows (file:line) it came from." },
	{ 1, "Files", "Every file given: parsed, unchanged, duplicate (the same content as"
	  " another), skipped (not an export ledgerlift reads: Reason) or error." },
	{ 1, "Completeness", "Per file and currency, where every money row went: on a"
	  " planned document (imported), held back (waiting for a later export: Reason) or"
	  " left out (unpaid, voided, in another export, duplicate...: Reason), with count"
	  " and amount. Each file's check line shows rows = imported + held back + left"
	  " out; a file that does not add up is an error (docs/completeness.md)." },
	{ 1, "Coverage", "Per platform, currency and kind of deposit: the first and last"
	  " day covered, how many deposits, and the gaps between them (a missing"
	  " settlement or payout)." },
	{ 1, "Rejects", "The problems as they stand: error (a row or file not used), warning"
	  " (used, but look), note. A problem a later run resolved moves to History." },
	{ 1, "History", "Problems an earlier run found that a later one resolved (Resolved by"
	  " run). Only when there are any." },
	{ 1, "Monthly", "The Summary month by month (the charts' figures), and the documents"
	  " by month of their date." },
	{ 1, "Batches, Calls", "The requests sent to Xero, and every HTTP call made." },
	{ 1, "Amounts", "Real numbers with their currency's decimals (2; 0 for JPY and KRW;"
	  " 3 for BHD and KWD), the currency beside them: never add a column across"
	  " currencies without filtering on Currency." },
	{ 1, "Printing", "Each sheet prints landscape, one page wide, its header row on every"
	  " page, the page number in the footer." },
};

int report_sheet_readme(struct report *r, const struct report_opts *o)
{
	lxw_worksheet *ws = report_sheet_new(r, "Read me", -1, 0);
	lxw_row_t row = 0;
	lxw_error e;
	size_t i;

	(void)o;
	if (!ws)
		return LL_ERROR;
	e = worksheet_set_column(ws, 0, 0, 34, NULL);
	if (!e)
		e = worksheet_set_column(ws, 1, 1, 110, NULL);
	if (!e)
		e = worksheet_write_string(ws, row++, 0, "Read me: the audit workbook", r->title);
	if (!e)
		e = worksheet_write_string(ws, row++, 0, r->run_line[0] ? r->run_line : "", NULL);
	if (!e)
		e = worksheet_write_string(ws, row++, 0,
					   "Written by ledgerlift from its state file: the state"
					   " after the run above. Each sheet, and the columns"
					   " that need saying:", NULL);
	row++;
	for (i = 0; !e && i < sizeof(entries) / sizeof(entries[0]); i++, row++) {
		int a = report_wrap_lines(entries[i].name, strlen(entries[i].name), 34);
		int b = report_wrap_lines(entries[i].text, strlen(entries[i].text), 110);

		e = worksheet_set_row(ws, row, 15.0 * (a > b ? a : b), NULL);
		if (!e)
			e = worksheet_write_string(ws, row, 0, entries[i].name,
					   entries[i].sheet ? r->head : r->wrap);
		if (!e)
			e = worksheet_write_string(ws, row, 1, entries[i].text, r->wrap);
	}
	return e ? report_fail(r, e, "writing Read me") : 0;
}
