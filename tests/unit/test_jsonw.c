/* test_jsonw.c - the JSON writer: commas, names, escaping, exact money,
 * sticky failures, and that what it writes parses (jansson) to the same
 * values. */
#include <jansson.h>
#include <stdio.h>

#include "tap.h"
#include "util/err.h"
#include "util/jsonw.h"

static void test_shapes(void)
{
	struct buf b = BUF_INIT(4096);
	struct jsonw w;

	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_field_string(&w, "a", "x");
	jsonw_field_int(&w, "n", -42);
	jsonw_name(&w, "list");
	jsonw_array(&w);
	jsonw_int(&w, 1);
	jsonw_object(&w);
	jsonw_end(&w);
	jsonw_array(&w);
	jsonw_end(&w);
	jsonw_null(&w);
	jsonw_bool(&w, 0);
	jsonw_end(&w);
	jsonw_field_bool(&w, "t", 1);
	jsonw_name(&w, "raw");
	jsonw_raw(&w, "{\"k\":[1,2]}");
	jsonw_field_string(&w, "nul", NULL);
	jsonw_end(&w);
	CHECK_INT(jsonw_finish(&w), 0);
	CHECK_STR(buf_cstr(&b), "{\"a\":\"x\",\"n\":-42,\"list\":[1,{},[],null,false],"
				"\"t\":true,\"raw\":{\"k\":[1,2]},\"nul\":null}");
	buf_free(&b);
}

static void test_escapes(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "Seller's \"Best\"", "\"Seller's \\\"Best\\\"\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "tab\tnl\ncr\r", "\"tab\\tnl\\ncr\\r\"" },
		{ "bell\x07", "\"bell\\u0007\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },  /* UTF-8 as it is */
		{ "", "\"\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT(256);
		struct jsonw w;
		json_t *j;
		json_error_t je;

		jsonw_init(&w, &b);
		jsonw_array(&w);
		jsonw_string(&w, cases[i].in);
		jsonw_end(&w);
		CHECK_INT(jsonw_finish(&w), 0);
		/* the bytes, and the value a JSON parser reads back */
		CHECK(b.len == strlen(cases[i].want) + 2 &&
		      !strncmp(b.ptr + 1, cases[i].want, b.len - 2));
		j = json_loads(buf_cstr(&b), 0, &je);
		CHECK(j != NULL);
		if (j)
			CHECK_STR(json_string_value(json_array_get(j, 0)), cases[i].in);
		json_decref(j);
		buf_free(&b);
	}
}

static void test_money(void)
{
	static const struct {
		int64_t minor;
		int exponent;
		const char *want;
	} cases[] = {
		{ 3103, 2, "[31.03,\"31.03\"]" },
		{ -5, 2, "[-0.05,\"-0.05\"]" },
		{ 1234, 0, "[1234,\"1234\"]" },
		{ 1234, 3, "[1.234,\"1.234\"]" },
		{ INT64_MAX, 2, "[92233720368547758.07,\"92233720368547758.07\"]" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT(256);
		struct jsonw w;

		jsonw_init(&w, &b);
		jsonw_array(&w);
		jsonw_amount(&w, cases[i].minor, cases[i].exponent);
		jsonw_amount_string(&w, cases[i].minor, cases[i].exponent);
		jsonw_end(&w);
		CHECK_INT(jsonw_finish(&w), 0);
		CHECK_STR(buf_cstr(&b), cases[i].want);
		buf_free(&b);
	}
}

static void test_failures(void)
{
	struct buf b = BUF_INIT(16);
	struct jsonw w;
	char small[20];  /* {"Status":"VOIDED"} and its NUL */
	int i;

	/* a value in an object without a name: misuse, kept */
	jsonw_init(&w, &b);
	jsonw_object(&w);
	CHECK_INT(jsonw_string(&w, "x"), LL_ERROR);
	CHECK_INT(jsonw_field_string(&w, "a", "b"), LL_ERROR);
	CHECK_INT(jsonw_finish(&w), LL_ERROR);
	buf_reset(&b);

	/* unclosed */
	jsonw_init(&w, &b);
	jsonw_array(&w);
	CHECK_INT(jsonw_finish(&w), LL_ERROR);
	buf_reset(&b);

	/* a name with no value, then a close */
	jsonw_init(&w, &b);
	jsonw_object(&w);
	jsonw_name(&w, "a");
	CHECK_INT(jsonw_end(&w), LL_ERROR);
	buf_reset(&b);

	/* past the buffer's cap: LL_EPARSE, sticky */
	jsonw_init(&w, &b);
	jsonw_array(&w);
	jsonw_string(&w, "0123456789abcdef");
	CHECK_INT(jsonw_int(&w, 1), LL_EPARSE);
	CHECK_INT(jsonw_finish(&w), LL_EPARSE);
	buf_free(&b);

	/* too deep */
	buf_init(&b, 4096);
	jsonw_init(&w, &b);
	for (i = 0; i < JSONW_DEPTH; i++)
		jsonw_array(&w);
	CHECK_INT(jsonw_array(&w), LL_ERROR);
	buf_free(&b);

	/* a one-member object into a fixed array */
	CHECK_INT(jsonw_member_object(small, sizeof(small), "Status", "VOIDED"), 0);
	CHECK_STR(small, "{\"Status\":\"VOIDED\"}");
	CHECK_INT(jsonw_member_object(small, sizeof(small), "Status", "AUTHORISED"),
		  LL_EPARSE);
	CHECK_STR(small, "");
}

int main(void)
{
	test_shapes();
	test_escapes();
	test_money();
	test_failures();
	return tap_done();
}
