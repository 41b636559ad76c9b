/*
 * checks/pg_raw.c reads PostgreSQL's parse tree into exactly the tree the
 * JSON reading gives: compared statement by statement on the rule cases,
 * the examples, the fuzz seeds and PostgreSQL's own regression suite.
 */
#include "tests/unit/helpers.h"
#include "migrate/source.h"
#include "tests/pg_raw_agree.h"

#include <dirent.h>

struct tally {
	size_t statements, unsupported, differ;
};

static void compare_sql(const char *sql, const char *where, struct tally *t)
{
	char why[512];

	t->statements++;
	switch (pg_raw_agree(sql, why, sizeof(why))) {
	case PG_RAW_FELL_BACK:
		t->unsupported++;
		print_message("unsupported: %s: %.200s\n", where, sql);
		break;
	case PG_RAW_DISAGREE:
		t->differ++;
		print_message("%s: %s\n  %.300s\n", where, why, sql);
		break;
	case PG_RAW_AGREE:
		break;
	}
}

/* Each statement of a file on its own, so that one error does not hide the rest. */
static void compare_file(const char *path, struct tally *t)
{
	pg_parse_error err = { 0 };
	pg_split_stmt *stmts = NULL;
	size_t nr = 0, i, len = 0;
	char *data = NULL;

	if (sg_read_file(path, SG_MAX_FILE_BYTES, &data, &len) < 0)
		fail_msg("cannot read %s", path);
	if (pg_split_sql(data, &stmts, &nr, &err) < 0) {
		compare_sql(data, path, t);
		pg_parse_error_release(&err);
	}
	for (i = 0; i < nr; i++) {
		char *sql = strndup(data + stmts[i].offset, stmts[i].len);

		compare_sql(sql, path, t);
		free(sql);
	}
	free(stmts);
	free(data);
}

static void compare_dir(const char *dir, struct tally *t)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), i;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		char path[4096];
		const char *name = names[i]->d_name;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (name[0] != '.' && names[i]->d_type == DT_DIR)
			compare_dir(path, t);
		else if (name[0] != '.')
			compare_file(path, t);
		free(names[i]);
	}
	free(names);
}

static void expect_agreement(const char *dir, size_t at_least)
{
	struct tally t = { 0 };

	compare_dir(dir, &t);
	print_message("%s: %zu statements, %zu unsupported, %zu differ\n", dir, t.statements,
		      t.unsupported, t.differ);
	assert_true(t.statements >= at_least);
	assert_int_equal(t.differ, 0);
	assert_int_equal(t.unsupported, 0);
}

static void rule_cases_agree(void **state)
{
	(void)state;
	expect_agreement("tests/rules_pg", 500);
}

static void examples_and_fuzz_seeds_agree(void **state)
{
	(void)state;
	expect_agreement("examples", 20);
	expect_agreement("tests/fuzz/corpus/lint", 10);
}

/* PostgreSQL's regression suite, fetched by tests/fixtures/pg-regress.sh. */
static void regression_suite_agrees(void **state)
{
	FILE *p = popen("sh tests/fixtures/pg-regress.sh 2>/dev/null", "r");
	char dir[1024] = "";

	(void)state;
	assert_non_null(p);
	assert_non_null(fgets(dir, sizeof(dir), p));
	pclose(p);
	dir[strcspn(dir, "\n")] = '\0';
	expect_agreement(dir, 10000);
}

/* Values and shapes that only some statements have. */
static void values_agree(void **state)
{
	static const char *const sql[] = {
		"SELECT 0, 1, -5, 1.5, 'x', '', NULL, true, false, B'101', X'1F', 2147483648",
		"VALUES (1, 'a'), (2, 'b')",
		"SELECT ARRAY[[1,2],[3,4]], '{}'::int[], $1, a[1:2] FROM t",
		"CREATE TABLE t (a int DEFAULT 0, b text COLLATE \"C\") PARTITION BY RANGE (a)",
		"CREATE TABLE p PARTITION OF t FOR VALUES FROM (MINVALUE) TO (10)",
		"ALTER TABLE t ALTER COLUMN a TYPE bigint USING a::bigint, ADD CONSTRAINT c CHECK (a > 0) NOT VALID",
		"GRANT SELECT ON ALL TABLES IN SCHEMA s TO PUBLIC",
		"SELECT * FROM t FOR UPDATE SKIP LOCKED",
		"SELECT count(*) FILTER (WHERE a) OVER (PARTITION BY b ORDER BY c ROWS 2 PRECEDING) FROM t",
		"WITH RECURSIVE r AS MATERIALIZED (SELECT 1) SELECT * FROM r",
		"", ";", "SELECT", "SELECT 1; SELECT 2;",
	};
	struct tally t = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		compare_sql(sql[i], "values_agree", &t);
	assert_int_equal(t.differ, 0);
	assert_int_equal(t.unsupported, 0);
}

/* Nested deeper than the readers follow: refused by both, with the same message. */
static void deep_nesting_is_refused_alike(void **state)
{
	size_t depth = 600, i;
	char *sql = malloc(depth * 4 + 16), *w = sql;
	pg_parse_error err = { 0 };
	sg_node *tree = NULL;
	struct tally t = { 0 };

	(void)state;
	w += sprintf(w, "SELECT ");
	for (i = 0; i < depth; i++)
		w += sprintf(w, "a+(");
	*w++ = '1';
	for (i = 0; i < depth; i++)
		*w++ = ')';
	*w = '\0';
	compare_sql(sql, "deep", &t);
	assert_int_equal(t.differ, 0);
	assert_int_equal(pg_raw_parse(sql, &tree, &err), -1);
	assert_null(tree);
	assert_string_equal(err.message, "the statement is nested too deeply to analyse");
	pg_parse_error_release(&err);
	free(sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_agree),
		cmocka_unit_test(deep_nesting_is_refused_alike),
		cmocka_unit_test(rule_cases_agree),
		cmocka_unit_test(examples_and_fuzz_seeds_agree),
		cmocka_unit_test(regression_suite_agrees),
	};
	return cmocka_run_group_tests_name("pg_raw", tests, NULL, NULL);
}
