/* test_date.c - date parsing, table-driven. */
#include <stdio.h>

#include "tap.h"
#include "util/date.h"
#include "util/err.h"

struct dcase {
	const char *in;
	int rc;
	const char *ymd;
	int has_time, has_tz, tz_min, hour;
};

static const struct dcase cases[] = {
	{ "2025-07-31T22:07:18+00:00", 0, "2025-07-31", 1, 1, 0, 22 },
	{ "2003-10-03T16:00:00-07:00", 0, "2003-10-03", 1, 1, -420, 16 },
	{ "2025-07-31T22:07:18Z", 0, "2025-07-31", 1, 1, 0, 22 },
	{ "2025-07-31T22:07:18.123+0530", 0, "2025-07-31", 1, 1, 330, 22 },
	{ "2017-08-17 07:48:49 UTC", 0, "2017-08-17", 1, 1, 0, 7 },
	{ "2025-07-31", 0, "2025-07-31", 0, 0, 0, 0 },
	{ "2025-07-31 UTC", 0, "2025-07-31", 0, 1, 0, 0 },
	{ "31.07.2025 22:07:18 UTC", 0, "2025-07-31", 1, 1, 0, 22 },
	{ "01.11.2017", 0, "2017-11-01", 0, 0, 0, 0 },
	{ "  2024-02-29T00:00:00+00:00  ", 0, "2024-02-29", 1, 1, 0, 0 },
	{ "2023-02-29", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "2025-13-01", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "2025-07-31T25:00:00", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "31/07/2025", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "yesterday", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "", LL_EPARSE, NULL, 0, 0, 0, 0 },
	{ "2025-07-31Tjunk", LL_EPARSE, NULL, 0, 0, 0, 0 },
};

int main(void)
{
	size_t i;
	int64_t days;
	int y, m, d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ll_time t;
		char ymd[11];
		int rc = date_parse(&t, cases[i].in, strlen(cases[i].in));

		if (rc != cases[i].rc)
			fprintf(stderr, "case %zu '%s' rc %d\n", i, cases[i].in, rc);
		CHECK_INT(rc, cases[i].rc);
		if (rc || cases[i].rc)
			continue;
		date_ymd(&t, ymd);
		CHECK_STR(ymd, cases[i].ymd);
		CHECK_INT(t.has_time, cases[i].has_time);
		CHECK_INT(t.has_tz, cases[i].has_tz);
		CHECK_INT(t.tz_min, cases[i].tz_min);
		CHECK_INT(t.hour, cases[i].hour);
	}
	CHECK_INT(date_days(1970, 1, 1), 0);
	CHECK_INT(date_days(2000, 3, 1), 11017);
	date_from_days(date_days(2024, 2, 29), &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	/* every day from 1899 to 2101 back to its date, each asked twice and
	 * after its neighbour (date_from_days remembers the last day asked) */
	{
		int bad = 0, yy, mm, dd;

		for (yy = 1899; yy <= 2101; yy++)
			for (mm = 1; mm <= 12; mm++)
				for (dd = 1; dd <= 31; dd++) {
					int64_t z;
					int k;

					if (!date_valid(yy, mm, dd) && yy >= 1900)
						continue;
					if (yy < 1900 && dd > 28)
						continue;
					z = date_days(yy, mm, dd);
					for (k = 0; k < 2; k++) {
						date_from_days(z, &y, &m, &d);
						if (y != yy || m != mm || d != dd)
							bad++;
					}
					date_from_days(z + 1, &y, &m, &d);
					date_from_days(z, &y, &m, &d);
					if (y != yy || m != mm || d != dd)
						bad++;
				}
		CHECK_INT(bad, 0);
	}
	CHECK_INT(date_parse_ymd(&days, "2025-01-31"), 0);
	CHECK_INT(days, date_days(2025, 1, 31));
	CHECK_INT(date_parse_ymd(&days, "2025-1-31"), LL_EPARSE);
	CHECK(date_valid(2000, 2, 29));
	CHECK(!date_valid(1900, 2, 29));
	return tap_done();
}
