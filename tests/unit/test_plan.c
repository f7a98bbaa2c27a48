/*
 * test_plan.c - plan_batches on a real state file: at most 50 documents
 * and under the byte cap per batch, one endpoint per batch, invoices
 * before credit notes before payments before transfers, each by date and
 * number; a payment only once what it pays is posted; a settlement's new
 * versions held back while an old one is superseded; batches already sent
 * left alone; the same documents give the same batches (kept as they
 * are), one document more rebuilds them.
 */
#include "fixture.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

#include "plan/plan.h"
#include "store/batches.h"
#include "store/documents.h"
#include "store/posting.h"
#include "store/store_int.h" /* state_exec: rows no writer of ours makes */

#define MAXB 64

struct seen {
	int n;
	int64_t id[MAXB];
	char endpoint[MAXB][24];
	long docs[MAXB];
	char first[MAXB][40], last[MAXB][40];  /* lowest, highest number */
	long bytes[MAXB];
	int cur;
};

static int body(void *ctx, const char *b)
{
	struct seen *s = ctx;
	const char *n = strstr(b, "\"N\":\"");
	char num[40];

	snprintf(num, sizeof(num), "%.*s", n ? (int)strcspn(n + 5, "\"") : 0, n ? n + 5 : "");
	/* a batch's bodies come in id order: keep its lowest and highest number */
	if (!s->docs[s->cur] || strcmp(num, s->first[s->cur]) < 0)
		snprintf(s->first[s->cur], sizeof(s->first[0]), "%s", num);
	if (!s->docs[s->cur] || strcmp(num, s->last[s->cur]) > 0)
		snprintf(s->last[s->cur], sizeof(s->last[0]), "%s", num);
	s->docs[s->cur]++;
	s->bytes[s->cur] += (long)strlen(b) + 1;
	return 0;
}

static int batch(void *ctx, int64_t id, const char *endpoint)
{
	struct seen *s = ctx;

	if (s->n >= MAXB)
		return 1;
	s->id[s->n] = id;
	snprintf(s->endpoint[s->n], sizeof(s->endpoint[0]), "%s", endpoint);
	s->n++;
	return 0;
}

/* The planned batches in order, with their documents. */
static void batches(struct state *st, struct seen *s)
{
	struct ll_err err = LL_ERR_INIT;
	int i;

	memset(s, 0, sizeof(*s));
	CHECK_INT(store_batch_each_planned(st, MAXB, batch, s, &err), 0);
	for (i = 0; i < s->n; i++) {
		s->cur = i;
		CHECK_INT(store_batch_each_body(st, s->id[i], body, s, &err), 0);
	}
}

static void test_order_and_size(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	struct seen s, again;
	char dir[256], key[64], num[32], date[11];
	struct state *st = fx_open(dir);
	int64_t sid;
	int i;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "B1", "USD", 0);
	/* 120 invoices over three days, inserted out of order */
	for (i = 119; i >= 0; i--) {
		snprintf(key, sizeof(key), "amazon:B1:Invoice:%d", i);
		snprintf(num, sizeof(num), "INV-%03d", i);
		snprintf(date, sizeof(date), "2024-01-%02d", 10 + i / 50);
		fx_insert(st, sid, "Invoice", key, num, date, 100, 0);
	}
	fx_insert(st, sid, "BankTransfer", "amazon:B1:transfer", "B1 transfer", "2024-01-09",
		  1, 0);
	/* bank transactions: after invoices and credit notes (and payments),
	 * before transfers, whatever their dates; their own batches */
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "paypal:D:row:%d", i);
		snprintf(num, sizeof(num), "PayPal T%d", i);
		snprintf(date, sizeof(date), "2024-01-0%d", 5 - i);
		fx_insert(st, sid, "BankTransaction", key, num, date, 5, 0);
	}
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "amazon:B1:CreditNote:%d", i);
		snprintf(num, sizeof(num), "CN-%03d", i);
		fx_insert(st, sid, "CreditNote", key, num, "2024-01-01", 10, 0);
	}
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.batches, 6);
	CHECK_INT(ps.documents, 127);
	batches(st, &s);
	CHECK_INT(s.n, 6);
	CHECK_STR(s.endpoint[0], "Invoices");
	CHECK_STR(s.endpoint[2], "Invoices");
	CHECK_STR(s.endpoint[3], "CreditNotes");
	CHECK_STR(s.endpoint[4], "BankTransactions");
	CHECK_STR(s.endpoint[5], "BankTransfers");
	CHECK_INT(s.docs[0], PLAN_MAX_DOCS);
	CHECK_INT(s.docs[1], PLAN_MAX_DOCS);
	CHECK_INT(s.docs[2], 20);
	CHECK_INT(s.docs[3], 3);
	CHECK_INT(s.docs[4], 3);
	CHECK_INT(s.docs[5], 1);
	CHECK_STR(s.first[4], "PayPal T0");
	/* by date, then number */
	CHECK_STR(s.first[0], "INV-000");
	CHECK_STR(s.last[0], "INV-049");
	CHECK_STR(s.first[2], "INV-100");
	CHECK_STR(s.last[2], "INV-119");
	CHECK_STR(s.first[3], "CN-000");

	/* planned again: the same batches */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	batches(st, &again);
	CHECK_INT(again.n, s.n);
	for (i = 0; i < s.n && i < again.n; i++) {
		CHECK_STR(again.endpoint[i], s.endpoint[i]);
		CHECK_INT(again.docs[i], s.docs[i]);
		CHECK_STR(again.first[i], s.first[i]);
		CHECK_STR(again.last[i], s.last[i]);
		CHECK_INT(again.id[i], s.id[i]); /* kept: the rows a rebuild writes */
	}
	/* a document more, between others: rebuilt, numbered as before */
	fx_insert(st, sid, "Invoice", "amazon:B1:Invoice:0005", "INV-0005", "2024-01-10", 100,
		  0);
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.documents, 128);
	batches(st, &again);
	CHECK_INT(again.n, 6);
	CHECK_INT(again.id[0], s.id[0]);
	CHECK_INT(again.id[5], s.id[5]);
	CHECK_STR(again.first[0], "INV-000");
	CHECK_STR(again.last[0], "INV-048");
	CHECK_STR(again.first[1], "INV-049");
	CHECK_INT(again.docs[2], 21);

	/* a batch sent is never touched by a new plan */
	CHECK_INT(fx_claim(st, again.id[0], "k"), 1);
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.documents, 128 - PLAN_MAX_DOCS);
	batches(st, &s);
	CHECK_INT(s.n, 5);
	CHECK_STR(s.first[0], "INV-049");
	fx_close(st, dir);
}

