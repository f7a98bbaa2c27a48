/*
 * test_tz.c - the organisation's time zone (util/tz.h), table-driven: DST
 * changes in Europe/London, America/New_York and America/St_Johns (a
 * half-hour zone that changes at 05:30 UTC), fixed offsets, instants at
 * midnight and on a leap day, times without an offset left as written.
 * TZ is set to a zone none of the cases use, and must be left as it was.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "util/date.h"
#include "util/err.h"
#include "util/tz.h"

struct zcase {
	const char *zone;
	const char *when;  /* date_parse input */
	const char *ymd;   /* the date in zone */
	int off;           /* seconds east at that instant; -1 = not checked */
};

static const struct zcase cases[] = {
	/* London: BST from 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC */
	{ "Europe/London", "2024-03-31T00:59:59Z", "2024-03-31", 0 },
	{ "Europe/London", "2024-03-31T01:00:00Z", "2024-03-31", 3600 },
	{ "Europe/London", "2024-10-27T00:59:59Z", "2024-10-27", 3600 },
	{ "Europe/London", "2024-10-27T01:00:00Z", "2024-10-27", 0 },
	{ "Europe/London", "2024-06-30T23:30:00Z", "2024-07-01", 3600 },
	{ "Europe/London", "2024-06-30T22:59:59Z", "2024-06-30", 3600 },
	{ "Europe/London", "2024-12-31T23:59:59Z", "2024-12-31", 0 },
	{ "Europe/London", "2024-01-31 23:30:00 -0500", "2024-02-01", 0 },
	{ "Europe/London", "2024-02-01 00:30:00 +0100", "2024-01-31", 0 },
	{ "Europe/London", "2024-02-28T23:30:00-01:00", "2024-02-29", 0 },
	{ "Europe/London", "2024-03-01T00:30:00+01:00", "2024-02-29", 0 },
	{ "Europe/London", "1999-12-31T23:00:00-01:00", "2000-01-01", 0 },
	/* New York: EDT from 2024-03-10 07:00 UTC to 2024-11-03 06:00 UTC */
	{ "America/New_York", "2024-03-10T06:59:59Z", "2024-03-10", -18000 },
	{ "America/New_York", "2024-03-10T07:00:00Z", "2024-03-10", -14400 },
	{ "America/New_York", "2024-11-03T05:59:59Z", "2024-11-03", -14400 },
	{ "America/New_York", "2024-11-03T06:00:00Z", "2024-11-03", -18000 },
	{ "America/New_York", "2024-03-01T03:00:00Z", "2024-02-29", -18000 },
	{ "America/New_York", "2024-01-01T04:59:59Z", "2023-12-31", -18000 },
	{ "America/New_York", "2024-01-01T05:00:00Z", "2024-01-01", -18000 },
	{ "America/New_York", "2024-07-04 00:00:00 +0000", "2024-07-03", -14400 },
	{ "America/New_York", "2250-07-01T12:00:00Z", "2250-07-01", -14400 },
	{ "America/New_York", "9999-12-31T12:00:00Z", "9999-12-31", -18000 },
	{ "Europe/London", "1900-01-01T00:30:00+01:00", "1899-12-31", 0 },
	/* St. John's: -03:30, DST from 2024-03-10 05:30 UTC */
	{ "America/St_Johns", "2024-03-10T05:29:59Z", "2024-03-10", -12600 },
	{ "America/St_Johns", "2024-03-10T05:30:00Z", "2024-03-10", -9000 },
	{ "America/St_Johns", "2024-03-10T02:00:00Z", "2024-03-09", -12600 },
	/* Auckland: a day ahead */
	{ "Pacific/Auckland", "2024-01-31T11:00:00Z", "2024-02-01", 46800 },
	/* fixed offsets */
	{ "+01:00", "2024-02-28T23:00:00Z", "2024-02-29", 3600 },
	{ "+01:00", "2024-02-28T22:59:59Z", "2024-02-28", 3600 },
	{ "-05:00", "2024-03-01T04:59:59Z", "2024-02-29", -18000 },
	{ "-05:00", "2024-03-01T05:00:00Z", "2024-03-01", -18000 },
	{ "+0530", "2024-12-31T18:30:00Z", "2025-01-01", 19800 },
	{ "UTC", "2024-01-31 23:30:00 -0500", "2024-02-01", 0 },
	{ "GMT+02", "2024-01-31T22:00:00Z", "2024-02-01", 7200 },
	{ "Z", "2024-02-29T23:59:59+00:00", "2024-02-29", 0 },
	/* no offset, or no time: the date as written */
	{ "Europe/London", "2024-01-31 23:30:00", "2024-01-31", -1 },
	{ "Pacific/Auckland", "2024-01-31 UTC", "2024-01-31", -1 },
	{ "Pacific/Auckland", "2024-01-31", "2024-01-31", -1 },
};

