/*
 * dry-run-error: the statement failed when the dry-run ran it.
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_dry_run_error = {
	.id = "dry-run-error",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "the statement failed on the database",
	.why = "The server refused the statement: it would fail the same way in production, "
	       "and a runner that wraps the migration in a transaction rolls all of it back; "
	       "one that does not leaves it half applied. A statement cancelled by "
	       "statement_timeout ran at least that long while holding its locks.",
	.help = "Fix the statement so that it runs on the schema the database really has; "
		"the message, SQLSTATE and position are the server's. If it failed for lack "
		"of data or objects that production has, give the dry-run that state with "
		"--setup (a pg_dump --schema-only of production, or a fixture).",
	.bad = "ALTER TABLE users ADD COLUMN email text NOT NULL;  -- users has rows",
	.good = "ALTER TABLE users ADD COLUMN email text;",
};
