/*
 * sbx_ledger.c - journals from the stored documents.
 *
 * The sandbox keeps documents, not journals, so the books are derived when
 * asked for, the way Xero journals each transaction:
 *   sales invoice     Dr receivables Total; Cr each line's account its net
 *                     amount, Cr the tax account its tax
 *   bill              the mirror on payables; credit notes the reverse of
 *                     their invoices
 *   payment           Dr the bank (or payments-enabled) account, Cr
 *                     receivables (sales; refunds and bills the other way)
 *   bank transfer     Dr the receiving account, Cr the sending one
 *   bank transaction  RECEIVE: Dr the bank Total, Cr lines and tax; SPEND
 *                     the mirror
 * "Net amount" is the line amount less its tax for Inclusive lines. The
 * non-recoverable part of a line's tax (Canadian PST/RST components) stays
 * on the line's account. The receivables, payables and tax accounts are the
 * DEBTORS, CREDITORS and GST system accounts. Amounts in another currency
 * are converted at the document's CurrencyRate (base = amount / rate), each
 * posting rounded, the control posting taking the rounding so each journal
 * balances; realised currency gains are not journaled. Allocations of
 * credit notes move nothing between accounts (both sides are on
 * receivables or payables) and have no journal.
 */
#include "sandbox/sbx_ledger.h"

#include <stdlib.h>
#include <string.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_lines.h"
#include "sandbox/sbx_settings.h"
#include "sandbox/sbx_taxrates.h"

struct walk {
	struct sandbox *s;
	ledger_fn fn;
	void *ctx;
	char ar[32], ap[32], tax[32], base[4];
	json_t *accounts;
};

static const char *str_or(const json_t *o, const char *k, const char *dflt)
{
	const char *v = sbxj_str(o, k);

	return v ? v : dflt;
}

static int64_t cents(const json_t *o, const char *k)
{
	int64_t v = 0;

	sbxj_decimal(&v, sbxj_get(o, k), 2, 1);
	return v;
}

/* amount (currency) in the base currency at rate6 (units of currency per base unit x 1e6). */
static int64_t to_base(int64_t amount, int64_t rate6)
{
	__int128 num = (__int128)amount * 1000000, q, r;

	if (rate6 <= 0 || rate6 == 1000000)
		return amount;
	q = (num < 0 ? -num : num) / rate6;
	r = (num < 0 ? -num : num) % rate6;
	if (r * 2 >= rate6)
		q++;
	return (int64_t)(num < 0 ? -q : q);
}

static int64_t rate_of(const json_t *o, const char *currency, const char *base)
{
	int64_t r = 1000000;

	if (!strcmp(currency, base) || sbxj_decimal(&r, sbxj_get(o, "CurrencyRate"), 6, 1) || r <= 0)
		return 1000000;
	return r;
}

/* One journal under construction: its postings are emitted as they come. */
struct journal {
	struct walk *w;
	int64_t day, rate6, sum, sum_base;
	const char *currency, *source;
};

static void post(struct journal *j, const char *code, int64_t amount, const char *tax_type,
		 int64_t tax)
{
	struct ledger_post p;

	if (!amount && !tax)
		return;
	memset(&p, 0, sizeof(p));
	p.code = code;
	p.day = j->day;
	p.amount_cur = amount;
	p.amount = to_base(amount, j->rate6);
	p.currency = j->currency;
	p.tax_type = tax_type;
	p.tax = tax;
	p.source = j->source;
	j->sum += p.amount_cur;
	j->sum_base += p.amount;
	j->w->fn(j->w->ctx, &p);
}

/* The balancing posting of a journal (receivables, payables or the bank). */
static void post_control(struct journal *j, const char *code)
{
	struct ledger_post p;

	memset(&p, 0, sizeof(p));
	p.code = code;
	p.day = j->day;
	p.amount_cur = -j->sum;
	p.amount = -j->sum_base;
	p.currency = j->currency;
	p.source = j->source;
	if (p.amount || p.amount_cur)
		j->w->fn(j->w->ctx, &p);
}

