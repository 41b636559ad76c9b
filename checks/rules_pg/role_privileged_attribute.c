/*
 * role-privileged-attribute: CREATE ROLE/USER or ALTER ROLE/USER giving
 * SUPERUSER, BYPASSRLS, CREATEROLE or REPLICATION.
 *
 * Each of these escapes the permission model a migration is meant to work
 * within: a superuser skips every check (and can run programs on the
 * server), BYPASSRLS ignores every row-level security policy, CREATEROLE
 * can create and alter roles and grant itself the membership of most of
 * them, REPLICATION can stream a copy of every table. Such roles belong to
 * the DBA's provisioning, reviewed on their own, not to a schema change
 * that ships with the application.
 */
#include "checks/rule.h"

#include <string.h>

static const struct {
	const char *option, *attribute, *effect;
} privileged[] = {
	{ "superuser", "SUPERUSER", "it bypasses every permission check and can run programs on "
				   "the server" },
	{ "bypassrls", "BYPASSRLS", "it ignores every row-level security policy" },
	{ "createrole", "CREATEROLE", "it can create and alter roles and grant itself their "
				     "privileges" },
	{ "isreplication", "REPLICATION", "it can stream a copy of every table of the cluster" },
};

/* Index in `privileged` of the attribute an option turns on, or -1 (NOSUPERUSER...). */
static int granted_attribute(const sg_node *option)
{
	const char *name = ast_str(option, "defname");
	size_t i;

	if (!name || !ast_bool(ast_field(option, "arg"), "boolval"))
		return -1;
	for (i = 0; i < sizeof(privileged) / sizeof(privileged[0]); i++)
		if (!strcmp(name, privileged[i].option))
			return (int)i;
	return -1;
}

/* "reporting", or "CURRENT_USER" for ALTER ROLE CURRENT_USER. */
static const char *role_name(const sg_stmt *st)
{
	const sg_node *role = ast_field(st->node, "role");
	const char *type = ast_str(role, "roletype");

	if (!strcmp(st->tag, "CreateRoleStmt"))
		return ast_str(st->node, "role");
	if (ast_str(role, "rolename"))
		return ast_str(role, "rolename");
	return type && !strncmp(type, "ROLESPEC_", 9) ? type + 9 : "?";
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (strcmp(st->tag, "CreateRoleStmt") && strcmp(st->tag, "AlterRoleStmt"))
		return;
	AST_EACH(o, ast_list(st->node, "options")) {
		int i = granted_attribute(o);
		if (i >= 0)
			lint_report(ctx, st, o, "role '%s' is given %s: %s", role_name(st),
				    privileged[i].attribute, privileged[i].effect);
	}
}

const sg_rule rule_role_privileged_attribute = {
	.id = "role-privileged-attribute",
	.severity = SG_ERROR_SEV,
	.summary = "a role is given SUPERUSER, BYPASSRLS, CREATEROLE or REPLICATION",
	.why = "SUPERUSER skips every permission check and can run programs on the server; "
	       "BYPASSRLS ignores all row-level security policies; CREATEROLE can create roles and "
	       "grant itself most memberships; REPLICATION can stream a copy of the whole cluster. "
	       "None of them belongs in an application migration.",
	.help = "Create the role without these attributes and grant only the privileges it needs "
		"(GRANT SELECT, INSERT ON ... TO app_writer); leave privileged roles to the DBA's "
		"provisioning, outside the migrations.",
	.bad = "CREATE ROLE reporting LOGIN SUPERUSER;",
	.good = "CREATE ROLE reporting LOGIN NOSUPERUSER;\n"
		"GRANT SELECT ON ALL TABLES IN SCHEMA app TO reporting;",
	.check = check,
};
