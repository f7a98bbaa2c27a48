/*
 * test_ranges.c - ranges_text: the line ranges of several lists merged in
 * line order, adjacent and overlapping ones joined, as the plain scan over
 * the lists (below) has them: random lists (a few to a hundred, some
 * empty, ties on the same start), and named cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/ranges.h"
#include "tap.h"

/* the reference: the first list's next range, by scanning them all */
static void text_ref(char *out, size_t cap, const char *path, const struct ranges *const *rgs,
		     size_t n)
{
	size_t pos[128] = { 0 }, k, ol;
	uint32_t cur0 = 0, cur1 = 0;
	int have = 0, first = 1;

	ol = (size_t)snprintf(out, cap, "%s:", path);
	for (;;) {
		size_t best = n;

		for (k = 0; k < n; k++)
			if (pos[k] < rgs[k]->n &&
			    (best == n || rgs[k]->r[pos[k]][0] < rgs[best]->r[pos[best]][0]))
				best = k;
		if (best < n && have && rgs[best]->r[pos[best]][0] <= cur1 + 1) {
			if (rgs[best]->r[pos[best]][1] > cur1)
				cur1 = rgs[best]->r[pos[best]][1];
			pos[best]++;
			continue;
		}
		if (have) {
			ol += (size_t)snprintf(out + ol, cap - ol, "%s%lu", first ? "" : ",",
					       (unsigned long)cur0);
			first = 0;
			if (cur1 != cur0)
				ol += (size_t)snprintf(out + ol, cap - ol, "-%lu",
						       (unsigned long)cur1);
		}
		if (best == n)
			break;
		cur0 = rgs[best]->r[pos[best]][0];
		cur1 = rgs[best]->r[pos[best]][1];
		pos[best]++;
		have = 1;
	}
}

int main(void)
{
	static char want[1 << 20];
	struct ranges lists[128];
	const struct ranges *ptr[128];
	unsigned seed = 99;
	int t, bad = 0;
	size_t k;

	for (t = 0; t < 3000; t++) {
		size_t n = (size_t)(t % 7 == 0 ? t % 128 : t % 9);
		char *got;

		memset(lists, 0, sizeof(lists));
		for (k = 0; k < n; k++) {
			uint32_t line = 1;
			size_t m;

			seed = seed * 1103515245u + 12345u;
			m = (seed >> 16) % 40;
			if (k % 5 == 3)
				m = 0; /* an empty list */
			while (m--) {
				seed = seed * 1103515245u + 12345u;
				line += (seed >> 16) % 4; /* 0: the same line again */
				if (ranges_add(&lists[k], line))
					bad++;
			}
			ptr[k] = &lists[k];
		}
		text_ref(want, sizeof(want), "f.txt", ptr, n);
		got = ranges_text("f.txt", ptr, n);
		if (!got || strcmp(got, want)) {
			bad++;
			if (bad < 3)
				printf("# n=%zu\n#  got %.200s\n# want %.200s\n", n, got ? got : "(null)",
				       want);
		}
		free(got);
		for (k = 0; k < n; k++)
			free(lists[k].r);
	}
	CHECK_INT(bad, 0);

	/* the same with gaps around a 64-line word (runs that end on a word's
	 * edge or cross several), and now and then a jump far enough that the
	 * lists are too thin for a bitmap */
	for (t = 0; t < 3000; t++) {
		static const uint32_t gaps[] = { 0, 1, 1, 1, 2, 3, 62, 63, 64, 65, 127, 128, 129, 5000 };
		size_t n = (size_t)(t % 11 == 0 ? t % 128 : t % 6);
		char *got;

		memset(lists, 0, sizeof(lists));
		for (k = 0; k < n; k++) {
			uint32_t line = 1 + (uint32_t)(t % 3) * 61;
			size_t m;

			seed = seed * 1103515245u + 12345u;
			m = (seed >> 16) % 60;
			while (m--) {
				seed = seed * 1103515245u + 12345u;
				line += (t % 13 == 5 && (seed >> 20) % 8 == 0)
						? 1000000u
						: gaps[(seed >> 16) % (sizeof(gaps) / sizeof(gaps[0]))];
				if (ranges_add(&lists[k], line))
					bad++;
			}
			ptr[k] = &lists[k];
		}
		text_ref(want, sizeof(want), "g.txt", ptr, n);
		got = ranges_text("g.txt", ptr, n);
		if (!got || strcmp(got, want)) {
			bad++;
			if (bad < 3)
				printf("# n=%zu\n#  got %.300s\n# want %.300s\n", n, got ? got : "(null)",
				       want);
		}
		free(got);
		for (k = 0; k < n; k++)
			free(lists[k].r);
	}
	CHECK_INT(bad, 0);

	/* the numbers on each side of a power of ten, as printf has them */
	{
		static const uint32_t vs[] = { 0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999,
					       10000, 99999, 100000, 999999, 1000000, 9999999,
					       10000000, 99999999, 100000000, 999999999,
					       1000000000, 1234567890, 4294967294u };
		size_t v;

		for (v = 0; v < sizeof(vs) / sizeof(vs[0]); v++) {
			struct ranges c = { 0 };
			const struct ranges *cp = &c;
			char *s;

			ranges_add(&c, vs[v]);
			ranges_add(&c, vs[v] + 1);
			snprintf(want, sizeof(want), "z:%lu-%lu", (unsigned long)vs[v],
				 (unsigned long)vs[v] + 1);
			s = ranges_text("z", &cp, 1);
			CHECK_STR(s, want);
			free(s);
			free(c.r);
		}
	}

	/* by name: a run over word edges in two lists; one list alone */
	{
		struct ranges a = { 0 }, b = { 0 };
		const struct ranges *ab[2] = { &a, &b };
		uint32_t l;
		char *s;

		for (l = 10; l <= 200; l++)
			ranges_add(&a, l);
		ranges_add(&a, 300);
		ranges_add(&b, 64);
		ranges_add(&b, 201);
		ranges_add(&b, 299);
		ranges_add(&b, 1000);
		s = ranges_text("y.txt", ab, 2);
		CHECK_STR(s, "y.txt:10-201,299-300,1000");
		free(s);
		s = ranges_text("y.txt", ab + 1, 1);
		CHECK_STR(s, "y.txt:64,201,299,1000");
		free(s);
		free(a.r);
		free(b.r);
	}

	/* by name: two lists interleaved and touching, a gap, one line alone */
	{
		struct ranges a = { 0 }, b = { 0 }, c = { 0 };
		const struct ranges *abc[3] = { &a, &b, &c };
		char *s;

		ranges_add(&a, 1);
		ranges_add(&a, 2);
		ranges_add(&a, 7);
		ranges_add(&b, 3);
		ranges_add(&b, 4);
		ranges_add(&b, 9);
		ranges_add(&b, 4000000000u);
		s = ranges_text("x.txt", abc, 3);
		CHECK_STR(s, "x.txt:1-4,7,9,4000000000");
		free(s);
		s = ranges_text("x.txt", abc + 2, 1);
		CHECK_STR(s, "x.txt:");
		free(s);
		s = ranges_text("x.txt", abc, 0);
		CHECK_STR(s, "x.txt:");
		free(s);
		free(a.r);
		free(b.r);
	}
	return tap_done();
}
