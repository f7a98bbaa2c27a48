/*
 * ledger.h - the completeness ledger of one file (docs/completeness.md):
 * how many of its data rows, and how much money per currency, are on a
 * planned document (imported), held back (not yet paid out, a payout cut
 * at the export's edge, ...) or left out (unpaid, voided, untied, a
 * duplicate, ...), each with its reason. The pipeline fills one per file
 * as the parser's deposits and row fates come in, checks that it counts
 * every row the parser read, and stores it (store/completeness.h); scan
 * fills one the same way without a state file; status and the end of a
 * plan read them back to print one line per file.
 */
#ifndef LL_LEDGER_H
#define LL_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "formats/parse.h"

struct ledger_entry {
	char currency[4];         /* "" when not known */
	enum parse_fate fate;
	char reason[32];          /* "" for imported rows */
	long rows;
	int64_t amount;           /* minor units of currency */
};

struct ledger {
	struct ledger_entry *e;   /* by (currency, fate, reason), in order of arrival */
	size_t n, cap;
};

#define LEDGER_INIT { NULL, 0, 0 }

/* Empty l (keeping its memory) / free it (l may be zeroed). */
void ledger_reset(struct ledger *l);
void ledger_free(struct ledger *l);

/* Add rows and their money under (currency, fate, reason); reason NULL or
 * "" for imported rows. 0 or LL_ERROR (out of memory). */
int ledger_add(struct ledger *l, const char *currency, enum parse_fate fate,
	       const char *reason, long rows, int64_t amount);

/* All rows counted, and those of one fate. */
long ledger_rows(const struct ledger *l);
long ledger_fate_rows(const struct ledger *l, enum parse_fate fate);

/*
 * One line for a person into out (truncated to outlen): the rows and money
 * per currency, then imported, held back and left out, each with its count
 * and money, the last two per reason:
 *   "212 rows (USD 3,258.09); imported 180 (USD 2,900.00); held back 3:
 *    not-paid-out 3 (USD 45.00); left out 29: unpaid 5 (USD 120.00),
 *    voided 24 (USD 238.09)"
 * Returns out.
 */
char *ledger_format(const struct ledger *l, char *out, size_t outlen);

#endif
