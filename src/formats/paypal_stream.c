/*
 * paypal_stream.c - a time-ordered PayPal file cut as its rows stream past
 * (paypal_cut.h, pp_stream), in memory bounded by the largest transfer's
 * events, not by the file.
 *
 * PayPal writes its activity downloads in time order, newest first or
 * oldest first. For such a file (or any other once its store is sorted:
 * pp_store_sort) the sort pp_cut and pp_days need (by currency, instant,
 * file order) is the order a pp_src reads the rows in,
 * so each currency is read once in that order (the currencies in the
 * sort's order, so deposits, messages and fates come in the same order as
 * after the sort) and cut as pp_cut and pp_days do:
 *
 * - transfer model: the rows since the previous transfer are kept (in a
 *   store of their own, which moves to a temporary file past its budget)
 *   until the transfer that closes them, then become its deposit
 *   (pp_close_window) or, for a first transfer whose activity starts from
 *   a balance from before the file, are held back; those after the last
 *   transfer are held back at the end. A file where a currency that is
 *   never withdrawn converts into another (its rows join the other
 *   currency's deposits) is cut by pp_cut from its sorted store instead
 *   (PP_SORT_CUT);
 * - account model: each row goes on its day as it comes; only the rows of
 *   one instant are kept, to put them in the order their Balance cells
 *   chain (as chain_order does after the sort).
 *
 * Each row's fate is said as soon as it is settled, in the same order as
 * pp_fates would. Deposits stay in the set until the file ends (a day can
 * gain rows from anywhere in it), their events spilled past the budget.
 */
#include "paypal_cut.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/parse_paypal.h"

static int usable(const struct pp_row *p)
{
	return !p->skip && !p->bad;
}

static int by_cur(const void *a, const void *b)
{
	return strcmp(((const struct pp_cur *)a)->cur, ((const struct pp_cur *)b)->cur);
}

/* the rows of a currency the cut never reads: their fates */
static int fates_only(struct pp_ctx *c, struct pp_src *src)
{
	struct pp_row *p;
	int rc = 0;

	while (rc == 0 && (p = pp_src_next(src)))
		rc = pp_fate(c, p);
	return rc;
}

/* what the rows since the last transfer hold */
struct window {
	struct pp_store rows;
	size_t nonskip, usable;
	struct pp_row first;  /* the first usable row with a date */
	int has_first;
};

/* the window's rows (and W, when given), held back or left out, why */
static int window_fates(struct pp_ctx *c, struct window *win, struct pp_row *W,
			enum pp_why why)
{
	struct pp_row buf[1], *blk = NULL, *one = NULL;
	size_t i;
	int rc = 0;

	if (!pp_store_in_memory(&win->rows) && !(blk = malloc(PP_BLOCK * sizeof(*blk))))
		return LL_ERROR;
	for (i = 0; i < win->rows.n && rc == 0; i++) {
		size_t b = i % PP_BLOCK;

		if (b == 0) {
			size_t m = win->rows.n - i < PP_BLOCK ? win->rows.n - i : PP_BLOCK;

			one = pp_store_get(&win->rows, i, m, blk);
			if (!one) {
				rc = LL_ERROR;
				break;
			}
		}
		buf[0] = one[b];
		if (!buf[0].skip && !buf[0].done)
			buf[0].why = why;
		rc = pp_fate(c, &buf[0]);
	}
	free(blk);
	if (rc == 0 && W) {
		W->why = why;
		rc = pp_fate(c, W);
	}
	return rc;
}

