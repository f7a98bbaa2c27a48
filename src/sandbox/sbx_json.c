/*
 * sbx_json.c - exact-number JSON, Xero's /Date()/ form and GUIDs.
 *
 * The number trick: sbxj_parse() walks the request text once, copying
 * strings verbatim and rewriting each bare number literal N into the string
 * "\u0001N" before jansson sees it. Everything downstream reads amounts from
 * that text with money_parse(), so no double ever holds money. sbxj_dump()
 * undoes it: after json_dumps() every "\u0001...” string is written out
 * without its quotes and mark. Stored documents go through the same pair.
 */
#include "sandbox/sbx_json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/date.h"
#include "util/money.h"

static int is_numch(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
	       c == 'e' || c == 'E';
}

json_t *sbxj_parse(const char *text, size_t len)
{
	struct buf b = BUF_INIT(len * 2 + 64);
	json_t *v = NULL;
	json_error_t jerr;
	size_t i = 0;

	while (i < len) {
		char c = text[i];

		if (c == '"') {
			size_t j = i + 1;

			while (j < len && text[j] != '"')
				j += text[j] == '\\' ? 2 : 1;
			if (j >= len)
				goto done;
			if (buf_add(&b, text + i, j + 1 - i))
				goto done;
			i = j + 1;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t j = i;

			while (j < len && is_numch(text[j]))
				j++;
			if (buf_adds(&b, "\"\\u0001") || buf_add(&b, text + i, j - i) ||
			    buf_addc(&b, '"'))
				goto done;
			i = j;
		} else {
			if (buf_addc(&b, c))
				goto done;
			i++;
		}
	}
	v = json_loadb(b.ptr ? b.ptr : "", b.len, JSON_REJECT_DUPLICATES, &jerr);
done:
	buf_free(&b);
	return v;
}

int sbxj_dump(const json_t *v, struct buf *out)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *p, *m;
	int rc = -1;

	if (!s)
		return -1;
	p = s;
	while ((m = strstr(p, "\"\\u0001")) != NULL) {
		const char *e = strchr(m + 7, '"');

		if (!e || buf_add(out, p, (size_t)(m - p)) ||
		    buf_add(out, m + 7, (size_t)(e - (m + 7))))
			goto done;
		p = e + 1;
	}
	rc = buf_adds(out, p) ? -1 : 0;
done:
	free(s);
	return rc;
}

json_t *sbxj_num(const char *text)
{
	char tmp[64];

	tmp[0] = SBX_NUM_MARK;
	snprintf(tmp + 1, sizeof(tmp) - 1, "%s", text);
	return json_string(tmp);
}

json_t *sbxj_money(int64_t minor, int exp)
{
	char t[40];

	money_format(t, sizeof(t), minor, exp);
	return sbxj_num(t);
}

const char *sbxj_numtext(const json_t *v)
{
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	return s[0] == SBX_NUM_MARK ? s + 1 : s;
}

int sbxj_decimal(int64_t *out, const json_t *v, int exp, int round)
{
	const char *s = sbxj_numtext(v);
	const char *dot;
	char t[48];
	size_t n, i, nfrac;
	int64_t val;
	int neg, carry = 0;

	if (!s)
		return -1;
	n = strlen(s);
	if (n == 0 || n >= sizeof(t) - 8)
		return -1;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || (i == 0 && s[i] == '-')))
			return -1;
	memcpy(t, s, n + 1);
	dot = strchr(t, '.');
	nfrac = dot ? n - (size_t)(dot - t) - 1 : 0;
	if (dot && nfrac > (size_t)exp) {
		if (!round)
			return -1;
		/* keep exp decimals, remember whether the first dropped digit is >= 5 */
		carry = t[(size_t)(dot - t) + 1 + (size_t)exp] >= '5';
		t[(size_t)(dot - t) + 1 + (size_t)exp] = '\0';
		if (exp == 0)
			t[dot - t] = '\0';
	}
	neg = t[0] == '-';
	if (money_parse(&val, t, strlen(t), exp, MONEY_DOT))
		return -1;
	if (carry)
		val += neg ? -1 : 1;
	*out = val;
	return 0;
}

const char *sbxj_str(const json_t *obj, const char *key)
{
	json_t *v = sbxj_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *sbxj_get(const json_t *obj, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	if (v)
		return v;
	json_object_foreach((json_t *)obj, k, v)
		if (!strcasecmp(k, key))
			return v;
	return NULL;
}

json_t *sbxj_date_days(int64_t days)
{
	char t[48];

	snprintf(t, sizeof(t), "/Date(%lld+0000)/", (long long)days * 86400000LL);
	return json_string(t);
}

json_t *sbxj_datestring(int64_t days)
{
	char t[32];
	int y, m, d;

	date_from_days(days, &y, &m, &d);
	snprintf(t, sizeof(t), "%04d-%02d-%02dT00:00:00", y, m, d);
	return json_string(t);
}

json_t *sbxj_date_ms(int64_t ms)
{
	char t[48];

	snprintf(t, sizeof(t), "/Date(%lld+0000)/", (long long)ms);
	return json_string(t);
}

static int parse_msdate(int64_t *ms, const char *s)
{
	int64_t v = 0;
	int neg = 0;

	if (strncmp(s, "/Date(", 6))
		return -1;
	s += 6;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	*ms = neg ? -v : v;
	return 0;
}

int sbxj_parse_date(int64_t *days, const char *s)
{
	char ymd[11];
	int64_t ms;

	if (!s)
		return -1;
	if (!parse_msdate(&ms, s)) {
		*days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
		return 0;
	}
	if (strlen(s) < 10)
		return -1;
	if (s[10] != '\0' && s[10] != 'T')
		return -1;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	return date_parse_ymd(days, ymd) ? -1 : 0;
}

int64_t sbxj_member_days(const json_t *obj, const char *key)
{
	const char *s = sbxj_str(obj, key);
	int64_t d;

	if (!s || sbxj_parse_date(&d, s))
		return -1;
	return d;
}

void sbxj_guid(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[16];
	size_t got = 0;
	int i, o = 0;

	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* no entropy source: fall back to time and address bits */
			for (; got < sizeof(r); got++)
				r[got] = (unsigned char)((uintptr_t)&r ^ (unsigned)clock() ^ got * 131u);
			break;
		}
		got += (size_t)n;
	}
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[r[i] >> 4];
		out[o++] = hex[r[i] & 15];
	}
	out[o] = '\0';
}

int64_t sbxj_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t sbxj_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
