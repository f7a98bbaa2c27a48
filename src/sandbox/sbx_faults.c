/*
 * sbx_faults.c - parse fault specs and draw faults deterministically.
 *
 * One-shot faults ("next:KIND") sit in a FIFO and win over rates. Rates are
 * cumulative over one uniform draw from a splitmix64 stream seeded by
 * "seed=N", so the same sequence of calls always meets the same faults.
 * A delay ("slow:MS[:RATE]") is drawn separately and may accompany a fault.
 */
#include "sandbox/sbx_faults.h"

#include <stdio.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform draw in [0, 1e6). */
static uint32_t draw_ppm(struct sbx_faults *f)
{
	return (uint32_t)(splitmix64(&f->rng) % 1000000u);
}

const char *faults_name(enum sbx_fault k)
{
	switch (k) {
	case SBX_FAULT_500: return "500";
	case SBX_FAULT_503: return "503";
	case SBX_FAULT_RESET: return "reset";
	case SBX_FAULT_COMMIT_DROP: return "commit-drop";
	case SBX_FAULT_SLOW: return "slow";
	default: return "none";
	}
}

/* Parse a non-negative integer s[0..n) (at most 9 digits). */
static int parse_uint(const char *s, size_t n, long *out)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parse a probability "0", "1", "0.05", "1.0" (up to 6 decimals) into ppm. */
static int parse_rate(const char *s, size_t n, uint32_t *ppm)
{
	uint32_t v = 0;
	size_t i = 0;
	int frac = 0;

	if (n == 0)
		return -1;
	if (s[0] != '0' && s[0] != '1')
		return -1;
	v = (uint32_t)(s[0] - '0') * 1000000u;
	i = 1;
	if (i < n) {
		if (s[i] != '.')
			return -1;
		for (i++; i < n; i++, frac++) {
			uint32_t unit = 100000u;
			int k;

			if (s[i] < '0' || s[i] > '9' || frac >= 6)
				return -1;
			for (k = 0; k < frac; k++)
				unit /= 10;
			v += (uint32_t)(s[i] - '0') * unit;
		}
	}
	if (v > 1000000u)
		return -1;
	*ppm = v;
	return 0;
}

static enum sbx_fault kind_of(const char *s, size_t n)
{
	static const struct { const char *name; enum sbx_fault k; } t[] = {
		{ "500", SBX_FAULT_500 }, { "503", SBX_FAULT_503 },
		{ "reset", SBX_FAULT_RESET }, { "commit-drop", SBX_FAULT_COMMIT_DROP },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].name) == n && !memcmp(t[i].name, s, n))
			return t[i].k;
	return SBX_FAULT_NONE;
}

/* "slow:MS[:RATE]" at s[0..n), after the "slow:" prefix. */
static int parse_slow(const char *s, size_t n, long *ms, uint32_t *ppm)
{
	const char *c = memchr(s, ':', n);

	*ppm = 1000000u;
	if (!c)
		return parse_uint(s, n, ms);
	if (parse_uint(s, (size_t)(c - s), ms))
		return -1;
	return parse_rate(c + 1, n - (size_t)(c - s) - 1, ppm);
}

