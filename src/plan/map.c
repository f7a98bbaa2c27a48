/*
 * map.c - events to documents (map.h).
 *
 * Each event is given a document group (the deposit or the summary, or a
 * month of either; an order, an order's refund) and a line key (the
 * mapping row it matched, or its own unmapped key, and the marketplace
 * when the row asks for tracking). One pass over the events, in file
 * order, sums them into a hash table of (group, key) slots and grows each
 * slot's list of source line ranges as it goes (file order keeps the
 * ranges sorted; ranges.c). The slots are then sorted, a few hundred
 * rather than a million events: each slot is one line, each run of equal
 * groups one document. Mapping is resolved once per distinct
 * (transaction type, amount type, description) and what else decides an
 * amount's line (its marketplace and date when rows name them, its order
 * context, a stated tax rate: map_tax.c), into a target (account, tax
 * type, description); tax lines are folded into their sale's line before
 * the lines are built (slots and targets: map_slots.c). Month parts get their roll-forward lines as they are built, in month order,
 * and a negative order-mode payout that never left the bank its
 * carried-balance line on the last summary part (monthend.c). The
 * documents' Xero bodies are written by map_body.c.
 */
#include "map.h"
#include "map_slots.h"
#include "map_tax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/monthend.h"
#include "plan/ranges.h"
#include "util/date.h"
#include "util/fmt.h"
#include "util/hash.h"
#include "util/money.h"

static void add_days(const char *ymd, int n, char out[11])
{
	int64_t days;

	if (date_parse_ymd(&days, ymd)) {
		sf_copy(out, 11, ymd);
		return;
	}
	date_days_ymd(days + n, out);
}

void doc_list_free(struct doc_list *l)
{
	size_t i, k;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		struct doc *d = &l->docs[i];

		for (k = 0; k < d->nlines; k++)
			free(d->lines[k].source_rows);
		free(d->lines);
		free(d->source_rows);
		free(d->body);
	}
	free(l->docs);
	memset(l, 0, sizeof(*l));
}

struct builder {
	const struct map_opts *o;
	const struct platform_map *pm;
	enum post_mode mode;
	const struct deposit *dep;
	const struct platform_settings *s;
	struct combos cs;
	struct doc_list *out;
	const char *marketplace; /* the deposit's main marketplace */
	struct map_taxctx tx;    /* targets and tax (map_tax.h) */
	int dep_month;           /* yyyymm of the deposit date, 0 = unknown */
	int64_t memo_days;       /* group_of: the last day it took a month of */
	int memo_ym;             /* its yyyymm */
	int memo_set;            /* memo_days is set */
	int64_t card;            /* > 0: a negative payout charged to the card
				  * or carried forward (no transfer), on the
				  * last summary part */
};

/* Group ids, sorted in document order: the summary (or the whole
 * settlement) 0, or yyyymm when split by month; an order's invoice or
 * refund GROUP_ORDER + (order_id << 1 | refund). */
#define GROUP_ORDER (1ULL << 40)

static int month_group(uint64_t g)
{
	return g != 0 && g < GROUP_ORDER;
}

static uint64_t group_of(struct builder *b, const struct event *e)
{
	if (b->mode == MODE_ORDER) {
		const char *at = deposit_str(b->dep, e->atype);

		/* a store payment (EVF_STORE) pays an order another export
		 * invoices: it stays on the summary */
		if (e->order_id && !(e->flags & EVF_STORE) &&
		    (!strcmp(at, "ItemPrice") || !strcmp(at, "Promotion")))
			return GROUP_ORDER +
			       (((uint64_t)e->order_id << 1) | (e->kind == EV_REFUND));
	}
	if (b->s->split_months) {
		int ym;

		/* a deposit's rows mostly run day after day */
		if (!b->memo_set || e->posted_days != b->memo_days) {
			b->memo_set = 1;
			b->memo_days = e->posted_days;
			b->memo_ym = monthend_month_of(e->posted_days);
		}
		ym = b->memo_ym;

		/* a row posted after the deposit's month joins the last part */
		return (uint64_t)(b->dep_month && ym > b->dep_month ? b->dep_month : ym);
	}
	return 0;
}

