/* The report formats show what a dry-run observed; gate/json_out.c numbers and booleans. */
#include "tests/unit/helpers.h"
#include "core/xalloc.h"
#include "gate/format.h"
#include "gate/json_out.h"

#include <math.h>

#define SUMMARY "ACCESS EXCLUSIVE on public.users (reads and writes blocked), " \
		"ROW EXCLUSIVE on public.audit; rewrote public.users; scanned public.users; 12.5 ms"

static sg_finding *add_finding(sg_report *r, const char *rule, const char *file, int line,
			       const char *message, const char *help)
{
	sg_finding *f = sg_report_add(r);

	f->rule = xstrdup(rule);
	f->severity = SG_ERROR_SEV;
	f->source = SG_SRC_DRYRUN;
	f->file = xstrdup(file);
	f->line = f->end_line = line;
	f->column = 1;
	f->end_column = 10;
	f->message = xstrdup(message);
	f->help = help ? xstrdup(help) : NULL;
	sg_report_describe_rule(r, rule, "summary", "description", "help", SG_ERROR_SEV);
	return f;
}

/*
 * Three findings: one backed by a plain observation, one lint finding with
 * none, and one backed by a failed statement full of characters that each
 * format has to escape.
 */
static void build(sg_report *r, bool dryrun)
{
	sg_observation *o;
	sg_obs_lock *l;
	size_t first, second;

	o = sg_report_add_observation(r, &first);
	o->file = xstrdup("db/001.sql");
	o->line = 3;
	o->statement = xstrdup("ALTER TABLE users ADD c int DEFAULT random()");
	o->status = SG_OBS_RAN;
	o->duration_ms = 12.5;
	l = sg_observation_add_lock(o, "public.users", "ACCESS EXCLUSIVE");
	l->reads_blocked = l->writes_blocked = 1;
	sg_observation_add_lock(o, "public.audit", "ROW EXCLUSIVE");
	sg_observation_add_rewritten(o, "public.users");
	sg_observation_add_event(o, "scanned %s", "public.users");

	o = sg_report_add_observation(r, &second);
	o->file = xstrdup("db/002.sql");
	o->line = 1;
	o->statement = xstrdup("UPDATE t SET a = '|`<b>&{0}' WHERE x");
	o->status = SG_OBS_FAILED;
	o->duration_ms = 0.3;
	o->note = xstrdup("50% <done>\nnext");

	add_finding(r, "table-rewrite", "db/001.sql", 3, "rewrites users", "add it without a default")
		->observation = first;
	add_finding(r, "require-lock-timeout", "db/001.sql", 5, "no lock_timeout", NULL);
	add_finding(r, "statement-failed", "db/002.sql", 1, "the statement failed", NULL)
		->observation = second;
	r->files = 2;
	r->statements = 3;
	if (dryrun) {
		r->dryrun_database = xstrdup("postgresql://app:***@db/x|y");
		r->dryrun_start_seconds = 1.5;
	}
}

static char *render(sg_format_fn fn, bool dryrun)
{
	sg_report r = SG_REPORT_INIT;
	sg_format_options o = { 0 };
	sbuf out = SBUF_INIT;

	build(&r, dryrun);
	fn(&out, &r, &o);
	sg_report_release(&r);
	return sbuf_detach(&out);
}

static void has(const char *out, const char *want)
{
	if (!strstr(out, want))
		fprintf(stderr, "missing <%s> in:\n%s\n", want, out), fail();
}

static void lacks(const char *out, const char *unwanted)
{
	if (strstr(out, unwanted))
		fprintf(stderr, "unexpected <%s> in:\n%s\n", unwanted, out), fail();
}

static size_t count(const char *out, const char *needle)
{
	size_t n = 0;

	for (out = strstr(out, needle); out; out = strstr(out + 1, needle))
		n++;
	return n;
}

