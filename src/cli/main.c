/*
 * main.c - ledgerlift's entry point: dispatch to a cmd_<verb>.c.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct verb verbs[] = {
	{ "init", cmd_init, "write a mappings folder for your organisation's country (--country CC)" },
	{ "plan", cmd_plan, "plan the Xero documents for exports, write the audit workbook" },
	{ "run", cmd_run, "plan, then post the documents to Xero (or --sandbox), resumably" },
	{ "login", cmd_login, "connect to your Xero organisation in the browser (OAuth2 + PKCE)" },
	{ "status", cmd_status, "where the migration stands: runs, documents, calls, what is next" },
	{ "undo", cmd_undo, "delete or void in Xero what one run posted (undo --run N)" },
	{ "scan", cmd_scan, "list what each input file is, without planning" },
	{ "sandbox", cmd_sandbox, "run the local Xero sandbox server on 127.0.0.1" },
	{ NULL, NULL, NULL }
};

static void usage(FILE *f)
{
	const struct verb *v;

	fprintf(f, "usage: ledgerlift <command> [options] [INPUT...]\n\ncommands:\n");
	for (v = verbs; v->name; v++)
		fprintf(f, "  %-10s %s\n", v->name, v->help);
	fprintf(f, "\n'ledgerlift <command> --help' tells more.\n");
}

int main(int argc, char **argv)
{
	const struct verb *v;

#ifdef M_TRIM_THRESHOLD
	/* glibc raises its trim threshold (to twice the block, up to 64 MiB)
	 * each time a large mmap'd block is freed, and then keeps what a large
	 * deposit freed: a fixed 8 MiB gives it back (PayPal at 1M rows: 63.0
	 * -> 53.2 MB of peak RSS; bench/README.md) */
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE_;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ledgerlift %s\n", LL_VERSION);
		return 0;
	}
	for (v = verbs; v->name; v++)
		if (!strcmp(argv[1], v->name))
			return v->fn(argc - 1, argv + 1);
	fprintf(stderr, "ledgerlift: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE_;
}