static int new_doc(struct builder *b, struct doc **out)
{
	struct doc_list *l = b->out;

	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		struct doc *n = realloc(l->docs, nc * sizeof(*n));

		if (!n)
			return LL_ERROR;
		l->docs = n;
		l->cap = nc;
	}
	*out = &l->docs[l->n++];
	memset(*out, 0, sizeof(**out));
	(*out)->parent = -1;
	return 0;
}

/* 1 if the deposit's documents are paid from a clearing account: payments
 * on, AUTHORISED, order mode or a day summary, and an account for it */
static int pays_from_clearing(const struct builder *b)
{
	const struct platform_settings *s = b->s;

	return s->payments && !strcmp(s->status, "AUTHORISED") &&
	       (b->mode == MODE_ORDER || b->dep->day_summary) &&
	       mapping_clearing_account(s, b->dep->gateway, b->dep->currency) != NULL;
}

/*
 * Money moves of a deposit whose documents are docs[first..]: with
 * payments on and AUTHORISED documents, each document of an order-mode
 * deposit or of a day summary is paid from its gateway's clearing account
 * (on its own date), and an order-mode payout leaves the clearing account
 * for the bank as a transfer on the deposit date. Together they empty the
 * clearing account: payments sum to the deposit, as the documents do.
 */
static int add_money_moves(struct builder *b, size_t first)
{
	const struct deposit *dep = b->dep;
	const struct platform_settings *s = b->s;
	const char *clearing, *bank;
	char memo[96];
	struct sfmt f;
	size_t i, n = b->out->n;

	if (!s->payments || strcmp(s->status, "AUTHORISED") || dep->unpaid ||
	    (b->mode != MODE_ORDER && !dep->day_summary) || n == first)
		return 0; /* an unpaid invoice waits in accounts receivable */
	clearing = mapping_clearing_account(s, dep->gateway, dep->currency);
	bank = mapping_bank_account(s, dep->currency);
	if (!clearing) {
		if (b->o->warn) {
			char msg[400];

			snprintf(msg, sizeof(msg), "%s %s: no clearing_account for gateway"
				 " '%.64s' in %s in settings.json (%s): its documents are"
				 " posted unpaid", b->pm->def->deposit_noun, dep->id,
				 dep->gateway[0] ? dep->gateway : "*", dep->currency,
				 b->pm->def->settings);
			b->o->warn(b->o->warn_ctx, dep->path, (long)dep->header_line,
				   "no-clearing-account", msg);
		}
		return 0;
	}
	sf_init(&f, memo, sizeof(memo));  /* "%s %s %.60s" */
	sf_str(&f, b->pm->title);
	sf_char(&f, ' ');
	sf_str(&f, b->pm->def->deposit_noun);
	sf_char(&f, ' ');
	sf_strn(&f, deposit_shown_id(dep), 60);
	for (i = first; i < n; i++) {
		struct doc *t = &b->out->docs[i], *p;

		if (t->total == 0)
			continue;
		if (new_doc(b, &p))
			return LL_ERROR;
		t = &b->out->docs[i]; /* new_doc may move the list */
		sf_copy(p->kind, sizeof(p->kind), "Payment");
		p->parent = (long)i;
		sf_copy(p->account, sizeof(p->account), clearing);
		sf_copy(p->memo, sizeof(p->memo), memo);
		sf_copy(p->contact, sizeof(p->contact), t->contact);
		sf_copy(p->date, sizeof(p->date), t->date);
		sf_copy(p->order_id, sizeof(p->order_id), t->order_id);
		sf_init(&f, p->natural_key, sizeof(p->natural_key));  /* "%.240s:payment" */
		sf_strn(&f, t->natural_key, 240);
		sf_str(&f, ":payment");
		p->total = t->total;
		p->source_rows = strdup(t->source_rows ? t->source_rows : "");
		if (!p->source_rows || map_link_payment(p, t, dep->exponent))
			return LL_ERROR;
	}
	/* a negative payout the platform charged to the card or carried
	 * forward never left the bank: the summary's carried-balance line
	 * (b->card) took the place of the transfer */
	if (b->mode == MODE_ORDER && !dep->day_summary && dep->total != 0 && bank &&
	    !b->card) {
		struct doc *tr;

		if (new_doc(b, &tr))
			return LL_ERROR;
		sf_copy(tr->kind, sizeof(tr->kind), "BankTransfer");
		sf_copy(tr->xero_type, sizeof(tr->xero_type), "TRANSFER");
		/* a negative payout is money the platform took from the bank */
		sf_copy(tr->account, sizeof(tr->account), dep->total > 0 ? clearing : bank);
		sf_copy(tr->to_account, sizeof(tr->to_account), dep->total > 0 ? bank : clearing);
		sf_copy(tr->memo, sizeof(tr->memo), memo);
		sf_copy(tr->number, sizeof(tr->number), memo);
		sf_copy(tr->reference, sizeof(tr->reference), memo);
		sf_copy(tr->date, sizeof(tr->date), dep->deposit_date);
		sf_init(&f, tr->natural_key, sizeof(tr->natural_key));  /* "%s:%.200s:transfer" */
		sf_str(&f, dep->platform);
		sf_char(&f, ':');
		sf_strn(&f, dep->id, 200);
		sf_str(&f, ":transfer");
		tr->total = dep->total < 0 ? -dep->total : dep->total;
		tr->source_rows = ranges_text_line(dep->path, dep->header_line);
		if (!tr->source_rows || map_render_body(tr, s, dep->currency, dep->exponent))
			return LL_ERROR;
	}
	return 0;
}

