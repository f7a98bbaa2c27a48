/*
 * cmd_status.c - `ledgerlift status`: where a migration stands, read from
 * the state file alone (no network): the last runs, the documents by
 * platform, month and status with their totals per currency, today's API
 * calls against the day's limit, and what a resume would do next.
 *
 * Each section is one query turned into rows of text cells; a small table
 * printer aligns them for people, and --json writes the same facts as one
 * JSON object. Money stays integer minor units until money_format writes
 * it with the currency's exponent.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "plan/pipeline.h"
#include "plan/plan.h"
#include "store/state.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/money.h"
#include "util/text.h"

#define MAX_COLS 8
#define DAY_LIMIT 5000
#define DAY_LIMIT_STARTER 1000
#define LOOKUP_CHUNK 40      /* documents per lookup call, as post.c */
#define PREFLIGHT_CALLS 4    /* Organisation, Accounts, TaxRates, Currencies */

/* ---- aligned text tables ---- */

struct table {
	int ncol;
	const char *head[MAX_COLS];
	int right[MAX_COLS];   /* right-align (numbers) */
	char **cells;          /* nrows * ncol, owned */
	size_t nrows, cap;
};

static int table_row(struct table *t, const char *const *vals)
{
	int i;

	if (t->nrows == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 32;
		char **n = realloc(t->cells, nc * (size_t)t->ncol * sizeof(*n));

		if (!n)
			return LL_ERROR;
		t->cells = n;
		t->cap = nc;
	}
	for (i = 0; i < t->ncol; i++) {
		/* paths and messages from the state file, escaped for the
		 * terminal (text_escape_term) */
		struct buf e = BUF_INIT(1u << 20);
		char *v;

		if (text_escape_term(&e, vals[i] ? vals[i] : "", vals[i] ? strlen(vals[i]) : 0) ||
		    (v = e.ptr ? buf_detach(&e) : strdup("")) == NULL) {
			buf_free(&e);
			return LL_ERROR;
		}
		t->cells[t->nrows * (size_t)t->ncol + (size_t)i] = v;
	}
	t->nrows++;
	return 0;
}

static void table_print(const struct table *t, const char *title)
{
	size_t w[MAX_COLS], r, len;
	int i;

	printf("%s\n", title);
	for (i = 0; i < t->ncol; i++)
		w[i] = strlen(t->head[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncol; i++) {
			len = strlen(t->cells[r * (size_t)t->ncol + (size_t)i]);
			if (len > w[i])
				w[i] = len;
		}
	for (r = 0; r <= t->nrows; r++) {
		fputs("  ", stdout);
		for (i = 0; i < t->ncol; i++) {
			const char *v = r ? t->cells[(r - 1) * (size_t)t->ncol + (size_t)i]
					  : t->head[i];
			int last = i == t->ncol - 1;

			if (t->right[i])
				printf("%*s%s", (int)w[i], v, last ? "" : "  ");
			else if (last)
				fputs(v, stdout);
			else
				printf("%-*s  ", (int)w[i], v);
		}
		fputc('\n', stdout);
	}
	if (!t->nrows)
		printf("  (none)\n");
	fputc('\n', stdout);
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncol; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* ---- helpers ---- */

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : NULL;
}

/* "key": "value" or null, with a leading comma unless first */
static void jfield_str(struct buf *b, int first, const char *key, const char *v)
{
	if (!first)
		buf_addc(b, ',');
	jsonw_key(b, key);
	if (v)
		jsonw_str(b, v);
	else
		buf_adds(b, "null");
}

static void jfield_int(struct buf *b, int first, const char *key, long long v)
{
	if (!first)
		buf_addc(b, ',');
	jsonw_key(b, key);
	buf_printf(b, "%lld", v);
}

static long long one_int(struct state *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v = 0;

	if (state_prepare(st, &s, sql, NULL))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* ---- sections ---- */

static int section_runs(struct state *st, int json, struct buf *j, struct ll_err *err)
{
	struct table t = { 7, { "run", "command", "mode", "started", "finished", "status",
				"exit" }, { 1, 0, 0, 0, 0, 0, 1 }, NULL, 0, 0 };
	sqlite3_stmt *s = NULL;
	int n = 0, rc = 0;

	if (state_prepare(st, &s,
			  "SELECT id, command, mode, started_at, finished_at, status, exit_code"
			  " FROM (SELECT * FROM runs ORDER BY id DESC LIMIT 20) ORDER BY id", err))
		return LL_ERROR;
	if (json)
		buf_adds(j, ",\"runs\":[");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *v[7];

		if (json) {
			buf_adds(j, n++ ? ",{" : "{");
			jfield_int(j, 1, "id", sqlite3_column_int64(s, 0));
			jfield_str(j, 0, "command", col(s, 1));
			jfield_str(j, 0, "mode", col(s, 2));
			jfield_str(j, 0, "started", col(s, 3));
			jfield_str(j, 0, "finished", col(s, 4));
			jfield_str(j, 0, "status", col(s, 5));
			if (sqlite3_column_type(s, 6) == SQLITE_NULL)
				jfield_str(j, 0, "exit_code", NULL);
			else
				jfield_int(j, 0, "exit_code", sqlite3_column_int64(s, 6));
			buf_addc(j, '}');
			continue;
		}
		v[0] = col(s, 0);
		v[1] = col(s, 1);
		v[2] = col(s, 2) ? col(s, 2) : "-";
		v[3] = col(s, 3);
		v[4] = col(s, 4) ? col(s, 4) : "-";
		v[5] = col(s, 5);
		v[6] = col(s, 6) ? col(s, 6) : "-";
		if ((rc = table_row(&t, v)))
			break;
	}
	sqlite3_finalize(s);
	if (json)
		buf_addc(j, ']');
	else if (!rc)
		table_print(&t, "Runs (the last 20)");
	table_free(&t);
	return rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : 0;
}

static const char *const statuses[] = { "planned", "posted", "rejected", "undone" };

/* documents proper; payments and transfers are counted apart */
#define DOC_KINDS "kind IN ('Invoice','CreditNote')"

/* how many documents that match `which` are in status statuses[i] */
static long long count_in(struct state *st, size_t i, const char *which)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM documents WHERE status='%s' AND %s",
		 statuses[i], which);
	return one_int(st, sql);
}

