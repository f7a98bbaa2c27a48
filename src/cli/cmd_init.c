/*
 * cmd_init.c - `ledgerlift init --country CC [DIR]`: write a mappings
 * folder for an organisation of that country (default ./mappings), copied
 * from the tables shipped with ledgerlift for its Xero edition (GB, US,
 * AU, NZ, or the global edition for any other country: docs/tax.md), for
 * the user to edit. settings.json gets the country. An existing mappings
 * folder is never overwritten unless --force.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmds.h"
#include "cli/opt.h"
#include "cli/paths.h"
#include "plan/mapping.h"
#include "plan/taxrates.h"

static const struct cli_cmd init_cmd = {
	"init", "--country CC [options] [DIR]",
	"Write a mappings folder for an organisation of country CC into DIR\n"
	"(default ./" LL_MAPPINGS_HERE "): the mapping tables, settings.json and accounts.csv\n"
	"shipped for its Xero edition (GB, US, AU, NZ; any other country gets the\n"
	"global edition's), to edit before the first run. docs/tax.md says what\n"
	"each row follows; docs/mapping.md how to change them.",
	"Exit codes: 0 written; 1 error (DIR already has mapping files: --force);\n"
	"2 usage.",
	2
};

/* copy src to dst; settings.json with "country" set */
static int copy_file(const char *src, const char *dst, const char *name, const char *cc)
{
	char buf[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	if (!strcmp(name, "settings.json")) {
		json_error_t je;
		json_t *s = json_load_file(src, JSON_PRESERVE_ORDER, &je);

		if (!s || !json_is_object(s)) {
			fprintf(stderr, "ledgerlift init: %s: %s\n", src, s ? "not an object" : je.text);
			json_decref(s);
			return -1;
		}
		json_object_set_new(s, "country", json_string(cc));
		rc = json_dump_file(s, dst, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(s);
		if (rc)
			fprintf(stderr, "ledgerlift init: cannot write %s\n", dst);
		return rc ? -1 : 0;
	}
	if (!(in = fopen(src, "rb"))) {
		fprintf(stderr, "ledgerlift init: cannot read %s: %s\n", src, strerror(errno));
		return -1;
	}
	if (!(out = fopen(dst, "wb"))) {
		fprintf(stderr, "ledgerlift init: cannot write %s: %s\n", dst, strerror(errno));
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	if (fclose(out))
		rc = -1;
	fclose(in);
	if (rc)
		fprintf(stderr, "ledgerlift init: cannot write %s\n", dst);
	return rc;
}

static int valid_country(const char *cc)
{
	return cc && strlen(cc) == 2 && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' &&
	       cc[1] <= 'Z';
}

int cmd_init(int argc, char **argv)
{
	const char *country = NULL, *dir = LL_MAPPINGS_HERE;
	int force = 0, quiet = 0, first, code, written = 0;
	const struct cli_opt opts[] = {
		CLI_STRING("country", country, "CC",
			   "the organisation's country (ISO code: GB, US, AU, NZ, CA, IE, ...)"),
		CLI_SWITCH("force", force, "overwrite the mapping files DIR already has"),
		CLI_OPT_QUIET(&quiet),
		CLI_OPT_HELP_ROW,
		CLI_OPT_END
	};
	struct ll_err err = LL_ERR_INIT;
	char shipped[4096], src[4300], from[4600], to[4600];
	struct dirent *de;
	DIR *d;

	if ((code = cli_opt_parse(&init_cmd, opts, argc, argv, &first)) != CLI_PARSED)
		return code;
	if (!valid_country(country)) {
		fprintf(stderr, "ledgerlift init: --country takes the organisation's country as"
			" two capital letters (GB, US, AU, NZ, CA, IE, ...)\n");
		cli_opt_help(stderr, &init_cmd, opts);
		return EXIT_USAGE_;
	}
	if (argc - first > 1) {
		fprintf(stderr, "ledgerlift init: one DIR at most\n");
		return EXIT_USAGE_;
	}
	if (argc - first == 1)
		dir = argv[first];
	if (paths_shipped_mappings(shipped, sizeof(shipped), &err)) {
		fprintf(stderr, "ledgerlift init: %s\n", err.msg);
		return EXIT_ERROR_;
	}
	mappings_country_dir(src, sizeof(src), shipped, country);
	if (mappings_dir_ok(dir) && !force) {
		fprintf(stderr, "ledgerlift init: %s already has mapping files; edit them, or"
			" give --force to overwrite them with the %s tables\n", dir,
			taxrates_edition(country));
		return EXIT_ERROR_;
	}
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "ledgerlift init: cannot make %s: %s\n", dir, strerror(errno));
		return EXIT_ERROR_;
	}
	if (!(d = opendir(src))) {
		fprintf(stderr, "ledgerlift init: cannot read %s\n", src);
		return EXIT_ERROR_;
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		struct stat sb;

		if (n < 5 || (strcmp(de->d_name + n - 4, ".csv") &&
			      strcmp(de->d_name, "settings.json")))
			continue;
		snprintf(from, sizeof(from), "%s/%s", src, de->d_name);
		if (stat(from, &sb) || !S_ISREG(sb.st_mode))
			continue;
		snprintf(to, sizeof(to), "%s/%s", dir, de->d_name);
		if (copy_file(from, to, de->d_name, country)) {
			closedir(d);
			return EXIT_ERROR_;
		}
		written++;
	}
	closedir(d);
	if (!quiet)
		printf("wrote %d files into %s: the %s tables for %s (from %s)\n"
		       "edit them (docs/mapping.md), then: ledgerlift run --mappings %s"
		       " --create-accounts INPUT...\n", written, dir,
		       taxrates_edition(country), country, src, dir);
	return EXIT_OK_;
}
