/*
 * test_spill.c - open deposits moved out to a temporary file and back
 * (formats/spill.h): a deposit spilled at any point and unspilled equals
 * the one built without a spill, event for event and string id for string
 * id; spill_check spills only over its budget; the temporary file never
 * shows in its folder.
 */
#include "tap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/spill.h"

/* Add event i: strings that repeat (types) and that do not (orders). */
static void add(struct deposit *d, int i)
{
	static const char *const types[] = { "Order", "Refund", "Fee", "Order" };
	char order[32], sku[32];
	struct event e;

	memset(&e, 0, sizeof(e));
	e.amount = (int64_t)i * 137 - 500;
	e.posted_days = 19700 + i / 3;
	e.line = (uint32_t)i + 2;
	e.quantity = i % 4;
	e.kind = (uint8_t)(i % 5);
	snprintf(order, sizeof(order), "1%06d", i / 2);
	snprintf(sku, sizeof(sku), "SKU-%d-\xc3\xa9", i % 7);
	strpool_intern(&d->pool, types[i % 4], strlen(types[i % 4]), &e.ttype);
	strpool_intern(&d->pool, "ItemPrice", 9, &e.atype);
	strpool_intern(&d->pool, order, strlen(order), &e.order_id);
	strpool_intern(&d->pool, sku, strlen(sku), &e.sku);
	if (i % 3 == 0)
		strpool_intern(&d->pool, "Amazon.com", 10, &e.marketplace);
	CHECK(deposit_add(d, &e) == 0);
}

/* 1 if a and b hold the same events, strings and ids */
static int same(const struct deposit *a, const struct deposit *b)
{
	uint32_t i;

	if (a->nev != b->nev || a->pool.n != b->pool.n || a->rows != b->rows)
		return 0;
	if (memcmp(a->ev, b->ev, a->nev * sizeof(*a->ev)) != 0)
		return 0;
	for (i = 0; i < a->pool.n; i++)
		if (strcmp(deposit_str(a, i), deposit_str(b, i)) != 0)
			return 0;
	return 1;
}

static int files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void test_roundtrip(const char *dir)
{
	static const int every[] = { 1, 3, 50, 1000 };
	size_t k;

	for (k = 0; k < sizeof(every) / sizeof(every[0]); k++) {
		struct deposit plain, sp;
		struct dep_spill s;
		int i;

		spill_init(&s);
		deposit_init(&plain, "woocommerce", "2024-01-02 stripe USD", "x.csv");
		deposit_init(&sp, "woocommerce", "2024-01-02 stripe USD", "x.csv");
		for (i = 0; i < 200; i++) {
			add(&plain, i);
			add(&sp, i);
			if (i % every[k] == every[k] - 1)
				CHECK(deposit_spill(&sp, &s) == 0);
		}
		if (every[k] < 200) {
			CHECK(sp.nspill > 0);
			CHECK(sp.nev < plain.nev);
			CHECK_INT(files_in(dir), 0); /* unlinked at once */
		}
		CHECK(deposit_unspill(&sp) == 0);
		CHECK_INT(sp.nspill, 0);
		CHECK(same(&plain, &sp));
		/* it goes on like any deposit, and again */
		add(&plain, 500);
		add(&sp, 500);
		CHECK(deposit_spill(&sp, &s) == 0);
		add(&plain, 501);
		add(&sp, 501);
		CHECK(deposit_unspill(&sp) == 0);
		CHECK(same(&plain, &sp));
		deposit_free(&plain);
		deposit_free(&sp);
		spill_free(&s);
	}
}

static void test_check(void)
{
	struct deposit a, b, empty;
	/* a NULL entry: a deposit of the set already handed on or parked */
	struct deposit *ds[4] = { &a, NULL, &b, &empty };
	struct dep_spill s;
	int i;

	spill_init(&s);
	s.budget = 1 << 30; /* over a MiB: sums every SPILL_CHECK_EVERY calls */
	deposit_init(&a, "paypal", "a", "x.csv");
	deposit_init(&b, "paypal", "b", "x.csv");
	deposit_init(&empty, "paypal", "c", "x.csv");
	for (i = 0; i < 100; i++) {
		add(&a, i);
		add(&b, i + 1);
		CHECK(spill_check(&s, ds, 4) == 0);
	}
	CHECK_INT(s.chunks, 0); /* under budget: nothing spilled */
	s.budget = 1;
	CHECK(spill_check(&s, ds, 4) == 0);
	CHECK_INT(s.chunks, 2); /* both with events, not the empty one */
	CHECK_INT(a.nev, 0);
	CHECK(deposit_unspill(&a) == 0 && deposit_unspill(&b) == 0);
	CHECK_INT(a.nev, 100);
	CHECK_INT(b.nev, 100);
	CHECK(deposit_unspill(&empty) == 0); /* never spilled: a no-op */
	deposit_free(&a);
	deposit_free(&b);
	deposit_free(&empty);
	spill_free(&s);
}

int main(void)
{
	char dir[] = "/tmp/ll-spill-XXXXXX";
	const char *base = getenv("TMPDIR");
	char tmpl[512];

	if (base && *base) {
		snprintf(tmpl, sizeof(tmpl), "%s/ll-spill-XXXXXX", base);
		if (!mkdtemp(tmpl))
			return 1;
	} else {
		if (!mkdtemp(dir))
			return 1;
		snprintf(tmpl, sizeof(tmpl), "%s", dir);
	}
	setenv("TMPDIR", tmpl, 1);
	test_roundtrip(tmpl);
	test_check();
	rmdir(tmpl);
	return tap_done();
}
