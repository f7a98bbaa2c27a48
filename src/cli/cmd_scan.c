/*
 * cmd_scan.c - `ledgerlift scan INPUT...`: say what each file is (format,
 * rows, settlements or payouts with currency, total and tie status, date
 * range), where each of its rows goes (the completeness ledger: imported,
 * held back, left out), and the period the deposits cover with its gaps,
 * without planning and without touching the state file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "formats/platforms.h"
#include "plan/ingest.h"
#include "plan/ledger.h"
#include "plan/normalize.h"
#include "util/coverage.h"
#include "util/date.h"
#include "util/log.h"
#include "util/money.h"
#include "util/text.h"

/* file names and cells reach the terminal escaped (text_escape_term) */
#define TERM(buf, s) text_term((buf), sizeof(buf), (s))

/* a deposit seen, for the coverage at the end */
struct seen {
	char platform[16], currency[4];
	int days;               /* a day summary */
	int64_t start, end, amount;
};

struct scan_ctx {
	long problems;
	long rows;        /* read so far, for the progress line */
	long files_read;  /* files that are exports (not skipped) */
	struct ledger led;  /* the file's completeness ledger */
	struct seen *seen;  /* every tied deposit of every file */
	size_t nseen, capseen;
	int oom;
};

static void note_seen(struct scan_ctx *c, const struct deposit *d)
{
	struct seen *s;

	if (c->nseen == c->capseen) {
		size_t nc = c->capseen ? c->capseen * 2 : 64;
		struct seen *ns = realloc(c->seen, nc * sizeof(*ns));

		if (!ns) {
			c->oom = 1;
			return;
		}
		c->seen = ns;
		c->capseen = nc;
	}
	s = &c->seen[c->nseen++];
	memset(s, 0, sizeof(*s));
	snprintf(s->platform, sizeof(s->platform), "%s", d->platform);
	memcpy(s->currency, d->currency, sizeof(s->currency));
	s->days = d->day_summary;
	if (date_parse_ymd(&s->start, d->start_date[0] ? d->start_date : d->deposit_date))
		s->start = 0;
	if (date_parse_ymd(&s->end, d->end_date[0] ? d->end_date : d->deposit_date))
		s->end = s->start;
	s->amount = d->total;
}

/* 0 when a and b are of one platform, currency and kind */
static int cmp_seen_group(const struct seen *a, const struct seen *b)
{
	return strcmp(a->platform, b->platform) || strcmp(a->currency, b->currency) ||
	       a->days != b->days;
}

static int cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int k = strcmp(x->platform, y->platform);

	if (!k)
		k = strcmp(x->currency, y->currency);
	if (!k)
		k = x->days - y->days;
	if (!k)
		k = x->start < y->start ? -1 : x->start > y->start;
	if (!k)
		k = x->end < y->end ? -1 : x->end > y->end;
	return k;
}

/* The period each platform's and currency's deposits cover, and its gaps
 * (util/coverage.h), from every file scanned. */
static void print_coverage(struct scan_ctx *c)
{
	size_t i = 0, k;
	char line[COVERAGE_GAPS_TEXT + 200];

	if (!c->nseen)
		return;
	qsort(c->seen, c->nseen, sizeof(*c->seen), cmp_seen);
	printf("coverage (the period the deposits that tie cover, and the days none covers):\n");
	while (i < c->nseen) {
		struct coverage cov;
		struct deposit d;
		const char *noun;

		memset(&d, 0, sizeof(d));
		memcpy(d.platform, c->seen[i].platform, sizeof(d.platform));
		coverage_init(&cov, c->seen[i].days ? COVERAGE_NONE
				    : platform_has(d.platform, PLATFORM_PERIODS)
					    ? COVERAGE_CHAIN : COVERAGE_CADENCE);
		for (k = i; k < c->nseen && !cmp_seen_group(&c->seen[k], &c->seen[i]); k++)
			coverage_add(&cov, c->seen[k].start, c->seen[k].end, c->seen[k].amount);
		coverage_finish(&cov);
		noun = c->seen[i].days ? "day deposits" : !strcmp(deposit_noun(&d), "settlement")
							  ? "settlements" : "payouts";
		printf("  %s %s %s: %s\n", platform_title(d.platform), c->seen[i].currency, noun,
		       coverage_text(&cov, noun, line, sizeof(line)));
		coverage_free(&cov);
		i = k;
	}
}

static int scan_deposit(void *ctx, struct deposit *d)
{
	struct scan_ctx *c = ctx;
	char note[600], total[48], id[400], cur[40];
	int tied = normalize_deposit(d, note, sizeof(note));

	if (!tied && !d->leave[0])
		c->problems++;
	if (d->leave[0]) /* orders not paid, a marketplace's: not imported as they are */
		tied = ledger_add(&c->led, d->currency, FATE_LEFT, d->leave, d->rows,
				  d->events_sum) ? (c->oom = 1, 0) : 0;
	else if (ledger_add(&c->led, d->currency, tied ? FATE_IMPORTED : FATE_LEFT,
			    tied ? NULL : "untied", d->rows, d->events_sum))
		c->oom = 1;
	else if (tied)
		note_seen(c, d);
	log_status_clear();
	printf("    %s %s %s  %s %s  %s to %s, deposit %s  %zu amounts  %s%s\n",
	       platform_title(d->platform), deposit_noun(d), TERM(id, d->id),
	       money_format(total, sizeof(total), d->total, d->exponent),
	       TERM(cur, d->currency), d->start_date, d->end_date, d->deposit_date, d->nev,
	       d->leave[0] ? "left out: " : tied ? "ties" : "DOES NOT TIE", d->leave);
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
	"currency, total, whether its rows tie), date range, its rows imported,\n"
	"held back and left out by reason; then the period each platform's\n"
	"deposits cover and its gaps. Reads only; the state file is not touched.",
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
	struct scan_ctx sc;
	struct progress prog;
	/* PayPal as the default settings read it: days of the account */
	static const struct parse_wallet account = { 1, { { "", "" } }, 0 };
	struct parse_sink sink = { &sc, scan_deposit, scan_reject, NULL, &account, scan_fate };
	size_t i;
	int first, code;

	if ((code = cli_opt_parse(&scan_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	memset(&sc, 0, sizeof(sc));
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
		ledger_reset(&sc.led);
		if (src.fmt->parse(&src.lines, files.paths[i], src.header, src.header_len,
				   &sink, &ps, &ferr)) {
			log_status_clear();
			printf("    error: %s\n", TERM(why, ferr.msg));
			sc.problems++;
			if (ledger_rows(&sc.led) < ps.rows)
				ledger_add(&sc.led, "", FATE_LEFT, "file-error",
					   ps.rows - ledger_rows(&sc.led), 0);
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
		fflush(stdout);
		sc.rows += ps.rows;
		ingest_close(&src);
		progress_files(&prog, i + 1, sc.rows);
	}
	progress_end(&prog);
	file_list_free(&files);
	print_coverage(&sc);
	ledger_free(&sc.led);
	free(sc.seen);
	if (sc.oom) {
		fprintf(stderr, "ledgerlift: out of memory\n");
		return EXIT_ERROR_;
	}
	if (sc.files_read == 0)
		return EXIT_NOTHING_; /* every file skipped, or none at all */
	return sc.problems ? EXIT_REJECTS_ : EXIT_OK_;
}