/*
 * Fill kind, type, number, reference, dates of a finished document.
 * month_part: it is one month of a deposit split by month (last_part:
 * the last one, dated on the deposit); first/first_days: an order's
 * first event and its date.
 */
static int finish_doc(struct builder *b, struct doc *d, uint64_t group,
		      const struct event *first, int64_t first_days, int month_part,
		      int last_part)
{
	const struct deposit *dep = b->dep;
	const struct platform_settings *s = b->s;
	struct tmpl_vars v;
	char month[16] = "", ref[256];
	struct sfmt f;
	const char *order = "";
	int is_order = 0, is_refund = 0;
	int64_t sum = 0; /* what Xero totals: every line */
	size_t i;

	memset(&v, 0, sizeof(v));
	d->signed_total = 0;
	for (i = 0; i < d->nlines; i++) {
		sum += d->lines[i].amount;
		if (!d->lines[i].settles)
			d->signed_total += d->lines[i].amount;
	}
	d->total = sum < 0 ? -sum : sum;

	if (group >= GROUP_ORDER) {
		is_order = 1;
		is_refund = (int)((group - GROUP_ORDER) & 1);
		order = deposit_str(dep, first->order_id);
		sf_copy(d->order_id, sizeof(d->order_id), order);
	}
	v.settlement = deposit_shown_id(dep); /* never a folder's name (docs/shopify.md) */
	v.order = order;
	v.start = dep->start_date;
	v.end = dep->end_date;
	v.marketplace = b->marketplace;
	v.platform = dep->platform;
	if (month_part)
		monthend_label(group, month);
	v.month = month;

	if (mapping_expand(d->contact, sizeof(d->contact), s->contact, &v))
		return LL_EPARSE;
	if (is_order) {
		if (mapping_expand(d->number, sizeof(d->number),
				   is_refund ? s->refund_number : s->order_number, &v))
			return LL_EPARSE;
		sf_init(&f, ref, sizeof(ref));  /* "%s %s %s, %s %s" */
		sf_str(&f, b->pm->title);
		sf_str(&f, is_refund ? " refund for order " : " order ");
		sf_str(&f, order);
		sf_str(&f, ", ");
		sf_str(&f, b->pm->def->deposit_noun);
		sf_char(&f, ' ');
		sf_str(&f, deposit_shown_id(dep));
		/* "%s:%s:%s:%s", platform, id, "refund" or "order", order */
		sf_init(&f, d->natural_key, sizeof(d->natural_key));
		sf_str(&f, dep->platform);
		sf_char(&f, ':');
		sf_str(&f, dep->id);
		sf_str(&f, is_refund ? ":refund:" : ":order:");
		sf_str(&f, order);
	} else {
		if (mapping_expand(d->number, sizeof(d->number),
				   month[0] ? s->month_number : s->number, &v) ||
		    mapping_expand(ref, sizeof(ref), s->reference, &v))
			return LL_EPARSE;
		/* "%s:%s:summary:%s", "%s:%s:summary", "%s:%s:month:%s",
		 * "%s:%s:settlement" */
		sf_init(&f, d->natural_key, sizeof(d->natural_key));
		sf_str(&f, dep->platform);
		sf_char(&f, ':');
		sf_str(&f, dep->id);
		if (b->mode == MODE_ORDER && month[0]) {
			sf_str(&f, ":summary:");
			sf_str(&f, month);
		} else if (b->mode == MODE_ORDER) {
			sf_str(&f, ":summary");
		} else if (month[0]) {
			sf_str(&f, ":month:");
			sf_str(&f, month);
		} else {
			sf_str(&f, ":settlement");
		}
	}
	if (month[0] && strlen(ref) + 12 < sizeof(ref)) {
		size_t rl = strlen(ref);

		sf_init(&f, ref + rl, sizeof(ref) - rl);  /* ", %s part" */
		sf_str(&f, ", ");
		sf_str(&f, month);
		sf_str(&f, " part");
	}
	sf_copy(d->reference, sizeof(d->reference), ref);

	/* dates: an order on its own; earlier month parts on their month's
	 * last day; the last part, and an unsplit document, on the deposit */
	if (is_order)
		date_days_ymd(first_days, d->date);
	else if (month[0] && !last_part)
		monthend_last_day((int)group, d->date);
	else
		sf_copy(d->date, sizeof(d->date), dep->deposit_date);
	add_days(d->date, s->due_days, d->due_date);

	/* kind by the sign of Xero's total: Xero refuses negative invoices */
	if (sum >= 0 && !(is_refund && sum == 0)) {
		sf_copy(d->kind, sizeof(d->kind), "Invoice");
		sf_copy(d->xero_type, sizeof(d->xero_type), "ACCREC");
	} else if (!is_order && s->negative == NEG_BILL && !dep->day_summary) {
		/* a bill is for a payout the platform takes back (a card
		 * charge, a bank debit); a store's day (a refund of an order,
		 * a day's orders of a gateway) has none: a credit note */
		sf_copy(d->kind, sizeof(d->kind), "Invoice");
		sf_copy(d->xero_type, sizeof(d->xero_type), "ACCPAY");
	} else {
		sf_copy(d->kind, sizeof(d->kind), "CreditNote");
		sf_copy(d->xero_type, sizeof(d->xero_type), "ACCRECCREDIT");
	}
	return map_render_body(d, s, dep->currency, dep->exponent);
}