/* Line postings with sign +1 (lines are debits) or -1. */
static void post_lines(struct journal *j, const json_t *doc, int sign)
{
	enum sbx_lat lat = SBX_LAT_EXCLUSIVE;
	json_t *li;
	size_t i;

	lines_lat_parse(sbxj_str(doc, "LineAmountTypes"), &lat);
	json_array_foreach(sbxj_get(doc, "LineItems"), i, li) {
		const char *code = sbxj_str(li, "AccountCode"), *tt = sbxj_str(li, "TaxType");
		int64_t line = cents(li, "LineAmount");
		int64_t tax = lat == SBX_LAT_NOTAX ? 0 : cents(li, "TaxAmount");
		int64_t net = lat == SBX_LAT_INCLUSIVE ? line - tax : line, nr = 0;
		struct sbx_taxinfo ti;

		if (!code)
			continue;
		if (tax && tt && !taxrates_lookup(j->w->s, tt, &ti))
			nr = taxrates_nonrec_part(&ti, tax);
		post(j, code, sign * (net + nr), tt ? tt : "NONE", sign * tax);
		post(j, j->w->tax, sign * (tax - nr), NULL, 0);
	}
}

static void journal_init(struct journal *j, struct walk *w, const json_t *o, const char *currency,
			 const char *source)
{
	memset(j, 0, sizeof(*j));
	j->w = w;
	j->currency = currency;
	j->source = source;
	j->day = sbxj_member_days(o, "Date");
	j->rate6 = rate_of(o, currency, w->base);
}

static int live(const json_t *o, int paid_too)
{
	const char *st = str_or(o, "Status", "");

	return !strcmp(st, "AUTHORISED") || (paid_too && !strcmp(st, "PAID"));
}

static void walk_docs(struct walk *w, enum sbx_kind kind, const char *source)
{
	json_t *all = store_list(w->s->store, kind, 0, NULL, 0), *d;
	size_t i;

	json_array_foreach(all, i, d) {
		const char *type = str_or(d, "Type", "");
		int sales = !strcmp(type, "ACCREC") || !strcmp(type, "ACCRECCREDIT");
		int credit = kind == SBX_K_CREDITNOTE;
		struct journal j;

		if (!live(d, 1))
			continue;
		journal_init(&j, w, d, str_or(d, "CurrencyCode", w->base), source);
		/* lines are credits on sales invoices and bills' credit notes */
		post_lines(&j, d, sales != credit ? -1 : 1);
		post_control(&j, sales ? w->ar : w->ap);
	}
	json_decref(all);
}

static void walk_payments(struct walk *w)
{
	json_t *all = store_list(w->s->store, SBX_K_PAYMENT, 0, NULL, 0), *p;
	size_t i;

	json_array_foreach(all, i, p) {
		const char *type = str_or(p, "PaymentType", "");
		const json_t *doc = sbxj_get(p, sbxj_get(p, "CreditNote") ? "CreditNote" : "Invoice");
		int in = !strcmp(type, "ACCRECPAYMENT") || !strcmp(type, "APCREDITPAYMENT");
		int sales = !strcmp(type, "ACCRECPAYMENT") || !strcmp(type, "ARCREDITPAYMENT");
		int64_t amt = cents(p, "Amount");
		struct journal j;

		if (!live(p, 0))
			continue;
		journal_init(&j, w, p, str_or(doc, "CurrencyCode", w->base), "Payment");
		post(&j, str_or(sbxj_get(p, "Account"), "Code", ""), in ? amt : -amt, NULL, 0);
		post_control(&j, sales ? w->ar : w->ap);
	}
	json_decref(all);
}

