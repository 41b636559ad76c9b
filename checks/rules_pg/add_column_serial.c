/*
 * add-column-serial: ALTER TABLE ... ADD COLUMN of a serial type, or with
 * GENERATED ... AS IDENTITY, on an existing table.
 *
 * Every existing row must get its own value from the sequence, so the
 * server rewrites the whole table and rebuilds its indexes under ACCESS
 * EXCLUSIVE: reads and writes wait until the rewrite ends. The missing-
 * value shortcut of PostgreSQL 11+ does not apply (nextval() is volatile,
 * and identity columns always force the rewrite).
 */
#include "checks/rule.h"

#include <string.h>

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

static bool is_identity(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (t && !strcmp(t, "CONSTR_IDENTITY"))
			return true;
	}
	return false;
}

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd,
			     const char *table)
{
	const sg_node *def = ast_field(cmd, "def");
	const char *col = ast_str(def, "colname") ? ast_str(def, "colname") : "?";
	char type[64];

	if (is_serial_type(ast_field(def, "typeName")))
		lint_report(ctx, st, cmd,
			    "adding %s column '%s' to '%s' numbers every existing row: the whole "
			    "table and its indexes are rewritten under ACCESS EXCLUSIVE, blocking "
			    "reads and writes until done",
			    lint_type_text(ast_field(def, "typeName"), type, sizeof(type)), col,
			    table);
	else if (is_identity(def))
		lint_report(ctx, st, cmd,
			    "adding identity column '%s' to '%s' numbers every existing row: the "
			    "whole table and its indexes are rewritten under ACCESS EXCLUSIVE, "
			    "blocking reads and writes until done",
			    col, table);
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

const sg_rule rule_add_column_serial = {
	.id = "add-column-serial",
	.severity = SG_ERROR_SEV,
	.summary = "adding a serial or identity column rewrites the whole table",
	.why = "A serial or GENERATED ... AS IDENTITY column gives every existing row its own "
	       "sequence value, so ADD COLUMN rewrites the table and all its indexes under ACCESS "
	       "EXCLUSIVE: reads and writes are blocked for the whole rewrite, on every version.",
	.help = "Add a plain nullable bigint column, create the sequence and `ALTER COLUMN ... SET "
		"DEFAULT nextval('seq')` for new rows, backfill existing rows in batches, then make "
		"it NOT NULL with the CHECK ... NOT VALID / VALIDATE pattern; or build a new table "
		"and copy the rows across.",
	.bad = "ALTER TABLE events ADD COLUMN seq bigserial;",
	.good = "CREATE SEQUENCE events_seq_seq;\n"
		"ALTER TABLE events ADD COLUMN seq bigint;\n"
		"ALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('events_seq_seq');\n"
		"-- then backfill existing rows in batches, outside this migration",
	.check = check,
};
