/* checks/pg_lex.c: quoting, comments, meta-commands and clause ends. */
#include "tests/unit/helpers.h"
#include "checks/pg_lex.h"

struct seen {
	int comments, metas;
	size_t first_comment, first_meta;
};

static void on_comment(enum pg_tok k, size_t off, size_t len, void *data)
{
	struct seen *s = data;
	(void)k, (void)len;
	if (s->comments++ == 0)
		s->first_comment = off;
}

static void on_meta(enum pg_tok k, size_t off, size_t len, void *data)
{
	struct seen *s = data;
	(void)k, (void)len;
	if (s->metas++ == 0)
		s->first_meta = off;
}

static struct seen scan(const char *sql)
{
	struct seen s = { 0, 0, 0, 0 };
	pg_lex_scan_comments(sql, strlen(sql), on_comment, on_meta, &s);
	return s;
}

static void comments_inside_quotes_are_not_comments(void **state)
{
	(void)state;
	assert_int_equal(scan("SELECT '-- no';").comments, 0);
	assert_int_equal(scan("SELECT \"a--b\";").comments, 0);
	assert_int_equal(scan("SELECT $$ -- no $$;").comments, 0);
	assert_int_equal(scan("SELECT $tag$ $$ -- no $tag$;").comments, 0);
	assert_int_equal(scan("SELECT E'\\' -- no';").comments, 0);
	assert_int_equal(scan("/* a /* nested */ -- no */ SELECT 1;").comments, 0);
	assert_int_equal(scan("SELECT 1; -- yes").comments, 1);
	assert_int_equal(scan("SELECT 'it''s'; -- yes").first_comment, 16);
}

static void dollar_quotes_need_a_boundary(void **state)
{
	(void)state;
	/* foo$bar$ is an identifier, not the start of a dollar quote */
	assert_int_equal(scan("SELECT foo$bar$ -- yes\n").comments, 1);
	assert_int_equal(scan("SELECT $1 -- yes\n").comments, 1);
	assert_int_equal(pg_lex_dollar_tag("$a$", 3), 3);
	assert_int_equal(pg_lex_dollar_tag("$$", 2), 2);
	assert_int_equal(pg_lex_dollar_tag("$1$", 3), 0);
}

static void meta_commands_only_outside_quotes(void **state)
{
	struct seen s;

	(void)state;
	s = scan("SELECT 1;\n\\set x 1\nSELECT '\\not';\n");
	assert_int_equal(s.metas, 1);
	assert_int_equal(s.first_meta, 10);
	assert_int_equal(scan("SELECT $$ \\x $$;").metas, 0);
}

static void unterminated_tokens_run_to_the_end(void **state)
{
	size_t end;
	const char *s = "'never closed";

	(void)state;
	assert_int_equal(pg_lex_token(s, strlen(s), 0, &end), PG_TOK_STRING);
	assert_int_equal(end, strlen(s));
	s = "$a$ body";
	assert_int_equal(pg_lex_token(s, strlen(s), 0, &end), PG_TOK_STRING);
	assert_int_equal(end, strlen(s));
	s = "/* open";
	assert_int_equal(pg_lex_token(s, strlen(s), 0, &end), PG_TOK_BLOCK_COMMENT);
	assert_int_equal(end, strlen(s));
}

static void clause_end_stops_at_depth_zero(void **state)
{
	const char *s = "DROP COLUMN a, ADD CONSTRAINT c CHECK (f(a, b) > 0), x";

	(void)state;
	assert_int_equal(pg_lex_clause_end(s, 0, strlen(s)), 13);
	assert_int_equal(pg_lex_clause_end(s, 15, strlen(s)), 51);
	s = "a int DEFAULT ARRAY[1,2] -- c\n  ";
	assert_int_equal(pg_lex_clause_end(s, 0, strlen(s)), 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(comments_inside_quotes_are_not_comments),
		cmocka_unit_test(dollar_quotes_need_a_boundary),
		cmocka_unit_test(meta_commands_only_outside_quotes),
		cmocka_unit_test(unterminated_tokens_run_to_the_end),
		cmocka_unit_test(clause_end_stops_at_depth_zero),
	};
	return cmocka_run_group_tests_name("lex", tests, NULL, NULL);
}
