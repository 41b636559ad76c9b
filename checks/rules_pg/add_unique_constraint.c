/*
 * add-unique-constraint: ADD CONSTRAINT ... UNIQUE (without USING INDEX)
 * or ADD COLUMN ... UNIQUE on an existing table.
 *
 * The unique index is built inside the ALTER TABLE, which holds ACCESS
 * EXCLUSIVE on the table for the whole build: every read and write waits.
 * The build fails, after all that waiting, if duplicates exist. The online
 * form builds the index with CREATE UNIQUE INDEX CONCURRENTLY and then
 * attaches it with ADD CONSTRAINT ... UNIQUE USING INDEX, a catalog change.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_unique(const sg_node *con)
{
	const char *t = ast_str(con, "contype");

	return t && !strcmp(t, "CONSTR_UNIQUE");
}

static bool builds_index(const sg_node *con)
{
	return is_unique(con) && !ast_str(con, "indexname");
}

static bool column_is_unique(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (is_unique(c))
			return true;
	return false;
}

static void check_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd, const char *table)
{
	const char *t = ast_str(cmd, "subtype");
	const sg_node *def = ast_field(cmd, "def");
	const char *name;

	if (!t)
		return;
	if (!strcmp(t, "AT_AddConstraint") && builds_index(def)) {
		name = ast_str(def, "conname");
		lint_report(ctx, st, cmd,
			    "adding UNIQUE constraint '%s' to '%s' builds its index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build, and fails if "
			    "duplicates exist",
			    name ? name : "(unnamed)", table);
	} else if (!strcmp(t, "AT_AddColumn") && column_is_unique(def)) {
		name = ast_str(def, "colname");
		lint_report(ctx, st, cmd,
			    "adding UNIQUE column '%s' to '%s' builds a unique index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build",
			    name ? name : "?", table);
	}
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	rel = ast_field(st->node, "relation");
	if (lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds"))
		check_cmd(ctx, st, cmd, table);
}

const sg_rule rule_add_unique_constraint = {
	.id = "add-unique-constraint",
	.severity = SG_ERROR_SEV,
	.summary = "adding a unique constraint builds its index under access exclusive",
	.why = "ALTER TABLE ... ADD UNIQUE (and ADD COLUMN ... UNIQUE) builds the unique index "
	       "while holding ACCESS EXCLUSIVE on the table, so every SELECT, INSERT, UPDATE and "
	       "DELETE waits for the whole build; if existing rows hold duplicates the build "
	       "fails at the end and all that waiting was for nothing.",
	.help = "Build the index online, outside a transaction: CREATE UNIQUE INDEX CONCURRENTLY "
		"users_email_key ON users (email); check that it is valid (pg_index.indisvalid), "
		"then attach it in a brief catalog change: ALTER TABLE users ADD CONSTRAINT "
		"users_email_key UNIQUE USING INDEX users_email_key. For a new column: add it "
		"without UNIQUE first.",
	.bad = "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
	.good = "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
		"-- in a later migration:\n"
		"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	.check = check,
};
