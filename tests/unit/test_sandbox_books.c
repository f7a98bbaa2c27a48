/*
 * test_sandbox_books.c - bank transactions (create, validation, list,
 * where=, update, delete, idempotency) and the books the sandbox keeps:
 * a small set of documents posted to a GB sandbox, some of them drafts,
 * voided or deleted, whose balances per account (/__sandbox/ledger), trial
 * balance and profit and loss must equal figures computed by hand; and a
 * Canadian purchase whose non-recoverable PST stays on the expense.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox/sandbox.h"
#include "sbx_http.h"
#include "tap.h"

static struct sandbox *sb;
static char dir[64];

static int start(const char *country)
{
	struct sandbox_opts o = SANDBOX_OPTS_INIT;
	struct ll_err err = LL_ERR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/ll-sbx-books-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	o.data_dir = dir;
	o.country = country;
	o.per_minute = 1000;
	if (sandbox_start(&sb, &o, &err)) {
		fprintf(stderr, "sandbox_start %s: %s\n", country, err.msg);
		return -1;
	}
	port = sandbox_port(sb);
	return connect_sandbox();
}

static void stop(void)
{
	char cmd[128];

	sandbox_stop(sb);
	sb = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}

/* A write that must succeed; its answer's first element's id field into id. */
static void must(const char *method, const char *path, const char *body, const char *coll,
		 const char *id_field, char *id, size_t idlen)
{
	struct http *h = req(method, path, body, NULL);
	char p[128];

	CHECK_INT(h->status, 200);
	if (h->status != 200)
		fprintf(stderr, "  %s %s: %.600s\n", method, path, h->body);
	if (id) {
		snprintf(p, sizeof(p), "%s.0.%s", coll, id_field);
		snprintf(id, idlen, "%s", jstr(h->json, p) ? jstr(h->json, p) : "");
	}
	done(h);
}

static const char *btx_one =
	"{\"Type\":\"%s\",\"Contact\":{\"Name\":\"%s\"},\"BankAccount\":{\"Code\":\"%s\"},"
	"\"Date\":\"%s\",\"Reference\":\"%s\",\"LineAmountTypes\":\"%s\","
	"\"LineItems\":[{\"Description\":\"x\",\"LineAmount\":%s,\"AccountCode\":\"%s\",\"TaxType\":\"%s\"}]}";

static void btx_json(char *out, size_t n, const char *type, const char *contact, const char *bank,
		     const char *date, const char *ref, const char *lat, const char *amount,
		     const char *acct, const char *tax)
{
	snprintf(out, n, btx_one, type, contact, bank, date, ref, lat, amount, acct, tax);
}

