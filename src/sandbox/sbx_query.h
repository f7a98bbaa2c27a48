/*
 * sbx_query.h - the read side of list endpoints: where=, ID/number lists,
 * paging. Only the small subset of Xero's where language that ledgerlift
 * uses: Field=="text" or Field==guid("...") terms joined by AND or OR
 * (AND binding tighter, as in Xero; a lookup asks for 40 references at
 * once with OR), with
 * dotted paths (Contact.ContactID, Invoice.InvoiceID). Comparison is
 * case-insensitive, as Xero's is for names and numbers.
 */
#ifndef LL_SBX_QUERY_H
#define LL_SBX_QUERY_H

#include <jansson.h>
#include <stddef.h>

#include "sandbox/sbx.h"

#define SBX_WHERE_MAX 64
#define SBX_LIST_MAX 1000

struct sbx_cond {
	int or;          /* joined to the previous term by OR (else AND) */
	char field[64];
	char value[512];
};

/* Parse where into conds[0..*n). 0, or -1 on anything outside the subset. */
int query_parse_where(struct sbx_cond *conds, int *n, const char *where);

/* 1 if item satisfies the conditions (ANDed groups, ORed together). */
int query_match(const struct sbx_cond *conds, int n, const json_t *item);

/*
 * Split a comma list ("a,b,c") into vals (pointers into the copy `store`,
 * which the caller frees). Returns the count, or -1 when over SBX_LIST_MAX.
 */
int query_split(const char *list, char **store, const char **vals);

/*
 * Filter `all` with where= (and the extra conditions) and cut the requested
 * page (page=, pageSize= default 100, max 1000). *items and *pagination
 * are new references. Returns 0, or -1 when where= is not understood.
 */
int query_apply(const struct sbx_req *rq, const json_t *all, json_t **items,
		json_t **pagination);

/* Answer a list request from `all` (taken over): query_apply, then the
 * envelope of `collection`, or 400 QueryParseException. Returns 0. */
int query_answer(const struct sbx_req *rq, struct sbx_resp *rs, json_t *all,
		 const char *collection);

#endif
