/*
 * ingest.c - walking inputs and detecting formats (ingest.h).
 *
 * Detection reads the first non-blank line; for formats with a preamble
 * (the Amazon Date Range report) up to the first 12 non-blank lines are
 * looked at. Known exports we do not read yet are named, so the user sees
 * "a Shopify orders export" rather than "unknown". A spreadsheet or zip
 * given instead of a CSV is told by its first bytes (formats/sniff.h).
 */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "formats/sniff.h"
#include "util/buf.h"
#include "util/text.h"

static int list_add(struct file_list *l, const char *path)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		char **np = realloc(l->paths, nc * sizeof(*np));

		if (!np)
			return LL_ERROR;
		l->paths = np;
		l->cap = nc;
	}
	l->paths[l->n] = strdup(path);
	if (!l->paths[l->n])
		return LL_ERROR;
	l->n++;
	return 0;
}

static int walk(struct file_list *l, const char *path, int depth, struct ll_err *err)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (stat(path, &sb) != 0)
		return ll_err_set(err, LL_ENOTFOUND, path, 0, "cannot read: %s",
				  strerror(errno));
	if (S_ISREG(sb.st_mode))
		return list_add(l, path);
	if (!S_ISDIR(sb.st_mode) || depth > 32)
		return 0;
	d = opendir(path);
	if (!d)
		return ll_err_set(err, LL_ERROR, path, 0, "cannot list folder: %s",
				  strerror(errno));
	while ((de = readdir(d)) != NULL && rc == 0) {
		struct buf child = BUF_INIT(4096);
		size_t pl = strlen(path);

		if (de->d_name[0] == '.')
			continue; /* hidden files, ., .. */
		if (buf_adds(&child, path) ||
		    (!(pl && path[pl - 1] == '/') && buf_addc(&child, '/')) ||
		    buf_adds(&child, de->d_name))
			rc = ll_err_set(err, LL_ERROR, path, 0, "path too long: %s/%s",
					path, de->d_name);
		else
			rc = walk(l, buf_cstr(&child), depth + 1, err);
		buf_free(&child);
	}
	closedir(d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ingest_collect(struct file_list *out, char **paths, int npaths,
		   struct ll_err *err)
{
	int i, rc;
	size_t k, w;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < npaths; i++) {
		rc = walk(out, paths[i], 0, err);
		if (rc)
			return rc;
	}
	if (out->n)
		qsort(out->paths, out->n, sizeof(*out->paths), cmp_str);
	for (k = 0, w = 0; k < out->n; k++) {
		if (w && !strcmp(out->paths[w - 1], out->paths[k])) {
			free(out->paths[k]);
			continue;
		}
		out->paths[w++] = out->paths[k];
	}
	out->n = w;
	return 0;
}

void file_list_free(struct file_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}

int ingest_open(struct source *s, const char *path, struct ll_err *err)
{
	char *line;
	size_t len, bom;
	int rc, seen = 0;
	char first[160] = "";

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->kind = "unknown";
	rc = reader_open_file(&s->r, path, err);
	if (rc)
		return rc;
	s->gzip = reader_is_gzip(s->r);
	if ((rc = lines_init(&s->lines, s->r))) {
		ingest_close(s);
		return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
	}
	s->lines_ok = 1;
	{
		/* a spreadsheet or archive given instead of the CSV (sniff.h) */
		const char *head, *kind;
		size_t hn;

		if ((rc = lines_peek(&s->lines, &head, &hn, 65536, err)) < 0)
			return rc;
		if ((kind = sniff_container(head, hn, s->reason, sizeof(s->reason)))) {
			s->kind = kind;
			return 0;
		}
	}
	while ((rc = lines_next(&s->lines, &line, &len, err)) == 1) {
		const struct format_def *f;

		bom = s->lines.lineno == 1 ? text_bom(line, len) : 0;
		line += bom;
		len -= bom;
		if (text_trim((struct field){ line, len }).len == 0)
			continue;
		if (memchr(line, '\0', len)) {
			s->kind = "binary";
			snprintf(s->reason, sizeof(s->reason),
				 "a binary file, not a text export");
			return 0;
		}
		if (seen == 0) {
			size_t i, k = 0;

			for (i = 0; i < len && k + 1 < sizeof(first) - 4; i++)
				first[k++] = (line[i] == '\t') ? ' ' :
					     ((unsigned char)line[i] < 0x20 ? '?' : line[i]);
			first[k] = '\0';
			if (len > k)
				snprintf(first + k, sizeof(first) - k, "...");
		}
		f = formats_detect(line, len, seen++);
		if (f) {
			s->fmt = f;
			s->kind = f->name;
			if (!f->parse) {
				snprintf(s->reason, sizeof(s->reason), "%s", f->reason);
				return 0;
			}
			s->header = malloc(len + 1);
			if (!s->header)
				return ll_err_set(err, LL_ERROR, path, 0, "out of memory");
			memcpy(s->header, line, len);
			s->header[len] = '\0';
			s->header_len = len;
			return 0;
		}
		if (seen >= 16)
			break;
	}
	if (rc < 0)
		return rc; /* read error (truncated/corrupt gzip) */
	if (seen == 0) {
		s->kind = "empty";
		snprintf(s->reason, sizeof(s->reason), "empty file");
		return 0;
	}
	snprintf(s->reason, sizeof(s->reason),
		 "not an export we know (unknown column set; first line: '%s')", first);
	return 0;
}

void ingest_close(struct source *s)
{
	if (s->lines_ok)
		lines_free(&s->lines);
	reader_free(s->r);
	free(s->header);
	memset(s, 0, sizeof(*s));
}