static void test_bytes(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	struct seen s;
	char dir[256], key[64], num[32];
	struct state *st = fx_open(dir);
	int64_t sid;
	int i;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "B2", "USD", 0);
	/* 40 documents of 200 kB: 16 fit under 3,400 kB */
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "amazon:B2:Invoice:%d", i);
		snprintf(num, sizeof(num), "BIG-%02d", i);
		fx_insert(st, sid, "Invoice", key, num, "2024-01-10", 1, 200 * 1024);
	}
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	batches(st, &s);
	CHECK_INT(s.n, 3);
	for (i = 0; i < s.n; i++)
		CHECK(s.bytes[i] + 32 <= (long)PLAN_MAX_BYTES);
	CHECK_INT(s.docs[0], 16);
	CHECK_INT(s.docs[0] + s.docs[1] + s.docs[2], 40);
	fx_close(st, dir);
}

static void test_waiting(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	struct seen s;
	char dir[256];
	struct state *st = fx_open(dir);
	int64_t s1, s2, inv, old, b = 0;
	int changed = 0;

	if (!st)
		return;
	s1 = fx_settlement(st, 0, "W1", "USD", 0);
	s2 = fx_settlement(st, 0, "W2", "USD", 0);
	inv = fx_insert(st, s1, "Invoice", "amazon:W1:Invoice:1", "W1-1", "2024-01-10", 5, 0);
	fx_insert(st, s1, "Payment", "amazon:W1:Invoice:1:payment", "W1-1, paid",
		  "2024-01-10", 5, 0);
	/* a payment waits for what it pays */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	CHECK_INT(ps.documents, 1);
	batches(st, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.endpoint[0], "Invoices");
	/* posted: the payment goes in the next round */
	CHECK_INT(fx_claim(st, s.id[0], "k"), 1);
	CHECK_INT(store_post_answer(st, s.id[0], "W1-1", "posted", "x", NULL, &changed, &err),
		  0);
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	batches(st, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.endpoint[0], "Payments");
	CHECK_STR(s.first[0], "W1-1, paid");
	(void)inv;

	/* W2: an old version superseded holds back the new ones */
	old = fx_insert(st, s2, "Invoice", "amazon:W2:Invoice:1", "W2-1", "2024-01-11", 5, 0);
	CHECK_INT(store_batch_insert(st, 99, "Invoices", &b, &err), 0);
	CHECK_INT(store_batch_add_doc(st, b, old, &err), 0);
	CHECK_INT(store_post_found(st, old, "W2-1", "x2", &changed, &err), 0);
	CHECK_INT(store_doc_supersede(st, old, "superseded", &err), 0);
	fx_insert(st, s2, "Invoice", "amazon:W2:Invoice:1", "W2-1-v2", "2024-01-11", 6, 0);
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	batches(st, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.endpoint[0], "Payments");
	fx_close(st, dir);
}


