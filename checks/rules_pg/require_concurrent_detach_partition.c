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
#include "checks/rule.h"

#include <string.h>

#define CONCURRENT_DETACH_VERSION 140000

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *parent = ast_field(st->node, "relation");
	char pname[256], cname[256];

	if (strcmp(st->tag, "AlterTableStmt") || lint_relation_is_new(ctx, parent))
		return;
	lint_relname(parent, pname, sizeof(pname));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		const sg_node *def = ast_field(cmd, "def");

		if (!t || strcmp(t, "AT_DetachPartition") || ast_bool(def, "concurrent"))
			continue;
		lint_relname(ast_field(def, "name"), cname, sizeof(cname));
		if (lint_server_version(ctx) >= CONCURRENT_DETACH_VERSION)
			lint_report(ctx, st, cmd,
				    "detaching '%s' takes ACCESS EXCLUSIVE on '%s': all reads and "
				    "writes of the partitioned table wait; use DETACH PARTITION ... "
				    "CONCURRENTLY",
				    cname, pname);
		else
			lint_report(ctx, st, cmd,
				    "detaching '%s' takes ACCESS EXCLUSIVE on '%s': all reads and "
				    "writes of the partitioned table wait (DETACH ... CONCURRENTLY "
				    "needs PostgreSQL 14; run it in a quiet period with a short "
				    "lock_timeout and retry)",
				    cname, pname);
	}
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
