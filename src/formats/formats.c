/*
 * formats.c - the format registry (formats.h): a search over the formats
 * of every platform in the table of platforms (platforms.c), in order.
 */
#include "formats/formats.h"

#include "formats/platforms.h"

const struct format_def *formats_detect(const char *line, size_t len, int index)
{
	const struct format_def *known = NULL;
	size_t p, i;

	for (p = 0; p < platforms_count(); p++) {
		const struct platform_def *pd = platforms_get(p);

		for (i = 0; i < pd->nformats; i++) {
			const struct format_def *f = &pd->formats[i];

			if (index > f->preamble || !f->detect(line, len))
				continue;
			if (f->parse)
				return f;
			if (!known)
				known = f;
		}
	}
	return known;
}

size_t formats_count(void)
{
	size_t p, n = 0;

	for (p = 0; p < platforms_count(); p++)
		n += platforms_get(p)->nformats;
	return n;
}

const struct format_def *formats_get(size_t i)
{
	size_t p;

	for (p = 0; p < platforms_count(); p++) {
		const struct platform_def *pd = platforms_get(p);

		if (i < pd->nformats)
			return &pd->formats[i];
		i -= pd->nformats;
	}
	return NULL;
}
