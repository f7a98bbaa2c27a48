/*
 * cmd_run.c - `ledgerlift run INPUT...`: plan as `plan` does, then post
 * the planned documents to Xero (or to the embedded sandbox with
 * --sandbox), resumably, and write the audit workbook.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "xero/connect.h"
#include "cli/progress.h"
#include "cli/stages.h"
#include "cli/statefile.h"
#include "xero/tokenfile.h"
#include "xero/post.h"
#include "xero/ratelimit.h"
#include "xero/taxsetup.h"
#include "xero/xero.h"
#include "sandbox/sandbox.h"
#include "store/meta.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/text.h"
#include "util/tz.h"

static const struct cli_cmd run_cmd = {
	"run", "[options] INPUT...",
	"Plan as 'ledgerlift plan' does, then post the planned documents to Xero.\n"
	"Safe to run again at any time: it resumes, and never posts a document twice.",
	"Connection: XERO_CLIENT_ID and XERO_CLIENT_SECRET (a custom connection),\n"
	"or the refresh token 'ledgerlift login' stored (used when XERO_CLIENT_SECRET\n"
	"is unset, or with --token-file; XERO_CLIENT_ID names the app),\n"
	"XERO_TENANT_ID when several organisations are connected; endpoints from\n"
	"XERO_API_URL, XERO_TOKEN_URL, XERO_CONNECTIONS_URL (https; http only to\n"
	"127.0.0.1). LEDGERLIFT_TIME_SCALE=X shrinks the limiter's windows X times\n"
	"(only for a time-scaled sandbox).\n"
	"\n"
	"State file: --state PATH; else ./" LL_DEFAULT_STATE " when this folder has one\n"
	"(as 'plan' makes it) or with --sandbox (its organisation lives here too), and\n"
	"it holds no other organisation's documents; else the organisation's own,\n"
	"the same from any folder:\n"
	"$XDG_DATA_HOME/" LL_DATA_SUBDIR "/<tenant id>.db (XDG_DATA_HOME unset: ~/"
	LL_DATA_FALLBACK ").\n"
	"Before a document is first sent from a state file new to the organisation,\n"
	"it is looked up in Xero: one there already is adopted, never posted twice.\n"
	"\n"
	"--sandbox posts to a play organisation: the accounts (mappings/accounts.csv)\n"
	"and currencies the documents need are created and enabled there, as\n"
	"--create-accounts --enable-currencies would against Xero.\n"
	"\n"
	"Exit codes: 0 all posted; 3 done, with rejected rows or documents, skipped\n"
	"files or warnings (see the report); 4 nothing to read: every file was\n"
	"skipped (none is an export ledgerlift reads) or there was none; 75 the day's\n"
	"API budget is spent: run again later; 130 interrupted; 1 error (including\n"
	"pre-flight problems: nothing was posted); 2 usage.",
	1
};

int cmd_run(int argc, char **argv)
{
	struct stage_args a = STAGE_ARGS_INIT("run");
	struct ratelimit_opts rlo = RATELIMIT_OPTS_INIT;
	struct post_opts pop = { 0, 0, NULL, 0 };
	struct connect_opts co = { 0, LL_DEFAULT_SANDBOX_DIR, NULL, 0 };
	int quiet = 0, first, code, rc;
	const struct cli_opt opts[] = {
		STAGE_OPT_SANDBOX(co, "post to the built-in local Xero sandbox (kept in "
			      LL_DEFAULT_SANDBOX_DIR "/, or --sandbox-dir DIR; the folder"
			      " 'ledgerlift sandbox' serves), creating the accounts and"
			      " enabling the currencies the documents need"),
		STAGE_OPT_SANDBOX_DIR(co),
		CLI_OPT_STATE_RUN(a.state_path),
		STAGE_OPT_REPORT(a),
		STAGE_OPT_MAPPINGS(a),
		STAGE_OPT_MODE(a),
		CLI_FN("timezone", &a.timezone, "ZONE", stages_opt_timezone,
		       "date documents on the organisation's days: an IANA name, an offset"
		       " (+01:00), organisation (its Xero Timezone) or none (default:"
		       " settings.json)"),
		STAGE_OPT_FROM(a),
		STAGE_OPT_TO(a),
		STAGE_OPT_FORCE(a),
		STAGE_OPT_JOBS(a),
		CLI_SWITCH("repost-changed", a.po.repost_changed,
			   "replace posted documents the inputs or mappings now change"
			   " (reported as 'would change N posted documents'): the old ones are"
			   " deleted (drafts) or voided (approved; the new version gets a -v2,"
			   " -v3... number) in Xero, then the new versions posted; one Xero"
			   " refuses to take back (a payment) stays, its new version is"
			   " rejected. Resumable. Without it nothing posted is touched"),
		CLI_SWITCH("create-accounts", pop.create_accounts,
			   "create the accounts in mappings/accounts.csv that the organisation"
			   " lacks"),
		CLI_SWITCH("enable-currencies", pop.enable_currencies,
			   "enable the currencies the documents use that the organisation has"
			   " not enabled"),
		STAGE_OPTS_XERO(co, rlo),
		CLI_OPT_WAIT(a.wait),
		CLI_OPT_QUIET(&quiet),
		CLI_OPT_VERBOSE,
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct pipeline_result res;
	struct statefile sf;
	struct progress prog;
	struct post_result pr;
	struct xero_conf conf;
	struct mappings *m = NULL;
	struct taxrates rates;
	struct state *st = NULL;
	struct sandbox *sb = NULL;
	struct ratelimit *rl = NULL;
	struct xero *x = NULL;
	struct ll_err err = LL_ERR_INIT;
	char msg[1200], accounts[1100], country[8] = "";

	memset(&rates, 0, sizeof(rates));
	a.state_path = NULL; /* not given: cli/statefile.h chooses */
	if ((code = cli_opt_parse(&run_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	a.po.inputs = argv + first;
	a.po.ninputs = argc - first;
	/* a missing input creates nothing: no state file, no sandbox folder */
	if (stages_check_inputs(&a, &err))
		goto fail;
	if (co.sandbox) {
		/* a play organisation: set it up as the documents need */
		pop.create_accounts = pop.enable_currencies = 1;
	}
	/* one command at a time on the state file, before any call to Xero
	 * when it is known without the organisation (cli/statefile.h) */
	sf.sandbox = co.sandbox;
	if (statefile_open_run(&sf, &a, NULL, &st, &err))
		goto fail;
	connect_scale_limits(&rlo);
	co.per_day = rlo.per_day;
	if (connect_conf(&conf, &sb, &co, &err))
		goto fail;

	/* connect first: the organisation's country chooses the tax types */
	if (ratelimit_new(&rl, &rlo, &err) || xero_new(&x, &conf, rl, &err))
		goto fail;
	intr_install();
	if (statefile_open_run(&sf, &a, sb ? sandbox_tenant_id(sb) : conf.tenant_id, &st, &err) ||
	    xero_connect(x, &err) || statefile_open_run(&sf, &a, xero_tenant(x), &st, &err) ||
	    xero_org_country(x, country, &err))
		goto fail;
	a.country = country;
	/* its tax rates: the tax types resolve against them, and a rate an
	 * order states that it lacks is made (docs/tax.md) */
	if (taxsetup_read(x, country, &rates, &err))
		goto fail;
	a.rates = &rates;
	a.org_timezone = tz_from_xero(xero_org_timezone(x));
	if (!a.org_timezone && xero_org_timezone(x)[0])
		log_debug("the organisation's Timezone %s is not one ledgerlift knows",
			  xero_org_timezone(x));
	progress_start(&prog, quiet, 0);
	a.po.progress = progress_pipeline;
	a.po.progress_ctx = &prog;
	rc = stages_plan(&a, &st, &m, &res, &err);
	progress_end(&prog);
	if (rc) {
		if (rc == LL_ETRANSIENT && intr_requested()) {
			code = stages_interrupted(argc, argv);
			goto out_code;
		}
		goto fail;
	}
	stages_print_plan(st, &res);
	/* the workbook links posted documents to Xero's pages in this
	 * organisation (its ShortCode picks the organisation) */
	if (store_meta_write(st, "xero_shortcode", xero_org_shortcode(x), &err))
		goto fail_run;
	code = stages_plan_code(&res);
	xero_set_log(x, connect_log_call, st);

	snprintf(accounts, sizeof(accounts), "%s/accounts.csv", m->dir);
	pop.accounts_csv = accounts;
	pop.progress = !quiet && isatty(2);
	rc = post_run(st, x, &pop, &pr, &err);
	{
		struct xero_stats xs;
		struct rl_stats rs;

		xero_get_stats(x, &xs);
		ratelimit_stats(rl, xero_now_ms(), &rs);
		log_info("posted: %ld new, %ld found already in Xero, %ld rejected by Xero, "
			 "%ld still to post; %ld calls (%ld rate-limited, %ld retried), "
			 "%.1f s", pr.posted, pr.found_existing, pr.rejected, pr.pending,
			 xs.requests, xs.rate_limited, xs.retries, (double)xs.elapsed_ms / 1000);
		log_info("rate budget: %ld calls started, %.1f%% of the per-minute limit "
			 "used while work remained", rs.started, rs.budget_share * 100);
	}
	if (pr.replace.nitems) {
		size_t i;

		fprintf(stderr, "not replaced (the old version stays posted in Xero; its new"
			" version is not posted):\n");
		for (i = 0; i < pr.replace.nitems; i++) {
			char num[300], why[2400]; /* they quote cells */

			fprintf(stderr, "  %s: %s\n",
				text_term(num, sizeof(num), pr.replace.items[i].number),
				text_term(why, sizeof(why), pr.replace.items[i].message));
		}
	}
	undo_result_free(&pr.replace);
	if (rc == RL_DAY_SPENT) {
		log_info("the day's API budget is spent; Xero accepts calls again in about "
			 "%lld min", (long long)(pr.resume_in_ms / 60000 + 1));
		stages_print_resume(argc, argv);
		code = EXIT_BUDGET_;
	} else if (intr_requested()) {
		code = stages_interrupted(argc, argv);
	} else if (rc) {
		goto fail_run;
	} else if (pr.rejected || pr.pending || pr.replace.refused ||
		   pr.replace.unsettled) {
		code = EXIT_REJECTS_;
	}
	if ((rc = stages_finish(st, &a, code == EXIT_BUDGET_ ? "paused" :
					  code == EXIT_INTERRUPTED_ ? "interrupted" : "done",
				code, &err))) {
		if (rc != LL_ETRANSIENT)
			goto fail;
		code = stages_interrupted(argc, argv); /* in the workbook */
	}
out_code:
	taxrates_clear(&rates);
	xero_free(x);
	ratelimit_free(rl);
	sandbox_stop(sb);
	state_close(st);
	mappings_free(m);
	return code;
fail_run:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	stages_finish(st, &a, "failed", EXIT_ERROR_, &err);
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
out:
	taxrates_clear(&rates);
	xero_free(x);
	ratelimit_free(rl);
	sandbox_stop(sb);
	state_close(st);
	mappings_free(m);
	/* a refused endpoint URL, a token file that cannot be used, no
	 * credentials: the user asked for something impossible (exit 2) */
	return err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_;
}
