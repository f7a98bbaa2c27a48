/*
 * map_tax.c - targets and tax amounts of a deposit's lines (map_tax.h).
 *
 * Targets are interned by (account, tax type, description, tracking,
 * tax line) so that amounts which post alike share one line. The order
 * context is found in one pass over the deposit: the (order, transaction
 * type) pairs that have a withheld-tax amount, in a small hash set.
 */
#include "map_tax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/money.h"

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 29);
}

/* snprintf(out, size, "%s", s) without the formatting machinery */
static void copy(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* snprintf(out, size, "%s/%s/%s", a, b, c), likewise */
static void join3(char *out, size_t size, const char *a, const char *b, const char *c)
{
	const char *part[5] = { a, "/", b, "/", c };
	size_t k = 0, i, n;

	for (i = 0; i < 5 && k + 1 < size; i++) {
		n = strlen(part[i]);
		if (n > size - 1 - k)
			n = size - 1 - k;
		memcpy(out + k, part[i], n);
		k += n;
	}
	out[k] = '\0';
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* what the predicates below ask of an amount type or description, per
 * string of the deposit's pool (c->sflag, set by map_tax_begin for the
 * strings its events name: each string is looked at once) */
enum {
	SF_SEEN = 1,
	SF_WITHHELD = 2,  /* "ItemWithheldTax" */
	SF_ITEMFEES = 4,  /* "ItemFees" */
	SF_MFDESC = 8,    /* MarketplaceFacilitator..., LowValueGoodsTax... */
	SF_PRICE = 16,    /* "ItemPrice", "Promotion" */
	SF_TAXEND = 32    /* ends in "Tax" */
};

static uint8_t str_flags(const char *s)
{
	size_t n = strlen(s);

	return (uint8_t)(SF_SEEN | (!strcmp(s, "ItemWithheldTax") ? SF_WITHHELD : 0) |
			 (!strcmp(s, "ItemFees") ? SF_ITEMFEES : 0) |
			 (starts(s, "MarketplaceFacilitator") || starts(s, "LowValueGoodsTax")
				  ? SF_MFDESC : 0) |
			 (!strcmp(s, "ItemPrice") || !strcmp(s, "Promotion") ? SF_PRICE : 0) |
			 (n >= 3 && !strcmp(s + n - 3, "Tax") ? SF_TAXEND : 0));
}

/* the flags of string id of the deposit (0 for an id it does not have) */
static unsigned sflag(const struct map_taxctx *c, uint32_t id)
{
	return id < c->nsflag ? c->sflag[id] : 0;
}

/* a withheld-tax amount: ItemWithheldTax, or a V1 file's item fee of the
 * marketplace's tax (docs/tax.md finding 2) */
static int is_withheld(const struct map_taxctx *c, const struct event *e)
{
	return e->kind == EV_WITHHELD_TAX || (sflag(c, e->atype) & SF_WITHHELD) ||
	       ((sflag(c, e->atype) & SF_ITEMFEES) && (sflag(c, e->adesc) & SF_MFDESC));
}

static int is_price(const struct map_taxctx *c, const struct event *e)
{
	return (sflag(c, e->atype) & SF_PRICE) != 0;
}

/* a tax line charged to the buyer: Tax, ShippingTax, GiftWrapTax, ... */
static int is_taxline(const struct map_taxctx *c, const struct event *e)
{
	return e->kind == EV_TAX || (is_price(c, e) && (sflag(c, e->adesc) & SF_TAXEND));
}

/* the sale's own amounts: what marketplace_tax and a stated rate apply to */
static int is_saleish(const struct map_taxctx *c, const struct event *e)
{
	return e->kind == EV_SALE || e->kind == EV_PROMOTION || e->kind == EV_REFUND ||
	       is_taxline(c, e);
}

/* the flags of the strings d's events name as amount type or description */
static int flag_strings(struct map_taxctx *c)
{
	const struct deposit *d = c->dep;
	size_t i;

	c->nsflag = d->pool.n;
	c->sflag = calloc(c->nsflag ? c->nsflag : 1, 1);
	if (!c->sflag)
		return LL_ERROR;
	for (i = 0; i < d->nev; i++) {
		uint32_t id[2] = { d->ev[i].atype, d->ev[i].adesc };
		int k;

		for (k = 0; k < 2; k++)
			if (id[k] < c->nsflag && !c->sflag[id[k]])
				c->sflag[id[k]] = str_flags(deposit_str(d, id[k]));
	}
	return 0;
}

/* marks the price amounts of (order, transaction type) pairs that have a
 * withheld-tax amount */
static int mark_mf(struct map_taxctx *c)
{
	const struct deposit *d = c->dep;
	size_t n = d->nev, ntab = 64, i, h, nw = 0;
	uint64_t *tab;

	/* the table sized by the withheld amounts it holds, not all events */
	for (i = 0; i < n; i++)
		if (d->ev[i].order_id && is_withheld(c, &d->ev[i]))
			nw++;
	if (!nw)
		return 0;
	while (ntab < nw * 2)
		ntab *= 2;
	tab = calloc(ntab, sizeof(*tab));
	c->mf = calloc(n ? n : 1, 1);
	if (!tab || !c->mf) {
		free(tab);
		return LL_ERROR;
	}
	for (i = 0; i < n; i++) {
		const struct event *e = &d->ev[i];
		uint64_t k;

		if (!e->order_id || !is_withheld(c, e))
			continue;
		k = ((uint64_t)e->order_id << 32 | e->ttype) + 1;
		for (h = mix(k, 7) & (ntab - 1); tab[h] && tab[h] != k; h = (h + 1) & (ntab - 1))
			;
		tab[h] = k;
	}
	for (i = 0; i < n; i++) {
		const struct event *e = &d->ev[i];
		uint64_t k = ((uint64_t)e->order_id << 32 | e->ttype) + 1;

		if (!e->order_id || !is_price(c, e))
			continue;
		for (h = mix(k, 7) & (ntab - 1); tab[h]; h = (h + 1) & (ntab - 1))
			if (tab[h] == k) {
				c->mf[i] = 1;
				break;
			}
	}
	free(tab);
	return 0;
}

int map_tax_begin(struct map_taxctx *c, const struct mappings *m,
		  const struct platform_map *pm, const struct deposit *dep,
		  const char *marketplace, map_warn_fn warn, void *warn_ctx)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->m = m;
	c->pm = pm;
	c->dep = dep;
	c->marketplace = marketplace;
	c->warn = warn;
	c->warn_ctx = warn_ctx;
	c->by_market = pm->s.nmtax > 0;
	for (i = 0; i < pm->n; i++) {
		if (pm->rows[i].dated)
			c->by_day = 1;
		if (strcmp(pm->rows[i].marketplace, "*"))
			c->by_market = 1;
	}
	copy(c->none_code, sizeof(c->none_code), m->none_code[0] ? m->none_code : "NONE");
	if (flag_strings(c))
		return LL_ERROR;
	return mark_mf(c);
}

