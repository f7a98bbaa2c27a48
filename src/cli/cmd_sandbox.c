/*
 * cmd_sandbox.c - `ledgerlift sandbox`: run the local Xero stand-in.
 *
 * Parses the options (its rows of cli/opt.h) into a struct sandbox_opts,
 * starts the server,
 * prints "listening on http://127.0.0.1:PORT" (flushed, so a script can
 * wait for it) and serves until SIGINT or SIGTERM, which it receives with
 * sigwait() after blocking both signals before any server thread exists.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "sandbox/sandbox.h"

static const struct cli_cmd sandbox_cmd = {
	"sandbox", "[options]",
	"Serve a local stand-in for Xero's API on 127.0.0.1 (see docs/sandbox.md).",
	NULL,
	0
};

/* --time-scale X: a number above 0 (value: a double) */
static int opt_time_scale(const char *cmd, void *value, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v > 0.0)) {
		fprintf(stderr, "ledgerlift %s: --time-scale takes a number above 0\n", cmd);
		return -1;
	}
	*(double *)value = v;
	return 0;
}

int cmd_sandbox(int argc, char **argv)
{
	struct sandbox_opts o = SANDBOX_OPTS_INIT;
	int seed = (int)o.seed, first, code;
	const struct cli_opt opts[] = {
		CLI_INT("port", o.port, "N", 0, 65535, "TCP port (default 0 = any free port)"),
		CLI_STRING("data", o.data_dir, "DIR",
			   "folder for sandbox.db (default ./" LL_DEFAULT_SANDBOX_DIR
			   ", the organisation 'run --sandbox' posts to)"),
		CLI_STRING("country", o.country, "CC",
			   "GB, US, AU, NZ, CA, IE or ZA when creating the org (default GB)"),
		CLI_STRING("base-currency", o.base_currency, "C",
			   "base currency when creating the org (default: the country's)"),
		CLI_STRING("org-name", o.org_name, "NAME",
			   "organisation name when creating the org"),
		CLI_STRING("lock-date", o.lock_date, "DATE",
			   "set the period lock date, YYYY-MM-DD"),
		CLI_INT("per-minute", o.per_minute, "N", 1, INT_MAX,
			"calls per minute per tenant (default 60)"),
		CLI_INT("per-day", o.per_day, "N", 1, INT_MAX,
			"calls per day per tenant (default 5000)"),
		CLI_INT("concurrent", o.concurrent, "N", 1, 10000,
			"calls in flight per tenant (default 5)"),
		CLI_FN("time-scale", &o.time_scale, "X", opt_time_scale,
		       "speed up time: 60 makes a minute last a second (default 1)"),
		CLI_INT("token-lifetime", o.token_lifetime_s, "S", 1, INT_MAX,
			"access token lifetime in scaled seconds (default 1800)"),
		CLI_STRING("faults", o.faults, "SPEC",
			   "inject faults, e.g. \"500:0.05,reset:0.02,seed=7\""),
		CLI_INT("seed", seed, "N", 0, INT_MAX, "seed for random faults (default 1)"),
		CLI_STRING("client-id", o.client_id, "ID",
			   "OAuth client id (default sandbox-client)"),
		CLI_STRING("client-secret", o.client_secret, "S",
			   "OAuth client secret (default sandbox-secret)"),
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct ll_err err = LL_ERR_INIT;
	struct sandbox *sb = NULL;
	sigset_t set;
	int sig = 0;

	o.data_dir = LL_DEFAULT_SANDBOX_DIR;
	if ((code = cli_opt_parse(&sandbox_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	o.seed = (unsigned)seed;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (sandbox_start(&sb, &o, &err)) {
		fprintf(stderr, "ledgerlift sandbox: %s\n", err.msg);
		return err.code == LL_EUSAGE ? EXIT_USAGE_ : EXIT_ERROR_;
	}
	printf("listening on http://127.0.0.1:%d\n", sandbox_port(sb));
	printf("tenant %s\n", sandbox_tenant_id(sb));
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	sandbox_stop(sb);
	return EXIT_OK_;
}
