/*
 * pipeline.c - running ingest, parse, normalize, map and plan over the
 * inputs and recording every outcome in the state file (pipeline.h).
 *
 * This file is the orchestration: the transactions that group files, the
 * per-file steps (process_file: keep or read, ingest, parse, the file's
 * completeness ledger checked and recorded) and the per-deposit steps
 * (on_deposit: the decisions across exports, admit, map, record), then
 * the files an export read later changes are read again (read_stale).
 * What a file's record does across plans is in sources.c; which version
 * of each document a plan records, in versions.c; the joins across
 * exports, in join.c; the messages and run-level warnings, in
 * crosscheck.c; the SQL behind them, in src/store/. With --jobs > 1 the
 * files are parsed ahead on parser threads (prefetch.c) and their parsers'
 * calls replayed here, in order, on this thread: the only one that writes.
 */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plan/crosscheck.h"
#include "plan/ingest.h"
#include "plan/join.h"
#include "plan/ledger.h"
#include "plan/map.h"
#include "plan/normalize.h"
#include "plan/plan.h"
#include "plan/prefetch.h"
#include "plan/sources.h"
#include "plan/versions.h"
#include "store/completeness.h"
#include "store/documents.h"
#include "store/meta.h"
#include "store/orders.h"
#include "store/rejects.h"
#include "store/settlements.h"
#include "util/hash.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/money.h"
#include "util/tz.h"

struct run {
	struct state *st;
	const struct mappings *m;
	const struct pipeline_opts *o;
	struct pipeline_result *res;
	int mode;              /* -1 = each platform's setting */
	int64_t source_id;
	const char *path;
	long settlements;
	struct ll_err *err;
	int failed;        /* a state write failed: stop */
	int interrupted;   /* SIGINT/SIGTERM before a deposit: the file stops */
	int zone_changed;  /* the time zone differs from the last plan's */
	int wallet_changed; /* PayPal's model differs from the last plan's */
	int64_t group_bytes; /* input read in the open transaction */
	int group_files;
	struct versions v; /* document versions (versions.c) */
	struct parse_wallet wallet; /* how PayPal's activity is read */
	struct ledger led; /* the file's completeness ledger (ledger.h) */
	struct join join;  /* decisions across exports (join.h) */
	const char *format;  /* the file's format (sources.format) */
	int64_t from_days, to_days; /* --from/--to on deposit dates; 0 = open */
	struct prefetch *pf; /* the parser threads (prefetch.h), NULL: none */
};

/*
 * Files are recorded in transactions of several files (each file whole:
 * its source row, rejects, deposits and documents), committed once
 * PIPELINE_GROUP_BYTES of input or PIPELINE_GROUP_FILES files are in, and
 * before anything else runs. A kill loses at most the files of the open
 * transaction, which the next run reads again, as it would one file; an
 * archive of 200 small settlement files no longer waits on 200 fsyncs.
 */
#define PIPELINE_GROUP_BYTES (64 * 1024 * 1024)
#define PIPELINE_GROUP_FILES 64

static int group_begin(struct run *r)
{
	if (state_in_transaction(r->st))
		return 0; /* the group's transaction is open */
	r->group_bytes = 0;
	r->group_files = 0;
	return state_begin(r->st, r->err);
}

/* One more file of size bytes is in: commit when the group is full. */
static int group_add(struct run *r, int64_t bytes)
{
	r->group_bytes += bytes;
	r->group_files++;
	if (r->group_bytes < PIPELINE_GROUP_BYTES && r->group_files < PIPELINE_GROUP_FILES)
		return 0;
	return state_commit(r->st, r->err);
}

/* Commit the open group, if any. */
static int group_end(struct run *r)
{
	if (!state_in_transaction(r->st))
		return 0;
	return state_commit(r->st, r->err);
}

/* A state-file failure (err filled by the store): the run stops. */
static int failed(struct run *r)
{
	r->failed = 1;
	return LL_ERROR;
}