static void test_bank_transactions(void)
{
	char a[1024], b[1024], c[1024], d[1024], e[1024], f[1024], g[1024], body[8192], id[64];
	char path[256];
	struct http *h;

	btx_json(a, sizeof(a), "SPEND", "Bank", "090", "2024-03-20", "bt-1", "Inclusive", "24.00",
		 "404", "INPUT2");
	btx_json(b, sizeof(b), "RECEIVE", "PayPal", "090", "2024-03-21", "bt-2", "NoTax", "10.00",
		 "260", "NONE");
	btx_json(c, sizeof(c), "SPEND", "Bank", "200", "2024-03-20", "bad-bank", "NoTax", "1.00",
		 "404", "NONE");
	btx_json(d, sizeof(d), "RECEIVE-OVERPAYMENT", "Bank", "090", "2024-03-20", "bad-type",
		 "NoTax", "1.00", "404", "NONE");
	btx_json(e, sizeof(e), "SPEND", "Bank", "090", "2024-03-20", "bad-tax", "Exclusive", "-1.00",
		 "404", "NONE");
	snprintf(f, sizeof(f), "{\"Type\":\"SPEND\",\"BankAccount\":{\"Code\":\"090\"},"
		 "\"CurrencyCode\":\"EUR\",\"LineItems\":[{\"Description\":\"x\",\"LineAmount\":1,"
		 "\"AccountCode\":\"404\"}]}");
	/* Xero's own case (xero-node issue 768): a TaxAmount other than the computed one */
	snprintf(g, sizeof(g), "{\"Type\":\"SPEND\",\"Contact\":{\"Name\":\"Contact\"},"
		 "\"BankAccount\":{\"Code\":\"090\"},\"Date\":\"2024-03-20\",\"IsReconciled\":true,"
		 "\"LineItems\":[{\"Description\":\"Description\",\"Quantity\":1,\"UnitAmount\":261.4,"
		 "\"AccountCode\":\"429\",\"TaxType\":\"INPUT2\",\"TaxAmount\":52.23}]}");
	snprintf(body, sizeof(body), "{\"BankTransactions\":[%s,%s,%s,%s,%s,%s,%s]}", a, b, c, d, e, f, g);
	h = req("PUT", "/api.xro/2.0/BankTransactions?summarizeErrors=false", body, NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "BankTransactions.0.StatusAttributeString"), "OK");
	CHECK_STR(jstr(h->json, "BankTransactions.0.Status"), "AUTHORISED");
	CHECK_STR(jstr(h->json, "BankTransactions.0.BankAccount.Code"), "090");
	CHECK_STR(jstr(h->json, "BankTransactions.0.CurrencyCode"), "GBP");
	CHECK_STR(jstr(h->json, "BankTransactions.0.Contact.Name"), "Bank");
	CHECK_INT(cents_at(h, "\"TotalTax\":"), 400);   /* 24.00 incl. 20%: 4.00 */
	CHECK_INT(cents_at(h, "\"SubTotal\":"), 2000);
	CHECK_STR(jstr(h->json, "BankTransactions.1.StatusAttributeString"), "OK");
	CHECK_STR(jstr(h->json, "BankTransactions.2.ValidationErrors.0.Message"),
		  "The BankAccount must be an active bank account (200 is not).");
	CHECK_STR(jstr(h->json, "BankTransactions.2.BankTransactionID"),
		  "00000000-0000-0000-0000-000000000000");
	CHECK_STR(jstr(h->json, "BankTransactions.3.ValidationErrors.0.Message"),
		  "RECEIVE-OVERPAYMENT bank transactions (overpayments and prepayments) are not supported by the sandbox.");
	CHECK_STR(jstr(h->json, "BankTransactions.4.ValidationErrors.0.Message"),
		  "The bank transaction total cannot be negative: a SPEND of a negative amount is a RECEIVE.");
	CHECK(strstr(h->body, "The bank transaction currency EUR must be the currency of bank account 090 (GBP).") != NULL);
	CHECK(strstr(h->body, "The Contact must contain at least 1 of the following elements") != NULL);
	CHECK_STR(jstr(h->json, "BankTransactions.6.ValidationErrors.0.Message"),
		  "Tax amount 52.23 is incorrect for INPUT2 tax type, should be 52.28");
	done(h);
	/* the same with the computed tax is taken, reconciled */
	snprintf(g, sizeof(g), "{\"Type\":\"SPEND\",\"Contact\":{\"Name\":\"Contact\"},"
		 "\"BankAccount\":{\"Code\":\"091\"},\"Date\":\"2024-03-20\",\"IsReconciled\":true,"
		 "\"Reference\":\"bt-x\",\"LineItems\":[{\"Description\":\"Description\",\"Quantity\":1,"
		 "\"UnitAmount\":261.4,\"AccountCode\":\"429\",\"TaxType\":\"INPUT2\",\"TaxAmount\":52.28}]}");
	h = req("PUT", "/api.xro/2.0/BankTransactions", g, "Idempotency-Key: btx-key-1");
	CHECK_INT(h->status, 200);
	CHECK(json_is_true(jget(h->json, "BankTransactions.0.IsReconciled")));
	CHECK_INT(cents_at(h, "\"Total\":"), 31368);
	snprintf(id, sizeof(id), "%s", jstr(h->json, "BankTransactions.0.BankTransactionID") ?
		 jstr(h->json, "BankTransactions.0.BankTransactionID") : "");
	done(h);
	/* replayed under its key: the same transaction, not a second one */
	h = req("PUT", "/api.xro/2.0/BankTransactions", g, "Idempotency-Key: btx-key-1");
	CHECK_STR(jstr(h->json, "BankTransactions.0.BankTransactionID"), id);
	done(h);
	h = req("GET", "/api.xro/2.0/BankTransactions?where=Reference%3D%3D%22bt-x%22", NULL, NULL);
	CHECK_INT(json_array_size(jget(h->json, "BankTransactions")), 1);
	CHECK_INT(json_integer_value(jget(h->json, "pagination.itemCount")), 1);
	done(h);
	/* summarised (default): 400 ValidationException, the valid element kept */
	btx_json(a, sizeof(a), "SPEND", "Bank", "090", "2024-03-22", "bt-3", "NoTax", "5.00", "429",
		 "NONE");
	snprintf(body, sizeof(body), "[%s,%s]", a, c);
	h = req("PUT", "/api.xro/2.0/BankTransactions", body, NULL);
	CHECK_INT(h->status, 400);
	CHECK_STR(jstr(h->json, "Type"), "ValidationException");
	CHECK_INT(json_array_size(jget(h->json, "Elements")), 1);
	done(h);
	h = req("GET", "/api.xro/2.0/BankTransactions?where=Reference%3D%3D%22bt-3%22", NULL, NULL);
	CHECK_INT(json_array_size(jget(h->json, "BankTransactions")), 1);
	snprintf(path, sizeof(path), "/api.xro/2.0/BankTransactions/%s",
		 jstr(h->json, "BankTransactions.0.BankTransactionID") ?
		 jstr(h->json, "BankTransactions.0.BankTransactionID") : "x");
	done(h);
	/* update by id, then delete; a deleted one cannot be changed */
	h = req("POST", path, "{\"Reference\":\"bt-3 renamed\"}", NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "BankTransactions.0.Reference"), "bt-3 renamed");
	CHECK_INT(cents_at(h, "\"Total\":"), 500);
	done(h);
	h = req("POST", path, "{\"Status\":\"DELETED\"}", NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "BankTransactions.0.Status"), "DELETED");
	done(h);
	h = req("POST", path, "{\"Status\":\"DELETED\"}", NULL);
	CHECK_INT(h->status, 400);
	CHECK_STR(jstr(h->json, "Elements.0.ValidationErrors.0.Message"),
		  "This bank transaction cannot be edited as it is DELETED.");
	done(h);
	h = req("GET", "/api.xro/2.0/BankTransactions/00000000-0000-0000-0000-000000000001", NULL, NULL);
	CHECK_INT(h->status, 404);
	done(h);
	/* the reconciled 091 spend is not part of the books below: delete it too */
	snprintf(path, sizeof(path), "/api.xro/2.0/BankTransactions/%s", id);
	must("POST", path, "{\"Status\":\"DELETED\"}", NULL, NULL, NULL, 0);
	/* PayPal as a bank account of its own currency: a USD receipt stays in USD */
	must("PUT", "/api.xro/2.0/Currencies", "{\"Code\":\"USD\"}", NULL, NULL, NULL, 0);
	h = req("PUT", "/api.xro/2.0/Accounts", "{\"Code\":\"8190\",\"Name\":\"PayPal USD\",\"Type\":\"BANK\","
		"\"BankAccountNumber\":\"pp-usd\",\"BankAccountType\":\"PAYPAL\",\"CurrencyCode\":\"USD\"}", NULL);
	CHECK_STR(jstr(h->json, "Accounts.0.BankAccountType"), "PAYPAL");
	done(h);
	btx_json(a, sizeof(a), "RECEIVE", "PayPal", "8190", "2024-03-25", "pp-1", "NoTax", "15.00",
		 "200", "NONE");
	h = req("PUT", "/api.xro/2.0/BankTransactions", a, NULL);
	CHECK_STR(jstr(h->json, "BankTransactions.0.CurrencyCode"), "USD");
	snprintf(path, sizeof(path), "/api.xro/2.0/BankTransactions/%s",
		 jstr(h->json, "BankTransactions.0.BankTransactionID") ?
		 jstr(h->json, "BankTransactions.0.BankTransactionID") : "x");
	done(h);
	h = req("GET", "/__sandbox/ledger", NULL, NULL);
	CHECK_INT(json_integer_value(jget(h->json, "Currencies.USD.8190")), 1500);
	CHECK_INT(json_integer_value(jget(h->json, "Currencies.USD.200")), -1500);
	done(h);
	must("POST", path, "{\"Status\":\"DELETED\"}", NULL, NULL, NULL, 0);
	h = req("GET", "/__sandbox/documents", NULL, NULL);
	CHECK_INT(json_array_size(jget(h->json, "BankTransactions")), 5);
	done(h);
	h = req("GET", "/__sandbox/state", NULL, NULL);
	CHECK_INT(json_integer_value(jget(h->json, "Counts.BankTransactions")), 5);
	done(h);
}

