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
#include "util/fmt.h"

/* source line numbers: the first few in place (a PayPal row has two
 * events, a Gross and a Fee), more on the heap */
struct u32s {
	uint32_t *heap;        /* NULL: the numbers are in in[] */
	size_t n, cap;
	uint32_t in[4];
};

/* a line being built: its target (its first event's), its sum and the
 * source lines of its events; the lines of all documents share one array
 * (struct acct), each document's linked in order through next */
struct aline {
	size_t tg;             /* index of its target in acct.tg */
	int64_t amount;
	long count;
	struct u32s src;
	size_t next;           /* the document's next line: index + 1, 0 = none */
};

/* a document being built: its events' lines, or a transfer's event */
struct adoc {
	int transfer;          /* a bank transfer: ev is its event */
	uint32_t key;          /* the row's key (event.adjustment_id) */
	int fee_of_transfer;   /* the fee of a transfer row */
	const struct event *ev;/* the first event */
	char by[48];           /* the amount type it is of (day mode: its key) */
	size_t head, tail;     /* its first and last line: index + 1, 0 = none */
	size_t nlines;
	struct u32s src;       /* every event's source line */
};

/* the target (account, tax type, description) of a key (ttype, atype,
 * adesc), resolved once a day */
struct target {
	uint32_t t, d;
	const char *a;
	int mapped;            /* 0: the fallback; warned about at every event */
	size_t same;           /* the first target of the same account, tax
				* type and description (they share a line) */
	struct doc_line l;     /* the line it starts, amount 0 */
};

/* the first documents, lines and targets of a day, in place (on the
 * stack: no malloc for a usual day); more move to the heap */
struct acct_inplace {
	struct adoc docs[32];
	struct aline lines[64];
	struct target tg[8];
};

struct acct {
	struct acct_inplace *in;
	const struct map_opts *o;
	const struct platform_map *pm;
	const struct platform_settings *s;
	const struct deposit *dep;
	char own[32];          /* the account's code in the deposit's currency */
	struct adoc *docs;
	size_t n, cap;
	struct aline *lines;   /* of every document */
	size_t nlines, linecap;
	struct target *tg;     /* of the day's keys */
	size_t ntg, tgcap;
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

/* Twice the room for array v of *cap items of size sz, moved to the heap
 * when it is still in place (inplace). The new array, or NULL when out of
 * memory (v is then unchanged, and freed with the day). */
static void *grow(void *v, size_t *cap, size_t sz, const void *inplace)
{
	size_t nc = *cap * 2;
	void *nv;

	if (v == inplace) {
		nv = malloc(nc * sz);
		if (nv)
			memcpy(nv, v, *cap * sz);
	} else {
		nv = realloc(v, nc * sz);
	}
	if (nv)
		*cap = nc;
	return nv;
}

static uint32_t *u32s_v(struct u32s *v)
{
	return v->heap ? v->heap : v->in;
}

static int add_u32(struct u32s *v, uint32_t x)
{
	size_t in = sizeof(v->in) / sizeof(v->in[0]);

	if (!v->heap && v->n < in) {
		v->in[v->n++] = x;
		return 0;
	}
	if (!v->heap || v->n == v->cap) {
		size_t nc = v->heap ? v->cap * 2 : 2 * in;
		uint32_t *nv = realloc(v->heap, nc * sizeof(*nv));

		if (!nv)
			return LL_ERROR;
		if (!v->heap)
			memcpy(nv, v->in, v->n * sizeof(*nv));
		v->heap = nv;
		v->cap = nc;
	}
	v->heap[v->n++] = x;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* 1 if v[0..n) is in order (a row's events come in file order) */
static int sorted_u32(const uint32_t *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] < v[i - 1])
			return 0;
	return 1;
}

/* "path:1-4,7" of the lines in rows (sorted here) */
static char *rows_text(const char *path, struct u32s *rows)
{
	uint32_t *v = u32s_v(rows);
	size_t n = rows->n, plen = strlen(path), cap = plen + 2 + n * 24, len, i = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	if (!sorted_u32(v, n))
		qsort(v, n, sizeof(*v), cmp_u32);
	memcpy(s, path, plen);
	s[plen] = ':';
	len = plen + 1;
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && v[j + 1] <= v[j] + 1)
			j++;
		if (i)
			s[len++] = ',';
		len += fmt_u64(s + len, v[i]);
		if (v[j] != v[i]) {
			s[len++] = '-';
			len += fmt_u64(s + len, v[j]);
		}
		i = j + 1;
	}
	s[len] = '\0';
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
			struct sfmt f;

			sf_init(&f, key, sizeof(key));
			sf_str(&f, gateways[g]);
			if (!k) {
				sf_char(&f, ' ');
				sf_str(&f, currency);
			}
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

