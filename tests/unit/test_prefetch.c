/*
 * test_prefetch.c - the parser threads (src/plan/prefetch.c): the calls a
 * parser makes on a file, replayed on the main thread, are those it makes
 * on one thread (deposits with their events and strings, rejects, fates,
 * in order; the counts, return code and content hash), with files
 * cancelled in between; a sink call that fails stops the replay with its
 * code and the counts as they were at that call; one job starts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "plan/ingest.h"
#include "plan/prefetch.h"
#include "store/state.h"
#include "util/buf.h"
#include "util/hash.h"

/* a sink writing every call as a line of text; fail_at: the call (1-based)
 * that returns LL_ETRANSIENT, 0 none */
struct rec {
	struct buf b;
	int calls, fail_at;
};

static int rec_line(struct rec *r, const char *s)
{
	buf_add(&r->b, s, strlen(s));
	buf_addc(&r->b, '\n');
	return ++r->calls == r->fail_at ? LL_ETRANSIENT : 0;
}

static int rec_deposit(void *ctx, struct deposit *d)
{
	char line[4096];
	size_t i, n;

	n = (size_t)snprintf(line, sizeof(line), "D %s %s %s %lld nev=%zu rows=%ld",
			     d->platform, d->id, d->currency, (long long)d->total, d->nev,
			     d->rows);
	for (i = 0; i < d->nev && n < sizeof(line) - 200; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, " %lld:%u:%s/%s/%s",
				      (long long)d->ev[i].amount, d->ev[i].line,
				      deposit_str(d, d->ev[i].ttype), deposit_str(d, d->ev[i].adesc),
				      deposit_str(d, d->ev[i].order_id));
	return rec_line(ctx, line);
}

static int rec_reject(void *ctx, const char *path, long line, const char *sev,
		      const char *code, const char *msg)
{
	char s[2048];

	snprintf(s, sizeof(s), "R %s:%ld %s %s %s", path, line, sev, code, msg);
	return rec_line(ctx, s);
}

static int rec_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		    long rows, int64_t amount)
{
	char s[512];

	snprintf(s, sizeof(s), "F %s %d %s %ld %lld", currency, (int)fate, reason ? reason : "-",
		 rows, (long long)amount);
	return rec_line(ctx, s);
}

/* the file on this thread: its calls, counts, code and hash into out */
static void reference(const char *path, struct rec *out, struct parse_stats *ps, int *rc,
		      char hash[33])
{
	struct source src;
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = { out, rec_deposit, rec_reject, NULL, NULL, rec_fate };

	memset(ps, 0, sizeof(*ps));
	hash[0] = '\0';
	*rc = 0;
	if (ingest_open(&src, path, &err) == 0 && src.fmt && src.fmt->parse) {
		*rc = src.fmt->parse(&src.lines, path, src.header, src.header_len, &sink, ps, &err);
		if (*rc == 0)
			hash_hex(&src.lines.hash, hash);
	}
	ingest_close(&src);
}

