/*
 * duplicate-version: two migrations claim the same version.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_duplicate_version = {
	.id = "duplicate-version",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "two migrations claim the same version",
	.why = "A runner applies one version once: the second migration with that "
	        "version is skipped silently (or the runner stops), depending on which "
	        "file it reads first. Two branches that each added a migration with the "
	        "next free number meet here.",
	.help = "Give the newer migration the next free version above everything on "
	         "the base branch.",
	.bad = "main adds 000007_add_orders.up.sql and this branch adds "
	        "000007_add_users.up.sql",
	.good = "this branch uses 000008_add_users.up.sql",
};