/* The rest of the small set of documents (the bank transactions are posted above). */
static void post_documents(void)
{
	char id[64], path[256];
	struct http *h;

	must("PUT", "/api.xro/2.0/Invoices",
	     "{\"Invoices\":["
	     "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Shop\"},\"InvoiceNumber\":\"INV-A\",\"Date\":\"2024-03-05\","
	     "\"DueDate\":\"2024-03-05\",\"Status\":\"AUTHORISED\",\"LineItems\":[{\"Description\":\"s\","
	     "\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}]},"
	     "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Shop\"},\"InvoiceNumber\":\"INV-DRAFT\",\"Date\":\"2024-03-06\","
	     "\"LineItems\":[{\"Description\":\"d\",\"LineAmount\":50.00,\"AccountCode\":\"200\"}]},"
	     "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Shop\"},\"InvoiceNumber\":\"INV-VOID\",\"Date\":\"2024-03-07\","
	     "\"DueDate\":\"2024-03-07\",\"Status\":\"AUTHORISED\",\"LineAmountTypes\":\"NoTax\",\"LineItems\":[{\"Description\":\"v\","
	     "\"LineAmount\":30.00,\"AccountCode\":\"200\"}]},"
	     "{\"Type\":\"ACCPAY\",\"Contact\":{\"Name\":\"Supplier\"},\"InvoiceNumber\":\"BILL-1\",\"Date\":\"2024-03-08\","
	     "\"DueDate\":\"2024-03-08\",\"Status\":\"AUTHORISED\",\"LineItems\":[{\"Description\":\"b\","
	     "\"LineAmount\":50.00,\"AccountCode\":\"429\",\"TaxType\":\"INPUT2\"}]},"
	     "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"Shop\"},\"InvoiceNumber\":\"INV-OLD\",\"Date\":\"2023-03-15\","
	     "\"DueDate\":\"2023-03-15\",\"Status\":\"AUTHORISED\",\"LineAmountTypes\":\"NoTax\",\"LineItems\":[{\"Description\":\"o\","
	     "\"LineAmount\":40.00,\"AccountCode\":\"200\"}]}]}", NULL, NULL, NULL, 0);
	must("POST", "/api.xro/2.0/Invoices/INV-VOID", "{\"Status\":\"VOIDED\"}", NULL, NULL, NULL, 0);
	must("PUT", "/api.xro/2.0/CreditNotes",
	     "{\"Type\":\"ACCRECCREDIT\",\"Contact\":{\"Name\":\"Shop\"},\"Date\":\"2024-03-10\",\"Status\":\"AUTHORISED\","
	     "\"LineAmountTypes\":\"Inclusive\",\"LineItems\":[{\"Description\":\"refund\",\"LineAmount\":12.00,"
	     "\"AccountCode\":\"200\",\"TaxType\":\"OUTPUT2\"}]}", NULL, NULL, NULL, 0);
	must("PUT", "/api.xro/2.0/Payments",
	     "{\"Invoice\":{\"InvoiceNumber\":\"INV-A\"},\"Account\":{\"Code\":\"090\"},\"Date\":\"2024-03-12\",\"Amount\":120.00}",
	     NULL, NULL, NULL, 0);
	must("PUT", "/api.xro/2.0/Payments",
	     "{\"Invoice\":{\"InvoiceNumber\":\"BILL-1\"},\"Account\":{\"Code\":\"090\"},\"Date\":\"2024-03-13\",\"Amount\":60.00}",
	     "Payments", "PaymentID", id, sizeof(id));
	snprintf(path, sizeof(path), "/api.xro/2.0/Payments/%s", id);
	must("POST", path, "{\"Status\":\"DELETED\"}", NULL, NULL, NULL, 0);
	must("PUT", "/api.xro/2.0/BankTransfers",
	     "{\"FromBankAccount\":{\"Code\":\"090\"},\"ToBankAccount\":{\"Code\":\"091\"},\"Amount\":30.00,\"Date\":\"2024-03-15\"}",
	     NULL, NULL, NULL, 0);
	h = req("GET", "/api.xro/2.0/Invoices/INV-A", NULL, NULL);
	CHECK_STR(jstr(h->json, "Invoices.0.Status"), "PAID");
	done(h);
}

