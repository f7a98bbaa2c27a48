/*
 * post_int.h - what post.c and post_accounts.c share: sets of strings
 * (a code, or "key\tvalue" pairs), an account Type's class as Xero's
 * CanApplyTo names them, and the accounts.csv side of pre-flight (the
 * accounts made with --create-accounts, the classes accounts.csv expects).
 * Internal to src/xero/.
 */
#ifndef LL_XERO_POST_INT_H
#define LL_XERO_POST_INT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"
#include "xero/xero.h"

struct strset {
	char **v;
	size_t n, cap;
};

static inline int set_add(struct strset *s, const char *v)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		char **nv = realloc(s->v, nc * sizeof(*nv));

		if (!nv)
			return LL_ERROR;
		s->v = nv;
		s->cap = nc;
	}
	s->v[s->n] = strdup(v);
	return s->v[s->n++] ? 0 : LL_ERROR;
}

static inline int set_has(const struct strset *s, const char *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return 1;
	return 0;
}

static inline void set_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* "key\tvalue" entries of a set: the value of key, or NULL */
static inline const char *kv_get(const struct strset *s, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < s->n; i++)
		if (!strncmp(s->v[i], key, n) && s->v[i][n] == '\t')
			return s->v[i] + n + 1;
	return NULL;
}

static inline int kv_add(struct strset *s, const char *key, const char *value)
{
	char e[256];

	snprintf(e, sizeof(e), "%.120s\t%.120s", key, value);
	return set_add(s, e);
}

/* An account Type's class (Xero's AccountClassType), as CanApplyTo names
 * them: ASSET, EQUITY, EXPENSE, LIABILITY, REVENUE; "" when unknown. */
static inline const char *type_class(const char *type)
{
	static const char *const map[][2] = {
		{ "BANK", "ASSET" }, { "CURRENT", "ASSET" }, { "FIXED", "ASSET" },
		{ "INVENTORY", "ASSET" }, { "NONCURRENT", "ASSET" }, { "PREPAYMENT", "ASSET" },
		{ "CURRLIAB", "LIABILITY" }, { "LIABILITY", "LIABILITY" },
		{ "TERMLIAB", "LIABILITY" }, { "PAYGLIABILITY", "LIABILITY" },
		{ "SUPERANNUATIONLIABILITY", "LIABILITY" }, { "WAGESPAYABLELIABILITY", "LIABILITY" },
		{ "EQUITY", "EQUITY" }, { "DIRECTCOSTS", "EXPENSE" }, { "EXPENSE", "EXPENSE" },
		{ "OVERHEADS", "EXPENSE" }, { "DEPRECIATN", "EXPENSE" },
		{ "SUPERANNUATIONEXPENSE", "EXPENSE" }, { "WAGESEXPENSE", "EXPENSE" },
		{ "REVENUE", "REVENUE" }, { "SALES", "REVENUE" }, { "OTHERINCOME", "REVENUE" },
	};
	size_t i;

	for (i = 0; type && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], type))
			return map[i][1];
	return "";
}

/* The CanApplyTo field of a class. */
static inline const char *class_field(const char *cls)
{
	return !strcmp(cls, "ASSET") ? "CanApplyToAssets"
	       : !strcmp(cls, "EQUITY") ? "CanApplyToEquity"
	       : !strcmp(cls, "EXPENSE") ? "CanApplyToExpenses"
	       : !strcmp(cls, "LIABILITY") ? "CanApplyToLiabilities"
	       : !strcmp(cls, "REVENUE") ? "CanApplyToRevenue" : NULL;
}

/*
 * PUT path (Accounts, Currencies) with body, making the one of that code;
 * c holds the last answer (a 200 when it is there, the caller frees it). A
 * server error or no answer may or may not have made it, so it is looked
 * for (GET check, an array coll) before the PUT is tried again under a new
 * idempotency key. 0, or the code of a failed call (err).
 */
int post_put_made(struct xero *x, struct xero_call *c, const char *path,
		  const struct buf *body, const char *check, const char *coll,
		  const char *code, struct ll_err *err);

/*
 * The accounts of accounts.csv (csv; NULL or missing: none) that are in
 * missing, made in the organisation: each recorded in accounts, a BANK one
 * in banks as code and "code=CUR" (CUR: its currency, else base), one that
 * payments come from (pay_from) as "code+"; its class in classes
 * ("code\tCLASS"); its tax_type given as its TaxType when taxflags
 * ("TYPE\tCLASSES") say the organisation has the rate and the class may
 * use it. 0, or a negative code (err) at the first that fails.
 */
int post_create_accounts(struct xero *x, const char *csv, struct strset *missing,
			 const struct strset *pay_from, struct strset *accounts,
			 struct strset *banks, const char *base,
			 const struct strset *taxflags, struct strset *classes,
			 struct ll_err *err);

/* accounts.csv's classes: "code\tCLASS" of every row into out. 0 or
 * LL_ERROR; no file: nothing. */
int post_expected_classes(const char *csv, struct strset *out);

#endif
