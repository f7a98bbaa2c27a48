/*
 * paths.h - the default paths of the command line, in one place: the
 * state file, the sandbox folders, and where the mapping tables are found
 * when --mappings is not given.
 */
#ifndef LL_CLI_PATHS_H
#define LL_CLI_PATHS_H

#include <stddef.h>

#include "util/err.h"

/* the state file of plan (--state); run, undo and status use it when the
 * current folder has one (cli/statefile.h) */
#define LL_DEFAULT_STATE "ledgerlift.db"
/* run without --state and without ./ledgerlift.db: the organisation's own
 * state file, <data folder>/<tenant id>.db, the data folder being
 * $XDG_DATA_HOME/ledgerlift, or ~/.local/share/ledgerlift when it is unset;
 * the one a run chose so is recorded in <data folder>/last-state for
 * status and undo */
#define LL_DATA_SUBDIR "ledgerlift"
#define LL_DATA_FALLBACK ".local/share"
#define LL_LAST_STATE "last-state"
/* the sandbox's organisation: of run --sandbox and undo --sandbox
 * (--sandbox-dir) and of the `sandbox` command (--data), one folder so
 * that what a run posts is what the served sandbox shows */
#define LL_DEFAULT_SANDBOX_DIR ".ledgerlift-sandbox"
/* the mapping tables: in the current folder, else where they are
 * installed relative to the installation prefix (<prefix>/bin/ledgerlift
 * beside <prefix>/share/ledgerlift/mappings); the build folder has the
 * same layout beside build/ledgerlift (build/share/ledgerlift/mappings) */
#define LL_MAPPINGS_HERE "mappings"
#define LL_MAPPINGS_SHARE "share/ledgerlift/mappings"

/*
 * The mappings folder to use when --mappings is not given, into out:
 * ./mappings if it has the files (mappings_dir_ok); else
 * <dir of the program>/../share/ledgerlift/mappings (installed); else
 * <dir of the program>/share/ledgerlift/mappings (the build folder). The
 * program is found through /proc/self/exe, never through the source tree.
 * 0, or LL_ENOTFOUND with err saying where it looked and how to give one.
 */
int paths_mappings_dir(char *out, size_t outlen, struct ll_err *err);

#endif