void map_tax_end(struct map_taxctx *c)
{
	free(c->mf);
	free(c->sflag);
	free(c->t);
	free(c->tab);
	memset(c, 0, sizeof(*c));
}

void map_tax_key(const struct map_taxctx *c, size_t i, uint32_t key[4])
{
	const struct event *e = &c->dep->ev[i];

	key[0] = c->by_market ? e->marketplace : 0;
	/* days the table's date ranges do not tell apart match alike */
	key[1] = c->by_day ? mappings_day_class(c->pm, e->posted_days) : 0;
	key[2] = (uint32_t)e->kind << 8 | (c->mf && c->mf[i]) | (uint32_t)is_taxline(c, e) << 1 |
		 (uint32_t)(e->tax_stated != 0) << 2;
	key[3] = e->tax_stated ? (uint32_t)e->tax_rate : 0;
}

/* FNV-1a, then mixed: positions in the table only (ids go by order) */
static uint64_t str_hash(const char *s, uint64_t h)
{
	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t target_hash(const struct map_target *t)
{
	uint64_t h = str_hash(t->account, 0xcbf29ce484222325ULL);

	h = str_hash(t->tax_code, h * 31 + 1);
	h = str_hash(t->description, h * 31 + 2);
	return mix(h, (uint64_t)(t->track << 1 | t->taxline));
}

static int target_eq(const struct map_target *a, const struct map_target *b)
{
	return a->track == b->track && a->taxline == b->taxline &&
	       !strcmp(a->account, b->account) && !strcmp(a->tax_code, b->tax_code) &&
	       !strcmp(a->description, b->description);
}

static int intern(struct map_taxctx *c, const struct map_target *t, uint32_t *id)
{
	size_t h, i;

	if ((c->n + 1) * 2 > c->ntab) {
		size_t nt = c->ntab ? c->ntab * 2 : 64;
		uint32_t *tab = calloc(nt, sizeof(*tab));

		if (!tab)
			return LL_ERROR;
		for (i = 0; i < c->n; i++) {
			for (h = target_hash(&c->t[i]) & (nt - 1); tab[h]; h = (h + 1) & (nt - 1))
				;
			tab[h] = (uint32_t)i + 1;
		}
		free(c->tab);
		c->tab = tab;
		c->ntab = nt;
	}
	for (h = target_hash(t) & (c->ntab - 1); c->tab[h]; h = (h + 1) & (c->ntab - 1))
		if (target_eq(&c->t[c->tab[h] - 1], t)) {
			*id = c->tab[h] - 1;
			return 0;
		}
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		struct map_target *n = realloc(c->t, nc * sizeof(*n));

		if (!n)
			return LL_ERROR;
		c->t = n;
		c->cap = nc;
	}
	c->t[c->n] = *t;
	c->tab[h] = (uint32_t)c->n + 1;
	*id = (uint32_t)c->n++;
	return 0;
}

