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
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "plan/sources.h"
#include "plan/plan.h"
#include "store/calls.h"
#include "store/read.h"
#include "store/runs.h"
#include "store/state.h"
#include "util/buf.h"
#include "store/completeness.h"
#include "util/coverage.h"
#include "util/date.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/money.h"

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
		char *v = strdup(vals[i] ? vals[i] : "");

		if (!v)
			return LL_ERROR;
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

/* The documents of kinds in status (NULL: any), 0 on a failure (a count). */
static long long one_count(struct state *st, enum store_kinds kinds, const char *status)
{
	long long v = 0;

	store_read_doc_count(st, kinds, status, &v, NULL);
	return v;
}

/* ---- sections ---- */

/* The rows section_runs is gathering. */
struct runs_out {
	int json, n, rc;
	struct buf *j;
	struct table *t;
};

static int run_row(void *ctx, const struct store_run *r)
{
	struct runs_out *o = ctx;
	struct buf *j = o->j;
	char id[24], ex[24];
	const char *v[7];

	if (o->json) {
		buf_adds(j, o->n++ ? ",{" : "{");
		jfield_int(j, 1, "id", r->id);
		jfield_str(j, 0, "command", r->command);
		jfield_str(j, 0, "mode", r->mode);
		jfield_str(j, 0, "started", r->started_at);
		jfield_str(j, 0, "finished", r->finished_at);
		jfield_str(j, 0, "status", r->status);
		if (!r->has_exit)
			jfield_str(j, 0, "exit_code", NULL);
		else
			jfield_int(j, 0, "exit_code", r->exit_code);
		buf_addc(j, '}');
		return 0;
	}
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(ex, sizeof(ex), "%lld", (long long)r->exit_code);
	v[0] = id;
	v[1] = r->command;
	v[2] = r->mode ? r->mode : "-";
	v[3] = r->started_at;
	v[4] = r->finished_at ? r->finished_at : "-";
	v[5] = r->status;
	v[6] = r->has_exit ? ex : "-";
	return o->rc = table_row(o->t, v);
}

static int section_runs(struct state *st, int json, struct buf *j, struct ll_err *err)
{
	struct table t = { 7, { "run", "command", "mode", "started", "finished", "status",
				"exit" }, { 1, 0, 0, 0, 0, 0, 1 }, NULL, 0, 0 };
	struct runs_out o = { json, 0, 0, j, &t };
	int rc;

	if (json)
		buf_adds(j, ",\"runs\":[");
	rc = store_run_recent(st, 20, run_row, &o, err);
	if (rc && !o.rc) {
		table_free(&t);
		return LL_ERROR;
	}
	rc = o.rc;
	if (json)
		buf_addc(j, ']');
	else if (!rc)
		table_print(&t, "Runs (the last 20)");
	table_free(&t);
	return rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : 0;
}

static const char *const statuses[] = { "planned", "posted", "rejected", "undone" };

/* documents proper; payments and transfers are counted apart */
#define DOC_KINDS STORE_KINDS_DOCUMENTS
#define MOVE_KINDS STORE_KINDS_MOVES

/* "<label> N planned, N posted, ..." of the documents of kinds */
static void print_by_status(struct state *st, const char *label, enum store_kinds kinds)
{
	size_t i;

	printf("%s", label);
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		printf("%s %lld %s", i ? "," : "", one_count(st, kinds, statuses[i]),
		       statuses[i]);
}

/* {"planned":N,"posted":N,...} of the documents of kinds */
static void json_by_status(struct state *st, struct buf *j, enum store_kinds kinds)
{
	size_t i;

	buf_addc(j, '{');
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		jfield_int(j, i == 0, statuses[i], one_count(st, kinds, statuses[i]));
	buf_addc(j, '}');
}

/* The rows section_documents is gathering. */
struct docs_out {
	int json, n, rc;
	struct buf *j;
	struct table *t;
};

