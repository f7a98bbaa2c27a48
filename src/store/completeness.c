/*
 * completeness.c - the completeness table (completeness.h): writing a
 * file's entries, and the readers of the per-file and total figures.
 */
#include "store/completeness.h"

#include <stdio.h>
#include <string.h>

#include "formats/event.h"
#include "formats/platforms.h"
#include "store/store_int.h"
#include "util/coverage.h"
#include "util/date.h"
#include "util/money.h"

int store_completeness_clear(struct state *st, int64_t source_id, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "DELETE FROM completeness WHERE source_id=?", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	return state_step_done(st, s, err);
}

int store_completeness_add(struct state *st, int64_t source_id, const char *currency,
			   const char *fate, const char *reason, int64_t rows,
			   int64_t amount_minor, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;

	if (state_stmt(st, &s, "INSERT INTO completeness(source_id, currency, fate, reason,"
		       " rows, amount_minor) VALUES(?,?,?,?,?,?)", err))
		return LL_ERROR;
	sqlite3_bind_int64(s, 1, source_id);
	state_bind_text(s, 2, currency ? currency : "");
	state_bind_text(s, 3, fate);
	state_bind_text(s, 4, reason ? reason : "");
	sqlite3_bind_int64(s, 5, rows);
	sqlite3_bind_int64(s, 6, amount_minor);
	return state_step_done(st, s, err);
}

#define FATE_ORDER "CASE c.fate WHEN 'imported' THEN 0 WHEN 'held' THEN 1 ELSE 2 END"

static const char *const read_sql[] = {
	[STORE_COMPLETENESS_FILES] =
		"SELECT src.path, coalesce(src.format, ''), coalesce(src.rows, 0),"
		" c.currency, c.fate, c.reason, c.rows, c.amount_minor"
		" FROM completeness c JOIN sources src ON src.id = c.source_id"
		" ORDER BY src.path, c.currency, " FATE_ORDER ", c.reason",
	[STORE_COMPLETENESS_RUN] =
		"SELECT src.path, coalesce(src.format, ''), coalesce(src.rows, 0),"
		" c.currency, c.fate, c.reason, c.rows, c.amount_minor"
		" FROM completeness c JOIN sources src ON src.id = c.source_id"
		" WHERE src.run_id = ?1"
		" ORDER BY src.path, c.currency, " FATE_ORDER ", c.reason",
	[STORE_COMPLETENESS_TOTALS] =
		"SELECT NULL, NULL, 0, c.currency, c.fate, c.reason, sum(c.rows),"
		" sum(c.amount_minor) FROM completeness c"
		" JOIN sources src ON src.id = c.source_id"
		" GROUP BY c.currency, c.fate, c.reason"
		" ORDER BY c.currency, " FATE_ORDER ", c.reason",
};

int store_read_completeness(struct state *st, enum store_completeness_scope scope,
			    int64_t run_id,
			    int (*fn)(void *ctx, const struct store_completeness *c),
			    void *ctx, struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0, step;

	if ((size_t)scope >= sizeof(read_sql) / sizeof(read_sql[0]))
		return ll_err_set(err, LL_ERROR, NULL, 0, "no such scope %d", (int)scope);
	if (state_prepare(st, &s, read_sql[scope], err))
		return LL_ERROR;
	if (scope == STORE_COMPLETENESS_RUN)
		sqlite3_bind_int64(s, 1, run_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_completeness c;
		const char *cur = state_col_text(s, 3), *reason = state_col_text(s, 5);

		memset(&c, 0, sizeof(c));
		c.path = state_col_text(s, 0);
		c.format = state_col_text(s, 1);
		c.file_rows = sqlite3_column_int64(s, 2);
		c.currency = cur ? cur : "";
		c.fate = state_col_text(s, 4);
		c.reason = reason ? reason : "";
		c.rows = sqlite3_column_int64(s, 6);
		c.amount_minor = sqlite3_column_int64(s, 7);
		if ((rc = fn(ctx, &c)))
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}

int store_read_completeness_totals(struct state *st, struct store_completeness_totals *out,
				   struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	int step;

	memset(out, 0, sizeof(*out));
	if (state_prepare(st, &s,
			  "SELECT count(DISTINCT c.source_id), coalesce(sum(c.rows), 0),"
			  " coalesce(sum(CASE WHEN c.fate='imported' THEN c.rows END), 0),"
			  " coalesce(sum(CASE WHEN c.fate='held' THEN c.rows END), 0),"
			  " coalesce(sum(CASE WHEN c.fate='left' THEN c.rows END), 0),"
			  " count(DISTINCT CASE WHEN c.fate='held' THEN c.source_id END),"
			  " count(DISTINCT CASE WHEN c.fate='left' THEN c.source_id END)"
			  " FROM completeness c JOIN sources src ON src.id = c.source_id", err))
		return LL_ERROR;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->files = sqlite3_column_int64(s, 0);
		out->rows = sqlite3_column_int64(s, 1);
		out->imported = sqlite3_column_int64(s, 2);
		out->held = sqlite3_column_int64(s, 3);
		out->left = sqlite3_column_int64(s, 4);
		out->files_with_held = sqlite3_column_int64(s, 5);
		out->files_with_left = sqlite3_column_int64(s, 6);
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW)
		return state_fail(st, err);
	if (state_prepare(st, &s,
			  "SELECT c.currency,"
			  " coalesce(sum(CASE WHEN c.fate='held' THEN c.amount_minor END), 0),"
			  " coalesce(sum(CASE WHEN c.fate='left' THEN c.amount_minor END), 0)"
			  " FROM completeness c JOIN sources src ON src.id = c.source_id"
			  " WHERE c.currency <> '' AND c.fate IN ('held','left')"
			  " GROUP BY c.currency ORDER BY c.currency", err))
		return LL_ERROR;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->nmoney == STORE_COMPLETENESS_CURRENCIES) {
			out->more_currencies++;
			continue;
		}
		snprintf(out->money[out->nmoney].currency, sizeof(out->money[0].currency), "%.3s",
			 state_col_text(s, 0));
		out->money[out->nmoney].held = sqlite3_column_int64(s, 1);
		out->money[out->nmoney].left = sqlite3_column_int64(s, 2);
		out->nmoney++;
	}
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : state_fail(st, err);
}

