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
#include <unistd.h>

#include "formats/sniff.h"
#include "util/buf.h"
#include "util/intr.h"
#include "util/log.h"
#include "util/text.h"

/*
 * The walk. Each folder is listed in sorted order (hidden names left
 * out) and entered once, by device and inode, so links that lead back
 * (`ln -s . a`) or to a folder already read cost nothing. Folders reached
 * through a symbolic link are entered after the whole tree has been
 * walked without them (a queue), so a file keeps its real path when both
 * are under the inputs. A regular file is listed once by device and inode
 * (the path not through a link, else the first in sorted order), however
 * many names lead to it. An entry that is not a readable regular file or
 * folder (a dangling link, a link loop, a folder that cannot be listed, a
 * FIFO, socket or device) is listed as it is: ingest_open says what it is
 * and it is reported as a skipped file, never opened, while the rest is
 * read. SIGINT/SIGTERM (intr.h) stop the walk between two entries.
 */
struct wentry {
	char *path;
	dev_t dev;
	ino_t ino;
	int file;     /* a regular file: de-duplicated by dev and inode */
	int via_link; /* reached through a symbolic link */
};

struct dirid {
	dev_t dev;
	ino_t ino;
	int used;
};

struct walker {
	struct wentry *e;
	size_t n, cap;
	struct dirid *dirs;                      /* folders entered: a hash set */
	size_t ndirs, dcap;
	char **links;                            /* linked folders still to enter */
	size_t nlinks, lcap, lnext;
	unsigned long looked;                    /* entries looked at */
	struct ll_err *err;
};

static int w_add(struct walker *w, const char *path, const struct stat *sb, int file,
		 int via_link)
{
	struct wentry *x;

	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 64;
		struct wentry *ne = realloc(w->e, nc * sizeof(*ne));

		if (!ne)
			return ll_err_set(w->err, LL_ERROR, path, 0, "out of memory");
		w->e = ne;
		w->cap = nc;
	}
	x = &w->e[w->n];
	memset(x, 0, sizeof(*x));
	x->path = strdup(path);
	if (!x->path)
		return ll_err_set(w->err, LL_ERROR, path, 0, "out of memory");
	if (sb) {
		x->dev = sb->st_dev;
		x->ino = sb->st_ino;
	}
	x->file = file;
	x->via_link = via_link;
	w->n++;
	return 0;
}

static size_t dir_slot(const struct walker *w, dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9E3779B97F4A7C15u) ^ (uint64_t)ino;
	size_t i;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 32;
	for (i = (size_t)h & (w->dcap - 1);; i = (i + 1) & (w->dcap - 1))
		if (!w->dirs[i].used || (w->dirs[i].dev == dev && w->dirs[i].ino == ino))
			return i;
}

/* 1 if the folder was entered before, else mark it (0), or LL_ERROR */
static int dir_seen(struct walker *w, const struct stat *sb)
{
	size_t i;

	if (w->ndirs * 2 >= w->dcap) {
		struct dirid *old = w->dirs;
		size_t oc = w->dcap, k;

		w->dcap = oc ? oc * 2 : 64;
		w->dirs = calloc(w->dcap, sizeof(*w->dirs));
		if (!w->dirs) {
			w->dirs = old;
			w->dcap = oc;
			return ll_err_set(w->err, LL_ERROR, NULL, 0, "out of memory");
		}
		for (k = 0; k < oc; k++)
			if (old[k].used)
				w->dirs[dir_slot(w, old[k].dev, old[k].ino)] = old[k];
		free(old);
	}
	i = dir_slot(w, sb->st_dev, sb->st_ino);
	if (w->dirs[i].used)
		return 1;
	w->dirs[i].dev = sb->st_dev;
	w->dirs[i].ino = sb->st_ino;
	w->dirs[i].used = 1;
	w->ndirs++;
	return 0;
}

static int queue_link(struct walker *w, const char *path)
{
	if (w->nlinks == w->lcap) {
		size_t nc = w->lcap ? w->lcap * 2 : 16;
		char **nl = realloc(w->links, nc * sizeof(*nl));

		if (!nl)
			return ll_err_set(w->err, LL_ERROR, path, 0, "out of memory");
		w->links = nl;
		w->lcap = nc;
	}
	w->links[w->nlinks] = strdup(path);
	if (!w->links[w->nlinks])
		return ll_err_set(w->err, LL_ERROR, path, 0, "out of memory");
	w->nlinks++;
	return 0;
}

