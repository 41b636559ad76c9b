/*
 * JUnit XML as GitLab reads it (artifacts:reports:junit), for the merge
 * request's test widget and the pipeline's Tests tab:
 *
 *   <testsuites name="schemagate" tests=N failures=F errors="0">
 *     <testsuite name=FILE tests=n failures=f errors="0">   one per file
 *       <testcase classname=SOURCE name="RULE at FILE:LINE:COL" file=FILE>
 *         <failure type=SEVERITY message=MESSAGE>FILE:LINE:COL: SEVERITY: MESSAGE [RULE]
 *   help: HELP
 *   Observed: WHAT THE DRY-RUN SAW</failure></testcase>       (when there was one)
 *       <testcase classname="lint" name=FILE file=FILE/>     a clean file
 *
 * GitLab shows a testcase's classname as its suite and ignores the
 * testsuite's name, so the classname is the finding's source (lint, diff,
 * dry-run, policy, apply): the widget groups findings by the phase that
 * found them, as the gate runs them, and the file is in the name and in
 * the file attribute. The name reads like the text format's location and
 * is unique in the report, because GitLab keeps only the first of
 * duplicate names: a second finding of the same rule at the same place
 * gets " (2)". The line in the name is not a stability problem for the
 * widget's comparison with the target branch: the files a gate judges are
 * the change's new migrations, which the target branch does not have.
 *
 * Errors and warnings are failures, with the whole finding in the element's
 * content, which is what GitLab shows (not the message attribute, kept for
 * other JUnit readers); `type` says which severity it was. An info finding
 * passes and carries the same text in <system-out>: it never fails the
 * gate, so it must not turn the widget red. `errors` stays 0: in JUnit an
 * error is a test that could not run, and a run that could not run exits 2
 * without a report.
 *
 * A file that was checked and found clean is a passing testcase of its own,
 * so the widget counts what was judged. When the report lists no file and
 * has no finding, one passing testcase named after the run stands for it.
 */
#include "gate/format.h"
#include "core/strmap.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The testcases of one file, in report order. */
struct suite {
	const char *file; /* borrowed from the report */
	size_t *findings; /* owned: indexes into the report's findings */
	size_t nr, alloc;
	size_t failures;
};

struct suites {
	struct suite *items; /* owned */
	size_t nr, alloc;
	sg_strmap by_file; /* file -> index + 1 */
};

/*
 * XML 1.0 text (attr false) or a double-quoted attribute value (attr true).
 * Every Unicode character XML allows is kept as it is. Invalid UTF-8 becomes
 * U+FFFD, as in the JSON formats. The control characters XML 1.0 forbids
 * (even as character references) are written as the text \uXXXX, so the
 * reader still sees which one it was. In attributes, newlines and tabs are
 * character references, since a parser would turn them into spaces; a
 * carriage return is one everywhere, since a parser drops it before \n.
 */
static void add_xml(sbuf *out, const char *s, bool attr)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t n = utf8_sequence_len(p, len - i);

		if (n == 0) {
			sbuf_adds(out, "\xef\xbf\xbd");
			n = 1;
		} else if (n == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			sbuf_addf(out, "\\u%s", p[2] == 0xbe ? "fffe" : "ffff");
		} else if (n > 1) {
			sbuf_add(out, s + i, n);
		} else if (*p == '&') {
			sbuf_adds(out, "&amp;");
		} else if (*p == '<') {
			sbuf_adds(out, "&lt;");
		} else if (*p == '>') {
			sbuf_adds(out, "&gt;");
		} else if (*p == '\r') {
			sbuf_adds(out, "&#13;");
		} else if (attr && *p == '"') {
			sbuf_adds(out, "&quot;");
		} else if (attr && *p == '\'') {
			sbuf_adds(out, "&apos;");
		} else if (attr && (*p == '\n' || *p == '\t')) {
			sbuf_addf(out, "&#%d;", *p);
		} else if (*p < 0x20 && *p != '\n' && *p != '\t') {
			sbuf_addf(out, "\\u%04x", *p);
		} else {
			sbuf_addch(out, (char)*p);
		}
		i += n;
	}
}

/* ` name="value"`, escaped. */
static void add_attr(sbuf *out, const char *name, const char *value)
{
	sbuf_addf(out, " %s=\"", name);
	add_xml(out, value, true);
	sbuf_addch(out, '"');
}

static void add_counts(sbuf *out, size_t tests, size_t failures)
{
	sbuf_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\"", tests, failures);
}

static struct suite *suite_for(struct suites *s, const char *file)
{
	void *slot;
	struct suite *suite;

	if (sg_strmap_get(&s->by_file, file, &slot))
		return &s->items[(uintptr_t)slot - 1];
	suite = VEC_PUSH(s->items, s->nr, s->alloc);
	memset(suite, 0, sizeof(*suite));
	suite->file = file;
	sg_strmap_put(&s->by_file, file, (void *)(uintptr_t)s->nr);
	return suite;
}

/*
 * One suite per file: the files checked, in the order they were, then the
 * files that only findings name (a deleted migration, the integrity file).
 */
