/*
 * migration-renamed: a migration that is already on the base branch moved to another version or name.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_renamed = {
	.id = "migration-renamed",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration that is already on the base branch moved to another "
	            "version or name",
	.why = "Runners identify applied migrations by version (and Flyway by "
	        "description too). Under a new version the same migration runs a second "
	        "time where it was already applied, and the old version shows as "
	        "missing.",
	.help = "Keep the original file name. If a new order is needed, add new "
	         "migrations instead of renumbering merged ones.",
	.bad = "git mv 000003_add_users.up.sql 000009_add_users.up.sql",
	.good = "keep 000003_add_users.up.sql; put new work in "
	         "000009_next_change.up.sql",
};
