/*
 * disable-row-level-security: ALTER TABLE ... DISABLE ROW LEVEL SECURITY or
 * NO FORCE ROW LEVEL SECURITY on an existing table.
 *
 * DISABLE turns every policy of the table off at once: each role with a
 * table privilege sees and changes all rows, including other tenants'. NO
 * FORCE lets the table owner, often the application's own role, bypass the
 * policies again. Either way the isolation the policies enforced is gone
 * the moment the statement commits, while the application keeps trusting
 * it.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter, void *data)
{
	(void)data;
	if (pg_cmd_is(alter->cmd, "AT_DisableRowSecurity"))
		lint_report(ctx, st, alter->cmd,
			    "disabling row level security on '%s' switches all its policies off: "
			    "every role with a privilege on it sees and changes every row",
			    alter->table);
	else if (pg_cmd_is(alter->cmd, "AT_NoForceRowSecurity"))
		lint_report(ctx, st, alter->cmd,
			    "NO FORCE ROW LEVEL SECURITY on '%s' lets its owner bypass the table's "
			    "policies again",
			    alter->table);
}

/* A table created in this run never had policies in force. */
static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_alter_cmd(ctx, st, NULL, check_cmd, NULL);
}

const sg_rule rule_disable_row_level_security = {
	.id = "disable-row-level-security",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "row level security is disabled or no longer forced on a table",
	.why = "DISABLE ROW LEVEL SECURITY switches every policy of the table off, so every role "
	       "with a table privilege reads and writes all rows, other tenants' included. NO "
	       "FORCE ROW LEVEL SECURITY exempts the table owner, often the application's role, "
	       "from the policies.",
	.help = "Keep row level security on and change the policies instead (CREATE POLICY / ALTER "
		"POLICY / DROP POLICY); give maintenance jobs a role with BYPASSRLS reviewed "
		"by the DBA rather than switching the protection off for everyone.",
	.bad = "ALTER TABLE documents DISABLE ROW LEVEL SECURITY;",
	.good = "ALTER POLICY tenant_isolation ON documents\n"
		"  USING (tenant_id = current_setting('app.tenant_id')::bigint);",
	.check = check,
};
