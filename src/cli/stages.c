/*
 * stages.c - the planning steps shared by `plan` and `run` (stages.h).
 */
#include "cli/stages.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "cli/paths.h"
#include "plan/ledger.h"
#include "report/report.h"
#include "store/completeness.h"
#include "store/read.h"
#include "store/runs.h"
#include "xero/connect.h"
#include "util/date.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/tz.h"

static int is_org_zone(const char *spec)
{
	return !strcmp(spec, "organisation") || !strcmp(spec, "organization");
}

int stages_check_zone(const char *command, const char *spec)
{
	struct ll_err err = LL_ERR_INIT;
	struct tz *z = NULL;

	if (is_org_zone(spec) || !strcmp(spec, "none"))
		return 0;
	if (tz_open(&z, spec, &err)) {
		fprintf(stderr, "ledgerlift %s: --timezone: %s\n", command, err.msg);
		return -1;
	}
	tz_free(z);
	return 0;
}

/* The zone to date events in (*out NULL: as written). 0 or LL_ERROR. */
static int open_zone(const struct stage_args *a, const struct mappings *m,
		     struct tz **out, struct ll_err *err)
{
	const char *spec = a->timezone ? a->timezone : m->timezone;

	*out = NULL;
	if (!spec || !*spec || !strcmp(spec, "none"))
		return 0;
	if (is_org_zone(spec)) {
		if (!strcmp(a->command, "plan")) {
			log_info("time zone: the organisation's is known only to 'run'; plan"
				 " dates as written (give --timezone to plan in its zone)");
			return 0;
		}
		if (!a->org_timezone)
			return ll_err_set(err, LL_ERROR, NULL, 0,
					  "the organisation's time zone is not one ledgerlift"
					  " knows; set \"timezone\" in settings.json (or"
					  " --timezone) to its name, e.g. Europe/London");
		spec = a->org_timezone;
	}
	if (tz_open(out, spec, err)) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return ll_err_set(err, LL_ERROR, NULL, 0, "%s%s",
				  a->timezone ? "--timezone: " : "settings.json \"timezone\": ",
				  msg);
	}
	log_debug("time zone: %s", tz_name(*out));
	return 0;
}

int stages_opt_mode(const char *cmd, void *value, const char *arg)
{
	enum post_mode mode;

	if (mapping_parse_mode(arg, &mode)) {
		fprintf(stderr, "ledgerlift %s: --mode is settlement or order, not '%s'\n", cmd,
			arg);
		return -1;
	}
	*(int *)value = (int)mode;
	return 0;
}

int stages_opt_timezone(const char *cmd, void *value, const char *arg)
{
	if (stages_check_zone(cmd, arg))
		return -1;
	*(const char **)value = arg;
	return 0;
}

int stages_opt_sandbox_dir(const char *cmd, void *value, const char *arg)
{
	struct connect_opts *co = value;

	(void)cmd;
	co->sandbox = 1;
	co->sandbox_dir = arg;
	return 0;
}

int stages_opt_date(const char *cmd, void *value, const char *arg)
{
	int64_t days;

	if (strlen(arg) != 10 || date_parse_ymd(&days, arg)) {
		fprintf(stderr, "ledgerlift %s: a date is YYYY-MM-DD, not '%s'\n", cmd, arg);
		return -1;
	}
	*(const char **)value = arg;
	return 0;
}

int stages_check_inputs(const struct stage_args *a, struct ll_err *err)
{
	struct stat sb;
	int64_t from, to;
	int i;

	/* a period with no day in it (checked before anything is created) */
	if (a->po.from && a->po.to && !date_parse_ymd(&from, a->po.from) &&
	    !date_parse_ymd(&to, a->po.to) && from > to)
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "--from %s is after --to %s: no day"
				  " is in that period", a->po.from, a->po.to);
	for (i = 0; i < a->po.ninputs; i++)
		if (stat(a->po.inputs[i], &sb) != 0)
			return ll_err_set(err, LL_ENOTFOUND, a->po.inputs[i], 0,
					  "cannot read: %s (nothing was done: no state file,"
					  " no sandbox)", strerror(errno));
	return 0;
}

/* The countries the mappings have tax types for, "GB, US, AU, NZ", into out. */
static void known_countries(const struct mappings *m, char *out, size_t outlen)
{
	size_t i, k, n = 0;

	out[0] = '\0';
	for (i = 0; i < m->nclasses; i++) {
		for (k = 0; k < i && strcmp(m->classes[k].country, m->classes[i].country); k++)
			;
		if (k < i)
			continue; /* listed already */
		snprintf(out + n, outlen - n, "%s%s", n ? ", " : "", m->classes[i].country);
		n = strlen(out);
	}
}

