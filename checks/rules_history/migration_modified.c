/*
 * migration-modified: a migration that is already on the base branch changed its content.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_modified = {
	.id = "migration-modified",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration that is already on the base branch changed its content",
	.why = "Migration runners record what they applied by version (and Flyway, "
	        "sqitch and schemagate also by checksum). A migration already merged "
	        "has run, or will run, on every environment as it was; an edit runs "
	        "nowhere that already applied it, so environments drift apart, and "
	        "runners that verify checksums (Flyway validate, sqitch, "
	        "schemagate.sum) refuse to run at all.",
	.help = "Leave the merged migration as it is and add a new migration that "
	         "makes the change. A Flyway repeatable migration (R__) is meant to be "
	         "edited and is not reported.",
	.bad = "edit 000003_add_users.up.sql, which is already on main",
	.good = "add 000007_change_users.up.sql with the correction",
};