/* an income tax type: one with a rate that may be used on revenue, or
 * one for revenue and not for expenses (zero-rated, exempt income) */
static int is_income(const struct mappings *m, const char *code)
{
	const struct taxrate *r = taxrates_get(m->rates, code);

	return r && (r->flags & TR_REVENUE) &&
	       (r->rate_e4 > 0 || !(r->flags & TR_EXPENSES));
}

static void warn_once(struct map_taxctx *c, long line, const char *code, const char *msg)
{
	if (c->warn)
		c->warn(c->warn_ctx, c->dep->path, line, code, msg);
}

/* The organisation's tax type for an order's stated rate; code (the
 * row's) when it has that rate already. May make the rate (run). */
static int stated_code(struct map_taxctx *c, const struct event *e, char *code,
		       size_t codelen, struct ll_err *err)
{
	struct taxrates *rates = c->m->rates;
	const struct taxrate *r = taxrates_get(rates, code);
	const char *name = deposit_str(c->dep, e->tax_name);
	char pct[24], type[32], msg[600];
	const char *report = "";
	int i, rc;

	if (r && r->rate_e4 == e->tax_rate && (r->flags & TR_REVENUE))
		return 0;
	if (e->tax_rate == 0) {
		if (c->m->zero_code[0])
			copy(code, codelen, c->m->zero_code);
		return 0;
	}
	r = taxrates_find(rates, e->tax_rate, TR_REVENUE, "OUTPUT");
	if (r) {
		copy(code, codelen, r->type);
		return 0;
	}
	taxrates_format(pct, sizeof(pct), e->tax_rate);
	/* said once per rate, for the first deposit that states it */
	for (i = 0; i < rates->nwarned; i++)
		if (!strcmp(rates->warned[i], pct))
			break;
	if (i == rates->nwarned && rates->nwarned < 16)
		snprintf(rates->warned[rates->nwarned++], sizeof(rates->warned[0]), "%s", pct);
	else
		i = -1;
	if (strcmp(rates->edition, "US") && strcmp(rates->edition, "GLOBAL")) {
		/* a VAT/GST organisation has every rate of its own tax: a rate it
		 * lacks is another country's tax, not its output tax. The sale
		 * is zero-rated for it; the tax goes to the sales-tax account. */
		if (c->m->zero_code[0])
			copy(code, codelen, c->m->zero_code);
		if (i >= 0) {
			snprintf(msg, sizeof(msg), "%s %s: orders state a tax of %s (%.80s),"
				 " which is not a rate of the organisation's %s tax: their sales"
				 " are booked %s and the tax on the sales-tax account, not as"
				 " output tax (so are all others of that rate)",
				 c->pm->def->deposit_noun, c->dep->id, pct, name,
				 rates->edition, code);
			warn_once(c, (long)e->line, "tax-rate-foreign", msg);
		}
		return 0;
	}
	if (!rates->make) {
		rates->missed = 1;
		if (i >= 0) {
			snprintf(msg, sizeof(msg), "%s %s: orders state a tax of %s (%.80s) and"
				 " the %s edition's default rates have none of %s: 'run' finds"
				 " the organisation's or makes one (PUT TaxRates); planned with %s"
				 " (so are all others of that rate)",
				 c->pm->def->deposit_noun, c->dep->id, pct, name,
				 rates->edition, pct, code);
			warn_once(c, (long)e->line, "tax-rate-missing", msg);
		}
		return 0;
	}
	{
		/* the rate's name: the shop's own, else "Sales tax 6.5%" */
		char nm[64], comp[64];
		size_t k = strlen(name);

		if (k == 0 || k > 50)
			snprintf(nm, sizeof(nm), "Sales tax %s", pct);
		else
			snprintf(nm, sizeof(nm), "%s", name);
		snprintf(comp, sizeof(comp), "%.50s", nm);
		rc = rates->make(rates->make_ctx, nm, comp, e->tax_rate, report, type,
				 sizeof(type), err);
		if (rc)
			return rc;
		{
			struct taxrate nr;

			memset(&nr, 0, sizeof(nr));
			snprintf(nr.type, sizeof(nr.type), "%s", type);
			snprintf(nr.name, sizeof(nr.name), "%s", nm);
			snprintf(nr.report, sizeof(nr.report), "%s", report);
			nr.rate_e4 = e->tax_rate;
			nr.flags = TR_ALL; /* US and global rates apply anywhere */
			if (taxrates_add(rates, &nr))
				return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
			rates->made++;
		}
		log_info("made tax rate %s \"%s\" (%s) for the orders that state it", type, nm,
			 pct);
		snprintf(code, codelen, "%s", type);
	}
	return 0;
}

