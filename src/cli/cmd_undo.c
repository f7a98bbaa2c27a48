/*
 * cmd_undo.c - `ledgerlift undo --run N`: take back what run N posted to
 * Xero (or the sandbox): drafts deleted, approved documents voided, each
 * recorded as `undone` in the state file. Recorded as a run of its own;
 * safe to repeat: a second undo skips what is undone and settles what a
 * killed one left open. The work is in xero/undo.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/stages.h"
#include "cli/statefile.h"
#include "store/runs.h"
#include "xero/connect.h"
#include "xero/undo.h"
#include "util/intr.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/text.h"

static const struct cli_cmd undo_cmd = {
	"undo", "--run N [options]",
	"Remove from Xero what run N posted: DRAFT and SUBMITTED documents are\n"
	"deleted, AUTHORISED ones voided (Xero keeps voided documents, with their\n"
	"numbers). A document Xero refuses (it has a payment, its period is locked)\n"
	"stays posted and is listed. Safe to run again: it resumes.\n"
	"'ledgerlift status' lists the runs. 'ledgerlift run --force' with the same\n"
	"inputs plans and posts undone documents again (a voided one keeps its\n"
	"number in Xero: give it another number in the mappings first).",
	"Connection as for 'ledgerlift run' (see 'ledgerlift run --help').\n"
	"\n"
	"Exit codes: 0 all undone; 3 some documents refused by Xero or not settled\n"
	"(listed); 75 the day's API budget is spent: run again later; 130\n"
	"interrupted; 1 error; 2 usage.",
	0
};

static void report(const struct undo_result *r, long run)
{
	size_t i;

	log_info("undo of run %ld: %ld deleted, %ld voided, %ld refused by Xero, %ld not"
		 " settled, %ld undone before; %ld calls", run, r->deleted, r->voided,
		 r->refused, r->unsettled, r->skipped, r->calls);
	if (r->nitems)
		fprintf(stderr, "not undone (still posted):\n");
	for (i = 0; i < r->nitems; i++) {
		char n[300], m[2400]; /* numbers and messages quote cells */

		fprintf(stderr, "  %s: %s\n", text_term(n, sizeof(n), r->items[i].number),
			text_term(m, sizeof(m), r->items[i].message));
	}
}

int cmd_undo(int argc, char **argv)
{
	struct ratelimit_opts rlo = RATELIMIT_OPTS_INIT;
	struct connect_opts co = { 0, LL_DEFAULT_SANDBOX_DIR, NULL, 0 };
	const char *state_path = NULL; /* not given: cli/statefile.h */
	struct statefile sf;
	long run = -1;
	int wait = 0, quiet = 0, first, rc, code = EXIT_ERROR_;
	const struct cli_opt opts[] = {
		CLI_LONG("run", run, "N", 1, 1000000000, "the run to undo"),
		STAGE_OPT_SANDBOX(co, "undo in the built-in local Xero sandbox (kept in "
			      LL_DEFAULT_SANDBOX_DIR "/, or --sandbox-dir DIR; the folder"
			      " 'ledgerlift sandbox' serves)"),
		STAGE_OPT_SANDBOX_DIR(co),
		CLI_OPT_STATE_LAST(state_path),
		STAGE_OPTS_XERO(co, rlo),
		CLI_OPT_WAIT(wait),
		CLI_OPT_QUIET(&quiet),
		CLI_OPT_VERBOSE,
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct undo_result res;
	struct undo_counts uc;
	struct xero_conf conf;
	struct state *st = NULL;
	struct sandbox *sb = NULL;
	struct ratelimit *rl = NULL;
	struct xero *x = NULL;
	struct ll_err err = LL_ERR_INIT;
	struct buf inputs = BUF_INIT(256);
	struct jsonw w;
	char msg[1200], runs[32];
	struct stat sbuf;

	memset(&res, 0, sizeof(res));
	if ((code = cli_opt_parse(&undo_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	code = EXIT_ERROR_;
	if (run < 0) {
		fprintf(stderr, "ledgerlift undo: --run N is required\n");
		cli_opt_help(stderr, &undo_cmd, opts);
		return EXIT_USAGE_;
	}
	/* never create a state file just to find it empty */
	statefile_for_reading(&sf, state_path);
	state_path = sf.path;
	if (stat(state_path, &sbuf) != 0) {
		log_error("no state file at %s (give --state PATH)", state_path);
		return EXIT_ERROR_;
	}
	if (sf.how == STATEFILE_LAST)
		log_info("state file: %s (the last run's)", state_path);
	if (state_open_held(&st, state_path, "undo", wait, &err) ||
	    undo_count(st, run, &uc, &err))
		goto fail;
	snprintf(runs, sizeof(runs), "%ld", run);
	jsonw_init(&w, &inputs);
	jsonw_array(&w);
	jsonw_string(&w, "--run");
	jsonw_string(&w, runs);
	jsonw_end(&w);
	if (jsonw_finish(&w)) {
		ll_err_set(&err, LL_ERROR, NULL, 0, "out of memory");
		goto fail;
	}
	if (store_run_start(st, "undo", NULL, buf_cstr(&inputs), &err))
		goto fail;
	if (uc.posted == 0) {
		log_info("nothing to undo: run %ld has no posted documents%s", run,
			 uc.undone ? " (its documents are undone already)" : "");
		code = EXIT_OK_;
		goto finish;
	}
	log_info("undoing run %ld: %ld document(s) to delete or void%s", run, uc.posted,
		 uc.undone ? " (the others are undone already)" : "");

	connect_scale_limits(&rlo);
	co.per_day = rlo.per_day;
	if (connect_conf(&conf, &sb, &co, &err) || ratelimit_new(&rl, &rlo, &err) ||
	    xero_new(&x, &conf, rl, &err))
		goto fail_run;
	xero_set_log(x, connect_log_call, st);
	intr_install();
	/* the documents to take back must be this organisation's */
	if (xero_connect(x, &err) || statefile_check(st, &sf, xero_tenant(x), &err))
		goto fail_run;
	rc = undo_run(st, x, run, !quiet && isatty(2), &res, &err);
	report(&res, run);
	if (rc == RL_DAY_SPENT) {
		log_info("the day's API budget is spent; Xero accepts calls again in about "
			 "%lld min", (long long)(res.resume_in_ms / 60000 + 1));
		stages_print_resume(argc, argv);
		code = EXIT_BUDGET_;
	} else if (intr_requested()) {
		log_info("interrupted; everything done so far is recorded");
		stages_print_resume(argc, argv);
		code = EXIT_INTERRUPTED_;
	} else if (rc) {
		goto fail_run;
	} else {
		code = res.refused || res.unsettled ? EXIT_REJECTS_ : EXIT_OK_;
	}
finish:
	if (store_run_finish(st, code == EXIT_BUDGET_ ? "paused" :
				 code == EXIT_INTERRUPTED_ ? "interrupted" : "done",
			     code, &err))
		goto fail;
	goto out;
fail_run:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	code = err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_; /* cmd_run.c */
	store_run_finish(st, "failed", code, NULL);
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	code = EXIT_ERROR_;
out:
	buf_free(&inputs);
	undo_result_free(&res);
	xero_free(x);
	ratelimit_free(rl);
	sandbox_stop(sb);
	state_close(st);
	return code;
}
