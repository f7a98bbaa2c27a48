/*
 * fuzz_formats.c - libFuzzer entry point: the bytes as an input file.
 *
 * The bytes become a file (a memfd, no disk) and take the path a file
 * takes in `plan`: ingest_open (gzip by its magic bytes, the header found
 * by the format registry over the first lines, preamble included), then
 * the parser the registry names (the WooCommerce JSON reader opens the
 * file again, as it does in production), and the fuzz sink normalizes
 * every settlement delivered (tie check, fingerprint) and checks that a
 * file read to its end counts each of its rows once (fuzz_check, the
 * completeness ledger's rule). One program per platform (FUZZ_PLATFORM,
 * tests/CMakeLists.txt): detection always runs over the whole registry,
 * the parser only for a format of that platform, so each campaign stays
 * on its parsers and every registry format is reached by one of them.
 * PayPal's is read both ways (transfers, and days of the account:
 * paypal_days.c). replay.c feeds it the committed corpora under
 * ctest in every build; scripts/fuzz.sh runs the libFuzzer programs.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "formats/platforms.h"
#include "plan/ingest.h"

#include "fuzz_sink.h"

#ifndef FUZZ_PLATFORM
#error "FUZZ_PLATFORM names the platform whose parsers this target runs"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

/* the file the bytes go to, made once: a memfd, else an unlinked temp file */
static int input_file(void)
{
	if (fd < 0) {
		fd = memfd_create("ll-fuzz", MFD_CLOEXEC);
		if (fd < 0) {
			char tmpl[] = "/tmp/ll-fuzz-XXXXXX";

			fd = mkstemp(tmpl);
			if (fd < 0)
				return -1;
			unlink(tmpl);
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	return ftruncate(fd, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source src;
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = FUZZ_SINK;
	struct parse_stats ps;
	static const struct parse_wallet by_day = { 1, { { "USD", "12.34" } }, 1 };
	size_t off = 0;
	int k;

	if (input_file() != 0)
		abort();
	while (off < size) {
		ssize_t n = pwrite(fd, data + off, size - off, (off_t)off);

		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	/* a platform that holds money in an account of its own (PayPal) is
	 * read both ways: as transfers to the bank, and as days of the account
	 * with an opening balance given; each way counts every row once */
	for (k = 0; k < 2; k++) {
		memset(&ps, 0, sizeof(ps));
		sink.wallet = k ? &by_day : NULL;
		if (ingest_open(&src, path, &err) == 0 && src.fmt && src.fmt->parse &&
		    !strcmp(platform_of_format(src.fmt)->name, FUZZ_PLATFORM)) {
			if (k && !(platform_of_format(src.fmt)->caps & PLATFORM_WALLET)) {
				ingest_close(&src);
				break;
			}
			fuzz_reset();
			fuzz_check(src.fmt->parse(&src.lines, src.path, src.header,
						  src.header_len, &sink, &ps, &err),
				   &ps);
		}
		ingest_close(&src);
	}
	return 0;
}
