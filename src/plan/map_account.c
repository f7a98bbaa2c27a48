/*
 * map_account.c - a day of a payment account (deposit.account_day: PayPal
 * with "model": "account") into bank transactions and bank transfers
 * (map.h, map_account_day).
 *
 * The events of a day come row by row, a row's Gross then its Fee, both
 * tagged with the row's key (its Transaction ID, event.adjustment_id).
 * Each row is one bank transaction in the platform's own account of its
 * currency (settings "account", "PP{currency}" -> PPUSD): a RECEIVE when
 * it adds to the balance, a SPEND when it takes from it, with the mapped
 * Gross and the Fee as lines of their own, the row's Name as contact
 * (else the settings' contact) and "PayPal <Transaction ID>" as Reference:
 * its key in Xero, unique as the id is. A row of amount type Transfer (to
 * the bank, or money added from it) is a bank transfer between that
 * account and the bank account of its currency instead; a fee on it is a
 * SPEND of its own. With "bank_transactions": "day" the rows of the day
 * are summed per amount type of their Gross (Payment, Payment sent,
 * Refund, Hold, Currency conversion, ...), one bank transaction each whose
 * lines are merged by account, tax type and description; transfers stay
 * one per row, as the bank shows them.
 *
 * Payments for orders a store's export records (Store payment, Store
 * refund: sales_recorded_by) are received into the clearing account the
 * store's settings give its PayPal gateway, so the store's sales count
 * once. Every document's signed total is what it moves the account by, so
 * together they are the day's change of balance, the deposit's total. A
 * bank transaction whose lines cancel (a payment its fee eats whole) moves
 * nothing and is left out, as Xero's own PayPal feed leaves out 0.00 rows.
 */
#include "plan/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"

/* a line being built: its target and the source lines of its events */
struct aline {
	struct doc_line l;
	uint32_t *src;
	size_t nsrc, cap;
};

/* a document being built: its events' lines, or a transfer's event */
struct adoc {
	int transfer;          /* a bank transfer: ev is its event */
	uint32_t key;          /* the row's key (event.adjustment_id) */
	int fee_of_transfer;   /* the fee of a transfer row */
	const struct event *ev;/* the first event */
	char by[48];           /* the amount type it is of (day mode: its key) */
	struct aline *lines;
	size_t nlines, cap;
	uint32_t *src;         /* every event's source line */
	size_t nsrc, srccap;
};

struct acct {
	const struct map_opts *o;
	const struct platform_map *pm;
	const struct platform_settings *s;
	const struct deposit *dep;
	char own[32];          /* the account's code in the deposit's currency */
	struct adoc *docs;
	size_t n, cap;
	/* unmapped (ttype, atype, adesc) already warned about */
	struct {
		uint32_t t, d;
		const char *a;
	} warned[32];
	size_t nwarned;
};

struct doc *map_doc_add(struct doc_list *l)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		struct doc *n = realloc(l->docs, nc * sizeof(*n));

		if (!n)
			return NULL;
		l->docs = n;
		l->cap = nc;
	}
	memset(&l->docs[l->n], 0, sizeof(l->docs[l->n]));
	l->docs[l->n].parent = -1;
	return &l->docs[l->n++];
}

static int add_u32(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		uint32_t *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return LL_ERROR;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* "path:1-4,7" of the lines v[0..n) (sorted here) */
static char *rows_text(const char *path, uint32_t *v, size_t n)
{
	size_t cap = strlen(path) + 2 + n * 24, len, i = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	qsort(v, n, sizeof(*v), cmp_u32);
	len = (size_t)snprintf(s, cap, "%s:", path);
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && v[j + 1] <= v[j] + 1)
			j++;
		len += (size_t)snprintf(s + len, cap - len, "%s%lu", i ? "," : "",
					(unsigned long)v[i]);
		if (v[j] != v[i])
			len += (size_t)snprintf(s + len, cap - len, "-%lu", (unsigned long)v[j]);
		i = j + 1;
	}
	return s;
}

/*
 * The clearing account the store that records these sales (settings
 * sales_recorded_by) gives PayPal's gateway in currency: its key
 * "<gateway> <CUR>" or "<gateway>" for one of the names stores give PayPal,
 * else NULL (the mapping row's account stands).
 */
