/*
 * prefer-timestamptz: a column declared or retyped as timestamp (without
 * time zone).
 *
 * timestamp stores a wall-clock reading with no zone: the same value means
 * different instants for clients in different zones, and it jumps or
 * repeats across daylight-saving changes. timestamptz stores an instant
 * (UTC) and converts on input and output. No lock or scan is involved:
 * this is a design warning.
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
	if (is_builtin_type(ast_field(coldef, "typeName"), "timestamp"))
		lint_report(ctx, st, at,
			    "column '%s' of '%s' is timestamp without time zone: it stores a "
			    "wall-clock reading, not an instant; use timestamptz",
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

const sg_rule rule_prefer_timestamptz = {
	.id = "prefer-timestamptz",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "timestamp without time zone column: prefer timestamptz",
	.why = "timestamp (without time zone) stores a wall-clock reading with no zone: the same "
	       "value is a different instant for each client's TimeZone, and local times repeat or "
	       "vanish across daylight-saving changes. timestamptz stores an instant and converts "
	       "it to the session's zone on output; it takes the same 8 bytes.",
	.help = "Declare the column as timestamptz (timestamp with time zone).",
	.bad = "CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamp);",
	.good = "CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);",
	.check = check,
};
