/*
 * rename-table: ALTER TABLE | VIEW | MATERIALIZED VIEW | FOREIGN TABLE ...
 * RENAME TO, or ... SET SCHEMA, on an existing relation.
 *
 * Either is a brief ACCESS EXCLUSIVE catalog change, but the application
 * version still running keeps using the old name: every one of its queries
 * on the relation fails from the moment the migration commits until the new
 * version is deployed everywhere.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_app_relation(const char *objtype)
{
	return objtype && (!strcmp(objtype, "OBJECT_TABLE") || !strcmp(objtype, "OBJECT_VIEW") ||
			   !strcmp(objtype, "OBJECT_MATVIEW") ||
			   !strcmp(objtype, "OBJECT_FOREIGN_TABLE"));
}

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	char name[256];

	if (!rel || lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, name, sizeof(name));
	if (!strcmp(st->tag, "RenameStmt") && is_app_relation(ast_str(st->node, "renameType")))
		lint_report(ctx, st, NULL,
			    "renaming '%s' to '%s' breaks the application version still running, "
			    "which keeps querying the old name",
			    name, or_unknown(ast_str(st->node, "newname")));
	else if (!strcmp(st->tag, "AlterObjectSchemaStmt") &&
		 is_app_relation(ast_str(st->node, "objectType")))
		lint_report(ctx, st, NULL,
			    "moving '%s' to schema '%s' breaks the application version still "
			    "running, which keeps querying it by its old name",
			    name, or_unknown(ast_str(st->node, "newschema")));
}

const sg_rule rule_rename_table = {
	.id = "rename-table",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "renaming a table or view breaks the application version still running",
	.why = "RENAME TO and SET SCHEMA are brief ACCESS EXCLUSIVE catalog changes, but every "
	       "query of the deployed application that names the old relation fails as soon as "
	       "the migration commits, until the new application version is out everywhere.",
	.help = "Rename in steps: rename the table and create a view with the old name in the same "
		"transaction (simple views are updatable), deploy the application using the new "
		"name, then drop the view in a later migration. Or keep the name and change only "
		"the application's mapping.",
	.bad = "ALTER TABLE customers RENAME TO clients;",
	.good = "CREATE VIEW clients AS SELECT * FROM customers;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