/* The target of event e: its mapping row's, else the fallback (with a
 * warning), and a store's clearing account for a store payment. Into t. */
static int resolve(struct acct *a, const struct event *e, const char *atype,
		   struct doc_line *t, int *mapped)
{
	const struct deposit *dep = a->dep;
	const struct mapping_row *r = mappings_match(a->pm, deposit_str(dep, e->ttype), atype,
						     deposit_str(dep, e->adesc));
	const char *store = NULL;
	struct sfmt f;

	memset(t, 0, sizeof(*t));
	*mapped = r != NULL;
	if (r) {
		sf_init(&f, t->category, sizeof(t->category));  /* "%s/%s/%s" */
		sf_str(&f, r->ttype);
		sf_char(&f, '/');
		sf_str(&f, r->atype);
		sf_char(&f, '/');
		sf_str(&f, r->adesc);
		sf_copy(t->account, sizeof(t->account), r->account);
		sf_copy(t->tax_type, sizeof(t->tax_type), r->tax_code);
		sf_copy(t->description, sizeof(t->description), r->description);
	} else {
		sf_init(&f, t->category, sizeof(t->category));  /* "%.100s/%.100s/%.100s" */
		sf_strn(&f, deposit_str(dep, e->ttype), 100);
		sf_char(&f, '/');
		sf_strn(&f, atype, 100);
		sf_char(&f, '/');
		sf_strn(&f, deposit_str(dep, e->adesc), 100);
		sf_copy(t->account, sizeof(t->account), a->s->fallback_account);
		sf_copy(t->tax_type, sizeof(t->tax_type), a->s->fallback_tax_code);
		sf_init(&f, t->description, sizeof(t->description));  /* "Unmapped: %.200s" */
		sf_str(&f, "Unmapped: ");
		sf_strn(&f, t->category, 200);
		if (warn_unmapped(a, e, atype))
			return LL_ERROR;
	}
	if (!strcmp(atype, "Store payment") || !strcmp(atype, "Store refund"))
		store = store_clearing(a, dep->currency);
	if (store)
		sf_copy(t->account, sizeof(t->account), store);
	return 0;
}

/* The index in a->tg of the target of event e (of amount type atype, its
 * map_event_atype), resolved and added when its key is new. An unmapped
 * key is warned about at each of its events, as warn_unmapped decides.
 * -1 on failure. */
static long target_of(struct acct *a, const struct event *e, const char *atype)
{
	struct target *c;
	size_t i;

	for (i = 0; i < a->ntg; i++)
		if (a->tg[i].t == e->ttype && a->tg[i].d == e->adesc && a->tg[i].a == atype) {
			if (!a->tg[i].mapped && warn_unmapped(a, e, atype))
				return -1;
			return (long)i;
		}
	if (a->ntg == a->tgcap) {
		struct target *nt = grow(a->tg, &a->tgcap, sizeof(*a->tg), a->in->tg);

		if (!nt)
			return -1;
		a->tg = nt;
	}
	c = &a->tg[a->ntg];
	c->t = e->ttype;
	c->d = e->adesc;
	c->a = atype;
	if (resolve(a, e, atype, &c->l, &c->mapped))
		return -1;
	for (c->same = 0; c->same < a->ntg; c->same++)
		if (!strcmp(a->tg[c->same].l.account, c->l.account) &&
		    !strcmp(a->tg[c->same].l.tax_type, c->l.tax_type) &&
		    !strcmp(a->tg[c->same].l.description, c->l.description))
			break;
	return (long)a->ntg++;
}

/* Event e (of amount type atype) onto a line of document d: the mapped
 * account, tax type and description (a line per distinct three). */
