/*
 * lock.c - the lock of a state file (lock.h).
 *
 * An exclusive open-file-description lock (fcntl F_OFD_SETLK, a write
 * lock over the whole file) on "<state>.lock": held for as long as the
 * descriptor is open, dropped by the kernel when the process exits or is
 * killed, so a crash never leaves a stale lock behind. Like flock it
 * belongs to the open file, not the process (a second open in the same
 * process conflicts); unlike flock it can be tested without taking it
 * (F_OFD_GETLK), so `status` can tell a run row left `running` by a
 * process that died from one whose process holds the file, without ever
 * making a starting command find the lock busy. The file is left in place
 * (an unlink would race a waiter holding the old inode); it holds one
 * line, "pid command since", rewritten by each holder and read by a
 * command that finds the lock taken. Waiting polls every 100 ms so Ctrl-C
 * still stops it.
 */
#define _GNU_SOURCE /* F_OFD_SETLK, F_OFD_GETLK (Linux 3.15) */
#include "store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/state.h"
#include "util/intr.h"
#include "util/log.h"

/* The whole file, for a write lock (l_type) or a test of one. */
static void whole_file(struct flock *fl, short type)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = 0;
	fl->l_len = 0; /* to the end, however long */
}

/* "the state file P is in use by 'run' (pid N, since T)" into out */
static void holder(int fd, const char *path, char *out, size_t outlen)
{
	char line[256], cmd[32] = "", since[40] = "";
	long pid = 0;
	ssize_t n = pread(fd, line, sizeof(line) - 1, 0);

	line[n > 0 ? n : 0] = '\0';
	if (sscanf(line, "%ld %31s %39s", &pid, cmd, since) == 3 && pid > 0)
		snprintf(out, outlen, "the state file %s is in use by 'ledgerlift %s' (pid %ld,"
			 " since %s)", path, cmd, pid, since);
	else
		snprintf(out, outlen, "the state file %s is in use by another ledgerlift"
			 " command", path);
}

int store_lock_take(const char *path, const char *command, int wait, int *fd,
		    struct ll_err *err)
{
	char lp[1100], who[1400], line[128], now[32];
	int waited = 0, n, rc;
	struct flock fl;

	*fd = -1;
	if ((size_t)snprintf(lp, sizeof(lp), "%s.lock", path) >= sizeof(lp))
		return ll_err_set(err, LL_ERROR, path, 0, "state file path too long");
	*fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		return ll_err_set(err, LL_ERROR, lp, 0, "cannot open the state file's lock: %s",
				  strerror(errno));
	for (;;) {
		whole_file(&fl, F_WRLCK);
		if (fcntl(*fd, F_OFD_SETLK, &fl) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EACCES) {
			rc = ll_err_set(err, LL_ERROR, lp, 0, "cannot lock the state file: %s",
					strerror(errno));
			goto fail;
		}
		holder(*fd, path, who, sizeof(who));
		if (!wait) {
			rc = ll_err_set(err, LL_ECONFLICT, NULL, 0, "%s; one command at a time"
					" changes a state file: wait for it to finish, or give"
					" --wait", who);
			goto fail;
		}
		if (intr_requested()) {
			rc = ll_err_set(err, LL_ETRANSIENT, NULL, 0, "interrupted while waiting:"
					" %s", who);
			goto fail;
		}
		if (!waited++)
			log_info("%s; waiting for it to finish (--wait)", who);
		usleep(100 * 1000);
	}
	state_now(now);
	n = snprintf(line, sizeof(line), "%ld %s %s\n", (long)getpid(), command, now);
	if (ftruncate(*fd, 0) != 0 || pwrite(*fd, line, (size_t)n, 0) != n)
		log_debug("%s: could not record the lock's holder", lp);
	if (waited)
		log_info("the state file %s is free; going on", path);
	return 0;
fail:
	close(*fd);
	*fd = -1;
	return rc;
}

int store_lock_held(const char *path)
{
	char lp[1100];
	struct flock fl;
	int fd, rc;

	if ((size_t)snprintf(lp, sizeof(lp), "%s.lock", path) >= sizeof(lp))
		return -1;
	/* read-only: testing needs no write access, and creates nothing */
	fd = open(lp, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1; /* never locked */
	whole_file(&fl, F_WRLCK);
	rc = fcntl(fd, F_OFD_GETLK, &fl);
	close(fd);
	if (rc != 0)
		return -1;
	return fl.l_type != F_UNLCK;
}

void store_lock_drop(int fd)
{
	if (fd >= 0)
		close(fd);
}