/*
 * Sales recorded by the shop ("sales_recorded_by" of a platform with
 * PLATFORM_PAYS_OTHERS_SALES, i.e. a payment gateway): a Payment or Refund
 * with an invoice number (the store's order, starting with
 * "invoice_prefix" when set) is the gateway side of a sale the shop's
 * export already counts, so it maps as "Store payment" / "Store refund"
 * (a clearing account in the gateway's mapping file) instead of a sale.
 * Such events are keyed apart from their plain category by STORE_BIT on
 * the amount type.
 */
#define STORE_BIT 0x80000000u
#define STORE_REFUND_BIT 0x40000000u /* with STORE_BIT: a refund (EVF_STORE) */

static const char *store_atype(const char *atype)
{
	return !strcmp(atype, "Payment") ? "Store payment"
	       : !strcmp(atype, "Refund") ? "Store refund" : NULL;
}

static uint32_t event_atype_key(const struct builder *b, const struct event *e)
{
	const char *order;

	/* the money of an order another export records (a Shopify Payments
	 * charge of an order in the orders export: join.c) */
	if (e->flags & EVF_STORE)
		return e->atype | STORE_BIT | (e->kind == EV_REFUND ? STORE_REFUND_BIT : 0);
	if (!b->s->sales_recorded_by[0] || !(b->pm->def->caps & PLATFORM_PAYS_OTHERS_SALES))
		return e->atype;
	order = deposit_str(b->dep, e->order_id);
	if (!order[0] ||
	    strncmp(order, b->s->invoice_prefix, strlen(b->s->invoice_prefix)) != 0 ||
	    !store_atype(deposit_str(b->dep, e->atype)))
		return e->atype;
	return e->atype | STORE_BIT;
}

/* the amount type an atype key maps by */
static const char *key_atype(const struct deposit *dep, uint32_t a)
{
	const char *st;

	if (!(a & STORE_BIT))
		return deposit_str(dep, a);
	st = store_atype(deposit_str(dep, a & ~(STORE_BIT | STORE_REFUND_BIT)));
	return st ? st : (a & STORE_REFUND_BIT) ? "Store refund" : "Store payment";
}

