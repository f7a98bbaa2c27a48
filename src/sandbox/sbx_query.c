/*
 * sbx_query.c - where= parsing, filtering and pagination.
 *
 * The where grammar accepted is
 *     cond  := PATH ws? "==" ws? ( '"' text '"' | 'guid("' text '")' )
 *     where := cond ( ws ("AND" | "OR") ws cond )*     AND binds tighter
 * anything else is refused with 400 (Xero's QueryParseException) rather
 * than silently returning everything. Pages follow Xero: page 1-based,
 * pageSize default 100 clamped to 1..1000, and a pagination object with
 * page, pageSize, pageCount and itemCount.
 */
#include "sandbox/sbx_query.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sandbox/sbx_json.h"
#include "sandbox/sbx_resp.h"

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int is_path_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_';
}

/* Parse a quoted string at p (p at the opening quote). Returns the end or NULL. */
static const char *parse_quoted(const char *p, char *out, size_t outlen)
{
	size_t o = 0;

	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (o + 1 >= outlen)
			return NULL;
		out[o++] = *p;
	}
	if (*p != '"')
		return NULL;
	out[o] = '\0';
	return p + 1;
}

int query_parse_where(struct sbx_cond *conds, int *n, const char *where)
{
	const char *p = skip_ws(where);
	int or = 0;

	*n = 0;
	while (*p) {
		struct sbx_cond *c;
		size_t fl = 0;

		if (*n >= SBX_WHERE_MAX)
			return -1;
		c = &conds[(*n)++];
		c->or = or;
		or = 0;
		while (is_path_char(*p) && fl + 1 < sizeof(c->field))
			c->field[fl++] = *p++;
		c->field[fl] = '\0';
		if (!fl)
			return -1;
		p = skip_ws(p);
		if (p[0] != '=' || p[1] != '=')
			return -1;
		p = skip_ws(p + 2);
		if (!strncasecmp(p, "guid(", 5)) {
			p = parse_quoted(skip_ws(p + 5), c->value, sizeof(c->value));
			if (!p)
				return -1;
			p = skip_ws(p);
			if (*p++ != ')')
				return -1;
		} else {
			p = parse_quoted(p, c->value, sizeof(c->value));
			if (!p)
				return -1;
		}
		p = skip_ws(p);
		if (!*p)
			break;
		if (!strncasecmp(p, "AND", 3) && (p[3] == ' ' || p[3] == '\t'))
			p = skip_ws(p + 3);
		else if (p[0] == '&' && p[1] == '&')
			p = skip_ws(p + 2);
		else if (!strncasecmp(p, "OR", 2) && (p[2] == ' ' || p[2] == '\t'))
			p = skip_ws(p + 2), or = 1;
		else if (p[0] == '|' && p[1] == '|')
			p = skip_ws(p + 2), or = 1;
		else
			return -1;
		if (!*p)
			return -1;
	}
	return 0;
}

/* Follow a dotted path through objects (case-insensitive names). */
static const json_t *path_get(const json_t *item, const char *path)
{
	char seg[64];
	const char *p = path;

	while (*p && item) {
		size_t n = 0;

		while (*p && *p != '.' && n + 1 < sizeof(seg))
			seg[n++] = *p++;
		seg[n] = '\0';
		if (*p == '.')
			p++;
		item = sbxj_get(item, seg);
	}
	return item;
}

int query_match(const struct sbx_cond *conds, int n, const json_t *item)
{
	int i, group_ok = 1;

	for (i = 0; i < n; i++) {
		const json_t *v;
		const char *t;

		if (conds[i].or) {
			if (group_ok)
				return 1;
			group_ok = 1;
		}
		if (!group_ok)
			continue;
		v = path_get(item, conds[i].field);
		t = sbxj_numtext(v);
		if (json_is_boolean(v))
			t = json_is_true(v) ? "true" : "false";
		if (!t || strcasecmp(t, conds[i].value))
			group_ok = 0;
	}
	return group_ok;
}

int query_split(const char *list, char **store, const char **vals)
{
	char *p;
	int n = 0;

	*store = strdup(list ? list : "");
	if (!*store)
		return -1;
	for (p = *store; *p;) {
		char *e = strchr(p, ',');

		if (e)
			*e = '\0';
		while (*p == ' ')
			p++;
		if (*p) {
			if (n >= SBX_LIST_MAX)
				return -1;
			vals[n++] = p;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

static long arg_long(const struct sbx_req *rq, const char *name, long dflt)
{
	const char *s = sbx_arg(rq, name);
	long v = 0;

	if (!s || !*s)
		return dflt;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000L)
			return dflt;
		v = v * 10 + (*s - '0');
	}
	return v;
}

int query_apply(const struct sbx_req *rq, const json_t *all, json_t **items,
		json_t **pagination)
{
	struct sbx_cond conds[SBX_WHERE_MAX];
	const char *where = sbx_arg(rq, "where");
	json_t *matched, *v;
	long page, size, count, pages, first, i;
	size_t k;
	int n = 0;

	*items = *pagination = NULL;
	if (where && query_parse_where(conds, &n, where))
		return -1;
	matched = json_array();
	json_array_foreach(all, k, v)
		if (query_match(conds, n, v))
			json_array_append(matched, v);
	page = arg_long(rq, "page", 1);
	if (page < 1)
		page = 1;
	size = arg_long(rq, "pageSize", 100);
	if (size < 1)
		size = 1;
	if (size > 1000)
		size = 1000;
	count = (long)json_array_size(matched);
	pages = (count + size - 1) / size;
	first = (page - 1) * size;
	*items = json_array();
	for (i = first; i < count && i < first + size; i++)
		json_array_append(*items, json_array_get(matched, (size_t)i));
	json_decref(matched);
	*pagination = json_pack("{s:i,s:i,s:i,s:i}", "page", (json_int_t)page, "pageSize",
				(json_int_t)size, "pageCount", (json_int_t)pages, "itemCount",
				(json_int_t)count);
	return 0;
}

int query_answer(const struct sbx_req *rq, struct sbx_resp *rs, json_t *all,
		 const char *collection)
{
	json_t *items, *pag;
	int rc = query_apply(rq, all, &items, &pag);

	json_decref(all);
	if (rc)
		sbx_resp_error(rs, 400, 16, "QueryParseException",
			       "The where clause is not supported by the sandbox");
	else
		sbx_resp_envelope(rs, collection, items, pag);
	return 0;
}