/* one currency, transfer model: pp_cut's second loop, streaming */
static int cut_currency(struct pp_ctx *c, struct pp_src *src, struct window *win)
{
	const char *cur = src->cur;
	struct pp_row *p;
	int64_t open = 0;
	int has_open = 0, seen = 0, first = 1;

	pp_store_reset(&win->rows);
	win->nonskip = win->usable = 0;
	win->has_first = 0;
	while ((p = pp_src_next(src))) {
		if (!seen && usable(p)) { /* opening_balance */
			seen = 1;
			has_open = p->has_bal;
			if (p->has_bal)
				open = p->balance - p->net;
		}
		if (!usable(p) || !p->withdrawal) {
			if (pp_store_add(&win->rows, p))
				return LL_ERROR;
			win->nonskip += !p->skip;
			win->usable += usable(p);
			if (!win->has_first && usable(p) && p->days) {
				win->first = *p;
				win->has_first = 1;
			}
			continue;
		}
		if (first && !(has_open && open == 0)) {
			struct pp_row W = *p, head;

			if (win->rows.n) {
				struct pp_row *h = pp_store_get(&win->rows, 0, 1, &head);

				if (!h)
					return LL_ERROR;
				head = *h;
			} else {
				head = W;
			}
			parse_reject(c->sink, c->path, head.line, "warning",
				     "partial-transfer",
				     "%s: the activity before transfer %s starts with a "
				     "balance of %s carried from before this file; not "
				     "imported (a download from earlier has it whole)", cur,
				     W.txid, has_open ? "non-zero" : "unknown");
			if (window_fates(c, win, &W, PW_PARTIAL))
				return LL_ERROR;
		} else if (pp_close_window(c, &win->rows, win->nonskip,
					   win->has_first ? &win->first : NULL, p, open,
					   has_open) ||
			   mkt_check_now(&c->set)) {
			return LL_ERROR;
		}
		first = 0;
		open = p->has_bal ? p->balance : 0;
		has_open = p->has_bal;
		pp_store_reset(&win->rows);
		win->nonskip = win->usable = 0;
		win->has_first = 0;
	}
	if (src->error)
		return LL_ERROR;
	if (win->rows.n) {
		struct pp_row head, *h = pp_store_get(&win->rows, 0, 1, &head);

		if (!h)
			return LL_ERROR;
		head = *h;
		if (win->usable)
			parse_reject(c->sink, c->path, head.line, "warning", "no-transfer",
				     "%zu %s row(s) after the last transfer to the bank "
				     "(first on line %ld): not imported until a download "
				     "includes their transfer", win->usable, cur, head.line);
		if (window_fates(c, win, NULL, PW_NO_TRANSFER))
			return LL_ERROR;
	}
	return 0;
}

/* account model: one row on its day, its fate said */
static int day_row(struct pp_ctx *c, struct pp_day *st, struct pp_row *p,
		   const struct parse_wallet *w, struct pp_row *prev, int *has_prev)
{
	if (pp_day_row(c, st, p, w) || pp_fate(c, p) || mkt_check(&c->set))
		return LL_ERROR;
	*prev = *p;
	*has_prev = 1;
	return 0;
}

/* the rows of one instant held in c->rows: chained, then on their days */
static int flush_instant(struct pp_ctx *c, struct pp_day *st, const struct parse_wallet *w,
			 struct pp_row *prev, int *has_prev)
{
	size_t i, n = c->n;

	if (n > 1)
		pp_chain_instant(c, 0, n, *has_prev ? prev->balance : 0,
				 *has_prev && usable(prev) && prev->has_bal);
	c->n = 0;
	for (i = 0; i < n; i++)
		if (day_row(c, st, &c->rows[i], w, prev, has_prev))
			return LL_ERROR;
	return 0;
}

/* one currency, account model: currency_days, streaming */
static int days_currency(struct pp_ctx *c, struct pp_src *src, const struct parse_wallet *w)
{
	struct pp_day st;
	struct pp_row prev, *p;
	int has_prev = 0, in = 0, broken = 0;
	int64_t at = 0;

	memset(&prev, 0, sizeof(prev));
	pp_day_begin(&st, src->cur);
	c->n = 0;
	while ((p = pp_src_next(src))) {
		if (in && p->utc != at) {
			if (flush_instant(c, &st, w, &prev, &has_prev))
				return LL_ERROR;
			in = 0;
		}
		if (!in) {
			in = 1;
			at = p->utc;
			broken = 0;
		}
		if (!broken && (!usable(p) || !p->has_bal)) {
			/* an instant with such a row is not reordered: its rows
			 * go on as they come */
			broken = 1;
			if (flush_instant(c, &st, w, &prev, &has_prev))
				return LL_ERROR;
		}
		if (broken) {
			if (day_row(c, &st, p, w, &prev, &has_prev))
				return LL_ERROR;
			continue;
		}
		if (c->n == c->cap) {
			size_t nc = c->cap ? c->cap * 2 : 16;
			struct pp_row *nr = realloc(c->rows, nc * sizeof(*nr));

			if (!nr)
				return LL_ERROR;
			c->rows = nr;
			c->cap = nc;
		}
		c->rows[c->n++] = *p;
	}
	if (src->error || flush_instant(c, &st, w, &prev, &has_prev))
		return LL_ERROR;
	pp_day_end(c, &st);
	return 0;
}

