/*
 * cmd_undo.c - `ledgerlift undo --run N`: take back what run N posted to
 * Xero (or the sandbox): drafts deleted, approved documents voided, each
 * recorded as `undone` in the state file. Recorded as a run of its own;
 * safe to repeat: a second undo skips what is undone and settles what a
 * killed one left open. The work is in core/undo.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "cli/stages.h"
#include "xero/connect.h"
#include "xero/undo.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/text.h"

static void undo_usage(FILE *f)
{
	fprintf(f,
		"usage: ledgerlift undo --run N [options]\n"
		"\n"
		"Remove from Xero what run N posted: DRAFT and SUBMITTED documents are\n"
		"deleted, AUTHORISED ones voided (Xero keeps voided documents, with their\n"
		"numbers). A document Xero refuses (it has a payment, its period is locked)\n"
		"stays posted and is listed. Safe to run again: it resumes.\n"
		"'ledgerlift status' lists the runs. 'ledgerlift run --force' with the same\n"
		"inputs plans and posts undone documents again (a voided one keeps its\n"
		"number in Xero: give it another number in the mappings first).\n"
		"\n"
		"  --run N            the run to undo\n"
		"  --sandbox          undo in the built-in local Xero sandbox (kept in\n"
		"                     .ledgerlift-sandbox/, or --sandbox-dir DIR)\n"
		"  --state PATH       state file (default ./ledgerlift.db)\n"
		"  --token-file PATH  the refresh token 'ledgerlift login --token-file' stored\n"
		"  --max-calls N      stop after N API calls today (exit 75)\n"
		"  --per-day N        the organisation's daily limit (5000; 1000 on Starter)\n"
		"  -q, --quiet        fewer messages\n"
		"  -v, --verbose      more messages\n"
		"  -h, --help         this help\n"
		"\n"
		"Connection as for 'ledgerlift run' (see 'ledgerlift run --help').\n"
		"\n"
		"Exit codes: 0 all undone; 3 some documents refused by Xero or not settled\n"
		"(listed); 75 the day's API budget is spent: run again later; 130\n"
		"interrupted; 1 error; 2 usage.\n");
}

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
	static const struct option opts[] = {
		{ "run", required_argument, NULL, 'R' },
		{ "state", required_argument, NULL, 's' },
		{ "sandbox", no_argument, NULL, 'S' },
		{ "sandbox-dir", required_argument, NULL, 'D' },
		{ "token-file", required_argument, NULL, 'T' },
		{ "max-calls", required_argument, NULL, 'c' },
		{ "per-day", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ratelimit_opts rlo = RATELIMIT_OPTS_INIT;
	struct connect_opts co = { 0, ".ledgerlift-sandbox", NULL, 0 };
	struct undo_result res;
	struct undo_counts uc;
	struct xero_conf conf;
	struct state *st = NULL;
	struct sandbox *sb = NULL;
	struct ratelimit *rl = NULL;
	struct xero *x = NULL;
	struct ll_err err = LL_ERR_INIT;
	const char *state_path = "ledgerlift.db";
	char msg[1200], inputs[64];
	struct stat sbuf;
	long v, run = -1;
	int c, rc, code = EXIT_ERROR_;

	memset(&res, 0, sizeof(res));
	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", opts, NULL)) != -1) {
		int taken = connect_option("undo", c, optarg, &co, &rlo);

		if (taken < 0)
			return EXIT_USAGE_;
		if (taken)
			continue;
		switch (c) {
		case 'R':
			if (stages_parse_count(optarg, &v) || v < 1) {
				fprintf(stderr, "ledgerlift undo: --run takes a run number\n");
				return EXIT_USAGE_;
			}
			run = v;
			break;
		case 's':
			state_path = optarg;
			break;
		case 'q':
			log_set_level(LOG_QUIET);
			break;
		case 'v':
			log_set_level(LOG_VERBOSE);
			break;
		case 'h':
			undo_usage(stdout);
			return 0;
		default:
			undo_usage(stderr);
			return EXIT_USAGE_;
		}
	}
	if (run < 0 || optind < argc) {
		fprintf(stderr, "ledgerlift undo: %s\n",
			run < 0 ? "--run N is required" : "unexpected arguments");
		undo_usage(stderr);
		return EXIT_USAGE_;
	}
	/* never create a state file just to find it empty */
	if (stat(state_path, &sbuf) != 0) {
		log_error("no state file at %s (give --state PATH)", state_path);
		return EXIT_ERROR_;
	}
	if (state_open(&st, state_path, &err) || undo_count(st, run, &uc, &err))
		goto fail;
	snprintf(inputs, sizeof(inputs), "[\"--run\",\"%ld\"]", run);
	if (state_run_start(st, "undo", NULL, inputs, &err))
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
	if (xero_connect(x, &err))
		goto fail_run;
	rc = undo_run(st, x, run, &res, &err);
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
	if (state_run_finish(st, code == EXIT_BUDGET_ ? "paused" :
				 code == EXIT_INTERRUPTED_ ? "interrupted" : "done",
			     code, &err))
		goto fail;
	goto out;
fail_run:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	code = err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_; /* cmd_run.c */
	state_run_finish(st, "failed", code, NULL);
	goto out;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	code = EXIT_ERROR_;
out:
	undo_result_free(&res);
	xero_free(x);
	ratelimit_free(rl);
	sandbox_stop(sb);
	state_close(st);
	return code;
}
