/*
 * connect.c - the connection code `run` and `undo` share (connect.h):
 * the time scale from LEDGERLIFT_TIME_SCALE, starting the embedded
 * sandbox or reading the Xero settings from the environment, and the
 * calls-table logger. Nothing here sends a request; the caller creates
 * the limiter and client from what it fills in.
 */
#include "xero/connect.h"
#include "cli/stages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xero/tokenfile.h"
#include "store/calls.h"
#include "util/log.h"

/* LEDGERLIFT_TIME_SCALE as a whole number > 1, else 1 */
static long time_scale(void)
{
	const char *s = getenv("LEDGERLIFT_TIME_SCALE");
	long v = 0;

	if (!s || stages_parse_count(s, &v))
		return 1;
	return v > 1 ? v : 1;
}

void connect_scale_limits(struct ratelimit_opts *o)
{
	long v = time_scale();

	if (v > 1)
		ratelimit_opts_scale(o, v);
}

int connect_conf(struct xero_conf *conf, struct sandbox **sb,
		 const struct connect_opts *o, struct ll_err *err)
{
	struct sandbox_opts so = SANDBOX_OPTS_INIT;
	long v = time_scale();
	int rc;

	*sb = NULL;
	if (!o->sandbox) {
		if ((rc = xero_conf_from_env(conf, err)))
			return rc;
		return tokenfile_pick(conf, o->token_file, err);
	}
	mkdir(o->sandbox_dir, 0700);
	so.data_dir = o->sandbox_dir;
	so.per_day = o->per_day;
	if (v > 1)
		so.time_scale = (double)v;
	if ((rc = sandbox_start(sb, &so, err)))
		return rc;
	memset(conf, 0, sizeof(*conf));
	snprintf(conf->api_url, sizeof(conf->api_url), "http://127.0.0.1:%d/api.xro/2.0",
		 sandbox_port(*sb));
	snprintf(conf->token_url, sizeof(conf->token_url),
		 "http://127.0.0.1:%d/connect/token", sandbox_port(*sb));
	snprintf(conf->connections_url, sizeof(conf->connections_url),
		 "http://127.0.0.1:%d/connections", sandbox_port(*sb));
	snprintf(conf->client_id, sizeof(conf->client_id), "%s", so.client_id);
	snprintf(conf->client_secret, sizeof(conf->client_secret), "%s", so.client_secret);
	log_info("sandbox: a local Xero on 127.0.0.1:%d, organisation kept in %s/",
		 sandbox_port(*sb), o->sandbox_dir);
	return 0;
}

void connect_log_call(void *ctx, const char *method, const char *path, long status,
		      int attempt, int64_t elapsed_ms, const char *problem)
{
	store_call_log(ctx, method, path, status, attempt, elapsed_ms, problem);
}
