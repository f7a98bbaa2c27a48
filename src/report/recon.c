/*
 * recon.c - what the Summary, the charts and the Monthly sheet show, read
 * once per workbook (report_int.h, struct recon): per platform, currency
 * and month of the deposit dates, the deposits (the tie view) and the
 * lines that count toward them, summed by reconciliation group
 * (groups.c); the documents by status per platform and currency and per
 * month of their date. Its size is bounded by platforms × currencies ×
 * months, never by the number of documents or lines: the views group in
 * SQLite and stream their rows here.
 */
#include "report/report_int.h"

#include <stdlib.h>
#include <string.h>

/* Row value i as text into out ("" when NULL). */
static void text_of(const struct store_row *row, int i, char *out, size_t outlen)
{
	const struct store_value *v = &row->v[i];

	if (i >= row->n || v->type == STORE_NULL)
		out[0] = '\0';
	else if (v->type == STORE_TEXT)
		snprintf(out, outlen, "%.*s", (int)v->len, v->s);
	else
		snprintf(out, outlen, "%lld", (long long)v->i);
}

static int64_t int_of(const struct store_row *row, int i)
{
	return i < row->n && row->v[i].type == STORE_INT ? row->v[i].i : 0;
}

/* Grow *v (n used, *cap held, elements of size sz) by one; NULL if no
 * memory. */
static void *grow(void **v, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		void *nv = realloc(*v, nc * sz);

		if (!nv)
			return NULL;
		*v = nv;
		*cap = nc;
	}
	memset((char *)*v + *n * sz, 0, sz);
	return (char *)*v + (*n)++ * sz;
}

struct loader {
	struct report *r;
	struct recon *rc;
};

static int nomem(struct report *r)
{
	return ll_err_set(r->err, LL_ERROR, r->path, 0,
			  "audit workbook: out of memory for the Summary");
}

/* TIE_MONTHS: one recon_month per row, in the view's order. */
static int tie_row(void *ctx, const struct store_row *row)
{
	struct loader *l = ctx;
	struct recon_month *m = grow((void **)&l->rc->m, &l->rc->n, &l->rc->cap,
				     sizeof(*m));

	if (!m)
		return nomem(l->r);
	text_of(row, 0, m->platform, sizeof(m->platform));
	text_of(row, 1, m->currency, sizeof(m->currency));
	text_of(row, 2, m->month, sizeof(m->month));
	m->deposits = int_of(row, 3);
	m->events = int_of(row, 4);
	m->deposit = int_of(row, 5);
	m->planned = int_of(row, 6);
	m->diff = int_of(row, 7);
	text_of(row, 8, m->status, sizeof(m->status));
	return 0;
}

static int month_cmp(const struct recon_month *m, const char *p, const char *c,
		     const char *mo)
{
	int d = strcmp(m->platform, p);

	if (!d)
		d = strcmp(m->currency, c);
	return d ? d : strcmp(m->month, mo);
}

/* RECON_LINES: each (platform, currency, month, category) sum into its
 * month's group. Every line's settlement has a tie row; one that somehow
 * has none is dropped from nothing: it gets a row of its own. */
static int line_row(void *ctx, const struct store_row *row)
{
	struct loader *l = ctx;
	struct recon *rc = l->rc;
	char p[32], c[8], mo[12], cat[256];
	size_t lo = 0, hi = rc->n;
	struct recon_month *m = NULL;

	text_of(row, 0, p, sizeof(p));
	text_of(row, 1, c, sizeof(c));
	text_of(row, 2, mo, sizeof(mo));
	text_of(row, 3, cat, sizeof(cat));
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = month_cmp(&rc->m[mid], p, c, mo);

		if (!d) {
			m = &rc->m[mid];
			break;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!m) {
		m = grow((void **)&rc->m, &rc->n, &rc->cap, sizeof(*m));
		if (!m)
			return nomem(l->r);
		snprintf(m->platform, sizeof(m->platform), "%s", p);
		snprintf(m->currency, sizeof(m->currency), "%s", c);
		snprintf(m->month, sizeof(m->month), "%s", mo);
	}
	m->group[report_group_of(cat)] += int_of(row, 4);
	return 0;
}

/* The entry of key (platform, currency, month) in v, added when missing. */
static struct recon_docs *docs_of(struct recon_docs **v, size_t *n, size_t *cap,
				  const char *p, const char *c, const char *mo)
{
	size_t i;
	struct recon_docs *d;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i].platform, p) && !strcmp((*v)[i].currency, c) &&
		    !strcmp((*v)[i].month, mo))
			return &(*v)[i];
	d = grow((void **)v, n, cap, sizeof(*d));
	if (d) {
		snprintf(d->platform, sizeof(d->platform), "%s", p);
		snprintf(d->currency, sizeof(d->currency), "%s", c);
		snprintf(d->month, sizeof(d->month), "%s", mo);
	}
	return d;
}

static void docs_add(struct recon_docs *d, const struct store_doc_group *g)
{
	if (!strcmp(g->status, "posted")) {
		d->posted += g->count;
		d->posted_net += g->net_minor;
	} else if (!strcmp(g->status, "planned")) {
		d->planned += g->count;
		d->planned_net += g->net_minor;
	} else if (!strcmp(g->status, "rejected")) {
		d->rejected += g->count;
		d->rejected_net += g->net_minor;
	}
}

static int group_row(void *ctx, const struct store_doc_group *g)
{
	struct loader *l = ctx;
	struct recon *rc = l->rc;
	struct recon_docs *d;

	if (strcmp(g->status, "posted") && strcmp(g->status, "planned") &&
	    strcmp(g->status, "rejected"))
		return 0; /* taken back or replaced: no longer part of the plan */
	d = docs_of(&rc->pc, &rc->npc, &rc->cappc, g->platform, g->currency, "");
	if (!d)
		return nomem(l->r);
	docs_add(d, g);
	d = docs_of(&rc->dm, &rc->ndm, &rc->capdm, "", "", g->month);
	if (!d)
		return nomem(l->r);
	docs_add(d, g);
	return 0;
}

static int pc_cmp(const void *a, const void *b)
{
	const struct recon_docs *x = a, *y = b;
	int d = strcmp(x->platform, y->platform);

	return d ? d : strcmp(x->currency, y->currency);
}

static int dm_cmp(const void *a, const void *b)
{
	return strcmp(((const struct recon_docs *)a)->month,
		      ((const struct recon_docs *)b)->month);
}

static int rm_cmp(const void *a, const void *b)
{
	const struct recon_month *x = a, *y = b;

	return month_cmp(x, y->platform, y->currency, y->month);
}

int recon_load(struct report *r, struct recon *out)
{
	struct loader l = { r, out };

	memset(out, 0, sizeof(*out));
	if (store_read_view(r->st, STORE_VIEW_TIE_MONTHS, tie_row, &l, r->err) ||
	    store_read_view(r->st, STORE_VIEW_RECON_LINES, line_row, &l, r->err) ||
	    store_read_doc_groups(r->st, group_row, &l, r->err)) {
		recon_free(out);
		return LL_ERROR;
	}
	if (out->n)
		qsort(out->m, out->n, sizeof(out->m[0]), rm_cmp);
	if (out->npc)
		qsort(out->pc, out->npc, sizeof(out->pc[0]), pc_cmp);
	if (out->ndm)
		qsort(out->dm, out->ndm, sizeof(out->dm[0]), dm_cmp);
	return 0;
}

void recon_free(struct recon *rc)
{
	free(rc->m);
	free(rc->pc);
	free(rc->dm);
	memset(rc, 0, sizeof(*rc));
}