int stages_check_country(const struct mappings *m, const char *country, int given,
			 struct ll_err *err)
{
	char list[256];
	size_t i;

	for (i = 0; i < m->nclasses; i++)
		if (!strcmp(m->classes[i].country, country))
			return 0;
	known_countries(m, list, sizeof(list));
	return ll_err_set(err, given ? LL_EUSAGE : LL_ERROR, NULL, 0,
			  "%s%s is not a country ledgerlift has tax types for: it knows"
			  " %s (settings.json \"tax_classes\" can add one)",
			  given ? "--country " : "the organisation's country ", country, list);
}

int stages_open(const struct stage_args *a, struct state **st, struct ll_err *err)
{
	return state_open_held(st, a->state_path, a->command, a->wait, err);
}

int stages_plan(const struct stage_args *a, struct state **st, struct mappings **m,
		struct pipeline_result *res, struct ll_err *err)
{
	struct pipeline_opts po = a->po;
	char dir[4096];
	int mode, rc;

	*m = NULL;
	if (!a->map_dir && paths_mappings_dir(dir, sizeof(dir), err))
		return LL_ERROR;
	if (mappings_load(m, a->map_dir ? a->map_dir : dir, err))
		return LL_ERROR;
	if (a->country && stages_check_country(*m, a->country, !strcmp(a->command, "plan"),
					       err))
		return err->code;
	if (a->country && mappings_set_country(*m, a->country, err))
		return LL_ERROR;
	if (open_zone(a, *m, &po.tz, err))
		return LL_ERROR;
	if (!*st && (rc = stages_open(a, st, err))) {
		tz_free(po.tz);
		return rc;
	}
	mode = a->po.mode >= 0 ? a->po.mode : (int)mappings_run_mode(*m);
	if (store_run_start(*st, a->command, mode == MODE_ORDER ? "order" : "settlement",
			    NULL, err))
		goto fail;
	rc = pipeline_plan(*st, *m, &po, res, err);
	tz_free(po.tz);
	if (rc) {
		if (intr_requested()) {
			store_run_finish(*st, "interrupted", EXIT_INTERRUPTED_, NULL);
			return LL_ETRANSIENT;
		}
		store_run_finish(*st, "failed", EXIT_ERROR_, NULL);
		return LL_ERROR;
	}
	if (intr_requested()) {
		/* stopped inside the last file's parse: the file is recorded as
		 * not read (read again next time); the command stops here */
		store_run_finish(*st, "interrupted", EXIT_INTERRUPTED_, NULL);
		return LL_ETRANSIENT;
	}
	return 0;
fail:
	tz_free(po.tz);
	return LL_ERROR;
}

