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
#include "plan/ingest.h"
#include "plan/ledger.h"
#include "plan/normalize.h"
#include "util/date.h"
#include "util/money.h"

struct scan_ctx {
	long problems;
	struct ledger led;  /* the file's completeness ledger */
	int oom;
};

static int scan_deposit(void *ctx, struct deposit *d)
{
	struct scan_ctx *c = ctx;
	char note[600], total[48];
	int tied = normalize_deposit(d, note, sizeof(note));

	if (!tied)
		c->problems++;
	if (ledger_add(&c->led, d->currency, tied ? FATE_IMPORTED : FATE_LEFT,
		       tied ? NULL : "untied", d->rows, d->events_sum))
		c->oom = 1;
	printf("    %s %s %s  %s %s  %s to %s, deposit %s  %zu amounts  %s\n",
	       platform_title(d->platform), deposit_noun(d), d->id, money_format(total, sizeof(total), d->total, d->exponent),
	       d->currency, d->start_date, d->end_date, d->deposit_date, d->nev,
	       tied ? "ties" : "DOES NOT TIE");
	return 0;
}

static int scan_reject(void *ctx, const char *path, long line, const char *sev,
		       const char *code, const char *msg)
{
	struct scan_ctx *c = ctx;

	(void)code;
	c->problems++;
	printf("    %s:%ld: %s: %s\n", path, line, sev, msg);
	return 0;
}

static int scan_fate(void *ctx, const char *currency, enum parse_fate fate,
		     const char *reason, long rows, int64_t amount)
{
	struct scan_ctx *c = ctx;

	if (ledger_add(&c->led, currency, fate, reason, rows, amount))
		c->oom = 1;
	return 0;
}

static const struct cli_cmd scan_cmd = {
	"scan", "INPUT...",
	"List what each file is: format, rows, settlements/payouts (period,\n"
	"currency, total, whether its rows tie), date range. Reads only;\n"
	"the state file is not touched. Exit 3 if anything is wrong.",
	NULL,
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
	struct scan_ctx sc = { 0 };
	struct parse_sink sink = { &sc, scan_deposit, scan_reject, NULL, scan_fate };
	size_t i;
	int first, code;

	if ((code = cli_opt_parse(&scan_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	if (ingest_collect(&files, argv + first, argc - first, &err)) {
		fprintf(stderr, "ledgerlift: %s: %s\n", err.file, err.msg);
		file_list_free(&files);
		return EXIT_ERROR_;
	}
	for (i = 0; i < files.n; i++) {
		struct source src;
		struct parse_stats ps;
		struct ll_err ferr = LL_ERR_INIT;

		memset(&ps, 0, sizeof(ps));
		if (ingest_open(&src, files.paths[i], &ferr)) {
			printf("%s  error: %s\n", files.paths[i], ferr.msg);
			sc.problems++;
			ingest_close(&src);
			continue;
		}
		if (!src.fmt || !src.fmt->parse) {
			printf("%s  %s  skipped: %s\n", files.paths[i], src.kind, src.reason);
			sc.problems++;
			ingest_close(&src);
			continue;
		}
		printf("%s  %s%s\n", files.paths[i], src.kind, src.gzip ? " (gzip)" : "");
		ledger_reset(&sc.led);
		if (src.fmt->parse(&src.lines, files.paths[i], src.header, src.header_len,
				   &sink, &ps, &ferr)) {
			printf("    error: %s\n", ferr.msg);
			sc.problems++;
			if (ledger_rows(&sc.led) < ps.rows)
				ledger_add(&sc.led, "", FATE_LEFT, "file-error",
					   ps.rows - ledger_rows(&sc.led), 0);
		}
		if (ps.first_days) {
			char fd[11], ld[11];

			date_days_ymd(ps.first_days, fd);
			date_days_ymd(ps.last_days, ld);
			printf("    %ld rows, posted %s to %s\n", ps.rows, fd, ld);
		} else {
			printf("    %ld rows\n", ps.rows);
		}
		{
			char line[2000];

			printf("    completeness: %s\n",
			       ledger_format(&sc.led, line, sizeof(line)));
			if (ledger_rows(&sc.led) != ps.rows) {
				printf("    error: the completeness ledger counts %ld row(s), "
				       "the file has %ld\n", ledger_rows(&sc.led), ps.rows);
				sc.problems++;
			}
		}
		ingest_close(&src);
	}
	file_list_free(&files);
	ledger_free(&sc.led);
	if (sc.oom) {
		fprintf(stderr, "ledgerlift: out of memory\n");
		return EXIT_ERROR_;
	}
	return sc.problems ? EXIT_REJECTS_ : EXIT_OK_;
}
