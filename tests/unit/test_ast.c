/* checks/pg_ast.c: reading libpg_query's JSON into nodes. */
#include "tests/unit/helpers.h"
#include "checks/pg_ast.h"

#include <string.h>

static void strings_are_decoded(void **state)
{
	sg_node *t = ast_parse_json("{\"A\":{\"s\":\"q\\\"b\\\\s\\/ \\n\\t\\u00e9\\ud83d\\ude00\"}}");

	(void)state;
	assert_non_null(t);
	assert_string_equal(ast_str(t, "s"), "q\"b\\s/ \n\t\xc3\xa9\xf0\x9f\x98\x80");
	ast_free(t);
}

static void malformed_documents_are_refused(void **state)
{
	static const char *bad[] = {
		"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "\"\\x\"", "\"\\ud800\"",
		"\"\\udc00\"", "\"unterminated", "{\"a\":1} x", "tru", "-", "{1:2}", "\"\x01\"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		sg_node *t = ast_parse_json(bad[i]);
		if (t)
			fail_msg("accepted: %s", bad[i]);
	}
}

static void numbers_saturate_to_int(void **state)
{
	sg_node *t = ast_parse_json(
		"{\"a\":-12,\"b\":99999999999,\"c\":-99999999999,\"d\":1.5e2,\"e\":\"7\"}");

	(void)state;
	assert_non_null(t);
	assert_int_equal(ast_int(t, "a", 0), -12);
	assert_int_equal(ast_int(t, "b", 0), 2147483647);
	assert_int_equal(ast_int(t, "c", 0), -2147483647 - 1);
	assert_int_equal(ast_int(t, "d", 0), 150);
	assert_int_equal(ast_int(t, "e", 0), 0);
	ast_free(t);
}

static void wrapped_nodes_are_seen_through(void **state)
{
	sg_node *t = ast_parse_json("{\"stmts\":[{\"RawStmt\":{\"stmt\":{\"DropStmt\":"
				    "{\"missing_ok\":true,\"location\":4}}}},{\"lower\":{}}]}");
	const sg_node *raw, *stmt;

	(void)state;
	assert_non_null(t);
	assert_null(ast_tag(t));
	raw = ast_first(ast_list(t, "stmts"));
	assert_string_equal(ast_tag(raw), "RawStmt");
	stmt = ast_field(raw, "stmt");
	assert_true(ast_is(stmt, "DropStmt"));
	assert_true(ast_bool(stmt, "missing_ok"));
	assert_int_equal(ast_location(stmt), 4);
	assert_int_equal(ast_min_location(t), 4);
	assert_null(ast_tag(ast_next(raw)));
	assert_int_equal(ast_len(ast_list(t, "stmts")), 2);
	assert_ptr_equal(ast_find(t, "DropStmt"), stmt);
	ast_free(t);
}

static char *nested_arrays(size_t depth)
{
	char *s = malloc(2 * depth + 1);
	size_t i;

	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[2 * depth - 1 - i] = ']';
	}
	s[2 * depth] = '\0';
	return s;
}

static void nesting_is_bounded(void **state)
{
	char *shallow = nested_arrays(500), *deep = nested_arrays(5000);
	sg_node *t = ast_parse_json(shallow);

	(void)state;
	assert_non_null(t);
	ast_free(t);
	assert_null(ast_parse_json(deep));
	free(shallow);
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_are_decoded),
		cmocka_unit_test(malformed_documents_are_refused),
		cmocka_unit_test(numbers_saturate_to_int),
		cmocka_unit_test(wrapped_nodes_are_seen_through),
		cmocka_unit_test(nesting_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
