/*
 * migration-applied: a migration `schemagate migrate up` applied (info).
 * Reported by migrate/apply.c, so that every report lists the release.
 */
#include "checks/rule.h"

const sg_rule rule_migration_applied = {
	.id = "migration-applied",
	.severity = SG_INFO,
	.source = SG_SRC_APPLY,
	.flags = SG_RULE_DRIVER,
	.summary = "a migration was applied",
	.why = "The report of a release lists what it applied, with the time each took and the "
	       "release id that groups them in schemagate_history.",
	.help = "`schemagate migrate rollback --release ID` undoes a whole release.",
	.bad = "schemagate migrate up --db \"$DATABASE_URL\"",
	.good = "schemagate migrate status --db \"$DATABASE_URL\"",
};