static int on_reject(void *ctx, const char *path, long line, const char *sev,
		     const char *code, const char *msg)
{
	struct run *r = ctx;

	if (store_reject_add(r->st, r->source_id, path, line, sev, code, msg, r->err))
		return failed(r);
	pipeline_show(r->res, path, line, sev, code, msg);
	return 0;
}

/* Rows the parser holds back or leaves out, into the file's ledger. */
static int on_fate(void *ctx, const char *currency, enum parse_fate fate, const char *reason,
		   long rows, int64_t amount)
{
	struct run *r = ctx;

	if (ledger_add(&r->led, currency, fate, reason, rows, amount)) {
		ll_err_set(r->err, LL_ERROR, r->path, 0, "out of memory");
		return failed(r);
	}
	return 0;
}

/* A delivered deposit's rows, once its fate is decided. */
static int deposit_fate(struct run *r, const struct deposit *d, enum parse_fate fate,
			const char *reason)
{
	return on_fate(r, d->currency, fate, reason, d->rows, d->events_sum);
}

static int warn_cb(void *ctx, const char *path, long line, const char *code,
		   const char *msg)
{
	return on_reject(ctx, path, line, "warning", code, msg);
}

/* versions.c's warnings, on the deposit's header line */
static int version_warn(void *ctx, const struct deposit *d, const char *code,
			const char *msg)
{
	return on_reject(ctx, d->path, d->header_line, "warning", code, msg);
}

/* The settlement row of d (just added when fresh: normalize_admit said
 * ADMIT_NEW); unless fresh, its documents a new plan replaces are dropped
 * (a new row has none: one dropped by drop_unsent went with them). */
static int record_settlement(struct run *r, const struct deposit *d, const char *status,
			     const char *note, int fresh, int64_t *sid)
{
	if (store_settlement_put(r->st, d, r->source_id, status, note, fresh, sid, r->err) ||
	    (!fresh && store_doc_drop_replannable(r->st, *sid, r->err)))
		return failed(r);
	return 0;
}

/* A deposit that is not tied, a duplicate or a conflict: recorded (when
 * untied) and reported. */
static int not_planned(struct run *r, struct deposit *d, int tied, const char *note,
		       const struct admit_info *ai)
{
	char msg[1400], a[48], b[48], nt[600];
	int64_t sid = 0;

	if (deposit_fate(r, d, FATE_LEFT, !tied ? "untied" : ai->what == ADMIT_DUPLICATE
								 ? "duplicate" : "conflict"))
		return LL_ERROR;
	if (!tied) {
		r->res->untied++;
		snprintf(nt, sizeof(nt), "%s", note);
		if (ai->what == ADMIT_NEW || strcmp(ai->status, "tied") != 0) {
			/* a new settlement row has no documents to clear */
			if (record_settlement(r, d, "untied", note, ai->what == ADMIT_NEW, &sid))
				return LL_ERROR;
		} else {
			size_t nl = strlen(nt);

			snprintf(nt + nl, sizeof(nt) - nl,
				 " (the tied copy from %.300s stands)", ai->other_path);
		}
		return on_reject(r, d->path, d->header_line, "error", "untied", nt);
	}
	if (ai->what == ADMIT_DUPLICATE) {
		char as[140] = "";

		r->res->duplicates++;
		if (ai->other_id[0] && strcmp(ai->other_id, d->id))
			snprintf(as, sizeof(as), " (as %.100s)", ai->other_id);
		snprintf(msg, sizeof(msg), "%s %s %s %.600s%s; not imported again",
			 deposit_noun(d), d->id,
			 ai->same_content ? "is identical to the one already imported from"
			 : ai->partial ? "is here only in part (orders shown again for a later"
					 " refund); the whole day is imported from"
				       : "(the same total and currency) is already imported,"
					 " from another export format, from",
			 ai->other_path, as);
		return on_reject(r, d->path, d->header_line, "warning", "duplicate", msg);
	}
	r->res->conflicts++;
	money_format(a, sizeof(a), ai->other_total, d->exponent);
	money_format(b, sizeof(b), d->total, d->exponent);
	snprintf(msg, sizeof(msg),
		 "%s %s here differs from the copy imported from %.500s "
		 "(total %s vs %s there; %zu vs %ld amounts; events sum %s vs %s)%s;"
		 " the first import stands, this one is not imported",
		 deposit_noun(d), d->id, ai->other_path, b, a, d->nev, ai->other_events,
		 money_format(b, sizeof(b), d->events_sum, d->exponent),
		 money_format(a, sizeof(a), ai->other_events_sum, d->exponent),
		 ai->posted ? "; its documents are already posted" : "");
	return on_reject(r, d->path, d->header_line, "error", "conflict", msg);
}