static int add_to_line(struct acct *a, struct adoc *d, const struct event *e,
		       const char *atype)
{
	long t = target_of(a, e, atype);
	struct aline *l;
	size_t k;

	if (t < 0)
		return LL_ERROR;
	for (k = d->head; k; k = a->lines[k - 1].next)
		if (a->tg[a->lines[k - 1].tg].same == a->tg[t].same)
			break;
	if (!k) {
		if (a->nlines == a->linecap) {
			struct aline *nl = grow(a->lines, &a->linecap, sizeof(*a->lines),
						a->in->lines);

			if (!nl)
				return LL_ERROR;
			a->lines = nl;
		}
		l = &a->lines[a->nlines++];
		memset(l, 0, sizeof(*l));
		l->tg = (size_t)t;
		k = a->nlines;
		if (d->tail)
			a->lines[d->tail - 1].next = k;
		else
			d->head = k;
		d->tail = k;
		d->nlines++;
	}
	l = &a->lines[k - 1];
	l->amount += e->amount;
	l->count++;
	return add_u32(&l->src, e->line);
}

static struct adoc *doc_new(struct acct *a, int transfer, uint32_t key, int fee_of_transfer,
			    const struct event *e, const char *by)
{
	struct adoc *d;

	if (a->n == a->cap) {
		struct adoc *nd = grow(a->docs, &a->cap, sizeof(*a->docs), a->in->docs);

		if (!nd)
			return NULL;
		a->docs = nd;
	}
	d = &a->docs[a->n++];
	memset(d, 0, sizeof(*d));
	d->transfer = transfer;
	d->key = key;
	d->fee_of_transfer = fee_of_transfer;
	d->ev = e;
	sf_copy(d->by, sizeof(d->by), by);
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
			const char *at = k == i ? primary : map_event_atype(a->pm, dep, e);
			struct adoc *d;

			if (!strcmp(at, "Transfer"))
				d = doc_new(a, 1, rowkey, 0, e, at);
			else
				d = doc_for(a, rowkey, transfer_row, e,
					    transfer_row ? "Fee" : primary);
			if (!d || add_u32(&d->src, e->line) ||
			    (!d->transfer && add_to_line(a, d, e, at)))
				return LL_ERROR;
		}
		i = j;
	}
	return 0;
}

/* the memo of a day's document: "%s day %.60s", title, the day's id */
static void day_memo(struct doc *d, const char *title, const char *id)
{
	struct sfmt f;

	sf_init(&f, d->memo, sizeof(d->memo));
	sf_str(&f, title);
	sf_str(&f, " day ");
	sf_strn(&f, id, 60);
}

