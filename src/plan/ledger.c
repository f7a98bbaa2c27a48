/*
 * ledger.c - the completeness ledger of one file (ledger.h): a small list
 * of (currency, fate, reason) entries, each with its rows and money, and
 * the one line a person reads at the end of scan, plan and run.
 */
#include "plan/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/money.h"

void ledger_reset(struct ledger *l)
{
	l->n = 0;
}

void ledger_free(struct ledger *l)
{
	free(l->e);
	l->e = NULL;
	l->n = l->cap = 0;
}

int ledger_add(struct ledger *l, const char *currency, enum parse_fate fate,
	       const char *reason, long rows, int64_t amount)
{
	struct ledger_entry *e;
	size_t i;

	if (!currency)
		currency = "";
	if (!reason || fate == FATE_IMPORTED)
		reason = "";
	if (rows == 0 && amount == 0)
		return 0;
	for (i = 0; i < l->n; i++) {
		e = &l->e[i];
		if (e->fate == fate && !strcmp(e->currency, currency) &&
		    !strcmp(e->reason, reason)) {
			e->rows += rows;
			e->amount += amount;
			return 0;
		}
	}
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		struct ledger_entry *ne = realloc(l->e, nc * sizeof(*ne));

		if (!ne)
			return LL_ERROR;
		l->e = ne;
		l->cap = nc;
	}
	e = &l->e[l->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->currency, sizeof(e->currency), "%.3s", currency);
	snprintf(e->reason, sizeof(e->reason), "%s", reason);
	e->fate = fate;
	e->rows = rows;
	e->amount = amount;
	return 0;
}

long ledger_rows(const struct ledger *l)
{
	long n = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		n += l->e[i].rows;
	return n;
}

long ledger_fate_rows(const struct ledger *l, enum parse_fate fate)
{
	long n = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->e[i].fate == fate)
			n += l->e[i].rows;
	return n;
}

/* appending to a bounded line */
struct line {
	char *p;
	size_t cap, len;
};

static void put(struct line *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n >= b->cap)
		n = b->cap - b->len - 1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void put_n(struct line *b, const char *before, long n, const char *after)
{
	char t[96];

	snprintf(t, sizeof(t), "%s%ld%s", before, n, after);
	put(b, t);
}

/* " (USD 12.00, CAD 3.00)": the money of the entries that match, per
 * currency in order of first appearance (entries with no currency carry
 * no money) */
static void money_of(struct line *b, const struct ledger *l, int fate, const char *reason)
{
	size_t i, k;
	int first = 1;

	for (i = 0; i < l->n; i++) {
		const struct ledger_entry *e = &l->e[i];
		int64_t sum = 0;
		char a[48], cur[64];

		if (!e->currency[0] || (fate >= 0 && (int)e->fate != fate) ||
		    (reason && strcmp(e->reason, reason)))
			continue;
		for (k = 0; k < i; k++)
			if (!strcmp(l->e[k].currency, e->currency) &&
			    (fate < 0 || (int)l->e[k].fate == fate) &&
			    (!reason || !strcmp(l->e[k].reason, reason)))
				break;
		if (k < i)
			continue; /* currency already given */
		for (k = i; k < l->n; k++)
			if (!strcmp(l->e[k].currency, e->currency) &&
			    (fate < 0 || (int)l->e[k].fate == fate) &&
			    (!reason || !strcmp(l->e[k].reason, reason)))
				sum += l->e[k].amount;
		snprintf(cur, sizeof(cur), "%s%s %s", first ? " (" : ", ", e->currency,
			 money_format(a, sizeof(a), sum, currency_exponent(e->currency)));
		put(b, cur);
		first = 0;
	}
	if (!first)
		put(b, ")");
}

/* held back or left out: "; left out 29: unpaid 5 (USD 1.00), voided 24 (...)" */
static void fate_part(struct line *b, const struct ledger *l, enum parse_fate fate)
{
	long n = ledger_fate_rows(l, fate);
	size_t i, k;
	int first = 1;

	if (n == 0)
		return;
	put(b, "; ");
	put(b, parse_fate_name(fate));
	put_n(b, " ", n, ":");
	for (i = 0; i < l->n; i++) {
		const struct ledger_entry *e = &l->e[i];
		long rows = 0;

		if (e->fate != fate)
			continue;
		for (k = 0; k < i; k++)
			if (l->e[k].fate == fate && !strcmp(l->e[k].reason, e->reason))
				break;
		if (k < i)
			continue;
		for (k = i; k < l->n; k++)
			if (l->e[k].fate == fate && !strcmp(l->e[k].reason, e->reason))
				rows += l->e[k].rows;
		put(b, first ? " " : ", ");
		put(b, e->reason[0] ? e->reason : "other");
		put_n(b, " ", rows, "");
		money_of(b, l, (int)fate, e->reason);
		first = 0;
	}
}

char *ledger_format(const struct ledger *l, char *out, size_t outlen)
{
	struct line b = { out, outlen, 0 };

	if (outlen < 2)
		return out;
	out[0] = '\0';
	put_n(&b, "", ledger_rows(l), ledger_rows(l) == 1 ? " row" : " rows");
	money_of(&b, l, -1, NULL);
	put_n(&b, "; imported ", ledger_fate_rows(l, FATE_IMPORTED), "");
	money_of(&b, l, FATE_IMPORTED, NULL);
	fate_part(&b, l, FATE_HELD);
	fate_part(&b, l, FATE_LEFT);
	return out;
}
