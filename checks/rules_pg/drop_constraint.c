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
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_drop(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter, void *data)
{
	const char *name = alter->name;

	(void)data;
	if (lint_constraint_is_new(ctx, alter->key, name))
		return;
	lint_report(ctx, st, alter->cmd,
		    "dropping constraint '%s' of '%s' takes ACCESS EXCLUSIVE on '%s' (and "
		    "locks the referenced table too if it is a foreign key); what it "
		    "enforced is no longer checked",
		    name ? name : "?", alter->table, alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_alter_cmd(ctx, st, "AT_DropConstraint", check_drop, NULL);
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
