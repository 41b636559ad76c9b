/*
 * ban-drop-database: DROP DATABASE.
 *
 * Deletes a whole database, every table and all their data, with no way
 * back; WITH (FORCE) even terminates the sessions still connected to it.
 * A schema migration has no business doing this.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *db = ast_str(st->node, "dbname");

	if (strcmp(st->tag, "DropdbStmt"))
		return;
	lint_report(ctx, st, NULL, "dropping database '%s' deletes all its data for good%s",
		    db ? db : "?",
		    pg_option(ast_list(st->node, "options"), "force")
			    ? " and WITH (FORCE) terminates every session connected to it"
			    : "");
}

const sg_rule rule_ban_drop_database = {
	.id = "ban-drop-database",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a database deletes all its data",
	.why = "DROP DATABASE removes every table of the database and all their data "
	       "irrecoverably, and fails or (WITH (FORCE)) kills sessions when anything is still "
	       "connected.",
	.help = "Do not drop databases from a migration: decommission the database by hand after "
		"a final backup, once nothing connects to it any more.",
	.bad = "DROP DATABASE analytics;",
	.good = "-- decommissioned by the operations runbook, not by a migration\n"
		"CREATE SCHEMA analytics_archive;",
	.check = check,
};