/* The sum of d's events (before normalize has set events_sum). */
static int64_t events_sum(const struct deposit *d)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < d->nev; i++)
		sum = money_add(sum, d->ev[i].amount);
	return sum;
}

/* 1 when --from/--to leave d's deposit date out of the period migrated */
static int outside_period(const struct run *r, const struct deposit *d)
{
	int64_t days;

	if ((!r->from_days && !r->to_days) || date_parse_ymd(&days, d->deposit_date))
		return 0;
	return (r->from_days && days < r->from_days) || (r->to_days && days > r->to_days);
}

static int on_deposit(void *ctx, struct deposit *d)
{
	struct run *r = ctx;
	struct admit_info ai;
	struct doc_list docs;
	struct map_opts mo;
	char note[600], msg[1400], a[48], b[48];
	int64_t sid = 0, docsum = 0, planned = 0;
	const char *why = NULL;
	int tied, rc = 0;

	memset(&docs, 0, sizeof(docs));
	/* a file may hand over hundreds of deposits once its last line is
	 * read: a stop request is honoured between them, before anything of
	 * this one is written (the file is read again next time) */
	intr_test_point("deposit");
	if (intr_requested()) {
		r->interrupted = 1;
		return LL_ETRANSIENT;
	}
	d->source_id = r->source_id;
	r->settlements++;
	rc = join_before(&r->join, d, r->source_id, r->format, &why);
	if (rc < 0)
		return failed(r);
	if (rc == JOIN_LEAVE) {
		/* not planned: a marketplace's orders are still looked for */
		if (!strcmp(why, "marketplace-channel") &&
		    join_index(&r->join, d, r->source_id, 0, r->format))
			return failed(r);
		return on_fate(r, d->currency, FATE_LEFT, why, d->rows, events_sum(d));
	}
	if (outside_period(r, d)) {
		r->res->outside++;
		return on_fate(r, d->currency, FATE_LEFT, "outside-period", d->rows,
			       events_sum(d));
	}
	rc = 0;
	tied = normalize_deposit(d, note, sizeof(note));
	if (normalize_admit(r->st, d, r->source_id, &ai, r->err))
		return failed(r);
	if (!tied || ai.what == ADMIT_DUPLICATE || ai.what == ADMIT_CONFLICT)
		return not_planned(r, d, tied, note, &ai);
	r->res->tied++;
	memset(&mo, 0, sizeof(mo));
	mo.m = r->m;
	mo.mode = r->mode;
	mo.warn = warn_cb;
	mo.warn_ctx = r;
	if (map_deposit(&docs, &mo, d, r->err)) {
		/* a template too long: the settlement is reported, not fatal */
		char em[700];

		ll_err_format(r->err, em, sizeof(em));
		doc_list_free(&docs);
		if (deposit_fate(r, d, FATE_LEFT, "map-error"))
			return LL_ERROR;
		return on_reject(r, d->path, d->header_line, "error", "map", em);
	}
	/* on a planned document (or kept as posted: would-change) */
	if (deposit_fate(r, d, FATE_IMPORTED, NULL)) {
		doc_list_free(&docs);
		return LL_ERROR;
	}
	if (record_settlement(r, d, "tied", d->partial ? NORMALIZE_PARTIAL_NOTE : "",
			      ai.what == ADMIT_NEW, &sid) ||
	    join_index(&r->join, d, r->source_id, sid, r->format)) {
		rc = failed(r);
		goto done;
	}
	{
		/* posted documents the new plan does not have (another posting
		 * mode, another month split): posting the new plan would count
		 * the money twice, so the settlement keeps what is posted, or
		 * with --repost-changed they are superseded (taken back from
		 * Xero before the new plan is posted) */
		long stray = ai.what == ADMIT_NEW ? 0
			     : versions_stray(&r->v, sid, &docs, r->o->repost_changed);

		if (stray < 0) {
			rc = failed(r);
			goto done;
		}
		if (stray > 0 && !r->o->repost_changed) {
			snprintf(msg, sizeof(msg),
				 "settlement %s is posted as %ld document(s) the current "
				 "mappings or mode no longer produce; nothing new is planned "
				 "for it (would change %ld posted document(s); 'run "
				 "--repost-changed' replaces them)", d->id, stray, stray);
			rc = on_reject(r, d->path, d->header_line, "warning", "would-change",
				       msg);
			goto done;
		}
	}
	rc = versions_record(&r->v, sid, d, &docs, &docsum, &planned);
	if (r->v.failed)
		r->failed = 1;
	if (rc == 0 && docsum != d->total) {
		/* cannot happen while every event lands on a line; guard anyway */
		snprintf(msg, sizeof(msg), "settlement %s: documents sum to %s, deposit is %s",
			 d->id, money_format(a, sizeof(a), docsum, d->exponent),
			 money_format(b, sizeof(b), d->total, d->exponent));
		on_reject(r, d->path, d->header_line, "error", "internal", msg);
	}
done:
	/* what the settlement's documents (planned, posted or rejected) sum
	 * to; a new settlement's documents are the ones just planned */
	if (sid && rc == 0 &&
	    store_settlement_set_documents(r->st, sid, ai.what == ADMIT_NEW ? &planned : NULL,
					   r->err))
		rc = failed(r);
	doc_list_free(&docs);
	return rc;
}

