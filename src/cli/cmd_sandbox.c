/*
 * cmd_sandbox.c - `ledgerlift sandbox`: run the local Xero stand-in.
 *
 * Parses the options into a struct sandbox_opts, starts the server,
 * prints "listening on http://127.0.0.1:PORT" (flushed, so a script can
 * wait for it) and serves until SIGINT or SIGTERM, which it receives with
 * sigwait() after blocking both signals before any server thread exists.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "sandbox/sandbox.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ledgerlift sandbox [options]\n"
		"\n"
		"Serve a local stand-in for Xero's API on 127.0.0.1 (see docs/sandbox.md).\n"
		"\n"
		"  --port N            TCP port (default 0 = any free port)\n"
		"  --data DIR          folder for sandbox.db (default ./ledgerlift-sandbox)\n"
		"  --country CC        GB, US, AU, NZ, CA, IE or ZA when creating the org (default GB)\n"
		"  --base-currency C   base currency when creating the org (default: the country's)\n"
		"  --org-name NAME     organisation name when creating the org\n"
		"  --lock-date DATE    set the period lock date, YYYY-MM-DD\n"
		"  --per-minute N      calls per minute per tenant (default 60)\n"
		"  --per-day N         calls per day per tenant (default 5000)\n"
		"  --concurrent N      calls in flight per tenant (default 5)\n"
		"  --time-scale X      speed up time: 60 makes a minute last a second (default 1)\n"
		"  --token-lifetime S  access token lifetime in scaled seconds (default 1800)\n"
		"  --faults SPEC       inject faults, e.g. \"500:0.05,reset:0.02,seed=7\"\n"
		"  --seed N            seed for random faults (default 1)\n"
		"  --client-id ID      OAuth client id (default sandbox-client)\n"
		"  --client-secret S   OAuth client secret (default sandbox-secret)\n"
		"  -h, --help          show this help\n");
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_sandbox(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "data", required_argument, NULL, 'd' },
		{ "country", required_argument, NULL, 'c' },
		{ "base-currency", required_argument, NULL, 'b' },
		{ "org-name", required_argument, NULL, 'n' },
		{ "lock-date", required_argument, NULL, 'l' },
		{ "per-minute", required_argument, NULL, 'm' },
		{ "per-day", required_argument, NULL, 'D' },
		{ "concurrent", required_argument, NULL, 'C' },
		{ "time-scale", required_argument, NULL, 't' },
		{ "token-lifetime", required_argument, NULL, 'T' },
		{ "faults", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "client-id", required_argument, NULL, 'i' },
		{ "client-secret", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sandbox_opts o = SANDBOX_OPTS_INIT;
	struct ll_err err = LL_ERR_INIT;
	struct sandbox *sb = NULL;
	sigset_t set;
	char *end;
	int opt, sig = 0, seed = 0;

	o.data_dir = "ledgerlift-sandbox";
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int bad = 0;

		switch (opt) {
		case 'p': bad = parse_int(optarg, 0, 65535, &o.port); break;
		case 'd': o.data_dir = optarg; break;
		case 'c': o.country = optarg; break;
		case 'b': o.base_currency = optarg; break;
		case 'n': o.org_name = optarg; break;
		case 'l': o.lock_date = optarg; break;
		case 'm': bad = parse_int(optarg, 1, INT_MAX, &o.per_minute); break;
		case 'D': bad = parse_int(optarg, 1, INT_MAX, &o.per_day); break;
		case 'C': bad = parse_int(optarg, 1, 10000, &o.concurrent); break;
		case 'T': bad = parse_int(optarg, 1, INT_MAX, &o.token_lifetime_s); break;
		case 't':
			errno = 0;
			o.time_scale = strtod(optarg, &end);
			bad = errno || end == optarg || *end || !(o.time_scale > 0.0);
			break;
		case 'f': o.faults = optarg; break;
		case 's':
			bad = parse_int(optarg, 0, INT_MAX, &seed);
			o.seed = (unsigned)seed;
			break;
		case 'i': o.client_id = optarg; break;
		case 'S': o.client_secret = optarg; break;
		case 'h': usage(stdout); return EXIT_OK_;
		default: usage(stderr); return EXIT_USAGE_;
		}
		if (bad) {
			fprintf(stderr, "ledgerlift sandbox: bad option value '%s'\n", optarg);
			return EXIT_USAGE_;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ledgerlift sandbox: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE_;
	}
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
