/*
 * attach-partition-scan: ALTER TABLE ... ATTACH PARTITION of an existing
 * table to an existing partitioned table.
 *
 * Unless a valid CHECK constraint on the table already implies the
 * partition bound, PostgreSQL scans the whole table to prove that every row
 * fits, holding ACCESS EXCLUSIVE on it; if the parent has a default
 * partition, that is locked and scanned too, for rows that now belong to
 * the new partition. Since PostgreSQL 12 the parent itself only gets SHARE
 * UPDATE EXCLUSIVE; before 12 it is locked ACCESS EXCLUSIVE for the whole
 * scan, which stops all traffic to every partition.
 *
 * A table created earlier in the run is empty, so its scan is instant; a
 * table given a valid CHECK constraint earlier in the run is taken to have
 * the one that implies the bound (the safe pattern's first steps).
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#define ATTACH_SUE_VERSION 120000

static void check_attach(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			 void *data)
{
	const sg_node *partition = ast_field(alter->def, "name");
	const char *parent = alter->table;
	char part[256], key[256];

	(void)data;
	if (lint_relation_is_new(ctx, partition) ||
	    lint_has_valid_check(ctx, lint_rangevar_key(partition, key, sizeof(key))))
		return;
	lint_relname(partition, part, sizeof(part));
	if (lint_server_version(ctx) >= ATTACH_SUE_VERSION)
		lint_report(ctx, st, alter->cmd,
			    "attaching '%s' to '%s' scans all of '%s' under ACCESS EXCLUSIVE to "
			    "check the partition bound (and the default partition of '%s', if "
			    "any)",
			    part, parent, part, parent);
	else
		lint_report(ctx, st, alter->cmd,
			    "attaching '%s' takes ACCESS EXCLUSIVE on '%s' (before PostgreSQL 12) "
			    "while it scans all of '%s' to check the partition bound: every "
			    "partition is blocked for reads and writes",
			    part, parent, part);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AttachPartition", check_attach, NULL);
}

const sg_rule rule_attach_partition_scan = {
	.id = "attach-partition-scan",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "attaching a partition scans it to check the partition bound",
	.why = "ATTACH PARTITION scans the whole table being attached (and the parent's default "
	       "partition) under ACCESS EXCLUSIVE to prove every row fits the bound, unless a "
	       "valid CHECK constraint already implies it. Before PostgreSQL 12 the parent is "
	       "locked ACCESS EXCLUSIVE for the whole scan as well.",
	.help = "First add a CHECK constraint matching the bound with NOT VALID, VALIDATE it in a "
		"separate transaction (SHARE UPDATE EXCLUSIVE: writes continue), then ATTACH: the "
		"scan is skipped and the constraint can be dropped afterwards.",
	.bad = "ALTER TABLE measurements ATTACH PARTITION measurements_2024\n"
	       "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
	.good = "CREATE TABLE measurements_2025 PARTITION OF measurements\n"
		"  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
