/*
 * event.c - the event and deposit containers (event.h).
 */
#include "event.h"
#include "formats/platforms.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A deposit's strings are small (ids, types, skus); 256 MiB is a hard cap. */
#define DEPOSIT_POOL_MAX (256u * 1024 * 1024)

const char *event_kind_name(enum event_kind k)
{
	static const char *const names[] = {
		"sale", "tax", "promotion", "refund", "fee", "withheld-tax",
		"reimbursement", "reserve", "balance", "other"
	};

	if ((unsigned)k >= sizeof(names) / sizeof(names[0]))
		return "other";
	return names[k];
}

int deposit_init(struct deposit *d, const char *platform, const char *id,
		 const char *path)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->platform, sizeof(d->platform), "%s", platform);
	snprintf(d->id, sizeof(d->id), "%s", id);
	d->path = path;
	d->exponent = 2;
	return strpool_init(&d->pool, DEPOSIT_POOL_MAX);
}

void deposit_free(struct deposit *d)
{
	if (!d)
		return;
	strpool_free(&d->pool);
	free(d->ev);
	d->ev = NULL;
	d->nev = d->evcap = 0;
}

int deposit_add(struct deposit *d, const struct event *e)
{
	if (d->nev == d->evcap) {
		/* from 8: a file of day or order deposits holds tens of
		 * thousands of them, most with a few events, until its end */
		size_t nc = d->evcap ? d->evcap * 2 : 8;
		struct event *n = realloc(d->ev, nc * sizeof(*n));

		if (!n)
			return LL_ERROR;
		d->ev = n;
		d->evcap = nc;
	}
	d->ev[d->nev++] = *e;
	deposit_row(d, e->line);
	return 0;
}

void deposit_row(struct deposit *d, uint32_t line)
{
	if (line == 0 || (d->rows && d->last_row == line))
		return;
	d->rows++;
	d->last_row = line;
}

const char *deposit_shown_id(const struct deposit *d)
{
	return d->shown_id[0] ? d->shown_id : d->id;
}

const char *deposit_str(const struct deposit *d, uint32_t id)
{
	return strpool_get(&d->pool, id);
}

const char *platform_title(const char *platform)
{
	const struct platform_def *p = platform_find(platform);

	return p ? p->title : platform;
}

const char *deposit_noun(const struct deposit *d)
{
	if (d->day_summary)
		return "day"; /* a day's orders of a gateway, or a refund of one */
	const struct platform_def *p = platform_find(d->platform);

	if (d->account_day)
		return "day";
	return p ? p->deposit_noun : "payout";
}

/* 1 when p[0..len) is all ASCII: its bytes OR-ed eight at a time (the
 * last eight overlapping), four, or one by one below that */
static int all_ascii(const char *p, size_t len)
{
	uint64_t w, acc = 0;
	uint32_t u;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&w, p + i, 8);
			acc |= w;
		}
		memcpy(&w, p + len - 8, 8);
		return !((acc | w) & 0x8080808080808080ULL);
	}
	if (len >= 4) {
		memcpy(&u, p, 4);
		acc = u;
		memcpy(&u, p + len - 4, 4);
		return !((acc | u) & 0x80808080u);
	}
	return len == 0 || !(((unsigned char)p[0] | (unsigned char)p[len >> 1] |
			       (unsigned char)p[len - 1]) & 0x80);
}

int deposit_intern_text(struct deposit *d, struct buf *tmp, const char *p, size_t len,
			uint32_t *id)
{
	if (len == 0) {
		*id = 0; /* id 0 is always the empty string (strpool.h) */
		return 0;
	}
	if (all_ascii(p, len))
		return strpool_intern(&d->pool, p, len, id);
	buf_reset(tmp);
	if (text_append_utf8(tmp, p, len))
		return LL_ERROR;
	return strpool_intern(&d->pool, tmp->ptr, tmp->len, id);
}
