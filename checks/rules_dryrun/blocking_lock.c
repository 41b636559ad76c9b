/*
 * blocking-lock: the dry-run saw a lock that blocks reads or writes held on
 * an existing table while work proportional to a table was done.
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_blocking_lock = {
	.id = "blocking-lock",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "a lock that blocks traffic was held while a table was scanned, built or validated",
	.why = "The statement scanned, rewrote, indexed or validated a table while this "
	       "transaction held a lock on an existing table that blocks writes (SHARE and "
	       "stronger) or reads too (ACCESS EXCLUSIVE). On a production-sized table that "
	       "lasts as long as the work, and every query on the table waits for it. A second "
	       "session probed the table while the lock was held.",
	.help = "Do the work under a weaker lock: CREATE INDEX CONCURRENTLY; constraints ADD ... "
		"NOT VALID, then VALIDATE CONSTRAINT in a transaction of its own; SET NOT NULL "
		"after a validated CHECK (col IS NOT NULL); one blocking step per transaction.",
	.bad = "CREATE INDEX orders_user_id_idx ON orders (user_id);",
	.good = "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
};