static const char *store_clearing(const struct acct *a, const char *currency)
{
	static const char *const gateways[] = { "paypal", "PayPal Express Checkout",
						"ppcp-gateway", "ppec_paypal" };
	const struct platform_map *store = mappings_for(a->o->m, a->s->sales_recorded_by);
	char key[96];
	size_t g, k, i;

	if (!store)
		return NULL;
	for (k = 0; k < 2; k++)
		for (g = 0; g < sizeof(gateways) / sizeof(gateways[0]); g++) {
			snprintf(key, sizeof(key), k ? "%s" : "%s %s", gateways[g], currency);
			for (i = 0; i < store->s.nclearing; i++)
				if (store->s.clearing[i].code[0] &&
				    !strcasecmp(store->s.clearing[i].key, key))
					return store->s.clearing[i].code;
		}
	return NULL;
}

static int warn_unmapped(struct acct *a, const struct event *e, const char *atype)
{
	const struct deposit *dep = a->dep;
	char msg[512];
	size_t i;

	if (!a->o->warn)
		return 0;
	for (i = 0; i < a->nwarned; i++)
		if (a->warned[i].t == e->ttype && a->warned[i].d == e->adesc &&
		    !strcmp(a->warned[i].a, atype))
			return 0;
	if (a->nwarned < sizeof(a->warned) / sizeof(a->warned[0])) {
		a->warned[a->nwarned].t = e->ttype;
		a->warned[a->nwarned].d = e->adesc;
		a->warned[a->nwarned].a = atype;
		a->nwarned++;
	}
	snprintf(msg, sizeof(msg), "day %s: no mapping for transaction type '%.80s', amount"
		 " type '%.80s', description '%.80s'; posted to fallback account %s (add a row"
		 " to mappings/%s)", dep->id, deposit_str(dep, e->ttype), atype,
		 deposit_str(dep, e->adesc), a->s->fallback_account, a->pm->def->mapping_file);
	return a->o->warn(a->o->warn_ctx, dep->path, (long)e->line, "unmapped", msg);
}

/* Event e onto a line of document d: the mapped account, tax type and
 * description (a line per distinct three). */
static int add_to_line(struct acct *a, struct adoc *d, const struct event *e)
{
	const struct deposit *dep = a->dep;
	const char *atype = map_event_atype(a->pm, dep, e), *store = NULL;
	const struct mapping_row *r = mappings_match(a->pm, deposit_str(dep, e->ttype), atype,
						     deposit_str(dep, e->adesc));
	struct doc_line t;
	size_t i;

	memset(&t, 0, sizeof(t));
	if (r) {
		snprintf(t.category, sizeof(t.category), "%s/%s/%s", r->ttype, r->atype,
			 r->adesc);
		snprintf(t.account, sizeof(t.account), "%s", r->account);
		snprintf(t.tax_type, sizeof(t.tax_type), "%s", r->tax_code);
		snprintf(t.description, sizeof(t.description), "%s", r->description);
	} else {
		snprintf(t.category, sizeof(t.category), "%.100s/%.100s/%.100s",
			 deposit_str(dep, e->ttype), atype, deposit_str(dep, e->adesc));
		snprintf(t.account, sizeof(t.account), "%s", a->s->fallback_account);
		snprintf(t.tax_type, sizeof(t.tax_type), "%s", a->s->fallback_tax_code);
		snprintf(t.description, sizeof(t.description), "Unmapped: %.200s", t.category);
		if (warn_unmapped(a, e, atype))
			return LL_ERROR;
	}
	if (!strcmp(atype, "Store payment") || !strcmp(atype, "Store refund"))
		store = store_clearing(a, dep->currency);
	if (store)
		snprintf(t.account, sizeof(t.account), "%s", store);
	for (i = 0; i < d->nlines; i++)
		if (!strcmp(d->lines[i].l.account, t.account) &&
		    !strcmp(d->lines[i].l.tax_type, t.tax_type) &&
		    !strcmp(d->lines[i].l.description, t.description))
			break;
	if (i == d->nlines) {
		if (d->nlines == d->cap) {
			size_t nc = d->cap ? d->cap * 2 : 4;
			struct aline *nl = realloc(d->lines, nc * sizeof(*nl));

			if (!nl)
				return LL_ERROR;
			d->lines = nl;
			d->cap = nc;
		}
		memset(&d->lines[i], 0, sizeof(d->lines[i]));
		d->lines[i].l = t;
		d->nlines++;
	}
	d->lines[i].l.amount += e->amount;
	d->lines[i].l.event_count++;
	return add_u32(&d->lines[i].src, &d->lines[i].nsrc, &d->lines[i].cap, e->line);
}

