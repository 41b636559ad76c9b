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
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			     void *data)
{
	const sg_node *def = alter->def;
	const char *col = ast_str(def, "colname") ? ast_str(def, "colname") : "?";
	char type[64];

	(void)data;
	if (pg_is_serial_type(ast_field(def, "typeName")))
		lint_report(ctx, st, alter->cmd,
			    "adding %s column '%s' to '%s' numbers every existing row: the whole "
			    "table and its indexes are rewritten under ACCESS EXCLUSIVE, blocking "
			    "reads and writes until done",
			    lint_type_text(ast_field(def, "typeName"), type, sizeof(type)), col,
			    alter->table);
	else if (pg_column_constraint(def, "CONSTR_IDENTITY"))
		lint_report(ctx, st, alter->cmd,
			    "adding identity column '%s' to '%s' numbers every existing row: the "
			    "whole table and its indexes are rewritten under ACCESS EXCLUSIVE, "
			    "blocking reads and writes until done",
			    col, alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AddColumn", check_add_column, NULL);
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
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
