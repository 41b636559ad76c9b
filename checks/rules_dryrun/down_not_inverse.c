/*
 * down-not-inverse: on a throwaway database, a migration's down part did
 * not bring back the schema the migration found (or failed, or the
 * migration did not apply again after it). Reported by migrate/dryrun_pg.c.
 */
#include "checks/rule.h"

const sg_rule rule_down_not_inverse = {
	.id = "down-not-inverse",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "the down part does not undo the migration",
	.why = "A release is rolled back with the down parts of its migrations. One that leaves a "
	       "table, column, index, constraint, default or type behind, or drops something the "
	       "migration did not create, turns a clean rollback into a schema nobody planned.",
	.help = "Make the down part the exact inverse of the up part: drop what it created, restore "
		"what it changed (types, defaults, NOT NULL, constraints), in reverse order. The "
		"finding lists what differed.",
	.bad = "-- up: ALTER TABLE users ADD COLUMN note text DEFAULT '';\n-- down: SELECT 1;",
	.good = "-- up: ALTER TABLE users ADD COLUMN note text DEFAULT '';\n"
		"-- down: ALTER TABLE users DROP COLUMN note;",
};
