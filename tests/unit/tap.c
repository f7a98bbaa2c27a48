#include "tap.h"

#include <stdio.h>
#include <stdlib.h>

#include "plan/ingest.h"

int tap_pass, tap_fail;

void tap_check(int ok, const char *expr, const char *file, int line)
{
	if (ok) {
		tap_pass++;
		return;
	}
	tap_fail++;
	fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, expr);
}

void tap_check_str(const char *got, const char *want, const char *expr,
		   const char *file, int line)
{
	if ((got == NULL && want == NULL) || (got && want && !strcmp(got, want))) {
		tap_pass++;
		return;
	}
	tap_fail++;
	fprintf(stderr, "%s:%d: FAILED: %s is \"%s\", expected \"%s\"\n", file, line,
		expr, got ? got : "(null)", want ? want : "(null)");
}

void tap_check_int(long long got, long long want, const char *expr,
		   const char *file, int line)
{
	if (got == want) {
		tap_pass++;
		return;
	}
	tap_fail++;
	fprintf(stderr, "%s:%d: FAILED: %s is %lld, expected %lld\n", file, line,
		expr, got, want);
}

int tap_done(void)
{
	printf("%d passed, %d failed\n", tap_pass, tap_fail);
	return tap_fail ? 1 : (tap_pass ? 0 : 1);
}

const char *tap_src(const char *rel)
{
	static char path[4096];
	const char *root = getenv("LL_SOURCE_DIR");

	snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
	return path;
}

void tap_rmdir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

void tap_write(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

int tap_parse_path(const char *path, const struct parse_sink *sink, struct parse_stats *stats,
		   char *kind, size_t kindlen, int *opened, struct ll_err *err)
{
	struct source s;
	int rc;

	memset(stats, 0, sizeof(*stats));
	if (opened)
		*opened = 0;
	if ((rc = ingest_open(&s, path, err)))
		return rc;
	if (opened)
		*opened = 1;
	if (kind)
		snprintf(kind, kindlen, "%s", s.kind);
	rc = s.fmt && s.fmt->parse
		     ? s.fmt->parse(&s.lines, path, s.header, s.header_len, sink, stats, err)
		     : -99;
	ingest_close(&s);
	return rc;
}