/* "<label> N planned, N posted, ..." of the documents that match `which` */
static void print_by_status(struct state *st, const char *label, const char *which)
{
	size_t i;

	printf("%s", label);
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		printf("%s %lld %s", i ? "," : "", count_in(st, i, which), statuses[i]);
}

/* {"planned":N,"posted":N,...} of the documents that match `which` */
static void json_by_status(struct state *st, struct buf *j, const char *which)
{
	size_t i;

	buf_addc(j, '{');
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		jfield_int(j, i == 0, statuses[i], count_in(st, i, which));
	buf_addc(j, '}');
}

static int section_documents(struct state *st, int json, struct buf *j,
			     struct ll_err *err)
{
	struct table t = { 7, { "platform", "month", "status", "docs", "currency", "total",
				"net" }, { 0, 0, 0, 1, 0, 1, 1 }, NULL, 0, 0 };
	sqlite3_stmt *s = NULL;
	int n = 0, rc = 0;

	if (state_prepare(st, &s,
			  "SELECT coalesce(s.platform,'-'), coalesce(substr(d.date,1,7),'-'),"
			  " d.status, coalesce(d.currency,'-'), count(*),"
			  " coalesce(sum(d.total_minor),0),"
			  " coalesce(sum(coalesce(d.signed_minor,d.total_minor)),0)"
			  " FROM documents d LEFT JOIN settlements s ON s.id=d.settlement_id"
			  " WHERE d.kind IN ('Invoice','CreditNote')"
			  " GROUP BY 1,2,3,4 ORDER BY 1,2, CASE d.status WHEN 'planned' THEN 0"
			  " WHEN 'posted' THEN 1 WHEN 'rejected' THEN 2 WHEN 'undone' THEN 3"
			  " ELSE 4 END, 3, 4", err))
		return LL_ERROR;
	if (json)
		buf_adds(j, ",\"documents\":[");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *cur = col(s, 3);
		int e = currency_exponent(cur);
		int64_t tot = sqlite3_column_int64(s, 5), net = sqlite3_column_int64(s, 6);
		char a[48], b[48];
		const char *v[7];