/* the documents of a walk, in the order given */
struct walked {
	int n;
	int64_t id[64], batch[64];
	long len[64];
	char kind[64][20];
};

static int walked(void *ctx, const struct store_batchable *b)
{
	struct walked *w = ctx;

	if (w->n >= 64)
		return 1;
	w->id[w->n] = b->id;
	w->batch[w->n] = b->batch_id;
	w->len[w->n] = b->body_len;
	snprintf(w->kind[w->n], sizeof(w->kind[0]), "%s", b->kind);
	w->n++;
	return 0;
}

/* Both walks, sorted in memory and by SQLite (limit 0), give the same
 * documents in the same order: ties of date and number by id, NULL dates
 * first, a kind of no rank of its own last, a superseded document's
 * settlement and a document of none left out. */
static void check_walks(struct state *st, int rebatch)
{
	struct ll_err err = LL_ERR_INIT;
	struct walked mem, sql;
	size_t was;
	int i;

	memset(&mem, 0, sizeof(mem));
	memset(&sql, 0, sizeof(sql));
	CHECK_INT(rebatch ? store_batch_each_rebatchable(st, walked, &mem, &err)
			  : store_batch_each_batchable(st, walked, &mem, &err), 0);
	was = store_batch_walk_limit(0);
	CHECK_INT(rebatch ? store_batch_each_rebatchable(st, walked, &sql, &err)
			  : store_batch_each_batchable(st, walked, &sql, &err), 0);
	store_batch_walk_limit(was);
	CHECK(mem.n > 0);
	CHECK_INT(mem.n, sql.n);
	for (i = 0; i < mem.n && i < sql.n; i++) {
		CHECK_INT(mem.id[i], sql.id[i]);
		CHECK_INT(mem.batch[i], sql.batch[i]);
		CHECK_INT(mem.len[i], sql.len[i]);
		CHECK_STR(mem.kind[i], sql.kind[i]);
	}
}

static void test_walk_in_memory(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct plan_stats ps;
	struct walked w;
	char dir[256], key[64], num[32];
	struct state *st = fx_open(dir);
	int64_t s1, s2, gone, b = 0;
	int i, changed = 0;

	if (!st)
		return;
	s1 = fx_settlement(st, 0, "M1", "USD", 0);
	s2 = fx_settlement(st, 0, "M2", "USD", 0);
	/* the same date and number, inserted in turn: ties */
	for (i = 0; i < 6; i++) {
		snprintf(key, sizeof(key), "amazon:M1:Invoice:%d", i);
		snprintf(num, sizeof(num), "T-%d", i % 2);
		fx_insert(st, s1, i % 3 ? "Invoice" : "BankTransaction", key, num,
			  i < 3 ? "2024-02-01" : "2024-01-31", 10, (size_t)i);
	}
	/* bytes, then length: "T-1" before "T-10" before "T-2" */
	fx_insert(st, s1, "Invoice", "amazon:M1:Invoice:a", "T-10", "2024-02-01", 1, 0);
	fx_insert(st, s1, "Invoice", "amazon:M1:Invoice:b", "T-", "2024-02-01", 1, 0);
	fx_insert(st, s1, "Invoice", "amazon:M1:Invoice:c", "T-1", "2024-02-01x", 1, 0);
	fx_insert(st, s1, "Odd", "amazon:M1:odd", "O-1", "2024-01-01", 1, 0);
	fx_insert(st, s1, "BankTransfer", "amazon:M1:t", "A-1", "2023-12-01", 1, 0);
	fx_insert(st, s1, "CreditNote", "amazon:M1:cn", "C-1", "2024-03-01", 1, 0);
	fx_insert(st, s2, "Invoice", "amazon:M2:Invoice:1", "M2-1", "2024-02-01", 1, 0);
	/* no date, no settlement, no body length */
	CHECK_INT(state_exec(st, "UPDATE documents SET date=NULL WHERE number IN ('T-10','O-1');"
			     "UPDATE documents SET body_len=NULL WHERE number='T-';", &err), 0);
	memset(&w, 0, sizeof(w));
	CHECK_INT(store_batch_each_batchable(st, walked, &w, &err), 0);
	CHECK_INT(w.n, 13);
	CHECK_STR(w.kind[0], "Invoice");
	CHECK_STR(w.kind[w.n - 1], "BankTransfer");
	check_walks(st, 0);
	/* planned, then walked again as a rebuild would */
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	check_walks(st, 1);
	/* a superseded document holds back its settlement's new versions and,
	 * while there is one, a document of no settlement */
	gone = fx_insert(st, s2, "Invoice", "amazon:M2:Invoice:9", "M2-9", "2024-02-02", 5, 0);
	CHECK_INT(store_batch_insert(st, 99, "Invoices", &b, &err), 0);
	CHECK_INT(store_batch_add_doc(st, b, gone, &err), 0);
	CHECK_INT(store_post_found(st, gone, "M2-9", "x9", &changed, &err), 0);
	CHECK_INT(store_doc_supersede(st, gone, "superseded", &err), 0);
	fx_insert(st, 0, "Invoice", "amazon:none:1", "N-1", "2024-02-03", 1, 0);
	fx_insert(st, s1, "Invoice", "amazon:M1:Invoice:z", "Z-1", "2024-02-03", 1, 0);
	CHECK_INT(state_exec(st, "UPDATE documents SET settlement_id=NULL WHERE number='N-1'",
			     &err), 0);
	check_walks(st, 1);
	CHECK_INT(plan_batches(st, &ps, &err), 0);
	memset(&w, 0, sizeof(w));
	CHECK_INT(store_batch_each_rebatchable(st, walked, &w, &err), 0);
	CHECK_INT(w.n, 13); /* M1's 13, not M2's nor N-1 */
	check_walks(st, 1);
	fx_close(st, dir);
}

