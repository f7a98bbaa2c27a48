/*
 * connect.h - how a command that talks to Xero connects: the embedded
 * sandbox (--sandbox) or the settings in the environment and the stored
 * refresh token; the limiter's windows scaled for a time-scaled sandbox;
 * and the logger that writes each HTTP call to the state's calls table.
 * Shared by `run` and `undo`.
 */
#ifndef LL_CONNECT_H
#define LL_CONNECT_H

#include <stdint.h>

#include "xero/ratelimit.h"
#include "xero/xero.h"
#include "sandbox/sandbox.h"
#include "util/err.h"

/* What the options of `run` and `undo` set (their rows: cli/stages.h). */
struct connect_opts {
	int sandbox;              /* start the embedded sandbox */
	const char *sandbox_dir;  /* its data folder (created if missing) */
	const char *token_file;   /* --token-file, NULL = the default */
	int per_day;              /* the sandbox's day limit */
};

/* Divide the windows of o by LEDGERLIFT_TIME_SCALE when it is a number
 * above 1 (a time-scaled sandbox); o is left alone otherwise. */
void connect_scale_limits(struct ratelimit_opts *o);

/*
 * Fill *conf for the client. With o->sandbox, start the embedded sandbox
 * into *sb (the caller stops it with sandbox_stop(), which accepts NULL)
 * and point conf at it; otherwise read the environment (xero_conf_from_env)
 * and the stored refresh token (tokenfile_pick) and leave *sb NULL.
 * 0, or a negative code with err filled.
 */
int connect_conf(struct xero_conf *conf, struct sandbox **sb,
		 const struct connect_opts *o, struct ll_err *err);

/* A xero_log_fn: one row in the calls table per HTTP attempt, for the
 * current run of ctx (a struct state *). Failures are ignored. */
void connect_log_call(void *ctx, const char *method, const char *path, long status,
		      int attempt, int64_t elapsed_ms, const char *problem);

#endif
