/*
 * prefer-robust-stmts: a statement that fails when run a second time, in a
 * file that does not run in a transaction (#43).
 *
 * Without a transaction every statement commits on its own. When a later
 * statement fails, the ones before it stay applied, and re-running the
 * migration stops at the first of them that is not idempotent ("already
 * exists", "does not exist"): someone has to repair the database by hand.
 * So only statements followed by others are reported, with one exception:
 * CREATE INDEX CONCURRENTLY is partial by itself, since a failed build
 * leaves an INVALID index behind under the name it was given. An index
 * dropped with DROP INDEX ... IF EXISTS earlier in the file is the robust
 * pattern (IF NOT EXISTS would keep a leftover INVALID index, see
 * concurrent-index-if-not-exists).
 */
#include "checks/pg_lex.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Nothing but comments and semicolons follows the statement in its file. */
static bool is_last_statement(const sg_stmt *st)
{
	size_t len = strlen(st->text), i = st->end - st->base;

	for (;;) {
		i = pg_lex_skip_trivia(st->text, len, i);
		if (i >= len)
			return true;
		if (st->text[i] != ';')
			return false;
		i++;
	}
}

/* Skips trivia from *i; the next token is [*i, *e). False at the end. */
static bool next_token(const char *s, size_t len, size_t *i, size_t *e)
{
	*i = pg_lex_skip_trivia(s, len, *i);
	return *i < len && pg_lex_token(s, len, *i, e) != PG_TOK_END;
}

static bool is_word(const char *s, size_t i, size_t e, const char *word)
{
	return e - i == strlen(word) && !strncasecmp(s + i, word, e - i);
}

/* The identifier [i, e), quoted or not, is `name` as the parser keeps it. */
static bool is_name(const char *s, size_t i, size_t e, const char *name)
{
	if (s[i] == '"')
		return e - i == strlen(name) + 2 && !strncmp(s + i + 1, name, e - i - 2);
	return is_word(s, i, e, name);
}

/* Consumes the keyword `word` at *i, if it is there. */
static bool take_word(const char *s, size_t len, size_t *i, const char *word)
{
	size_t e;

	if (!next_token(s, len, i, &e) || !is_word(s, *i, e, word))
		return false;
	*i = e;
	return true;
}

/* After DROP at *i: INDEX [CONCURRENTLY] IF EXISTS ..., naming `name` before the ';'. */
static bool drops_index_if_exists(const char *s, size_t len, size_t i, const char *name)
{
	size_t e;

	if (!take_word(s, len, &i, "index"))
		return false;
	take_word(s, len, &i, "concurrently");
	if (!take_word(s, len, &i, "if") || !take_word(s, len, &i, "exists"))
		return false;
	for (; next_token(s, len, &i, &e) && s[i] != ';'; i = e)
		if (is_name(s, i, e, name) && s[pg_lex_skip_trivia(s, len, e)] != '.')
			return true;
	return false;
}

/* DROP INDEX ... IF EXISTS name earlier in the file: a leftover is removed first. */
static bool dropped_earlier(const sg_stmt *st, const char *name)
{
	const char *s = st->text;
	size_t len = st->start - st->base, i = 0, e;

	for (; next_token(s, len, &i, &e); i = e)
		if (is_word(s, i, e, "drop") && drops_index_if_exists(s, len, e, name))
			return true;
	return false;
}

