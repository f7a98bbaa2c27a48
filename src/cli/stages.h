/*
 * stages.h - what `plan` and `run` share: their common option rows,
 * loading the mappings, opening the state file, running the planning
 * stages, and closing a run with its exit code and workbook; and the
 * connection option rows `run` and `undo` share.
 */
#ifndef LL_STAGES_H
#define LL_STAGES_H

#include "cli/opt.h"
#include "plan/mapping.h"
#include "plan/pipeline.h"
#include "store/state.h"

struct stage_args {
	const char *command;      /* "plan" or "run" */
	const char *state_path;
	const char *report_path;  /* NULL = no workbook */
	const char *map_dir;      /* NULL = default */
	const char *country;      /* organisation country for tax types; NULL = settings */
	struct taxrates *rates;   /* the organisation's tax rates (run), NULL = the
				   * edition's defaults; taken by stages_plan */
	struct pipeline_opts po;
	const char *timezone;     /* --timezone; NULL = settings' "timezone" */
	const char *org_timezone; /* the organisation's zone (IANA), run only */
	int wait;                 /* --wait: wait for the state file's holder */
};

#define STAGE_ARGS_INIT(cmd) \
	{ cmd, LL_DEFAULT_STATE, NULL, NULL, NULL, NULL, PIPELINE_OPTS_INIT, NULL, NULL, 0 }

/* CLI_OPT_FN handlers. --mode: value an int (enum post_mode); --timezone:
 * value a const char * (checked with stages_check_zone); --sandbox-dir:
 * value a struct connect_opts (sandbox on, its folder). */
int stages_opt_mode(const char *cmd, void *value, const char *arg);
int stages_opt_timezone(const char *cmd, void *value, const char *arg);
int stages_opt_sandbox_dir(const char *cmd, void *value, const char *arg);
/* --from, --to: value a const char * set to a YYYY-MM-DD date (checked) */
int stages_opt_date(const char *cmd, void *value, const char *arg);

/* The option rows `plan` and `run` share, for their struct stage_args a. */
#define STAGE_OPT_REPORT(a)                                                        \
	CLI_STRING("report", (a).report_path, "PATH",                              \
		   "write the audit workbook (.xlsx) there")
#define STAGE_OPT_MAPPINGS(a)                                                      \
	CLI_STRING("mappings", (a).map_dir, "DIR",                                 \
		   "mapping tables and settings.json (default ./" LL_MAPPINGS_HERE  \
		   " when it has them, else the ones installed with ledgerlift, in"  \
		   " <prefix>/" LL_MAPPINGS_SHARE ")")
#define STAGE_OPT_MODE(a)                                                          \
	CLI_FN("mode", &(a).po.mode, "MODE", stages_opt_mode,                      \
	       "settlement (one document per settlement) or order (one per order"  \
	       " and refund, plus a summary)")
#define STAGE_OPT_FROM(a)                                                          \
	CLI_FN("from", &(a).po.from, "DATE", stages_opt_date,                      \
	       "migrate the period from DATE (YYYY-MM-DD, the Xero conversion date):" \
	       " deposits dated before it are left out (outside-period)")
#define STAGE_OPT_TO(a)                                                            \
	CLI_FN("to", &(a).po.to, "DATE", stages_opt_date,                          \
	       "migrate the period up to DATE (YYYY-MM-DD): deposits dated after it"  \
	       " are left out")
#define STAGE_OPT_FORCE(a)                                                         \
	CLI_SWITCH("force", (a).po.force, "read files again even when unchanged")
#define STAGE_OPT_JOBS(a)                                                          \
	CLI_INT("jobs", (a).po.jobs, "N", 1, 64,                                   \
		"threads: one writes the state file, N-1 parse the next files ahead"\
		" (default: LEDGERLIFT_JOBS, else the cores, at most 4; 1: one"      \
		" thread; the outcome is the same)")

