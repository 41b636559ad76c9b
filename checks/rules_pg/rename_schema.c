/*
 * rename-schema: ALTER SCHEMA ... RENAME TO.
 *
 * A catalog-only change, but every object in the schema changes its
 * qualified name at once: the application version still running fails on
 * every query that names the schema (or finds it through search_path)
 * until the new version is deployed everywhere.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "renameType");
	const char *from = ast_str(st->node, "subname");
	const char *to = ast_str(st->node, "newname");

	if (strcmp(st->tag, "RenameStmt") || !type || strcmp(type, "OBJECT_SCHEMA") ||
	    lint_object_is_new(ctx, "schema", from))
		return;
	lint_report(ctx, st, NULL,
		    "renaming schema '%s' to '%s' renames every object in it: the application "
		    "version still running fails on each query that uses them",
		    from ? from : "?", to ? to : "?");
}

const sg_rule rule_rename_schema = {
	.id = "rename-schema",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "renaming a schema breaks the application version still running",
	.why = "ALTER SCHEMA ... RENAME TO changes the qualified name of every table, view and "
	       "function in the schema at once; the deployed application keeps using the old name "
	       "and fails until the new version is out everywhere.",
	.help = "Create the new schema and move objects to it one at a time with a compatibility "
		"view or function left behind under the old name, deploy the application using the "
		"new names, then drop the old schema in a later migration.",
	.bad = "ALTER SCHEMA billing RENAME TO invoicing;",
	.good = "CREATE SCHEMA invoicing;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
