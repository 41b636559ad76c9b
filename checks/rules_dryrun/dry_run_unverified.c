/*
 * dry-run-unverified: a statement the dry-run did not run on a staging
 * database, so only the lint verdict speaks for it.
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_dry_run_unverified = {
	.id = "dry-run-unverified",
	.severity = SG_INFO,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "a statement the dry-run could not verify on a staging database",
	.why = "On a staging database the dry-run runs every migration in a transaction that is "
	       "rolled back, so nothing persists. Statements that cannot run in a transaction "
	       "block (CREATE INDEX CONCURRENTLY, VACUUM, ALTER SYSTEM, CREATE DATABASE...), "
	       "and code that commits on its own, would commit: they are not run there.",
	.help = "Nothing to change: the lint findings for the statement stand. Dry-run on a "
		"throwaway database (--db auto) to run it for real.",
	.bad = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
	.good = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);  -- --db auto",
};
