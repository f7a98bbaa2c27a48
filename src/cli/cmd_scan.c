/*
 * cmd_scan.c - `ledgerlift scan INPUT...`: say what each file is (format,
 * rows, settlements or payouts with currency, total and tie status, date
 * range)
 * without planning and without touching the state file.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "plan/ingest.h"
#include "plan/normalize.h"
#include "util/date.h"
#include "util/log.h"
#include "util/money.h"
#include "util/text.h"

/* file names and cells reach the terminal escaped (text_escape_term) */
#define TERM(buf, s) text_term((buf), sizeof(buf), (s))

struct scan_ctx {
	long problems;
	long rows;        /* read so far, for the progress line */
	long files_read;  /* files that are exports (not skipped) */
};

static int scan_deposit(void *ctx, struct deposit *d)
{
	struct scan_ctx *c = ctx;
	char note[600], total[48], id[400], cur[40];
	int tied = normalize_deposit(d, note, sizeof(note));

	if (!tied)
		c->problems++;
	log_status_clear();
	printf("    %s %s %s  %s %s  %s to %s, deposit %s  %zu amounts  %s\n",
	       platform_title(d->platform), deposit_noun(d), TERM(id, d->id),
	       money_format(total, sizeof(total), d->total, d->exponent),
	       TERM(cur, d->currency), d->start_date, d->end_date, d->deposit_date, d->nev,
	       tied ? "ties" : "DOES NOT TIE");
	return 0;
}

static int scan_reject(void *ctx, const char *path, long line, const char *sev,
		       const char *code, const char *msg)
{
	struct scan_ctx *c = ctx;
	char p[4200], m[2400];

	(void)code;
	c->problems++;
	log_status_clear();
	printf("    %s:%ld: %s: %s\n", TERM(p, path), line, sev, TERM(m, msg));
	return 0;
}

static const struct cli_cmd scan_cmd = {
	"scan", "INPUT...",
	"List what each file is: format, rows, settlements/payouts (period,\n"
	"currency, total, whether its rows tie), date range. Reads only;\n"
	"the state file is not touched.",
	"Exit codes: 0 every file read and tied; 3 something is wrong (listed);\n"
	"4 nothing to read: every file was skipped (none is an export ledgerlift\n"
	"reads) or there was none; 1 error; 2 usage.",
	1
};

int cmd_scan(int argc, char **argv)
{
	const struct cli_opt opts[] = {
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct file_list files;
	struct ll_err err = LL_ERR_INIT;
	struct scan_ctx sc = { 0, 0, 0 };
	struct progress prog;
	/* PayPal as the default settings read it: days of the account */
	static const struct parse_wallet account = { 1, { { "", "" } }, 0 };
	struct parse_sink sink = { &sc, scan_deposit, scan_reject, NULL, &account };
	size_t i;
	int first, code;

	if ((code = cli_opt_parse(&scan_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	if (ingest_collect(&files, argv + first, argc - first, &err)) {
		char name[4200], why[2400];

		fprintf(stderr, "ledgerlift: %s: %s\n", TERM(name, err.file), TERM(why, err.msg));
		file_list_free(&files);
		return EXIT_ERROR_;
	}
	progress_start(&prog, 0, files.n);
	for (i = 0; i < files.n; i++) {
		struct source src;
		struct parse_stats ps;
		struct ll_err ferr = LL_ERR_INIT;
		char name[4200], why[2400];

		memset(&ps, 0, sizeof(ps));
		if (ingest_open(&src, files.paths[i], &ferr)) {
			log_status_clear();
			printf("%s  error: %s\n", TERM(name, files.paths[i]), TERM(why, ferr.msg));
			sc.problems++;
			sc.files_read++;
			ingest_close(&src);
			progress_files(&prog, i + 1, sc.rows);
			continue;
		}
		if (!src.fmt || !src.fmt->parse) {
			log_status_clear();
			printf("%s  %s  skipped: %s\n", TERM(name, files.paths[i]), src.kind,
			       TERM(why, src.reason));
			sc.problems++;
			ingest_close(&src);
			progress_files(&prog, i + 1, sc.rows);
			continue;
		}
		sc.files_read++;
		log_status_clear();
		printf("%s  %s%s\n", TERM(name, files.paths[i]), src.kind,
		       src.gzip ? " (gzip)" : "");
		if (src.fmt->parse(&src.lines, files.paths[i], src.header, src.header_len,
				   &sink, &ps, &ferr)) {
			log_status_clear();
			printf("    error: %s\n", TERM(why, ferr.msg));
			sc.problems++;
		}
		log_status_clear();
		if (ps.first_days) {
			char fd[11], ld[11];

			date_days_ymd(ps.first_days, fd);
			date_days_ymd(ps.last_days, ld);
			printf("    %ld rows, posted %s to %s\n", ps.rows, fd, ld);
		} else {
			printf("    %ld rows\n", ps.rows);
		}
		fflush(stdout);
		sc.rows += ps.rows;
		ingest_close(&src);
		progress_files(&prog, i + 1, sc.rows);
	}
	progress_end(&prog);
	file_list_free(&files);
	if (sc.files_read == 0)
		return EXIT_NOTHING_; /* every file skipped, or none at all */
	return sc.problems ? EXIT_REJECTS_ : EXIT_OK_;
}
