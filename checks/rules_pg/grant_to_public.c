/*
 * grant-to-public: GRANT ... TO PUBLIC, directly or as a default privilege.
 *
 * PUBLIC is every role of the cluster, those that exist and those created
 * later: application users, reporting and support accounts, extensions'
 * roles, an attacker's foothold. A privilege granted to PUBLIC cannot be
 * taken back from one of them, only from everyone, and it is invisible in
 * the grants of any single role.
 */
#include "checks/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const sg_node *public_grantee(const sg_node *grant)
{
	AST_EACH(g, ast_list(grant, "grantees")) {
		const char *type = ast_str(g, "roletype");
		if (type && !strcmp(type, "ROLESPEC_PUBLIC"))
			return g;
	}
	return NULL;
}

/* "SELECT, INSERT", or "ALL" when no privilege is listed. */
static const char *privileges_text(const sg_node *grant, char *buf, size_t size)
{
	size_t n = 0, i;

	buf[0] = '\0';
	AST_EACH(p, ast_list(grant, "privileges")) {
		const char *name = ast_str(p, "priv_name");
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
				      name ? name : "?");
		if (n >= size)
			break;
	}
	if (!buf[0])
		snprintf(buf, size, "ALL");
	for (i = 0; buf[i]; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	return buf;
}

/* "table", "foreign data wrapper": the object type in words. */
static const char *object_kind(const sg_node *grant, char *buf, size_t size)
{
	const char *t = ast_str(grant, "objtype");
	size_t i;

	snprintf(buf, size, "%s", t && !strncmp(t, "OBJECT_", 7) ? t + 7 : "object");
	for (i = 0; buf[i]; i++)
		buf[i] = buf[i] == '_' ? ' ' : (char)tolower((unsigned char)buf[i]);
	return buf;
}

static const char *object_name(const sg_node *o, char *buf, size_t size)
{
	if (ast_is(o, "RangeVar"))
		return lint_relname(o, buf, size);
	if (ast_is(o, "ObjectWithArgs"))
		return ast_name_last(ast_list(o, "objname"));
	return ast_sval(o);
}

/* What the grant applies to: "table 'users'", "every table in schema 'app'". */
static void describe_target(const sg_node *grant, bool is_default, char *buf, size_t size)
{
	const char *target = ast_str(grant, "targtype");
	const char *name;
	char kind[64], nbuf[256];

	object_kind(grant, kind, sizeof(kind));
	name = object_name(ast_first(ast_list(grant, "objects")), nbuf, sizeof(nbuf));
	if (is_default)
		snprintf(buf, size, "every %s created from now on", kind);
	else if (target && !strcmp(target, "ACL_TARGET_ALL_IN_SCHEMA"))
		snprintf(buf, size, "every %s in schema '%s'", kind, name ? name : "?");
	else
		snprintf(buf, size, "%s '%s'", kind, name ? name : "?");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	bool is_default = !strcmp(st->tag, "AlterDefaultPrivilegesStmt");
	const sg_node *grant = is_default ? ast_field(st->node, "action") : st->node;
	const sg_node *public;
	char privs[256], target[512];

	if (!is_default && strcmp(st->tag, "GrantStmt"))
		return;
	if (!ast_bool(grant, "is_grant") || !(public = public_grantee(grant)))
		return;
	describe_target(grant, is_default, target, sizeof(target));
	lint_report(ctx, st, public,
		    "granting %s on %s to PUBLIC gives it to every role of the cluster, present "
		    "and future",
		    privileges_text(grant, privs, sizeof(privs)), target);
}

const sg_rule rule_grant_to_public = {
	.id = "grant-to-public",
	.severity = SG_ERROR_SEV,
	.summary = "a privilege is granted to PUBLIC, that is to every role",
	.why = "PUBLIC stands for every role of the cluster, including roles created later. A "
	       "privilege granted to PUBLIC reaches every login, cannot be withdrawn from one "
	       "role alone and does not show up in any role's own grants.",
	.help = "Grant to the role that needs the privilege (create a group role such as "
		"app_readonly and grant that role to users): `GRANT SELECT ON users TO "
		"app_readonly;`.",
	.bad = "GRANT SELECT ON users TO PUBLIC;",
	.good = "GRANT SELECT ON users TO app_readonly;",
	.check = check,
};