/*
 * The file's ledger into the state file, once its parser is done: every
 * row it read must be counted once, on a deposit or with a fate of its
 * own; a difference is an `uncounted` error (a parser's fault: the test
 * suite asserts there is none). After a read error (cut) the rows the
 * parser read but did not deliver are left out as `file-error`.
 */
static int record_ledger(struct run *r, const char *path, const struct parse_stats *ps,
			 int cut)
{
	long counted = ledger_rows(&r->led);
	size_t i;

	if (counted < ps->rows && cut) {
		if (ledger_add(&r->led, "", FATE_LEFT, "file-error", ps->rows - counted, 0))
			return failed(r);
	} else if (counted != ps->rows) {
		char msg[300];

		snprintf(msg, sizeof(msg), "the completeness ledger counts %ld row(s), the"
			 " file has %ld: %s (a fault of ledgerlift's reader for this format;"
			 " please report it)", counted, ps->rows,
			 counted < ps->rows ? "some rows are not accounted for"
					    : "some rows are counted twice");
		if (on_reject(r, path, 0, "error", "uncounted", msg))
			return LL_ERROR;
	}
	for (i = 0; i < r->led.n; i++) {
		const struct ledger_entry *e = &r->led.e[i];

		if (store_completeness_add(r->st, r->source_id, e->currency,
					   e->fate == FATE_IMPORTED ? "imported"
					   : e->fate == FATE_HELD ? "held" : "left",
					   e->reason, e->rows, e->amount, r->err))
			return failed(r);
	}
	return 0;
}

