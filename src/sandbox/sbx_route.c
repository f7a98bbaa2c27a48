/*
 * sbx_route.c - the Accounting API's route table.
 *
 * Resource names match case-insensitively, as Xero's do; the first path
 * segment picks the handler, which looks at the rest itself (an id or
 * number, or CreditNotes/{id}/Allocations).
 */
#include "sandbox/sbx_route.h"

#include <string.h>
#include <strings.h>

#include "sandbox/sbx_banktx.h"
#include "sandbox/sbx_contacts.h"
#include "sandbox/sbx_docs.h"
#include "sandbox/sbx_payments.h"
#include "sandbox/sbx_reports.h"
#include "sandbox/sbx_resp.h"
#include "sandbox/sbx_settings.h"

static const struct {
	const char *name;
	sbx_handler fn;
} routes[] = {
	{ "Organisation", settings_organisation },
	{ "Organisations", settings_organisation },
	{ "Accounts", settings_accounts },
	{ "TaxRates", settings_taxrates },
	{ "Currencies", settings_currencies },
	{ "Contacts", contacts_handle },
	{ "Invoices", docs_invoices },
	{ "CreditNotes", docs_creditnotes },
	{ "Payments", payments_handle },
	{ "BankTransfers", payments_transfers },
	{ "BankTransactions", banktx_handle },
	{ "Reports", reports_handle },
};

int route_is_write(const char *method)
{
	return !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "DELETE");
}

int route_api(struct sandbox *s, const struct sbx_req *rq, struct sbx_resp *rs)
{
	size_t seg = strcspn(rq->sub, "/"), i;

	if (!strncasecmp(rq->sub, "CreditNotes/", 12)) {
		const char *rest = strchr(rq->sub + 12, '/');

		if (rest && !strcasecmp(rest, "/Allocations"))
			return payments_allocations(s, rq, rs);
	}
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strlen(routes[i].name) == seg && !strncasecmp(rq->sub, routes[i].name, seg))
			return routes[i].fn(s, rq, rs);
	sbx_resp_not_found(rs);
	return 0;
}
