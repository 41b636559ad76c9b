/*
 * apply-failed: a migration failed while `schemagate migrate up` applied it.
 * Reported by migrate/apply.c.
 */
#include "checks/rule.h"

const sg_rule rule_apply_failed = {
	.id = "apply-failed",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_APPLY,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration failed on the database",
	.why = "A transactional migration that fails leaves nothing behind: its statements and its "
	       "history row roll back together. A non-transactional one keeps the statements before "
	       "the failing one; schemagate_history records which statement failed.",
	.help = "Fix the migration (the message, SQLSTATE and statement are the server's) and run "
		"`schemagate migrate up` again; `schemagate dry-run` shows such failures before "
		"a release.",
	.bad = "ALTER TABLE users ADD COLUMN tenant int NOT NULL;  -- users has rows",
	.good = "ALTER TABLE users ADD COLUMN tenant int NOT NULL DEFAULT 0;",
};
