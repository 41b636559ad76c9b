/*
 * GitHub Actions workflow commands: one annotation per finding,
 *
 *   ::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
 *
 * (`::warning`, `::notice` for infos), then one plain line with the counts.
 *
 * GitHub turns at most 10 annotations of each severity per step (50 per
 * job) into annotations and drops the rest without a word, so the most
 * severe come first: errors, then warnings, then notices, each in report
 * order. The closing line says how many findings there are in all and how
 * many GitHub will not annotate, so nothing is lost silently; the step
 * summary (gate/output.c) and the other formats have all of them.
 */
#include "gate/format.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* What GitHub annotates of one severity in one step. */
#define GH_ANNOTATIONS_PER_SEVERITY 10

static const char *command_name(enum sg_severity s)
{
	return s == SG_ERROR_SEV ? "error" : s == SG_WARNING ? "warning" : "notice";
}

/*
 * Append `s` escaped as the actions toolkit escapes it (escapeData, and
 * escapeProperty when `property`), '%' first so that an escape is never
 * escaped again. The runner undoes exactly these, so every other byte is
 * passed as is, except that bytes which are not valid UTF-8 become U+FFFD
 * as in the JSON output: the runner reads the log as UTF-8.
 */
static void add_escaped(sbuf *out, const char *s, bool property)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		size_t n = utf8_sequence_len((const unsigned char *)s + i, len - i);
		char c = s[i];

		if (n == 0) {
			sbuf_adds(out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		if (c == '%')
			sbuf_adds(out, "%25");
		else if (c == '\r')
			sbuf_adds(out, "%0D");
		else if (c == '\n')
			sbuf_adds(out, "%0A");
		else if (property && c == ':')
			sbuf_adds(out, "%3A");
		else if (property && c == ',')
			sbuf_adds(out, "%2C");
		else
			sbuf_add(out, s + i, n);
		i += n;
	}
}

/* The position properties GitHub reads; a position that is not known is left out. */
static void add_position(sbuf *out, const sg_finding *f)
{
	if (f->line <= 0)
		return;
	sbuf_addf(out, ",line=%d", f->line);
	if (f->column > 0)
		sbuf_addf(out, ",col=%d", f->column);
	if (f->end_line < f->line)
		return;
	sbuf_addf(out, ",endLine=%d", f->end_line);
	if (f->column > 0 && f->end_column > 0)
		sbuf_addf(out, ",endColumn=%d", f->end_column);
}

/* What the dry-run saw of the finding's statement, after a blank line. */
static void add_observed(sbuf *out, const sg_observation *obs)
{
	char *summary;

	if (!obs)
		return;
	summary = sg_observation_summary(obs);
	sbuf_adds(out, "%0A%0AObserved: ");
	add_escaped(out, summary, false);
	free(summary);
}

/* One annotation; the help, then what the dry-run saw, follow the message after blank lines. */
static void add_annotation(sbuf *out, const sg_report *r, const sg_finding *f)
{
	sbuf_addf(out, "::%s file=", command_name(f->severity));
	add_escaped(out, f->file, true);
	add_position(out, f);
	sbuf_adds(out, ",title=");
	add_escaped(out, f->rule, true);
	sbuf_adds(out, "::");
	add_escaped(out, f->message, false);
	if (f->help && *f->help) {
		sbuf_adds(out, "%0A%0A");
		add_escaped(out, f->help, false);
	}
	add_observed(out, sg_report_observation(r, f));
	sbuf_addch(out, '\n');
}

static void add_count(sbuf *out, size_t n, const char *noun)
{
	sbuf_addf(out, "%zu %s%s", n, noun, n == 1 ? "" : "s");
}

static void add_files(sbuf *out, const sg_report *r)
{
	add_count(out, r->files, "file");
	sbuf_adds(out, ", ");
	add_count(out, r->statements, "statement");
}

static size_t not_annotated(size_t n)
{
	return n > GH_ANNOTATIONS_PER_SEVERITY ? n - GH_ANNOTATIONS_PER_SEVERITY : 0;
}

/*
 * The closing plain line (no "::", so the runner prints it as it is): the
 * findings in all, and those beyond GitHub's per-step limits.
 */
static void add_totals(sbuf *out, const sg_report *r)
{
	size_t errors = sg_report_count(r, SG_ERROR_SEV), warnings = sg_report_count(r, SG_WARNING);
	size_t infos = sg_report_count(r, SG_INFO);
	size_t dropped = not_annotated(errors) + not_annotated(warnings) + not_annotated(infos);

	sbuf_adds(out, "schemagate: ");
	add_count(out, r->nr, "finding");
	sbuf_adds(out, " in all (");
	add_count(out, errors, "error");
	sbuf_adds(out, ", ");
	add_count(out, warnings, "warning");
	sbuf_adds(out, ", ");
	add_count(out, infos, "info");
	sbuf_adds(out, ") in ");
	add_files(out, r);
	if (dropped)
		sbuf_addf(out, "; GitHub annotates at most %d of each severity per step and 50 per job, "
			       "so %zu %s not annotated: all are listed above",
			  GH_ANNOTATIONS_PER_SEVERITY, dropped, dropped == 1 ? "is" : "are");
	sbuf_addch(out, '\n');
}

void format_github(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	static const enum sg_severity order[] = { SG_ERROR_SEV, SG_WARNING, SG_INFO };
	size_t s, i;

	if (!r->nr) {
		if (!o->quiet) {
			sbuf_adds(out, "schemagate: no findings in ");
			add_files(out, r);
			sbuf_addch(out, '\n');
		}
		return;
	}
	for (s = 0; s < sizeof(order) / sizeof(order[0]); s++)
		for (i = 0; i < r->nr; i++)
			if (r->findings[i].severity == order[s])
				add_annotation(out, r, &r->findings[i]);
	add_totals(out, r);
}
