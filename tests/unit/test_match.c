/*
 * test_match.c - Xero's answers matched to documents, without the
 * network: a batch answer settles each document by number (posted with
 * Xero's id, rejected with Xero's messages, left planned when the answer
 * does not name it or refuses a re-send as a duplicate), payments by
 * Reference; a lookup's answer posts what it finds alive; and the lookup
 * URLs. The outcomes are read back from a real state file, with the batch
 * bookkeeping around them (left, unknown, re-send, settled).
 */
#include "fixture.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

#include "store/batches.h"
#include "store/posting.h"
#include "store/read.h"
#include "store/runs.h"
#include "xero/match.h"

#define ZERO "00000000-0000-0000-0000-000000000000"

struct statuses {
	char v[16][160];
	int n;
};

/* number, status, Xero id, message: where the Documents view has them
 * (9, 13, 14), or the Payments view (6, 10, 11) */
static int row_status(struct statuses *s, const struct store_row *row, int st, int id,
		      int msg)
{
	if (s->n < 16)
		snprintf(s->v[s->n++], sizeof(s->v[0]), "%s %s %s %.60s", row->v[0].s,
			 row->v[st].s, row->v[id].type == STORE_TEXT ? row->v[id].s : "-",
			 row->v[msg].type == STORE_TEXT ? row->v[msg].s : "-");
	return 0;
}

static int doc_status(void *ctx, const struct store_row *row)
{
	return row_status(ctx, row, 9, 13, 14);
}

static int move_status(void *ctx, const struct store_row *row)
{
	return row_status(ctx, row, 6, 10, 11);
}

static const char *status_of(struct state *st, const char *number)
{
	static struct statuses s;
	struct ll_err err = LL_ERR_INIT;
	size_t nl = strlen(number);
	int i;

	s.n = 0;
	CHECK_INT(store_read_view(st, STORE_VIEW_DOCUMENTS, doc_status, &s, &err), 0);
	CHECK_INT(store_read_view(st, STORE_VIEW_PAYMENTS, move_status, &s, &err), 0);
	for (i = 0; i < s.n; i++)
		if (!strncmp(s.v[i], number, nl) && s.v[i][nl] == ' ')
			return s.v[i] + nl + 1;
	return "(none)";
}

