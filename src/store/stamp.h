/*
 * stamp.h - what a writer knows of the state file's planned batches and
 * stale orders without reading them again: kept in memory while the file
 * is open, forgotten by any change to the tables it depends on, and handed
 * to the next writer in the clean-close mark (clean.h).
 *
 * The plan's batch walk (plan.c: are the planned batches those a rebuild
 * gives?) reads only the documents and batches tables; store_orders_stale
 * and store_orders_pairs read only orders and sources. A connection's update hook
 * (sqlite3, called for every row any statement inserts, updates or deletes, whatever path
 * of src/store/ wrote it) forgets what depends on the table it touched. What is known is
 * set only with no transaction open, so it always describes committed rows; a rollback
 * only ever loses knowledge. The next process starts from the mark, which is trusted only
 * when the file is exactly as its last writer closed it cleanly (the same ledgerlift
 * version, size, mtime, inode): a writer that died, failed a write or another program's
 * change leave it unknown, and the walk runs.
 */
#ifndef LL_STORE_STAMP_H
#define LL_STORE_STAMP_H

#include <stddef.h>

struct state;

/* What a writer knows (struct state's stamp). */
struct state_stamp {
	int walk_known;  /* the planned batches are those a rebuild gives */
	long walk_shape; /* ... for the plan's limits of that value */
	long walk_batches, walk_documents; /* ... with these counts */
	int stale_none;                    /* store_orders_stale names no file */
	int pairs_none;                    /* store_orders_pairs names no pair */
};

/* Watch st's connection for writes (its update hook). */
void stamp_attach(struct state *st);

/* Take what the mark's notes (text after its first line) say: only after
 * the mark was trusted. Unknown or malformed notes say nothing. */
void stamp_from_notes(struct state *st, const char *notes);

/* The notes for a mark of st as it is now ("" when nothing is known),
 * into out (outlen bytes). */
void stamp_notes(const struct state *st, char *out, size_t outlen);

/* store_orders_stale named no file (store_orders_pairs no pair), as
 * committed (nothing with a transaction open). */
void stamp_stale_none(struct state *st);
void stamp_pairs_none(struct state *st);

#endif
