/*
 * breaking-change: the catalog shows a table or column dropped or renamed,
 * or a column's type changed incompatibly.
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_breaking_change = {
	.id = "breaking-change",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "an existing table or column was dropped, renamed or changed incompatibly",
	.why = "The application version still running when the migration commits uses the "
	       "old names and types: its queries fail from then until every instance runs the "
	       "new version, and a dropped column's data is gone.",
	.help = "Expand and contract: add the new table or column, deploy code that uses both, "
		"backfill, deploy code that uses only the new one, and drop the old one in a "
		"later release.",
	.bad = "ALTER TABLE users RENAME COLUMN email TO email_address;",
	.good = "ALTER TABLE users ADD COLUMN email_address text;  -- then dual writes",
};
