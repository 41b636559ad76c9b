/*
 * migration-out-of-order: a new migration is numbered below the newest migration on the base branch.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_out_of_order = {
	.id = "migration-out-of-order",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "a new migration is numbered below the newest migration on the base "
	            "branch",
	.why = "The target branch moved on while this change was open. Runners either "
	        "refuse a migration older than the last applied one (golang-migrate, "
	        "Flyway without outOfOrder) or run it after newer ones, in an order "
	        "that no environment was tested with.",
	.help = "Rename the new migration to a version above the newest one on the "
	         "base branch (rebase first), then re-run schemagate diff.",
	.bad = "add 20240101_add_index.sql while main already has "
	        "20240301_add_orders.sql",
	.good = "rename it to 20240302_add_index.sql",
};