/* The line of slot sl, with the rows of the slots folded into it (rgs,
 * nrgs ranges lists, sl's own first). */
static int build_line(struct builder *b, struct doc_line *ln, const struct slot *sl,
		      const struct ranges *const *rgs, size_t nrgs, int64_t tax)
{
	const struct deposit *dep = b->dep;
	const struct event *e0 = &dep->ev[sl->first_ev];
	const struct map_target *t = &b->tx.t[(uint32_t)(sl->key >> 32)];

	memset(ln, 0, sizeof(*ln));
	ln->amount = sl->amount;
	ln->event_count = sl->count;
	sf_copy(ln->category, sizeof(ln->category), t->category);
	sf_copy(ln->account, sizeof(ln->account), t->account);
	sf_copy(ln->tax_type, sizeof(ln->tax_type), t->tax_code);
	sf_copy(ln->description, sizeof(ln->description), t->description);
	if (t->track && b->s->tracking_category[0])
		sf_copy(ln->tracking, sizeof(ln->tracking),
			deposit_str(dep, e0->marketplace)[0] ? deposit_str(dep, e0->marketplace)
							     : b->marketplace);
	if (t->taxline)
		map_tax_orphan(&b->tx, ln); /* a tax line with no sale to join */
	ln->stated = sl->stated || tax != 0;
	ln->tax_amount = tax;
	ln->source_rows = ranges_text(dep->path, rgs, nrgs);
	return ln->source_rows ? 0 : LL_ERROR;
}

/* Fold each tax line of the group [gs, ge) into its sale's line: a slot
 * of the same tax type and tracking; of the same account if one has it,
 * else of the same sign (a sale's tax joins a sale, not a refund), else
 * the largest. Returns the number of tax lines left with no sale. */
static long fold_group(struct builder *b, struct slot *s, size_t gs, size_t ge)
{
	long orphans = 0;
	size_t i, k;

	for (i = gs; i < ge; i++) {
		const struct map_target *t = &b->tx.t[(uint32_t)(s[i].key >> 32)];
		size_t best = ge;
		int best_rank = 0;

		if (!t->taxline)
			continue;
		for (k = gs; k < ge; k++) {
			const struct map_target *u = &b->tx.t[(uint32_t)(s[k].key >> 32)];
			int rank;
			int64_t ak = s[k].amount < 0 ? -s[k].amount : s[k].amount;

			if (u->taxline || strcmp(u->tax_code, t->tax_code) ||
			    (uint32_t)s[k].key != (uint32_t)s[i].key)
				continue;
			rank = 2 * !strcmp(u->account, t->account) +
			       ((s[k].amount < 0) == (s[i].amount < 0));
			if (best == ge || rank > best_rank ||
			    (rank == best_rank &&
			     ak > (s[best].amount < 0 ? -s[best].amount : s[best].amount))) {
				best = k;
				best_rank = rank;
			}
		}
		if (best == ge) {
			orphans++;
			continue;
		}
		s[i].fold = best + 1;
	}
	return orphans;
}

static const char *main_marketplace(const struct deposit *d)
{
	size_t i;

	for (i = 0; i < d->nev; i++)
		if (d->ev[i].marketplace)
			return deposit_str(d, d->ev[i].marketplace);
	return "";
}

