/*
 * drop-constraint: ALTER TABLE ... DROP CONSTRAINT on an existing table.
 *
 * The drop is a brief catalog change under ACCESS EXCLUSIVE on the table
 * (so it queues behind running queries and everything queues behind it),
 * and when the constraint is a foreign key the referenced table is locked
 * too, to remove its triggers. Whether a constraint is a foreign key is not
 * known offline unless this run created it. Once dropped, the rule the
 * constraint enforced (a reference, uniqueness, a CHECK) is no longer
 * checked, and rows breaking it can appear at once.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	char key[256], table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	rel = ast_field(st->node, "relation");
	if (lint_relation_is_new(ctx, rel))
		return;
	lint_rangevar_key(rel, key, sizeof(key));
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype"), *name = ast_str(cmd, "name");
		if (!t || strcmp(t, "AT_DropConstraint") || lint_constraint_is_new(ctx, key, name))
			continue;
		lint_report(ctx, st, cmd,
			    "dropping constraint '%s' of '%s' takes ACCESS EXCLUSIVE on '%s' (and "
			    "locks the referenced table too if it is a foreign key); what it "
			    "enforced is no longer checked",
			    name ? name : "?", table, table);
	}
}

const sg_rule rule_drop_constraint = {
	.id = "drop-constraint",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a constraint stops enforcing it and locks the table",
	.why = "ALTER TABLE ... DROP CONSTRAINT takes ACCESS EXCLUSIVE on the table for a brief "
	       "catalog change; for a foreign key the referenced table is locked as well to remove "
	       "its triggers. From then on the rule the constraint enforced is gone: orphaned "
	       "references, duplicates or out-of-range values can be written at once.",
	.help = "Make sure the drop is intended and that nothing relies on the constraint (the "
		"application, other constraints, ON DELETE actions); set lock_timeout first. To "
		"replace a constraint, add the new one NOT VALID and VALIDATE it before dropping "
		"the old one.",
	.bad = "ALTER TABLE orders DROP CONSTRAINT orders_user_fk;",
	.good = "-- the replacement is in place and validated\n"
		"-- schemagate:ignore drop-constraint\n"
		"ALTER TABLE orders DROP CONSTRAINT orders_user_fk;",
	.check = check,
};
