/*
 * test_text.c - text_escape_term / text_term: what reaches a terminal from
 * a file name or a cell shows as text, never as a control sequence.
 */
#include <stdio.h>

#include "tap.h"
#include "util/text.h"

static const struct {
	const char *in, *want;
} cases[] = {
	{ "plain-2024.csv", "plain-2024.csv" },
	{ "a\x1b[31mred\x1b[0m", "a\\x1b[31mred\\x1b[0m" },     /* colours, cursor */
	{ "a\x1b]0;title\x07", "a\\x1b]0;title\\x07" },          /* window title */
	{ "one\nfake: all posted", "one\\nfake: all posted" },   /* a forged line */
	{ "t\tr\r", "t\\tr\\r" },
	{ "del\x7f", "del\\x7f" },
	{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
	{ "c1\xc2\x9b" "2J", "c1\\u009b2J" },                    /* CSI as UTF-8 */
	{ "raw\x9b" "2J", "raw\\x9b2J" },                        /* CSI as a byte */
	{ "bidi\xe2\x80\xaetxt.exe", "bidi\\u202etxt.exe" },     /* right-to-left override */
	{ "cut\xe2\x82", "cut\\xe2\\x82" },                      /* a cut sequence */
	{ "back\\slash", "back\\slash" },
};

int main(void)
{
	size_t i;
	char out[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(text_term(out, sizeof(out), cases[i].in), cases[i].want);
	/* cut to fit: never inside an escape or a UTF-8 sequence */
	{
		char small[6];

		CHECK_STR(text_term(small, sizeof(small), "ab\x1b" "cd"), "ab");
		CHECK_STR(text_term(small, sizeof(small), "abc\xc3\xa9x"), "abc\xc3\xa9");
		CHECK_STR(text_term(small, sizeof(small), "abcd\xc3\xa9"), "abcd");
		CHECK_STR(text_term(small, sizeof(small), "\n\n\n"), "\\n\\n");
	}
	return tap_done();
}
