/*
 * report.c - the Excel audit workbook (report.h, docs/report.md).
 *
 * The workbook is written from the state file alone, inside one read
 * transaction so every sheet shows the same snapshot. Each sheet is a
 * table declared once as a `struct table`: its name, its columns (header,
 * kind, width) and the state's read view (store/read.h) that yields one
 * value per sheet column (sheets.c); report_table() (cells.c) streams the view's rows into the
 * sheet with libxlsxwriter in constant_memory mode (rows go to a temp file
 * as they are written, so they must come in order and each sheet is
 * finished before the next starts); memory stays bounded however many
 * documents and lines there are, and a table longer than a sheet goes on
 * in "Lines (2)". Money is stored as integer minor units and becomes a
 * double only when a cell is written, divided by 10^exponent of the row's
 * currency and shown with that many decimals. The Summary sheet is the
 * hand-written one page of the reconciliation (summary.c), the charts and
 * their Monthly figures (monthly.c) and the Read me (readme.c); what they
 * show is read once, before the first sheet (recon.c). This file keeps
 * the sheet list, the formats and the writing of the file: the finished file reaches its path by temp file, fsync,
 * rename and folder fsync, so a crash never leaves half a workbook there.
 */
#include "report/report_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/meta.h"
#include "store/runs.h"
#include "util/date.h"
#include "util/intr.h"
#include "util/money.h"

/* --- the workbook --------------------------------------------------- */

static void formats_init(struct report *r)
{
	static const char *const money_fmt[4] = {
		"#,##0;-#,##0", "#,##0.0;-#,##0.0", "#,##0.00;-#,##0.00",
		"#,##0.000;-#,##0.000" };
	int strong, ex;

	r->head = workbook_add_format(r->wb);
	format_set_bold(r->head);
	format_set_bg_color(r->head, 0xDDEBF7);
	format_set_bottom(r->head, LXW_BORDER_THIN);
	format_set_text_wrap(r->head);
	format_set_align(r->head, LXW_ALIGN_VERTICAL_TOP);
	r->title = workbook_add_format(r->wb);
	format_set_bold(r->title);
	format_set_font_size(r->title, 14);
	r->section = workbook_add_format(r->wb);
	format_set_bold(r->section);
	format_set_font_size(r->section, 12);
	r->note = workbook_add_format(r->wb);
	format_set_italic(r->note);
	r->wrap = workbook_add_format(r->wb);
	format_set_text_wrap(r->wrap);
	format_set_align(r->wrap, LXW_ALIGN_VERTICAL_TOP);
	r->link_text = workbook_get_default_url_format(r->wb);
	r->link_count = workbook_add_format(r->wb);
	format_set_num_format(r->link_count, "#,##0");
	format_set_underline(r->link_count, LXW_UNDERLINE_SINGLE);
	format_set_font_color(r->link_count, LXW_COLOR_BLUE);
	r->date = workbook_add_format(r->wb);
	format_set_num_format(r->date, "yyyy-mm-dd");
	r->id = workbook_add_format(r->wb);
	format_set_num_format(r->id, "0");
	r->text[0] = NULL;
	r->text[1] = workbook_add_format(r->wb);
	format_set_bold(r->text[1]);
	for (strong = 0; strong < 2; strong++) {
		r->count[strong] = workbook_add_format(r->wb);
		format_set_num_format(r->count[strong], "#,##0");
		for (ex = 0; ex < 4; ex++) {
			r->money[strong][ex] = workbook_add_format(r->wb);
			format_set_num_format(r->money[strong][ex], money_fmt[ex]);
		}
		if (strong) {
			format_set_bold(r->count[strong]);
			for (ex = 0; ex < 4; ex++)
				format_set_bold(r->money[strong][ex]);
		}
	}
}

/* The sheets, in the workbook's order: a new sheet is a function in its
 * own file (report_int.h) and a row here. Payments and History are left
 * out when they would be empty. */
static int (*const sheets[])(struct report *r, const struct report_opts *o) = {
	report_sheet_readme,
	report_sheet_summary,
	report_sheet_charts,
	report_sheet_settlements,
	report_sheet_documents,
	report_sheet_payments,
	report_sheet_lines,
	report_sheet_files,
	report_sheet_completeness,
	report_sheet_coverage,
	report_sheet_rejects,
	report_sheet_history,
	report_sheet_monthly,
	report_sheet_batches,
	report_sheet_calls,
};

/* What every sheet may need, read before the first: the run line, the
 * organisation's ShortCode (Xero links), which optional sheets there are,
 * and the Summary's figures (r->recon). 0, LL_ENOTFOUND, LL_ERROR. */
static int report_prepare(struct report *r, const struct report_opts *o)
{
	int64_t n;
	int rc;

	if ((rc = report_run_line(r, o->run_id)) != 0)
		return rc;
	store_meta_read(r->st, "xero_shortcode", r->shortcode, sizeof(r->shortcode), NULL);
	if (store_read_count(r->st, STORE_COUNT_MOVES, &n, r->err))
		return LL_ERROR;
	r->has_moves = n > 0;
	if (store_read_count(r->st, STORE_COUNT_HISTORY, &n, r->err))
		return LL_ERROR;
	r->has_history = n > 0;
	return recon_load(r, &r->recon);
}

