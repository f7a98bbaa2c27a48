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

struct connect_opts {
	int sandbox;              /* start the embedded sandbox */
	const char *sandbox_dir;  /* its data folder (created if missing) */
	const char *token_file;   /* --token-file, NULL = the default */
	int per_day;              /* the sandbox's day limit */
};

/*
 * The connection options `run` and `undo` share, as getopt_long returns
 * them: 'S' --sandbox, 'D' --sandbox-dir DIR, 'T' --token-file F,
 * 'c' --max-calls N, 'd' --per-day N. 1 when c was one of them (taken into
 * co or rlo), 0 when it was not, -1 after a usage message naming cmd.
 */
int connect_option(const char *cmd, int c, const char *arg, struct connect_opts *co,
		   struct ratelimit_opts *rlo);

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
