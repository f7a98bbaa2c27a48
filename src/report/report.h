/*
 * report.h - the Excel audit workbook written from the state file.
 *
 * The workbook ties every deposit (bank payout) to the cent to the Xero
 * documents planned or posted from it: Read me, Summary (one page of
 * reconciliation per platform and currency), Charts, Settlements,
 * Documents, Payments, Lines, Files, Rejects, History, Monthly, Batches
 * and Calls, every sheet set up to print. It reads the state file only,
 * in one read transaction, so it is a consistent snapshot.
 * Sheet by sheet: docs/report.md.
 */
#ifndef LL_REPORT_H
#define LL_REPORT_H

#include <stdint.h>

#include "store/state.h"
#include "util/err.h"

struct report_opts {
	const char *title;         /* first line of the Summary sheet */
	int64_t run_id;            /* run shown in the Summary header; 0 = latest */
	uint32_t rows_per_sheet;   /* data rows before a table continues on a
				    * new sheet "Lines (2)"; 0 = Excel's limit
				    * (1,048,575). Tests set it small. */
};

#define REPORT_OPTS_INIT { "ledgerlift audit", 0, 0 }

/*
 * Write the workbook for the state in st to path (o may be NULL for the
 * defaults). The workbook is written to "<path>.tmp-XXXXXX" in the same
 * folder, fsynced, renamed over path and the folder fsynced, so a crash
 * never leaves a half workbook at path and an older workbook at path
 * stays until the new one is complete. Memory stays bounded whatever the
 * size of the state (libxlsxwriter's constant_memory mode; rows stream
 * from SQLite).
 *
 * A stop request (SIGINT/SIGTERM, util/intr.h) abandons it between two
 * rows: LL_ETRANSIENT, nothing written at path.
 *
 * Returns 0, LL_ENOTFOUND when o->run_id names no run, or LL_ERROR (I/O,
 * SQLite, libxlsxwriter); err is filled on failure and no temp file is
 * left behind.
 */
int report_write(struct state *st, const char *path,
		 const struct report_opts *o, struct ll_err *err);

#endif
