/*
 * replay.c - a plain driver that feeds every file of a corpus folder to
 * LLVMFuzzerTestOneInput (libgit2's standalone fuzz driver), so the gcc
 * and sanitizer builds run the fuzz corpus under ctest.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	DIR *d;
	struct dirent *de;
	int n = 0, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: replay CORPUS_DIR\n");
		return 2;
	}
	d = opendir(argv[1]);
	if (!d) {
		fprintf(stderr, "replay: cannot open %s\n", argv[1]);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		FILE *f;
		uint8_t *buf;
		long sz;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name) >=
		    sizeof(path))
			continue;
		f = fopen(path, "rb");
		if (!f) {
			failed++;
			continue;
		}
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc(sz > 0 ? (size_t)sz : 1);
		if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
			failed++;
		} else {
			LLVMFuzzerTestOneInput(buf, (size_t)sz);
			n++;
		}
		free(buf);
		fclose(f);
	}
	closedir(d);
	printf("%d passed, %d failed\n", n, failed);
	return (failed || n == 0) ? 1 : 0;
}
