/*
 * statefile.c - the state file of run, undo and status when --state is not
 * given (statefile.h): the current folder's ledgerlift.db, or the
 * organisation's own in the user's data folder, found again through the
 * last-state record; and the binding of a state file to the organisation
 * whose documents it holds, checked once the organisation is known.
 */
#include "cli/statefile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/paths.h"
#include "store/meta.h"
#include "util/log.h"

/* mkdir -p: each missing level of path made with mode. 0 or -1 (errno). */
static int make_dirs(char *path, mode_t mode)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, mode) != 0 && errno != EEXIST ? -1 : 0;
}

int statefile_data_dir(char *out, size_t outlen, int create, struct ll_err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	/* the XDG base directory rule: a relative XDG_DATA_HOME is ignored */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, outlen, "%s/" LL_DATA_SUBDIR, xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, outlen, "%s/" LL_DATA_FALLBACK "/" LL_DATA_SUBDIR, home);
	else
		return ll_err_set(err, LL_ERROR, NULL, 0, "no data folder for the"
				  " organisation's state file (neither XDG_DATA_HOME nor HOME"
				  " is set); give --state PATH");
	if (n < 0 || (size_t)n >= outlen)
		return ll_err_set(err, LL_ERROR, NULL, 0, "the data folder's path is too long;"
				  " give --state PATH");
	if (create && make_dirs(out, 0700))
		return ll_err_set(err, LL_ERROR, out, 0, "cannot create the data folder: %s;"
				  " give --state PATH", strerror(errno));
	return 0;
}

/* A tenant id names a file only if it is a GUID-like word: letters,
 * digits and '-' (XERO_TENANT_ID comes from the environment). */
static int tenant_ok(const char *t)
{
	size_t n;

	for (n = 0; t[n]; n++)
		if (!((t[n] >= '0' && t[n] <= '9') || (t[n] >= 'a' && t[n] <= 'z') ||
		      (t[n] >= 'A' && t[n] <= 'Z') || t[n] == '-'))
			return 0;
	return n > 0 && n <= 64;
}

/* sf = <data>/<tenant>.db, the folder made. 0 or a negative code. */
static int org_path(struct statefile *sf, const char *tenant, struct ll_err *err)
{
	char dir[3800];

	if (!tenant_ok(tenant))
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "the organisation's tenant id"
				  " '%.80s' cannot name a state file; give --state PATH", tenant);
	if (statefile_data_dir(dir, sizeof(dir), 1, err))
		return LL_ERROR;
	snprintf(sf->path, sizeof(sf->path), "%s/%s.db", dir, tenant);
	sf->how = STATEFILE_ORG;
	return 0;
}

/* Record path (made absolute) as the state file status and undo use
 * without --state: <data>/last-state, written whole (temp file, rename).
 * A failure only loses the convenience. */
static void remember(const char *path)
{
	char dir[3800], last[4000], tmp[4100], real[PATH_MAX];
	FILE *f;
	int fd;

	if (statefile_data_dir(dir, sizeof(dir), 1, NULL) || !realpath(path, real))
		return;
	snprintf(last, sizeof(last), "%s/" LL_LAST_STATE, dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", last);
	fd = mkstemp(tmp);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return;
	}
	fprintf(f, "%s\n", real);
	if (fclose(f) != 0 || rename(tmp, last) != 0) {
		unlink(tmp);
		log_debug("could not record %s as the last state file", real);
	}
}