/* store_batch_assign: each listed document gets its batch, written in
 * spans of consecutive ids whatever order they come in; a document not
 * listed keeps what it had, an id missing from the table ends a span */
static void test_assign(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_batch_doc d[40];
	char dir[256], key[64], num[32];
	struct state *st = fx_open(dir);
	int64_t sid, got;
	size_t n = 0;
	int i;

	if (!st)
		return;
	sid = fx_settlement(st, 0, "A1", "USD", 0);
	for (i = 1; i <= 30; i++) {
		snprintf(key, sizeof(key), "amazon:A1:Invoice:%d", i);
		snprintf(num, sizeof(num), "A-%02d", i);
		CHECK_INT(fx_insert(st, sid, "Invoice", key, num, "2024-01-01", 1, 0), i);
	}
	/* 12 and 20 gone (a gap in the ids), 5 and 25 kept in batch 77 */
	CHECK_INT(state_exec(st, "DELETE FROM documents WHERE id IN (12, 20);"
			     "UPDATE documents SET batch_id=77 WHERE id IN (5, 25)", &err), 0);
	/* listed from the highest id down: 1-4 alternate (more batch changes
	 * than one statement takes), 6-11 and 13-19 one batch each, 21-30
	 * (but 25) by threes */
	for (i = 30; i >= 1; i--) {
		if (i == 5 || i == 12 || i == 20 || i == 25)
			continue;
		d[n].doc = i;
		d[n].batch = i <= 4 ? 100 + i % 2 : i <= 11 ? 200 : i <= 19 ? 300 : 400 + i / 3;
		n++;
	}
	/* ten alternating batches on 1..4 and 6..11 would not fit one statement
	 * either: 6..11 alternate too */
	for (i = 0; i < (int)n; i++)
		if (d[i].doc >= 6 && d[i].doc <= 11)
			d[i].batch = 200 + d[i].doc % 2;
	CHECK_INT(store_batch_assign(st, d, n, &err), 0);
	for (i = 1; i <= 30; i++) {
		char q[96];
		int64_t want = i == 5 || i == 25 ? 77 : i == 12 || i == 20 ? -1
			: i <= 4 ? 100 + i % 2 : i <= 11 ? 200 + i % 2 : i <= 19 ? 300
			: 400 + i / 3;

		snprintf(q, sizeof(q), "SELECT coalesce((SELECT batch_id FROM documents"
			 " WHERE id=%d), -1)", i);
		CHECK_INT(state_query_int64(st, q, &got, &err), 0);
		CHECK_INT(got, want);
	}
	CHECK_INT(state_query_int64(st, "SELECT count(*) FROM documents WHERE batch_id IS NULL",
				    &got, &err), 0);
	CHECK_INT(got, 0);
	fx_close(st, dir);
}

int main(void)
{
	CHECK_STR(plan_endpoint("Invoice"), "Invoices");
	CHECK_STR(plan_endpoint("CreditNote"), "CreditNotes");
	CHECK_STR(plan_endpoint("Payment"), "Payments");
	CHECK_STR(plan_endpoint("BankTransfer"), "BankTransfers");
	CHECK_STR(plan_endpoint("BankTransaction"), "BankTransactions");
	test_order_and_size();
	test_bytes();
	test_waiting();
	test_walk_in_memory();
	test_assign();
	return tap_done();
}
