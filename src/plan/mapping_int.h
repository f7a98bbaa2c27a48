/*
 * mapping_int.h - what mapping.c (the files) and mapping_tax.c (tax
 * classes and rates) share; not for other modules.
 */
#ifndef LL_MAPPING_INT_H
#define LL_MAPPING_INT_H

#include <jansson.h>

#include "plan/mapping.h"

/* Add or replace class name of edition (GB, US, AU, NZ, GLOBAL). 0, or
 * LL_EPARSE when the table is full. */
int mapping_add_class(struct mappings *m, const char *edition, const char *name,
		      const char *code);

/* The classes every edition has built in ({none}, {sales}, ...). */
void mapping_builtin_classes(struct mappings *m);

/* settings' "marketplace_tax" object v of platform pm (NULL: none) into
 * pm->s.mtax (resolved later with the other tax types). 0 or LL_EPARSE. */
int mapping_load_marketplace_tax(struct platform_map *pm, json_t *v, const char *path,
				 struct ll_err *err);

/* Build pm's index over its rows (their key_id too), replacing any; after
 * the rows are loaded. 0 or LL_ERROR (out of memory). */
int mapping_index_build(struct platform_map *pm);
void mapping_index_free(struct platform_map *pm);

/* The plain scan of pm's rows with case-insensitive string compares: the
 * reference the index must agree with (the unit test compares them).
 * marketplace NULL: only rows for any marketplace and any date apply. */
const struct mapping_row *mapping_match_scan(const struct platform_map *pm,
					     const char *ttype, const char *atype,
					     const char *adesc, const char *marketplace,
					     int64_t days);

#endif
