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
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

/* NOT NULL with no value for the existing rows: NULL is not a value. */
static bool needs_value_for_old_rows(const sg_node *alter, const sg_node *coldef)
{
	bool not_null = pg_in_primary_key(alter, ast_str(coldef, "colname"));

	if (pg_is_serial_type(ast_field(coldef, "typeName")))
		return false;
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (!t)
			continue;
		if (!strcmp(t, "CONSTR_NOTNULL") || !strcmp(t, "CONSTR_PRIMARY"))
			not_null = true;
		else if (!strcmp(t, "CONSTR_IDENTITY") || !strcmp(t, "CONSTR_GENERATED"))
			return false;
		else if (!strcmp(t, "CONSTR_DEFAULT") &&
			 !pg_is_null_const(ast_field(c, "raw_expr")))
			return false;
	}
	return not_null;
}

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			     void *data)
{
	const char *col = ast_str(alter->def, "colname");

	(void)data;
	if (col && needs_value_for_old_rows(st->node, alter->def))
		lint_report(ctx, st, alter->cmd,
			    "adding NOT NULL column '%s' to '%s' without a default fails as soon as "
			    "the table has a row, and breaks the INSERTs of the application version "
			    "still running",
			    col, alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AddColumn", check_add_column, NULL);
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