static void check_index(sg_lint_ctx *ctx, const sg_stmt *st, bool last)
{
	const char *name = ast_str(st->node, "idxname");
	char table[256];

	if (ast_bool(st->node, "if_not_exists") || (name && dropped_earlier(st, name)))
		return;
	lint_relname(ast_field(st->node, "relation"), table, sizeof(table));
	if (ast_bool(st->node, "concurrent") && name)
		lint_report(ctx, st, NULL,
			    "if CREATE INDEX CONCURRENTLY '%s' on '%s' fails, it leaves an INVALID "
			    "index behind and re-running the migration fails with \"already "
			    "exists\"",
			    name, table);
	else if (ast_bool(st->node, "concurrent"))
		lint_report(ctx, st, NULL,
			    "if this unnamed CREATE INDEX CONCURRENTLY on '%s' fails, it leaves an "
			    "INVALID index behind and re-running the migration builds a second one",
			    table);
	else if (!last)
		lint_report(ctx, st, NULL,
			    "CREATE INDEX %s%s%son '%s' cannot be re-run: if a later statement "
			    "fails, running the migration again %s",
			    name ? "'" : "", name ? name : "", name ? "' " : "", table,
			    name ? "stops here" : "builds a duplicate index");
}

static void report_not_rerunnable(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at,
				  const char *what, const char *name, const char *guard)
{
	lint_report(ctx, st, at,
		    "%s%s%s%s without %s cannot be re-run: if a later statement fails, running the "
		    "migration again stops here",
		    what, name ? " '" : "", name ? name : "", name ? "'" : "", guard);
}

static void check_alter_table(sg_lint_ctx *ctx, const sg_stmt *st)
{
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		if (!t || ast_bool(cmd, "missing_ok"))
			continue;
		if (!strcmp(t, "AT_AddColumn"))
			report_not_rerunnable(ctx, st, cmd, "ADD COLUMN",
					      ast_str(ast_field(cmd, "def"), "colname"),
					      "IF NOT EXISTS");
		else if (!strcmp(t, "AT_DropColumn"))
			report_not_rerunnable(ctx, st, cmd, "DROP COLUMN", ast_str(cmd, "name"),
					      "IF EXISTS");
		else if (!strcmp(t, "AT_DropConstraint"))
			report_not_rerunnable(ctx, st, cmd, "DROP CONSTRAINT", ast_str(cmd, "name"),
					      "IF EXISTS");
	}
}

/* The name of the first object of a DROP, whatever form it is written in. */
static const char *dropped_name(const sg_node *stmt)
{
	const sg_node *o = ast_first(ast_list(stmt, "objects"));

	if (ast_is(o, "List"))
		return ast_name_last(ast_list(o, "items"));
	if (ast_is(o, "ObjectWithArgs"))
		return ast_name_last(ast_list(o, "objname"));
	if (ast_is(o, "TypeName"))
		return ast_name_last(ast_list(o, "names"));
	return ast_sval(o);
}

static void check_drop(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "removeType");
	char what[64];
	size_t i;

	if (ast_bool(st->node, "missing_ok") || !type || strncmp(type, "OBJECT_", 7))
		return;
	/* "OBJECT_FOREIGN_TABLE" -> "DROP FOREIGN TABLE" */
	snprintf(what, sizeof(what), "DROP %s", type + 7);
	for (i = 5; what[i]; i++)
		if (what[i] == '_')
			what[i] = ' ';
	report_not_rerunnable(ctx, st, NULL, what, dropped_name(st->node), "IF EXISTS");
}

static const char *rangevar_name(const sg_node *rv, char *buf, size_t size)
{
	return rv ? lint_relname(rv, buf, size) : NULL;
}

static const char *ctas_what(const sg_node *s)
{
	const char *objtype = ast_str(s, "objtype");

	return objtype && !strcmp(objtype, "OBJECT_MATVIEW") ? "CREATE MATERIALIZED VIEW"
							     : "CREATE TABLE AS";
}

