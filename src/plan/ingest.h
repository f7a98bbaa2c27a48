/*
 * ingest.h - finding input files and telling what each one is.
 *
 * ingest_collect walks the paths given on the command line (folders
 * recursively, in sorted order, hidden files and folders left out) into a
 * sorted list holding each regular file once (by device and inode), and
 * each entry that is not a readable file or folder (a dangling link, a
 * link loop, a folder that cannot be listed, a FIFO, socket or device) as
 * it is, for ingest_open to report as skipped. Each folder is entered
 * once, a folder behind a symbolic link too (docs/security.md, "The
 * walk"). ingest_open opens one
 * (plain or gzip, by magic bytes) and detects its format from its header
 * line, never from its name (formats.h); anything we do not plan from gets a
 * reason.
 */
#ifndef LL_INGEST_H
#define LL_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "formats/formats.h"
#include "util/reader.h"

struct file_list {
	char **paths;
	size_t n, cap;
};

/* Collect files under the given paths. A path that does not exist is an
 * error (LL_ENOTFOUND, err names it); SIGINT/SIGTERM stop the walk
 * (LL_ETRANSIENT); anything else under a path is listed, never an error. */
int ingest_collect(struct file_list *out, char **paths, int npaths,
		   struct ll_err *err);
void file_list_free(struct file_list *l);

struct source {
	const char *path;
	struct reader *r;
	struct lines lines;
	int lines_ok;
	const struct format_def *fmt; /* NULL: empty, binary or not known */
	const char *kind;     /* the format's name, or "empty", "binary", "unknown",
			       * "fifo", "socket", "device", "folder", "broken-link" */
	char reason[512];     /* why it is not planned from, when it is not */
	char *header;         /* the header line (owned copy, BOM stripped) */
	size_t header_len;
	int gzip;
};

/*
 * Open path and detect its format. On success the source's line reader
 * is positioned just after the header; s->fmt->parse, when set, reads on.
 * A path that is not a regular file (a FIFO, socket or device, a folder,
 * a dangling link or a link loop) is never opened: 0 with s->fmt NULL and
 * s->kind/s->reason saying what it is. A file that cannot be opened or
 * read (truncated gzip in its first block) returns a negative code with
 * err filled.
 */
int ingest_open(struct source *out, const char *path, struct ll_err *err);
void ingest_close(struct source *s);

#endif