static int emit_transfer(struct acct *a, struct adoc *ad, struct doc_list *out)
{
	const struct deposit *dep = a->dep;
	const struct event *e = ad->ev;
	const char *bank = mapping_bank_account(a->s, dep->currency);
	const char *key = deposit_str(dep, e->adjustment_id);
	struct doc *d;
	struct sfmt f;

	if (!e->amount)
		return 0;
	if (!bank)
		return LL_EPARSE;
	if (!(d = map_doc_add(out)))
		return LL_ERROR;
	sf_copy(d->kind, sizeof(d->kind), "BankTransfer");
	sf_copy(d->xero_type, sizeof(d->xero_type), "TRANSFER");
	/* out of the account to the bank, or money added from the bank */
	sf_copy(d->account, sizeof(d->account), e->amount < 0 ? a->own : bank);
	sf_copy(d->to_account, sizeof(d->to_account), e->amount < 0 ? bank : a->own);
	day_memo(d, a->pm->title, dep->id);
	sf_init(&f, d->number, sizeof(d->number));    /* "%s transfer %.120s" */
	sf_str(&f, a->pm->title);
	sf_str(&f, " transfer ");
	sf_strn(&f, key, 120);
	sf_copy(d->reference, sizeof(d->reference), d->number);
	sf_copy(d->contact, sizeof(d->contact), a->s->contact);
	date_days_ymd(e->posted_days, d->date);
	/* "%s:%.100s:transfer:%.120s" */
	sf_init(&f, d->natural_key, sizeof(d->natural_key));
	sf_str(&f, dep->platform);
	sf_char(&f, ':');
	sf_strn(&f, dep->id, 100);
	sf_str(&f, ":transfer:");
	sf_strn(&f, key, 120);
	d->signed_total = e->amount;
	d->total = e->amount < 0 ? -e->amount : e->amount;
	d->source_rows = rows_text(dep->path, &ad->src);
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
	struct sfmt f;
	size_t i, k;

	for (k = ad->head; k; k = a->lines[k - 1].next)
		sum += a->lines[k - 1].amount;
	if (!sum)
		return 0; /* its lines cancel: it moves nothing */
	if (!(d = map_doc_add(out)))
		return LL_ERROR;
	sf_copy(d->kind, sizeof(d->kind), "BankTransaction");
	sf_copy(d->xero_type, sizeof(d->xero_type), sum > 0 ? "RECEIVE" : "SPEND");
	sf_copy(d->account, sizeof(d->account), a->own);
	day_memo(d, a->pm->title, dep->id);
	sf_init(&f, d->number, sizeof(d->number));
	if (a->s->day_summaries) {
		/* "%s %.60s %.80s", title, id, by */
		sf_str(&f, a->pm->title);
		sf_char(&f, ' ');
		sf_strn(&f, dep->id, 60);
		sf_char(&f, ' ');
		sf_strn(&f, ad->by, 80);
		/* "%s:%.100s:type:%.120s" */
		sf_init(&f, d->natural_key, sizeof(d->natural_key));
		sf_str(&f, dep->platform);
		sf_char(&f, ':');
		sf_strn(&f, dep->id, 100);
		sf_str(&f, ":type:");
		sf_strn(&f, ad->by, 120);
		sf_copy(d->contact, sizeof(d->contact), a->s->contact);
		sf_copy(d->date, sizeof(d->date), dep->deposit_date);
	} else {
		/* "%s %s%.120s", title, "fee " or "", key */
		sf_str(&f, a->pm->title);
		sf_str(&f, ad->fee_of_transfer ? " fee " : " ");
		sf_strn(&f, key, 120);
		/* "%s:%.100s:%s:%.120s" */
		sf_init(&f, d->natural_key, sizeof(d->natural_key));
		sf_str(&f, dep->platform);
		sf_char(&f, ':');
		sf_strn(&f, dep->id, 100);
		sf_str(&f, ad->fee_of_transfer ? ":fee:" : ":row:");
		sf_strn(&f, key, 120);
		sf_copy(d->contact, sizeof(d->contact), party[0] ? party : a->s->contact);
		sf_copy(d->order_id, sizeof(d->order_id), deposit_str(dep, e->order_id));
		date_days_ymd(e->posted_days, d->date);
	}
	sf_copy(d->reference, sizeof(d->reference), d->number);
	d->signed_total = sum;
	d->total = sum < 0 ? -sum : sum;
	d->lines = malloc(ad->nlines * sizeof(*d->lines)); /* each set whole below */
	if (!d->lines)
		return LL_ERROR;
	for (i = 0, k = ad->head; k; i++, k = a->lines[k - 1].next) {
		struct aline *l = &a->lines[k - 1];

		d->lines[i] = a->tg[l->tg].l;
		d->lines[i].amount = l->amount;
		d->lines[i].event_count = l->count;
		d->lines[i].source_rows = rows_text(dep->path, &l->src);
		d->nlines++;
		if (!d->lines[i].source_rows)
			return LL_ERROR;
	}
	d->source_rows = rows_text(dep->path, &ad->src);
	if (!d->source_rows)
		return LL_ERROR;
	return map_render_body(d, a->s, dep->currency, dep->exponent);
}

int map_account_day(struct doc_list *out, const struct map_opts *o, const struct deposit *dep,
		    struct ll_err *err)
{
	struct acct a;
	struct acct_inplace in;   /* not cleared: each item is set as it is taken */
	size_t i, k;
	int rc = 0;

	memset(&a, 0, sizeof(a));
	a.in = &in;
	a.docs = in.docs;
	a.cap = sizeof(in.docs) / sizeof(in.docs[0]);
	a.lines = in.lines;
	a.linecap = sizeof(in.lines) / sizeof(in.lines[0]);
	a.tg = in.tg;
	a.tgcap = sizeof(in.tg) / sizeof(in.tg[0]);
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
	/* room for the day's documents at once (at most one each), not
	 * doubled from 16 with copies of what is there */
	if (rc == 0 && out->n + a.n > out->cap) {
		struct doc *nd = realloc(out->docs, (out->n + a.n) * sizeof(*nd));

		if (nd) {
			out->docs = nd;
			out->cap = out->n + a.n;
		}
	}
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
	for (k = 0; k < a.nlines; k++)
		free(a.lines[k].src.heap);
	for (i = 0; i < a.n; i++)
		free(a.docs[i].src.heap);
	if (a.lines != in.lines)
		free(a.lines);
	if (a.tg != in.tg)
		free(a.tg);
	if (a.docs != in.docs)
		free(a.docs);
	return rc;
}
