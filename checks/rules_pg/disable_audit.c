/*
 * disable-audit: a statement that removes or weakens audit logging.
 *
 * Audit logs are how access to the data is proven afterwards (PCI DSS,
 * SOC 2, HIPAA). A migration can switch them off quietly: DROP EXTENSION
 * pgaudit; pgaudit.* set to 'none' or '' (or log_statement to 'none') for
 * the cluster, a database, a role or the session; disabling or dropping
 * the event triggers that record DDL. The change is easy to miss in review
 * and everything done afterwards leaves no trace. Resetting a setting at
 * database or role level is fine: the server-wide setting applies again.
 */
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool is_audit_setting(const char *name)
{
	return name && (!strncmp(name, "pgaudit.", 8) || !strcmp(name, "log_statement"));
}

/* A value that turns the setting off: 'none', or '' for pgaudit's. */
static bool disabling_value(const char *name, const char *value)
{
	if (!value)
		return false;
	return !strcasecmp(value, "none") || (!*value && strncmp(name, "pgaudit.", 8) == 0);
}

/* SET name = value, ... where every value turns the audit setting off. */
static bool set_disables_audit(const sg_node *set)
{
	const char *kind = ast_str(set, "kind");
	const char *name = ast_str(set, "name");
	const sg_node *args = ast_list(set, "args");

	if (!kind || strcmp(kind, "VAR_SET_VALUE") || !is_audit_setting(name) || !ast_len(args))
		return false;
	AST_EACH(a, args)
		if (!disabling_value(name, ast_sval(a)))
			return false;
	return true;
}

/* Where a SET applies: "the whole cluster", "database 'app'", "this session". */
static const char *set_scope(const sg_stmt *st, char *buf, size_t size)
{
	const sg_node *role = ast_field(st->node, "role");

	if (!strcmp(st->tag, "AlterSystemStmt"))
		return "the whole cluster";
	if (!strcmp(st->tag, "AlterDatabaseSetStmt"))
		snprintf(buf, size, "every session of database '%s'",
			 ast_str(st->node, "dbname") ? ast_str(st->node, "dbname") : "?");
	else if (!strcmp(st->tag, "AlterRoleSetStmt") && !role)
		return "every role";
	else if (!strcmp(st->tag, "AlterRoleSetStmt"))
		snprintf(buf, size, "every session of role '%s'",
			 ast_str(role, "rolename") ? ast_str(role, "rolename") : "?");
	else if (ast_bool(st->node, "is_local"))
		return "the rest of this transaction";
	else
		return "the rest of this session";
	return buf;
}

static void check_setting(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *set = strcmp(st->tag, "VariableSetStmt") ? ast_field(st->node, "setstmt")
							       : st->node;
	char scope[256];

	if (set_disables_audit(set))
		lint_report(ctx, st, NULL, "setting %s to '%s' switches audit logging off for %s",
			    ast_str(set, "name"), ast_sval(ast_first(ast_list(set, "args"))),
			    set_scope(st, scope, sizeof(scope)));
}

struct set_config_walk {
	sg_lint_ctx *ctx;
	const sg_stmt *st;
};

static bool visit_set_config(const sg_node *n, const char *tag, void *data)
{
	struct set_config_walk *w = data;
	const sg_node *args = ast_list(n, "args");
	const char *fn, *name, *value;
	bool is_local;

	if (strcmp(tag, "FuncCall"))
		return false;
	fn = ast_name_last(ast_list(n, "funcname"));
	if (!fn || strcmp(fn, "set_config") || ast_len(args) != 3)
		return false;
	name = ast_sval(ast_nth(args, 0));
	value = ast_sval(ast_nth(args, 1));
	is_local = ast_bool(ast_field(ast_nth(args, 2), "boolval"), "boolval");
	if (is_audit_setting(name) && disabling_value(name, value))
		lint_report(w->ctx, w->st, n,
			    "set_config() sets %s to '%s': audit logging is off for the rest of "
			    "this %s",
			    name, value, is_local ? "transaction" : "session");
	return false;
}

/* Dropping pgaudit or an event trigger; expected in a down migration that undoes its creation. */
static void check_drop(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "removeType");

	if (!type || lint_is_down(ctx))
		return;
	if (!strcmp(type, "OBJECT_EXTENSION")) {
		AST_EACH(o, ast_list(st->node, "objects")) {
			const char *ext = ast_sval(o);
			if (ext && !strcmp(ext, "pgaudit"))
				lint_report(ctx, st, NULL,
					    "dropping the pgaudit extension stops audit logging "
					    "for this database");
		}
	} else if (!strcmp(type, "OBJECT_EVENT_TRIGGER")) {
		lint_report(ctx, st, NULL,
			    "dropping event trigger '%s' stops whatever it records about DDL, "
			    "audit trails included",
			    ast_sval(ast_first(ast_list(st->node, "objects"))));
	}
}

static void check_event_trigger(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *enabled = ast_str(st->node, "tgenabled");

	if (!enabled || lint_is_down(ctx))
		return;
	if (!strcmp(enabled, "D"))
		lint_report(ctx, st, NULL,
			    "disabling event trigger '%s' stops whatever it records about DDL, "
			    "audit trails included",
			    ast_str(st->node, "trigname"));
	else if (!strcmp(enabled, "R"))
		lint_report(ctx, st, NULL,
			    "ENABLE REPLICA makes event trigger '%s' fire only in replica "
			    "sessions: it stops recording DDL, audit trails included",
			    ast_str(st->node, "trigname"));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *tag = st->tag;

	if (!strcmp(tag, "VariableSetStmt") || !strcmp(tag, "AlterSystemStmt") ||
	    !strcmp(tag, "AlterDatabaseSetStmt") || !strcmp(tag, "AlterRoleSetStmt")) {
		check_setting(ctx, st);
	} else if (!strcmp(tag, "SelectStmt")) {
		struct set_config_walk w = { ctx, st };
		ast_walk(st->node, visit_set_config, &w);
	} else if (!strcmp(tag, "DropStmt")) {
		check_drop(ctx, st);
	} else if (!strcmp(tag, "AlterEventTrigStmt")) {
		check_event_trigger(ctx, st);
	}
}

const sg_rule rule_disable_audit = {
	.id = "disable-audit",
	.severity = SG_ERROR_SEV,
	.summary = "audit logging is dropped, disabled or set to log nothing",
	.why = "Audit logs prove who accessed or changed the data. Dropping pgaudit, setting "
	       "pgaudit.log (or another pgaudit setting) to 'none' or '', setting log_statement "
	       "to 'none', or disabling or dropping the event triggers that record DDL switches "
	       "that record off, for the cluster, a database, a role or the session, and "
	       "whatever follows leaves no trace.",
	.help = "Keep auditing on; to change what is logged, adjust the classes (pgaudit.log = "
		"'ddl, write') with the security team's approval, and to undo a database- or "
		"role-level override use RESET (`ALTER ROLE app RESET pgaudit.log;`).",
	.bad = "ALTER ROLE etl_loader SET pgaudit.log = 'none';",
	.good = "ALTER ROLE etl_loader RESET pgaudit.log;",
	.check = check,
};