int pp_stream(struct pp_ctx *c, struct pp_cur *curs, size_t ncur,
	      const struct parse_wallet *w)
{
	struct window win;
	struct pp_src src;
	size_t k;
	int rc = 0;

	memset(&win, 0, sizeof(win));
	pp_store_init(&win.rows, c->set.spill.budget / 4, sizeof(struct pp_row));
	qsort(curs, ncur, sizeof(*curs), by_cur);
	for (k = 0; k < ncur && rc == 0; k++) {
		if (pp_src_open(&src, &c->store, curs[k].cur, !curs[k].asc,
				curs[k].undated > 0)) {
			rc = LL_ERROR;
			break;
		}
		if (!curs[k].cur[0]) /* rows without a currency were reported */
			rc = fates_only(c, &src);
		else if (w)
			rc = days_currency(c, &src, w);
		else
			rc = cut_currency(c, &src, &win);
		if (rc == 0 && src.error)
			rc = LL_ERROR;
		pp_src_close(&src);
	}
	if (win.rows.err[0] && !c->store.err[0])
		memcpy(c->store.err, win.rows.err, sizeof(c->store.err));
	pp_store_free(&win.rows);
	return rc;
}

/*
 * What a dated row tells of the file (its date range, its currency's
 * order, transfers and conversions), once every row is read: a file
 * whose currencies each run one way in time is cut as it streams.
 */
void pp_note_row(struct pp_order *r, struct parse_stats *stats, const struct pp_row *p)
{
	struct pp_cur *k = NULL;
	size_t i;

	if (p->days && !p->bad && !p->skip) {
		if (!stats->first_days || p->days < stats->first_days)
			stats->first_days = p->days;
		if (p->days > stats->last_days)
			stats->last_days = p->days;
	}
	for (i = 0; i < r->ncur; i++)
		if (!strcmp(r->curs[i].cur, p->cur)) {
			k = &r->curs[i];
			break;
		}
	if (!k) {
		if (r->ncur == PP_MAX_CURS) {
			r->no_stream = 1;
			return;
		}
		k = &r->curs[r->ncur++];
		memset(k, 0, sizeof(*k));
		memcpy(k->cur, p->cur, sizeof(k->cur));
		k->asc = k->desc = 1;
	}
	if (!p->skip && !p->bad) {
		k->withdrawn |= p->withdrawal;
		k->converts |= p->cls == PT_CONVERSION;
	}
	if (p->utc == 0) { /* sorted first, in file order: read first */
		k->undated++;
		return;
	}
	if (p->utc < 0)
		r->no_stream = 1; /* before 1970: would sort before those */
	if (k->seen) {
		k->asc &= p->utc >= k->last;
		k->desc &= p->utc <= k->last;
	}
	k->seen = 1;
	k->last = p->utc;
}

enum pp_way pp_way(const struct pp_order *r, int by_day)
{
	const char *env = getenv("LEDGERLIFT_PAYPAL_SORT");
	enum pp_way way = PP_STREAM;
	size_t i;

	if (env && *env == '1')
		return PP_SORT_MEMORY;
	if (r->no_stream)
		return by_day ? PP_SORT_MEMORY : PP_SORT_CUT;
	for (i = 0; i < r->ncur; i++) {
		/* a currency never withdrawn, converted into one that is:
		 * its rows join another currency's deposits (pp_cut) */
		if (!by_day && r->curs[i].cur[0] && !r->curs[i].withdrawn &&
		    r->curs[i].converts)
			return PP_SORT_CUT;
		if (!r->curs[i].asc && !r->curs[i].desc)
			way = PP_SORT_STREAM;
	}
	return way;
}

long paypal_files_streamed, paypal_files_sorted, paypal_files_held, paypal_files_cut_stored;
