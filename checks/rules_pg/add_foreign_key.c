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
#include "checks/rule.h"

#include <string.h>

static bool has_contype(const sg_node *con, const char *type)
{
	const char *t = ast_str(con, "contype");

	return t && !strcmp(t, type);
}

static bool is_subtype(const sg_node *cmd, const char *type)
{
	const char *t = ast_str(cmd, "subtype");

	return t && !strcmp(t, type);
}

static const sg_node *column_foreign_key(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (has_contype(c, "CONSTR_FOREIGN"))
			return c;
	return NULL;
}

static bool column_has_values(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (has_contype(c, "CONSTR_DEFAULT") || has_contype(c, "CONSTR_GENERATED"))
			return true;
	return false;
}

/* Before PG 13: one default or table foreign key anywhere made all column keys validate. */
static bool statement_forces_validation(const sg_node *stmt)
{
	AST_EACH(cmd, ast_list(stmt, "cmds")) {
		const sg_node *def = ast_field(cmd, "def");
		if (is_subtype(cmd, "AT_AddColumn") && column_has_values(def))
			return true;
		if (is_subtype(cmd, "AT_AddConstraint") && has_contype(def, "CONSTR_FOREIGN"))
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

static void check_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd, const char *table)
{
	const sg_node *def = ast_field(cmd, "def"), *fk;
	const char *name;
	char parent[256];

	if (is_subtype(cmd, "AT_AddConstraint") && has_contype(def, "CONSTR_FOREIGN") &&
	    !ast_bool(def, "skip_validation")) {
		name = ast_str(def, "conname");
		lint_report(ctx, st, cmd,
			    "adding foreign key '%s' from '%s' to '%s' takes SHARE ROW EXCLUSIVE on "
			    "both tables and scans '%s' to validate it, blocking writes to both "
			    "until it finishes",
			    name ? name : "(unnamed)", table,
			    lint_relname(ast_field(def, "pktable"), parent, sizeof(parent)), table);
	} else if (is_subtype(cmd, "AT_AddColumn") && (fk = column_foreign_key(def)) &&
		   added_column_key_is_validated(ctx, st, def)) {
		name = ast_str(def, "colname");
		lint_report(ctx, st, cmd,
			    "adding column '%s' REFERENCES '%s' to '%s' validates the key against "
			    "every row: '%s' is scanned under ACCESS EXCLUSIVE while SHARE ROW "
			    "EXCLUSIVE is held on '%s', blocking writes to both until it finishes",
			    name ? name : "?",
			    lint_relname(ast_field(fk, "pktable"), parent, sizeof(parent)), table,
			    table, parent);
	}
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	const char *objtype;
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	objtype = ast_str(st->node, "objtype");
	rel = ast_field(st->node, "relation");
	if ((objtype && strcmp(objtype, "OBJECT_TABLE")) || lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds"))
		check_cmd(ctx, st, cmd, table);
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
	.check = check,
};
