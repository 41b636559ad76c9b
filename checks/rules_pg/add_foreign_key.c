/*
 * add-foreign-key: a validated foreign key added to an existing table.
 *
 * ADD CONSTRAINT ... FOREIGN KEY takes SHARE ROW EXCLUSIVE on both the
 * referencing and the referenced table and, unless NOT VALID, checks every
 * row of the referencing table against the referenced one before it
 * commits: writes to both tables wait for the whole scan.
 *
 * ADD COLUMN ... REFERENCES is different: the new column is NULL in every
 * row, so PostgreSQL marks the key valid without a scan (checked on a PG 15
 * server). It scans when the column gets a DEFAULT or is GENERATED; before
 * PG 13 the whole ALTER TABLE was transformed at once, so any added column
 * with a default, or any table foreign key in the same statement, made
 * every column foreign key of the statement validate.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static bool column_has_values(const sg_node *coldef)
{
	return pg_column_constraint(coldef, "CONSTR_DEFAULT") ||
	       pg_column_constraint(coldef, "CONSTR_GENERATED");
}

/* Before PG 13: one default or table foreign key anywhere made all column keys validate. */
static bool statement_forces_validation(const sg_node *stmt)
{
	AST_EACH(cmd, ast_list(stmt, "cmds")) {
		const sg_node *def = ast_field(cmd, "def");
		if (pg_cmd_is(cmd, "AT_AddColumn") && column_has_values(def))
			return true;
		if (pg_cmd_is(cmd, "AT_AddConstraint") && pg_constraint_is(def, "CONSTR_FOREIGN"))
			return true;
	}
	return false;
}

static bool added_column_key_is_validated(sg_lint_ctx *ctx, const sg_stmt *st,
					  const sg_node *coldef)
{
	if (column_has_values(coldef))
		return true;
	return lint_server_version(ctx) < 130000 && statement_forces_validation(st->node);
}

static void check_key(sg_lint_ctx *ctx, const sg_stmt *st, const pg_added_constraint *added,
		      void *data)
{
	const char *table = added->table, *name = added->name;
	char parent[256];

	(void)data;
	lint_relname(ast_field(added->con, "pktable"), parent, sizeof(parent));
	if (!added->column && !ast_bool(added->con, "skip_validation"))
		lint_report(ctx, st, added->cmd,
			    "adding foreign key '%s' from '%s' to '%s' takes SHARE ROW EXCLUSIVE on "
			    "both tables and scans '%s' to validate it, blocking writes to both "
			    "until it finishes",
			    name ? name : "(unnamed)", table, parent, table);
	else if (added->column && added_column_key_is_validated(ctx, st, added->column))
		lint_report(ctx, st, added->cmd,
			    "adding column '%s' REFERENCES '%s' to '%s' validates the key against "
			    "every row: '%s' is scanned under ACCESS EXCLUSIVE while SHARE ROW "
			    "EXCLUSIVE is held on '%s', blocking writes to both until it finishes",
			    name ? name : "?", parent, table, table, parent);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_added_constraint(ctx, st, "CONSTR_FOREIGN", check_key, NULL);
}

const sg_rule rule_add_foreign_key = {
	.id = "add-foreign-key",
	.severity = SG_ERROR_SEV,
	.summary = "adding a validated foreign key blocks writes to both tables while it scans",
	.why = "ALTER TABLE ... ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the referencing and the "
	       "referenced table and checks every existing row of the referencing table before it "
	       "commits. INSERT, UPDATE and DELETE on both tables wait for the whole scan. "
	       "ADD COLUMN ... REFERENCES only scans when the new column gets a DEFAULT (or is "
	       "GENERATED); without one PostgreSQL knows every row is NULL and skips validation.",
	.help = "Add the key with NOT VALID (brief locks, no scan; new rows are checked from then "
		"on), then in a separate transaction or migration run ALTER TABLE ... VALIDATE "
		"CONSTRAINT ..., which scans under SHARE UPDATE EXCLUSIVE on the referencing table "
		"and ROW SHARE on the referenced one, so traffic continues. For a new column: add it "
		"without a default, backfill in batches, then add the key NOT VALID and validate it.",
	.bad = "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
	       "REFERENCES users (id);",
	.good = "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) "
		"REFERENCES users (id) NOT VALID;\n"
		"-- in a later migration:\n"
		"ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
