/*
 * ban-alter-system: ALTER SYSTEM in a migration.
 *
 * ALTER SYSTEM rewrites postgresql.auto.conf, the configuration of the
 * whole cluster: every database and every application on the server gets
 * the new setting at the next reload or restart, outside the review of the
 * DBA who owns the configuration, and it is not rolled back with the
 * migration. It also cannot run inside a transaction block, so a runner
 * that wraps migrations in transactions fails on it.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *set;
	const char *kind, *name;

	if (strcmp(st->tag, "AlterSystemStmt"))
		return;
	set = ast_field(st->node, "setstmt");
	kind = ast_str(set, "kind");
	name = ast_str(set, "name");
	if (kind && !strcmp(kind, "VAR_RESET_ALL"))
		lint_report(ctx, st, NULL,
			    "ALTER SYSTEM RESET ALL discards every setting made with ALTER SYSTEM "
			    "for the whole cluster");
	else
		lint_report(ctx, st, NULL,
			    "ALTER SYSTEM %s %s changes the configuration of the whole cluster, "
			    "outside the migration's transaction and the DBA's review",
			    kind && !strcmp(kind, "VAR_RESET") ? "RESET" : "SET",
			    name ? name : "?");
}

const sg_rule rule_ban_alter_system = {
	.id = "ban-alter-system",
	.severity = SG_ERROR_SEV,
	.summary = "ALTER SYSTEM changes the configuration of the whole cluster",
	.why = "ALTER SYSTEM writes postgresql.auto.conf: every database on the server gets the "
	       "setting at the next reload or restart, it is not undone by rolling the migration "
	       "back, and it bypasses the review of whoever owns the server configuration. It "
	       "cannot run inside a transaction block either.",
	.help = "Change server settings through the configuration management of the server (or "
		"ask the DBA); for a setting that only this database or role needs, use `ALTER "
		"DATABASE app SET ...` or `ALTER ROLE app_user SET ...`.",
	.bad = "ALTER SYSTEM SET work_mem = '256MB';",
	.good = "ALTER ROLE reporting SET work_mem = '256MB';",
	.check = check,
};
