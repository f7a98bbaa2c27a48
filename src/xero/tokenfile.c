/*
 * tokenfile.c - the stored refresh token's path and crash-safe writes
 * (tokenfile.h).
 *
 * A write goes to a mkstemp() file in the destination folder (so it is
 * created 0600 and exclusively, never through a planted link or into a
 * leftover file of another mode), is fchmod'ed 0600, fsynced, renamed over
 * the old token and the folder fsynced: a crash leaves either the old
 * token or the new one, never half of one. Both `login` and the rotation
 * during `run` write through tokenfile_store. The token file itself is
 * never a symbolic link: one at the path is refused when writing (lstat)
 * and when reading (O_NOFOLLOW), so a planted link cannot send the token
 * elsewhere or feed a token from elsewhere. Missing parent folders are
 * created one level at a time with mode 0700.
 */
#include "xero/tokenfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tokenfile_default(char *out, size_t outlen, struct ll_err *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, outlen, "%s/ledgerlift/refresh_token", xdg);
	else if (home && home[0])
		n = snprintf(out, outlen, "%s/.config/ledgerlift/refresh_token", home);
	else
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "neither XDG_CONFIG_HOME nor HOME is set: give --token-file");
	if (n < 0 || (size_t)n >= outlen)
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "the token file path is too long");
	return 0;
}

/* mkdir -p for the folder part of path, new folders 0700. */
static int make_parents(const char *path, struct ll_err *err)
{
	char dir[1024];
	size_t i, n = strlen(path);

	if (n >= sizeof(dir))
		return ll_err_set(err, LL_ERROR, path, 0, "path too long");
	memcpy(dir, path, n + 1);
	for (i = 1; i < n; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = errno;

			return ll_err_set(err, LL_ERROR, dir, 0, "cannot create the folder: %s",
					  strerror(e));
		}
		dir[i] = '/';
	}
	return 0;
}

static void fsync_parent(const char *path)
{
	char dir[1024];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	int fd;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (n == 0)
		snprintf(dir, sizeof(dir), "/");
	else if (n < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)n, path);
	else
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The token file at path may be replaced or read: absent (ENOENT from
 * lstat, only when absent_ok) or a regular file, never a link. */
static int check_target(const char *path, int absent_ok, struct ll_err *err)
{
	struct stat sb;

	if (lstat(path, &sb) != 0) {
		int e = errno;

		if (e == ENOENT && absent_ok)
			return 0;
		return ll_err_set(err, LL_EUSAGE, path, 0, "cannot use the token file: %s",
				  strerror(e));
	}
	if (S_ISLNK(sb.st_mode))
		return ll_err_set(err, LL_EUSAGE, path, 0,
				  "the token file is a symbolic link: refused (a link could "
				  "send the refresh token elsewhere); give the real file's path");
	if (!S_ISREG(sb.st_mode))
		return ll_err_set(err, LL_EUSAGE, path, 0, "the token file is not a regular file");
	return 0;
}

int tokenfile_store(const char *path, const char *token, struct ll_err *err)
{
	char tmp[1100];
	size_t len = strlen(token), off = 0;
	int fd = -1, rc;

	if ((rc = make_parents(path, err)) != 0)
		return rc;
	if ((rc = check_target(path, 1, err)) != 0)
		return rc;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= sizeof(tmp))
		return ll_err_set(err, LL_ERROR, path, 0, "path too long");
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;

		return ll_err_set(err, LL_ERROR, path, 0, "cannot write the token file: %s",
				  strerror(e));
	}
	if (fchmod(fd, 0600) != 0)
		goto werr;
	while (off < len) {
		ssize_t n = write(fd, token + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto werr;
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto werr;
	if (close(fd) != 0) {
		fd = -1;
		goto werr;
	}
	fd = -1;
	/* rename replaces a link planted since check_target, never its target */
	if (rename(tmp, path) != 0)
		goto werr;
	fsync_parent(path);
	return 0;
werr:
	rc = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return ll_err_set(err, LL_ERROR, path, 0, "cannot store the refresh token: %s",
			  strerror(rc));
}

int tokenfile_load(const char *path, char *out, size_t outlen, struct ll_err *err)
{
	struct stat sb;
	size_t n = 0;
	ssize_t got;
	int fd, e;

	out[0] = '\0';
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP)
			return check_target(path, 0, err);
		return ll_err_set(err, LL_ERROR, path, 0, "cannot read the token file: %s",
				  strerror(e));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ll_err_set(err, LL_EUSAGE, path, 0, "the token file is not a regular file");
	}
	while (n + 1 < outlen && (got = read(fd, out + n, outlen - 1 - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = errno;
			close(fd);
			out[0] = '\0';
			return ll_err_set(err, LL_ERROR, path, 0, "cannot read the token file: %s",
					  strerror(e));
		}
		n += (size_t)got;
	}
	close(fd);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		n--;
	out[n] = '\0';
	return 0;
}

int tokenfile_pick(struct xero_conf *c, const char *explicit_path, struct ll_err *err)
{
	char def[sizeof(c->refresh_token_file)];
	struct stat sb;
	int rc;

	c->refresh_token_file[0] = '\0';
	if (explicit_path) {
		if (lstat(explicit_path, &sb) != 0)
			return ll_err_set(err, LL_EUSAGE, explicit_path, 0,
					  "no stored refresh token here: run 'ledgerlift login "
					  "--token-file %s' first", explicit_path);
		if ((rc = check_target(explicit_path, 0, err)) != 0)
			return rc;
		if ((size_t)snprintf(c->refresh_token_file, sizeof(c->refresh_token_file), "%s",
				     explicit_path) >= sizeof(c->refresh_token_file))
			return ll_err_set(err, LL_EUSAGE, NULL, 0, "the token file path is too long");
	} else if (!c->client_secret[0] && tokenfile_default(def, sizeof(def), NULL) == 0 &&
		   lstat(def, &sb) == 0) {
		if ((rc = check_target(def, 0, err)) != 0)
			return rc;
		memcpy(c->refresh_token_file, def, sizeof(def));
	}
	if (c->refresh_token_file[0] && !c->client_id[0])
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "a stored login needs XERO_CLIENT_ID: set it to the client id "
				  "you logged in with");
	return 0;
}