char *store_completeness_money_text(const struct store_completeness_totals *t,
				    const char *fate, char *out, size_t outlen)
{
	int held = !strcmp(fate, "held");
	size_t i, len = 0, n = 0;

	if (!outlen)
		return out;
	out[0] = '\0';
	for (i = 0; i < t->nmoney && len + 1 < outlen; i++) {
		int64_t a = held ? t->money[i].held : t->money[i].left;
		char m[48];

		if (!a)
			continue; /* rows without money (a memo, a row unread) */
		money_format(m, sizeof(m), a, currency_exponent(t->money[i].currency));
		len += (size_t)snprintf(out + len, outlen - len, "%s%s %s", n++ ? ", " : "",
					t->money[i].currency, m);
	}
	if (t->more_currencies && len + 1 < outlen)
		snprintf(out + len, outlen - len, "%sand %lld more currencies (Completeness)",
			 n ? ", " : "", (long long)t->more_currencies);
	return out;
}

/* the plural of a platform's deposit noun for a coverage line */
static const char *plural(const char *platform, int days)
{
	const char *n;
	struct deposit d;

	if (days)
		return "day deposits";
	memset(&d, 0, sizeof(d));
	snprintf(d.platform, sizeof(d.platform), "%.15s", platform);
	n = deposit_noun(&d);
	return !strcmp(n, "settlement") ? "settlements" : !strcmp(n, "transfer") ? "transfers"
							 : "payouts";
}

int store_read_coverage(struct state *st,
			int (*fn)(void *ctx, const struct store_coverage *c), void *ctx,
			struct ll_err *err)
{
	sqlite3_stmt *s = NULL;
	struct coverage cov;
	char platform[16] = "", currency[8] = "", kind[16] = "";
	int rc = 0, step, open = 0;

	if (state_prepare(st, &s,
			  "SELECT platform, coalesce(currency, ''), CASE deposit_kind WHEN 'day' THEN"
			  " 'days' ELSE 'payouts' END, coalesce(nullif(start_date, ''),"
			  " deposit_date), coalesce(nullif(end_date, ''), deposit_date),"
			  " deposit_minor FROM settlements WHERE status='tied'"
			  " ORDER BY 1, 2, 3, 4, 5", err))
		return LL_ERROR;
	for (;;) {
		int64_t a = 0, b = 0;
		const char *p = NULL, *c = NULL, *k = NULL;

		step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			p = state_col_text(s, 0);
			c = state_col_text(s, 1);
			k = state_col_text(s, 2);
		}
		if (open && (step != SQLITE_ROW || strcmp(p, platform) || strcmp(c, currency) ||
			     strcmp(k, kind))) {
			struct store_coverage sc;

			sc.platform = platform;
			sc.title = platform_title(platform);
			sc.currency = currency;
			sc.kind = kind;
			sc.noun = plural(platform, !strcmp(kind, "days"));
			sc.c = &cov;
			coverage_finish(&cov);
			rc = fn(ctx, &sc);
			coverage_free(&cov);
			open = 0;
			if (rc)
				break;
		}
		if (step != SQLITE_ROW)
			break;
		if (!open) {
			snprintf(platform, sizeof(platform), "%.15s", p);
			snprintf(currency, sizeof(currency), "%s", c);
			snprintf(kind, sizeof(kind), "%s", k);
			/* settlements that state their period chain end to start;
			 * payouts by their day; day summaries have no gaps */
			coverage_init(&cov, !strcmp(kind, "days") ? COVERAGE_NONE
					    : platform_has(platform, PLATFORM_PERIODS)
						    ? COVERAGE_CHAIN : COVERAGE_CADENCE);
			open = 1;
		}
		if (!state_col_text(s, 3) || date_parse_ymd(&a, state_col_text(s, 3)))
			a = 0;
		if (!state_col_text(s, 4) || date_parse_ymd(&b, state_col_text(s, 4)))
			b = a;
		coverage_add(&cov, a, b, sqlite3_column_int64(s, 5));
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = state_fail(st, err);
	sqlite3_finalize(s);
	return rc;
}
