/*
 * ban-drop-column: ALTER TABLE ... DROP COLUMN on an existing table.
 *
 * The drop itself is a brief ACCESS EXCLUSIVE catalog change, but the
 * application version still running reads and writes the column: its
 * SELECT * and INSERT lists break the moment the column is gone, and the
 * data is lost for good.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void report_drop_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			       void *data)
{
	(void)data;
	lint_report(ctx, st, alter->cmd,
		    "dropping column '%s' of '%s' breaks the application version "
		    "still running and loses its data",
		    alter->name ? alter->name : "?", alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_alter_cmd(ctx, st, "AT_DropColumn", report_drop_column, NULL);
}

const sg_rule rule_ban_drop_column = {
	.id = "ban-drop-column",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a column breaks the running application and loses data",
	.why = "DROP COLUMN takes a brief ACCESS EXCLUSIVE lock and hides the column at once. The "
	       "application version that is still deployed keeps selecting and inserting it and "
	       "fails until the new version is out; the data cannot be recovered.",
	.help = "Expand and contract: stop reading and writing the column in the application, "
		"deploy, then drop it in a later migration (with lock_timeout set).",
	.bad = "ALTER TABLE users DROP COLUMN legacy_flag;",
	.good = "-- the application stopped using legacy_flag in the previous release\n"
		"-- schemagate:ignore ban-drop-column\n"
		"ALTER TABLE users DROP COLUMN legacy_flag;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
