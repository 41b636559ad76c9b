/*
 * migration-malformed: a file in the migration directory cannot be read as a migration of the directory's format.
 * Reported by schemagate diff (migrate/history.c).
 */
#include "checks/rule.h"

const sg_rule rule_migration_malformed = {
	.id = "migration-malformed",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "a file in the migration directory cannot be read as a migration of "
	            "the directory's format",
	.why = "Runners skip or reject files whose names or markers they do not "
	        "recognise: a misnamed migration silently never runs, a dbmate file "
	        "without `-- migrate:up` runs nothing, a down file without its up, a "
	        "sqitch plan entry without its deploy script fails the deploy.",
	.help = "Name the file as the format expects (golang-migrate NNN_name.up.sql, "
	         "Flyway V1__name.sql, diesel DIR/up.sql, dbmate NNN_name.sql with -- "
	         "migrate:up, sqitch: a sqitch.plan entry and deploy/NAME.sql), or set "
	         "`migrations: {format: ...}` in .schemagate.yaml.",
	.bad = "add migrations/add_users.up.sql (no version)",
	.good = "add migrations/000004_add_users.up.sql",
};
