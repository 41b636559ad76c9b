/* policies/: expectations, tokens, dates, versions, parameters. */
#include "tests/unit/helpers.h"
#include "policies/expect.h"
#include "policies/policy.h"
#include "policies/waiver.h"

#include <unistd.h>

static void tokens_cover_like_pgaudit(void **state)
{
	(void)state;
	assert_true(sg_tokens_cover("ddl, role", "ddl"));
	assert_true(sg_tokens_cover("DDL,ROLE", "role"));
	assert_false(sg_tokens_cover("ddl", "role"));
	assert_false(sg_tokens_cover("ddlx, roles", "role"));
	assert_true(sg_tokens_cover("all", "ddl"));
	assert_true(sg_tokens_cover("all, -misc", "ddl"));
	assert_false(sg_tokens_cover("all, -ddl", "ddl"));
	assert_false(sg_tokens_cover("", "ddl"));
	assert_true(sg_tokens_cover("CONNECT QUERY_DDL", "query_ddl"));
}

static void days_are_real_dates(void **state)
{
	(void)state;
	assert_int_equal(sg_parse_day("1970-01-01"), 0);
	assert_int_equal(sg_parse_day("2000-03-01") - sg_parse_day("2000-02-28"), 2);
	assert_int_equal(sg_parse_day("2100-03-01") - sg_parse_day("2100-02-28"), 1);
	assert_int_equal(sg_parse_day("2026-02-30"), -1);
	assert_int_equal(sg_parse_day("2025-02-29"), -1);
	assert_true(sg_parse_day("2024-02-29") > 0);
	assert_int_equal(sg_parse_day("2026-13-01"), -1);
	assert_int_equal(sg_parse_day("2026-1-01"), -1);
	assert_int_equal(sg_parse_day("2026-01-01x"), -1);
	assert_int_equal(sg_parse_day("tomorrow"), -1);
}

static void versions_follow_each_engine(void **state)
{
	(void)state;
	assert_int_equal(sg_policy_version("15", SG_ENGINE_PG, false), 150000);
	assert_int_equal(sg_policy_version("14.2", SG_ENGINE_PG, false), 140002);
	assert_int_equal(sg_policy_version("9.6", SG_ENGINE_PG, false), 90600);
	assert_true(sg_policy_version("15", SG_ENGINE_PG, true) >= 150020);
	assert_true(sg_policy_version("15", SG_ENGINE_PG, true) < 160000);
	assert_int_equal(sg_policy_version("8.0.16", SG_ENGINE_MYSQL, false), 80016);
	assert_int_equal(sg_policy_version("10.5", SG_ENGINE_MARIADB, false), 100500);
	assert_true(sg_policy_version("10.11", SG_ENGINE_MARIADB, true) >= 101119);
	assert_true(sg_policy_version("10.11", SG_ENGINE_MARIADB, true) < 110000);
}

static void ages_have_units(void **state)
{
	(void)state;
	assert_int_equal(sg_parse_age_seconds("26h"), 26 * 3600);
	assert_int_equal(sg_parse_age_seconds("8d"), 8 * 86400);
	assert_int_equal(sg_parse_age_seconds("90min"), 5400);
	assert_int_equal(sg_parse_age_seconds("3600"), 3600);
	assert_int_equal(sg_parse_age_seconds("1 w"), 604800);
	assert_int_equal(sg_parse_age_seconds("h"), -1);
	assert_int_equal(sg_parse_age_seconds("5 parsecs"), -1);
	assert_int_equal(sg_parse_age_seconds("-5h"), -1);
}

/* A one-check pack from text, for the judging tests. */
static void load_pack(sg_policy_packs *p, const char *yaml)
{
	char path[] = "/tmp/sg-test-policy-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	assert_int_equal(sg_packs_load(p, path, SG_ENGINE_PG), 0);
	assert_int_equal(sg_packs_validate(p), 0);
	unlink(path);
}

static sg_table *table_of(const char *name, const char *const *values, size_t n)
{
	sg_table *t = sg_table_new(n, 1);
	size_t i;

	t->names[0] = strdup(name);
	for (i = 0; i < n; i++)
		t->cells[i] = values[i] ? strdup(values[i]) : NULL;
	return t;
}

static enum sg_check_status judge(const char *expect, const char *const *values, size_t n, char **evidence)
{
	sg_policy_packs p = { 0 };
	sbuf y = SBUF_INIT;
	sg_check_result res = { 0 };
	sg_table *t = table_of("v", values, n);
	enum sg_check_status st;