/* One file, whole in the open group's transaction (group_begin): the
 * file list's file idx, read ahead by a parser thread when r->pf has it
 * (idx -1: not in the list's order, read here). Returns <0 only for
 * state-file failures (the group is rolled back). */
static int process_file(struct run *r, const char *path, int remap, long idx)
{
	struct source src;
	struct prefetch_opened op;
	struct parse_stats ps;
	struct sources_file f;
	struct stat sb;
	struct ll_err ferr = LL_ERR_INIT;
	struct parse_sink sink = { r, on_deposit, on_reject, r->o->tz, &r->wallet, on_fate };
	char hash[33] = "", msg[1200];
	int rc, ahead = idx >= 0 && prefetch_has(r->pf, (size_t)idx);

	memset(&ps, 0, sizeof(ps));
	memset(&src, 0, sizeof(src));
	memset(&op, 0, sizeof(op));
	memset(&f, 0, sizeof(f));
	ledger_reset(&r->led);
	r->path = path;
	r->settlements = 0;
	r->res->files++;
	if (stat(path, &sb) != 0)
		memset(&sb, 0, sizeof(sb));
	f.path = path;
	f.size = (int64_t)sb.st_size;
	f.mtime = (int64_t)sb.st_mtime;
	f.force = r->o->force;
	f.zone_changed = r->zone_changed;
	f.zone = r->o->tz ? tz_name(r->o->tz) : NULL;
	f.wallet_changed = r->wallet_changed;
	f.found = store_source_find(r->st, path, &f.prev, r->err);
	if (f.found < 0)
		return failed(r);
	if (f.found && !remap && r->o->repost_changed) {
		/* --repost-changed maps again the files whose documents would
		 * change (or whose replacement Xero refused), and only those: a
		 * file re-read resumes nothing it should not */
		int has = store_reject_has_repost(r->st, f.prev.id, r->err);

		if (has < 0)
			return failed(r);
		remap = has;
	}
	f.remap = remap;
	if (group_begin(r))
		return LL_ERROR;
	rc = sources_keep(r->st, &f, r->err);
	if (rc < 0)
		goto fail;
	if (rc) {
		r->res->unchanged++;
		r->source_id = f.prev.id;
		if (ahead)
			prefetch_cancel(r->pf, (size_t)idx); /* read ahead for nothing */
		return group_add(r, 0);
	}
	if (sources_start(r->st, &f, &r->source_id, r->err))
		goto fail;
	if (ahead) {
		prefetch_open_result(r->pf, (size_t)idx, &op);
	} else {
		op.rc = ingest_open(&src, path, &op.err);
		op.fmt = src.fmt;
		op.kind = src.kind;
		memcpy(op.reason, src.reason, sizeof(op.reason));
	}
	if (op.rc) {
		r->res->errors++;
		if (on_reject(r, path, op.err.line, "error", sources_err_code(&op.err),
			      op.err.msg) ||
		    sources_finish(r->st, r->source_id, "unknown", "error", op.err.msg, NULL,
				   r->settlements, NULL, r->err))
			goto fail;
		ingest_close(&src);
		return group_add(r, (int64_t)sb.st_size);
	}
	if (!op.fmt || !op.fmt->parse) {
		r->res->skipped++;
		if (on_reject(r, path, 0, "warning", "skipped", op.reason) ||
		    sources_finish(r->st, r->source_id, op.kind, "skipped", op.reason, NULL,
				   r->settlements, NULL, r->err))
			goto fail_close;
		ingest_close(&src);
		return group_add(r, (int64_t)sb.st_size);
	}
	r->format = op.kind;
	/* the format is known before any deposit is admitted (normalize_admit
	 * compares the formats a deposit came from) */
	if (sources_finish(r->st, r->source_id, op.kind, "reading", NULL, NULL,
			   r->settlements, NULL, r->err))
		goto fail_close;
	r->interrupted = 0;
	if (ahead) {
		/* the parser's calls, made on a parser thread, in their order */
		rc = prefetch_replay(r->pf, (size_t)idx, &sink, &ps, hash, &ferr);
	} else {
		rc = op.fmt->parse(&src.lines, path, src.header, src.header_len, &sink, &ps,
				   &ferr);
		if (rc == 0)
			hash_hex(&src.lines.hash, hash);
	}
	if (r->failed)
		goto fail_close;
	if (r->interrupted && rc)
		ll_err_set(&ferr, LL_ETRANSIENT, path, 0,
			   "interrupted; the file is read again on the next run");
	r->res->rows += ps.rows;
	r->res->bad_rows += ps.bad_rows;
	if (record_ledger(r, path, &ps, rc != 0) || join_file_end(&r->join, path))
		goto fail_close;
	if (rc) {
		r->res->errors++;
		ll_err_format(&ferr, msg, sizeof(msg));
		if (on_reject(r, path, ferr.line, "error", sources_err_code(&ferr), ferr.msg) ||
		    sources_finish(r->st, r->source_id, op.kind, "error", ferr.msg, &ps,
				   r->settlements, NULL, r->err))
			goto fail_close;
	} else {
		r->res->parsed++;
		if (ps.rows == 0 &&
		    on_reject(r, path, 0, "warning", "no-rows",
			      "a header line but no rows"))
			goto fail_close;
		if (ps.redated) {
			snprintf(msg, sizeof(msg), "%ld time%s on another day in the"
				 " organisation's time zone (%s) than written: the"
				 " documents and day summaries are dated on that day;"
				 " payouts keep their own date", ps.redated,
				 ps.redated == 1 ? " falls" : "s fall", tz_name(r->o->tz));
			r->res->redated += ps.redated;
			if (on_reject(r, path, 0, "note", "redated", msg))
				goto fail_close;
		}
		if (sources_finish(r->st, r->source_id, op.kind, "parsed", NULL, &ps,
				   r->settlements, hash, r->err))
			goto fail_close;
	}
	ingest_close(&src);
	return group_add(r, (int64_t)sb.st_size);
fail_close:
	ingest_close(&src);
fail:
	state_rollback(r->st);
	join_discard(&r->join); /* the orders of the group rolled back */
	return LL_ERROR;
}

