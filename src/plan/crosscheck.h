/*
 * crosscheck.h - the pipeline's messages on standard error, and its
 * warnings across files once every file is read (crosscheck.c).
 */
#ifndef LL_CROSSCHECK_H
#define LL_CROSSCHECK_H

#include "plan/mapping.h"
#include "plan/pipeline.h"
#include "store/state.h"

/* The messages printed on standard error as they come (the rest are in
 * the report): errors and warnings, the first PIPELINE_SHOWN of a run. */
#define PIPELINE_SHOWN 20

/* An error or warning on standard error, "file:line: [warning: ]message
 * [code]": the first PIPELINE_SHOWN of the run (all with -v), the others
 * counted in res->not_shown; notes only with -v. */
void pipeline_show(struct pipeline_result *res, const char *path, long line,
		   const char *sev, const char *code, const char *msg);

/* The run-level warnings about sales two sources count (sales-twice,
 * same-order), shown and recorded. 0 or LL_ERROR. */
int pipeline_cross_warnings(struct state *st, const struct mappings *m,
			    struct pipeline_result *res, struct ll_err *err);

#endif