/* The line of `out` that contains `needle` (owned by the caller). */
static char *line_with(const char *out, const char *needle)
{
	const char *at = strstr(out, needle), *start, *end;

	if (!at)
		fail_msg("missing <%s> in:\n%s", needle, out);
	for (start = at; start > out && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	return xstrndup(start, end ? (size_t)(end - start) : strlen(start));
}

static void sarif(void **state)
{
	char *out = render(format_sarif, true);

	(void)state;
	has(out, "\"text\": \"rewrites users\"\n");
	has(out, "\"observed\": {\n"
		 "              \"statement\": \"ALTER TABLE users ADD c int DEFAULT random()\",\n"
		 "              \"status\": \"ran\",\n"
		 "              \"duration_ms\": 12.5,\n");
	has(out, "\"relation\": \"public.users\",\n"
		 "                  \"mode\": \"ACCESS EXCLUSIVE\",\n"
		 "                  \"reads_blocked\": true,\n"
		 "                  \"writes_blocked\": true\n");
	/* Not probed: no answer rather than a guess. */
	has(out, "\"mode\": \"ROW EXCLUSIVE\"\n");
	has(out, "\"rewritten\": [\n                \"public.users\"\n              ]");
	has(out, "\"events\": [\n                \"scanned public.users\"\n              ]");
	has(out, "\"observedSummary\": \"" SUMMARY "\"");
	/* Property bags are not message strings: braces stay single. */
	has(out, "\"statement\": \"UPDATE t SET a = '|`<b>&{0}' WHERE x\"");
	has(out, "\"status\": \"failed\"");
	has(out, "\"duration_ms\": 0.3");
	has(out, "\"events\": []");
	has(out, "\"note\": \"50% <done>\\nnext\"");
	assert_int_equal(count(out, "\"observed\":"), 2);
	assert_int_equal(count(out, "\"observedSummary\":"), 2);
	assert_int_equal(count(out, "\"source\": \"dry-run\""), 3);
	free(out);
}

static void github(void **state)
{
	char *out = render(format_github, false), *line;

	(void)state;
	line = line_with(out, "rewrites users");
	has(line, "::rewrites users%0A%0Aadd it without a default%0A%0AObserved: " SUMMARY);
	free(line);
	line = line_with(out, "no lock_timeout");
	lacks(line, "Observed");
	free(line);
	line = line_with(out, "the statement failed");
	has(line, "::the statement failed%0A%0AObserved: failed: 50%25 <done>%0Anext; 0.3 ms");
	free(line);
	free(out);
}

static void gitlab(void **state)
{
	char *out = render(format_gitlab, false), *line;

	(void)state;
	line = line_with(out, "rewrites users");
	has(line, "\"content\":{\"body\":\"add it without a default\\n\\nObserved: " SUMMARY "\"}");
	free(line);
	line = line_with(out, "no lock_timeout");
	lacks(line, "content");
	free(line);
	line = line_with(out, "the statement failed");
	has(line, "\"content\":{\"body\":\"Observed: failed: 50% <done>\\nnext; 0.3 ms\"}");
	free(line);
	free(out);
}

static void junit(void **state)
{
	char *out = render(format_junit, false);

	(void)state;
	has(out, "rewrites users [table-rewrite]\nhelp: add it without a default\nObserved: " SUMMARY
		 "</failure>");
	has(out, "no lock_timeout [require-lock-timeout]</failure>");
	has(out, "the statement failed [statement-failed]\n"
		 "Observed: failed: 50% &lt;done&gt;\nnext; 0.3 ms</failure>");
	assert_int_equal(count(out, "Observed: "), 2);
	free(out);
}

static void markdown(void **state)
{
	char *out = render(format_markdown, true), *line;

	(void)state;
	line = line_with(out, "rewrites users<br>");
	has(line, "rewrites users<br>help: add it without a default<br>Observed: " SUMMARY);
	free(line);
	line = line_with(out, "no lock\\_timeout\n");
	lacks(line, "Observed");
	free(line);
	line = line_with(out, "the statement failed<br>");
	has(line, "<br>Observed: failed: 50% &lt;done&gt;<br>next; 0.3 ms");
	free(line);
	has(out, "\n### Dry-run\n\nDatabase: postgresql://app:\\*\\*\\*@db/x\\|y (started in 1.5 s)\n\n"
		 "| where | statement | locks | rewrite | blocked | ms | status |\n"
		 "|---|---|---|---|---|--:|---|\n"
		 "| db/001.sql:3 | `ALTER TABLE users ADD c int DEFAULT random()` | "
		 "public.users ACCESS EXCLUSIVE, public.audit ROW EXCLUSIVE | public.users | "
		 "reads, writes | 12.5 | ran |\n"
		 "| db/002.sql:1 | ``UPDATE t SET a = '\\|`<b>&{0}' WHERE x`` | none | no | no | "
		 "0.3 | failed: 50% &lt;done&gt;<br>next |\n");
	/* The table comes before the rules. */
	assert_true(strstr(out, "### Dry-run") < strstr(out, "### Rules"));
	free(out);

	out = render(format_markdown, false);
	lacks(out, "### Dry-run");
	has(out, "<br>Observed: ");
	free(out);
}

static void markdown_dryrun_without_statements(void **state)
{
	sg_report r = SG_REPORT_INIT;
	sg_format_options o = { 0 };
	sbuf out = SBUF_INIT;

	(void)state;
	r.dryrun_database = xstrdup("auto");
	r.dryrun_start_seconds = -1;
	format_markdown(&out, &r, &o);
	has(out.buf, "\n### Dry-run\n\nDatabase: auto; no statement was run.\n");
	sbuf_release(&out);
	sg_report_release(&r);
}

static void json_numbers(void **state)
{
	sbuf out = SBUF_INIT;
	sg_json j;

	(void)state;
	sg_json_init(&j, &out, 0);
	sg_json_open_array(&j);
	sg_json_double(&j, 12.5);
	sg_json_double(&j, 0.1);
	sg_json_double(&j, 1.0 / 3);
	sg_json_double(&j, -2);
	sg_json_double(&j, NAN);
	sg_json_double(&j, INFINITY);
	sg_json_bool(&j, true);
	sg_json_bool(&j, false);
	sg_json_open_object(&j);
	sg_json_key_double(&j, "ms", 1e21);
	sg_json_key_bool(&j, "ok", true);
	sg_json_close_object(&j);
	sg_json_close_array(&j);
	assert_string_equal(out.buf, "[12.5,0.1,0.33333333333333331,-2,null,null,true,false,"
				     "{\"ms\":1e+21,\"ok\":true}]");
	sbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sarif),
		cmocka_unit_test(github),
		cmocka_unit_test(gitlab),
		cmocka_unit_test(junit),
		cmocka_unit_test(markdown),
		cmocka_unit_test(markdown_dryrun_without_statements),
		cmocka_unit_test(json_numbers),
	};
	return cmocka_run_group_tests_name("format_observed", tests, NULL, NULL);
}
