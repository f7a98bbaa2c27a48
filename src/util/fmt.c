/*
 * fmt.c - snprintf's "%s", "%.Ns", "%llu" and "%lld" without a format
 * string (fmt.h). Integers are written two digits at a time from a table;
 * strings are copied up to the room left, never measured past it
 * (strnlen).
 */
#include "fmt.h"

#include <string.h>

static const char digits2[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t fmt_u64(char *out, uint64_t v)
{
	char tmp[FMT_INT_MAX];
	char *p = tmp + sizeof(tmp);
	size_t n;

	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		p -= 2;
		memcpy(p, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digits2 + 2 * v, 2);
	} else {
		*--p = (char)('0' + v);
	}
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(out, p, n);
	return n;
}

size_t fmt_i64(char *out, int64_t v)
{
	if (v >= 0)
		return fmt_u64(out, (uint64_t)v);
	out[0] = '-';
	return 1 + fmt_u64(out + 1, (uint64_t)0 - (uint64_t)v);
}

void sf_init(struct sfmt *f, char *out, size_t outlen)
{
	f->out = out;
	f->cap = outlen;
	f->len = 0;
	f->trunc = 0;
	if (outlen)
		out[0] = '\0';
}

void sf_mem(struct sfmt *f, const char *s, size_t n)
{
	size_t room = f->cap ? f->cap - 1 - f->len : 0;

	if (n > room) {
		n = room;
		f->trunc = 1;
	}
	if (n) {
		memcpy(f->out + f->len, s, n);
		f->len += n;
		f->out[f->len] = '\0';
	}
}

void sf_strn(struct sfmt *f, const char *s, size_t n)
{
	size_t room = f->cap ? f->cap - 1 - f->len : 0;
	size_t k = strnlen(s, n < room ? n : room);

	/* short of room: a byte beyond it is dropped only if there is one */
	if (k == room && k < n && s[k])
		f->trunc = 1;
	if (k) {
		memcpy(f->out + f->len, s, k);
		f->len += k;
		f->out[f->len] = '\0';
	}
}

void sf_str(struct sfmt *f, const char *s)
{
	sf_strn(f, s, (size_t)-1);
}

void sf_char(struct sfmt *f, char c)
{
	sf_mem(f, &c, 1);
}

void sf_u64(struct sfmt *f, uint64_t v)
{
	char t[FMT_INT_MAX];

	sf_mem(f, t, fmt_u64(t, v));
}

void sf_i64(struct sfmt *f, int64_t v)
{
	char t[FMT_INT_MAX];

	sf_mem(f, t, fmt_i64(t, v));
}

char *sf_copy(char *out, size_t outlen, const char *s)
{
	size_t k;

	if (!outlen)
		return out;
	k = strnlen(s, outlen - 1);
	memcpy(out, s, k);
	out[k] = '\0';
	return out;
}
