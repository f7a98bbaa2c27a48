/*
 * cmd_plan.c - `ledgerlift plan INPUT...`: read exports, plan the Xero
 * documents and batches, record them in the state file, optionally write
 * the audit workbook and print the documents as JSON lines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/stages.h"
#include "plan/mapping.h"
#include "plan/pipeline.h"
#include "store/read.h"
#include "store/state.h"
#include "util/buf.h"
#include "util/intr.h"
#include "util/jsonw.h"
#include "util/log.h"
#include "util/money.h"

static void plan_usage(FILE *f)
{
	fprintf(f,
		"usage: ledgerlift plan [options] INPUT...\n"
		"\n"
		"Read exports (files or folders, plain or .gz), plan the Xero documents\n"
		"and the batches that would be sent, and record them in the state file.\n"
		"\n"
		"  --state PATH      state file (default ./ledgerlift.db)\n"
		"  --report PATH     write the audit workbook (.xlsx) there\n"
		"  --mappings DIR    mapping tables and settings.json (default ./mappings,\n"
		"                    else the ones shipped with ledgerlift)\n"
		"  --mode MODE       settlement (one document per settlement) or order\n"
		"                    (one per order and refund, plus a summary)\n"
		"  --country CC      the Xero organisation's country (GB, US, AU, NZ) for\n"
		"                    {class} tax types (default: settings.json)\n"
		"  --timezone ZONE   date documents on the organisation's days: an IANA\n"
		"                    name (Europe/London), an offset (+01:00) or none\n"
		"                    (default: settings.json \"timezone\"; dates as written)\n"
		"  --json            print one JSON object per planned document on stdout\n"
		"  --force           read files again even when unchanged\n"
		"  --wait            wait for another command using the state file\n"
		"  -q, --quiet       no progress messages\n"
		"  -v, --verbose     more messages\n"
		"  -h, --help        this help\n"
		"\n"
		"Exit codes: 0 all planned; 3 planned, with rejected rows, skipped files or\n"
		"warnings (see the report); 1 error; 2 usage.\n");
}

/* print "rows": ["file:1-4", "file:7"] from "file:1-4,7" */
static int rows_json(struct buf *b, const char *rows)
{
	const char *colon = rows ? strrchr(rows, ':') : NULL;
	const char *p;
	int rc = buf_addc(b, '[');
	size_t plen;

	if (!colon)
		return rc ? rc : buf_addc(b, ']');
	plen = (size_t)(colon - rows);
	p = colon + 1;
	while (*p && rc == 0) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct buf item = BUF_INIT(8192);

		buf_add(&item, rows, plen);
		buf_addc(&item, ':');
		buf_add(&item, p, n);
		if (p != colon + 1)
			rc |= buf_addc(b, ',');
		rc |= jsonw_str(b, buf_cstr(&item));
		buf_free(&item);
		p += n;
		if (*p == ',')
			p++;
	}
	return rc ? rc : buf_addc(b, ']');
}

/* One planned document as a JSON line on standard output. */
static int print_doc(void *ctx, const struct store_planned_doc *d)
{
	struct buf *b = ctx;
	int exp = currency_exponent(d->currency);

	buf_reset(b);
	buf_adds(b, "{\"kind\":");
	jsonw_str(b, d->kind);
	buf_adds(b, ",\"number\":");
	jsonw_str(b, d->number);
	buf_adds(b, ",\"document\":");
	buf_adds(b, d->body);
	buf_adds(b, ",\"total\":\"");
	jsonw_money(b, d->total_minor, exp);
	buf_adds(b, "\",\"signed_total\":\"");
	jsonw_money(b, d->signed_minor, exp);
	buf_adds(b, "\",\"currency\":");
	jsonw_str(b, d->currency);
	buf_printf(b, ",\"batch\":%lld,\"natural_key\":", (long long)d->batch_seq);
	jsonw_str(b, d->natural_key);
	buf_adds(b, ",\"source\":{\"platform\":");
	jsonw_str(b, d->platform);
	buf_adds(b, ",\"deposit_id\":");
	jsonw_str(b, d->deposit_id);
	if (d->order_id) {
		buf_adds(b, ",\"order_id\":");
		jsonw_str(b, d->order_id);
	}
	buf_adds(b, ",\"rows\":");
	rows_json(b, d->source_rows);
	if (buf_adds(b, "}}\n"))
		return 1;
	fwrite(b->ptr, 1, b->len, stdout);
	return 0;
}

static int print_json(struct state *st, struct ll_err *err)
{
	struct buf b = BUF_INIT(256u * 1024 * 1024);
	int rc = store_read_planned(st, print_doc, &b, err);

	if (rc == 1)
		ll_err_set(err, LL_ERROR, NULL, 0, "a document too large to print");
	buf_free(&b);
	fflush(stdout);
	return rc ? LL_ERROR : 0;
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "report", required_argument, NULL, 'r' },
		{ "mappings", required_argument, NULL, 'm' },
		{ "mode", required_argument, NULL, 'M' },
		{ "timezone", required_argument, NULL, 'Z' },
		{ "country", required_argument, NULL, 'C' },
		{ "json", no_argument, NULL, 'j' },
		{ "force", no_argument, NULL, 'f' },
		{ "wait", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct stage_args a = STAGE_ARGS_INIT("plan");
	struct pipeline_result res;
	struct mappings *m = NULL;
	struct state *st = NULL;
	struct ll_err err = LL_ERR_INIT;
	char msg[1200];
	int c, json = 0, code;
	enum post_mode mode;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", opts, NULL)) != -1) {
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
				fprintf(stderr, "ledgerlift plan: --mode is settlement or order, "
						"not '%s'\n", optarg);
				return EXIT_USAGE_;
			}
			a.po.mode = (int)mode;
			break;
		case 'C':
			a.country = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'f':
			a.po.force = 1;
			break;
		case 'W':
			a.wait = 1;
			break;
		case 'Z':
			if (stages_check_zone("plan", optarg))
				return EXIT_USAGE_;
			a.timezone = optarg;
			break;
		case 'q':
			log_set_level(LOG_QUIET);
			break;
		case 'v':
			log_set_level(LOG_VERBOSE);
			break;
		case 'h':
			plan_usage(stdout);
			return 0;
		default:
			plan_usage(stderr);
			return EXIT_USAGE_;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ledgerlift plan: no INPUT given\n");
		plan_usage(stderr);
		return EXIT_USAGE_;
	}
	a.po.inputs = argv + optind;
	a.po.ninputs = argc - optind;
	intr_install();
	if ((code = stages_plan(&a, &st, &m, &res, &err))) {
		if (code == LL_ETRANSIENT && intr_requested()) {
			code = stages_interrupted(argc, argv);
			state_close(st);
			mappings_free(m);
			return code;
		}
		goto fail;
	}
	if (json && print_json(st, &err))
		goto fail;
	code = stages_plan_code(&res);
	stages_print_plan(&res);
	if (stages_finish(st, &a, "done", code, &err))
		goto fail;
	state_close(st);
	mappings_free(m);
	return code;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	state_close(st);
	mappings_free(m);
	return EXIT_ERROR_;
}
