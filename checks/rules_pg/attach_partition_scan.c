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
 * A table created earlier in the run is empty, so its scan is instant.
 */
#include "checks/rule.h"

#include <string.h>

#define ATTACH_SUE_VERSION 120000

static void report_attach(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd,
			  const char *part, const char *parent)
{
	if (lint_server_version(ctx) >= ATTACH_SUE_VERSION)
		lint_report(ctx, st, cmd,
			    "attaching '%s' to '%s' scans all of '%s' under ACCESS EXCLUSIVE to "
			    "check the partition bound (and the default partition of '%s', if "
			    "any)",
			    part, parent, part, parent);
	else
		lint_report_severity(ctx, st, cmd, SG_ERROR_SEV,
			    "attaching '%s' takes ACCESS EXCLUSIVE on '%s' (before PostgreSQL 12) "
			    "while it scans all of '%s' to check the partition bound: every "
			    "partition is blocked for reads and writes",
			    part, parent, part);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *parent = ast_field(st->node, "relation");
	const char *objtype = ast_str(st->node, "objtype");
	char pname[256], cname[256];

	if (strcmp(st->tag, "AlterTableStmt") || !objtype || strcmp(objtype, "OBJECT_TABLE"))
		return;
	if (lint_relation_is_new(ctx, parent))
		return;
	lint_relname(parent, pname, sizeof(pname));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		const sg_node *part = ast_field(ast_field(cmd, "def"), "name");

		if (!t || strcmp(t, "AT_AttachPartition") || lint_relation_is_new(ctx, part))
			continue;
		report_attach(ctx, st, cmd, lint_relname(part, cname, sizeof(cname)), pname);
	}
}

const sg_rule rule_attach_partition_scan = {
	.id = "attach-partition-scan",
	.severity = SG_WARNING,
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
	.check = check,
};
