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
/*
 * prefer-robust-stmts: a statement that fails when run a second time, in a
 * file that runs outside a transaction (#43).
 *
 * Outside a transaction every statement commits on its own. When a later
 * statement fails, the ones before it stay applied, and re-running the
 * migration stops at the first of them that is not idempotent ("already
 * exists", "does not exist"): someone has to repair the database by hand.
 * Only files known to run outside a transaction are judged (dbmate's
 * transaction:false, or a file holding CREATE INDEX CONCURRENTLY or another
 * statement that cannot run in one): most runners wrap a file in a
 * transaction, where a failure rolls everything back and a retry is clean.
 * The last statement is not reported: nothing after it can fail. What a
 * failed CREATE INDEX CONCURRENTLY leaves behind is
 * concurrent-index-if-not-exists's business.
 */
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

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
	else if (!strcmp(tag, "IndexStmt") && !ast_bool(s, "if_not_exists") &&
		 !ast_bool(s, "concurrent"))
		report_not_rerunnable(ctx, st, NULL, "CREATE INDEX", ast_str(s, "idxname"),
				      "IF NOT EXISTS");
	/* CREATE OR REPLACE TRIGGER exists since PostgreSQL 14. */
	else if (!strcmp(tag, "CreateTrigStmt") && !ast_bool(s, "replace") &&
		 lint_server_version(ctx) >= 140000)
		report_not_rerunnable(ctx, st, NULL, "CREATE TRIGGER", ast_str(s, "trigname"),
				      "OR REPLACE");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (lint_in_transaction(ctx) || !lint_file_outside_transaction(ctx) ||
	    lint_is_last_statement(ctx))
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
	.why = "In a file that runs outside a transaction each statement commits on its own. When "
	       "a later statement fails, the earlier ones stay applied and the retry stops at the "
	       "first one that is not idempotent, so someone has to repair the schema by hand.",
	.help = "Make each statement safe to run twice: IF NOT EXISTS on CREATE and ADD COLUMN, IF "
		"EXISTS on DROP, OR REPLACE on views and functions; or move the statements that "
		"can run in a transaction to a migration of their own that does.",
	.bad = "-- migrate:up transaction:false\n"
	       "ALTER TABLE users ADD COLUMN status text;\n"
	       "CREATE INDEX CONCURRENTLY users_status_idx ON users (status);",
	.good = "-- migrate:up transaction:false\n"
		"ALTER TABLE users ADD COLUMN IF NOT EXISTS status text;\n"
		"CREATE INDEX CONCURRENTLY users_status_idx ON users (status);",
	.check = check,
};