static void test_ledger(void)
{
	static const struct {
		const char *code;
		long long balance;
	} want[] = {
		{ "090", 7600 },   /* +120 payment -30 transfer -24 spend +10 receive */
		{ "091", 3000 },
		{ "610", 2800 },   /* +120 INV-A +40 INV-OLD -120 paid -12 credit note */
		{ "800", -6000 },  /* BILL-1 (its payment deleted) */
		{ "820", -400 },   /* -20 +10 +2 +4 */
		{ "200", -13000 }, /* -100 -40 +10 */
		{ "429", 5000 },
		{ "404", 2000 },
		{ "260", -1000 },
	};
	struct http *h = req("GET", "/__sandbox/ledger", NULL, NULL);
	json_t *accs = jget(h->json, "Accounts");
	long long sum = 0;
	size_t i;

	CHECK_INT(h->status, 200);
	CHECK(json_is_true(jget(h->json, "Balanced")));
	CHECK_INT(json_integer_value(jget(h->json, "Debit")), json_integer_value(jget(h->json, "Credit")));
	CHECK_INT(json_object_size(accs), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		json_t *a = json_object_get(accs, want[i].code);

		CHECK_INT(json_integer_value(json_object_get(a, "Balance")), want[i].balance);
		sum += json_integer_value(json_object_get(a, "Balance"));
	}
	CHECK_INT(sum, 0);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.090.Debit")), 13000);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.090.Credit")), 5400);
	CHECK_STR(jstr(h->json, "Accounts.820.Name"), "VAT");
	CHECK_INT(json_integer_value(jget(h->json, "Currencies.GBP.200")), -13000);
	/* INV-OLD is NoTax but its line takes account 200's TaxType, OUTPUT2 */
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.GBP.OUTPUT2.Net")), -13000);
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.GBP.OUTPUT2.Tax")), -1800);
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.GBP.INPUT2.Net")), 7000);
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.GBP.INPUT2.Tax")), 1400);
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.GBP.NONE.Net")), -1000);
	done(h);
	/* a period: March 2024 only (INV-OLD left out) */
	h = req("GET", "/__sandbox/ledger?fromDate=2024-03-01&toDate=2024-03-31", NULL, NULL);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.200.Balance")), -9000);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.610.Balance")), -1200);
	CHECK(json_is_true(jget(h->json, "Balanced")));
	done(h);
	h = req("GET", "/__sandbox/ledger?toDate=31-03-2024", NULL, NULL);
	CHECK_INT(h->status, 400);
	done(h);
}

