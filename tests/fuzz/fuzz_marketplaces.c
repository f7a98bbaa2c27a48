/*
 * fuzz_marketplaces.c - libFuzzer entry point for the PayPal and eBay
 * readers in every language, through the UTF-16 layer of the reader.
 *
 * Bytes in memory go through the path of a file: the line reader, header
 * detection by the format registry over the first lines (as ingest does,
 * preamble included), the parser the registry names, and the tie check and
 * fingerprint of every settlement delivered. replay.c feeds it the
 * committed corpus (tests/fuzz/corpus/marketplaces: our language fixtures, plain, UTF-16
 * and cut) under ctest.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/formats.h"
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
	int rc, seen = 0;

	if (reader_open_mem(&r, data, size, "fuzz"))
		return 0;
	if (lines_init(&l, r)) {
		reader_free(r);
		return 0;
	}
	memset(&ps, 0, sizeof(ps));
	while ((rc = lines_next(&l, &line, &len, &err)) == 1 && seen < 16) {
		const struct format_def *f;

		bom = l.lineno == 1 ? text_bom(line, len) : 0;
		if (text_trim((struct field){ line + bom, len - bom }).len == 0)
			continue;
		f = formats_detect(line + bom, len - bom, seen++);
		if (!f)
			continue;
		if (f->parse && (!strncmp(f->name, "paypal-", 7) || !strncmp(f->name, "ebay-", 5)))
		{
			fuzz_reset();
			fuzz_check(f->parse(&l, "fuzz", line + bom, len - bom, &sink, &ps, &err),
				   &ps);
		}
		break;
	}
	lines_free(&l);
	reader_free(r);
	return 0;
}
