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
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_constraint(sg_lint_ctx *ctx, const sg_stmt *st,
			     const pg_added_constraint *added, void *data)
{
	const char *name = added->name;

	(void)data;
	if (ast_bool(added->con, "skip_validation"))
		return;
	if (!added->column)
		lint_report(ctx, st, added->cmd,
			    "adding CHECK constraint '%s' to '%s' takes ACCESS EXCLUSIVE and scans "
			    "every row to validate it, blocking reads and writes until it finishes",
			    name ? name : "(unnamed)", added->table);
	else
		lint_report(ctx, st, added->cmd,
			    "adding column '%s' with a CHECK constraint to '%s' takes ACCESS "
			    "EXCLUSIVE and scans every row to validate it, blocking reads and writes "
			    "until it finishes",
			    name ? name : "?", added->table);
}

/* A foreign table's constraints are never checked against its rows. */
static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_added_constraint(ctx, st, "CONSTR_CHECK", check_constraint, NULL);
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
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
