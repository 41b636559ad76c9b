/*
 * add-column-generated-stored: ALTER TABLE ... ADD COLUMN ... GENERATED
 * ALWAYS AS (expr) STORED on an existing table.
 *
 * A stored generated column is computed and written for every existing
 * row, so the server rewrites the whole table and rebuilds its indexes
 * under ACCESS EXCLUSIVE: reads and writes wait until the rewrite ends.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_generated(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (t && !strcmp(t, "CONSTR_GENERATED"))
			return true;
	}
	return false;
}

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd,
			     const char *table)
{
	const sg_node *def = ast_field(cmd, "def");

	if (is_generated(def))
		lint_report(ctx, st, cmd,
			    "adding stored generated column '%s' to '%s' computes it for every "
			    "existing row: the whole table and its indexes are rewritten under "
			    "ACCESS EXCLUSIVE, blocking reads and writes until done",
			    ast_str(def, "colname") ? ast_str(def, "colname") : "?", table);
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
	.check = check,
};
