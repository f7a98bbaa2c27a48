/*
 * links.c - the link from a posted document to its page in Xero
 * (report_int.h).
 *
 * Xero's deep links (developer.xero.com, "Deep link to Xero",
 * /documentation/api-guides/deep-link-xero) open a resource by its id in
 * a given organisation: https://go.xero.com/organisationlogin/default.aspx
 * ?shortcode=<Organisation.ShortCode>&redirecturl=<page>, the page being
 *   /AccountsReceivable/View.aspx?InvoiceID=<id>       a sales invoice
 *   /AccountsPayable/Edit.aspx?InvoiceID=<id>          a bill
 *   /AccountsPayable/ViewCreditNote.aspx?creditNoteID=<id>  a credit note
 * (Xero's examples); a sales credit note has the receivables twin of the
 * last, /AccountsReceivable/ViewCreditNote.aspx?creditNoteID=<id>, and a
 * payment or a bank transaction /Bank/ViewTransaction.aspx
 * ?bankTransactionID=<id> (Xero's own MCP server,
 * XeroAPI/xero-mcp-server src/consts/deeplinks.ts, paymentDeepLink). Xero
 * documents no page for a bank transfer by its id: a transfer gets none.
 * Without the ShortCode (a workbook written by `plan` alone, before any
 * run read the organisation) the link is https://go.xero.com<page>, which
 * opens in the organisation last used.
 */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

/* A Xero id: 36 characters of hex digits and dashes, not all zero. */
static int is_xero_id(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;
	int nonzero = 0;

	if (n != 36)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			   (c >= 'A' && c <= 'F')) {
			nonzero |= c != '0';
		} else {
			return 0;
		}
	}
	return nonzero;
}

/* A ShortCode as Xero gives it ("!NLglS"): printable, no URL syntax. */
static int is_shortcode(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 16)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '!' || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

int report_xero_url(char *out, size_t outlen, const char *shortcode, const char *kind,
		    const char *xero_type, const char *xero_id)
{
	const char *page;
	int n;

	out[0] = '\0';
	if (!kind || !xero_type || !is_xero_id(xero_id))
		return -1;
	if (!strcmp(kind, "Invoice"))
		page = !strcmp(xero_type, "ACCPAY") ? "/AccountsPayable/Edit.aspx?InvoiceID="
						    : "/AccountsReceivable/View.aspx?InvoiceID=";
	else if (!strcmp(kind, "CreditNote"))
		page = !strcmp(xero_type, "ACCPAYCREDIT")
			       ? "/AccountsPayable/ViewCreditNote.aspx?creditNoteID="
			       : "/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=";
	else if (!strcmp(kind, "Payment") || !strcmp(kind, "BankTransaction"))
		page = "/Bank/ViewTransaction.aspx?bankTransactionID=";
	else
		return -1;
	if (shortcode && is_shortcode(shortcode))
		n = snprintf(out, outlen, "https://go.xero.com/organisationlogin/default.aspx"
			     "?shortcode=%s&redirecturl=%s%s", shortcode, page, xero_id);
	else
		n = snprintf(out, outlen, "https://go.xero.com%s%s", page, xero_id);
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
