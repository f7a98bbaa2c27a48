/*
 * lock.h - one command at a time on a state file: an exclusive lock on
 * "<state>.lock" beside it, which the operating system drops when the
 * process ends (an open-file-description lock, F_OFD_SETLK), and which records its holder so another command
 * can say who holds it. Used by state_open_held (state.h).
 */
#ifndef LL_STORE_LOCK_H
#define LL_STORE_LOCK_H

#include "util/err.h"

/*
 * Take the lock of the state file at path for command (plan, run, undo)
 * and record this process as its holder (pid, command, since when). Held
 * by another process: LL_ECONFLICT with a message naming the holder, or,
 * with wait, wait for it (saying so once; LL_ETRANSIENT if interrupted).
 * *fd is the open lock file, kept until store_lock_drop. 0 or a negative
 * code.
 */
int store_lock_take(const char *path, const char *command, int wait, int *fd,
		    struct ll_err *err);

/*
 * Whether some process holds the lock of the state file at path, tested
 * without taking it (it never makes a command that is starting find the
 * lock busy): 1 held, 0 free (or never taken: no lock file), -1 cannot be
 * told (the lock file cannot be opened for reading).
 */
int store_lock_held(const char *path);

/* Drop the lock (close fd); -1 ok. */
void store_lock_drop(int fd);

#endif
