/*
 * tmpfile.h - unlinked temporary files for what a parse cannot hold in
 * memory (formats/spill.c: open deposits; formats/paypal_rows.c: PayPal's
 * rows). A file is made with mkstemp (0600, never one already there) in
 * $TMPDIR, else /var/tmp, else /tmp, and unlinked at once, so it is freed
 * when closed whatever happens and never shows in its folder. Reads and
 * writes are positional and whole (short transfers and EINTR retried).
 */
#ifndef LL_TMPFILE_H
#define LL_TMPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* A new unlinked file "<dir>/<prefix>-XXXXXX": its descriptor (the
 * caller closes it), or -1 with errno of the last folder tried. */
int tmpfile_make(const char *prefix);

/* Write all of v[0..n) at off (v is consumed). 0; -1 with errno; 1 when
 * the system wrote nothing (no space). */
int tmpfile_write(int fd, struct iovec *v, int n, int64_t off);

/* Read len bytes at off into p. 0; -1 with errno; 1 when the file ends
 * first (shorter than written). */
int tmpfile_read(int fd, void *p, size_t len, int64_t off);

#endif