static struct adoc *doc_new(struct acct *a, int transfer, uint32_t key, int fee_of_transfer,
			    const struct event *e, const char *by)
{
	struct adoc *d;

	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 16;
		struct adoc *nd = realloc(a->docs, nc * sizeof(*nd));

		if (!nd)
			return NULL;
		a->docs = nd;
		a->cap = nc;
	}
	d = &a->docs[a->n++];
	memset(d, 0, sizeof(*d));
	d->transfer = transfer;
	d->key = key;
	d->fee_of_transfer = fee_of_transfer;
	d->ev = e;
	snprintf(d->by, sizeof(d->by), "%s", by);
	return d;
}

/*
 * The bank transaction event e goes on: in row mode its row's (the last
 * document, a row's events being together), in day mode the one of the
 * amount type `by`; created when new.
 */
static struct adoc *doc_for(struct acct *a, uint32_t key, int fee_of_transfer,
			    const struct event *e, const char *by)
{
	size_t i;

	if (a->s->day_summaries) {
		for (i = 0; i < a->n; i++)
			if (!a->docs[i].transfer && !strcmp(a->docs[i].by, by))
				return &a->docs[i];
	} else if (a->n) {
		struct adoc *l = &a->docs[a->n - 1];

		if (!l->transfer && l->key == key && l->fee_of_transfer == fee_of_transfer)
			return l;
	}
	return doc_new(a, 0, key, fee_of_transfer, e, by);
}

/*
 * Sort the day's events into documents: each row's (consecutive events of
 * one key) Transfer amount a transfer of its own, the rest a bank
 * transaction of the row (row mode; a transfer row's fee one of its own)
 * or of the amount type of the row's Gross (day mode; a transfer row's fee
 * with the fees).
 */
static int group(struct acct *a)
{
	const struct deposit *dep = a->dep;
	size_t i = 0, j, k;

	while (i < dep->nev) {
		const struct event *e0 = &dep->ev[i];
		const char *primary = map_event_atype(a->pm, dep, e0);
		int transfer_row = !strcmp(primary, "Transfer");
		uint32_t rowkey = e0->adjustment_id;

		for (j = i; j < dep->nev && dep->ev[j].adjustment_id == rowkey; j++)
			;
		for (k = i; k < j; k++) {
			const struct event *e = &dep->ev[k];
			const char *at = map_event_atype(a->pm, dep, e);
			struct adoc *d;

			if (!strcmp(at, "Transfer"))
				d = doc_new(a, 1, rowkey, 0, e, at);
			else
				d = doc_for(a, rowkey, transfer_row, e,
					    transfer_row ? "Fee" : primary);
			if (!d || add_u32(&d->src, &d->nsrc, &d->srccap, e->line) ||
			    (!d->transfer && add_to_line(a, d, e)))
				return LL_ERROR;
		}
		i = j;
	}
	return 0;
}

static int emit_transfer(struct acct *a, const struct adoc *ad, struct doc_list *out)
{
	const struct deposit *dep = a->dep;
	const struct event *e = ad->ev;
	const char *bank = mapping_bank_account(a->s, dep->currency);
	const char *key = deposit_str(dep, e->adjustment_id);
	struct doc *d;

	if (!e->amount)
		return 0;
	if (!bank)
		return LL_EPARSE;
	if (!(d = map_doc_add(out)))
		return LL_ERROR;
	snprintf(d->kind, sizeof(d->kind), "BankTransfer");
	snprintf(d->xero_type, sizeof(d->xero_type), "TRANSFER");
	/* out of the account to the bank, or money added from the bank */
	snprintf(d->account, sizeof(d->account), "%s", e->amount < 0 ? a->own : bank);
	snprintf(d->to_account, sizeof(d->to_account), "%s", e->amount < 0 ? bank : a->own);
	snprintf(d->memo, sizeof(d->memo), "%s day %.60s", a->pm->title, dep->id);
	snprintf(d->number, sizeof(d->number), "%s transfer %.120s", a->pm->title, key);
	snprintf(d->reference, sizeof(d->reference), "%s", d->number);
	snprintf(d->contact, sizeof(d->contact), "%s", a->s->contact);
	date_days_ymd(e->posted_days, d->date);
	snprintf(d->natural_key, sizeof(d->natural_key), "%s:%.100s:transfer:%.120s",
		 dep->platform, dep->id, key);
	d->signed_total = e->amount;
	d->total = e->amount < 0 ? -e->amount : e->amount;
	d->source_rows = rows_text(dep->path, ad->src, ad->nsrc);
	if (!d->source_rows)
		return LL_ERROR;
	return map_render_body(d, a->s, dep->currency, dep->exponent);
}