/* the stale sources store_orders_stale names, among this run's files */
struct stale {
	struct run *r;
	const struct file_list *files;
	char **paths;
	size_t n, cap;
};

static int stale_one(void *ctx, const char *path)
{
	struct stale *w = ctx;
	size_t i;

	for (i = 0; i < w->files->n; i++)
		if (!strcmp(w->files->paths[i], path))
			break;
	if (i == w->files->n) {
		/* not given to this run: it cannot be read again now */
		char msg[1400];

		snprintf(msg, sizeof(msg), "%.600s counts orders as sales that an export read"
			 " since records (a Shopify orders export for its payouts' orders, an"
			 " eBay transaction report for its orders): give it with the other"
			 " exports to plan it again, so each order counts once", path);
		pipeline_show(w->r->res, "", 0, "warning", "stale", msg);
		return store_reject_add(w->r->st, 0, "", 0, "warning", "stale", msg, w->r->err)
			       ? -1 : 0;
	}
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 8;
		char **np = realloc(w->paths, nc * sizeof(*np));

		if (!np)
			return 1;
		w->paths = np;
		w->cap = nc;
	}
	w->paths[w->n++] = w->files->paths[i]; /* borrowed from the file list */
	return 0;
}

/*
 * Files whose decisions an export read after them has changed (join.c:
 * a transactions export read before the orders export of its orders, an
 * eBay orders report before the transaction report) are read again, once,
 * now that every export is known. 0 or LL_ERROR.
 */
