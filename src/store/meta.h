/*
 * meta.h - the meta table: key/value facts about the state file itself
 * (created_at, ledgerlift_version, the plan_key of the last plan).
 */
#ifndef LL_STORE_META_H
#define LL_STORE_META_H

#include <stddef.h>

#include "store/state.h"

/* The value under key into out ("" when absent). 0 or LL_ERROR. */
int store_meta_read(struct state *st, const char *key, char *out, size_t outlen,
		   struct ll_err *err);

/* Set key to value (insert or replace). 0 or LL_ERROR. */
int store_meta_write(struct state *st, const char *key, const char *value,
		   struct ll_err *err);

#endif