int map_tax_resolve(struct map_taxctx *c, size_t i, const char *atype,
		    const struct mapping_row **row, uint32_t *target, struct ll_err *err)
{
	const struct deposit *d = c->dep;
	const struct event *e = &d->ev[i];
	const struct platform_map *pm = c->pm;
	const struct platform_settings *s = &pm->s;
	const char *tt = deposit_str(d, e->ttype), *ad = deposit_str(d, e->adesc);
	const char *mkt = deposit_str(d, e->marketplace);
	const struct mapping_row *r = NULL;
	struct map_target t;
	int mf = c->mf && c->mf[i], taxline = is_taxline(c, e), saleish = is_saleish(c, e);
	int income = 0, rc;

	if (!mkt[0])
		mkt = c->marketplace;
	if (mf) {
		char mft[112];
		size_t n = strlen(tt);

		/* "%.100s/MF" */
		if (n > 100)
			n = 100;
		memcpy(mft, tt, n);
		memcpy(mft + n, "/MF", 4);
		r = mappings_match_at(pm, mft, atype, ad, mkt, e->posted_days);
		if (r && !strcmp(r->ttype, "*"))
			r = NULL;
		if (!r)
			mf = 0;
	}
	if (!r)
		r = mappings_match_at(pm, tt, atype, ad, mkt, e->posted_days);
	*row = r;
	memset(&t, 0, sizeof(t));
	t.row = r ? (int)(r - pm->rows) : -1;
	if (!r) {
		join3(t.category, sizeof(t.category), tt, atype, ad);
		copy(t.account, sizeof(t.account), s->fallback_account);
		copy(t.tax_code, sizeof(t.tax_code), s->fallback_tax_code);
		snprintf(t.description, sizeof(t.description), "Unmapped: %.200s", t.category);
		t.rate_e4 = mappings_rate_of(c->m, t.tax_code);
		return intern(c, &t, target);
	}
	join3(t.category, sizeof(t.category), r->ttype, r->atype, r->adesc);
	copy(t.account, sizeof(t.account), r->account);
	copy(t.tax_code, sizeof(t.tax_code), r->tax_code);
	copy(t.description, sizeof(t.description), r->description);
	t.track = r->track;
	income = is_income(c->m, t.tax_code);
	if (saleish && !mf) {
		if (e->tax_stated &&
		    !(c->m->us_sales_tax == US_TAX_ACCOUNT && !strcmp(c->m->rates->edition, "US"))) {
			if ((rc = stated_code(c, e, t.tax_code, sizeof(t.tax_code), err)))
				return rc;
			income = is_income(c->m, t.tax_code);
		} else if (income) {
			const char *mt = mapping_marketplace_tax(s, mkt);

			if (mt && mt[0])
				copy(t.tax_code, sizeof(t.tax_code), mt);
		}
	}
	t.rate_e4 = mappings_rate_of(c->m, t.tax_code);
	if (taxline) {
		int notax = !strcmp(s->line_amount_types, "NoTax");

		if (t.rate_e4 > 0 && !notax) {
			t.taxline = 1;
		} else if (income) {
			/* the sale bears no tax here: its tax is never revenue */
			copy(t.account, sizeof(t.account),
			     s->tax_account[0] ? s->tax_account : s->fallback_account);
			copy(t.tax_code, sizeof(t.tax_code), c->none_code);
			t.rate_e4 = 0;
		}
	}
	return intern(c, &t, target);
}