static void test_answer(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct match_counts mc = { 0, 0 };
	char dir[256];
	struct state *st = fx_open(dir);
	int64_t sid, b = 0, pb = 0, ids[4];
	long left = 0;
	int i;
	const char *answer =
		"{\"Invoices\":["
		/* out of order: matched by number, not position */
		"{\"InvoiceNumber\":\"M-3\",\"InvoiceID\":\"id-3\",\"StatusAttributeString\":\"OK\"},"
		"{\"InvoiceNumber\":\"M-2\",\"InvoiceID\":\"" ZERO "\","
		"\"StatusAttributeString\":\"ERROR\",\"ValidationErrors\":["
		"{\"Message\":\"Account code '999' is not a valid code\"},"
		"{\"Message\":\"Line total is wrong\"}]},"
		"{\"InvoiceNumber\":\"M-1\",\"InvoiceID\":\"" ZERO "\","
		"\"StatusAttributeString\":\"OK\"},"
		"{\"InvoiceNumber\":\"M-9\",\"InvoiceID\":\"id-9\",\"StatusAttributeString\":\"OK\"}"
		"]}";

	if (!st)
		return;
	sid = fx_settlement(st, 0, "M", "USD", 0);
	for (i = 0; i < 4; i++) {
		char key[32], num[16];

		snprintf(key, sizeof(key), "amazon:M:Invoice:%d", i + 1);
		snprintf(num, sizeof(num), "M-%d", i + 1);
		ids[i] = fx_insert(st, sid, "Invoice", key, num, "2024-01-15", 10, 0);
	}
	CHECK_INT(store_batch_insert(st, 1, "Invoices", &b, &err), 0);
	for (i = 0; i < 4; i++)
		CHECK_INT(store_batch_add_doc(st, b, ids[i], &err), 0);
	CHECK_INT(fx_claim(st, b, "key"), 1);

	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(match_answer(st, b, "Invoices", answer, strlen(answer), &mc, &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(mc.posted, 1);
	CHECK_INT(mc.rejected, 1);
	CHECK_STR(status_of(st, "M-3"), "posted id-3 -");
	CHECK_STR(status_of(st, "M-2"),
		  "rejected - Account code '999' is not a valid code; Line total is wrong");
	/* a zero id is no proof of anything; M-4 was not in the answer */
	CHECK_STR(status_of(st, "M-1"), "planned - -");
	CHECK_STR(status_of(st, "M-4"), "planned - -");
	CHECK_INT(store_batch_left(st, b, &left, &err), 0);
	CHECK_INT(left, 2);

	/* no answer, or not JSON: nothing settled */
	mc.posted = mc.rejected = 0;
	CHECK_INT(match_answer(st, b, "Invoices", NULL, 0, &mc, &err), 0);
	CHECK_INT(match_answer(st, b, "Invoices", "<html>", 6, &mc, &err), 0);
	CHECK_INT(mc.posted + mc.rejected, 0);

	/* looked up: M-1 found (M-4 found only as VOIDED: not alive), re-sent */
	{
		const char *found =
			"{\"Invoices\":["
			"{\"InvoiceNumber\":\"M-1\",\"InvoiceID\":\"id-1\",\"Status\":\"AUTHORISED\"},"
			"{\"InvoiceNumber\":\"M-4\",\"InvoiceID\":\"id-4\",\"Status\":\"VOIDED\"}]}";
		long n = 0;

		CHECK_INT(store_batch_set_status(st, b, "unknown", &err), 0);
		CHECK_INT(state_begin(st, &err), 0);
		CHECK_INT(match_found(st, "Invoices", ids, 4, found, strlen(found), &n, &err), 0);
		CHECK_INT(n, 1);
		CHECK_INT(store_post_resend(st, ids[3], &err), 0);
		CHECK_INT(store_batch_settle_done(st, &err), 0);
		CHECK_INT(state_commit(st, &err), 0);
		CHECK_STR(status_of(st, "M-1"), "posted id-1 found in Xero after an unknown outcome");
		CHECK(strstr(status_of(st, "M-4"), "planned - not found in Xero") != NULL);
	}

	/* the re-send of M-4 is refused as a duplicate: its first write landed
	 * after all, so it stays planned for the lookup, not rejected */
	{
		const char *dup =
			"{\"Invoices\":[{\"InvoiceNumber\":\"M-4\",\"InvoiceID\":\"" ZERO "\","
			"\"StatusAttributeString\":\"ERROR\",\"ValidationErrors\":["
			"{\"Message\":\"Invoice # must be unique.\"}]}]}";

		CHECK_INT(store_batch_insert(st, 2, "Invoices", &pb, &err), 0);
		CHECK_INT(store_batch_add_doc(st, pb, ids[3], &err), 0);
		mc.posted = mc.rejected = 0;
		CHECK_INT(match_answer(st, pb, "Invoices", dup, strlen(dup), &mc, &err), 0);
		CHECK_INT(mc.rejected, 0);
		CHECK(strstr(status_of(st, "M-4"), "planned") == status_of(st, "M-4"));
	}

	/* payments are matched by Reference */
	{
		int64_t pay = fx_insert(st, sid, "Payment", "amazon:M:Invoice:3:payment",
					"M-3, Amazon settlement M", "2024-01-15", 10, 0);
		int64_t payb = 0;
		const char *ans =
			"{\"Payments\":[{\"Reference\":\"M-3, Amazon settlement M\","
			"\"PaymentID\":\"pay-1\",\"HasValidationErrors\":false}]}";

		CHECK_INT(store_batch_insert(st, 3, "Payments", &payb, &err), 0);
		CHECK_INT(store_batch_add_doc(st, payb, pay, &err), 0);
		mc.posted = mc.rejected = 0;
		CHECK_INT(match_answer(st, payb, "Payments", ans, strlen(ans), &mc, &err), 0);
		CHECK_INT(mc.posted, 1);
		CHECK_STR(status_of(st, "M-3, Amazon settlement M"), "posted pay-1 -");
	}

	/* bank transactions too: by Reference (they have no number), refused
	 * with HasErrors; a lookup finds a live one and skips a deleted one */
	{
		int64_t t1 = fx_insert(st, sid, "BankTransaction", "paypal:D:row:T1", "PayPal T1",
				       "2024-01-15", 10, 0);
		int64_t t2 = fx_insert(st, sid, "BankTransaction", "paypal:D:row:T2", "PayPal T2",
				       "2024-01-15", 10, 0);
		int64_t t3 = fx_insert(st, sid, "BankTransaction", "paypal:D:row:T3", "PayPal T3",
				       "2024-01-15", 10, 0);
		int64_t tb = 0, look[2];
		long n = 0;
		const char *ans =
			"{\"BankTransactions\":["
			"{\"Reference\":\"PayPal T2\",\"BankTransactionID\":\"" ZERO "\","
			"\"HasErrors\":true,\"ValidationErrors\":[{\"Message\":"
			"\"The BankAccount PPUSD could not be found.\"}]},"
			"{\"Reference\":\"PayPal T1\",\"BankTransactionID\":\"bt-1\","
			"\"StatusAttributeString\":\"OK\"}]}";
		const char *found =
			"{\"BankTransactions\":["
			"{\"Reference\":\"PayPal T3\",\"BankTransactionID\":\"bt-3x\","
			"\"Status\":\"DELETED\"},"
			"{\"Reference\":\"PayPal T3\",\"BankTransactionID\":\"bt-3\","
			"\"Status\":\"AUTHORISED\"}]}";

		CHECK_INT(match_by_reference("BankTransactions"), 1);
		CHECK_INT(store_batch_insert(st, 4, "BankTransactions", &tb, &err), 0);
		CHECK_INT(store_batch_add_doc(st, tb, t1, &err), 0);
		CHECK_INT(store_batch_add_doc(st, tb, t2, &err), 0);
		CHECK_INT(store_batch_add_doc(st, tb, t3, &err), 0);
		mc.posted = mc.rejected = 0;
		CHECK_INT(match_answer(st, tb, "BankTransactions", ans, strlen(ans), &mc, &err), 0);
		CHECK_INT(mc.posted, 1);
		CHECK_INT(mc.rejected, 1);
		CHECK_STR(status_of(st, "PayPal T1"), "posted bt-1 -");
		CHECK_STR(status_of(st, "PayPal T2"),
			  "rejected - The BankAccount PPUSD could not be found.");
		CHECK_STR(status_of(st, "PayPal T3"), "planned - -");
		look[0] = t3;
		look[1] = t1;
		CHECK_INT(state_begin(st, &err), 0);
		CHECK_INT(match_found(st, "BankTransactions", look, 2, found, strlen(found), &n,
				      &err), 0);
		CHECK_INT(state_commit(st, &err), 0);
		CHECK_INT(n, 1);
		CHECK_STR(status_of(st, "PayPal T3"),
			  "posted bt-3 found in Xero after an unknown outcome");
	}
	fx_close(st, dir);
}

/* Adoption: planned documents never sent, found in Xero by number (a
 * payment by Reference) with the same total and currency, are posted in an
 * adoption batch of the run; another version under the number is
 * rejected with both totals; DELETED and VOIDED ones are not there. */
static void test_adopt(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct match_counts mc = { 0, 0 };
	char dir[256];
	struct state *st = fx_open(dir);
	int64_t sid, id[5];
	struct match_want w[5];
	int i;
	const char *nums[5] = { "A-1", "A-2", "A-3", "A-4", "A-5" };
	/* totals in cents: 1031 each, A-5 in JPY */
	const char *answer =
		"{\"Invoices\":["
		"{\"InvoiceNumber\":\"A-1\",\"InvoiceID\":\"x-1\",\"Status\":\"DRAFT\","
		"\"Total\":10.31,\"CurrencyCode\":\"USD\"},"
		"{\"InvoiceNumber\":\"A-2\",\"InvoiceID\":\"x-2\",\"Status\":\"DRAFT\","
		"\"Total\":15.31,\"CurrencyCode\":\"USD\"},"
		"{\"InvoiceNumber\":\"A-3\",\"InvoiceID\":\"x-3\",\"Status\":\"DELETED\","
		"\"Total\":10.31},"
		"{\"InvoiceNumber\":\"A-4\",\"InvoiceID\":\"x-4\",\"Status\":\"PAID\","
		"\"Total\":10.31,\"CurrencyCode\":\"GBP\"},"
		"{\"InvoiceNumber\":\"A-5\",\"InvoiceID\":\"x-5\",\"Total\":1031}]}";

	if (!st)
		return;
	CHECK_INT(store_run_start(st, "run", "settlement", NULL, &err), 0);
	sid = fx_settlement(st, 0, "A", "USD", 0);
	for (i = 0; i < 5; i++) {
		char key[32];

		snprintf(key, sizeof(key), "amazon:A:Invoice:%d", i + 1);
		id[i] = fx_insert(st, sid, "Invoice", key, nums[i], "2024-01-15", 1031, 0);
		w[i].id = id[i];
		w[i].number = nums[i];
		w[i].total_minor = 1031;
		w[i].currency = i == 4 ? "JPY" : "USD";
	}
	CHECK_INT(state_begin(st, &err), 0);
	CHECK_INT(match_adopt(st, "Invoices", w, 5, answer, strlen(answer), &mc, &err), 0);
	CHECK_INT(state_commit(st, &err), 0);
	CHECK_INT(mc.posted, 2);
	CHECK_INT(mc.rejected, 2);
	CHECK_STR(status_of(st, "A-1"), "posted x-1 found in Xero before it was first sent (posted earlier, not ");
	CHECK_STR(status_of(st, "A-2"), "rejected - A-2 is in Xero already (InvoiceID x-2), with Total 15.31 USD");
	CHECK_STR(status_of(st, "A-3"), "planned - -");
	CHECK_STR(status_of(st, "A-4"), "rejected - A-4 is in Xero already (InvoiceID x-4), with Total 10.31 GBP");
	/* JPY has no decimals: 1031 yen is Total 1031 */
	CHECK_STR(status_of(st, "A-5"), "posted x-5 found in Xero before it was first sent (posted earlier, not ");
	/* a payment by Reference, its amount as Amount */
	{
		int64_t pay = fx_insert(st, sid, "Payment", "amazon:A:Invoice:1:payment",
					"A-1, Amazon settlement A", "2024-01-15", 1031, 0);
		struct match_want pw = { pay, "A-1, Amazon settlement A", 1031, "USD" };
		const char *ans = "{\"Payments\":[{\"Reference\":\"A-1, Amazon settlement A\","
				  "\"PaymentID\":\"p-1\",\"Amount\":10.31,\"Status\":\"AUTHORISED\"}]}";

		mc.posted = mc.rejected = 0;
		CHECK_INT(match_adopt(st, "Payments", &pw, 1, ans, strlen(ans), &mc, &err), 0);
		CHECK_INT(mc.posted, 1);
		CHECK_STR(status_of(st, "A-1, Amazon settlement A"),
			  "posted p-1 found in Xero before it was first sent (posted earlier, not ");
	}
	fx_close(st, dir);
}

static void test_paths(void)
{
	struct buf p = BUF_INIT(8192);
	char big[1500];

	CHECK_INT(match_lookup_begin(&p, "Invoices"), 0);
	CHECK_INT(match_lookup_add(&p, "Invoices", "A 1", 1), 0);
	CHECK_INT(match_lookup_add(&p, "Invoices", "B&2", 0), 0);
	CHECK_INT(match_lookup_end(&p), 0);
	CHECK_STR(buf_cstr(&p), "Invoices?InvoiceNumbers=A%201,B%262&pageSize=1000");
	buf_reset(&p);
	CHECK_INT(match_lookup_begin(&p, "CreditNotes"), 0);
	CHECK_INT(match_lookup_add(&p, "CreditNotes", "CN-1", 1), 0);
	CHECK_STR(buf_cstr(&p), "CreditNotes?CreditNoteNumbers=CN-1");
	buf_reset(&p);
	/* by Reference, quotes and backslashes escaped, then URL-encoded */
	CHECK_INT(match_lookup_begin(&p, "BankTransfers"), 0);
	CHECK_INT(match_lookup_add(&p, "BankTransfers", "a\"b", 1), 0);
	CHECK_INT(match_lookup_add(&p, "BankTransfers", "c\\", 0), 0);
	CHECK_STR(buf_cstr(&p), "BankTransfers?where=Reference%3D%3D%22a%5C%22b%22"
				"%20OR%20Reference%3D%3D%22c%5C%5C%22");
	buf_reset(&p);
	CHECK_INT(match_lookup_begin(&p, "BankTransactions"), 0);
	CHECK_INT(match_lookup_add(&p, "BankTransactions", "PayPal 9AB1", 1), 0);
	CHECK_INT(match_lookup_end(&p), 0);
	CHECK_STR(buf_cstr(&p), "BankTransactions?where=Reference%3D%3D%22PayPal%209AB1%22"
				"&pageSize=1000");
	/* a URL of a few kB at most */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(match_lookup_fits(&p, "short"), 1);
	CHECK_INT(match_lookup_fits(&p, big), 0);
	buf_free(&p);
}

int main(void)
{
	test_answer();
	test_adopt();
	test_paths();
	return tap_done();
}
