/*
 * fuzz_settlement.c - libFuzzer entry point for the settlement parser.
 *
 * Bytes in memory go through the same path as a file: line reader, format
 * detection, the settlement parser, the tie check and fingerprint. Built
 * with clang -fsanitize=fuzzer (cmake -DLL_FUZZ=ON) it is a real fuzzer;
 * under ctest, replay.c feeds it the committed corpus so every build
 * (gcc too) checks that no seed crashes or leaks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/parse_amazon.h"
#include "util/text.h"

#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader *r = NULL;
	struct lines l;
	struct ll_err err = LL_ERR_INIT;
	struct parse_sink sink = FUZZ_SINK;
	struct parse_stats ps;
	char *line;
	size_t len, bom;
	int rc;

	if (reader_open_mem(&r, data, size, "fuzz"))
		return 0;
	if (lines_init(&l, r)) {
		reader_free(r);
		return 0;
	}
	memset(&ps, 0, sizeof(ps));
	while ((rc = lines_next(&l, &line, &len, &err)) == 1 && len == 0)
		;
	if (rc == 1) {
		bom = text_bom(line, len);
		if (amazon_detect(line + bom, len - bom) != AMZ_NONE) {
			fuzz_reset();
			fuzz_check(amazon_parse_settlement(&l, "fuzz", line + bom, len - bom,
							   &sink, &ps, &err), &ps);
		}
	}
	lines_free(&l);
	reader_free(r);
	return 0;
}