void map_tax_orphan(const struct map_taxctx *c, struct doc_line *ln)
{
	const struct platform_settings *s = &c->pm->s;

	snprintf(ln->account, sizeof(ln->account), "%s",
		 s->tax_account[0] ? s->tax_account : s->fallback_account);
	snprintf(ln->tax_type, sizeof(ln->tax_type), "%s", c->none_code);
}

/* Xero's tax of a line at rate_e4, rounded half away from zero */
static int64_t xero_tax(int64_t amount, int64_t rate_e4, int inclusive)
{
	__int128 num = (__int128)amount * rate_e4, den = inclusive ? 1000000 + rate_e4 : 1000000;
	__int128 a = num < 0 ? -num : num, q = a / den, rem = a % den;

	if (rem * 2 >= den)
		q++;
	return (int64_t)(num < 0 ? -q : q);
}

/* how far Xero lets a TaxAmount differ from its own figure on a line: a
 * cent, or 1% of the line (docs/sandbox.md "Tax arithmetic") */
static int64_t leeway(int64_t amount)
{
	int64_t a = amount < 0 ? -amount : amount;

	return a / 100 > 1 ? a / 100 : 1;
}

/* move up to *left of the difference onto line l (final tax *tax) */
static void take(int64_t amount, int64_t computed, int64_t *tax, int64_t *left)
{
	int64_t room = leeway(amount) - (*tax > computed ? *tax - computed : computed - *tax);
	int64_t step = *left;

	if (room <= 0)
		return;
	if (step > room)
		step = room;
	if (step < -room)
		step = -room;
	/* never of the opposite sign to the line */
	if ((amount >= 0 && *tax + step < 0) || (amount < 0 && *tax + step > 0))
		step = -*tax;
	*tax += step;
	*left -= step;
}

static int map_tax_lines(struct map_taxctx *c, struct doc *d, const char *line_amount_types);

/* what each line books: net and tax (NoTax: no tax; Inclusive: the tax
 * comes out of the line; Exclusive: a line sent with its tax is net of it,
 * others get Xero's tax on top) */
static void book_lines(struct map_taxctx *c, struct doc *d, const char *lat)
{
	size_t i;

	for (i = 0; i < d->nlines; i++) {
		struct doc_line *l = &d->lines[i];
		int64_t r = mappings_rate_of(c->m, l->tax_type);

		if (!strcmp(lat, "NoTax") || r <= 0) {
			l->booked_tax = 0;
			l->net = l->amount;
		} else if (!strcmp(lat, "Inclusive")) {
			l->booked_tax = l->has_tax ? l->tax_amount : xero_tax(l->amount, r, 1);
			l->net = l->amount - l->booked_tax;
		} else {
			l->booked_tax = l->has_tax ? l->tax_amount : xero_tax(l->amount, r, 0);
			l->net = l->has_tax ? l->amount - l->booked_tax : l->amount;
		}
	}
}

