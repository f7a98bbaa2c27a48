/*
 * tokenfile.h - where `ledgerlift login` keeps the Xero refresh token and
 * how `ledgerlift run` finds it again.
 *
 * The file holds the bare token, mode 0600, in a folder of mode 0700:
 * $XDG_CONFIG_HOME/ledgerlift/refresh_token, or
 * ~/.config/ledgerlift/refresh_token. Xero rotates refresh tokens on every
 * use, so the file is rewritten (mkstemp + fchmod 0600 + fsync + rename +
 * fsync of the folder) each time, by tokenfile_store. A symbolic link at
 * the token file's path is refused, for writing and reading.
 */
#ifndef LL_TOKENFILE_H
#define LL_TOKENFILE_H

#include <stddef.h>

#include "xero/xero.h"
#include "util/err.h"

/*
 * Write the default token file path into out. Returns 0, or LL_EUSAGE
 * (err says why) when neither XDG_CONFIG_HOME (absolute) nor HOME is set,
 * or the path does not fit.
 */
int tokenfile_default(char *out, size_t outlen, struct ll_err *err);

/*
 * Store token at path: create missing parent folders (0700), write a
 * mkstemp temp file beside it (0600, exclusive: never a leftover file or a
 * planted link), fsync, rename over path, fsync the folder. Returns 0,
 * LL_EUSAGE when path is a symbolic link or not a regular file, or
 * LL_ERROR (err names the file, never the token).
 */
int tokenfile_store(const char *path, const char *token, struct ll_err *err);

/*
 * Read the token at path into out (NUL-terminated, trailing newline
 * dropped), opened with O_NOFOLLOW. Returns 0, LL_EUSAGE for a symbolic
 * link or a file that is not regular, LL_ERROR when it cannot be read.
 */
int tokenfile_load(const char *path, char *out, size_t outlen, struct ll_err *err);

/*
 * Choose the refresh token file for `ledgerlift run` into
 * c->refresh_token_file. explicit_path (--token-file, may be NULL) must
 * exist; otherwise the default file is used when it exists and no client
 * secret is configured (a custom connection wins over a stale login).
 * A token file needs c->client_id, the app it was issued to, and is never
 * a symbolic link. Returns 0 (c->refresh_token_file may stay "") or
 * LL_EUSAGE with err filled.
 */
int tokenfile_pick(struct xero_conf *c, const char *explicit_path, struct ll_err *err);

#endif
