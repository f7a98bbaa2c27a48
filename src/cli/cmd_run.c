/*
 * cmd_run.c - `ledgerlift run INPUT...`: plan as `plan` does, then post
 * the planned documents to Xero (or to the embedded sandbox with
 * --sandbox), resumably, and write the audit workbook.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "xero/connect.h"
#include "cli/stages.h"
#include "xero/tokenfile.h"
#include "xero/post.h"
#include "xero/ratelimit.h"
#include "xero/xero.h"
#include "sandbox/sandbox.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/text.h"
#include "util/tz.h"

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: ledgerlift run [options] INPUT...\n"
		"\n"
		"Plan as 'ledgerlift plan' does, then post the planned documents to Xero.\n"
		"Safe to run again at any time: it resumes, and never posts a document twice.\n"
		"\n"
		"  --sandbox          post to the built-in local Xero sandbox (kept in\n"
		"                     .ledgerlift-sandbox/, or --sandbox-dir DIR)\n"
		"  --state PATH       state file (default ./ledgerlift.db)\n"
		"  --report PATH      write the audit workbook (.xlsx) there\n"
		"  --mappings DIR     mapping tables and settings.json\n"
		"  --mode MODE        settlement or order\n"
		"  --timezone ZONE    date documents on the organisation's days: an IANA\n"
		"                     name, an offset (+01:00), organisation (its Xero\n"
		"                     Timezone) or none (default: settings.json)\n"
		"  --repost-changed   replace posted documents the inputs or mappings now\n"
		"                     change (reported as 'would change N posted documents'):\n"
		"                     the old ones are deleted (drafts) or voided (approved;\n"
		"                     the new version gets a -v2, -v3... number) in Xero,\n"
		"                     then the new versions posted; one Xero refuses to take\n"
		"                     back (a payment) stays, its new version is rejected.\n"
		"                     Resumable. Without it nothing posted is touched\n"
		"  --create-accounts  create the accounts in mappings/accounts.csv that the\n"
		"                     organisation lacks\n"
		"  --enable-currencies  enable the currencies the documents use that the\n"
		"                     organisation has not enabled\n"
		"  --token-file PATH  the refresh token 'ledgerlift login --token-file' stored\n"
		"  --max-calls N      stop after N API calls today (exit 75)\n"
		"  --per-day N        the organisation's daily limit (5000; 1000 on Starter)\n"
		"  -q, --quiet        no progress\n"
		"  -v, --verbose      more messages\n"
		"  -h, --help         this help\n"
		"\n"
		"Connection: XERO_CLIENT_ID and XERO_CLIENT_SECRET (a custom connection),\n"
		"or the refresh token 'ledgerlift login' stored (used when XERO_CLIENT_SECRET\n"
		"is unset, or with --token-file; XERO_CLIENT_ID names the app),\n"
		"XERO_TENANT_ID when several organisations are connected; endpoints from\n"
		"XERO_API_URL, XERO_TOKEN_URL, XERO_CONNECTIONS_URL (https; http only to\n"
		"127.0.0.1). LEDGERLIFT_TIME_SCALE=X shrinks the limiter's windows X times\n"
		"(only for a time-scaled sandbox).\n"
		"\n"
		"Exit codes: 0 all posted; 3 done, with rejected rows or documents (see the\n"
		"report); 75 the day's API budget is spent: run again later; 130 interrupted;\n"
		"1 error (including pre-flight problems: nothing was posted); 2 usage.\n");
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "report", required_argument, NULL, 'r' },
		{ "mappings", required_argument, NULL, 'm' },
		{ "mode", required_argument, NULL, 'M' },
		{ "timezone", required_argument, NULL, 'Z' },
		{ "sandbox", no_argument, NULL, 'S' },
		{ "sandbox-dir", required_argument, NULL, 'D' },
		{ "create-accounts", no_argument, NULL, 'A' },
		{ "enable-currencies", no_argument, NULL, 'E' },
		{ "max-calls", required_argument, NULL, 'c' },
		{ "token-file", required_argument, NULL, 'T' },
		{ "per-day", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "repost-changed", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct stage_args a = STAGE_ARGS_INIT("run");
	struct ratelimit_opts rlo = RATELIMIT_OPTS_INIT;
	struct post_opts pop = { 0, 0, NULL, 0 };
	struct pipeline_result res;
	struct post_result pr;
	struct xero_conf conf;
	struct connect_opts co = { 0, ".ledgerlift-sandbox", NULL, 0 };
	struct mappings *m = NULL;
	struct state *st = NULL;
	struct sandbox *sb = NULL;
	struct ratelimit *rl = NULL;
	struct xero *x = NULL;
	struct ll_err err = LL_ERR_INIT;
	char msg[1200], accounts[1100], country[8] = "";
	int c, quiet = 0, code, rc;
	enum post_mode mode;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", opts, NULL)) != -1) {
		int taken = connect_option("run", c, optarg, &co, &rlo);

		if (taken < 0)
			return EXIT_USAGE_;
		if (taken)
			continue;
		switch (c) {
		case 's':
			a.state_path = optarg;
			break;
		case 'r':
			a.report_path = optarg;
			break;
		case 'm':
			a.map_dir = optarg;
			break;
		case 'M':
			if (mapping_parse_mode(optarg, &mode)) {
				fprintf(stderr, "ledgerlift run: --mode is settlement or order\n");
				return EXIT_USAGE_;
			}
			a.po.mode = (int)mode;
			break;
		case 'A':
			pop.create_accounts = 1;
			break;
		case 'E':
			pop.enable_currencies = 1;
			break;
		case 'f':
			a.po.force = 1;
			break;
		case 'Z':
			if (stages_check_zone("run", optarg))
				return EXIT_USAGE_;
			a.timezone = optarg;
			break;
		case 'P':
			a.po.repost_changed = 1;
			break;
		case 'q':
			quiet = 1;
			log_set_level(LOG_QUIET);
			break;
		case 'v':
			log_set_level(LOG_VERBOSE);
			break;
		case 'h':
			run_usage(stdout);
			return 0;
		default:
			run_usage(stderr);
			return EXIT_USAGE_;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ledgerlift run: no INPUT given\n");
		run_usage(stderr);
		return EXIT_USAGE_;
	}
	a.po.inputs = argv + optind;
	a.po.ninputs = argc - optind;
	connect_scale_limits(&rlo);
	co.per_day = rlo.per_day;
	if (connect_conf(&conf, &sb, &co, &err))
		goto fail;

	/* connect first: the organisation's country chooses the tax types */
	if (ratelimit_new(&rl, &rlo, &err) || xero_new(&x, &conf, rl, &err))
		goto fail;
	intr_install();
	if (xero_connect(x, &err) || xero_org_country(x, country, &err))
		goto fail;
	a.country = country;
	a.org_timezone = tz_from_xero(xero_org_timezone(x));
	if (!a.org_timezone && xero_org_timezone(x)[0])
		log_debug("the organisation's Timezone %s is not one ledgerlift knows",
			  xero_org_timezone(x));
	if ((rc = stages_plan(&a, &st, &m, &res, &err))) {
		if (rc == LL_ETRANSIENT && intr_requested()) {
			code = stages_interrupted(argc, argv);
			goto out_code;
		}
		goto fail;
	}
	stages_print_plan(&res);
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
	if (stages_finish(st, &a, code == EXIT_BUDGET_ ? "paused" :
				     code == EXIT_INTERRUPTED_ ? "interrupted" : "done",
			  code, &err))
		goto fail;
out_code:
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
	xero_free(x);
	ratelimit_free(rl);
	sandbox_stop(sb);
	state_close(st);
	mappings_free(m);
	/* a refused endpoint URL, a token file that cannot be used, no
	 * credentials: the user asked for something impossible (exit 2) */
	return err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_;
}