/* CREATE statements that have an IF NOT EXISTS or OR REPLACE form. */
static void check_create(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *s = st->node;
	const char *tag = st->tag;
	char buf[256];

	if (!strcmp(tag, "CreateStmt") && !ast_bool(s, "if_not_exists"))
		report_not_rerunnable(ctx, st, NULL, "CREATE TABLE",
				      rangevar_name(ast_field(s, "relation"), buf, sizeof(buf)),
				      "IF NOT EXISTS");
	else if (!strcmp(tag, "CreateTableAsStmt") && !ast_bool(s, "if_not_exists"))
		report_not_rerunnable(ctx, st, NULL, ctas_what(s),
				      rangevar_name(ast_field(ast_field(s, "into"), "rel"), buf,
						    sizeof(buf)),
				      "IF NOT EXISTS");
	else if (!strcmp(tag, "CreateSeqStmt") && !ast_bool(s, "if_not_exists"))
		report_not_rerunnable(ctx, st, NULL, "CREATE SEQUENCE",
				      rangevar_name(ast_field(s, "sequence"), buf, sizeof(buf)),
				      "IF NOT EXISTS");
	else if (!strcmp(tag, "CreateSchemaStmt") && !ast_bool(s, "if_not_exists"))
		report_not_rerunnable(ctx, st, NULL, "CREATE SCHEMA", ast_str(s, "schemaname"),
				      "IF NOT EXISTS");
	else if (!strcmp(tag, "CreateExtensionStmt") && !ast_bool(s, "if_not_exists"))
		report_not_rerunnable(ctx, st, NULL, "CREATE EXTENSION", ast_str(s, "extname"),
				      "IF NOT EXISTS");
	else if (!strcmp(tag, "ViewStmt") && !ast_bool(s, "replace"))
		report_not_rerunnable(ctx, st, NULL, "CREATE VIEW",
				      rangevar_name(ast_field(s, "view"), buf, sizeof(buf)),
				      "OR REPLACE");
	else if (!strcmp(tag, "CreateFunctionStmt") && !ast_bool(s, "replace"))
		report_not_rerunnable(ctx, st, NULL,
				      ast_bool(s, "is_procedure") ? "CREATE PROCEDURE"
								  : "CREATE FUNCTION",
				      ast_name_last(ast_list(s, "funcname")), "OR REPLACE");
	/* CREATE OR REPLACE TRIGGER exists since PostgreSQL 14. */
	else if (!strcmp(tag, "CreateTrigStmt") && !ast_bool(s, "replace") &&
		 lint_server_version(ctx) >= 140000)
		report_not_rerunnable(ctx, st, NULL, "CREATE TRIGGER", ast_str(s, "trigname"),
				      "OR REPLACE");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	bool last;

	if (lint_in_transaction(ctx))
		return;
	last = is_last_statement(st);
	if (!strcmp(st->tag, "IndexStmt")) {
		check_index(ctx, st, last);
		return;
	}
	if (last)
		return;
	if (!strcmp(st->tag, "AlterTableStmt"))
		check_alter_table(ctx, st);
	else if (!strcmp(st->tag, "DropStmt"))
		check_drop(ctx, st);
	else if (!strcmp(st->tag, "AlterEnumStmt") && !ast_str(st->node, "oldVal") &&
		 !ast_bool(st->node, "skipIfNewValExists"))
		report_not_rerunnable(ctx, st, NULL, "ALTER TYPE ... ADD VALUE",
				      ast_str(st->node, "newVal"), "IF NOT EXISTS");
	else
		check_create(ctx, st);
}

const sg_rule rule_prefer_robust_stmts = {
	.id = "prefer-robust-stmts",
	.severity = SG_WARNING,
	.summary = "a statement outside a transaction cannot be re-run after a partial failure",
	.why = "Outside a transaction each statement commits on its own. When a later statement "
	       "fails, the earlier ones stay applied and the retry stops at the first one that is "
	       "not idempotent. A failed CREATE INDEX CONCURRENTLY is partial by itself: it leaves "
	       "an INVALID index under its name.",
	.help = "Make each statement safe to run twice: IF NOT EXISTS on CREATE and ADD COLUMN, IF "
		"EXISTS on DROP, OR REPLACE on views and functions. For a named CREATE INDEX "
		"CONCURRENTLY, drop what a failed build left first: `DROP INDEX CONCURRENTLY IF "
		"EXISTS users_email_idx;` then `CREATE INDEX CONCURRENTLY users_email_idx ...`.",
	.bad = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
	.good = "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n"
		"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
	.check = check,
};