/* Build the whole workbook into file tmp. A libxlsxwriter failure when
 * closing is returned in *close_err (0 if none). */
static int workbook_build(struct report *r, const char *tmp, char *tmpdir,
			  int zip64, const struct report_opts *o,
			  lxw_error *close_err)
{
	lxw_workbook_options wo = { LXW_TRUE, tmpdir, (uint8_t)(zip64 ? LXW_TRUE : LXW_FALSE) };
	lxw_doc_properties props;
	char title[256];
	lxw_error e;
	size_t i;
	int rc;

	*close_err = LXW_NO_ERROR;
	r->wb = workbook_new_opt(tmp, &wo);
	if (!r->wb)
		return ll_err_set(r->err, LL_ERROR, r->path, 0,
				  "audit workbook: cannot create it (out of memory "
				  "or no temp space in %s)", tmpdir);
	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "%s", o->title ? o->title : "ledgerlift audit");
	props.title = title;
	props.comments = "Written by ledgerlift " LL_VERSION " from its state file.";
	workbook_set_properties(r->wb, &props);
	formats_init(r);
	r->o = o;
	for (i = 0, rc = 0; !rc && i < sizeof(sheets) / sizeof(sheets[0]); i++)
		rc = sheets[i](r, o);
	if (intr_requested()) {
		/* stopped: free it without writing (closing would still zip
		 * every sheet, seconds for a long workbook); the file goes */
		lxw_workbook_free(r->wb);
		r->wb = NULL;
		return ll_err_set(r->err, LL_ETRANSIENT, r->path, 0, "interrupted while"
				  " writing the workbook; not written");
	}
	/* Close even after a failure: it frees everything; the file goes. */
	e = workbook_close(r->wb);
	r->wb = NULL;
	if (!rc && e) {
		*close_err = e;
		rc = report_fail(r, e, "writing the file");
	}
	return rc;
}

static int fsync_path(const char *p, int dir, struct ll_err *err)
{
	int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return ll_err_set(err, LL_ERROR, p, 0, "cannot open for fsync: %s",
				  strerror(errno));
	if (fsync(fd) != 0)
		rc = ll_err_set(err, LL_ERROR, p, 0, "fsync failed: %s",
				strerror(errno));
	close(fd);
	return rc;
}

int report_write(struct state *st, const char *path,
		 const struct report_opts *o, struct ll_err *err)
{
	static const struct report_opts defaults = REPORT_OPTS_INIT;
	struct report r;
	char tmp[4096], dir[4096];
	const char *slash;
	lxw_error close_err = LXW_NO_ERROR;
	int fd, rc = LL_ERROR, began = 0, have_tmp = 0, zip64;
	mode_t um;

	assert(st && path);
	if (!o)
		o = &defaults;
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.path = path;
	r.err = err;
	r.rows_per_sheet = o->rows_per_sheet && o->rows_per_sheet < SHEET_ROWS_MAX
				   ? o->rows_per_sheet : SHEET_ROWS_MAX;
	buf_init(&r.text_buf, (size_t)CELL_MAX * 3 + 64);

	slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= sizeof(tmp)) {
		ll_err_set(err, LL_ERROR, path, 0, "report path is too long");
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot create a temp file "
			   "beside the report: %s", strerror(errno));
		goto done;
	}
	have_tmp = 1;
	um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0) { /* a normal file, not mkstemp's 0600 */
		ll_err_set(err, LL_ERROR, tmp, 0, "chmod failed: %s", strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);

	/* One read transaction: every sheet sees the same snapshot. */
	if (state_begin_read(st, &began, err))
		goto done;
	if ((rc = report_prepare(&r, o)) != 0)
		goto done;
	rc = LL_ERROR;
	/* ZIP64 only when a part outgrows 4 GB: Excel is strict about it. */
	for (zip64 = 0; zip64 < 2; zip64++) {
		rc = workbook_build(&r, tmp, dir, zip64, o, &close_err);
		if (rc == 0 || close_err != LXW_ERROR_ZIP_BAD_ZIP_FILE)
			break;
	}
	if (rc)
		goto done;
	rc = LL_ERROR;
	if (fsync_path(tmp, 0, err))
		goto done;
	if (rename(tmp, path) != 0) {
		ll_err_set(err, LL_ERROR, path, 0, "cannot rename %s to it: %s",
			   tmp, strerror(errno));
		goto done;
	}
	have_tmp = 0;
	if (fsync_path(dir, 1, err))
		goto done;
	rc = 0;
done:
	if (began)
		state_rollback(st); /* read-only: nothing to keep */
	if (have_tmp)
		unlink(tmp);
	buf_free(&r.text_buf);
	recon_free(&r.recon);
	return rc;
}
