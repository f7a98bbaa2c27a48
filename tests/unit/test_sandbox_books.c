/*
 * test_sandbox_books.c - bank transactions (create, validation, list,
 * where=, update, delete, idempotency).
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
	h = req("GET", "/__sandbox/documents", NULL, NULL);
	CHECK_INT(json_array_size(jget(h->json, "BankTransactions")), 4);
	done(h);
	h = req("GET", "/__sandbox/state", NULL, NULL);
	CHECK_INT(json_integer_value(jget(h->json, "Counts.BankTransactions")), 4);
	done(h);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!start("GB")) {
		test_bank_transactions();
		stop();
	} else {
		CHECK(!"GB sandbox");
	}
	curl_global_cleanup();
	return tap_done();
}
