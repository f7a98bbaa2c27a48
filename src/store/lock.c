/*
 * lock.c - the lock of a state file (lock.h).
 *
 * flock(LOCK_EX) on "<state>.lock": held for as long as the descriptor is
 * open, dropped by the kernel when the process exits or is killed, so a
 * crash never leaves a stale lock behind. The file is left in place (an
 * unlink would race a waiter holding the old inode); it holds one line,
 * "pid command since", rewritten by each holder and read by a command
 * that finds the lock taken. Waiting polls every 100 ms so Ctrl-C still
 * stops it.
 */
#include "store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "store/state.h"
#include "util/intr.h"
#include "util/log.h"

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

	*fd = -1;
	if ((size_t)snprintf(lp, sizeof(lp), "%s.lock", path) >= sizeof(lp))
		return ll_err_set(err, LL_ERROR, path, 0, "state file path too long");
	*fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		return ll_err_set(err, LL_ERROR, lp, 0, "cannot open the state file's lock: %s",
				  strerror(errno));
	while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
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

void store_lock_drop(int fd)
{
	if (fd >= 0)
		close(fd);
}
