/*
 * ingest.h - finding input files and telling what each one is.
 *
 * ingest_collect walks the paths given on the command line (folders
 * recursively, in sorted order, hidden files and folders left out) into a
 * sorted, de-duplicated list of regular files. ingest_open opens one
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
 * error (LL_ENOTFOUND, err names it). */
int ingest_collect(struct file_list *out, char **paths, int npaths,
		   struct ll_err *err);
void file_list_free(struct file_list *l);

struct source {
	const char *path;
	struct reader *r;
	struct lines lines;
	int lines_ok;
	const struct format_def *fmt; /* NULL: empty, binary or not known */
	const char *kind;     /* the format's name, or "empty", "binary", "unknown" */
	char reason[512];     /* why it is not planned from, when it is not */
	char *header;         /* the header line (owned copy, BOM stripped) */
	size_t header_len;
	int gzip;
};

/*
 * Open path and detect its format. On success the source's line reader
 * is positioned just after the header; s->fmt->parse, when set, reads on. A file that cannot be opened or
 * read (truncated gzip in its first block) returns a negative code with
 * err filled.
 */
int ingest_open(struct source *out, const char *path, struct ll_err *err);
void ingest_close(struct source *s);

#endif