	sbuf_addf(&y, "pack: t\nengine: postgres\nparams: {allowed: [a, b], classes: [ddl, role]}\n"
		      "checks:\n  - id: custom-t\n    area: custom\n    title: t\n    severity: error\n"
		      "    remediation: r\n    query: SELECT 1\n    expect: %s\n", expect);
	load_pack(&p, y.buf);
	sg_expect_judge(&p, &p.checks[0], t, NULL, &res);
	st = res.status;
	if (evidence)
		*evidence = res.evidence ? strdup(res.evidence) : NULL;
	sg_check_result_release(&res);
	sg_table_free(t);
	sg_packs_release(&p);
	sbuf_release(&y);
	return st;
}

static void expectations_judge_rows(void **state)
{
	const char *on[] = { "on" }, *one[] = { "1" }, *two[] = { "a", "c" }, *null[] = { NULL };
	const char *prefix[] = { "%m [%p] %u@%d %r " }, *pga[] = { "ddl, role, write" };
	char *ev = NULL;

	(void)state;
	assert_int_equal(judge("{equals: \"on\"}", on, 1, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{equals: \"ON\"}", one, 1, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{equals: \"off\"}", on, 1, &ev), SG_CHECK_FAIL);
	assert_non_null(strstr(ev, "v=on (expected off)"));
	free(ev);
	assert_int_equal(judge("{rows: 0}", two, 2, &ev), SG_CHECK_FAIL);
	assert_non_null(strstr(ev, "v=a; v=c"));
	free(ev);
	assert_int_equal(judge("{rows: 0}", two, 0, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{min_rows: 1}", two, 0, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{in: \"{{allowed}}\"}", two, 2, &ev), SG_CHECK_FAIL);
	assert_non_null(strstr(ev, "v=c (expected one of a, b)"));
	assert_null(strstr(ev, "v=a"));
	free(ev);
	assert_int_equal(judge("{not_in: [c]}", two, 2, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{not_empty: true}", null, 1, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{min: 1, max: 1}", one, 1, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{min: 2}", one, 1, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{max: 0}", on, 1, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{matches: [\"%u\", \"%d\", \"%[hr]\"]}", prefix, 1, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{matches: [\"%a\"]}", prefix, 1, NULL), SG_CHECK_FAIL);
	assert_int_equal(judge("{covers: \"{{classes}}\"}", pga, 1, NULL), SG_CHECK_PASS);
	assert_int_equal(judge("{covers: [read]}", pga, 1, NULL), SG_CHECK_FAIL);
	/* a value expectation with no row proves nothing */
	assert_int_equal(judge("{equals: \"on\"}", on, 0, NULL), SG_CHECK_UNVERIFIABLE);
	assert_int_equal(judge("{column: nope, equals: \"on\"}", on, 1, NULL), SG_CHECK_UNVERIFIABLE);
}

static void parameters_become_sql_literals(void **state)
{
	sg_policy_packs p = { 0 };
	char *sql = NULL;

	(void)state;
	load_pack(&p, "pack: t\nengine: postgres\nparams: {names: [\"o'brien\", 'a\\b'], none: []}\n"
		      "checks:\n  - id: custom-t\n    area: custom\n    title: t\n    severity: error\n"
		      "    remediation: r\n    query: SELECT ARRAY[{{names}}]::text[], ARRAY[{{none}}]::text[]\n"
		      "    expect: {rows: 0}\n");
	assert_int_equal(sg_packs_expand_sql(&p, &p.checks[0], false, &sql), 0);
	assert_string_equal(sql, "SELECT ARRAY['o''brien', 'a\\b']::text[], ARRAY[]::text[]");
	free(sql);
	assert_int_equal(sg_packs_expand_sql(&p, &p.checks[0], true, &sql), 0);
	assert_string_equal(sql, "SELECT ARRAY['o''brien', 'a\\\\b']::text[], ARRAY[]::text[]");
	free(sql);
	assert_int_equal(sg_packs_set_param(&p, "names", "x,y", "test"), 0);
	assert_int_equal(sg_packs_expand_sql(&p, &p.checks[0], false, &sql), 0);
	assert_string_equal(sql, "SELECT ARRAY['x', 'y']::text[], ARRAY[]::text[]");
	free(sql);
	assert_true(sg_packs_set_param(&p, "nobody", "x", "test") < 0);
	sg_packs_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_cover_like_pgaudit),
		cmocka_unit_test(days_are_real_dates),
		cmocka_unit_test(versions_follow_each_engine),
		cmocka_unit_test(ages_have_units),
		cmocka_unit_test(expectations_judge_rows),
		cmocka_unit_test(parameters_become_sql_literals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
