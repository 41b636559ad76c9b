/*
 * add-column-not-null-without-default: ALTER TABLE ... ADD COLUMN ... NOT
 * NULL (or PRIMARY KEY) with no default, on an existing table.
 *
 * Every existing row gets NULL in the new column, so the statement fails
 * as soon as the table has one row, after waiting for ACCESS EXCLUSIVE.
 * If it does succeed (an empty table), the application version still
 * running does not know the column and its INSERTs start failing.
 * Serial, identity and generated columns are filled by the server and are
 * left to their own rules.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_null_constant(const sg_node *e)
{
	while (ast_is(e, "TypeCast"))
		e = ast_field(e, "arg");
	return ast_is(e, "A_Const") && ast_bool(e, "isnull");
}

/* serial is a parser shorthand, recognised only unqualified. */
static bool is_serial_type(const sg_node *type_name)
{
	static const char *const serials[] = { "serial",  "serial4", "bigserial",
					       "serial8", "smallserial", "serial2" };
	const sg_node *names = ast_list(type_name, "names");
	const char *name = ast_name_last(names);
	size_t i;

	if (!name || ast_len(names) != 1)
		return false;
	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcmp(name, serials[i]))
			return true;
	return false;
}

static bool in_primary_key(const sg_node *alter, const char *col)
{
	AST_EACH(cmd, ast_list(alter, "cmds")) {
		const sg_node *con = ast_field(cmd, "def");
		const char *t = ast_str(con, "contype");
		if (!ast_is(con, "Constraint") || !t || strcmp(t, "CONSTR_PRIMARY"))
			continue;
		AST_EACH(key, ast_list(con, "keys"))
			if (ast_sval(key) && !strcmp(ast_sval(key), col))
				return true;
	}
	return false;
}

/* NOT NULL with no value for the existing rows: NULL is not a value. */
static bool needs_value_for_old_rows(const sg_node *alter, const sg_node *coldef)
{
	bool not_null = in_primary_key(alter, ast_str(coldef, "colname"));

	if (is_serial_type(ast_field(coldef, "typeName")))
		return false;
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (!t)
			continue;
		if (!strcmp(t, "CONSTR_NOTNULL") || !strcmp(t, "CONSTR_PRIMARY"))
			not_null = true;
		else if (!strcmp(t, "CONSTR_IDENTITY") || !strcmp(t, "CONSTR_GENERATED"))
			return false;
		else if (!strcmp(t, "CONSTR_DEFAULT") && !is_null_constant(ast_field(c, "raw_expr")))
			return false;
	}
	return not_null;
}

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd,
			     const char *table)
{
	const sg_node *def = ast_field(cmd, "def");

	if (ast_str(def, "colname") && needs_value_for_old_rows(st->node, def))
		lint_report(ctx, st, cmd,
			    "adding NOT NULL column '%s' to '%s' without a default fails as soon as "
			    "the table has a row, and breaks the INSERTs of the application version "
			    "still running",
			    ast_str(def, "colname"), table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	const char *objtype = ast_str(st->node, "objtype");
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt") || !objtype || strcmp(objtype, "OBJECT_TABLE") ||
	    lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		if (t && !strcmp(t, "AT_AddColumn"))
			check_add_column(ctx, st, cmd, table);
	}
}

const sg_rule rule_add_column_not_null_without_default = {
	.id = "add-column-not-null-without-default",
	.severity = SG_ERROR_SEV,
	.summary = "adding a NOT NULL column without a default fails on a table with rows",
	.why = "The existing rows have no value for the new column, so ADD COLUMN ... NOT NULL (or "
	       "PRIMARY KEY) without a DEFAULT fails on any non-empty table after queueing for "
	       "ACCESS EXCLUSIVE. Where it succeeds, the application version still running does "
	       "not set the column and its INSERTs fail.",
	.help = "On PostgreSQL 11+ give it a constant default (`ADD COLUMN ... NOT NULL DEFAULT "
		"...`, a catalog-only change). Otherwise add it nullable, backfill in batches, "
		"then `ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE "
		"CONSTRAINT`, `SET NOT NULL` and drop the CHECK.",
	.bad = "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;",
	.good = "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;",
	.check = check,
};
