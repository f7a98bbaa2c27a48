/*
 * clean.c - the clean-close mark of a state file (clean.h).
 *
 * PRAGMA quick_check reads every page of the state file: on a 1 GB file
 * most of a re-plan. It matters when the file may be damaged: its last
 * writer died or failed a write (a kill, a full disk), another program
 * changed it, or another version of ledgerlift wrote it. A writer that
 * closes the file cleanly (no failed statement, last connection, the log
 * folded back into the file) writes "<state>.clean" with the versions and
 * the file's size, modification time and inode; the next writer runs the
 * check unless the mark still matches the file, and removes the mark
 * before it opens it. Readers (status) always run the check. Lines after
 * the first are the writer's notes (stamp.h: what it knew of the planned
 * batches), handed to the next writer only with a mark that matches.
 */
#include "store/clean.h"

#include "store/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the mark's text for the file at path as it is now; 0, or -1 when the
 * file cannot be read or has a write-ahead log beside it that holds
 * anything (a reader, status, leaves an empty one: it cannot remove it) */
static int describe(const char *path, char *out, size_t outlen)
{
	char wal[1100];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	if ((stat(wal, &sb) == 0 && sb.st_size > 0) || stat(path, &sb) != 0)
		return -1;
	snprintf(out, outlen, "ledgerlift %s schema %d size %lld mtime %lld.%09ld inode %llu\n",
		 LL_VERSION, STATE_SCHEMA_VERSION, (long long)sb.st_size,
		 (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec,
		 (unsigned long long)sb.st_ino);
	return 0;
}

static void mark_path(const char *path, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s.clean", path);
}

int store_clean_take(const char *path, char *notes, size_t notes_len)
{
	char mark[1100], want[256], got[512];
	FILE *f;
	size_t n = 0, wl;

	mark_path(path, mark, sizeof(mark));
	f = fopen(mark, "r");
	if (f) {
		n = fread(got, 1, sizeof(got) - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	if (notes_len)
		notes[0] = '\0';
	if (unlink(mark) != 0 || !n)
		return 0; /* no mark, or one that stays: check */
	if (describe(path, want, sizeof(want)) != 0)
		return 0;
	wl = strlen(want);
	if (strncmp(got, want, wl) != 0)
		return 0;
	if (notes_len)
		snprintf(notes, notes_len, "%s", got + wl);
	return 1;
}

void store_clean_mark(const char *path, const char *notes)
{
	char mark[1100], tmp[1110], text[512];
	size_t len;
	int fd, ok;

	if (describe(path, text, sizeof(text)))
		return;
	if (notes && strlen(text) + strlen(notes) < sizeof(text))
		strcat(text, notes);
	mark_path(path, mark, sizeof(mark));
	/* a new file of our own (mkstemp: O_EXCL, 0600), never one already
	 * there or a symlink planted at a fixed name, renamed over the mark */
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", mark);
	fd = mkstemp(tmp);
	if (fd < 0)
		return;
	len = strlen(text);
	ok = write(fd, text, len) == (ssize_t)len;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, mark) != 0)
		unlink(tmp);
}