/* Cells of the report row labelled label, joined with '|' into out. */
static const char *row_cells(json_t *rows, const char *label, char *out, size_t n)
{
	json_t *r, *c;
	size_t i, k;

	out[0] = '\0';
	json_array_foreach(rows, i, r) {
		json_t *cells = json_object_get(r, "Cells");

		if (json_object_get(r, "Rows") && row_cells(json_object_get(r, "Rows"), label, out, n)[0])
			return out;
		if (!cells || strcmp(jstr(cells, "0.Value") ? jstr(cells, "0.Value") : "", label))
			continue;
		json_array_foreach(cells, k, c) {
			size_t len = strlen(out);

			if (k)
				snprintf(out + len, n - len, "%s%s", k > 1 ? "|" : "",
					 jstr(c, "Value") ? jstr(c, "Value") : "?");
		}
		return out;
	}
	return out;
}

static void test_reports(void)
{
	static const struct {
		const char *label, *cells;  /* Debit|Credit|YTD Debit|YTD Credit */
	} tb[] = {
		{ "Sales (200)", "|90.00||90.00" },
		{ "Other Revenue (260)", "|10.00||10.00" },
		{ "Bank Fees (404)", "20.00||20.00|" },
		{ "General Expenses (429)", "50.00||50.00|" },
		{ "Accounts Receivable (610)", "|12.00|28.00|" },
		{ "Business Bank Account (090)", "76.00||76.00|" },
		{ "Business Savings Account (091)", "30.00||30.00|" },
		{ "Accounts Payable (800)", "|60.00||60.00" },
		{ "VAT (820)", "|4.00||4.00" },
		{ "Retained Earnings (960)", "|0.00||40.00" }, /* INV-OLD, the year before */
		{ "Total", "176.00|176.00|204.00|204.00" },
	};
	static const struct {
		const char *label, *value;
	} pl[] = {
		{ "Sales", "90.00" }, { "Other Revenue", "10.00" }, { "Total Income", "100.00" },
		{ "Bank Fees", "20.00" }, { "General Expenses", "50.00" },
		{ "Total Operating Expenses", "70.00" }, { "Net Profit", "30.00" },
	};
	char got[256];
	struct http *h;
	size_t i;

	h = req("GET", "/api.xro/2.0/Reports/TrialBalance?date=2024-03-31", NULL, NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "Reports.0.ReportType"), "TrialBalance");
	CHECK_STR(jstr(h->json, "Reports.0.ReportTitles.2"), "As at 31 March 2024");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.0.RowType"), "Header");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.0.Cells.4.Value"), "YTD Credit");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.1.Title"), "Revenue");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.1.Rows.0.Cells.0.Value"), "Other Revenue (260)");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.1.Rows.0.Cells.0.Attributes.0.Id"), "account");
	for (i = 0; i < sizeof(tb) / sizeof(tb[0]); i++)
		CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), tb[i].label, got, sizeof(got)),
			  tb[i].cells);
	done(h);
	/* as at the previous year's end: only INV-OLD, its sales in that year */
	h = req("GET", "/api.xro/2.0/Reports/TrialBalance?date=2023-03-31", NULL, NULL);
	CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), "Sales (200)", got, sizeof(got)),
		  "|40.00||40.00");
	CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), "Accounts Receivable (610)", got, sizeof(got)),
		  "40.00||40.00|");
	CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), "Total", got, sizeof(got)),
		  "40.00|40.00|40.00|40.00");
	done(h);

	h = req("GET", "/api.xro/2.0/Reports/ProfitAndLoss?fromDate=2024-03-01&toDate=2024-03-31", NULL, NULL);
	CHECK_INT(h->status, 200);
	CHECK_STR(jstr(h->json, "Reports.0.ReportTitles.2"), "1 March 2024 to 31 March 2024");
	CHECK_STR(jstr(h->json, "Reports.0.Rows.1.Title"), "Income");
	for (i = 0; i < sizeof(pl) / sizeof(pl[0]); i++)
		CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), pl[i].label, got, sizeof(got)),
			  pl[i].value);
	done(h);
	h = req("GET", "/api.xro/2.0/Reports/ProfitAndLoss?fromDate=2023-01-01&toDate=2024-03-31", NULL, NULL);
	CHECK_STR(row_cells(jget(h->json, "Reports.0.Rows"), "Net Profit", got, sizeof(got)), "70.00");
	done(h);
	h = req("GET", "/api.xro/2.0/Reports/BalanceSheet", NULL, NULL);
	CHECK_INT(h->status, 404);
	done(h);
	h = req("GET", "/api.xro/2.0/Reports/TrialBalance?date=soon", NULL, NULL);
	CHECK_INT(h->status, 400);
	done(h);
}

