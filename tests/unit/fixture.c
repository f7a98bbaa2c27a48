/*
 * fixture.c - temporary state files and row builders for the unit tests
 * (fixture.h).
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/batches.h"
#include "store/documents.h"
#include "store/runs.h"
#include "store/settlements.h"
#include "tap.h"

struct state *fx_open(char dir[256])
{
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	char db[320];

	snprintf(dir, 256, "/tmp/ll_test_store_XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		CHECK(0);
		return NULL;
	}
	snprintf(db, sizeof(db), "%s/state.db", dir);
	CHECK_INT(state_open(&st, db, &err), 0);
	if (st)
		CHECK_INT(store_run_start(st, "plan", "settlement", "[]", &err), 0);
	if (err.msg[0])
		fprintf(stderr, "fx_open: %s\n", err.msg);
	return st;
}

void fx_close(struct state *st, const char *dir)
{
	state_close(st);
	if (tap_fail)
		return;
	tap_rmdir(dir);
}

void fx_deposit(struct deposit *d, const char *platform, const char *id,
		const char *currency, int64_t total, size_t nev)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->platform, sizeof(d->platform), "%s", platform);
	snprintf(d->id, sizeof(d->id), "%s", id);
	snprintf(d->currency, sizeof(d->currency), "%s", currency);
	snprintf(d->start_date, sizeof(d->start_date), "2024-01-01");
	snprintf(d->end_date, sizeof(d->end_date), "2024-01-14");
	snprintf(d->deposit_date, sizeof(d->deposit_date), "2024-01-15");
	snprintf(d->hash, sizeof(d->hash), "h-%.30s", id);
	d->exponent = 2;
	d->total = total;
	d->events_sum = total;
	d->nev = nev;
}

int64_t fx_settlement(struct state *st, int64_t source_id, const char *id,
		      const char *currency, int64_t total)
{
	struct ll_err err = LL_ERR_INIT;
	struct deposit d;
	int64_t sid = 0;

	fx_deposit(&d, "amazon", id, currency, total, 3);
	CHECK_INT(store_settlement_put(st, &d, source_id, "tied", "", 1, &sid, &err), 0);
	return sid;
}

void fx_doc(struct doc *d, const char *kind, const char *key, const char *number,
	    const char *date, int64_t total, int64_t signed_total, size_t body_pad)
{
	size_t n = strlen(number) + body_pad + 16;

	memset(d, 0, sizeof(*d));
	snprintf(d->kind, sizeof(d->kind), "%s", kind);
	snprintf(d->xero_type, sizeof(d->xero_type), "%s",
		 !strcmp(kind, "CreditNote") ? "ACCRECCREDIT"
		 : !strcmp(kind, "Payment") ? "ACCRECPAYMENT"
		 : !strcmp(kind, "BankTransfer") ? "TRANSFER" : "ACCREC");
	snprintf(d->natural_key, sizeof(d->natural_key), "%s", key);
	snprintf(d->number, sizeof(d->number), "%s", number);
	snprintf(d->reference, sizeof(d->reference), "%s", number);
	snprintf(d->date, sizeof(d->date), "%s", date);
	snprintf(d->hash, sizeof(d->hash), "h-%.28s", number);
	d->total = total;
	d->signed_total = signed_total;
	d->parent = -1;
	d->body = malloc(n);
	if (d->body)
		snprintf(d->body, n, "{\"N\":\"%s\"%*s}", number, (int)body_pad, "");
}

void fx_doc_free(struct doc *d)
{
	free(d->body);
	d->body = NULL;
}

int64_t fx_insert(struct state *st, int64_t sid, const char *kind, const char *key,
		  const char *number, const char *date, int64_t total, size_t body_pad)
{
	struct ll_err err = LL_ERR_INIT;
	struct doc d;
	int64_t id = 0;

	fx_doc(&d, kind, key, number, date, total,
	       !strcmp(kind, "CreditNote") ? -total
	       : !strcmp(kind, "Invoice") ? total : 0, body_pad);
	CHECK_INT(store_doc_insert(st, sid, "USD", &d, &id, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "fx_insert %s: %s\n", key, err.msg);
	fx_doc_free(&d);
	return id;
}

struct counted {
	long docs, bytes;
};

static int count_body(void *ctx, const char *body)
{
	struct counted *c = ctx;

	c->docs++;
	c->bytes += (long)strlen(body);
	return 0;
}

int fx_claim(struct state *st, int64_t id, const char *key)
{
	struct ll_err err = LL_ERR_INIT;
	struct counted c = { 0, 0 };
	int claimed = 0;

	CHECK_INT(store_batch_each_body(st, id, count_body, &c, &err), 0);
	CHECK_INT(store_batch_claim(st, id, key, c.docs, c.bytes, &claimed, &err), 0);
	return claimed;
}
