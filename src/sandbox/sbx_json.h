/*
 * sbx_json.h - JSON helpers of the sandbox: exact numbers, Xero dates, GUIDs.
 *
 * jansson keeps numbers as double, which money must never be. So request
 * bodies are rewritten before parsing: every bare number literal becomes a
 * "marked" string (a \x01 byte followed by the literal's text) and amounts
 * are parsed from that text exactly. On output the marks are removed again,
 * so the wire carries plain JSON numbers with exactly the digits we chose.
 */
#ifndef LL_SBX_JSON_H
#define LL_SBX_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define SBX_NUM_MARK '\x01'
#define SBX_ZERO_GUID "00000000-0000-0000-0000-000000000000"

/*
 * Parse text[0..len) as JSON with every number turned into a marked string.
 * Returns a new reference, or NULL when the text is not JSON.
 */
json_t *sbxj_parse(const char *text, size_t len);

/* Serialise v (compact), writing marked strings as bare numbers. 0 or -1. */
int sbxj_dump(const json_t *v, struct buf *out);

/* New marked number from decimal text such as "12.50". */
json_t *sbxj_num(const char *text);

/* New marked number of minor units with `exp` decimals (120000,4 → 12.0000). */
json_t *sbxj_money(int64_t minor, int exp);

/*
 * The decimal text of v: a marked number or a plain string (Xero accepts
 * "4" as well as 4). NULL for anything else. Borrowed.
 */
const char *sbxj_numtext(const json_t *v);

/*
 * Parse v (number or numeric string) into units with `exp` decimals, exactly.
 * With round != 0 extra decimals are rounded half away from zero instead
 * of refused. Returns 0, or -1 when v is not a plain decimal.
 */
int sbxj_decimal(int64_t *out, const json_t *v, int exp, int round);

/* String member or NULL (borrowed). */
const char *sbxj_str(const json_t *obj, const char *key);

/* Case-insensitive member lookup (Xero field names are not case-sensitive). */
json_t *sbxj_get(const json_t *obj, const char *key);

/* "/Date(ms+0000)/" for a day number (days since 1970-01-01). */
json_t *sbxj_date_days(int64_t days);
/* "YYYY-MM-DDT00:00:00" for a day number. */
json_t *sbxj_datestring(int64_t days);
/* "/Date(ms+0000)/" for a wall-clock time in ms. */
json_t *sbxj_date_ms(int64_t ms);

/*
 * Parse a request date: "YYYY-MM-DD", optionally followed by "T..." time,
 * or "/Date(ms...)/". Returns 0 with *days set, or -1.
 */
int sbxj_parse_date(int64_t *days, const char *s);

/* Day number of a stored "/Date(ms+0000)/" member, or -1 if absent. */
int64_t sbxj_member_days(const json_t *obj, const char *key);

/* A fresh random version-4 GUID, lower case, into out[37]. */
void sbxj_guid(char out[37]);

/* Wall-clock ms since the epoch; monotonic ms since an arbitrary start. */
int64_t sbxj_now_ms(void);
int64_t sbxj_mono_ms(void);

#endif
