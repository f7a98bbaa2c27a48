/*
 * sbx_idem.h - the Idempotency-Key cache: replay a write's response.
 *
 * Xero caches the response of a POST/PUT carrying an Idempotency-Key for
 * six minutes; a repeat gets the same answer without being processed, and
 * the same key on a different request (method, URL or body) is a 400.
 * The cache is not thread-safe: call it under the sandbox mutex.
 */
#ifndef LL_SBX_IDEM_H
#define LL_SBX_IDEM_H

#include <stddef.h>
#include <stdint.h>

#define SBX_IDEM_MAX_KEY 128

struct sbx_idem_entry {
	char *key;
	char fingerprint[33];  /* hash of method, URL and body */
	int pending;           /* the first request is still being handled */
	int status;
	char *ctype;
	char *body;
	size_t body_len;
	int64_t expires_ms;
	struct sbx_idem_entry *next;
};

struct sbx_idem {
	struct sbx_idem_entry *head;
	int64_t ttl_ms;  /* scaled 6 minutes */
	long count;
};

enum sbx_idem_result {
	SBX_IDEM_NEW = 0,    /* not seen: a pending entry now holds the key */
	SBX_IDEM_REPLAY,     /* seen and finished: *hit has the response */
	SBX_IDEM_CONFLICT,   /* seen with a different request */
	SBX_IDEM_PENDING     /* seen, first request still in flight: wait */
};

void idem_init(struct sbx_idem *c, int64_t ttl_ms);
void idem_free(struct sbx_idem *c);

/* Hash method, URL (with query) and body into fp[33]. */
void idem_fingerprint(char fp[33], const char *method, const char *url,
		      const char *body, size_t body_len);

/*
 * Look key up at now_ms (expired entries are dropped first). *hit is set
 * for REPLAY (borrowed, valid until the next idem_* call). Returns -1 when
 * out of memory.
 */
int idem_begin(struct sbx_idem *c, const char *key, const char fp[33],
	       int64_t now_ms, const struct sbx_idem_entry **hit);

/* Store the response of the pending entry for key. Copies everything. */
void idem_finish(struct sbx_idem *c, const char *key, int status,
		 const char *ctype, const char *body, size_t body_len);

/* Forget the pending entry for key (the request was never processed). */
void idem_abort(struct sbx_idem *c, const char *key);

#endif