static int parse_item(struct sbx_faults *f, const char *s, size_t n, int *seeded)
{
	const char *colon = memchr(s, ':', n);
	enum sbx_fault k;
	long v;
	uint32_t ppm;

	if (n == 0)
		return 0;
	if (n > 5 && !memcmp(s, "seed=", 5)) {
		if (parse_uint(s + 5, n - 5, &v))
			return -1;
		f->seed = (uint64_t)v;
		*seeded = 1;
		return 0;
	}
	if (n > 3 && !memcmp(s, "on=", 3)) {
		if (n == 6 && !memcmp(s + 3, "all", 3))
			f->scope = SBX_ON_ALL;
		else if (n == 8 && !memcmp(s + 3, "write", 5))
			f->scope = SBX_ON_WRITE;
		else if (n == 7 && !memcmp(s + 3, "read", 4))
			f->scope = SBX_ON_READ;
		else
			return -1;
		return 0;
	}
	if (n > 5 && !memcmp(s, "next:", 5)) {
		if (f->nqueue >= SBX_FAULT_QUEUE)
			return -1;
		s += 5;
		n -= 5;
		if (n > 5 && !memcmp(s, "slow:", 5)) {
			if (parse_uint(s + 5, n - 5, &v))
				return -1;
			f->queue[f->nqueue].kind = SBX_FAULT_SLOW;
			f->queue[f->nqueue++].slow_ms = (int)v;
			return 0;
		}
		k = kind_of(s, n);
		if (k == SBX_FAULT_NONE)
			return -1;
		f->queue[f->nqueue].kind = k;
		f->queue[f->nqueue++].slow_ms = 0;
		return 0;
	}
	if (n > 5 && !memcmp(s, "slow:", 5)) {
		if (parse_slow(s + 5, n - 5, &v, &ppm))
			return -1;
		f->slow_ms = (int)v;
		f->slow_ppm = ppm;
		return 0;
	}
	if (!colon)
		return -1;
	k = kind_of(s, (size_t)(colon - s));
	if (k == SBX_FAULT_NONE)
		return -1;
	if (parse_rate(colon + 1, n - (size_t)(colon - s) - 1, &ppm))
		return -1;
	f->rate_ppm[k] = ppm;
	return 0;
}

int faults_configure(struct sbx_faults *f, const char *spec,
		     unsigned default_seed, struct ll_err *err)
{
	struct sbx_faults nf;
	const char *p, *e;
	uint32_t total = 0;
	int seeded = 0, i;

	memset(&nf, 0, sizeof(nf));
	nf.seed = default_seed;
	if (spec && strlen(spec) >= sizeof(nf.spec))
		return ll_err_set(err, LL_EUSAGE, NULL, 0, "fault spec too long");
	for (p = spec ? spec : ""; *p; p = *e ? e + 1 : e) {
		size_t n;

		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		n = (size_t)(e - p);
		while (n && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\r' ||
			     p[n - 1] == '\t'))
			n--;
		if (parse_item(&nf, p, n, &seeded))
			return ll_err_set(err, LL_EUSAGE, NULL, 0,
					  "bad fault spec item '%.*s'", (int)n, p);
	}
	for (i = 0; i < SBX_FAULT_KINDS; i++)
		total += nf.rate_ppm[i];
	if (total > 1000000u)
		return ll_err_set(err, LL_EUSAGE, NULL, 0,
				  "fault rates add up to more than 1");
	(void)seeded;
	nf.rng = nf.seed;
	snprintf(nf.spec, sizeof(nf.spec), "%s", spec ? spec : "");
	memcpy(nf.injected, f->injected, sizeof(nf.injected));
	*f = nf;
	return 0;
}

void faults_pick(struct sbx_faults *f, int is_write, struct sbx_fault_pick *out)
{
	uint32_t u, acc = 0;
	int i;

	out->kind = SBX_FAULT_NONE;
	out->slow_ms = 0;
	if ((f->scope == SBX_ON_WRITE && !is_write) || (f->scope == SBX_ON_READ && is_write))
		return;
	if (f->nqueue > 0) {
		out->kind = f->queue[0].kind;
		out->slow_ms = f->queue[0].slow_ms;
		memmove(&f->queue[0], &f->queue[1], sizeof(f->queue[0]) * (size_t)(f->nqueue - 1));
		f->nqueue--;
		if (out->kind == SBX_FAULT_SLOW)
			out->kind = SBX_FAULT_NONE;
		f->injected[out->kind == SBX_FAULT_NONE ? SBX_FAULT_SLOW : out->kind]++;
		return;
	}
	u = draw_ppm(f);
	for (i = SBX_FAULT_500; i <= SBX_FAULT_COMMIT_DROP; i++) {
		acc += f->rate_ppm[i];
		if (u < acc) {
			out->kind = (enum sbx_fault)i;
			f->injected[i]++;
			break;
		}
	}
	if (f->slow_ms > 0 && f->slow_ppm > 0 &&
	    (f->slow_ppm >= 1000000u || draw_ppm(f) < f->slow_ppm)) {
		out->slow_ms = f->slow_ms;
		f->injected[SBX_FAULT_SLOW]++;
	}
}
