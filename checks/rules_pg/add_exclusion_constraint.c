/*
 * add-exclusion-constraint: ADD CONSTRAINT ... EXCLUDE on an existing table.
 *
 * The exclusion constraint's index is built inside the ALTER TABLE, which
 * holds ACCESS EXCLUSIVE on the table for the whole build and check: every
 * read and write waits. Unlike CHECK and FOREIGN KEY it cannot be added NOT
 * VALID, and unlike UNIQUE it cannot be attached from an index built
 * concurrently, so there is no online form.
 */
#include "checks/rule.h"

#include <string.h>

static bool adds_exclusion(const sg_node *cmd)
{
	const char *t = ast_str(cmd, "subtype");
	const char *c = ast_str(ast_field(cmd, "def"), "contype");

	return t && c && !strcmp(t, "AT_AddConstraint") && !strcmp(c, "CONSTR_EXCLUSION");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	rel = ast_field(st->node, "relation");
	if (lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *name = ast_str(ast_field(cmd, "def"), "conname");
		if (!adds_exclusion(cmd))
			continue;
		lint_report(ctx, st, cmd,
			    "adding exclusion constraint '%s' to '%s' builds its index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build; it cannot be "
			    "added NOT VALID or concurrently",
			    name ? name : "(unnamed)", table);
	}
}

const sg_rule rule_add_exclusion_constraint = {
	.id = "add-exclusion-constraint",
	.severity = SG_ERROR_SEV,
	.summary = "adding an exclusion constraint builds its index under access exclusive",
	.why = "ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE builds the constraint's index and checks "
	       "every row while holding ACCESS EXCLUSIVE on the table, so every SELECT, INSERT, "
	       "UPDATE and DELETE waits for the whole build. Exclusion constraints cannot be added "
	       "NOT VALID nor attached from an index built concurrently: there is no online form.",
	.help = "Declare exclusion constraints when the table is created. For a table with traffic, "
		"create a new table with the constraint, copy the rows in batches (with a trigger "
		"or dual writes for new ones), then swap the names in one short transaction with "
		"lock_timeout set; or run it in a maintenance window.",
	.bad = "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap "
	       "EXCLUDE USING gist (room_id WITH =, during WITH &&);",
	.good = "CREATE TABLE bookings_v2 (room_id bigint, during tstzrange,\n"
		"  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&));",
	.check = check,
};
