/*
 * tz.h - the organisation's time zone: which calendar day an instant falls
 * on there.
 *
 * A zone is a fixed offset ("+01:00", "-05:00", "UTC") or an IANA name
 * ("Europe/London") read from the system's zoneinfo (Debian's tzdata).
 * Offsets of an IANA zone are worked out once per calendar year asked for
 * (the year's transitions, found through the C library) and cached in the
 * struct tz, so a lookup is a short scan, not a call into libc.
 */
#ifndef LL_TZ_H
#define LL_TZ_H

#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

struct tz;

/*
 * Open the zone spec names: "UTC"/"GMT"/"Z", a fixed offset "+HH:MM",
 * "+HHMM", "+HH" (optionally after "UTC"/"GMT"), or an IANA name found
 * under $TZDIR or /usr/share/zoneinfo. The caller frees *out with tz_free.
 * 0, or LL_EUSAGE (err names the spec) when it is neither.
 */
int tz_open(struct tz **out, const char *spec, struct ll_err *err);
void tz_free(struct tz *z);

/* The spec as given (borrowed). */
const char *tz_name(const struct tz *z);

/* Seconds east of UTC in z at the UTC instant utc (seconds since the epoch). */
int32_t tz_offset_at(struct tz *z, int64_t utc);

/*
 * Seconds east of UTC in z for a wall-clock time there (seconds since the
 * epoch as if local were UTC). A time skipped by a DST change is read with
 * the offset before the change; a repeated hour as its first occurrence.
 */
int32_t tz_offset_local(struct tz *z, int64_t local);

/*
 * Days since 1970-01-01 of the date t falls on in z. When z is NULL, or t
 * has no time of day or no offset (has_tz), the date as written: only an
 * instant can be moved to another zone.
 */
int64_t tz_days(struct tz *z, const struct ll_time *t);

/* Days since 1970-01-01 of the date the UTC instant utc falls on in z. */
int64_t tz_days_utc(struct tz *z, int64_t utc);

/* Seconds since the epoch of t's wall-clock time, ignoring its offset. */
int64_t tz_wall_seconds(const struct ll_time *t);

/*
 * The IANA name of a Xero organisation's Timezone ("GMTSTANDARDTIME",
 * "EASTERNSTANDARDTIME", "NEWZEALANDSTANDARDTIME": Windows zone ids in
 * capitals without spaces), or NULL for one not in our table.
 */
const char *tz_from_xero(const char *xero_zone);

#endif
