/*
 * test_jsonstream.c - the elements of a top-level JSON array, one at a
 * time (jsonstream.h): bounds found through strings, escapes and nesting;
 * the outline checked; lines counted as the line reader counts them.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "util/jsonstream.h"

/* the elements of doc joined by " | " with their lines, or "E<line>: msg" */
static const char *elements(const char *doc, size_t doclen, size_t max)
{
	static char out[1024];
	struct reader *r = NULL;
	struct jsonstream *js = NULL;
	struct ll_err err = LL_ERR_INIT;
	const char *el;
	size_t len, n = 0;
	long line;
	int rc;

	out[0] = '\0';
	reader_open_mem(&r, doc, doclen, "t.json");
	jsonstream_open(&js, r, max, "t.json");
	while ((rc = jsonstream_next(js, &el, &len, &line, &err)) == 1)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%ld:%.*s", n ? " | " : "",
				      line, (int)len, el);
	if (rc < 0)
		snprintf(out + n, sizeof(out) - n, "%sE%ld: %s", n ? " | " : "", err.line, err.msg);
	jsonstream_free(js);
	reader_free(r);
	return out;
}

static const struct {
	const char *doc, *want;
} cases[] = {
	{ "[{\"a\":1}, 2, \"x,]\", [3,{\"b\":\"]\"}], true, null, -1.5e3]",
	  "1:{\"a\":1} | 1:2 | 1:\"x,]\" | 1:[3,{\"b\":\"]\"}] | 1:true | 1:null | 1:-1.5e3" },
	{ "{\"single\": [1, 2]}\n", "1:{\"single\": [1, 2]}" },
	{ "\xEF\xBB\xBF[1]", "1:1" },
	{ "[]", "" },
	{ " [ ] \n", "" },
	{ "[\"q\\\"]x\", {\"k\":\"\\\\\"}]", "1:\"q\\\"]x\" | 1:{\"k\":\"\\\\\"}" },
	/* lines: \n, \r\n and a lone \r each end one */
	{ "[\n{\"a\":1},\r\n{\"b\":\n2}\r{\"c\":3}]", "2:{\"a\":1} | 3:{\"b\":\n2} | E5: not valid JSON: ',' or ']' expected after an element" },
	{ "[\n{\"a\":1},\r\n{\"b\":\n2},\r{\"c\":3}]", "2:{\"a\":1} | 3:{\"b\":\n2} | 5:{\"c\":3}" },
	/* the outline */
	{ "", "E1: not valid JSON: an empty document" },
	{ "5", "E1: not valid JSON: '[' or '{' expected" },
	{ "[1,]", "1:1 | E1: not valid JSON: an element expected after ','" },
	{ "[1 2]", "1:1 | E1: not valid JSON: ',' or ']' expected after an element" },
	{ "[1]\n x", "1:1 | E2: not valid JSON: end of file expected" },
	{ "{\"a\":1} {}", "1:{\"a\":1} | E1: not valid JSON: end of file expected" },
	{ "[{\"a\":1}", "1:{\"a\":1} | E1: not valid JSON: the document ends inside its array" },
	{ "[{\"a\":\"\\\"]}", "E1: not valid JSON: the document ends inside an element" },
	{ "{\"order_key\": 1,", "E1: not valid JSON: the document ends inside an element" },
	/* brackets are counted, not matched: the JSON parser refuses "{]" */
	{ "[{], 1]", "1:{] | 1:1" },
	/* the cap on one element */
	{ "[\"0123456789\", \"0123456789abcdefghij\"]",
	  "1:\"0123456789\" | E1: an element of more than 16 bytes of JSON: not read" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_STR(elements(cases[i].doc, strlen(cases[i].doc), 16 + (i < 18) * 1000),
			  cases[i].want);
	/* a NUL byte is an element byte (the JSON parser refuses it) */
	CHECK_STR(elements("[\"a\0b\"]", 7, 100), "1:\"a");
	CHECK_INT(jsonstream_lines_to("{\n\"id\": 1,\r\n\"order_key\": 2}", 27, "\"order_key\""), 2);
	CHECK_INT(jsonstream_lines_to("{\"id\": 1}", 9, "\"order_key\""), 0);
	CHECK_INT(jsonstream_lines_to("a\rb\r\nc\nd", 8, "d"), 3);
	return tap_done();
}
