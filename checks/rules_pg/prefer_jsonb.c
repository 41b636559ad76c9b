/*
 * prefer-jsonb: a column declared or retyped as json.
 *
 * json keeps the text as written and reparses it on every access; it has
 * no equality operator, so DISTINCT, GROUP BY, UNION and UNIQUE on it fail,
 * and it cannot be indexed with GIN. jsonb stores the parsed form and has
 * all of these. No lock or scan is involved: this is a design warning.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_builtin_type(const sg_node *type_name, const char *want)
{
	const sg_node *names = ast_list(type_name, "names");
	const char *schema = ast_name_qualifier(names);
	const char *name = ast_name_last(names);

	return name && !strcmp(name, want) && (!schema || !strcmp(schema, "pg_catalog"));
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at,
			 const sg_node *coldef, const char *col, const char *table)
{
	if (is_builtin_type(ast_field(coldef, "typeName"), "json"))
		lint_report(ctx, st, at,
			    "column '%s' of '%s' is json: it is reparsed on every access and has no "
			    "equality operator (DISTINCT, GROUP BY and UNIQUE fail); use jsonb",
			    col ? col : "?", table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *objtype = ast_str(st->node, "objtype");
	char table[256];

	lint_relname(ast_field(st->node, "relation"), table, sizeof(table));
	if (!strcmp(st->tag, "CreateStmt")) {
		AST_EACH(elt, ast_list(st->node, "tableElts"))
			if (ast_is(elt, "ColumnDef"))
				check_column(ctx, st, elt, elt, ast_str(elt, "colname"), table);
	} else if (!strcmp(st->tag, "AlterTableStmt") && objtype &&
		   !strcmp(objtype, "OBJECT_TABLE")) {
		AST_EACH(cmd, ast_list(st->node, "cmds")) {
			const char *t = ast_str(cmd, "subtype");
			const sg_node *def = ast_field(cmd, "def");
			if (t && !strcmp(t, "AT_AddColumn"))
				check_column(ctx, st, cmd, def, ast_str(def, "colname"), table);
			else if (t && !strcmp(t, "AT_AlterColumnType"))
				check_column(ctx, st, cmd, def, ast_str(cmd, "name"), table);
		}
	}
}

const sg_rule rule_prefer_jsonb = {
	.id = "prefer-jsonb",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "json column: prefer jsonb",
	.why = "json stores the text as written and reparses it on every access. It has no "
	       "equality operator, so SELECT DISTINCT, GROUP BY, UNION and UNIQUE constraints on "
	       "it fail, and it has no GIN operator class for indexing. jsonb stores the parsed "
	       "form and supports all of these.",
	.help = "Declare the column as jsonb (key order, duplicate keys and whitespace are not "
		"kept; if they must be, say so with an ignore comment).",
	.bad = "CREATE TABLE events (id bigint PRIMARY KEY, payload json);",
	.good = "CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);",
	.check = check,
};
