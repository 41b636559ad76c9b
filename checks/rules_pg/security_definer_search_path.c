/*
 * security-definer-search-path: a SECURITY DEFINER function or procedure
 * without a pinned search_path.
 *
 * A SECURITY DEFINER routine runs with its owner's privileges but resolves
 * unqualified tables, functions and operators through the caller's
 * search_path. A caller who can create objects in any schema on that path
 * (or in pg_temp, which comes first unless listed) shadows what the
 * function uses and runs their own code as the owner: privilege
 * escalation, up to superuser when a superuser owns the function.
 * `SET search_path = ...` among the function's options fixes the path.
 * A BEGIN ATOMIC body binds its objects when the function is created, so
 * it is not exposed.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static const sg_node *security_definer(const sg_node *options)
{
	const sg_node *o = pg_option(options, "security");

	return o && ast_bool(ast_field(o, "arg"), "boolval") ? o : NULL;
}

/* SET search_path = ... or SET search_path FROM CURRENT among the options. */
static bool pins_search_path(const sg_node *options)
{
	AST_EACH(o, options) {
		const char *d = ast_str(o, "defname");
		const sg_node *set = ast_field(o, "arg");
		const char *name = ast_str(set, "name");
		const char *kind = ast_str(set, "kind");

		if (!d || strcmp(d, "set") || !name || strcmp(name, "search_path") || !kind)
			continue;
		if (!strcmp(kind, "VAR_SET_VALUE") || !strcmp(kind, "VAR_SET_CURRENT"))
			return true;
	}
	return false;
}

/* "function", "procedure" or "routine" (ALTER ROUTINE). */
static const char *routine_kind(const sg_stmt *st)
{
	const char *objtype = ast_str(st->node, "objtype");

	if (ast_bool(st->node, "is_procedure") || (objtype && !strcmp(objtype, "OBJECT_PROCEDURE")))
		return "procedure";
	return objtype && !strcmp(objtype, "OBJECT_ROUTINE") ? "routine" : "function";
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	bool create = !strcmp(st->tag, "CreateFunctionStmt");
	const sg_node *options, *definer;
	const char *name;

	if (!create && strcmp(st->tag, "AlterFunctionStmt"))
		return;
	options = ast_list(st->node, create ? "options" : "actions");
	definer = security_definer(options);
	if (!definer || pins_search_path(options) || (create && ast_field(st->node, "sql_body")))
		return;
	name = create ? ast_name_last(ast_list(st->node, "funcname"))
		      : ast_name_last(ast_list(ast_field(st->node, "func"), "objname"));
	lint_report(ctx, st, definer,
		    "SECURITY DEFINER %s '%s' runs with its owner's privileges but resolves names "
		    "through the caller's search_path: a caller can shadow the objects it uses "
		    "and run their own code as the owner",
		    routine_kind(st), name ? name : "?");
}

const sg_rule rule_security_definer_search_path = {
	.id = "security-definer-search-path",
	.severity = SG_ERROR_SEV,
	.summary = "a SECURITY DEFINER function does not pin its search_path",
	.why = "A SECURITY DEFINER function runs with its owner's privileges but looks up "
	       "unqualified names through the caller's search_path. Anyone who can create a "
	       "table, function or operator in a schema on that path (pg_temp included) can make "
	       "the function run their code with the owner's rights.",
	.help = "Pin the path in the definition, with pg_temp last: `SECURITY DEFINER SET "
		"search_path = app, pg_temp` (or schema-qualify every name and use SET search_path "
		"= ''); SET search_path FROM CURRENT also pins it, to whatever the migration "
		"session had.",
	.bad = "CREATE FUNCTION app.archive_user(uid bigint) RETURNS void\n"
	       "LANGUAGE sql SECURITY DEFINER\n"
	       "AS 'UPDATE users SET archived = true WHERE id = uid';",
	.good = "CREATE FUNCTION app.archive_user(uid bigint) RETURNS void\n"
		"LANGUAGE sql SECURITY DEFINER SET search_path = app, pg_temp\n"
		"AS 'UPDATE users SET archived = true WHERE id = uid';",
	.check = check,
};