static int doc_row(void *ctx, const struct store_doc_group *g)
{
	struct docs_out *o = ctx;
	struct buf *j = o->j;
	int e = currency_exponent(g->currency);
	char a[48], b[48], n[24];
	const char *v[7];

	if (o->json) {
		buf_adds(j, o->n++ ? ",{" : "{");
		jfield_str(j, 1, "platform", g->platform);
		jfield_str(j, 0, "month", g->month);
		jfield_str(j, 0, "status", g->status);
		jfield_str(j, 0, "currency", g->currency);
		jfield_int(j, 0, "count", g->count);
		buf_addc(j, ',');
		jsonw_key(j, "total");
		jsonw_money(j, g->total_minor, e);
		buf_addc(j, ',');
		jsonw_key(j, "net");
		jsonw_money(j, g->net_minor, e);
		jfield_int(j, 0, "total_minor", g->total_minor);
		jfield_int(j, 0, "net_minor", g->net_minor);
		buf_addc(j, '}');
		return 0;
	}
	snprintf(n, sizeof(n), "%lld", (long long)g->count);
	v[0] = g->platform;
	v[1] = g->month;
	v[2] = g->status;
	v[3] = n;
	v[4] = g->currency;
	v[5] = money_format(a, sizeof(a), g->total_minor, e);
	v[6] = money_format(b, sizeof(b), g->net_minor, e);
	return o->rc = table_row(o->t, v);
}

static int section_documents(struct state *st, int json, struct buf *j,
			     struct ll_err *err)
{
	struct table t = { 7, { "platform", "month", "status", "docs", "currency", "total",
				"net" }, { 0, 0, 0, 1, 0, 1, 1 }, NULL, 0, 0 };
	struct docs_out o = { json, 0, 0, j, &t };

