/*
 * stages.h - what `plan` and `run` share: loading the mappings, opening
 * the state file, running the planning stages, and closing a run with its
 * exit code and workbook.
 */
#ifndef LL_STAGES_H
#define LL_STAGES_H

#include "plan/mapping.h"
#include "plan/pipeline.h"
#include "store/state.h"

struct stage_args {
	const char *command;      /* "plan" or "run" */
	const char *state_path;
	const char *report_path;  /* NULL = no workbook */
	const char *map_dir;      /* NULL = default */
	const char *country;      /* organisation country for tax types; NULL = settings */
	struct pipeline_opts po;
	const char *timezone;     /* --timezone; NULL = settings' "timezone" */
	const char *org_timezone; /* the organisation's zone (IANA), run only */
	int wait;                 /* --wait: wait for another command on the state */
};

#define STAGE_ARGS_INIT(cmd) \
	{ cmd, "ledgerlift.db", NULL, NULL, NULL, PIPELINE_OPTS_INIT, NULL, NULL, 0 }

/* Open the state file held for a->command for the rest of the command's
 * life (waiting for another command with a->wait): `run` does so before
 * it talks to Xero. 0 or a negative code (err); *st the caller's. */
int stages_open(const struct stage_args *a, struct state **st, struct ll_err *err);

/* Load mappings, open the state unless *st is already open (stages_open;
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

/* Print the plan summary lines on standard error. */
void stages_print_plan(const struct pipeline_result *res);

/* Exit code 0 or 3 from what the plan found. */
int stages_plan_code(const struct pipeline_result *res);

/* Record the run's end and write the workbook (when asked). 0 or LL_ERROR. */
int stages_finish(struct state *st, const struct stage_args *a, const char *status,
		  int code, struct ll_err *err);

#endif