		if (json) {
			buf_adds(j, n++ ? ",{" : "{");
			jfield_str(j, 1, "platform", col(s, 0));
			jfield_str(j, 0, "month", col(s, 1));
			jfield_str(j, 0, "status", col(s, 2));
			jfield_str(j, 0, "currency", cur);
			jfield_int(j, 0, "count", sqlite3_column_int64(s, 4));
			buf_addc(j, ',');
			jsonw_key(j, "total");
			jsonw_money(j, tot, e);
			buf_addc(j, ',');
			jsonw_key(j, "net");
			jsonw_money(j, net, e);
			jfield_int(j, 0, "total_minor", tot);
			jfield_int(j, 0, "net_minor", net);
			buf_addc(j, '}');
			continue;
		}
		v[0] = col(s, 0);
		v[1] = col(s, 1);
		v[2] = col(s, 2);
		v[3] = col(s, 4);
		v[4] = cur;
		v[5] = money_format(a, sizeof(a), tot, e);
		v[6] = money_format(b, sizeof(b), net, e);
		if ((rc = table_row(&t, v)))
			break;
	}
	sqlite3_finalize(s);
	if (rc) {
		table_free(&t);
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	}
	if (json) {
		buf_adds(j, "],\"by_status\":");
		json_by_status(st, j, DOC_KINDS);
		buf_adds(j, ",\"payments_and_transfers\":");
		json_by_status(st, j, "NOT " DOC_KINDS);
		/* changed mappings after posting (docs/state.md) */
		buf_adds(j, ",\"repost\":{");
		jfield_int(j, 1, "would_change", pipeline_would_change(st, 0));
		jfield_int(j, 0, "superseded", one_int(st, "SELECT count(*) FROM documents"
							 " WHERE status='superseded'"));
		jfield_int(j, 0, "replaced", one_int(st, "SELECT count(*) FROM documents"
						       " WHERE status='replaced'"));
		buf_addc(j, '}');
	} else {
		long wc = pipeline_would_change(st, 0);
		long long sup = one_int(st, "SELECT count(*) FROM documents WHERE"
					    " status='superseded'");
		long long rep = one_int(st, "SELECT count(*) FROM documents WHERE"
					    " status='replaced'");

		table_print(&t, "Documents by platform, month (of the document date) and status"
			    " (net: credit notes and bills count negative)");
		print_by_status(st, "  all:", DOC_KINDS);
		if (sup || rep)
			printf(", %lld superseded, %lld replaced", sup, rep);
		printf("\n");
		if (one_int(st, "SELECT count(*) FROM documents WHERE NOT " DOC_KINDS) > 0) {
			print_by_status(st, "  payments and transfers:", "NOT " DOC_KINDS);
			printf("\n");
		}
		if (wc > 0)
			printf("  would change %ld posted document%s (the inputs or mappings now"
			       " give other versions; 'run --repost-changed' replaces them)\n",
			       wc, wc == 1 ? "" : "s");
		if (sup)
			printf("  %lld superseded document(s) still to take back from Xero"
			       " before their new versions are posted (run again)\n", sup);
		printf("\n");
	}
	table_free(&t);
	return 0;
}

