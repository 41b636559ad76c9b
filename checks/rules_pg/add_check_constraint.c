/*
 * add-check-constraint: a validated CHECK constraint added to an existing
 * table, by ADD CONSTRAINT ... CHECK or by ADD COLUMN ... CHECK.
 *
 * ALTER TABLE takes ACCESS EXCLUSIVE on the table and, to validate the new
 * constraint, reads every row before it commits: reads and writes wait for
 * the whole scan, and the statement fails if one row violates it. Adding a
 * column with a CHECK scans too, even though the new column is NULL or its
 * default in every row. NOT VALID skips the scan (existing rows are checked
 * later by VALIDATE CONSTRAINT, which takes only SHARE UPDATE EXCLUSIVE).
 */
#include "checks/rule.h"

#include <string.h>

static bool is_validated_check(const sg_node *con)
{
	const char *t = ast_str(con, "contype");

	return t && !strcmp(t, "CONSTR_CHECK") && !ast_bool(con, "skip_validation");
}

static bool column_has_check(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (is_validated_check(c))
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
	if (!strcmp(t, "AT_AddConstraint") && is_validated_check(def)) {
		name = ast_str(def, "conname");
		lint_report(ctx, st, cmd,
			    "adding CHECK constraint '%s' to '%s' takes ACCESS EXCLUSIVE and scans "
			    "every row to validate it, blocking reads and writes until it finishes",
			    name ? name : "(unnamed)", table);
	} else if (!strcmp(t, "AT_AddColumn") && column_has_check(def)) {
		name = ast_str(def, "colname");
		lint_report(ctx, st, cmd,
			    "adding column '%s' with a CHECK constraint to '%s' takes ACCESS "
			    "EXCLUSIVE and scans every row to validate it, blocking reads and writes "
			    "until it finishes",
			    name ? name : "?", table);
	}
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	const char *objtype;
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	/* A foreign table's constraints are never checked against its rows. */
	objtype = ast_str(st->node, "objtype");
	rel = ast_field(st->node, "relation");
	if ((objtype && strcmp(objtype, "OBJECT_TABLE")) || lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds"))
		check_cmd(ctx, st, cmd, table);
}

const sg_rule rule_add_check_constraint = {
	.id = "add-check-constraint",
	.severity = SG_ERROR_SEV,
	.summary = "adding a validated check constraint scans the table under access exclusive",
	.why = "ALTER TABLE ... ADD CONSTRAINT ... CHECK (and ADD COLUMN ... CHECK) takes ACCESS "
	       "EXCLUSIVE on the table and reads every row to validate the constraint before it "
	       "commits. Every SELECT, INSERT, UPDATE and DELETE on the table waits for the whole "
	       "scan, and the migration fails if any existing row violates the constraint.",
	.help = "Add the constraint with NOT VALID (a brief catalog change; new and updated rows are "
		"checked from then on), then in a separate transaction or migration run "
		"ALTER TABLE ... VALIDATE CONSTRAINT ..., which scans under SHARE UPDATE EXCLUSIVE "
		"and lets reads and writes continue. For a new column: add the column first, then "
		"its CHECK ... NOT VALID, then VALIDATE.",
	.bad = "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);",
	.good = "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;\n"
		"-- in a later migration:\n"
		"ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;",
	.check = check,
};
