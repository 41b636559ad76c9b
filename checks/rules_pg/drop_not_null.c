/*
 * drop-not-null: ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL on an
 * existing table.
 *
 * The change itself is a brief ACCESS EXCLUSIVE catalog update, but the
 * column may start holding NULLs that the application version still
 * running (and every other reader: reports, exports, replicas' consumers)
 * was written never to see.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void report_drop_not_null(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
				 void *data)
{
	(void)data;
	lint_report(ctx, st, alter->cmd,
		    "DROP NOT NULL on '%s.%s' lets NULLs in that readers of the "
		    "running application version may not handle",
		    alter->table, alter->name ? alter->name : "?");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_DropNotNull", report_drop_not_null, NULL);
}

const sg_rule rule_drop_not_null = {
	.id = "drop-not-null",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping NOT NULL lets in NULLs that current readers may not handle",
	.why = "DROP NOT NULL is a brief ACCESS EXCLUSIVE catalog change, but from then on the "
	       "column can hold NULLs. Code of the version still running, reports and downstream "
	       "consumers that assume a value is always present can fail or misbehave.",
	.help = "Make every reader tolerate NULL in the column first (and deploy that), then drop "
		"the constraint; set lock_timeout for the brief ACCESS EXCLUSIVE lock.",
	.bad = "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
	.good = "-- all readers of users.email handle NULL since the previous release\n"
		"-- schemagate:ignore drop-not-null\n"
		"ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
	.check = check,
};
