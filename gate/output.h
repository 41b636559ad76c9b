#ifndef SG_OUTPUT_H
#define SG_OUTPUT_H

#include "core/report.h"

#include <stdbool.h>

/*
 * What every command that prints a report shares: the --format/--output
 * pairs, --color and -q, and the option parsing helpers they are read with.
 */
#define SG_MAX_OUTPUTS 16

typedef struct sg_outputs {
	struct {
		const char *format;
		const char *path; /* NULL: standard output */
	} items[SG_MAX_OUTPUTS];
	int nr;
	const char *color; /* auto | always | never; NULL = auto */
	bool quiet;
	bool fail_on_warning; /* --fail-on warning: warnings fail the run too */
} sg_outputs;

/* Whether `arg` is the option `name`, alone or as name=value. */
bool sg_opt_is(const char *arg, const char *name);
/* The value of the option at argv[*i] (name=value or the next argument). */
int sg_opt_value(int argc, char **argv, int *i, const char **out);
/*
 * The duration `value` of option `name` ("5s") into *ms; nothing when
 * `value` is NULL. SG_EXIT_USAGE after printing the error for a bad one.
 */
int sg_opt_duration(const char *name, const char *value, long *ms);

/*
 * If argv[*i] is --format, --output, --color, --fail-on, -q or --quiet, consume it
 * (and its value) into `o` and return 1; return 0 for anything else and
 * SG_EXIT_USAGE after printing the error for a bad value.
 */
int sg_outputs_option(sg_outputs *o, int argc, char **argv, int *i);
/* Add a report in `format` (a registered name) written to `path` (NULL: standard output). */
void sg_outputs_add(sg_outputs *o, const char *format, const char *path);
/* After parsing: default to text on standard output; check --color. */
int sg_outputs_finish(sg_outputs *o);
/* Render `r` in every requested format. Returns 0 or SG_EXIT_USAGE. */
int sg_outputs_write(const sg_outputs *o, const sg_report *r);
/*
 * Sort `r`, describe the rules of its findings in it, write it, and return
 * the exit code its findings give (DESIGN.md; --fail-on).
 */
int sg_outputs_emit(const sg_outputs *o, sg_report *r);

/* The --help lines of the options above, and of --config, which every command takes. */
#define SG_OUTPUT_USAGE \
	"  --config FILE               configuration file (default: .schemagate.yaml found upward)\n" \
	"  --format F                  text, json, sarif, github, gitlab, junit or markdown;\n" \
	"                              may repeat, each with its own --output\n" \
	"  --output FILE               write the preceding --format to FILE\n" \
	"  --color auto|always|never   colour in text output (NO_COLOR is respected)\n" \
	"  -q, --quiet                 no summary when there is nothing to report\n" \
	"  --fail-on error|warning     what fails the run (default: error)\n"

#endif
