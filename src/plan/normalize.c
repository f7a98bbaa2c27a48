/*
 * normalize.c - tie check, content fingerprint, de-duplication (normalize.h).
 *
 * The fingerprint covers the header (id, currency, dates, total), each
 * event's amount, date, quantity and string ids in file order, and the
 * deposit's string pool (ids are given in order of first appearance, so
 * equal content gives equal ids). Line numbers are left out: a CRLF copy
 * or one with extra blank lines of the same report is the same settlement.
 * The same deposit in two formats (an Amazon flat file and a Date Range or
 * XML report, a Shopify payouts and transactions export) has different
 * events, so different hashes: across formats it is the same deposit when
 * its total and currency agree, and a conflict when they do not.
 *
 * A partial deposit (a WooCommerce day of sales outside the span its
 * monthly export covers: only the orders shown again for a later refund)
 * is part of the whole day, not another version of it: a partial copy of
 * an imported whole day is a duplicate, a whole day replaces an imported
 * partial copy (posted documents then take the would-change path), and
 * only two different partial copies, neither of them whole, are a
 * conflict. Whether the imported copy was partial is read from its note
 * (NORMALIZE_PARTIAL_NOTE), so the state file's schema is unchanged.
 */
#include "normalize.h"

#include <stdio.h>
#include <string.h>

#include "store/settlements.h"
#include "store/sources.h"
#include "util/hash.h"
#include "util/money.h"

static void hash_str(struct hash128 *h, const char *s)
{
	hash_update(h, s, strlen(s) + 1);
}

int normalize_deposit(struct deposit *d, char *note, size_t notelen)
{
	struct hash128 h;
	int64_t sum = 0;
	uint64_t mag = 0;
	int too_big = 0;
	size_t i;
	char a[48], b[48], diff[48];

	hash_init(&h);
	hash_str(&h, d->platform);
	/* a shop's deposit is the same content under any shop's name (a
	 * folder renamed, ids from before they carried the shop) */
	hash_str(&h, d->shop[0] && !strncmp(d->id, d->shop, strlen(d->shop)) &&
			     d->id[strlen(d->shop)] == ':'
		     ? d->id + strlen(d->shop) + 1 : d->id);
	hash_str(&h, d->currency);
	hash_str(&h, d->start_date);
	hash_str(&h, d->end_date);
	hash_str(&h, d->deposit_date);
	hash_update(&h, &d->total, sizeof(d->total));
	/* the events' words, hashed 32 events at a time (the same stream
	 * as one event a call) */
	for (i = 0; i < d->nev;) {
		uint64_t w[32][8];
		size_t k;

		for (k = 0; k < 32 && i < d->nev; k++, i++) {
			const struct event *e = &d->ev[i];

			/* the amounts' magnitudes must add up within int64: then
			 * every sum of some of them (a document's lines) fits too */
			mag += e->amount < 0 ? (uint64_t)0 - (uint64_t)e->amount
					     : (uint64_t)e->amount;
			if (mag > (uint64_t)INT64_MAX)
				too_big = 1;
			else
				sum += e->amount;
			w[k][0] = (uint64_t)e->amount;
			w[k][1] = (uint64_t)e->posted_days;
			w[k][2] = ((uint64_t)(uint32_t)e->quantity << 8) | e->kind;
			w[k][3] = ((uint64_t)e->ttype << 32) | e->atype;
			w[k][4] = ((uint64_t)e->adesc << 32) | e->order_id;
			w[k][5] = ((uint64_t)e->adjustment_id << 32) | e->sku;
			w[k][6] = e->marketplace;
			w[k][7] = e->party; /* 0 but for PayPal rows */
			if (e->tax_stated) /* a stated tax rate is part of what the amount says */
				w[k][7] ^= ((uint64_t)e->tax_name << 32) | (uint32_t)e->tax_rate;
		}
		hash_update(&h, w, k * sizeof(w[0]));
	}
	hash_update(&h, d->pool.data, d->pool.len);
	hash_hex(&h, d->hash);
	d->events_sum = sum;
	note[0] = '\0';
	if (sum == d->total && d->bad_rows == 0 && !too_big)
		return 1;
	money_format(a, sizeof(a), d->total, d->exponent);
	money_format(b, sizeof(b), sum, d->exponent);
	money_format(diff, sizeof(diff), money_sub(d->total, sum), d->exponent);
	if (too_big)
		snprintf(note, notelen,
			 "%s %s does not tie: %s reported %s %s, and its %zu amounts are "
			 "too large to add up (over 2^63 minor units together); not planned",
			 deposit_noun(d), d->id, platform_title(d->platform), a, d->currency,
			 d->nev);
	else if (d->bad_rows)
		snprintf(note, notelen,
			 "%s %s does not tie: %s reported %s %s, the %zu "
			 "readable amounts sum to %s (difference %s); %ld row(s) could "
			 "not be read; not planned",
			 deposit_noun(d), d->id, platform_title(d->platform), a, d->currency,
			 d->nev, b, diff, d->bad_rows);
	else
		snprintf(note, notelen,
			 "%s %s does not tie: %s reported %s %s, its %zu "
			 "amounts sum to %s (difference %s); not planned",
			 deposit_noun(d), d->id, platform_title(d->platform), a, d->currency,
			 d->nev, b, diff);
	return 0;
}