static int section_calls(struct state *st, int json, struct buf *j, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	char today[32];
	long long calls = 0, limited = 0;
	int have_last = 0;

	state_now(today);
	today[10] = '\0';
	/* API calls only: the identity server's token calls do not count */
	if (state_prepare(st, &s,
			  "SELECT count(*), coalesce(sum(status=429),0) FROM calls WHERE"
			  " substr(at,1,10)=? AND path NOT IN ('connect/token','connections')",
			  err))
		return LL_ERROR;
	sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		calls = sqlite3_column_int64(s, 0);
		limited = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (json) {
		buf_adds(j, ",\"calls_today\":{");
		jfield_str(j, 1, "date", today);
		jfield_int(j, 0, "count", calls);
		jfield_int(j, 0, "rate_limited", limited);
		jfield_int(j, 0, "per_day", DAY_LIMIT);
		jfield_int(j, 0, "per_day_starter", DAY_LIMIT_STARTER);
		buf_adds(j, "},\"last_run\":");
	} else {
		printf("API calls today (%s UTC): %lld of the day's %d (%d on Xero's Starter"
		       " plan)%s", today, calls, DAY_LIMIT, DAY_LIMIT_STARTER,
		       limited ? "" : "\n");
		if (limited)
			printf("; %lld refused with 429\n", limited);
	}
	if (state_prepare(st, &s,
			  "SELECT id, command, status, exit_code FROM runs ORDER BY id DESC"
			  " LIMIT 1", err))
		return LL_ERROR;
	if (sqlite3_step(s) == SQLITE_ROW) {
		have_last = 1;
		if (json) {
			buf_addc(j, '{');
			jfield_int(j, 1, "id", sqlite3_column_int64(s, 0));
			jfield_str(j, 0, "command", col(s, 1));
			jfield_str(j, 0, "status", col(s, 2));
			if (sqlite3_column_type(s, 3) == SQLITE_NULL)
				jfield_str(j, 0, "exit_code", NULL);
			else
				jfield_int(j, 0, "exit_code", sqlite3_column_int64(s, 3));
			buf_addc(j, '}');
		} else {
			printf("last run: %s (%s), %s, exit %s\n\n", col(s, 0), col(s, 1),
			       col(s, 2), col(s, 3) ? col(s, 3) : "-");
		}
	}
	sqlite3_finalize(s);
	if (!have_last) {
		if (json)
			buf_adds(j, "null");
		else
			printf("last run: none\n\n");
	}
	return 0;
}

/* "ledgerlift run [--state P] [--mode order] INPUT..." from the last plan/run */
static void resume_command(struct state *st, const char *state_path, struct buf *out)
{
	sqlite3_stmt *s = NULL;
	json_t *in = NULL, *v;
	size_t i;
	const char *mode = NULL;

	buf_adds(out, "ledgerlift run");
	if (strcmp(state_path, "ledgerlift.db"))
		buf_printf(out, " --state %s", state_path);
	if (state_prepare(st, &s,
			  "SELECT mode, inputs FROM runs WHERE command IN ('run','plan')"
			  " ORDER BY id DESC LIMIT 1", NULL) == 0) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			mode = col(s, 0);
			if (mode && !strcmp(mode, "order"))
				buf_adds(out, " --mode order");
			if (col(s, 1))
				in = json_loads(col(s, 1), 0, NULL);
		}
		sqlite3_finalize(s);
	}
	if (json_is_array(in) && json_array_size(in)) {
		json_array_foreach(in, i, v)
			if (json_is_string(v))
				buf_printf(out, " %s", json_string_value(v));
	} else {
		buf_adds(out, " INPUT...");
	}
	json_decref(in);
}

static int section_resume(struct state *st, const char *state_path, int json,
			  struct buf *j)
{
	long long lk_batches, lk_docs, pl_docs, pl_batches, unbatched, rejected, calls;
	long long superseded;
	struct buf cmd = BUF_INIT(8192);
	int nothing;

