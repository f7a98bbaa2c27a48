/*
 * progress.c - the progress line of scan and plan (progress.h).
 */
#include "cli/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* n with thousands separators into out[32] */
static const char *thousands(long n, char out[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%ld", n < 0 ? -n : n), i, k = 0;

	if (n < 0)
		out[k++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return out;
}

void progress_start(struct progress *p, int quiet, size_t total)
{
	p->on = !quiet && log_get_level() >= LOG_NORMAL && isatty(2);
	p->total = total;
	p->start_ms = now_ms();
	p->last_ms = 0;
}

void progress_files(struct progress *p, size_t done, long rows)
{
	int64_t now, elapsed;
	char r[32], rate[32];

	if (!p->on)
		return;
	now = now_ms();
	if (done < p->total && now - p->last_ms < 200)
		return;
	p->last_ms = now;
	elapsed = now - p->start_ms;
	log_status("read %zu of %zu files, %s rows (%s rows/s)", done, p->total,
		   thousands(rows, r),
		   thousands(elapsed > 0 ? (long)((int64_t)rows * 1000 / elapsed) : rows, rate));
}

void progress_end(struct progress *p)
{
	if (p->on)
		log_status_end();
}

void progress_pipeline(void *ctx, size_t done, size_t total, long rows)
{
	struct progress *p = ctx;

	p->total = total;
	progress_files(p, done, rows);
}
