/*
 * read_accounts.c - the By account view of the workbook (read.h
 * STORE_VIEW_BY_ACCOUNT): what the documents book per account, tax type,
 * month and currency, from each line's net and tax (lines.net_minor,
 * tax_minor, set by mapping: map_tax.c), so the workbook shows the books
 * the migration makes, as a trial balance per account would.
 */
#include "store/read.h"

const char store_sql_by_account[] =
	"SELECT l.account_code, coalesce(l.tax_type, ''),"
	" coalesce(substr(d.date, 1, 7), '(no date)'), d.currency,"
	" sum(coalesce(l.net_minor, l.amount_minor)), sum(coalesce(l.tax_minor, 0)),"
	" sum(coalesce(l.net_minor, l.amount_minor) + coalesce(l.tax_minor, 0)),"
	" count(*), count(DISTINCT d.id)"
	" FROM lines l JOIN documents d ON d.id = l.document_id"
	" WHERE d.kind IN ('Invoice','CreditNote') AND d.status IN ('planned','posted')"
	" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
