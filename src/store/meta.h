/*
 * meta.h - the meta table: key/value facts about the state file itself
 * (created_at, ledgerlift_version, the plan_key of the last plan).
 */
#ifndef LL_STORE_META_H
#define LL_STORE_META_H

#include <stddef.h>

#include "store/state.h"

/* Keys the posting stage keeps (docs/state.md, "Adoption" and "Which
 * state file"): the organisation this state file posts to (its tenant id,
 * and name when known), recorded when Xero first answers one of its
 * writes or holds its documents; when Xero first answered a write; how
 * many documents the last adoption found in Xero. */
#define STORE_META_TENANT "xero_tenant"
#define STORE_META_ORG_NAME "xero_org_name"
#define STORE_META_FIRST_WRITE "xero_first_write"
#define STORE_META_ADOPT_FOUND "adopt_found"

/* The value under key into out ("" when absent). 0 or LL_ERROR. */
int store_meta_read(struct state *st, const char *key, char *out, size_t outlen,
		   struct ll_err *err);

/* Set key to value (insert or replace). 0 or LL_ERROR. */
int store_meta_write(struct state *st, const char *key, const char *value,
		   struct ll_err *err);

#endif