/* Canada: PST on a purchase is not recoverable and stays on the expense. */
static void test_ca_nonrecoverable(void)
{
	struct http *h;

	if (start("CA")) {
		CHECK(!"CA sandbox");
		return;
	}
	must("PUT", "/api.xro/2.0/Invoices",
	     "{\"Invoices\":[{\"Type\":\"ACCPAY\",\"Contact\":{\"Name\":\"BC Supplier\"},\"Date\":\"2024-05-02\","
	     "\"DueDate\":\"2024-05-02\",\"Status\":\"AUTHORISED\",\"LineItems\":[{\"Description\":\"p\","
	     "\"LineAmount\":100.00,\"AccountCode\":\"429\",\"TaxType\":\"CAN002\"}]},"
	     "{\"Type\":\"ACCREC\",\"Contact\":{\"Name\":\"BC Customer\"},\"Date\":\"2024-05-02\","
	     "\"DueDate\":\"2024-05-02\",\"Status\":\"AUTHORISED\",\"LineItems\":[{\"Description\":\"s\","
	     "\"LineAmount\":100.00,\"AccountCode\":\"200\",\"TaxType\":\"CAN015\"}]}]}",
	     NULL, NULL, NULL, 0);
	h = req("GET", "/__sandbox/ledger", NULL, NULL);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.429.Balance")), 10700);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.820.Balance")), 500 - 1200);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.800.Balance")), -11200);
	CHECK_INT(json_integer_value(jget(h->json, "Accounts.610.Balance")), 11200);
	CHECK_INT(json_integer_value(jget(h->json, "TaxTypes.CAD.CAN002.Tax")), 1200);
	CHECK(json_is_true(jget(h->json, "Balanced")));
	done(h);
	stop();
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!start("GB")) {
		test_bank_transactions();
		post_documents();
		test_ledger();
		test_reports();
		stop();
	} else {
		CHECK(!"GB sandbox");
	}
	test_ca_nonrecoverable();
	curl_global_cleanup();
	return tap_done();
}
