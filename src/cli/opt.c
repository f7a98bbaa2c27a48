/*
 * opt.c - parsing a command's options by its rows, and printing its help
 * from them (opt.h). Parsing is getopt_long over a struct option array
 * made from the rows: each row's val is its index + 256 (or its short
 * name), so a match leads back to the row, whose kind says what to do
 * with the argument. The help lists the rows in order, the argument names
 * beside the option names and the help text wrapped into a column.
 */
#include "cli/opt.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "util/log.h"

#define ROW_VAL 256       /* getopt val of row i: ROW_VAL + i */
#define HELP_WIDTH 79     /* wrap the help text before this column */
#define HELP_COLUMN 22    /* where option help starts, at most */

int cli_opt_quiet(const char *cmd, void *value, const char *arg)
{
	(void)cmd;
	(void)arg;
	log_set_level(LOG_QUIET);
	if (value)
		*(int *)value = 1;
	return 0;
}

int cli_opt_verbose(const char *cmd, void *value, const char *arg)
{
	(void)cmd;
	(void)arg;
	(void)value;
	log_set_level(LOG_VERBOSE);
	return 0;
}

/* "  -q, --quiet" or "  --state PATH" into out; its length */
static size_t left_part(const struct cli_opt *o, char *out, size_t outlen)
{
	int n;

	if (o->alias)
		n = snprintf(out, outlen, "  -%c, --%s%s%s", o->alias, o->name,
			     o->arg ? " " : "", o->arg ? o->arg : "");
	else
		n = snprintf(out, outlen, "  --%s%s%s", o->name, o->arg ? " " : "",
			     o->arg ? o->arg : "");
	return n < 0 ? 0 : (size_t)n;
}

/* text from column col on, wrapped at HELP_WIDTH; the first line starts
 * after at columns already written (two spaces after a long option) */
static void print_wrapped(FILE *f, const char *text, size_t col, size_t at)
{
	const char *p = text;
	size_t pos = at + 2;
	int line_start = 1;

	if (at + 2 > col) {
		fputs("  ", f);
	} else {
		fprintf(f, "%*s", (int)(col - at), "");
		pos = col;
	}
	while (*p) {
		size_t w = strcspn(p, " ");

		if (!line_start && pos + 1 + w > HELP_WIDTH) {
			fprintf(f, "\n%*s", (int)col, "");
			pos = col;
			line_start = 1;
		}
		if (!line_start) {
			fputc(' ', f);
			pos++;
		}
		fwrite(p, 1, w, f);
		pos += w;
		p += w;
		line_start = 0;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void cli_opt_help(FILE *f, const struct cli_cmd *cmd, const struct cli_opt *opts)
{
	const struct cli_opt *o;
	char left[128];
	size_t col = 0;

	fprintf(f, "usage: ledgerlift %s %s\n", cmd->name, cmd->args);
	if (cmd->about)
		fprintf(f, "\n%s\n", cmd->about);
	fputc('\n', f);
	for (o = opts; o->kind; o++) {
		size_t n = left_part(o, left, sizeof(left)) + 2;

		if (n > col && n <= HELP_COLUMN)
			col = n;
	}
	for (o = opts; o->kind; o++) {
		size_t n = left_part(o, left, sizeof(left));

		fputs(left, f);
		print_wrapped(f, o->help ? o->help : "", col, n);
	}
	if (cmd->after)
		fprintf(f, "\n%s\n", cmd->after);
}

/* a whole number, digits only, in [min, max] */
static int parse_number(const char *s, long min, long max, long *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

/* "--port takes a number from 1 to 65535" and the like */
static void number_message(const char *cmd, const struct cli_opt *o)
{
	if (o->min == 1 && o->max >= 100000000)
		fprintf(stderr, "ledgerlift %s: --%s takes a positive number\n", cmd, o->name);
	else if (o->max >= 100000000)
		fprintf(stderr, "ledgerlift %s: --%s takes a number from %ld up\n", cmd,
			o->name, o->min);
	else
		fprintf(stderr, "ledgerlift %s: --%s takes a number from %ld to %ld\n", cmd,
			o->name, o->min, o->max);
}

/* Apply row o to its argument. 0, or -1 after a message. */
static int take(const char *cmd, const struct cli_opt *o, const char *arg)
{
	long v;

	switch (o->kind) {
	case CLI_OPT_SWITCH:
		*(int *)o->value = 1;
		return 0;
	case CLI_OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case CLI_OPT_INT:
	case CLI_OPT_LONG:
		if (parse_number(arg, o->min, o->kind == CLI_OPT_INT && o->max > INT_MAX
					       ? INT_MAX : o->max, &v)) {
			number_message(cmd, o);
			return -1;
		}
		if (o->kind == CLI_OPT_INT)
			*(int *)o->value = (int)v;
		else
			*(long *)o->value = v;
		return 0;
	case CLI_OPT_FN:
		return o->fn(cmd, o->value, arg);
	case CLI_OPT_HELP:
		break;
	}
	return 0;
}

static int usage_error(const struct cli_cmd *cmd, const struct cli_opt *opts)
{
	cli_opt_help(stderr, cmd, opts);
	return EXIT_USAGE_;
}

int cli_opt_parse(const struct cli_cmd *cmd, const struct cli_opt *opts, int argc,
		  char **argv, int *first)
{
	struct option *lo;
	char shorts[64];
	size_t n = 0, i, ns = 0;
	int c, code = CLI_PARSED;

	while (opts[n].kind)
		n++;
	lo = calloc(n + 1, sizeof(*lo));
	if (!lo) {
		fprintf(stderr, "ledgerlift %s: out of memory\n", cmd->name);
		return EXIT_ERROR_;
	}
	for (i = 0; i < n; i++) {
		lo[i].name = opts[i].name;
		lo[i].has_arg = opts[i].arg ? required_argument : no_argument;
		lo[i].val = ROW_VAL + (int)i;
		if (opts[i].alias && ns + 3 < sizeof(shorts)) {
			shorts[ns++] = opts[i].alias;
			if (opts[i].arg)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	optind = 1;
	while (code == CLI_PARSED && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct cli_opt *o = NULL;

		if (c >= ROW_VAL && (size_t)(c - ROW_VAL) < n)
			o = &opts[c - ROW_VAL];
		for (i = 0; !o && c != '?' && i < n; i++)
			if (opts[i].alias == c)
				o = &opts[i];
		if (!o)
			code = usage_error(cmd, opts);  /* getopt said what was wrong */
		else if (o->kind == CLI_OPT_HELP) {
			cli_opt_help(stdout, cmd, opts);
			code = EXIT_OK_;
		} else if (take(cmd->name, o, optarg)) {
			code = EXIT_USAGE_;
		}
	}
	free(lo);
	if (code != CLI_PARSED)
		return code;
	if (cmd->operands == 1 && optind >= argc) {
		fprintf(stderr, "ledgerlift %s: no INPUT given\n", cmd->name);
		return usage_error(cmd, opts);
	}
	if (!cmd->operands && optind < argc) {
		fprintf(stderr, "ledgerlift %s: unexpected argument '%s'\n", cmd->name,
			argv[optind]);
		return usage_error(cmd, opts);
	}
	*first = optind;
	return CLI_PARSED;
}
