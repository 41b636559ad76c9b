/*
 * verify-failed: the verification after a release (--verify SQL or
 * --verify-cmd) failed. Reported by migrate/apply.c.
 */
#include "checks/rule.h"

const sg_rule rule_verify_failed = {
	.id = "verify-failed",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_APPLY,
	.flags = SG_RULE_DRIVER,
	.summary = "the release did not pass its verification",
	.why = "The migrations applied, but the check that the release works (a SQL file run in a "
	       "transaction that is rolled back, or a command such as smoke tests) failed.",
	.help = "With --rollback-on-failure the release is undone; fix the migrations or the "
		"application and release again.",
	.bad = "schemagate migrate up --verify-cmd ./smoke-test  # exits 1",
	.good = "fix the release so that ./smoke-test passes",
};
