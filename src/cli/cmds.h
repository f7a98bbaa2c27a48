/*
 * cmds.h - the subcommands of the ledgerlift CLI. Each takes the argv that
 * follows the verb (argv[0] is the verb itself) and returns an exit code:
 * 0 ok, 1 error, 2 usage, 3 finished with rejects/skips/warnings listed in
 * the report, 4 nothing to read (every input file skipped: none is an
 * export ledgerlift reads, or no file at all), 75 stopped for the day's API
 * budget, 130 interrupted.
 */
#ifndef LL_CMDS_H
#define LL_CMDS_H

enum {
	EXIT_OK_ = 0,
	EXIT_ERROR_ = 1,
	EXIT_USAGE_ = 2,
	EXIT_REJECTS_ = 3,
	EXIT_NOTHING_ = 4,
	EXIT_BUDGET_ = 75,
	EXIT_INTERRUPTED_ = 130
};

int cmd_plan(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_login(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_undo(int argc, char **argv);
int cmd_init(int argc, char **argv);

#endif
