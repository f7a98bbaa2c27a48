/*
 * cmd_plan.c - `ledgerlift plan INPUT...`: read exports, plan the Xero
 * documents and batches, record them in the state file, optionally write
 * the audit workbook and print the documents as JSON lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/progress.h"
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

static const struct cli_cmd plan_cmd = {
	"plan", "[options] INPUT...",
	"Read exports (files or folders, plain or .gz), plan the Xero documents\n"
	"and the batches that would be sent, and record them in the state file.",
	"Exit codes: 0 all planned; 3 planned, with rejected rows, skipped files or\n"
	"warnings (see the report); 4 nothing to read: every file was skipped (none\n"
	"is an export ledgerlift reads) or there was none; 1 error; 2 usage (also an\n"
	"unknown --country).",
	1
};

/* "rows": ["file:1-4", "file:7"] from "file:1-4,7", as the next value */
static void rows_json(struct jsonw *w, const char *rows)
{
	const char *colon = rows ? strrchr(rows, ':') : NULL;
	struct buf item = BUF_INIT(8192);
	const char *p;
	size_t plen;

	jsonw_array(w);
	if (colon) {
		plen = (size_t)(colon - rows);
		for (p = colon + 1; *p;) {
			const char *e = strchr(p, ',');
			size_t n = e ? (size_t)(e - p) : strlen(p);

			buf_reset(&item);
			buf_add(&item, rows, plen);
			buf_addc(&item, ':');
			buf_add(&item, p, n);
			jsonw_string(w, buf_cstr(&item));
			p += n;
			if (*p == ',')
				p++;
		}
	}
	buf_free(&item);
	jsonw_end(w);
}

/* One planned document as a JSON line on standard output. */
static int print_doc(void *ctx, const struct store_planned_doc *d)
{
	struct buf *b = ctx;
	int exp = currency_exponent(d->currency);
	struct jsonw w;

	buf_reset(b);
	jsonw_init(&w, b);
	jsonw_object(&w);
	jsonw_field_string(&w, "kind", d->kind);
	jsonw_field_string(&w, "number", d->number);
	jsonw_name(&w, "document");
	jsonw_raw(&w, d->body);
	jsonw_name(&w, "total");
	jsonw_amount_string(&w, d->total_minor, exp);
	jsonw_name(&w, "signed_total");
	jsonw_amount_string(&w, d->signed_minor, exp);
	jsonw_field_string(&w, "currency", d->currency);
	jsonw_field_int(&w, "batch", d->batch_seq);
	jsonw_field_string(&w, "natural_key", d->natural_key);
	jsonw_name(&w, "source");
	jsonw_object(&w);
	jsonw_field_string(&w, "platform", d->platform);
	jsonw_field_string(&w, "deposit_id", d->deposit_id);
	if (d->order_id)
		jsonw_field_string(&w, "order_id", d->order_id);
	jsonw_name(&w, "rows");
	rows_json(&w, d->source_rows);
	jsonw_end(&w);
	jsonw_end(&w);
	if (jsonw_finish(&w) || buf_addc(b, '\n'))
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
	struct stage_args a = STAGE_ARGS_INIT("plan");
	int json = 0, first, code, rc;
	const struct cli_opt opts[] = {
		CLI_OPT_STATE(a.state_path),
		STAGE_OPT_REPORT(a),
		STAGE_OPT_MAPPINGS(a),
		STAGE_OPT_MODE(a),
		CLI_STRING("country", a.country, "CC",
			   "the Xero organisation's country (GB, US, AU, NZ) for {class} tax"
			   " types (default: settings.json)"),
		CLI_FN("timezone", &a.timezone, "ZONE", stages_opt_timezone,
		       "date documents on the organisation's days: an IANA name"
		       " (Europe/London), an offset (+01:00) or none (default: settings.json"
		       " \"timezone\"; dates as written)"),
		CLI_SWITCH("json", json, "print one JSON object per planned document on stdout"),
		STAGE_OPT_FROM(a),
		STAGE_OPT_TO(a),
		STAGE_OPT_FORCE(a),
		STAGE_OPT_JOBS(a),
		CLI_OPT_WAIT(a.wait),
		CLI_OPT_QUIET(NULL),
		CLI_OPT_VERBOSE,
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct pipeline_result res;
	struct progress prog;
	struct mappings *m = NULL;
	struct state *st = NULL;
	struct ll_err err = LL_ERR_INIT;
	char msg[1200];

	if ((code = cli_opt_parse(&plan_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	a.po.inputs = argv + first;
	a.po.ninputs = argc - first;
	/* a missing input creates nothing */
	if (stages_check_inputs(&a, &err))
		goto fail;
	intr_install();
	progress_start(&prog, 0, 0);
	a.po.progress = progress_pipeline;
	a.po.progress_ctx = &prog;
	code = stages_plan(&a, &st, &m, &res, &err);
	progress_end(&prog);
	if (code) {
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
	stages_print_plan(st, &res);
	if ((rc = stages_finish(st, &a, "done", code, &err))) {
		if (rc != LL_ETRANSIENT)
			goto fail;
		code = stages_interrupted(argc, argv); /* in the workbook */
	}
	state_close(st);
	mappings_free(m);
	return code;
fail:
	ll_err_format(&err, msg, sizeof(msg));
	log_error("%s", msg);
	state_close(st);
	mappings_free(m);
	return err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_;
}
