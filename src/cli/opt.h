/*
 * opt.h - the option table of the subcommands, as libgit2's cli does it:
 * each row is one option, the variable it sets and its help text. A
 * command lists its rows (the rows several commands share come from the
 * CLI_OPT_* macros below and in stages.h), and both the parsing and the
 * --help text are made from them, so the help lists exactly the options
 * the command takes.
 *
 *     const char *state = LL_DEFAULT_STATE;
 *     int json = 0;
 *     const struct cli_opt opts[] = {
 *             CLI_OPT_STATE(state),
 *             CLI_SWITCH("json", json, "one JSON object on standard output"),
 *             CLI_OPT_HELP_ROW,
 *             CLI_OPT_END
 *     };
 *     if ((code = cli_opt_parse(&cmd, opts, argc, argv, &first)) != CLI_PARSED)
 *             return code;
 */
#ifndef LL_CLI_OPT_H
#define LL_CLI_OPT_H

#include <stdio.h>

#include "cli/paths.h"

enum cli_opt_kind {
	CLI_OPT_SWITCH = 1, /* --json: *(int *)value = 1 */
	CLI_OPT_STRING,     /* --state PATH: *(const char **)value = the argument */
	CLI_OPT_INT,        /* --port N: *(int *)value, a whole number in [min, max] */
	CLI_OPT_LONG,       /* --max-calls N: *(long *)value, in [min, max] */
	CLI_OPT_FN,         /* anything else: fn checks the argument and sets value */
	CLI_OPT_HELP        /* -h, --help: the help on standard output, exit 0 */
};

struct cli_opt {
	enum cli_opt_kind kind;   /* 0 ends the table (CLI_OPT_END) */
	const char *name;         /* the long name, without "--" */
	char alias;               /* the short name (-q), or 0 */
	void *value;              /* the variable the option sets (borrowed) */
	const char *arg;          /* the argument's name in the help ("PATH");
				   * NULL: the option takes none */
	const char *help;         /* one paragraph; the help printer wraps it */
	long min, max;            /* CLI_OPT_INT, CLI_OPT_LONG: the range */
	/* CLI_OPT_FN: check arg (NULL for an option without one) and set
	 * *value; 0, or -1 after a message on standard error naming cmd */
	int (*fn)(const char *cmd, void *value, const char *arg);
};

#define CLI_OPT_END { 0, NULL, 0, NULL, NULL, NULL, 0, 0, NULL }

/* What a command is, for its help: "usage: ledgerlift <name> <args>", the
 * text before the options and the text after them (either may be NULL),
 * and whether it takes operands (INPUT...). */
struct cli_cmd {
	const char *name;
	const char *args;         /* "[options] INPUT..." */
	const char *about;
	const char *after;
	int operands;             /* 1: one or more required; 0: none allowed */
};

/* cli_opt_parse's answer when the command goes on; anything else is the
 * exit code to return at once (0 after --help, 2 after a usage error). */
#define CLI_PARSED (-1)

/*
 * Parse argv (argv[0] is the verb) by the rows of opts (up to CLI_OPT_END),
 * setting their variables in order. CLI_PARSED with *first the index of
 * the first operand; 0 after --help printed the help on standard output;
 * 2 (usage) after a message and the help on standard error: an unknown
 * option, a bad value, a missing or unexpected operand.
 */
int cli_opt_parse(const struct cli_cmd *cmd, const struct cli_opt *opts, int argc,
		  char **argv, int *first);

/* The command's help, made from its rows, on f. */
void cli_opt_help(FILE *f, const struct cli_cmd *cmd, const struct cli_opt *opts);

/* CLI_OPT_FN handlers the shared rows use. value: an int * set to 1 (may
 * be NULL) as well as the log level. */
int cli_opt_quiet(const char *cmd, void *value, const char *arg);
int cli_opt_verbose(const char *cmd, void *value, const char *arg);

/* A row of each kind: option, variable, argument name, help. */
#define CLI_SWITCH(name, var, help)                                               \
	{ CLI_OPT_SWITCH, (name), 0, &(var), NULL, (help), 0, 0, NULL }
#define CLI_STRING(name, var, argname, help)                                      \
	{ CLI_OPT_STRING, (name), 0, &(var), (argname), (help), 0, 0, NULL }
#define CLI_INT(name, var, argname, lo, hi, help)                                 \
	{ CLI_OPT_INT, (name), 0, &(var), (argname), (help), (lo), (hi), NULL }
#define CLI_LONG(name, var, argname, lo, hi, help)                                \
	{ CLI_OPT_LONG, (name), 0, &(var), (argname), (help), (lo), (hi), NULL }
/* fn gets value (a pointer, or NULL) and the argument (argname NULL: none) */
#define CLI_FN(name, value, argname, fn, help)                                    \
	{ CLI_OPT_FN, (name), 0, (value), (argname), (help), 0, 0, (fn) }

/* The rows most commands share. */
#define CLI_OPT_STATE(var)                                                        \
	{ CLI_OPT_STRING, "state", 0, &(var), "PATH",                             \
	  "state file (default ./" LL_DEFAULT_STATE ")", 0, 0, NULL }
/* run's: the organisation's own state file by default (cli/statefile.h) */
#define CLI_OPT_STATE_RUN(var)                                                    \
	{ CLI_OPT_STRING, "state", 0, &(var), "PATH",                             \
	  "state file (default ./" LL_DEFAULT_STATE " when this folder has one"   \
	  " or with --sandbox, else the organisation's own, $XDG_DATA_HOME/"      \
	  LL_DATA_SUBDIR                                                          \
	  "/<tenant id>.db, ~/" LL_DATA_FALLBACK "/" LL_DATA_SUBDIR "/ when"       \
	  " XDG_DATA_HOME is unset)", 0, 0, NULL }
/* status's and undo's: the one the last run chose by default */
#define CLI_OPT_STATE_LAST(var)                                                   \
	{ CLI_OPT_STRING, "state", 0, &(var), "PATH",                             \
	  "state file (default ./" LL_DEFAULT_STATE " when this folder has one,"  \
	  " else the one the last 'run' without --state used)", 0, 0, NULL }
/* var: an int set to 1 (plan, run, undo) */
#define CLI_OPT_WAIT(var)                                                         \
	CLI_SWITCH("wait", (var), "wait for another ledgerlift holding the state"  \
		   " file to finish, instead of exiting")
/* quiet_var: an int * set to 1 by -q, or NULL */
#define CLI_OPT_QUIET(quiet_var)                                                  \
	{ CLI_OPT_FN, "quiet", 'q', (quiet_var), NULL, "no progress messages", 0, 0, \
	  cli_opt_quiet }
#define CLI_OPT_VERBOSE                                                           \
	{ CLI_OPT_FN, "verbose", 'v', NULL, NULL, "more messages", 0, 0,          \
	  cli_opt_verbose }
#define CLI_OPT_HELP_ROW                                                          \
	{ CLI_OPT_HELP, "help", 'h', NULL, NULL, "this help", 0, 0, NULL }

#endif
