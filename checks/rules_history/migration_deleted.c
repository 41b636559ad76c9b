/*
 * migration-deleted: a migration that is already on the base branch was deleted.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_deleted = {
	.id = "migration-deleted",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration that is already on the base branch was deleted",
	.why = "Environments that applied the migration keep its schema and its "
	        "history row; new environments never get it. The history no longer "
	        "describes the databases, and runners that check for applied migrations "
	        "missing from the directory (golang-migrate dirty state, Flyway "
	        "validate, sqitch) stop.",
	.help = "Restore the file. To undo what it did, add a new migration that "
	         "reverts it.",
	.bad = "git rm migrations/000003_add_users.up.sql after it merged",
	.good = "add 000007_drop_users.up.sql that drops what 000003 created",
};
