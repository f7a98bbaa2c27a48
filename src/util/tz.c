/*
 * tz.c - the organisation's time zone (tz.h).
 *
 * A fixed offset needs nothing. An IANA zone is asked of the C library
 * (TZ set to the name, tzset, localtime_r's tm_gmtoff) a year at a time:
 * the offset at 00:00 UTC of every day of the year, and where two days
 * differ, the second of the change found by bisection. The year's
 * transitions are kept in the struct tz, so millions of rows cost a few
 * hundred libc calls per year they span. TZ is put back as it was after
 * each year is worked out (nothing else in ledgerlift reads local time).
 * The swap is process-wide: env_lock serialises it, and the zoneinfo
 * lookup's getenv, across the parser threads (src/plan/prefetch.c); each
 * thread has its own struct tz, whose cache is not shared.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* tm_gmtoff, setenv */
#endif
#include "tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TZ_Y0 1900
#define TZ_NYEARS 8100 /* 1900..9999 (every year date_valid takes) cached */
#define TZ_MAXTR 8    /* transitions kept per year */

struct tz_year {
	int n;
	int64_t at[TZ_MAXTR];     /* UTC second each transition takes effect */
	int32_t off[TZ_MAXTR + 1]; /* off[0] at the year's start; off[i+1] from at[i] */
};

struct tz {
	char name[64];
	int fixed;
	int32_t fixed_off;
	struct tz_year *years[TZ_NYEARS];
};

/* ---- the C library, with TZ set to the zone ---- */

static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;

struct tz_env {
	char old[256];
	int had;
};

static void env_enter(struct tz_env *e, const char *name)
{
	const char *o = getenv("TZ");

	e->had = o != NULL && strlen(o) < sizeof(e->old);
	if (e->had)
		snprintf(e->old, sizeof(e->old), "%s", o);
	setenv("TZ", name, 1);
	tzset();
}

static void env_leave(struct tz_env *e)
{
	if (e->had)
		setenv("TZ", e->old, 1);
	else
		unsetenv("TZ");
	tzset();
}

static int32_t libc_offset(int64_t utc)
{
	time_t t = (time_t)utc;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return (int32_t)tm.tm_gmtoff;
}

/* the first second in (lo, hi] whose offset is not off(lo) */
static int64_t bisect(int64_t lo, int64_t hi, int32_t off_lo)
{
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (libc_offset(mid) == off_lo)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static void build_year(struct tz_year *y, int year)
{
	int64_t t0 = date_days(year, 1, 1) * 86400, t1 = date_days(year + 1, 1, 1) * 86400;
	int64_t prev_t = t0, s;
	int32_t prev = libc_offset(t0), cur;

	memset(y, 0, sizeof(*y));
	y->off[0] = prev;
	for (s = t0 + 86400; s <= t1; s += 86400) {
		int64_t probe = s < t1 ? s : t1 - 1;

		cur = libc_offset(probe);
		if (cur != prev) {
			int64_t at = bisect(prev_t, probe, prev);

			if (y->n < TZ_MAXTR) {
				y->at[y->n] = at;
				y->off[++y->n] = libc_offset(at);
			}
			prev = cur;
		}
		prev_t = probe;
	}
}

static int year_of_utc(int64_t utc)
{
	int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	return y;
}

static int32_t year_lookup(const struct tz_year *y, int64_t utc)
{
	int i = 0;

	while (i < y->n && utc >= y->at[i])
		i++;
	return y->off[i];
}

int32_t tz_offset_at(struct tz *z, int64_t utc)
{
	struct tz_env e;
	struct tz_year tmp, *y;
	int year, k;

	if (z->fixed)
		return z->fixed_off;
	year = year_of_utc(utc);
	k = year - TZ_Y0;
	if (k >= 0 && k < TZ_NYEARS && z->years[k])
		return year_lookup(z->years[k], utc);
	y = (k >= 0 && k < TZ_NYEARS) ? malloc(sizeof(*y)) : NULL;
	pthread_mutex_lock(&env_lock);
	env_enter(&e, z->name);
	build_year(y ? y : &tmp, year);
	env_leave(&e);
	pthread_mutex_unlock(&env_lock);
	if (!y)
		return year_lookup(&tmp, utc);
	z->years[k] = y;
	return year_lookup(y, utc);
}

int32_t tz_offset_local(struct tz *z, int64_t local)
{
	/* the offsets a day before and a day after: the wall time is read with
	 * one of them (a zone changes at most once in two days) */
	int32_t a = tz_offset_at(z, local - 86400), b = tz_offset_at(z, local + 86400);
	int ok_a = tz_offset_at(z, local - a) == a, ok_b = tz_offset_at(z, local - b) == b;

	if (ok_a && ok_b)
		return a > b ? a : b; /* a repeated hour: its first occurrence */
	if (ok_b)
		return b;
	return a; /* valid, or skipped by the change: the offset before it */
}

static int64_t floor_days(int64_t s)
{
	return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

int64_t tz_wall_seconds(const struct ll_time *t)
{
	return date_days(t->year, t->month, t->day) * 86400 + t->hour * 3600 +
	       t->min * 60 + t->sec;
}

int64_t tz_days_utc(struct tz *z, int64_t utc)
{
	return floor_days(utc + tz_offset_at(z, utc));
}

int64_t tz_days(struct tz *z, const struct ll_time *t)
{
	if (!z || !t->has_time || !t->has_tz)
		return date_days(t->year, t->month, t->day);
	return tz_days_utc(z, tz_wall_seconds(t) - (int64_t)t->tz_min * 60);
}

/* ---- opening ---- */

/* "+HH:MM", "+HHMM", "+HH" (after "UTC"/"GMT" or alone); 0 or -1 */
static int parse_fixed(const char *s, int32_t *off)
{
	struct date_cur c = { s, s + strlen(s) };
	int sign, hh, mm = 0;

	if (!strncmp(s, "UTC", 3) || !strncmp(s, "GMT", 3))
		c.p += 3;
	if (c.p == c.end && c.p != s) {
		*off = 0;
		return 0;
	}
	if (c.p >= c.end || (*c.p != '+' && *c.p != '-'))
		return -1;
	sign = *c.p++ == '-' ? -1 : 1;
	if (date_cur_digits(&c, 1, 2, &hh))
		return -1;
	date_cur_char(&c, ':');
	if (c.p < c.end && date_cur_digits(&c, 2, 2, &mm))
		return -1;
	if (c.p != c.end || hh > 14 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

/* an IANA name with a TZif file under the zoneinfo folder */
static int iana_known(const char *name, char *where, size_t wlen)
{
	const char *dir;
	const char *p;
	char magic[4];
	FILE *f;
	size_t n;

	pthread_mutex_lock(&env_lock); /* getenv beside another thread's setenv */
	dir = getenv("TZDIR");
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	snprintf(where, wlen, "%s/%s", dir, name);
	pthread_mutex_unlock(&env_lock);
	if (!*name || name[0] == '/' || strstr(name, ".."))
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' || *p == '-' ||
		      *p == '+'))
			return 0;
	f = fopen(where, "rb");
	if (!f)
		return 0;
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return n == 4 && !memcmp(magic, "TZif", 4);
}

int tz_open(struct tz **out, const char *spec, struct ll_err *err)
{
	struct tz *z;
	char where[1100];

	*out = NULL;
	if (!spec || !*spec || strlen(spec) >= sizeof(z->name))
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "time zone '%.80s' is not a zone",
				  spec ? spec : "");
	z = calloc(1, sizeof(*z));
	if (!z)
		return ll_err_set(err, LL_ERROR, NULL, 0, "out of memory");
	snprintf(z->name, sizeof(z->name), "%s", spec);
	if (!strcmp(spec, "Z") || parse_fixed(spec, &z->fixed_off) == 0) {
		z->fixed = 1;
	} else if (!iana_known(spec, where, sizeof(where))) {
		free(z);
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "time zone '%s' is neither an offset (+01:00) nor a zone"
				  " name found in the zoneinfo (no %s; the tzdata package"
				  " installs them)", spec, where);
	}
	*out = z;
	return 0;
}