static void collect_suites(struct suites *s, const sg_report *r)
{
	size_t i;

	for (i = 0; i < r->nr_checked; i++)
		suite_for(s, r->checked[i]);
	for (i = 0; i < r->nr; i++) {
		const sg_finding *f = &r->findings[i];
		struct suite *suite = suite_for(s, f->file);

		*VEC_PUSH(suite->findings, suite->nr, suite->alloc) = i;
		if (f->severity != SG_INFO)
			suite->failures++;
	}
}

static void release_suites(struct suites *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->items[i].findings);
	free(s->items);
	sg_strmap_clear(&s->by_file);
}

/*
 * Open a testcase named `base`, or `base (2)`, `base (3)`... when the name is
 * taken: GitLab keeps only the first testcase of a name.
 */
static void open_testcase(sbuf *out, sg_strmap *names, const char *classname,
			  const char *base, const char *file)
{
	sbuf name = SBUF_INIT;
	size_t n = 1;

	sbuf_adds(&name, base);
	while (sg_strmap_has(names, name.buf)) {
		sbuf_reset(&name);
		sbuf_addf(&name, "%s (%zu)", base, ++n);
	}
	sg_strmap_put(names, name.buf, NULL);
	sbuf_adds(out, "    <testcase");
	add_attr(out, "classname", classname);
	add_attr(out, "name", name.buf);
	if (file)
		add_attr(out, "file", file);
	sbuf_release(&name);
}

/*
 * The finding as the text format prints it: location, severity, message,
 * rule, help, and what a dry-run saw of the statement.
 */
static void add_details(sbuf *out, const sg_report *r, const sg_finding *f)
{
	const sg_observation *obs = sg_report_observation(r, f);
	sbuf text = SBUF_INIT;

	sbuf_addf(&text, "%s:%d:%d: %s: %s [%s]", f->file, f->line, f->column,
		  sg_severity_name(f->severity), f->message, f->rule);
	if (f->help && *f->help)
		sbuf_addf(&text, "\nhelp: %s", f->help);
	if (obs) {
		char *summary = sg_observation_summary(obs);

		sbuf_addf(&text, "\nObserved: %s", summary);
		free(summary);
	}
	add_xml(out, text.buf, false);
	sbuf_release(&text);
}

static void add_finding(sbuf *out, sg_strmap *names, const sg_report *r, const sg_finding *f)
{
	sbuf name = SBUF_INIT;

	sbuf_addf(&name, "%s at %s:%d:%d", f->rule, f->file, f->line, f->column);
	open_testcase(out, names, sg_source_name(f->source), name.buf, f->file);
	sbuf_release(&name);
	if (f->severity == SG_INFO) {
		sbuf_adds(out, ">\n      <system-out>");
		add_details(out, r, f);
		sbuf_adds(out, "</system-out>\n    </testcase>\n");
		return;
	}
	sbuf_adds(out, ">\n      <failure");
	add_attr(out, "type", sg_severity_name(f->severity));
	add_attr(out, "message", f->message);
	sbuf_addch(out, '>');
	add_details(out, r, f);
	sbuf_adds(out, "</failure>\n    </testcase>\n");
}

static void add_suite(sbuf *out, sg_strmap *names, const sg_report *r, const struct suite *s)
{
	size_t i;

	sbuf_adds(out, "  <testsuite");
	add_attr(out, "name", s->file);
	add_counts(out, s->nr ? s->nr : 1, s->failures);
	sbuf_adds(out, ">\n");
	if (!s->nr) {
		/* Only lint lists the files it checks. */
		open_testcase(out, names, "lint", s->file, s->file);
		sbuf_adds(out, "/>\n");
	}
	for (i = 0; i < s->nr; i++)
		add_finding(out, names, r, &r->findings[s->findings[i]]);
	sbuf_adds(out, "  </testsuite>\n");
}

/* Nothing listed and nothing found: one passing testcase for the whole run. */
static void add_run_suite(sbuf *out, const sg_report *r)
{
	sbuf_adds(out, "  <testsuite name=\"schemagate\"");
	add_counts(out, 1, 0);
	sbuf_adds(out, ">\n    <testcase classname=\"schemagate\" name=\"schemagate\">\n");
	sbuf_addf(out, "      <system-out>%zu file%s, %zu statement%s: no findings</system-out>\n",
		  r->files, r->files == 1 ? "" : "s", r->statements, r->statements == 1 ? "" : "s");
	sbuf_adds(out, "    </testcase>\n  </testsuite>\n");
}

void format_junit(sbuf *out, const sg_report *r, const sg_format_options *o)
{
	struct suites s = { NULL, 0, 0, SG_STRMAP_INIT };
	sg_strmap names = SG_STRMAP_INIT;
	size_t i, tests = 0, failures = 0;

	(void)o;
	collect_suites(&s, r);
	for (i = 0; i < s.nr; i++) {
		tests += s.items[i].nr ? s.items[i].nr : 1;
		failures += s.items[i].failures;
	}
	sbuf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"schemagate\"");
	add_counts(out, s.nr ? tests : 1, failures);
	sbuf_adds(out, ">\n");
	if (!s.nr)
		add_run_suite(out, r);
	for (i = 0; i < s.nr; i++)
		add_suite(out, &names, r, &s.items[i]);
	sbuf_adds(out, "</testsuites>\n");
	release_suites(&s);
	sg_strmap_clear(&names);
}
