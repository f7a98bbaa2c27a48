/*
 * by_account.c - the workbook's By account sheet (report_int.h): per
 * account, tax type, month and currency, the net, tax and gross the
 * planned and posted documents book there, counted as toward the deposit
 * (sales positive, fees and refunds negative): the trial balance the
 * migration makes, by month, before anyone opens Xero. docs/report.md.
 */
#include "report/report_int.h"

int report_sheet_by_account(struct report *r, const struct report_opts *o)
{
	(void)o;
	static const struct col cols[] = {
		{ "Account", COL_TEXT, 10, 0 },
		{ "Tax type", COL_TEXT, 18, 0 },
		{ "Month", COL_TEXT, 9, 0 },
		{ "Currency", COL_TEXT, 9, 0 },
		{ "Net", COL_MONEY, 15, 3 },
		{ "Tax", COL_MONEY, 13, 3 },
		{ "Gross", COL_MONEY, 15, 3 },
		{ "Lines", COL_COUNT, 8, 0 },
		{ "Documents", COL_COUNT, 10, 0 },
	};
	static const struct table t = {
		"By account", cols, NCOLS(cols), STORE_VIEW_BY_ACCOUNT
	};

	return report_table(r, &t);
}
