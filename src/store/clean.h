/*
 * clean.h - the clean-close mark of a state file ("<state>.clean" beside
 * it): written when the last writer closed the file cleanly, it lets the
 * next writer skip PRAGMA quick_check on open (docs/state.md, "Integrity
 * check"). Used by state_open and state_close (state.c).
 */
#ifndef LL_STORE_CLEAN_H
#define LL_STORE_CLEAN_H

#include <stddef.h>

/*
 * Take the mark of the state file at path, as a writer about to open it:
 * 1 when the mark is there and still describes the file (this ledgerlift
 * and schema version, the file's size, modification time and inode, no
 * write-ahead log beside it but an empty one), 0 otherwise. The mark is removed in every
 * case, before the file is opened: a writer that dies leaves none. The
 * mark's notes (the lines after its first, stamp.h) go into notes
 * (notes_len bytes, "" when none or not trusted).
 */
int store_clean_take(const char *path, char *notes, size_t notes_len);

/*
 * Write the mark for the state file at path as it is now, after its last
 * connection closed cleanly (nothing of it left in a write-ahead log).
 * Writes nothing when a log is still there (another connection has the
 * file open) or the file cannot be read; a mark that cannot be written
 * only means the next open runs the check. notes (NULL: none) are written
 * after the first line. No return value.
 */
void store_clean_mark(const char *path, const char *notes);

#endif