	lk_batches = one_int(st, "SELECT count(*) FROM batches WHERE status IN"
				 " ('sent','unknown')");
	lk_docs = one_int(st, "SELECT count(*) FROM documents d JOIN batches b ON"
			      " b.id=d.batch_id WHERE b.status IN ('sent','unknown') AND"
			      " d.status='planned'");
	pl_docs = one_int(st, "SELECT count(*) FROM documents WHERE status='planned'") -
		  lk_docs;
	pl_batches = one_int(st, "SELECT count(*) FROM batches b WHERE b.status='planned'"
				 " AND EXISTS (SELECT 1 FROM documents d WHERE"
				 " d.batch_id=b.id AND d.status='planned')");
	/* planned but in no planned batch yet: batched at the next run */
	unbatched = one_int(st, "SELECT count(*) FROM documents d WHERE d.status='planned'"
				" AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id=d.batch_id"
				" AND b.status IN ('planned','sent','unknown'))");
	pl_batches += (unbatched + PLAN_MAX_DOCS - 1) / PLAN_MAX_DOCS;
	rejected = one_int(st, "SELECT count(*) FROM documents WHERE status='rejected'");
	superseded = one_int(st, "SELECT count(*) FROM documents WHERE status='superseded'");
	nothing = lk_batches == 0 && pl_docs == 0 && superseded == 0;
	calls = nothing ? 0 : PREFLIGHT_CALLS + (lk_docs + LOOKUP_CHUNK - 1) / LOOKUP_CHUNK +
			      pl_batches + superseded;
	if (!nothing)
		resume_command(st, state_path, &cmd);
	if (json) {
		buf_adds(j, ",\"resume\":{");
		jfield_int(j, 1, "lookup_batches", lk_batches);
		jfield_int(j, 0, "lookup_documents", lk_docs);
		jfield_int(j, 0, "planned_documents", pl_docs);
		jfield_int(j, 0, "superseded_documents", superseded);
		jfield_int(j, 0, "planned_batches", pl_batches);
		jfield_int(j, 0, "calls", calls);
		jfield_int(j, 0, "rejected", rejected);
		buf_adds(j, ",\"nothing_to_do\":");
		buf_adds(j, nothing ? "true" : "false");
		jfield_str(j, 0, "command", nothing ? NULL : buf_cstr(&cmd));
		buf_addc(j, '}');
	} else {
		printf("Resume\n");
		if (nothing)
			printf("  nothing to do: no planned document is waiting to be posted\n");
		if (superseded)
			printf("  first take back %lld superseded document(s) from Xero"
			       " (deleted or voided)\n", superseded);
		if (lk_batches)
			printf("  %slook up %lld batch(es) sent without a settled answer"
			       " (%lld document(s)) in Xero\n", superseded ? "then " : "first ",
			       lk_batches, lk_docs);
		if (pl_docs || lk_batches)
			printf("  %s %lld document(s) in %lld batch(es)%s\n",
			       lk_batches ? "then post" : "post", pl_docs, pl_batches,
			       lk_batches ? ", and those the lookup does not find" : "");
		if (!nothing)
			printf("  about %lld API calls\n", calls);
		if (rejected)
			printf("  %lld rejected document(s) wait for a fix (see the report; fix"
			       " the mappings or the organisation, then run again)\n", rejected);
		if (!nothing)
			printf("  command: %s%s\n", buf_cstr(&cmd),
			       strstr(buf_cstr(&cmd), "INPUT...") ? "  (the inputs of the last run)"
								  : "");
	}
	buf_free(&cmd);
	return 0;
}

static void status_usage(FILE *f)
{
	fprintf(f,
		"usage: ledgerlift status [--state PATH] [--json]\n"
		"\n"
		"Where the migration stands, from the state file alone (no network): the\n"
		"last runs, documents by platform, month and status with totals per\n"
		"currency, today's API calls against the day's limit, and what a resume\n"
		"would do next.\n"
		"\n"
		"  --state PATH   state file (default ./ledgerlift.db)\n"
		"  --json         one JSON object on standard output\n"
		"  -h, --help     this help\n"
		"\n"
		"Exit codes: 0 ok; 1 the state file cannot be opened; 2 usage.\n");
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *state_path = "ledgerlift.db";
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	struct buf j = BUF_INIT(64u * 1024 * 1024);
	struct stat sb;
	char msg[1200];
	int c, json = 0, rc = EXIT_ERROR_;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			state_path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			status_usage(stdout);
			return 0;
		default:
			status_usage(stderr);
			return EXIT_USAGE_;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ledgerlift status: unexpected arguments\n");
		status_usage(stderr);
		return EXIT_USAGE_;
	}
	/* read-only: never create a state file */
	if (stat(state_path, &sb) != 0) {
		log_error("no state file at %s (give --state PATH)", state_path);
		return EXIT_ERROR_;
	}
	if (state_open(&st, state_path, &err))
		goto fail;
	if (json) {
		buf_addc(&j, '{');
		jfield_str(&j, 1, "state", state_path);
	} else {
		printf("ledgerlift status of %s\n\n", state_path);
	}
	if (section_runs(st, json, &j, &err) || section_documents(st, json, &j, &err) ||
	    section_calls(st, json, &j, &err) || section_resume(st, state_path, json, &j))
		goto fail;
	if (json) {
		if (buf_adds(&j, "}\n")) {
			ll_err_set(&err, LL_ERROR, NULL, 0, "status too large for JSON output");
			goto fail;
		}
		fputs(buf_cstr(&j), stdout);
	}
	rc = EXIT_OK_;
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
out:
	buf_free(&j);
	state_close(st);
	return rc;
}