int normalize_admit(struct state *st, const struct deposit *d, int64_t source_id,
		    struct admit_info *out, struct ll_err *err)
{
	struct store_settlement_seen seen;
	int found;

	memset(out, 0, sizeof(*out));
	out->what = ADMIT_NEW;
	found = store_settlement_find(st, d->platform, d->id, &seen, err);
	if (found == 0 && d->shop[0]) {
		/* a shop's deposit imported under its id from before ids
		 * carried the shop: decided as if under this one */
		const char *base = d->id + strlen(d->shop) + 1;

		if (!strncmp(d->id, d->shop, strlen(d->shop)) && d->id[strlen(d->shop)] == ':')
			found = store_settlement_find(st, d->platform, base, &seen, err);
		if (found == 0) {
			/* the same content under another shop's name: the files
			 * moved to another folder (the shop is the folder's name) */
			found = store_settlement_find_content(st, d->platform, d->hash, &seen, err);
			if (found > 0) {
				out->row_id = seen.id;
				snprintf(out->status, sizeof(out->status), "%s", seen.status);
				snprintf(out->other_path, sizeof(out->other_path), "%s", seen.path);
				snprintf(out->other_id, sizeof(out->other_id), "%s", seen.deposit_id);
				out->other_total = seen.deposit_minor;
				out->posted = seen.posted;
				out->what = ADMIT_DUPLICATE;
				out->same_content = 1;
				return 0;
			}
		}
	}
	if (found < 0)
		return LL_ERROR;
	if (!found)
		return 0;
	snprintf(out->other_id, sizeof(out->other_id), "%s", seen.deposit_id);
	out->row_id = seen.id;
	snprintf(out->status, sizeof(out->status), "%s", seen.status);
	snprintf(out->other_path, sizeof(out->other_path), "%s", seen.path);
	out->other_total = seen.deposit_minor;
	out->other_events_sum = seen.events_minor;
	out->other_events = seen.event_count;
	out->posted = seen.posted;
	if (!strcmp(seen.hash, d->hash)) {
		out->what = seen.source_id == source_id ? ADMIT_REPLACE : ADMIT_DUPLICATE;
		out->same_content = 1;
	} else if (strcmp(out->status, "tied") != 0) {
		out->what = ADMIT_REPLACE;
	} else if (seen.source_id == source_id && out->posted == 0) {
		out->what = ADMIT_REPLACE;
	} else if (d->partial != seen.partial) {
		/* one copy is only part of the other (a day of a monthly
		 * export outside its span): the whole day stands */
		out->what = d->partial ? ADMIT_DUPLICATE : ADMIT_REPLACE;
		out->partial = 1;
	} else {
		/* the same deposit from another format (an Amazon flat file
		 * and a Date Range or XML report; a Shopify payouts and a
		 * transactions export): the same deposit is the same one */
		char fmt[64];

		/* the pipeline records a source's format as soon as the
		 * file's header is recognised, before parsing */
		store_source_format(st, source_id, fmt, sizeof(fmt));
		if (fmt[0] && seen.format[0] && strcmp(fmt, seen.format) != 0 &&
		    out->other_total == d->total && seen.has_currency &&
		    !strcmp(seen.currency, d->currency))
			out->what = ADMIT_DUPLICATE;
		else
			out->what = ADMIT_CONFLICT;
	}
	/* found under the id it had before ids carried the shop: planning it
	 * again under the new id would post it twice, so it stays as it is */
	if (strcmp(out->other_id, d->id) != 0 && out->what == ADMIT_REPLACE)
		out->what = ADMIT_DUPLICATE;
	return 0;
}
