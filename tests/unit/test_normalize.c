/*
 * test_normalize.c - the tie check and fingerprint of a deposit, and
 * normalize_admit against a real state file: new, re-imported from the
 * same source, a duplicate from another file, a conflict, an untied or
 * partial copy, the same deposit from another export format.
 */
#include "fixture.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

#include "plan/normalize.h"
#include "store/posting.h"
#include "store/settlements.h"
#include "store/sources.h"
#include "util/hash.h"

/* A deposit of three events summing to 10.00 (the last amount given). */
static void deposit(struct deposit *d, const char *id, int64_t last, uint32_t line0)
{
	struct event e;
	int i;

	deposit_init(d, "amazon", id, "in/x.txt");
	snprintf(d->currency, sizeof(d->currency), "USD");
	snprintf(d->start_date, sizeof(d->start_date), "2024-01-01");
	snprintf(d->end_date, sizeof(d->end_date), "2024-01-14");
	snprintf(d->deposit_date, sizeof(d->deposit_date), "2024-01-15");
	d->total = 1000;
	for (i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		e.amount = i < 2 ? 400 : last;
		e.posted_days = 19730 + i;
		e.line = line0 + (uint32_t)i;
		deposit_add(d, &e);
	}
}

static void test_tie(void)
{
	struct deposit a, b, c;
	char note[600];

	deposit(&a, "S1", 200, 2);
	CHECK_INT(normalize_deposit(&a, note, sizeof(note)), 1);
	CHECK_STR(note, "");
	CHECK(a.events_sum == 1000);
	CHECK(strlen(a.hash) == 32);
	/* the same content on other lines (a CRLF copy, blank lines): same hash */
	deposit(&b, "S1", 200, 7);
	normalize_deposit(&b, note, sizeof(note));
	CHECK_STR(b.hash, a.hash);
	/* one amount off: untied, said in the note, another hash */
	deposit(&c, "S1", 199, 2);
	CHECK_INT(normalize_deposit(&c, note, sizeof(note)), 0);
	CHECK(strstr(note, "does not tie") != NULL);
	CHECK(strstr(note, "10.00") != NULL && strstr(note, "9.99") != NULL);
	CHECK(strcmp(c.hash, a.hash) != 0);
	deposit_free(&a);
	deposit_free(&b);
	deposit_free(&c);
}

static int64_t source(struct state *st, const char *path, const char *format)
{
	struct ll_err err = LL_ERR_INIT;
	struct store_source_end e = { format, "parsed", NULL, 1, 1, NULL, NULL, NULL };
	int64_t id = 0;

	CHECK_INT(store_source_start(st, path, 1, 1, &id, &err), 0);
	CHECK_INT(store_source_finish(st, id, &e, &err), 0);
	return id;
}