/* The connection rows `run` and `undo` share (struct connect_opts co,
 * struct ratelimit_opts rlo); what --sandbox does is the command's own. */
#define STAGE_OPT_SANDBOX(co, help) CLI_SWITCH("sandbox", (co).sandbox, help)
#define STAGE_OPT_SANDBOX_DIR(co)                                                  \
	CLI_FN("sandbox-dir", &(co), "DIR", stages_opt_sandbox_dir,                \
	       "--sandbox, with the sandbox's organisation kept in DIR (default "   \
	       LL_DEFAULT_SANDBOX_DIR "/)")
#define STAGE_OPTS_XERO(co, rlo)                                                   \
	CLI_STRING("token-file", (co).token_file, "PATH",                          \
		   "the refresh token 'ledgerlift login --token-file' stored"),      \
	CLI_LONG("max-calls", (rlo).max_calls, "N", 1, 1000000000,                 \
		 "stop after N API calls today (exit 75)"),                        \
	CLI_INT("per-day", (rlo).per_day, "N", 1, 1000000000,                      \
		"the organisation's daily limit (5000; 1000 on Starter)")

/* Every input in a exists: checked before anything is created (a state
 * file, a sandbox folder). 0, or LL_ENOTFOUND naming the first missing. */
int stages_check_inputs(const struct stage_args *a, struct ll_err *err);

/* 0 when the mappings have tax types for country; else err lists the ones
 * they have: LL_EUSAGE when the user gave it (given: --country), LL_ERROR
 * when it is the organisation's. */
int stages_check_country(const struct mappings *m, const char *country, int given,
			 struct ll_err *err);

/* Open the state file held for a->command for the rest of the command's
 * life (waiting for another command with a->wait): `run` does so before
 * it talks to Xero. 0 or a negative code (err); *st the caller's. */
int stages_open(const struct stage_args *a, struct state **st, struct ll_err *err);

/* Load mappings (the folder of the organisation's country inside the one
 * given or found: mappings_country_dir; with its tax rates when a->rates),
 * open the state unless *st is already open (stages_open;
 * else *st must be NULL), start a run and plan the inputs (in the time
 * zone of --timezone, else of the settings, docs/mapping.md). *st and *m
 * are the caller's (NULL when not opened). 0, LL_ETRANSIENT when
 * interrupted (intr_requested), or another negative code (err). */
int stages_plan(const struct stage_args *a, struct state **st, struct mappings **m,
		struct pipeline_result *res, struct ll_err *err);

/* 0 if spec is a time zone tz_open knows, "organisation" or "none"; else
 * a message on standard error naming the command, and -1. */
int stages_check_zone(const char *command, const char *spec);

/* A whole number 0..100000000 from s (option values); 0, or -1. */
int stages_parse_count(const char *s, long *out);

/* Print "to resume: ledgerlift <the same arguments>" on standard error. */
void stages_print_resume(int argc, char **argv);

/* Say the command was interrupted and how to resume; returns 130. */
int stages_interrupted(int argc, char **argv);

/* Print the plan summary lines on standard error: one completeness line
 * per file the run looked at (store_read_completeness: rows, money,
 * imported, held back, left out by reason), this run's files and rows
 * (res), and the settlements as the state holds them after it
 * (store_read_plan_counts: the same figures as the workbook's Summary). */
void stages_print_plan(struct state *st, const struct pipeline_result *res);

/* Exit code from what the plan found: 4 when every input file was skipped
 * (or there was none), else 3 with rejects, skipped files or warnings,
 * else 0. */
int stages_plan_code(const struct pipeline_result *res);

/* Record the run's end and write the workbook (when asked; not when code
 * is 130: stopping, the resumed command writes it). 0; LL_ETRANSIENT when
 * a stop request came while writing it (the workbook is not written, the
 * run is recorded `interrupted`, 130: the caller says how to resume);
 * LL_ERROR. */
int stages_finish(struct state *st, const struct stage_args *a, const char *status,
		  int code, struct ll_err *err);

#endif
