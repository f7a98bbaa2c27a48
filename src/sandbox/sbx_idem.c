/*
 * sbx_idem.c - a small list of idempotency entries with expiry.
 *
 * A request with a new key inserts a pending entry; its response is stored
 * by idem_finish(), or the entry is removed by idem_abort() when the call
 * was never processed (connection reset, 503). Entries live ttl_ms from the
 * first call, as Xero's do. The list is pruned on every lookup, so its size
 * is bounded by the write rate times the window.
 */
#include "sandbox/sbx_idem.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

void idem_init(struct sbx_idem *c, int64_t ttl_ms)
{
	c->head = NULL;
	c->ttl_ms = ttl_ms;
	c->count = 0;
}

static void entry_free(struct sbx_idem_entry *e)
{
	free(e->key);
	free(e->ctype);
	free(e->body);
	free(e);
}

void idem_free(struct sbx_idem *c)
{
	struct sbx_idem_entry *e = c->head, *n;

	for (; e; e = n) {
		n = e->next;
		entry_free(e);
	}
	c->head = NULL;
	c->count = 0;
}

void idem_fingerprint(char fp[33], const char *method, const char *url,
		      const char *body, size_t body_len)
{
	struct hash128 h;

	hash_init(&h);
	hash_update(&h, method, strlen(method) + 1);
	hash_update(&h, url, strlen(url) + 1);
	hash_update(&h, body ? body : "", body_len);
	hash_hex(&h, fp);
}

static void prune(struct sbx_idem *c, int64_t now_ms)
{
	struct sbx_idem_entry **pp = &c->head;

	while (*pp) {
		struct sbx_idem_entry *e = *pp;

		if (!e->pending && e->expires_ms <= now_ms) {
			*pp = e->next;
			entry_free(e);
			c->count--;
		} else {
			pp = &e->next;
		}
	}
}

static struct sbx_idem_entry *find(struct sbx_idem *c, const char *key)
{
	struct sbx_idem_entry *e;

	for (e = c->head; e; e = e->next)
		if (!strcmp(e->key, key))
			return e;
	return NULL;
}

int idem_begin(struct sbx_idem *c, const char *key, const char fp[33],
	       int64_t now_ms, const struct sbx_idem_entry **hit)
{
	struct sbx_idem_entry *e;

	prune(c, now_ms);
	*hit = NULL;
	e = find(c, key);
	if (e) {
		if (strcmp(e->fingerprint, fp))
			return SBX_IDEM_CONFLICT;
		if (e->pending)
			return SBX_IDEM_PENDING;
		*hit = e;
		return SBX_IDEM_REPLAY;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !(e->key = strdup(key))) {
		free(e);
		return -1;
	}
	memcpy(e->fingerprint, fp, 33);
	e->pending = 1;
	e->expires_ms = now_ms + c->ttl_ms;
	e->next = c->head;
	c->head = e;
	c->count++;
	return SBX_IDEM_NEW;
}

void idem_finish(struct sbx_idem *c, const char *key, int status,
		 const char *ctype, const char *body, size_t body_len)
{
	struct sbx_idem_entry *e = find(c, key);

	if (!e || !e->pending)
		return;
	e->status = status;
	e->ctype = strdup(ctype ? ctype : "application/json");
	e->body = malloc(body_len + 1);
	if (!e->ctype || !e->body) {
		idem_abort(c, key);
		return;
	}
	if (body_len)
		memcpy(e->body, body, body_len);
	e->body[body_len] = '\0';
	e->body_len = body_len;
	e->pending = 0;
}

void idem_abort(struct sbx_idem *c, const char *key)
{
	struct sbx_idem_entry **pp;

	for (pp = &c->head; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->key, key)) {
			struct sbx_idem_entry *e = *pp;

			*pp = e->next;
			entry_free(e);
			c->count--;
			return;
		}
	}
}