int stages_parse_count(const char *s, long *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

void stages_print_resume(int argc, char **argv)
{
	int i;

	fprintf(stderr, "to resume: ledgerlift");
	for (i = 0; i < argc; i++)
		fprintf(stderr, " %s", argv[i]);
	fputc('\n', stderr);
}

int stages_interrupted(int argc, char **argv)
{
	log_info("interrupted; everything done so far is recorded");
	stages_print_resume(argc, argv);
	return EXIT_INTERRUPTED_;
}

/* the entries of one file at a time, then its line */
struct file_lines {
	struct ledger led;
	char path[4096];
	int open, oom;
};

static void file_line(struct file_lines *w)
{
	char line[2400];

	if (!w->open)
		return;
	log_info("  %s: %s", w->path, ledger_format(&w->led, line, sizeof(line)));
	ledger_reset(&w->led);
	w->open = 0;
}

static int file_entry(void *ctx, const struct store_completeness *c)
{
	struct file_lines *w = ctx;
	enum parse_fate f = !strcmp(c->fate, "held") ? FATE_HELD
			    : !strcmp(c->fate, "left") ? FATE_LEFT : FATE_IMPORTED;

	if (w->open && strcmp(w->path, c->path))
		file_line(w);
	if (!w->open) {
		snprintf(w->path, sizeof(w->path), "%s", c->path);
		w->open = 1;
	}
	if (ledger_add(&w->led, c->currency, f, c->reason, (long)c->rows, c->amount_minor))
		w->oom = 1;
	return 0;
}

void stages_print_plan(struct state *st, const struct pipeline_result *res)
{
	struct store_plan_counts pc;
	struct ll_err err = LL_ERR_INIT;
	struct file_lines w;

	if (res->not_shown)
		log_info("and %ld more: see the report", res->not_shown);
	memset(&w, 0, sizeof(w));
	log_info("every row of every file (rows; imported; held back; left out, by reason):");
	store_read_completeness(st, STORE_COMPLETENESS_RUN, state_run_id(st), file_entry, &w,
				NULL);
	file_line(&w);
	ledger_free(&w.led);
	if (res->outside)
		log_info("period: %ld deposit%s dated outside --from/--to left out",
			 res->outside, res->outside == 1 ? "" : "s");

	log_info("files: %ld (%ld read, %ld unchanged, %ld skipped, %ld unreadable); "
		 "rows: %ld (%ld with problems)",
		 res->files, res->parsed, res->unchanged, res->skipped, res->errors,
		 res->rows, res->bad_rows);
	/* the state's figures, where the workbook's Summary reads them: the
	 * two always agree (not this run's alone: a re-run that reads nothing
	 * new still has its 216 settlements tied) */
	if (store_read_plan_counts(st, &pc, &err) == 0)
		log_info("settlements: %lld tied, %lld not tied, %lld duplicate, %lld"
			 " conflicting; held back %lld row%s%s%s%s, left out %lld row%s%s%s%s;"
			 " documents planned: %ld new; batches: %ld", (long long)pc.tied,
			 (long long)pc.untied, (long long)pc.duplicate, (long long)pc.conflict,
			 (long long)pc.held_back, pc.held_back == 1 ? "" : "s",
			 pc.held_money[0] ? " (" : "", pc.held_money, pc.held_money[0] ? ")" : "",
			 (long long)pc.left_out, pc.left_out == 1 ? "" : "s",
			 pc.left_money[0] ? " (" : "", pc.left_money, pc.left_money[0] ? ")" : "",
			 res->documents, res->batches);
	else
		log_error("%s", err.msg);
	log_info("rejects: %ld errors, %ld warnings", res->reject_errors,
		 res->reject_warnings);
	if (res->zone[0])
		log_info("time zone %s: %ld time%s read %s on another day there than"
			 " written; documents are dated on that day, payouts keep their"
			 " own date", res->zone, res->redated, res->redated == 1 ? "" : "s",
			 res->redated == 1 ? "falls" : "fall");
	if (res->would_change)
		log_info("would change %ld posted document%s: the inputs or mappings now give"
			 " other versions; they stay as posted (see the would-change warnings;"
			 " 'run --repost-changed' replaces them)", res->would_change,
			 res->would_change == 1 ? "" : "s");
	if (res->superseded)
		log_info("replacing %ld posted document%s with new versions: the old ones"
			 " are taken back from Xero first", res->superseded,
			 res->superseded == 1 ? "" : "s");
}

int stages_plan_code(const struct pipeline_result *res)
{
	if (res->skipped == res->files)
		return EXIT_NOTHING_; /* every file skipped, or none at all */
	return (res->reject_errors || res->reject_warnings || res->skipped || res->errors)
		       ? EXIT_REJECTS_ : EXIT_OK_;
}

int stages_finish(struct state *st, const struct stage_args *a, const char *status,
		  int code, struct ll_err *err)
{
	struct report_opts ro = REPORT_OPTS_INIT;
	int rc;

	if (store_run_finish(st, status, code, err))
		return LL_ERROR;
	if (!a->report_path)
		return 0;
	if (code == EXIT_INTERRUPTED_) {
		/* stopping: a long workbook would take seconds; the resumed
		 * command writes it */
		log_info("audit workbook: not written (interrupted); the resumed command"
			 " writes it");
		return 0;
	}
	ro.run_id = state_run_id(st);
	rc = report_write(st, a->report_path, &ro, err);
	if (rc == LL_ETRANSIENT && intr_requested()) {
		/* stopped while writing it: everything else is recorded */
		log_info("audit workbook: not written (interrupted); the resumed command"
			 " writes it");
		if (store_run_finish(st, "interrupted", EXIT_INTERRUPTED_, err))
			return LL_ERROR;
		return LL_ETRANSIENT;
	}
	if (rc)
		return LL_ERROR;
	log_info("audit workbook: %s", a->report_path);
	return 0;
}