int main(void)
{
	char dir[] = "/tmp/ll-test-prefetch-XXXXXX", db[128];
	char *inputs[3];
	struct file_list files;
	struct state *st = NULL;
	struct prefetch *p = NULL;
	struct ll_err err = LL_ERR_INIT;
	size_t i, compared = 0, cancelled = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/state.db", dir);
	CHECK_INT(state_open(&st, db, &err), 0);
	inputs[0] = strdup(tap_src("tests/data/amazon")); /* tap_src: a static buffer */
	inputs[1] = strdup(tap_src("tests/data/ebay"));
	inputs[2] = strdup(tap_src("tests/data/paypal"));
	CHECK_INT(ingest_collect(&files, inputs, 3, &err), 0);
	CHECK(files.n > 20);

	/* one job: no parser thread */
	CHECK_INT(prefetch_start(&p, st, files.paths, files.n, 1, 0, 0, 0, NULL, NULL, &err), 0);
	CHECK(p == NULL);

	/* three jobs: every third file cancelled, the others replayed */
	CHECK_INT(prefetch_start(&p, st, files.paths, files.n, 3, 0, 0, 0, NULL, NULL, &err), 0);
	CHECK(p != NULL);
	for (i = 0; p && i < files.n; i++) {
		struct rec want = { BUF_INIT(64u << 20), 0, 0 }, got = { BUF_INIT(64u << 20), 0, 0 };
		struct parse_sink sink = { &got, rec_deposit, rec_reject, NULL, NULL, rec_fate };
		struct parse_stats wps, gps;
		struct prefetch_opened op;
		char wh[33], gh[33] = "";
		int wrc, grc = 0;

		prefetch_at(p, i);
		CHECK(prefetch_has(p, i));
		if (i % 3 == 1) {
			prefetch_cancel(p, i);
			CHECK(!prefetch_has(p, i));
			cancelled++;
			continue;
		}
		reference(files.paths[i], &want, &wps, &wrc, wh);
		prefetch_open_result(p, i, &op);
		memset(&gps, 0, sizeof(gps));
		if (op.rc == 0 && op.fmt && op.fmt->parse) {
			grc = prefetch_replay(p, i, &sink, &gps, gh, &err);
			compared++;
		}
		CHECK_STR(buf_cstr(&got.b), buf_cstr(&want.b));
		CHECK_INT(grc, wrc);
		CHECK_STR(gh, wh);
		CHECK_INT(gps.rows, wps.rows);
		CHECK_INT(gps.bad_rows, wps.bad_rows);
		CHECK_INT(gps.deposits, wps.deposits);
		CHECK_INT(gps.first_days, wps.first_days);
		CHECK_INT(gps.last_days, wps.last_days);
		buf_free(&want.b);
		buf_free(&got.b);
	}
	CHECK(compared > 10);
	CHECK(cancelled > 5);
	prefetch_free(p);

	/* a sink call that fails: its code, the counts as they were then, and
	 * the next file is still replayed whole */
	CHECK_INT(prefetch_start(&p, st, files.paths, files.n, 2, 0, 0, 0, NULL, NULL, &err), 0);
	for (i = 0; p && i < files.n; i++) {
		struct rec want = { BUF_INIT(64u << 20), 0, 0 }, got = { BUF_INIT(64u << 20), 0, 2 };
		struct parse_sink sink = { &got, rec_deposit, rec_reject, NULL, NULL, rec_fate };
		struct parse_stats wps, gps;
		struct prefetch_opened op;
		char wh[33], gh[33] = "";
		int wrc, grc;

		prefetch_at(p, i);
		reference(files.paths[i], &want, &wps, &wrc, wh);
		prefetch_open_result(p, i, &op);
		if (op.rc || !op.fmt || !op.fmt->parse || want.calls < 3) {
			prefetch_cancel(p, i);
		} else {
			memset(&gps, 0, sizeof(gps));
			grc = prefetch_replay(p, i, &sink, &gps, gh, &err);
			CHECK_INT(grc, LL_ETRANSIENT);
			CHECK_INT(got.calls, 2);
			CHECK(gps.rows > 0 && gps.rows <= wps.rows);
			CHECK(!strncmp(buf_cstr(&got.b), buf_cstr(&want.b), got.b.len));
			CHECK(!prefetch_has(p, i));
			if (i + 1 < files.n) {
				struct rec next = { BUF_INIT(64u << 20), 0, 0 },
					   nwant = { BUF_INIT(64u << 20), 0, 0 };
				struct parse_sink ns = { &next, rec_deposit, rec_reject, NULL, NULL,
							 rec_fate };

				prefetch_at(p, i + 1);
				reference(files.paths[i + 1], &nwant, &wps, &wrc, wh);
				prefetch_open_result(p, i + 1, &op);
				if (op.rc == 0 && op.fmt && op.fmt->parse)
					CHECK_INT(prefetch_replay(p, i + 1, &ns, &gps, gh, &err), wrc);
				CHECK_STR(buf_cstr(&next.b), buf_cstr(&nwant.b));
				buf_free(&next.b);
				buf_free(&nwant.b);
			}
			buf_free(&want.b);
			buf_free(&got.b);
			break;
		}
		buf_free(&want.b);
		buf_free(&got.b);
	}
	CHECK(i < files.n);
	prefetch_free(p);

	file_list_free(&files);
	state_close(st);
	unlink(db);
	{
		char side[160];

		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}
	rmdir(dir);
	for (i = 0; i < 3; i++)
		free(inputs[i]);
	return tap_done();
}