static void test_admit(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct admit_info ai;
	struct deposit d, other, whole;
	char dir[256], note[600];
	struct state *st = fx_open(dir);
	int64_t a, b, c, sid = 0, doc;
	int changed = 0;

	if (!st)
		return;
	a = source(st, "in/a.txt", "amazon-settlement-v2");
	b = source(st, "in/b.txt", "amazon-settlement-v2");
	c = source(st, "in/c.csv", "amazon-date-range");
	deposit(&d, "S1", 200, 2);
	normalize_deposit(&d, note, sizeof(note));

	CHECK_INT(normalize_admit(st, &d, a, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_NEW);
	CHECK_INT(store_settlement_put(st, &d, a, "tied", "", 1, &sid, &err), 0);

	/* the same content: from its own source re-imported, from another a
	 * duplicate naming the first file */
	CHECK_INT(normalize_admit(st, &d, a, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_REPLACE);
	CHECK_INT(ai.same_content, 1);
	CHECK_INT(normalize_admit(st, &d, b, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_DUPLICATE);
	CHECK_INT(ai.same_content, 1);
	CHECK_STR(ai.other_path, "in/a.txt");
	CHECK(ai.row_id == sid);

	/* other content: the same source replaces it; another file conflicts */
	deposit(&other, "S1", 300, 2);
	other.total = 1100;
	normalize_deposit(&other, note, sizeof(note));
	CHECK_INT(normalize_admit(st, &other, a, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_REPLACE);
	CHECK_INT(normalize_admit(st, &other, b, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_CONFLICT);
	CHECK(ai.other_total == 1000 && ai.other_events == 3 && ai.other_events_sum == 1000);

	/* another format (a Date Range report): the same total and currency
	 * is the same deposit, another total a conflict */
	CHECK_INT(normalize_admit(st, &other, c, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_CONFLICT);
	other.total = 1000;
	CHECK_INT(normalize_admit(st, &other, c, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_DUPLICATE);
	CHECK_INT(ai.same_content, 0);

	/* once a document is posted, even its own source conflicts */
	doc = fx_insert(st, sid, "Invoice", "amazon:S1:Invoice:1", "S1-1", "2024-01-15", 1000,
			0);
	CHECK_INT(store_post_found(st, doc, "S1-1", "xid", &changed, &err), 0);
	other.total = 1100;
	CHECK_INT(normalize_admit(st, &other, a, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_CONFLICT);
	CHECK_INT(ai.posted, 1);

	/* an untied copy recorded is replaced by any new one */
	deposit(&whole, "S2", 200, 2);
	normalize_deposit(&whole, note, sizeof(note));
	CHECK_INT(store_settlement_put(st, &whole, a, "untied", "x", 1, &sid, &err), 0);
	whole.total = 1000;
	snprintf(whole.hash, sizeof(whole.hash), "another");
	CHECK_INT(normalize_admit(st, &whole, b, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_REPLACE);
	CHECK_STR(ai.status, "untied");

	/* a partial copy of a whole day is a duplicate; a whole day replaces
	 * a partial copy */
	CHECK_INT(store_settlement_put(st, &whole, a, "tied", "", 0, &sid, &err), 0);
	snprintf(whole.hash, sizeof(whole.hash), "partial");
	whole.partial = 1;
	CHECK_INT(normalize_admit(st, &whole, b, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_DUPLICATE);
	CHECK_INT(ai.partial, 1);
	CHECK_INT(store_settlement_put(st, &whole, b, "tied", NORMALIZE_PARTIAL_NOTE, 0, &sid,
				       &err), 0);
	whole.partial = 0;
	snprintf(whole.hash, sizeof(whole.hash), "whole");
	CHECK_INT(normalize_admit(st, &whole, a, &ai, &err), 0);
	CHECK_INT(ai.what, ADMIT_REPLACE);
	CHECK_INT(ai.partial, 1);

	deposit_free(&d);
	deposit_free(&other);
	deposit_free(&whole);
	fx_close(st, dir);
}

/* the fingerprint as one event a hash_update call (as it was before the
 * events went 32 to a call): the same stream, so the same hash */
static void hash_ref(const struct deposit *d, char out[33])
{
	struct hash128 h;
	size_t i;

	hash_init(&h);
	hash_update(&h, d->platform, strlen(d->platform) + 1);
	hash_update(&h, d->id, strlen(d->id) + 1);
	hash_update(&h, d->currency, strlen(d->currency) + 1);
	hash_update(&h, d->start_date, strlen(d->start_date) + 1);
	hash_update(&h, d->end_date, strlen(d->end_date) + 1);
	hash_update(&h, d->deposit_date, strlen(d->deposit_date) + 1);
	hash_update(&h, &d->total, sizeof(d->total));
	for (i = 0; i < d->nev; i++) {
		const struct event *e = &d->ev[i];
		uint64_t w[8];

		w[0] = (uint64_t)e->amount;
		w[1] = (uint64_t)e->posted_days;
		w[2] = ((uint64_t)(uint32_t)e->quantity << 8) | e->kind;
		w[3] = ((uint64_t)e->ttype << 32) | e->atype;
		w[4] = ((uint64_t)e->adesc << 32) | e->order_id;
		w[5] = ((uint64_t)e->adjustment_id << 32) | e->sku;
		w[6] = e->marketplace;
		w[7] = e->party;
		if (e->tax_stated)
			w[7] ^= ((uint64_t)e->tax_name << 32) | (uint32_t)e->tax_rate;
		hash_update(&h, w, sizeof(w));
	}
	hash_update(&h, d->pool.data, d->pool.len);
	hash_hex(&h, out);
}

/* deposits of 0 to 70 events (around the 32 a call), every word of an
 * event varied: the fingerprint and the sum as the reference has them */
static void test_fingerprint(void)
{
	static const size_t counts[] = { 0, 1, 2, 31, 32, 33, 63, 64, 65, 70 };
	size_t c;
	int bad = 0;

	for (c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		struct deposit d;
		struct event e;
		char want[33], note[600];
		int64_t sum = 0;
		size_t i;

		deposit_init(&d, "amazon", "S9", "in/y.txt");
		snprintf(d.currency, sizeof(d.currency), "EUR");
		snprintf(d.deposit_date, sizeof(d.deposit_date), "2024-02-01");
		for (i = 0; i < counts[c]; i++) {
			memset(&e, 0, sizeof(e));
			e.amount = (int64_t)(i * 37 % 101) - 50;
			e.posted_days = 19700 + (int64_t)i;
			e.quantity = (int32_t)(i % 3);
			e.kind = (uint8_t)(i % 4);
			e.ttype = (uint32_t)i + 1;
			e.atype = (uint32_t)i * 3;
			e.adesc = (uint32_t)i * 5;
			e.order_id = (uint32_t)i * 7;
			e.adjustment_id = (uint32_t)i * 11;
			e.sku = (uint32_t)i * 13;
			e.marketplace = (uint32_t)i % 5;
			e.party = (uint32_t)i * 17;
			e.tax_stated = (uint8_t)(i % 2 ? TAX_STATED_COVERS : 0);
			e.tax_name = (uint32_t)i * 19;
			e.tax_rate = (int32_t)i * 23;
			e.line = (uint32_t)i + 2;
			deposit_add(&d, &e);
			sum += e.amount;
		}
		d.total = sum;
		hash_ref(&d, want);
		if (normalize_deposit(&d, note, sizeof(note)) != 1 || strcmp(d.hash, want) ||
		    d.events_sum != sum) {
			bad++;
			printf("# %zu events: hash %s, want %s\n", counts[c], d.hash, want);
		}
		deposit_free(&d);
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_fingerprint();
	test_tie();
	test_admit();
	return tap_done();
}
