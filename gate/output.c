/* Report outputs and option helpers shared by the commands (see output.h). */
#include "gate/output.h"
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/format.h"
#include "checks/rule.h"
#include "core/sbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool sg_opt_is(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

int sg_opt_value(int argc, char **argv, int *i, const char **out)
{
	const char *arg = argv[*i];
	const char *eq = strchr(arg, '=');

	if (eq && !strncmp(arg, "--", 2)) {
		*out = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return sg_die_usage("option '%s' needs a value", arg);
	*out = argv[++*i];
	return 0;
}

int sg_opt_duration(const char *name, const char *value, long *ms)
{
	long v;

	if (!value)
		return 0;
	v = sg_parse_duration_ms(value);
	if (v < 0)
		return sg_die_usage("%s must be a duration like 500ms, 5s or 2min, not '%s'", name,
				    value);
	*ms = v;
	return 0;
}

int sg_outputs_option(sg_outputs *o, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *v;

	if (!strcmp(arg, "-q") || !strcmp(arg, "--quiet")) {
		o->quiet = true;
		return 1;
	}
	if (sg_opt_is(arg, "--color"))
		return sg_opt_value(argc, argv, i, &o->color) ? SG_EXIT_USAGE : 1;
	if (sg_opt_is(arg, "--fail-on")) {
		if (sg_opt_value(argc, argv, i, &v))
			return SG_EXIT_USAGE;
		if (strcmp(v, "error") && strcmp(v, "warning"))
			return sg_die_usage("--fail-on must be error or warning, not '%s'", v);
		o->fail_on_warning = !strcmp(v, "warning");
		return 1;
	}
	if (sg_opt_is(arg, "--format")) {
		if (o->nr == SG_MAX_OUTPUTS)
			return sg_die_usage("at most %d --format options", SG_MAX_OUTPUTS);
		if (sg_opt_value(argc, argv, i, &v))
			return SG_EXIT_USAGE;
		if (!sg_format_find(v))
			return sg_die_usage("unknown format '%s' (available: %s)", v, sg_format_names());
		sg_outputs_add(o, v, NULL);
		return 1;
	}
	if (sg_opt_is(arg, "--output")) {
		if (sg_opt_value(argc, argv, i, &v))
			return SG_EXIT_USAGE;
		if (o->nr == 0)
			sg_outputs_add(o, "text", NULL);
		if (o->items[o->nr - 1].path)
			return sg_die_usage("--output '%s' needs its own --format before it", v);
		o->items[o->nr - 1].path = v;
		return 1;
	}
	return 0;
}

void sg_outputs_add(sg_outputs *o, const char *format, const char *path)
{
	if (o->nr < SG_MAX_OUTPUTS) {
		o->items[o->nr].format = format;
		o->items[o->nr++].path = path;
	}
}

int sg_outputs_finish(sg_outputs *o)
{
	if (o->nr == 0)
		sg_outputs_add(o, "text", NULL);
	if (o->color && strcmp(o->color, "auto") && strcmp(o->color, "always") &&
	    strcmp(o->color, "never"))
		return sg_die_usage("--color must be auto, always or never");
	return 0;
}

static bool want_color(const sg_outputs *o, const char *path)
{
	if (o->color && !strcmp(o->color, "always"))
		return true;
	if ((o->color && !strcmp(o->color, "never")) || path)
		return false;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	return isatty(STDOUT_FILENO);
}

/*
 * GitHub Actions: with --format github, the Markdown summary (the markdown
 * format) is also appended to the file $GITHUB_STEP_SUMMARY names, which
 * the job's page shows. Appended, because other steps and runs of the same
 * step write there too. The annotations are out already, so a summary that
 * cannot be written is a warning and never fails the run.
 */
static void write_step_summary(const sg_outputs *o, const sg_report *r)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	sg_format_options fo = { false, o->quiet, o->fail_on_warning };
	sbuf md = SBUF_INIT;
	bool failed;
	FILE *f;
	int i;

	for (i = 0; i < o->nr && strcmp(o->items[i].format, "github"); i++)
		;
	if (i == o->nr || !path || !*path)
		return;
	if (!(f = fopen(path, "ab"))) {
		fprintf(stderr, "schemagate: warning: cannot append the step summary to '%s': %s\n",
			path, strerror(errno));
		return;
	}
	/* After another summary, start on a line of its own. */
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > 0)
		sbuf_addch(&md, '\n');
	format_markdown(&md, r, &fo);
	failed = fwrite(md.buf, 1, md.len, f) != md.len;
	failed |= fclose(f) != 0;
	if (failed)
		fprintf(stderr, "schemagate: warning: cannot append the step summary to '%s': %s\n",
			path, strerror(errno));
	sbuf_release(&md);
}

int sg_outputs_write(const sg_outputs *o, const sg_report *r)
{
	int i;

	for (i = 0; i < o->nr; i++) {
		const char *path = o->items[i].path;
		sg_format_options fo = { want_color(o, path), o->quiet, o->fail_on_warning };
		sbuf out = SBUF_INIT;
		FILE *f = stdout;
		bool failed;

		sg_format_find(o->items[i].format)(&out, r, &fo);
		if (path && !(f = fopen(path, "wb"))) {
			sbuf_release(&out);
			return sg_die_usage("cannot write '%s': %m", path);
		}
		failed = fwrite(out.buf, 1, out.len, f) != out.len;
		if (path && fclose(f) != 0)
			failed = true;
		sbuf_release(&out);
		if (failed)
			return sg_die_usage("cannot write '%s'", path ? path : "standard output");
	}
	write_step_summary(o, r);
	return 0;
}

/* The rules of the findings, described in the report for the formats that list them. */
static void describe_rules(sg_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		const sg_rule *rule = sg_rule_find(r->findings[i].rule);
		if (rule)
			sg_report_describe_rule(r, rule->id, rule->summary, rule->why, rule->help,
						rule->severity);
	}
}

int sg_outputs_emit(const sg_outputs *o, sg_report *r)
{
	int rc;

	sg_report_sort(r);
	describe_rules(r);
	rc = sg_outputs_write(o, r);
	if (rc)
		return rc;
	if (sg_report_count(r, SG_ERROR_SEV))
		return SG_EXIT_FAIL;
	return o->fail_on_warning && sg_report_count(r, SG_WARNING) ? SG_EXIT_FAIL : SG_EXIT_PASS;
}
