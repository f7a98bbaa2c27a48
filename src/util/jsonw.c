/*
 * jsonw.c - JSON text writing helpers (jsonw.h).
 */
#include "jsonw.h"
#include "money.h"

#include <stdio.h>

int jsonw_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = buf_addc(b, '"');

	for (; *p && rc == 0; p++) {
		switch (*p) {
		case '"':
			rc = buf_adds(b, "\\\"");
			break;
		case '\\':
			rc = buf_adds(b, "\\\\");
			break;
		case '\n':
			rc = buf_adds(b, "\\n");
			break;
		case '\r':
			rc = buf_adds(b, "\\r");
			break;
		case '\t':
			rc = buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20)
				rc = buf_printf(b, "\\u%04x", *p);
			else
				rc = buf_addc(b, (char)*p);
		}
	}
	return rc ? rc : buf_addc(b, '"');
}

int jsonw_key(struct buf *b, const char *key)
{
	int rc = jsonw_str(b, key);

	return rc ? rc : buf_addc(b, ':');
}

int jsonw_money(struct buf *b, int64_t minor, int exponent)
{
	char tmp[48];

	return buf_adds(b, money_format(tmp, sizeof(tmp), minor, exponent));
}