struct lcase {
	const char *zone, *wall; /* wall-clock time there */
	int off;
};

static const struct lcase lcases[] = {
	{ "Europe/London", "2024-07-01T12:00:00", 3600 },
	{ "Europe/London", "2024-01-01T00:00:00", 0 },
	{ "Europe/London", "2024-03-31T01:30:00", 0 },     /* skipped: offset before */
	{ "Europe/London", "2024-10-27T01:30:00", 3600 },  /* repeated: the first */
	{ "Europe/London", "2024-10-27T02:00:00", 0 },
	{ "America/New_York", "2024-11-03T01:30:00", -14400 },
	{ "America/New_York", "2024-03-10T02:30:00", -18000 },
	{ "America/New_York", "2024-03-10T03:00:00", -14400 },
	{ "-07:00", "2024-03-10T02:30:00", -25200 },
};

static const char *const bad[] = {
	"Mars/Olympus", "../../etc/passwd", "/etc/localtime", "+15:00", "+01:0",
	"Europe/London ", "", "UTC+", "Europe/",
};

int main(void)
{
	struct ll_err err = LL_ERR_INIT;
	struct tz *z = NULL;
	size_t i;

	setenv("TZ", "Asia/Tokyo", 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ll_time t;
		char ymd[11];

		CHECK_INT(tz_open(&z, cases[i].zone, &err), 0);
		if (!z)
			continue;
		CHECK_INT(date_parse(&t, cases[i].when, strlen(cases[i].when)), 0);
		date_days_ymd(tz_days(z, &t), ymd);
		if (strcmp(ymd, cases[i].ymd))
			fprintf(stderr, "case %zu: %s in %s\n", i, cases[i].when, cases[i].zone);
		CHECK_STR(ymd, cases[i].ymd);
		if (cases[i].off != -1) {
			int64_t utc = tz_wall_seconds(&t) - (int64_t)t.tz_min * 60;

			CHECK_INT(tz_offset_at(z, utc), cases[i].off);
			date_days_ymd(tz_days_utc(z, utc), ymd);
			CHECK_STR(ymd, cases[i].ymd);
		}
		tz_free(z);
		z = NULL;
	}
	for (i = 0; i < sizeof(lcases) / sizeof(lcases[0]); i++) {
		struct ll_time t;

		CHECK_INT(tz_open(&z, lcases[i].zone, &err), 0);
		if (!z)
			continue;
		CHECK_INT(date_parse(&t, lcases[i].wall, strlen(lcases[i].wall)), 0);
		if (tz_offset_local(z, tz_wall_seconds(&t)) != lcases[i].off)
			fprintf(stderr, "local case %zu: %s in %s\n", i, lcases[i].wall,
				lcases[i].zone);
		CHECK_INT(tz_offset_local(z, tz_wall_seconds(&t)), lcases[i].off);
		tz_free(z);
		z = NULL;
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(tz_open(&z, bad[i], &err), LL_EUSAGE);
		CHECK(z == NULL);
	}
	/* no zone: as written */
	{
		struct ll_time t;
		char ymd[11];

		date_parse(&t, "2024-01-31 23:30:00 -0500", 25);
		date_days_ymd(tz_days(NULL, &t), ymd);
		CHECK_STR(ymd, "2024-01-31");
	}
	/* one zone over many years, asked out of order: the cache per year */
	CHECK_INT(tz_open(&z, "Europe/London", &err), 0);
	if (z) {
		CHECK_STR(tz_name(z), "Europe/London");
		CHECK_INT(tz_offset_at(z, date_days(2030, 7, 1) * 86400), 3600);
		CHECK_INT(tz_offset_at(z, date_days(1990, 1, 1) * 86400), 0);
		CHECK_INT(tz_offset_at(z, date_days(1970, 7, 1) * 86400), 3600); /* BST all year */
		CHECK_INT(tz_offset_at(z, date_days(2030, 1, 1) * 86400), 0);
		tz_free(z);
		z = NULL;
	}
	tz_free(NULL);
	CHECK_STR(getenv("TZ"), "Asia/Tokyo");
	CHECK_STR(tz_from_xero("GMTSTANDARDTIME"), "Europe/London");
	CHECK_STR(tz_from_xero("EASTERNSTANDARDTIME"), "America/New_York");
	CHECK_STR(tz_from_xero("NEWZEALANDSTANDARDTIME"), "Pacific/Auckland");
	CHECK(tz_from_xero("MARSSTANDARDTIME") == NULL);
	CHECK(tz_from_xero(NULL) == NULL);
	return tap_done();
}
