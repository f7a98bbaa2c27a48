/*
 * statefile.h - which state file `run`, `undo` and `status` use when
 * --state is not given (docs/cli.md, "Which state file").
 *
 * `plan` knows no organisation: its default is ./ledgerlift.db. `run`
 * uses ./ledgerlift.db when the current folder has one (made by `plan`,
 * or by a migration begun there) or posts to the built-in sandbox (whose
 * organisation lives in this folder), unless that file holds another
 * organisation's documents; otherwise the organisation's own state file
 * in the user's data folder, <data>/<tenant id>.db (paths.h), whichever
 * folder it is started from. The file a run chose is recorded
 * (<data>/last-state) so that `status` and `undo` without --state find it
 * when the current folder has no ledgerlift.db. A state file is bound to
 * the organisation whose documents it holds (store/meta.h,
 * STORE_META_TENANT): given with --state to another one, it is refused.
 */
#ifndef LL_CLI_STATEFILE_H
#define LL_CLI_STATEFILE_H

#include <stddef.h>

#include "cli/stages.h"
#include "store/state.h"
#include "util/err.h"

enum statefile_how {
	STATEFILE_NONE = 0,  /* not chosen yet */
	STATEFILE_GIVEN,     /* --state */
	STATEFILE_HERE,      /* ./ledgerlift.db of the current folder */
	STATEFILE_ORG,       /* the organisation's, in the data folder */
	STATEFILE_LAST       /* the one the last run chose (status, undo) */
};

struct statefile {
	char path[4096];
	enum statefile_how how;
	int sandbox;  /* run --sandbox (set before the first call): the play
		       * organisation lives in this folder, so its state file
		       * is ./ledgerlift.db too, made when missing */
};

/* The data folder, $XDG_DATA_HOME/ledgerlift or $HOME/.local/share/
 * ledgerlift, into out; created (0700, with its parents) when create.
 * 0, or LL_ERROR (no HOME, or it cannot be made). */
int statefile_data_dir(char *out, size_t outlen, int create, struct ll_err *err);

/*
 * run: open the state file held for a->command as soon as it is known,
 * into *st (state_open_held; sf says which). Called three times: tenant
 * NULL before connecting, sf->sandbox set (opens --state, or
 * ./ledgerlift.db when the folder has one or with sf->sandbox); then with the tenant when it is known before
 * connecting (the sandbox's, XERO_TENANT_ID; "" when not), and with the
 * connected one. With a tenant, nothing open yet: the organisation's own
 * file (a tenant id that is not letters, digits and '-' is refused,
 * LL_EUSAGE); something open: it must not be bound to another
 * organisation: ./ledgerlift.db of another is closed and the
 * organisation's own opened instead (saying so); a --state file of
 * another is refused (LL_EUSAGE, err naming both). 0 or a negative code.
 */
int statefile_open_run(struct statefile *sf, const struct stage_args *a, const char *tenant,
		       struct state **st, struct ll_err *err);

/* status and undo: the state file to read, into sf: --state (given), else
 * ./ledgerlift.db when the folder has one, else the one the last run chose
 * (<data>/last-state) when it still exists, else ./ledgerlift.db. */
void statefile_for_reading(struct statefile *sf, const char *given);

/* undo, connected: LL_EUSAGE when the state file holds documents of
 * another organisation than tenant (err naming both), else 0. */
int statefile_check(struct state *st, const struct statefile *sf, const char *tenant,
		    struct ll_err *err);

#endif
