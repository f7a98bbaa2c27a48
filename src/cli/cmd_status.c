/*
 * cmd_status.c - `ledgerlift status`: where a migration stands, read from
 * the state file alone (no network): the last runs, the documents by
 * platform, month and status with their totals per currency, every file's
 * rows by fate and the period the deposits cover (docs/completeness.md),
 * today's API calls against the day's limit, and what a resume would do
 * next.
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
#include "cli/statefile.h"
#include "plan/sources.h"
#include "plan/plan.h"
#include "store/calls.h"
#include "store/read.h"
#include "store/runs.h"
#include "store/completeness.h"
#include "store/state.h"
#include "util/buf.h"
#include "util/coverage.h"
#include "util/date.h"
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

/* "exit_code": N, or null for a run that has none */
static void jfield_exit(struct jsonw *j, const struct store_run *r)
{
	if (r->has_exit)
		jsonw_field_int(j, "exit_code", r->exit_code);
	else
		jsonw_field_string(j, "exit_code", NULL);
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
	int rc;
	struct jsonw *j;    /* NULL: a text table */
	struct table *t;
	struct buf notes;   /* text: "  run N: note" lines under the table */
};

static int run_row(void *ctx, const struct store_run *r)
{
	struct runs_out *o = ctx;
	struct jsonw *j = o->j;
	char id[24], ex[24];
	const char *v[7];

	if (j) {
		jsonw_object(j);
		jsonw_field_int(j, "id", r->id);
		jsonw_field_string(j, "command", r->command);
		jsonw_field_string(j, "mode", r->mode);
		jsonw_field_string(j, "started", r->started_at);
		jsonw_field_string(j, "finished", r->finished_at);
		jsonw_field_string(j, "status", r->status);
		jfield_exit(j, r);
		if (r->note)
			jsonw_field_string(j, "note", r->note);
		return jsonw_end(j);
	}
	if (r->note) {
		char esc[1200];

		if (buf_printf(&o->notes, "  run %lld: %s\n", (long long)r->id,
			       text_term(esc, sizeof(esc), r->note)))
			return o->rc = LL_ERROR;
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

static int section_runs(struct state *st, struct jsonw *j, struct ll_err *err)
{
	struct table t = { 7, { "run", "command", "mode", "started", "finished", "status",
				"exit" }, { 1, 0, 0, 0, 0, 0, 1 }, NULL, 0, 0 };
	struct runs_out o = { 0, j, &t, BUF_INIT(64u * 1024) };
	int rc;

	if (j) {
		jsonw_name(j, "runs");
		jsonw_array(j);
	}
	rc = store_run_recent(st, 20, run_row, &o, err);
	if (rc && !o.rc) {
		table_free(&t);
		buf_free(&o.notes);
		return LL_ERROR;
	}
	rc = o.rc;
	if (j) {
		jsonw_end(j);
	} else if (!rc) {
		table_print(&t, "Runs (the last 20)");
		if (o.notes.len)
			printf("%s\n", buf_cstr(&o.notes));
	}
	table_free(&t);
	buf_free(&o.notes);
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

/* "name": {"planned":N,"posted":N,...} of the documents of kinds */
static void json_by_status(struct state *st, struct jsonw *j, const char *name,
			   enum store_kinds kinds)
{
	size_t i;

	jsonw_name(j, name);
	jsonw_object(j);
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		jsonw_field_int(j, statuses[i], one_count(st, kinds, statuses[i]));
	jsonw_end(j);
}

/* The rows section_documents is gathering. */
struct docs_out {
	int rc;
	struct jsonw *j;    /* NULL: a text table */
	struct table *t;
};

static int doc_row(void *ctx, const struct store_doc_group *g)
{
	struct docs_out *o = ctx;
	struct jsonw *j = o->j;
	int e = currency_exponent(g->currency);
	char a[48], b[48], n[24];
	const char *v[7];

	if (j) {
		jsonw_object(j);
		jsonw_field_string(j, "platform", g->platform);
		jsonw_field_string(j, "month", g->month);
		jsonw_field_string(j, "status", g->status);
		jsonw_field_string(j, "currency", g->currency);
		jsonw_field_int(j, "count", g->count);
		jsonw_field_amount(j, "total", g->total_minor, e);
		jsonw_field_amount(j, "net", g->net_minor, e);
		jsonw_field_int(j, "total_minor", g->total_minor);
		jsonw_field_int(j, "net_minor", g->net_minor);
		return jsonw_end(j);
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

static int section_documents(struct state *st, struct jsonw *j, struct ll_err *err)
{
	struct table t = { 7, { "platform", "month", "status", "docs", "currency", "total",
				"net" }, { 0, 0, 0, 1, 0, 1, 1 }, NULL, 0, 0 };
	struct docs_out o = { 0, j, &t };

	if (j) {
		jsonw_name(j, "documents");
		jsonw_array(j);
	}
	if (store_read_doc_groups(st, doc_row, &o, err)) {
		table_free(&t);
		return o.rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : LL_ERROR;
	}
	if (j) {
		jsonw_end(j);
		json_by_status(st, j, "by_status", DOC_KINDS);
		json_by_status(st, j, "payments_and_transfers", MOVE_KINDS);
		/* changed mappings after posting (docs/state.md) */
		jsonw_name(j, "repost");
		jsonw_object(j);
		jsonw_field_int(j, "would_change", sources_would_change(st, 0, NULL));
		jsonw_field_int(j, "superseded", one_count(st, STORE_KINDS_ALL, "superseded"));
		jsonw_field_int(j, "replaced", one_count(st, STORE_KINDS_ALL, "replaced"));
		jsonw_end(j);
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
	int rc;
	struct jsonw *j;    /* NULL: a text table */
	struct table *t;
};

static const char *fate_word(const char *fate)
{
	return !strcmp(fate, "held") ? "held back" : !strcmp(fate, "left") ? "left out" : fate;
}

static int compl_row(void *ctx, const struct store_completeness *c)
{
	struct compl_out *o = ctx;
	struct jsonw *j = o->j;
	int e = currency_exponent(c->currency);
	char a[48], n[24];
	const char *v[5];

	if (j) {
		jsonw_object(j);
		jsonw_field_string(j, "currency", c->currency);
		jsonw_field_string(j, "fate", c->fate);
		jsonw_field_string(j, "reason", c->reason);
		jsonw_field_int(j, "rows", c->rows);
		jsonw_field_amount(j, "amount", c->amount_minor, e);
		return jsonw_end(j);
	}
	snprintf(n, sizeof(n), "%lld", (long long)c->rows);
	v[0] = c->currency[0] ? c->currency : "-";
	v[1] = fate_word(c->fate);
	v[2] = c->reason;
	v[3] = n;
	v[4] = c->currency[0] ? money_format(a, sizeof(a), c->amount_minor, e) : "";
	return o->rc = table_row(o->t, v);
}

static int section_completeness(struct state *st, struct jsonw *j, struct ll_err *err)
{
	struct table t = { 5, { "currency", "fate", "reason", "rows", "amount" },
			   { 0, 0, 0, 1, 1 }, NULL, 0, 0 };
	struct compl_out o = { 0, j, &t };
	struct store_completeness_totals tot;

	if (store_read_completeness_totals(st, &tot, err))
		return LL_ERROR;
	if (j) {
		jsonw_name(j, "completeness");
		jsonw_object(j);
		jsonw_field_int(j, "files", tot.files);
		jsonw_field_int(j, "rows", tot.rows);
		jsonw_field_int(j, "imported", tot.imported);
		jsonw_field_int(j, "held", tot.held);
		jsonw_field_int(j, "left", tot.left);
		jsonw_name(j, "by");
		jsonw_array(j);
	}
	if (store_read_completeness(st, STORE_COMPLETENESS_TOTALS, 0, compl_row, &o, err)) {
		table_free(&t);
		return o.rc ? ll_err_set(err, LL_ERROR, NULL, 0, "out of memory") : LL_ERROR;
	}
	if (j) {
		jsonw_end(j);
		jsonw_end(j);
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
	int n;
	struct jsonw *j;    /* NULL: text */
};

static int cov_row(void *ctx, const struct store_coverage *c)
{
	struct cov_out *o = ctx;
	struct jsonw *j = o->j;
	char line[COVERAGE_GAPS_TEXT + 200], a[11], b[11];

	if (!j) {
		if (!o->n++)
			printf("Coverage: the period the imported deposits cover, and the days"
			       " none covers\n");
		printf("  %s %s %s: %s\n", c->title, c->currency, c->noun,
		       coverage_text(c->c, c->noun, line, sizeof(line)));
		return 0;
	}
	date_days_ymd(c->c->first, a);
	date_days_ymd(c->c->last, b);
	o->n++;
	jsonw_object(j);
	jsonw_field_string(j, "platform", c->platform);
	jsonw_field_string(j, "currency", c->currency);
	jsonw_field_string(j, "kind", c->kind);
	jsonw_field_string(j, "first", a);
	jsonw_field_string(j, "last", b);
	jsonw_field_int(j, "deposits", c->c->deposits);
	jsonw_field_int(j, "gaps", c->c->ngaps);
	jsonw_field_int(j, "missing_days", c->c->missing_days);
	jsonw_field_string(j, "missing", c->c->gaps);
	return jsonw_end(j);
}

static int section_coverage(struct state *st, struct jsonw *j, struct ll_err *err)
{
	struct cov_out o = { 0, j };

	if (j) {
		jsonw_name(j, "coverage");
		jsonw_array(j);
	}
	if (store_read_coverage(st, cov_row, &o, err))
		return LL_ERROR;
	if (j)
		jsonw_end(j);
	else
		printf("%s\n", o.n ? "" : "Coverage: no deposit imported yet\n");
	return 0;
}

/* The last run's line (section_calls). */
static int last_run(void *ctx, const struct store_run *r)
{
	struct jsonw *j = ctx;  /* NULL: text */

	if (j) {
		jsonw_object(j);
		jsonw_field_int(j, "id", r->id);
		jsonw_field_string(j, "command", r->command);
		jsonw_field_string(j, "status", r->status);
		jfield_exit(j, r);
		jsonw_end(j);
	} else if (r->has_exit) {
		printf("last run: %lld (%s), %s, exit %lld\n\n", (long long)r->id, r->command,
		       r->status, (long long)r->exit_code);
	} else {
		printf("last run: %lld (%s), %s, exit -\n\n", (long long)r->id, r->command,
		       r->status);
	}
	return 0;
}

static int section_calls(struct state *st, struct jsonw *j, struct ll_err *err)
{
	char today[32];
	long long calls = 0, limited = 0;
	int have_last;

	state_now(today);
	today[10] = '\0';
	if (store_call_count_day(st, today, &calls, &limited, err))
		return LL_ERROR;
	if (j) {
		jsonw_name(j, "calls_today");
		jsonw_object(j);
		jsonw_field_string(j, "date", today);
		jsonw_field_int(j, "count", calls);
		jsonw_field_int(j, "rate_limited", limited);
		jsonw_field_int(j, "per_day", DAY_LIMIT);
		jsonw_field_int(j, "per_day_starter", DAY_LIMIT_STARTER);
		jsonw_end(j);
		jsonw_name(j, "last_run");
	} else {
		printf("API calls today (%s UTC): %lld of the day's %d (%d on Xero's Starter"
		       " plan)%s", today, calls, DAY_LIMIT, DAY_LIMIT_STARTER,
		       limited ? "" : "\n");
		if (limited)
			printf("; %lld refused with 429\n", limited);
	}
	have_last = store_run_find(st, 0, last_run, j, err);
	if (have_last < 0)
		return LL_ERROR;
	if (!have_last) {
		if (j)
			jsonw_null(j);
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
	if (strcmp(state_path, LL_DEFAULT_STATE))
		buf_printf(out, " --state %s", state_path);
	if (store_run_last_plan(st, resume_args, out, NULL) != 1)
		buf_adds(out, " INPUT...");
}

static int section_resume(struct state *st, const char *state_path, struct jsonw *j)
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
	if (j) {
		jsonw_name(j, "resume");
		jsonw_object(j);
		jsonw_field_int(j, "lookup_batches", lk_batches);
		jsonw_field_int(j, "lookup_documents", lk_docs);
		jsonw_field_int(j, "planned_documents", pl_docs);
		jsonw_field_int(j, "superseded_documents", superseded);
		jsonw_field_int(j, "planned_batches", pl_batches);
		jsonw_field_int(j, "calls", calls);
		jsonw_field_int(j, "rejected", rejected);
		jsonw_field_bool(j, "nothing_to_do", nothing);
		jsonw_field_string(j, "command", nothing ? NULL : buf_cstr(&cmd));
		jsonw_end(j);
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
	const char *state_path = NULL; /* not given: cli/statefile.h */
	struct statefile sf;
	int json = 0, first, rc = EXIT_ERROR_;
	const struct cli_opt opts[] = {
		CLI_OPT_STATE_LAST(state_path),
		CLI_SWITCH("json", json, "one JSON object on standard output"),
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct ll_err err = LL_ERR_INIT;
	struct state *st = NULL;
	struct buf out = BUF_INIT(64u * 1024 * 1024);
	struct jsonw w, *j = NULL;
	struct stat sb;
	char msg[1200];

	if ((rc = cli_opt_parse(&status_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return rc;
	rc = EXIT_ERROR_;
	statefile_for_reading(&sf, state_path);
	state_path = sf.path;
	/* read-only: never create a state file */
	if (stat(state_path, &sb) != 0) {
		log_error("no state file at %s (give --state PATH)", state_path);
		return EXIT_ERROR_;
	}
	if (state_open_read(&st, state_path, &err))
		goto fail;
	if (json) {
		j = &w;
		jsonw_init(j, &out);
		jsonw_object(j);
		jsonw_field_string(j, "state", state_path);
	} else {
		printf("ledgerlift status of %s\n\n", state_path);
	}
	if (section_runs(st, j, &err) || section_documents(st, j, &err) ||
	    section_completeness(st, j, &err) || section_coverage(st, j, &err) ||
	    section_calls(st, j, &err) || section_resume(st, state_path, j))
		goto fail;
	if (j) {
		jsonw_end(j);
		if (jsonw_finish(j) || buf_addc(&out, '\n')) {
			ll_err_set(&err, LL_ERROR, NULL, 0, "status too large for JSON output");
			goto fail;
		}
		fputs(buf_cstr(&out), stdout);
	}
	rc = EXIT_OK_;
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
out:
	buf_free(&out);
	state_close(st);
	return rc;
}