int map_tax_amounts(struct map_taxctx *c, struct doc *d, const char *line_amount_types)
{
	int set = map_tax_lines(c, d, line_amount_types);

	book_lines(c, d, line_amount_types);
	return set;
}

static int map_tax_lines(struct map_taxctx *c, struct doc *d, const char *line_amount_types)
{
	int inclusive = !strcmp(line_amount_types, "Inclusive"), set = 0;
	size_t i, k;

	if (!strcmp(line_amount_types, "NoTax")) {
		for (i = 0; i < d->nlines; i++)
			d->lines[i].has_tax = 0;
		return 0;
	}
	if (!inclusive) {
		/* Exclusive: a line with folded tax is sent net, with that tax */
		for (i = 0; i < d->nlines; i++) {
			struct doc_line *l = &d->lines[i];
			int64_t r = mappings_rate_of(c->m, l->tax_type);

			l->has_tax = l->tax_amount != 0 && r > 0;
			set += l->has_tax;
		}
		return set;
	}
	for (i = 0; i < d->nlines; i++) {
		const char *code = d->lines[i].tax_type;
		int64_t r = mappings_rate_of(c->m, code), target = 0, sum_x = 0, left;
		int any = 0, seen = 0;

		for (k = 0; k < i; k++)
			if (!strcmp(d->lines[k].tax_type, code))
				seen = 1;
		if (seen || r <= 0)
			continue;
		/* per tax type, what the document's tax should be: the tax folded
		 * into the lines that hold an order's stated tax or a tax line
		 * (which covers every line of an order that states its tax, as a
		 * Shopify order's one Tax covers its shipping too), Xero's own of
		 * the others (a promotion the platform gave no tax for) */
		for (k = i; k < d->nlines; k++) {
			struct doc_line *l = &d->lines[k];

			if (strcmp(l->tax_type, code))
				continue;
			l->computed = xero_tax(l->amount, r, 1);
			sum_x += l->computed;
			target += l->stated ? l->tax_amount : l->computed;
			any |= l->stated;
		}
		if (!any)
			continue;
		for (k = i; k < d->nlines; k++)
			if (!strcmp(d->lines[k].tax_type, code))
				d->lines[k].tax_amount = d->lines[k].computed;
		left = target - sum_x;
		/* stated lines first, largest first; then the others */
		for (int pass = 0; pass < 2 && left; pass++) {
			for (;;) {
				struct doc_line *best = NULL;

				for (k = i; k < d->nlines; k++) {
					struct doc_line *l = &d->lines[k];

					if (strcmp(l->tax_type, code) || l->stated != !pass ||
					    l->tried)
						continue;
					if (!best || (l->amount < 0 ? -l->amount : l->amount) >
							     (best->amount < 0 ? -best->amount : best->amount))
						best = l;
				}
				if (!best)
					break;
				best->tried = 1;
				take(best->amount, best->computed, &best->tax_amount, &left);
				if (!left)
					break;
			}
		}
		for (k = i; k < d->nlines; k++) {
			struct doc_line *l = &d->lines[k];

			if (strcmp(l->tax_type, code))
				continue;
			l->has_tax = l->tax_amount != l->computed;
			set += l->has_tax;
			l->tried = 0;
		}
		if (left && !c->warned_rounding) {
			char msg[600], a[32];

			c->warned_rounding = 1;
			snprintf(msg, sizeof(msg), "%s %s: the tax stated for %s differs from %s's"
				 " rate on the lines by %s, more than Xero lets a line's tax be"
				 " set; the document carries Xero's figure for it",
				 c->pm->def->deposit_noun, c->dep->id, d->number, code,
				 money_format(a, sizeof(a), left, c->dep->exponent));
			warn_once(c, (long)c->dep->header_line, "tax-mismatch", msg);
		}
	}
	return set;
}