static int read_stale(struct run *r, const struct file_list *files)
{
	struct stale w = { r, files, NULL, 0, 0 };
	size_t i;
	int rc = store_orders_stale(r->st, stale_one, &w, r->err);

	if (rc > 0)
		rc = ll_err_set(r->err, LL_ERROR, NULL, 0, "out of memory");
	else if (rc < 0)
		rc = LL_ERROR;
	for (i = 0; rc == 0 && i < w.n; i++) {
		/* the same file, its rows counted once */
		long nfiles = r->res->files, parsed = r->res->parsed, rows = r->res->rows,
		     bad = r->res->bad_rows;

		log_debug("%s: read again: an export read after it joins its orders", w.paths[i]);
		rc = process_file(r, w.paths[i], 1, -1);
		r->res->files = nfiles;
		r->res->parsed = parsed;
		r->res->rows = rows;
		r->res->bad_rows = bad;
		r->res->reread++;
	}
	free(w.paths);
	return rc;
}

/* The settings of the platform that holds money in an account of its own
 * (PayPal): its model and opening balances, for its parser. */
static void wallet_settings(struct parse_wallet *w, const struct mappings *m)
{
	const struct platform_map *pm = mappings_with(m, PLATFORM_WALLET);
	size_t i;

	memset(w, 0, sizeof(*w));
	if (!pm || !pm->s.account_model)
		return;
	w->by_day = 1;
	for (i = 0; i < pm->s.nopening && i < PARSE_WALLET_OPENINGS; i++) {
		snprintf(w->open[i].currency, sizeof(w->open[i].currency), "%s",
			 pm->s.opening[i].currency);
		snprintf(w->open[i].amount, sizeof(w->open[i].amount), "%s",
			 pm->s.opening[i].amount);
	}
	w->nopen = i;
}

