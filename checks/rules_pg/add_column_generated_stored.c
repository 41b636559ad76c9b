/*
 * add-column-generated-stored: ALTER TABLE ... ADD COLUMN ... GENERATED
 * ALWAYS AS (expr) STORED on an existing table.
 *
 * A stored generated column is computed and written for every existing
 * row, so the server rewrites the whole table and rebuilds its indexes
 * under ACCESS EXCLUSIVE: reads and writes wait until the rewrite ends.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			     void *data)
{
	const char *col = ast_str(alter->def, "colname");

	(void)data;
	if (pg_column_constraint(alter->def, "CONSTR_GENERATED"))
		lint_report(ctx, st, alter->cmd,
			    "adding stored generated column '%s' to '%s' computes it for every "
			    "existing row: the whole table and its indexes are rewritten under "
			    "ACCESS EXCLUSIVE, blocking reads and writes until done",
			    col ? col : "?", alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AddColumn", check_add_column, NULL);
}

const sg_rule rule_add_column_generated_stored = {
	.id = "add-column-generated-stored",
	.severity = SG_ERROR_SEV,
	.summary = "adding a stored generated column rewrites the whole table",
	.why = "GENERATED ALWAYS AS (...) STORED computes and stores the value for every existing "
	       "row when the column is added: the table and all its indexes are rewritten under "
	       "ACCESS EXCLUSIVE, which blocks reads and writes for the whole rewrite.",
	.help = "Add a plain nullable column, keep it up to date with a BEFORE INSERT OR UPDATE "
		"trigger, and backfill existing rows in batches; or compute the value in a view or "
		"an expression index instead of storing it.",
	.bad = "ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) "
	       "STORED;",
	.good = "ALTER TABLE orders ADD COLUMN total numeric;\n"
		"-- a trigger keeps total up to date; existing rows are backfilled in batches",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
