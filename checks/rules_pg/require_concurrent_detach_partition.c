/*
 * require-concurrent-detach-partition: ALTER TABLE ... DETACH PARTITION
 * without CONCURRENTLY on an existing partitioned table.
 *
 * A plain DETACH takes ACCESS EXCLUSIVE on the parent and on the partition:
 * it waits behind every running query on any partition and, while it waits,
 * every new read and write of the whole partitioned table queues behind it.
 * PostgreSQL 14 added DETACH ... CONCURRENTLY, which takes only SHARE UPDATE
 * EXCLUSIVE on the parent; before 14 there is no online form.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#define CONCURRENT_DETACH_VERSION 140000

static void check_detach(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			 void *data)
{
	char part[256];

	(void)data;
	if (ast_bool(alter->def, "concurrent"))
		return;
	lint_relname(ast_field(alter->def, "name"), part, sizeof(part));
	if (lint_server_version(ctx) >= CONCURRENT_DETACH_VERSION)
		lint_report(ctx, st, alter->cmd,
			    "detaching '%s' takes ACCESS EXCLUSIVE on '%s': all reads and "
			    "writes of the partitioned table wait; use DETACH PARTITION ... "
			    "CONCURRENTLY",
			    part, alter->table);
	else
		lint_report(ctx, st, alter->cmd,
			    "detaching '%s' takes ACCESS EXCLUSIVE on '%s': all reads and "
			    "writes of the partitioned table wait (DETACH ... CONCURRENTLY "
			    "needs PostgreSQL 14; run it in a quiet period with a short "
			    "lock_timeout and retry)",
			    part, alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_alter_cmd(ctx, st, "AT_DetachPartition", check_detach, NULL);
}

const sg_rule rule_require_concurrent_detach_partition = {
	.id = "require-concurrent-detach-partition",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "detaching a partition without concurrently locks the whole partitioned table",
	.why = "DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table and on the "
	       "partition. It waits for every running query on the table and blocks every read "
	       "and write queued behind it, across all partitions.",
	.help = "On PostgreSQL 14+ use ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY in its "
		"own migration outside a transaction block (it takes SHARE UPDATE EXCLUSIVE; "
		"finish an interrupted one with DETACH ... FINALIZE). Before 14, detach in a quiet "
		"period with SET lock_timeout = '2s' and retry on timeout.",
	.bad = "ALTER TABLE measurements DETACH PARTITION measurements_2020;",
	.good = "ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;",
	.check = check,
};