static int emit_transaction(struct acct *a, struct adoc *ad, struct doc_list *out)
{
	const struct deposit *dep = a->dep;
	const struct event *e = ad->ev;
	const char *key = deposit_str(dep, e->adjustment_id);
	const char *party = deposit_str(dep, e->party);
	int64_t sum = 0;
	struct doc *d;
	size_t i;

	for (i = 0; i < ad->nlines; i++)
		sum += ad->lines[i].l.amount;
	if (!sum)
		return 0; /* its lines cancel: it moves nothing */
	if (!(d = map_doc_add(out)))
		return LL_ERROR;
	snprintf(d->kind, sizeof(d->kind), "BankTransaction");
	snprintf(d->xero_type, sizeof(d->xero_type), "%s", sum > 0 ? "RECEIVE" : "SPEND");
	snprintf(d->account, sizeof(d->account), "%s", a->own);
	snprintf(d->memo, sizeof(d->memo), "%s day %.60s", a->pm->title, dep->id);
	if (a->s->day_summaries) {
		snprintf(d->number, sizeof(d->number), "%s %.60s %.80s", a->pm->title, dep->id,
			 ad->by);
		snprintf(d->natural_key, sizeof(d->natural_key), "%s:%.100s:type:%.120s",
			 dep->platform, dep->id, ad->by);
		snprintf(d->contact, sizeof(d->contact), "%s", a->s->contact);
		snprintf(d->date, sizeof(d->date), "%s", dep->deposit_date);
	} else {
		snprintf(d->number, sizeof(d->number), "%s %s%.120s", a->pm->title,
			 ad->fee_of_transfer ? "fee " : "", key);
		snprintf(d->natural_key, sizeof(d->natural_key), "%s:%.100s:%s:%.120s",
			 dep->platform, dep->id, ad->fee_of_transfer ? "fee" : "row", key);
		snprintf(d->contact, sizeof(d->contact), "%s", party[0] ? party : a->s->contact);
		snprintf(d->order_id, sizeof(d->order_id), "%s", deposit_str(dep, e->order_id));
		date_days_ymd(e->posted_days, d->date);
	}
	snprintf(d->reference, sizeof(d->reference), "%s", d->number);
	d->signed_total = sum;
	d->total = sum < 0 ? -sum : sum;
	d->lines = calloc(ad->nlines, sizeof(*d->lines));
	if (!d->lines)
		return LL_ERROR;
	for (i = 0; i < ad->nlines; i++) {
		struct aline *l = &ad->lines[i];

		d->lines[i] = l->l;
		d->lines[i].source_rows = rows_text(dep->path, l->src, l->nsrc);
		d->nlines++;
		if (!d->lines[i].source_rows)
			return LL_ERROR;
	}
	d->source_rows = rows_text(dep->path, ad->src, ad->nsrc);
	if (!d->source_rows)
		return LL_ERROR;
	return map_render_body(d, a->s, dep->currency, dep->exponent);
}

int map_account_day(struct doc_list *out, const struct map_opts *o, const struct deposit *dep,
		    struct ll_err *err)
{
	struct acct a;
	size_t i, k;
	int rc = 0;

	memset(&a, 0, sizeof(a));
	a.o = o;
	a.dep = dep;
	a.pm = mappings_for(o->m, dep->platform);
	if (!a.pm || !a.pm->loaded)
		return ll_err_set(err, LL_EPARSE, dep->path, 0, "no mapping table for %s",
				  dep->platform);
	a.s = &a.pm->s;
	if (mapping_own_account(a.s, dep->currency, a.own, sizeof(a.own)))
		return ll_err_set(err, LL_EPARSE, dep->path, (long)dep->header_line,
				  "day %s: no account for %s in settings.json (%s.account, e.g."
				  " \"PP{currency}\")", dep->id, dep->currency,
				  a.pm->def->settings);
	rc = group(&a);
	for (i = 0; rc == 0 && i < a.n; i++) {
		rc = a.docs[i].transfer ? emit_transfer(&a, &a.docs[i], out)
					: emit_transaction(&a, &a.docs[i], out);
		if (rc == LL_EPARSE)
			ll_err_set(err, LL_EPARSE, dep->path, (long)dep->header_line,
				   "day %s: no bank_account for %s in settings.json (%s."
				   "bank_account) for its transfers", dep->id, dep->currency,
				   a.pm->def->settings);
	}
	if (rc == LL_ERROR)
		ll_err_set(err, LL_ERROR, dep->path, 0, "out of memory");
	for (i = 0; i < a.n; i++) {
		for (k = 0; k < a.docs[i].nlines; k++)
			free(a.docs[i].lines[k].src);
		free(a.docs[i].lines);
		free(a.docs[i].src);
	}
	free(a.docs);
	return rc;
}
