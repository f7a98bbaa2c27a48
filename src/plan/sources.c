/*
 * sources.c - an input file's record across plans (sources.h): whether
 * it is read again (and, before the run reads anything, whether it likely
 * is: for the parser threads), resetting it for a new read, recording the
 * outcome, and counting what its would-change warnings say; the parts of
 * the plan key.
 */
#include "plan/sources.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "formats/platforms.h"
#include "store/completeness.h"
#include "store/orders.h"
#include "store/rejects.h"
#include "util/date.h"
#include "util/log.h"

/* Read before with an outcome that holds (parsed, or unchanged since). */
static int settled(const struct sources_file *f)
{
	return f->found && f->prev.size == f->size && f->prev.mtime == f->mtime &&
	       (!strcmp(f->prev.status, "parsed") || !strcmp(f->prev.status, "unchanged"));
}

/* 1 when format is one of the formats of the platform that holds money
 * in an account of its own (PayPal) */
static int wallet_format(const char *format)
{
	const struct platform_def *p = platform_with(PLATFORM_WALLET);
	size_t i;

	for (i = 0; p && i < p->nformats; i++)
		if (!strcmp(p->formats[i].name, format))
			return 1;
	return 0;
}

int sources_keep(struct state *st, const struct sources_file *f, struct ll_err *err)
{
	char fmt[64] = "";
	int wallet = 0;

	if (f->found && f->wallet_changed) {
		store_source_format(st, f->prev.id, fmt, sizeof(fmt));
		wallet = wallet_format(fmt);
	}

	if (f->remap && (f->zone_changed || wallet) && settled(f)) {
		/* its documents went to Xero dated in the zone (or cut by the
		 * model) they were planned in: re-reading its rows would plan
		 * other days beside the posted ones and count the money twice,
		 * so the file keeps its plan */
		int sent = store_source_sent(st, f->prev.id, err);
		const char *code = wallet ? "model-kept" : "zone-kept";
		char msg[1200];

		if (sent < 0)
			return LL_ERROR;
		if (sent) {
			if (wallet)
				snprintf(msg, sizeof(msg), "documents from this file are already"
					 " in Xero, planned with PayPal's other model (settings"
					 " paypal.model: account or transfer); the file keeps that"
					 " plan. To post it the other way, undo the runs that"
					 " posted it ('ledgerlift undo --run N') and plan again");
			else
				snprintf(msg, sizeof(msg), "documents from this file are already"
					 " in Xero, dated in the time zone they were planned in;"
					 " the file keeps those dates (%s now). To re-date them,"
					 " undo the runs that posted them ('ledgerlift undo --run"
					 " N') and plan again", f->zone ? f->zone
									: "dates as written");
			if (store_reject_clear(st, f->prev.id, code, err) ||
			    store_reject_add(st, f->prev.id, f->path, 0, "warning", code, msg, err))
				return LL_ERROR;
			log_debug("%s:0: warning: %s", f->path, msg);
			return store_source_unchanged(st, f->prev.id, err) ? LL_ERROR : 1;
		}
	}
	if (!f->remap && !f->force && settled(f)) {
		if (store_source_unchanged(st, f->prev.id, err))
			return LL_ERROR;
		log_debug("%s: unchanged, not read again", f->path);
		return 1;
	}
	return 0;
}

int sources_likely_read(struct state *st, const char *path, int remap, int force,
			int repost_changed, struct ll_err *err)
{
	struct sources_file f;
	struct stat sb;

	if (remap || force)
		return 1;
	memset(&f, 0, sizeof(f));
	if (stat(path, &sb) != 0)
		memset(&sb, 0, sizeof(sb));
	f.size = (int64_t)sb.st_size;
	f.mtime = (int64_t)sb.st_mtime;
	f.found = store_source_find(st, path, &f.prev, err);
	if (f.found < 0)
		return LL_ERROR;
	if (f.found && repost_changed) {
		int has = store_reject_has_repost(st, f.prev.id, err);

		if (has < 0)
			return LL_ERROR;
		if (has)
			return 1;
	}
	return !settled(&f);
}

int sources_start(struct state *st, const struct sources_file *f, int64_t *id,
		  struct ll_err *err)
{
	if (store_source_start(st, f->path, f->size, f->mtime, id, err) ||
	    store_reject_clear(st, *id, NULL, err) ||
	    store_completeness_clear(st, *id, err) ||
	    store_orders_clear_source(st, *id, err))
		return LL_ERROR;
	/* a deposit the file no longer gives (a day a new time zone moved
	 * its orders off, a payout edited out) must not stay planned beside
	 * the new ones: the read plans again what the file still holds */
	return f->found ? store_source_drop_unsent(st, *id, err) : 0;
}

int sources_finish(struct state *st, int64_t id, const char *format, const char *status,
		   const char *reason, const struct parse_stats *ps, long settlements,
		   const char *hash, struct ll_err *err)
{
	struct store_source_end e;
	char fd[11] = "", ld[11] = "";

	if (ps && ps->first_days) {
		date_days_ymd(ps->first_days, fd);
		date_days_ymd(ps->last_days, ld);
	}
	e.format = format;
	e.status = status;
	e.reason = reason;
	e.rows = ps ? ps->rows : 0;
	e.settlements = settlements;
	e.first_date = fd;
	e.last_date = ld;
	e.hash = hash;
	return store_source_finish(st, id, &e, err);
}

const char *sources_err_code(const struct ll_err *e)
{
	if (strstr(e->msg, "truncated gzip"))
		return "truncated-gzip";
	if (strstr(e->msg, "corrupt gzip"))
		return "corrupt-gzip";
	if (strstr(e->msg, "unknown column set"))
		return "unknown-columns";
	if (strstr(e->msg, "line longer"))
		return "line-too-long";
	return "read-error";
}

/* The part of a plan key that starts with `tag` ("/tz=", "/wallet="), up
 * to the next part ("/wallet=" and "/period=" follow "/tz=", whose zone
 * has slashes; "/period=" follows "/wallet="), or "" when the key has
 * none. */
void sources_key_part(const char *key, const char *tag, char *out, size_t outlen)
{
	static const char *const next[] = { "/wallet=", "/period=" };
	const char *a = strstr(key, tag);
	size_t len = a ? strlen(a) : 0, i;

	for (i = 0; a && i < sizeof(next) / sizeof(next[0]); i++) {
		const char *w = strstr(a + 1, next[i]);

		if (w && (size_t)(w - a) < len)
			len = (size_t)(w - a);
	}
	snprintf(out, outlen, "%.*s", (int)len, a ? a : "");
}

/* "...(would change N posted document(s)...": N, or 1 without a count */
static int add_would_change(void *ctx, const char *m)
{
	long *n = ctx;
	const char *p = m ? strstr(m, "(would change ") : NULL;
	long v = 0;

	if (!p) {
		(*n)++;
		return 0;
	}
	for (p += 14; *p >= '0' && *p <= '9' && v < 100000000; p++)
		v = v * 10 + (*p - '0');
	*n += v;
	return 0;
}

long sources_would_change(struct state *st, int64_t run_id, struct ll_err *err)
{
	long n = 0;

	if (store_reject_would_change(st, run_id, add_would_change, &n, err))
		return -1;
	return n;
}
