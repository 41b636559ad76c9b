/*
 * rollback-failed: undoing a failed release failed too (exit 4).
 * Reported by migrate/apply.c.
 */
#include "checks/rule.h"

const sg_rule rule_rollback_failed = {
	.id = "rollback-failed",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_APPLY,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration of the failed release could not be rolled back",
	.why = "Its down part is missing or failed, so the database is left with part of the "
	       "release applied: the migrations before it in the release are still there.",
	.help = "A person must act: undo the listed migrations by hand, or fix the down part and run "
		"`schemagate migrate rollback --release ID`; `schemagate migrate status` shows the "
		"state of each migration.",
	.bad = "000042_add_index.up.sql without 000042_add_index.down.sql",
	.good = "000042_add_index.down.sql: DROP INDEX CONCURRENTLY users_email_idx;",
};
