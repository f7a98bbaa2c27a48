/*
 * tmpfile.c - unlinked temporary files, written and read whole at an
 * offset (tmpfile.h).
 */
#include "tmpfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int tmpfile_make(const char *prefix)
{
	const char *dirs[3];
	int err = ENOENT;
	size_t i;

	dirs[0] = getenv("TMPDIR");
	dirs[1] = "/var/tmp";
	dirs[2] = "/tmp";
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char path[4096];
		int fd;

		if (!dirs[i] || !*dirs[i] ||
		    snprintf(path, sizeof(path), "%s/%s-XXXXXX", dirs[i], prefix) >=
			    (int)sizeof(path))
			continue;
		fd = mkstemp(path); /* O_EXCL, 0600: never a file already there */
		if (fd < 0) {
			err = errno;
			continue;
		}
		unlink(path); /* gone from the folder now; freed when closed */
		return fd;
	}
	errno = err;
	return -1;
}

int tmpfile_write(int fd, struct iovec *v, int n, int64_t off)
{
	while (n > 0) {
		ssize_t w = pwritev(fd, v, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0)
			return 1;
		off += w;
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int tmpfile_read(int fd, void *p, size_t len, int64_t off)
{
	char *c = p;

	while (len) {
		ssize_t r = pread(fd, c, len, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return 1;
		c += r;
		len -= (size_t)r;
		off += r;
	}
	return 0;
}
