/*
 * versions.c - which version of each document a plan records (versions.h).
 *
 * Per document of a tied deposit, in plan order: a payment is first
 * renamed after the final number of what it pays; then the live version
 * under its natural key is looked up. Sent with an unknown outcome: it
 * stays, and a different new version waits (in-flight). Posted and the
 * same version (equal hashes, or equal once rendered under the number the
 * posted one went out with): it stays. Posted and different: without
 * --repost-changed it stays (would-change); with it the posted one is
 * superseded and the new version planned. A new version takes a -v<k+1>
 * number when an earlier version voided in Xero holds its number, and a
 * -<deposit> number when another document does (the same order in two
 * deposits).
 */
#include "plan/versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/documents.h"

/* A state-file failure: remembered so the run stops. */
static int failed(struct versions *v)
{
	v->failed = 1;
	return LL_ERROR;
}

static int render(struct versions *v, const struct deposit *dep, struct doc *d)
{
	return map_render_body(d, &mappings_for(v->m, dep->platform)->s, dep->currency,
			       dep->exponent) ? LL_ERROR : 0;
}

/* Give d the number `number`; a document whose Reference is its number (a
 * payment or transfer: Xero keys them by Reference) takes it as its
 * Reference too. Not rendered. */
static void renumber(struct doc *d, const char *number)
{
	int ref = !strcmp(d->reference, d->number);
	char n[sizeof(d->number)];

	snprintf(n, sizeof(n), "%s", number);
	snprintf(d->number, sizeof(d->number), "%s", n);
	if (ref)
		snprintf(d->reference, sizeof(d->reference), "%s", n);
}

/* 1 when s is one or more digits */
static int digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && strspn(s, "0123456789") == strlen(s);
}

/*
 * Is the posted document p the same version as the planned d? The hashes
 * say so, except when the posted one went out under a number derived from
 * d's (`-v2` after a void, `-<deposit>` for an order in two deposits):
 * then d is rendered under that number for the comparison, and back.
 * 1, 0, or LL_ERROR.
 */
static int same_version(struct versions *v, const struct deposit *dep, struct doc *d,
			const struct store_doc_ref *p)
{
	size_t nl = strlen(d->number);
	const char *tail = p->number + nl;
	char saved[sizeof(d->number)];
	int same;

	if (!strcmp(p->hash, d->hash))
		return 1;
	if (strncmp(p->number, d->number, nl) || tail[0] != '-')
		return 0;
	/* -v<n>, -<deposit> (as Xero's numbers show it, or its id as numbers
	 * had it before), -<deposit>-<n> or -<n>: insert() */
	if (!(tail[1] == 'v' && digits(tail + 2)) && !digits(tail + 1) &&
	    strcmp(tail + 1, dep->id) && strncmp(tail + 1, deposit_shown_id(dep),
						 strlen(deposit_shown_id(dep))))
		return 0;
	snprintf(saved, sizeof(saved), "%s", d->number);
	renumber(d, p->number);
	same = render(v, dep, d) == 0 && !strcmp(p->hash, d->hash);
	renumber(d, saved);
	if (render(v, dep, d))
		return LL_ERROR;
	return same;
}

/* The posted document `id` is replaced by a new version: `superseded`,
 * under a natural key of its own (the new version takes the key); the
 * posting stage takes it back from Xero before posting the new one. */
static int supersede(struct versions *v, int64_t id)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "superseded by run %lld: the inputs or mappings give a"
		 " new version; taken back from Xero before it is posted",
		 (long long)state_run_id(v->st));
	if (store_doc_supersede(v->st, id, msg, v->err))
		return failed(v);
	v->superseded++;
	return 0;
}

/* Whether anything was ever sent (v->live), asked once a plan: planning
 * sends nothing, so the answer holds until the plan ends. 0 or LL_ERROR. */
static int ask_live(struct versions *v)
{
	if (v->live_asked)
		return 0;
	if ((v->live = store_doc_any_live(v->st, v->err)) < 0)
		return failed(v);
	v->live_asked = 1;
	return 0;
}

struct stray {
	const struct doc_list *docs;
	int apply;
	long n;
	int64_t *ids;
};

static int stray_one(void *ctx, const char *key, int64_t id)
{
	struct stray *s = ctx;
	size_t i;

	for (i = 0; i < s->docs->n; i++)
		if (!strcmp(s->docs->docs[i].natural_key, key))
			return 0;
	if (s->apply) {
		int64_t *n = realloc(s->ids, (size_t)(s->n + 1) * sizeof(*n));

		if (!n)
			return LL_ERROR;
		s->ids = n;
		s->ids[s->n] = id;
	}
	s->n++;
	return 0;
}

long versions_stray(struct versions *v, int64_t sid, const struct doc_list *docs,
		    int apply)
{
	struct stray s = { docs, apply, 0, NULL };
	long k;

	if (ask_live(v))
		return LL_ERROR;
	if (!v->live)
		return 0; /* nothing posted anywhere */
	if (store_doc_posted_of(v->st, sid, stray_one, &s, v->err))
		s.n = -1;
	for (k = 0; apply && k < s.n; k++)
		if (supersede(v, s.ids[k])) {
			s.n = -1;
			break;
		}
	free(s.ids);
	if (s.n < 0)
		return failed(v);
	return s.n;
}

/*
 * The number of a new version of d. Xero keeps a voided document's number,
 * so when an earlier version of d's key that is (or, still `superseded`
 * and AUTHORISED, will be) voided holds d's number, the new one is
 * `<number>-v<versions+1>`: deterministic, so a re-plan gives the same.
 * A deleted version's number is free again. 0, or LL_ERROR.
 */
