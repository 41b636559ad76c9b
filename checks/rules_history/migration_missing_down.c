/*
 * migration-missing-down: an up migration has no down migration in a format that pairs them.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_missing_down = {
	.id = "migration-missing-down",
	.severity = SG_WARNING,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "an up migration has no down migration in a format that pairs them",
	.why = "golang-migrate and diesel roll back with the down migration; without "
	        "one, `migrate down` or `diesel migration revert` fails exactly when a "
	        "release has to be rolled back.",
	.help = "Add the down migration next to the up one (NNN_name.down.sql, or "
	         "down.sql in the diesel folder) that reverses it.",
	.bad = "add 000004_add_users.up.sql alone",
	.good = "add 000004_add_users.up.sql and 000004_add_users.down.sql",
};
