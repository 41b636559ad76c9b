/*
 * lock-without-timeout: the dry-run saw a lock that blocks reads or writes
 * taken on an existing table while lock_timeout was off.
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_lock_without_timeout = {
	.id = "lock-without-timeout",
	.severity = SG_WARNING,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "a lock that blocks traffic was taken without lock_timeout",
	.why = "Even a brief lock must wait for every transaction already using the table, and "
	       "while it waits, every new query on the table queues behind it: one long "
	       "report query turns a millisecond ALTER into an outage.",
	.help = "SET lock_timeout = '5s' (and statement_timeout) at the top of the migration, "
		"and retry the migration when it times out.",
	.bad = "ALTER TABLE users ADD COLUMN note text;",
	.good = "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN note text;",
};
