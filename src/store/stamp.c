/*
 * stamp.c - what a writer knows of the planned batches and stale orders
 * (stamp.h): forgotten by the connection's update hook on any row change
 * of the tables it depends on, handed on in the clean-close mark's notes.
 *
 * No SQL and no counter in the file: the hook costs a name comparison per
 * row written (SQLite triggers doing the same made every insert spill a
 * statement journal: first plans 60% slower, commit ffe8da0). SQLite does
 * not call it for a DELETE without WHERE (its truncate optimization) nor
 * for WITHOUT ROWID tables: the store writes neither to these tables.
 */
#include "store/stamp.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

static void on_write(void *ctx, int op, const char *db, const char *table,
		     sqlite3_int64 rowid)
{
	struct state *st = ctx;

	(void)db;
	(void)rowid;
	/* the first letter first: most rows written are of other tables
	 * (lines, settlements, completeness), a first plan writes millions */
	switch (table[0]) {
	case 'd':
	case 'b':
		/* what the batch walk reads (batches.c: BATCHABLE_SQL,
		 * store_batch_planned, store_batch_base) */
		if (!strcmp(table, "documents") || !strcmp(table, "batches"))
			st->stamp.walk_known = 0;
		break;
	case 'o':
	case 's':
		/* what store_orders_stale and store_orders_pairs read: the
		 * orders, and of the sources their id and path, which no
		 * UPDATE changes (sources.c: a re-plan marks every source
		 * 'unchanged') */
		if (!strcmp(table, "orders") ||
		    (op != SQLITE_UPDATE && !strcmp(table, "sources")))
			st->stamp.stale_none = st->stamp.pairs_none = 0;
		break;
	}
}

void stamp_attach(struct state *st)
{
	sqlite3_update_hook(st->db, on_write, st);
}

void stamp_from_notes(struct state *st, const char *notes)
{
	const char *p = notes;

	while (p && *p) {
		long shape, b, d;
		char tail;

		if (sscanf(p, "walk %ld batches %ld documents %ld%c", &shape, &b, &d,
			   &tail) == 4 &&
		    tail == '\n' && b >= 0 && d >= 0) {
			st->stamp.walk_known = 1;
			st->stamp.walk_shape = shape;
			st->stamp.walk_batches = b;
			st->stamp.walk_documents = d;
		} else if (!strncmp(p, "stale none\n", 11)) {
			st->stamp.stale_none = 1;
		} else if (!strncmp(p, "pairs none\n", 11)) {
			st->stamp.pairs_none = 1;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

void stamp_notes(const struct state *st, char *out, size_t outlen)
{
	size_t n = 0;

	out[0] = '\0';
	if (st->stamp.walk_known)
		n += (size_t)snprintf(out, outlen, "walk %ld batches %ld documents %ld\n",
				      st->stamp.walk_shape, st->stamp.walk_batches,
				      st->stamp.walk_documents);
	if (st->stamp.stale_none && n < outlen)
		n += (size_t)snprintf(out + n, outlen - n, "stale none\n");
	if (st->stamp.pairs_none && n < outlen)
		snprintf(out + n, outlen - n, "pairs none\n");
}

void stamp_stale_none(struct state *st)
{
	if (sqlite3_get_autocommit(st->db))
		st->stamp.stale_none = 1;
}

void stamp_pairs_none(struct state *st)
{
	if (sqlite3_get_autocommit(st->db))
		st->stamp.pairs_none = 1;
}
