/*
 * paths.c - finding the mappings folder (paths.h): the current folder's,
 * else the one installed beside the program, found from /proc/self/exe.
 */
#include "cli/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan/mapping.h"

/* the folder of the running program into out; 0 or -1 */
static int program_dir(char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(out, outlen, "%s", exe[0] ? exe : "/");
	return 0;
}

int paths_mappings_dir(char *out, size_t outlen, struct ll_err *err)
{
	static const char *const rel[] = { "../" LL_MAPPINGS_SHARE, LL_MAPPINGS_SHARE };
	char dir[PATH_MAX], cand[PATH_MAX + 64], real[PATH_MAX], files[256];
	size_t i;

	if (mappings_dir_ok(LL_MAPPINGS_HERE)) {
		snprintf(out, outlen, "%s", LL_MAPPINGS_HERE);
		return 0;
	}
	mappings_required_files(files, sizeof(files));
	if (program_dir(dir, sizeof(dir)))
		return ll_err_set(err, LL_ENOTFOUND, NULL, 0,
				  "cannot find the mapping tables: ./" LL_MAPPINGS_HERE " has"
				  " none and the program's own folder is unknown (no"
				  " /proc/self/exe); give --mappings DIR, a folder with %s",
				  files);
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(cand, sizeof(cand), "%s/%s", dir, rel[i]);
		if (mappings_dir_ok(cand)) {
			snprintf(out, outlen, "%s", realpath(cand, real) ? real : cand);
			return 0;
		}
	}
	return ll_err_set(err, LL_ENOTFOUND, NULL, 0,
			  "cannot find the mapping tables: not in ./" LL_MAPPINGS_HERE
			  " nor in %.300s/../" LL_MAPPINGS_SHARE " where they are installed"
			  " beside this program; give --mappings DIR, a folder with %s (the"
			  " mappings/ folder of ledgerlift's source, or <prefix>/"
			  LL_MAPPINGS_SHARE " of an installed copy)", dir, files);
}

int paths_shipped_mappings(char *out, size_t outlen, struct ll_err *err)
{
	static const char *const rel[] = { "../" LL_MAPPINGS_SHARE, LL_MAPPINGS_SHARE };
	char dir[PATH_MAX], cand[PATH_MAX + 64], real[PATH_MAX];
	size_t i;

	if (program_dir(dir, sizeof(dir)))
		return ll_err_set(err, LL_ENOTFOUND, NULL, 0, "cannot find the shipped mapping"
				  " tables: the program's own folder is unknown");
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(cand, sizeof(cand), "%s/%s", dir, rel[i]);
		if (mappings_dir_ok(cand)) {
			snprintf(out, outlen, "%s", realpath(cand, real) ? real : cand);
			return 0;
		}
	}
	return ll_err_set(err, LL_ENOTFOUND, NULL, 0, "cannot find the shipped mapping tables"
			  " in %.300s/../" LL_MAPPINGS_SHARE " where they are installed beside"
			  " this program", dir);
}