int pipeline_plan(struct state *st, const struct mappings *m,
		  const struct pipeline_opts *o, struct pipeline_result *res,
		  struct ll_err *err)
{
	struct file_list files;
	struct plan_stats ps;
	struct run r;
	char key[200], prev_key[200];
	size_t i;
	int rc, remap;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.m = m;
	r.o = o;
	r.res = res;
	r.err = err;
	r.mode = o->mode; /* -1: each platform's own setting */
	r.v.st = st;
	r.v.m = m;
	r.v.repost_changed = o->repost_changed;
	r.v.warn = version_warn;
	r.v.warn_ctx = &r;
	r.v.err = err;
	r.join.st = st;
	r.join.m = m;
	r.join.err = err;
	r.join.reject = on_reject;
	r.join.fate = on_fate;
	r.join.ctx = &r;
	if ((o->from && date_parse_ymd(&r.from_days, o->from)) ||
	    (o->to && date_parse_ymd(&r.to_days, o->to)))
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "--from and --to take YYYY-MM-DD");
	if (o->from && o->to && r.from_days > r.to_days)
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "--from %s is after --to %s: no day"
				  " is in that period", o->from, o->to);

	wallet_settings(&r.wallet, m);
	rc = ingest_collect(&files, o->inputs, o->ninputs, err);
	if (rc) {
		file_list_free(&files);
		return rc;
	}
	/* a change of mappings or mode means every file is mapped again */
	snprintf(key, sizeof(key), "%s/%s/%s", m->hash,
		 r.mode < 0 ? "settings" : r.mode == MODE_ORDER ? "order" : "settlement",
		 m->country);
	if (o->tz) {
		/* the zone dates the events: a change maps every file again
		 * (no zone leaves the key as it always was) */
		size_t kl = strlen(key);

		snprintf(key + kl, sizeof(key) - kl, "/tz=%s", tz_name(o->tz));
		snprintf(res->zone, sizeof(res->zone), "%s", tz_name(o->tz));
	}
	if (r.wallet.by_day) {
		/* PayPal as an account: a change of model maps every file again
		 * (a state file planned before the account model has none) */
		size_t kl = strlen(key);

		snprintf(key + kl, sizeof(key) - kl, "/wallet=days");
	}
	if (o->from || o->to) {
		/* the period decides which deposits are planned: a change reads
		 * every file again (none leaves the key as it was) */
		size_t kl = strlen(key);

		snprintf(key + kl, sizeof(key) - kl, "/period=%s..%s", o->from ? o->from : "",
			 o->to ? o->to : "");
	}
	store_meta_read(st, "plan_key", prev_key, sizeof(prev_key), NULL);
	remap = strcmp(key, prev_key) != 0;
	{
		char za[200], zb[200];

		sources_key_part(key, "/tz=", za, sizeof(za));
		sources_key_part(prev_key, "/tz=", zb, sizeof(zb));
		r.zone_changed = prev_key[0] && strcmp(za, zb) != 0;
		sources_key_part(key, "/wallet=", za, sizeof(za));
		sources_key_part(prev_key, "/wallet=", zb, sizeof(zb));
		r.wallet_changed = prev_key[0] && strcmp(za, zb) != 0;
	}
	/* parser threads reading ahead (prefetch.h); r.pf NULL: one thread */
	if ((rc = prefetch_start(&r.pf, st, files.paths, files.n, o->jobs, remap, o->force,
				 o->repost_changed, o->tz, &r.wallet, err)))
		goto done;
	for (i = 0; i < files.n; i++) {
		if (r.pf)
			prefetch_at(r.pf, i);
		if (intr_requested()) {
			if ((rc = group_end(&r)))
				goto done;
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0,
					"interrupted after %zu of %zu files; what was read is "
					"recorded", i, files.n);
			goto done;
		}
		rc = process_file(&r, files.paths[i], remap, (long)i);
		if (rc)
			goto done;
		if (o->progress)
			o->progress(o->progress_ctx, i + 1, files.n, res->rows);
	}
	prefetch_free(r.pf);
	r.pf = NULL;
	if ((rc = group_end(&r)))
		goto done;
	if ((rc = read_stale(&r, &files)) || (rc = group_end(&r)))
		goto done;
	/* the run-level checks below run again: what earlier runs found of
	 * them is history now (the workbook's History sheet) */
	if ((rc = store_reject_retire(st, "would-change-total", 0, err)) ||
	    (rc = store_reject_retire(st, "sales-twice", 0, err)) ||
	    (rc = store_reject_retire(st, "same-order", 0, err)) ||
	    (rc = store_reject_retire(st, "stale", 0, err)))
		goto done;
	res->would_change = sources_would_change(st, state_run_id(st), err);
	if (res->would_change < 0) {
		rc = LL_ERROR;
		goto done;
	}
	if (res->would_change > 0) {
		char msg[300];

		snprintf(msg, sizeof(msg), "would change %ld posted document%s: the inputs"
			 " or mappings now give other versions; they stay as posted ('run"
			 " --repost-changed' takes them back from Xero and posts the new"
			 " versions)", res->would_change, res->would_change == 1 ? "" : "s");
		if ((rc = store_reject_add(st, 0, "", 0, "warning", "would-change-total", msg,
					   err)))
			goto done;
	}
	if ((rc = pipeline_cross_warnings(st, m, res, err)))
		goto done;
	if ((rc = plan_batches(st, &ps, err)))
		goto done;
	res->batches = ps.batches;
	if ((rc = store_meta_write(st, "plan_key", key, err)))
		goto done;
	store_reject_count_run(st, state_run_id(st), &res->reject_errors,
			       &res->reject_warnings, NULL);
done:
	prefetch_free(r.pf);
	res->documents = r.v.documents;
	res->superseded = r.v.superseded;
	ledger_free(&r.led);
	join_free(&r.join);
	if (rc)
		state_rollback(st); /* the group a failed file left open, if any */
	file_list_free(&files);
	return rc;
}