static int version_number(struct versions *v, const struct deposit *dep, struct doc *d)
{
	int64_t versions = 0, voided = 0;
	size_t nl;

	if (v->live &&
	    store_doc_versions(v->st, d->natural_key, d->number, &versions, &voided, v->err))
		return failed(v);
	if (!voided)
		return 0;
	nl = strlen(d->number);
	snprintf(d->number + nl, sizeof(d->number) - nl, "-v%lld", (long long)versions + 1);
	return render(v, dep, d);
}

/* Insert d (queued), numbered -<deposit> when another document holds its number
 * (the same order in two settlements: numbers stay unique), the deposit
 * as Xero's numbers show it (deposit_shown_id: never a shop's folder);
 * then -2, -3, ... while that is taken too (two shops' days of one gateway
 * when the settings name no shop: the same number and the same id). */
static int insert(struct versions *v, int64_t sid, const struct deposit *dep,
		  struct doc *d)
{
	int taken = store_doc_number_taken(v->st, d->number, d->natural_key, v->err);
	char base[sizeof(d->number)];
	int k;

	if (taken < 0)
		return failed(v);
	if (taken) {
		size_t nl = strlen(d->number);
		const char *shown = deposit_shown_id(dep);
		char n[sizeof(d->number)];

		snprintf(base, sizeof(base), "%s", d->number);
		if (nl < strlen(shown) || strcmp(d->number + nl - strlen(shown), shown)) {
			memcpy(n, base, nl + 1);
			snprintf(n + nl, sizeof(n) - nl, "-%s", shown);
			memcpy(base, n, sizeof(base));
			renumber(d, n);
			taken = store_doc_number_taken(v->st, d->number, d->natural_key, v->err);
		}
		for (k = 2; taken > 0 && k < 1000; k++) {
			snprintf(n, sizeof(n), "%.*s-%d", (int)(sizeof(n) - 8), base, k);
			renumber(d, n);
			taken = store_doc_number_taken(v->st, d->number, d->natural_key, v->err);
		}
		if (taken < 0)
			return failed(v);
		if (render(v, dep, d))
			return LL_ERROR;
	}
	/* queued: in with the deposit's others (versions_record flushes) */
	if (store_doc_queue(v->st, sid, dep->currency, d, v->err))
		return failed(v);
	v->documents++;
	return 0;
}

/*
 * The new version dc is not planned: the one in Xero (posted, or sent with
 * its outcome unknown), pd, stays; a payment of dc names it by pd's number.
 * With a code (would-change, in-flight) a warning says why.
 */
static int keep_live(struct versions *v, const struct deposit *d, struct doc *dc,
		     const struct store_doc_ref *pd, const char *code)
{
	char msg[600];

	snprintf(dc->number, sizeof(dc->number), "%s", pd->number);
	if (!code)
		return 0;
	if (!strcmp(code, "in-flight"))
		snprintf(msg, sizeof(msg), "document %s was sent and its outcome is not known"
			 " yet; the inputs or mappings now give a different version, planned"
			 " once 'run' has looked it up in Xero (run, then plan again)",
			 pd->number);
	else
		snprintf(msg, sizeof(msg), "document %s is already posted; the inputs or"
			 " mappings now give a different version (would change 1 posted"
			 " document; not re-posted; 'run --repost-changed' replaces it)",
			 pd->number);
	return v->warn(v->warn_ctx, d, code, msg) ? failed(v) : 0;
}

int versions_record(struct versions *v, int64_t sid, const struct deposit *d,
		    struct doc_list *docs, int64_t *docsum, int64_t *planned)
{
	char *replaced = NULL; /* docs superseded by this plan */
	size_t i;
	int rc = 0;

	*docsum = *planned = 0;
	if (ask_live(v))
		return LL_ERROR;
	if (docs->n && !(replaced = calloc(docs->n, 1)))
		return LL_ERROR;
	for (i = 0; i < docs->n; i++) {
		struct store_doc_ref pd;
		struct doc *dc = &docs->docs[i];
		int posted, same = 0;

		/* a payment names what it pays by its final number (after a
		 * renumber, or the number of the version live in Xero) */
		if (dc->parent >= 0 &&
		    map_link_payment(dc, &docs->docs[dc->parent], d->exponent)) {
			rc = LL_ERROR;
			break;
		}
		/* with nothing sent yet (v->live 0) no key has a live version */
		posted = v->live ? store_doc_posted(v->st, dc->natural_key, &pd, v->err) : 0;
		*docsum += dc->signed_total;
		if (posted == 0 && v->live &&
		    (posted = store_doc_inflight(v->st, dc->natural_key, &pd, v->err)) > 0) {
			/* sent, outcome unknown: the lookup of the next run settles
			 * it; a different version waits for that */
			if ((rc = keep_live(v, d, dc, &pd,
					    strcmp(pd.hash, dc->hash) ? "in-flight" : NULL)))
				break;
			continue;
		}
		if (posted < 0) {
			rc = failed(v);
			break;
		}
		if (posted) {
			/* the payment of a document being replaced goes first */
			same = dc->parent >= 0 && replaced[dc->parent]
				       ? 0 : same_version(v, d, dc, &pd);
			if (same < 0) {
				rc = LL_ERROR;
				break;
			}
			if (same || !v->repost_changed) {
				if ((rc = keep_live(v, d, dc, &pd, same ? NULL : "would-change")))
					break;
				continue;
			}
			if ((rc = supersede(v, pd.id)))
				break;
			replaced[i] = 1;
		}
		if ((rc = version_number(v, d, dc)) || (rc = insert(v, sid, d, dc)))
			break;
		*planned += dc->signed_total;
	}
	if (rc == 0 && store_doc_flush(v->st, v->err))
		rc = failed(v);
	if (rc)
		store_doc_forget(v->st); /* the run stops; its transaction is rolled back */
	free(replaced);
	return rc;
}