	if (json)
		buf_adds(j, ",\"documents\":[");
	if (store_read_doc_groups(st, doc_row, &o, err)) {
		table_free(&t);
		return o.rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : LL_ERROR;
	}
	if (json) {
		buf_adds(j, "],\"by_status\":");
		json_by_status(st, j, DOC_KINDS);
		buf_adds(j, ",\"payments_and_transfers\":");
		json_by_status(st, j, MOVE_KINDS);
		/* changed mappings after posting (docs/state.md) */
		buf_adds(j, ",\"repost\":{");
		jfield_int(j, 1, "would_change", sources_would_change(st, 0, NULL));
		jfield_int(j, 0, "superseded", one_count(st, STORE_KINDS_ALL, "superseded"));
		jfield_int(j, 0, "replaced", one_count(st, STORE_KINDS_ALL, "replaced"));
		buf_addc(j, '}');
	} else {
		long wc = sources_would_change(st, 0, NULL);
		long long sup = one_count(st, STORE_KINDS_ALL, "superseded");
		long long rep = one_count(st, STORE_KINDS_ALL, "replaced");

		table_print(&t, "Documents by platform, month (of the document date) and status"
			    " (net: credit notes and bills count negative)");
		print_by_status(st, "  all:", DOC_KINDS);
		if (sup || rep)
			printf(", %lld superseded, %lld replaced", sup, rep);
		printf("\n");
		if (one_count(st, MOVE_KINDS, NULL) > 0) {
			print_by_status(st, "  payments and transfers:", MOVE_KINDS);
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

/* ---- completeness and coverage (docs/completeness.md) ---- */

struct compl_out {
	int json, n, rc;
	struct buf *j;
	struct table *t;
};

static const char *fate_word(const char *fate)
{
	return !strcmp(fate, "held") ? "held back" : !strcmp(fate, "left") ? "left out" : fate;
}

static int compl_row(void *ctx, const struct store_completeness *c)
{
	struct compl_out *o = ctx;
	struct buf *j = o->j;
	int e = currency_exponent(c->currency);
	char a[48], n[24];
	const char *v[5];

	if (o->json) {
		buf_adds(j, o->n++ ? ",{" : "{");
		jfield_str(j, 1, "currency", c->currency);
		jfield_str(j, 0, "fate", c->fate);
		jfield_str(j, 0, "reason", c->reason);
		jfield_int(j, 0, "rows", c->rows);
		buf_addc(j, ',');
		jsonw_key(j, "amount");
		jsonw_money(j, c->amount_minor, e);
		buf_addc(j, '}');
		return 0;
	}
	snprintf(n, sizeof(n), "%lld", (long long)c->rows);
	v[0] = c->currency[0] ? c->currency : "-";
	v[1] = fate_word(c->fate);
	v[2] = c->reason;
	v[3] = n;
	v[4] = c->currency[0] ? money_format(a, sizeof(a), c->amount_minor, e) : "";
	return o->rc = table_row(o->t, v);
}

static int section_completeness(struct state *st, int json, struct buf *j,
				struct ll_err *err)
{
	struct table t = { 5, { "currency", "fate", "reason", "rows", "amount" },
			   { 0, 0, 0, 1, 1 }, NULL, 0, 0 };
	struct compl_out o = { json, 0, 0, j, &t };
	struct store_completeness_totals tot;

	if (store_read_completeness_totals(st, &tot, err))
		return LL_ERROR;
	if (json) {
		buf_adds(j, ",\"completeness\":{");
		jfield_int(j, 1, "files", tot.files);
		jfield_int(j, 0, "rows", tot.rows);
		jfield_int(j, 0, "imported", tot.imported);
		jfield_int(j, 0, "held", tot.held);
		jfield_int(j, 0, "left", tot.left);
		buf_adds(j, ",\"by\":[");
	}
	if (store_read_completeness(st, STORE_COMPLETENESS_TOTALS, 0, compl_row, &o, err)) {
		table_free(&t);
		return o.rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : LL_ERROR;
	}
	if (json) {
		buf_adds(j, "]}");
	} else {
		char title[300];

		snprintf(title, sizeof(title), "Completeness: every row of every file (%lld"
			 " files, %lld rows: %lld imported, %lld held back, %lld left out; per"
			 " file in the workbook's Completeness sheet)", (long long)tot.files,
			 (long long)tot.rows, (long long)tot.imported, (long long)tot.held,
			 (long long)tot.left);
		table_print(&t, title);
	}
	table_free(&t);
	return 0;
}

struct cov_out {
	int json, n;
	struct buf *j;
};

static int cov_row(void *ctx, const struct store_coverage *c)
{
	struct cov_out *o = ctx;
	struct buf *j = o->j;
	char line[COVERAGE_GAPS_TEXT + 200], a[11], b[11];

	if (!o->json) {
		if (!o->n++)
			printf("Coverage: the period the imported deposits cover, and the days"
			       " none covers\n");
		printf("  %s %s %s: %s\n", c->title, c->currency, c->noun,
		       coverage_text(c->c, c->noun, line, sizeof(line)));
		return 0;
	}
	date_days_ymd(c->c->first, a);
	date_days_ymd(c->c->last, b);
	buf_adds(j, o->n++ ? ",{" : "{");
	jfield_str(j, 1, "platform", c->platform);
	jfield_str(j, 0, "currency", c->currency);
	jfield_str(j, 0, "kind", c->kind);
	jfield_str(j, 0, "first", a);
	jfield_str(j, 0, "last", b);
	jfield_int(j, 0, "deposits", c->c->deposits);
	jfield_int(j, 0, "gaps", c->c->ngaps);
	jfield_int(j, 0, "missing_days", c->c->missing_days);
	jfield_str(j, 0, "missing", c->c->gaps);
	buf_addc(j, '}');
	return 0;
}

static int section_coverage(struct state *st, int json, struct buf *j, struct ll_err *err)
{
	struct cov_out o = { json, 0, j };

	if (json)
		buf_adds(j, ",\"coverage\":[");
	if (store_read_coverage(st, cov_row, &o, err))
		return LL_ERROR;
	if (json)
		buf_addc(j, ']');
	else
		printf("%s\n", o.n ? "" : "Coverage: no deposit imported yet\n");
	return 0;
}

/* The last run's line (section_calls). */
struct last_out {
	int json;
	struct buf *j;
};

static int last_run(void *ctx, const struct store_run *r)
{
	struct last_out *o = ctx;
	struct buf *j = o->j;

	if (o->json) {
		buf_addc(j, '{');
		jfield_int(j, 1, "id", r->id);
		jfield_str(j, 0, "command", r->command);
		jfield_str(j, 0, "status", r->status);
		if (!r->has_exit)
			jfield_str(j, 0, "exit_code", NULL);
		else
			jfield_int(j, 0, "exit_code", r->exit_code);
		buf_addc(j, '}');
	} else if (r->has_exit) {
		printf("last run: %lld (%s), %s, exit %lld\n\n", (long long)r->id, r->command,
		       r->status, (long long)r->exit_code);
	} else {
		printf("last run: %lld (%s), %s, exit -\n\n", (long long)r->id, r->command,
		       r->status);
	}
	return 0;
}

static int section_calls(struct state *st, int json, struct buf *j, struct ll_err *err)
{
	struct last_out o = { json, j };
	char today[32];
	long long calls = 0, limited = 0;
	int have_last;

	state_now(today);
	today[10] = '\0';
	if (store_call_count_day(st, today, &calls, &limited, err))
		return LL_ERROR;
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
	have_last = store_run_find(st, 0, last_run, &o, err);
	if (have_last < 0)
		return LL_ERROR;
	if (!have_last) {
		if (json)
			buf_adds(j, "null");
		else
			printf("last run: none\n\n");
	}
	return 0;
}

/* The last plan or run, repeated by a resume (resume_command). */
static int resume_args(void *ctx, const struct store_run *r)
{
	struct buf *out = ctx;
	json_t *in = r->inputs ? json_loads(r->inputs, 0, NULL) : NULL, *v;
	size_t i;

	if (r->mode && !strcmp(r->mode, "order"))
		buf_adds(out, " --mode order");
	if (json_is_array(in) && json_array_size(in)) {
		json_array_foreach(in, i, v)
			if (json_is_string(v))
				buf_printf(out, " %s", json_string_value(v));
	} else {
		buf_adds(out, " INPUT...");
	}
	json_decref(in);
	return 0;
}

/* "ledgerlift run [--state P] [--mode order] INPUT..." from the last plan/run */
static void resume_command(struct state *st, const char *state_path, struct buf *out)
{
	buf_adds(out, "ledgerlift run");
	if (strcmp(state_path, "ledgerlift.db"))
		buf_printf(out, " --state %s", state_path);
	if (store_run_last_plan(st, resume_args, out, NULL) != 1)
		buf_adds(out, " INPUT...");
}

static int section_resume(struct state *st, const char *state_path, int json,
			  struct buf *j)
{
	long long lk_batches, lk_docs, pl_docs, pl_batches, unbatched, rejected, calls;
	long long superseded;
	struct store_resume rs;
	struct buf cmd = BUF_INIT(8192);
	int nothing;

	store_read_resume(st, &rs, NULL);
	lk_batches = rs.lookup_batches;
	lk_docs = rs.lookup_docs;
	pl_docs = rs.planned_docs;
	pl_batches = rs.planned_batches;
	/* planned but in no planned batch yet: batched at the next run */
	unbatched = rs.unbatched;
	pl_batches += (unbatched + PLAN_MAX_DOCS - 1) / PLAN_MAX_DOCS;
	rejected = rs.rejected;
	superseded = rs.superseded;
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

static const struct cli_cmd status_cmd = {
	"status", "[--state PATH] [--json]",
	"Where the migration stands, from the state file alone (no network): the\n"
	"last runs, documents by platform, month and status with totals per\n"
	"currency, every file's rows (imported, held back, left out) and the\n"
	"period the deposits cover, today's API calls against the day's limit,\n"
	"and what a resume would do next.",
	"Exit codes: 0 ok; 1 the state file cannot be opened; 2 usage.",
	0
};

int cmd_status(int argc, char **argv)
{
	const char *state_path = LL_DEFAULT_STATE;
	int json = 0, first, rc = EXIT_ERROR_;
	const struct cli_opt opts[] = {
		CLI_OPT_STATE(state_path),
		CLI_SWITCH("json", json, "one JSON object on standard output"),
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	struct buf j = BUF_INIT(64u * 1024 * 1024);
	struct stat sb;
	char msg[1200];

	if ((rc = cli_opt_parse(&status_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return rc;
	rc = EXIT_ERROR_;
	/* read-only: never create a state file */
	if (stat(state_path, &sb) != 0) {
		log_error("no state file at %s (give --state PATH)", state_path);
		return EXIT_ERROR_;
	}
	if (state_open_read(&st, state_path, &err))
		goto fail;
	if (json) {
		buf_addc(&j, '{');
		jfield_str(&j, 1, "state", state_path);
	} else {
		printf("ledgerlift status of %s\n\n", state_path);
	}
	if (section_runs(st, json, &j, &err) || section_documents(st, json, &j, &err) ||
	    section_completeness(st, json, &j, &err) || section_coverage(st, json, &j, &err) ||
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
