/*
 * fixture.h - a real state file in a temporary folder for the unit tests
 * of the store and of the modules that read and write it (plan,
 * normalize, match), and small builders for the rows they need.
 */
#ifndef LL_FIXTURE_H
#define LL_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "formats/event.h"
#include "plan/map.h"
#include "store/state.h"

/* A new state file in a new temporary folder (dir, 256 bytes), with a
 * run started (`plan`). NULL on failure (reported). */
struct state *fx_open(char dir[256]);

/* Close st and remove dir unless a check failed. */
void fx_close(struct state *st, const char *dir);

/* A deposit with no events: platform, id, currency, total, dates
 * 2024-01-01..2024-01-14, paid 2024-01-15, hash "h-<id>", nev events. */
void fx_deposit(struct deposit *d, const char *platform, const char *id,
		const char *currency, int64_t total, size_t nev);

/* A settlement row for fx_deposit(...) from source_id (fresh insert);
 * its id. */
int64_t fx_settlement(struct state *st, int64_t source_id, const char *id,
		      const char *currency, int64_t total);

/* A document: kind Invoice, CreditNote, Payment or BankTransfer, its
 * natural key and number, date, totals; body {"N":"<number>"} padded with
 * body_pad spaces; hash "h-<number>". No lines. Free with fx_doc_free. */
void fx_doc(struct doc *d, const char *kind, const char *key, const char *number,
	    const char *date, int64_t total, int64_t signed_total, size_t body_pad);
void fx_doc_free(struct doc *d);

/* Insert such a document for settlement sid (currency USD); its id. */
int64_t fx_insert(struct state *st, int64_t sid, const char *kind, const char *key,
		  const char *number, const char *date, int64_t total, size_t body_pad);

/* Claim batch id with key as the posting stage does (its planned bodies
 * counted first); 1 claimed, 0 not (no longer planned as it was). */
int fx_claim(struct state *st, int64_t id, const char *key);

#endif