static int interrupted(struct walker *w)
{
	return ll_err_set(w->err, LL_ETRANSIENT, NULL, 0,
			  "interrupted while listing the input folders; nothing was read");
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible names in folder path, sorted (owned), or NULL with errno set. */
static char **list_names(const char *path, size_t *n)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;
	int e;

	*n = 0;
	if (!d)
		return NULL;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* hidden files, ., .. */
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = realloc(names, nc * sizeof(*nn));

			if (!nn)
				goto fail;
			names = nn;
			cap = nc;
		}
		if (!(names[*n] = strdup(de->d_name)))
			goto fail;
		(*n)++;
	}
	if (errno)
		goto fail;
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_name);
	return names ? names : calloc(1, sizeof(*names));
fail:
	e = errno ? errno : ENOMEM;
	closedir(d);
	while (*n)
		free(names[--*n]);
	free(names);
	errno = e;
	return NULL;
}

static int walk_dir(struct walker *w, const char *path, const struct stat *sb, int via_link)
{
	struct buf child = BUF_INIT(64 * 1024);
	char **names;
	size_t n, i, pl = strlen(path);
	int rc = 0, seen;

	if (intr_requested())
		return interrupted(w);
	seen = dir_seen(w, sb);
	if (seen)
		return seen < 0 ? seen : 0; /* entered already: each folder once */
	names = list_names(path, &n);
	if (!names) /* a folder that cannot be listed: skipped, said why */
		return w_add(w, path, sb, 0, via_link);
	for (i = 0; i < n && rc == 0; i++) {
		struct stat lsb, tsb;

		w->looked++;
		if ((w->looked & 255) == 0 && intr_requested()) {
			rc = interrupted(w);
			break;
		}
		buf_reset(&child);
		if (buf_add(&child, path, pl) ||
		    (!(pl && path[pl - 1] == '/') && buf_addc(&child, '/')) ||
		    buf_adds(&child, names[i])) {
			rc = ll_err_set(w->err, LL_ERROR, path, 0, "path too long");
			break;
		}
		if (lstat(buf_cstr(&child), &lsb) != 0) {
			rc = w_add(w, buf_cstr(&child), NULL, 0, via_link);
		} else if (S_ISLNK(lsb.st_mode)) {
			if (stat(buf_cstr(&child), &tsb) != 0) /* dangling, or a loop */
				rc = w_add(w, buf_cstr(&child), NULL, 0, 1);
			else if (S_ISDIR(tsb.st_mode))
				rc = queue_link(w, buf_cstr(&child));
			else
				rc = w_add(w, buf_cstr(&child), &tsb, S_ISREG(tsb.st_mode), 1);
		} else if (S_ISDIR(lsb.st_mode)) {
			rc = walk_dir(w, buf_cstr(&child), &lsb, via_link);
		} else {
			rc = w_add(w, buf_cstr(&child), &lsb, S_ISREG(lsb.st_mode), via_link);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&child);
	return rc;
}

/* regular files by dev, inode, then the path not through a link first */
static int cmp_inode(const void *a, const void *b)
{
	const struct wentry *x = a, *y = b;

	if (x->file != y->file)
		return x->file ? -1 : 1;
	if (x->file && x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->file && x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->via_link != y->via_link)
		return x->via_link - y->via_link;
	return strcmp(x->path, y->path);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ingest_collect(struct file_list *out, char **paths, int npaths,
		   struct ll_err *err)
{
	struct walker w;
	size_t k, m;
	int i, rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.err = err;
	for (i = 0; i < npaths && rc == 0; i++) {
		struct stat lsb, sb;

		if (lstat(paths[i], &lsb) != 0) {
			rc = ll_err_set(err, LL_ENOTFOUND, paths[i], 0, "cannot read: %s",
					strerror(errno));
			break;
		}
		/* a path given is followed whatever it is (the user named it) */
		if (stat(paths[i], &sb) != 0)
			rc = w_add(&w, paths[i], NULL, 0, 0);
		else if (S_ISDIR(sb.st_mode))
			rc = walk_dir(&w, paths[i], &sb, 0);
		else
			rc = w_add(&w, paths[i], &sb, S_ISREG(sb.st_mode), 0);
	}
	/* then the folders reached through links, each unless entered already
	 * (their own links join the queue) */
	while (rc == 0 && w.lnext < w.nlinks) {
		const char *lp = w.links[w.lnext++];
		struct stat sb;

		if (stat(lp, &sb) != 0 || !S_ISDIR(sb.st_mode))
			rc = w_add(&w, lp, NULL, 0, 1); /* changed under us */
		else
			rc = walk_dir(&w, lp, &sb, 1);
	}
	log_debug("inputs: %lu entries looked at, %zu folders entered, %zu linked folders"
		  " met", w.looked, w.ndirs, w.nlinks);
	for (k = 0; k < w.nlinks; k++)
		free(w.links[k]);
	free(w.links);
	free(w.dirs);
	/* one entry per regular file (by inode), then by path for the rest */
	if (rc == 0 && w.n)
		qsort(w.e, w.n, sizeof(*w.e), cmp_inode);
	for (k = 0, m = 0; k < w.n; k++) {
		const struct wentry *x = &w.e[k];

		if (rc == 0 && !(m && x->file && w.e[m - 1].file && w.e[m - 1].dev == x->dev &&
				 w.e[m - 1].ino == x->ino))
			w.e[m++] = *x;
		else
			free(x->path);
	}
	w.n = m;
	if (rc == 0 && m) {
		out->paths = malloc(m * sizeof(*out->paths));
		if (!out->paths)
			rc = ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	}
	for (k = 0; k < w.n; k++) {
		if (rc == 0)
			out->paths[out->n++] = w.e[k].path;
		else
			free(w.e[k].path);
	}
	free(w.e);
	out->cap = out->n;
	if (rc)
		return rc;
	if (out->n)
		qsort(out->paths, out->n, sizeof(*out->paths), cmp_path);
	/* the same path twice (not a regular file, given twice) */
	for (k = 0, m = 0; k < out->n; k++) {
		if (m && !strcmp(out->paths[m - 1], out->paths[k])) {
			free(out->paths[k]);
			continue;
		}
		out->paths[m++] = out->paths[k];
	}
	out->n = m;
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

/*
 * What path is when it is not a regular file we can open: a folder that
 * cannot be listed, a FIFO, socket or device (never opened: opening a
 * FIFO waits for a writer), a dangling link or a link loop. Fills
 * s->kind and s->reason and returns 1; 0 for a regular file or a path
 * that does not exist (reader_open_file says so).
 */
static int not_a_file(struct source *s, const char *path)
{
	struct stat sb;
	int e;

	if (stat(path, &sb) == 0) {
		if (S_ISREG(sb.st_mode))
			return 0;
		if (S_ISDIR(sb.st_mode)) {
			DIR *d = opendir(path);

			e = errno;
			s->kind = "folder";
			if (d) {
				closedir(d);
				snprintf(s->reason, sizeof(s->reason),
					 "a folder, not a file");
			} else {
				snprintf(s->reason, sizeof(s->reason),
					 "a folder that cannot be listed (%s): nothing under it "
					 "is read", strerror(e));
			}
		} else if (S_ISFIFO(sb.st_mode)) {
			s->kind = "fifo";
			snprintf(s->reason, sizeof(s->reason),
				 "a named pipe (FIFO), not a file: not opened");
		} else if (S_ISSOCK(sb.st_mode)) {
			s->kind = "socket";
			snprintf(s->reason, sizeof(s->reason), "a socket, not a file: not opened");
		} else {
			s->kind = "device";
			snprintf(s->reason, sizeof(s->reason), "a device, not a file: not opened");
		}
		return 1;
	}
	e = errno;
	if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return 0;
	s->kind = "broken-link";
	if (e == ELOOP) {
		snprintf(s->reason, sizeof(s->reason),
			 "a symbolic link loop: not followed");
	} else {
		char target[256];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		target[n > 0 ? n : 0] = '\0';
		snprintf(s->reason, sizeof(s->reason),
			 "a symbolic link to '%s', which %s", target,
			 e == ENOENT || e == ENOTDIR ? "does not exist" : strerror(e));
	}
	return 1;
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
	if (not_a_file(s, path))
		return 0; /* skipped, s->reason says why */
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
