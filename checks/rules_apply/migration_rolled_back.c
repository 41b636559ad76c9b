/*
 * migration-rolled-back: a migration undone with its down part (info).
 * Reported by migrate/apply.c.
 */
#include "checks/rule.h"

const sg_rule rule_migration_rolled_back = {
	.id = "migration-rolled-back",
	.severity = SG_INFO,
	.source = SG_SRC_APPLY,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration was rolled back",
	.why = "When a release fails (a migration or the verification), every migration it applied "
	       "is undone with its down part, newest first, and recorded as rolled_back.",
	.help = "Fix what failed and apply the release again.",
	.bad = "schemagate migrate up --rollback-on-failure --verify-cmd ./smoke-test",
	.good = "schemagate migrate rollback --release 20261126T101500Z-4242",
};