void tz_free(struct tz *z)
{
	int i;

	if (!z)
		return;
	for (i = 0; i < TZ_NYEARS; i++)
		free(z->years[i]);
	free(z);
}

const char *tz_name(const struct tz *z)
{
	return z->name;
}

const char *tz_from_xero(const char *xz)
{
	static const char *const map[][2] = {
		{ "GMTSTANDARDTIME", "Europe/London" },
		{ "GREENWICHSTANDARDTIME", "Atlantic/Reykjavik" },
		{ "UTC", "UTC" },
		{ "COORDINATEDUNIVERSALTIME", "UTC" },
		{ "WEUROPESTANDARDTIME", "Europe/Berlin" },
		{ "ROMANCESTANDARDTIME", "Europe/Paris" },
		{ "CENTRALEUROPESTANDARDTIME", "Europe/Budapest" },
		{ "CENTRALEUROPEANSTANDARDTIME", "Europe/Warsaw" },
		{ "GTBSTANDARDTIME", "Europe/Bucharest" },
		{ "FLESTANDARDTIME", "Europe/Kiev" },
		{ "EEUROPESTANDARDTIME", "Europe/Chisinau" },
		{ "EASTERNSTANDARDTIME", "America/New_York" },
		{ "CENTRALSTANDARDTIME", "America/Chicago" },
		{ "MOUNTAINSTANDARDTIME", "America/Denver" },
		{ "USMOUNTAINSTANDARDTIME", "America/Phoenix" },
		{ "PACIFICSTANDARDTIME", "America/Los_Angeles" },
		{ "ALASKANSTANDARDTIME", "America/Anchorage" },
		{ "HAWAIIANSTANDARDTIME", "Pacific/Honolulu" },
		{ "ATLANTICSTANDARDTIME", "America/Halifax" },
		{ "NEWFOUNDLANDSTANDARDTIME", "America/St_Johns" },
		{ "CANADACENTRALSTANDARDTIME", "America/Regina" },
		{ "NEWZEALANDSTANDARDTIME", "Pacific/Auckland" },
		{ "AUSEASTERNSTANDARDTIME", "Australia/Sydney" },
		{ "EAUSTRALIASTANDARDTIME", "Australia/Brisbane" },
		{ "CENAUSTRALIASTANDARDTIME", "Australia/Adelaide" },
		{ "AUSCENTRALSTANDARDTIME", "Australia/Darwin" },
		{ "WAUSTRALIASTANDARDTIME", "Australia/Perth" },
		{ "TASMANIASTANDARDTIME", "Australia/Hobart" },
		{ "SINGAPORESTANDARDTIME", "Asia/Singapore" },
		{ "CHINASTANDARDTIME", "Asia/Shanghai" },
		{ "TOKYOSTANDARDTIME", "Asia/Tokyo" },
		{ "INDIASTANDARDTIME", "Asia/Kolkata" },
		{ "ARABIANSTANDARDTIME", "Asia/Dubai" },
		{ "SOUTHAFRICASTANDARDTIME", "Africa/Johannesburg" },
		{ "FIJISTANDARDTIME", "Pacific/Fiji" },
	};
	size_t i;

	if (!xz)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(xz, map[i][0]))
			return map[i][1];
	return NULL;
}