int map_deposit(struct doc_list *out, const struct map_opts *o,
		const struct deposit *dep, struct ll_err *err)
{
	struct builder b;
	struct slots t;
	const struct ranges **rgs = NULL;
	size_t i, n = dep->nev, gs, ge, first_doc = out->n;
	int rc = 0, nmonths = 0, kmonth = 0;
	int64_t carry = 0;      /* the month parts' balance so far */
	uint64_t prev_month = 0;

	if (dep->account_day)
		return map_account_day(out, o, dep, err);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	b.o = o;
	b.dep = dep;
	b.pm = mappings_for(o->m, dep->platform);
	if (!b.pm)
		return ll_err_set(err, LL_EPARSE, dep->path, 0,
				  "no platform %s in the table of platforms", dep->platform);
	if (!b.pm->loaded)
		return ll_err_set(err, LL_EPARSE, dep->path, 0,
				  "no mapping table for %s (mappings/%s)", dep->platform,
				  b.pm->def->mapping_file);
	b.s = &b.pm->s;
	b.mode = o->mode >= 0 ? (enum post_mode)o->mode : b.s->mode;
	b.out = out;
	b.marketplace = main_marketplace(dep);
	if (map_tax_begin(&b.tx, o->m, b.pm, dep, b.marketplace, o->warn, o->warn_ctx))
		goto oom;
	{
		int64_t dd;

		if (!date_parse_ymd(&dd, dep->deposit_date))
			b.dep_month = monthend_month_of(dd);
	}
	for (i = 0; i < n; i++) {
		const struct event *e = &dep->ev[i];
		int created;
		uint32_t akey = event_atype_key(&b, e), x[4];
		long ci;
		uint32_t mkt = 0, target;
		struct slot *sl;

		map_tax_key(&b.tx, i, x);
		ci = combo_get(&b.cs, e->ttype, akey, e->adesc, x, &created);
		if (ci < 0)
			goto oom;
		if (created) {
			const struct mapping_row *r;
			size_t k;
			int warned = 0;

			if ((rc = map_tax_resolve(&b.tx, i, key_atype(dep, akey), &r,
						  &b.cs.c[ci].target, err)))
				goto done;
			b.cs.c[ci].row = r ? (int)(r - b.pm->rows) : -1;
			for (k = 0; !r && k < (size_t)ci; k++)
				if (b.cs.c[k].row < 0 && b.cs.c[k].t == e->ttype &&
				    b.cs.c[k].a == akey && b.cs.c[k].d == e->adesc)
					warned = 1; /* said once per key */
			if (!r && !warned && o->warn) {
				char msg[512];

				snprintf(msg, sizeof(msg),
					 "%s %s: no mapping for transaction type '%.80s', "
					 "amount type '%.80s', description '%.80s'; posted to "
					 "fallback account %s (add a row to mappings/%s)",
					 b.pm->def->deposit_noun,
					 dep->id, deposit_str(dep, e->ttype),
					 key_atype(dep, akey), deposit_str(dep, e->adesc),
					 b.s->fallback_account, b.pm->def->mapping_file);
				o->warn(o->warn_ctx, dep->path, (long)e->line, "unmapped", msg);
			}
		}
		/* key: the target (amounts that post alike share a line); low
		 * half the marketplace when the line is tracked by it */
		target = b.cs.c[ci].target;
		if (b.tx.t[target].track)
			mkt = e->marketplace;
		sl = slots_get(&t, group_of(&b, e), ((uint64_t)target << 32) | mkt,
			       (uint32_t)i);
		if (!sl || ranges_add(&sl->rows, e->line))
			goto oom;
		sl->amount += e->amount;
		sl->count++;
		/* an order's one stated tax covers its sale, not a later refund */
		sl->stated |= e->tax_stated == TAX_STATED_COVERS && e->kind != EV_REFUND;
		if (e->posted_days < sl->min_days)
			sl->min_days = e->posted_days;
	}
	if (t.n == 0)
		goto done; /* no events: a tied empty settlement needs no document */
	qsort(t.s, t.n, sizeof(*t.s), cmp_slot);
	rgs = malloc(t.n * sizeof(*rgs));
	if (!rgs)
		goto oom;
	for (gs = 0; gs < t.n; gs = ge) {
		for (ge = gs; ge < t.n && t.s[ge].group == t.s[gs].group; ge++)
			;
		nmonths += month_group(t.s[gs].group);
	}
	/* a negative order-mode payout the platform took from the card or
	 * carries into the next one: no transfer, a line on the summary */
	if (pays_from_clearing(&b) && b.mode == MODE_ORDER && !dep->day_summary &&
	    dep->total < 0 && b.s->negative_payout == NEGPAY_CARRIED)
		b.card = -dep->total;
	for (gs = 0; gs < t.n; gs = ge) {
		struct doc *d;
		struct slot first;
		uint64_t g = t.s[gs].group;
		int part = nmonths > 1 && month_group(g), last = !part || kmonth == nmonths - 1;
		int64_t own = 0;

		for (ge = gs; ge < t.n && t.s[ge].group == g; ge++)
			;
		if (fold_group(&b, t.s, gs, ge) && o->warn && !b.tx.warned_nosale) {
			char msg[300];

			b.tx.warned_nosale = 1;
			snprintf(msg, sizeof(msg), "%s %s: a tax line has no sale of its tax type"
				 " in its document to join; it is booked on the sales-tax"
				 " account %s, not in revenue", b.pm->def->deposit_noun, dep->id,
				 b.s->tax_account[0] ? b.s->tax_account : b.s->fallback_account);
			o->warn(o->warn_ctx, dep->path, (long)dep->header_line,
				"tax-without-sale", msg);
		}
		if (new_doc(&b, &d))
			goto oom;
		/* + roll-forward, card; not cleared: build_line and monthend.c
		 * clear each line they take, and no one reads past nlines */
		d->lines = malloc((ge - gs + 3) * sizeof(*d->lines));
		if (!d->lines)
			goto oom;
		first = t.s[gs];
		if (part && kmonth > 0 && monthend_roll_line(d, b.s, dep, carry, prev_month, 0))
			goto oom;
		for (i = gs; i < ge; i++) {
			size_t k, nr = 0;
			int64_t tax = 0;

			if (t.s[i].min_days < first.min_days)
				first.min_days = t.s[i].min_days;
			if (t.s[i].fold)
				continue; /* in its sale's line */
			rgs[nr++] = &t.s[i].rows;
			for (k = gs; k < ge; k++)
				if (t.s[k].fold == i + 1) {
					t.s[i].amount += t.s[k].amount;
					t.s[i].count += t.s[k].count;
					tax += t.s[k].amount;
					rgs[nr++] = &t.s[k].rows;
				}
			if (build_line(&b, &d->lines[d->nlines], &t.s[i], rgs, nr, tax))
				goto oom;
			d->nlines++;
			own += t.s[i].amount;
		}
		for (i = gs; i < ge; i++)
			rgs[i - gs] = &t.s[i].rows;
		if (part && !last) {
			/* the balance so far goes on to the next month's part */
			carry += own;
			if (monthend_roll_line(d, b.s, dep, -carry, t.s[ge].group, 1))
				goto oom;
		}
		if (b.card && g < GROUP_ORDER && last) {
			if (monthend_card_line(d, b.s, dep, b.pm->title, b.card))
				goto oom;
		}
		d->source_rows = ranges_text(dep->path, rgs, ge - gs);
		if (!d->source_rows)
			goto oom;
		rc = finish_doc(&b, d, g, &dep->ev[first.first_ev], first.min_days, part, last);
		if (rc)
			goto too_long;
		/* the lines' TaxAmounts, then the body again with them */
		if (map_tax_amounts(&b.tx, d, b.s->line_amount_types) &&
		    map_render_body(d, b.s, dep->currency, dep->exponent))
			goto oom;
		if (part) {
			prev_month = g;
			kmonth++;
		}
	}
	if (b.card && !monthend_settled(out, first_doc)) {
		/* no summary (only orders and refunds): one of its own */
		struct doc *d;

		if (new_doc(&b, &d) || !(d->lines = calloc(1, sizeof(*d->lines))) ||
		    monthend_card_line(d, b.s, dep, b.pm->title, b.card) ||
		    !(d->source_rows = ranges_text_line(dep->path, dep->header_line)))
			goto oom;
		if ((rc = finish_doc(&b, d, 0, &dep->ev[0], 0, 0, 1)))
			goto too_long;
	}
	if (add_money_moves(&b, first_doc))
		goto oom;
	goto done;
too_long:
	ll_err_set(err, rc, dep->path, 0, "settlement %s: a document number or reference"
		   " from the templates in settings.json is too long", dep->id);
	goto done;
oom:
	rc = ll_err_set(err, LL_ERROR, dep->path, 0, "out of memory");
done:
	free(rgs);
	slots_free(&t);
	free(b.cs.c);
	free(b.cs.slots);
	map_tax_end(&b.tx);
	return rc;
}

const char *map_event_atype(const struct platform_map *pm, const struct deposit *dep,
			    const struct event *e)
{
	struct builder b;

	memset(&b, 0, sizeof(b));
	b.pm = pm;
	b.s = &pm->s;
	b.dep = dep;
	return key_atype(dep, event_atype_key(&b, e));
}