static const char *account_currency(struct walk *w, const char *code)
{
	json_t *a;
	size_t i;

	json_array_foreach(w->accounts, i, a)
		if (!strcmp(str_or(a, "Code", ""), code))
			return str_or(a, "CurrencyCode", w->base);
	return w->base;
}

static void walk_transfers(struct walk *w)
{
	json_t *all = store_list(w->s->store, SBX_K_BANKTRANSFER, 0, NULL, 0), *t;
	size_t i;

	json_array_foreach(all, i, t) {
		const char *from = str_or(sbxj_get(t, "FromBankAccount"), "Code", "");
		const char *to = str_or(sbxj_get(t, "ToBankAccount"), "Code", "");
		struct journal j;

		if (!live(t, 0))
			continue;
		journal_init(&j, w, t, account_currency(w, from), "BankTransfer");
		j.rate6 = 1000000; /* one currency on both sides (sbx_payments.c) */
		post(&j, to, cents(t, "Amount"), NULL, 0);
		post_control(&j, from);
	}
	json_decref(all);
}

static void walk_banktx(struct walk *w)
{
	json_t *all = store_list(w->s->store, SBX_K_BANKTXN, 0, NULL, 0), *t;
	size_t i;

	json_array_foreach(all, i, t) {
		struct journal j;

		if (!live(t, 0))
			continue;
		journal_init(&j, w, t, str_or(t, "CurrencyCode", w->base), "BankTransaction");
		post_lines(&j, t, !strcmp(str_or(t, "Type", ""), "SPEND") ? 1 : -1);
		post_control(&j, str_or(sbxj_get(t, "BankAccount"), "Code", ""));
	}
	json_decref(all);
}

int ledger_walk(struct sandbox *s, ledger_fn fn, void *ctx)
{
	struct walk w;
	json_t *a;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.fn = fn;
	w.ctx = ctx;
	settings_base_currency(s, w.base);
	w.accounts = store_list(s->store, SBX_K_ACCOUNT, 0, NULL, 0);
	json_array_foreach(w.accounts, i, a) {
		const char *sys = str_or(a, "SystemAccount", ""), *code = str_or(a, "Code", "");
		char *dst = !strcmp(sys, "DEBTORS") ? w.ar : !strcmp(sys, "CREDITORS") ? w.ap :
			    !strcmp(sys, "GST") ? w.tax : NULL;

		if (dst && strlen(code) < sizeof(w.ar))
			memcpy(dst, code, strlen(code) + 1);
	}
	if (!w.ar[0] || !w.ap[0] || !w.tax[0]) {
		json_decref(w.accounts);
		return -1;
	}
	walk_docs(&w, SBX_K_INVOICE, "Invoice");
	walk_docs(&w, SBX_K_CREDITNOTE, "CreditNote");
	walk_payments(&w);
	walk_transfers(&w);
	walk_banktx(&w);
	json_decref(w.accounts);
	return 0;
}

int ledger_sums_add(struct ledger_sums *m, const char *key, int slot, int64_t v)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			break;
	if (i == m->n) {
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 32;
			struct ledger_sum *e = realloc(m->e, cap * sizeof(*e));

			if (!e)
				return -1;
			m->e = e;
			m->cap = cap;
		}
		memset(&m->e[m->n], 0, sizeof(m->e[m->n]));
		strncpy(m->e[m->n].key, key, sizeof(m->e[m->n].key) - 1);
		m->n++;
	}
	m->e[i].v[slot] += v;
	return 0;
}

const struct ledger_sum *ledger_sums_get(const struct ledger_sums *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			return &m->e[i];
	return NULL;
}

static int sum_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ledger_sum *)a)->key, ((const struct ledger_sum *)b)->key);
}

void ledger_sums_sort(struct ledger_sums *m)
{
	if (m->n > 1)
		qsort(m->e, m->n, sizeof(*m->e), sum_cmp);
}

void ledger_sums_free(struct ledger_sums *m)
{
	free(m->e);
	memset(m, 0, sizeof(*m));
}