/* The path <data>/last-state records into out. 0, or -1 when none. */
static int read_last(char *out, size_t outlen)
{
	char dir[3800], last[4000];
	FILE *f;
	size_t n;

	if (statefile_data_dir(dir, sizeof(dir), 0, NULL))
		return -1;
	snprintf(last, sizeof(last), "%s/" LL_LAST_STATE, dir);
	f = fopen(last, "r");
	if (!f)
		return -1;
	if (!fgets(out, (int)outlen, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n ? 0 : -1;
}

/* The organisation st holds documents of (tenant id, name) into the
 * buffers ("" when none). 0 or LL_ERROR. */
static int bound_to(struct state *st, char *tenant, size_t tlen, char *name, size_t nlen,
		    struct ll_err *err)
{
	if (store_meta_read(st, STORE_META_TENANT, tenant, tlen, err) ||
	    store_meta_read(st, STORE_META_ORG_NAME, name, nlen, err))
		return LL_ERROR;
	return 0;
}

static int open_held(struct statefile *sf, const struct stage_args *a, struct state **st,
		     struct ll_err *err)
{
	struct stage_args b = *a;

	b.state_path = sf->path;
	return stages_open(&b, st, err);
}

int statefile_open_run(struct statefile *sf, const struct stage_args *a, const char *tenant,
		       struct state **st, struct ll_err *err)
{
	char bound[128], name[300];
	struct stat sb;
	int rc, existed;

	if (!tenant) {
		/* before connecting: what is known without the organisation */
		int sandbox = sf->sandbox;

		memset(sf, 0, sizeof(*sf));
		sf->sandbox = sandbox;
		if (a->state_path)
			sf->how = STATEFILE_GIVEN;
		else if (sandbox || stat(LL_DEFAULT_STATE, &sb) == 0)
			sf->how = STATEFILE_HERE; /* the sandbox's organisation lives here */
		else
			return 0;
		snprintf(sf->path, sizeof(sf->path), "%s",
			 a->state_path ? a->state_path : LL_DEFAULT_STATE);
		return open_held(sf, a, st, err);
	}
	if (!tenant[0])
		return 0;
	if (!*st) {
		if ((rc = org_path(sf, tenant, err)))
			return rc;
		existed = stat(sf->path, &sb) == 0 && sb.st_size > 0;
		if ((rc = open_held(sf, a, st, err)))
			return rc;
		log_info("state file: %s (%s)", sf->path,
			 existed ? "the organisation's own" : "new, the organisation's own");
		remember(sf->path);
		return 0;
	}
	if (bound_to(*st, bound, sizeof(bound), name, sizeof(name), err))
		return LL_ERROR;
	if (!bound[0] || !strcmp(bound, tenant)) {
		if (sf->how == STATEFILE_HERE)
			remember(sf->path);
		return 0;
	}
	if (sf->how == STATEFILE_HERE) {
		/* the folder's file is another organisation's migration */
		log_info("./%s holds the documents of another organisation (%s%s%s); this"
			 " one has its own state file", LL_DEFAULT_STATE, name[0] ? name : bound,
			 name[0] ? ", tenant " : "", name[0] ? bound : "");
		state_close(*st);
		*st = NULL;
		return statefile_open_run(sf, a, tenant, st, err);
	}
	return statefile_check(*st, sf, tenant, err);
}

void statefile_for_reading(struct statefile *sf, const char *given)
{
	struct stat sb;

	memset(sf, 0, sizeof(*sf));
	if (given) {
		snprintf(sf->path, sizeof(sf->path), "%s", given);
		sf->how = STATEFILE_GIVEN;
	} else if (stat(LL_DEFAULT_STATE, &sb) != 0 && read_last(sf->path, sizeof(sf->path)) == 0 &&
		   stat(sf->path, &sb) == 0) {
		sf->how = STATEFILE_LAST;
	} else {
		snprintf(sf->path, sizeof(sf->path), "%s", LL_DEFAULT_STATE);
		sf->how = STATEFILE_HERE;
	}
}

int statefile_check(struct state *st, const struct statefile *sf, const char *tenant,
		    struct ll_err *err)
{
	char bound[128], name[300];

	if (bound_to(st, bound, sizeof(bound), name, sizeof(name), err))
		return LL_ERROR;
	if (!bound[0] || !strcmp(bound, tenant))
		return 0;
	return ll_err_set(err, LL_EUSAGE, NULL, 0, "the state file %.1000s holds the documents"
			  " of another Xero organisation (%s%s%s), not of the one connected"
			  " (tenant %s): give this organisation's state file with --state, or"
			  " a new one", sf->path, name[0] ? name : bound, name[0] ? ", tenant " : "",
			  name[0] ? bound : "", tenant);
}
