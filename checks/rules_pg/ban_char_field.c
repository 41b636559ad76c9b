/*
 * ban-char-field: a column declared or retyped as char(n) / character(n)
 * (the internal type bpchar).
 *
 * char(n) pads values with blanks to n characters, ignores trailing blanks
 * in comparisons but not in LIKE or regular expressions, and is no faster
 * nor smaller than text or varchar. The quoted "char" is a different,
 * internal one-byte type and is not concerned. No lock or scan is
 * involved: this is a design warning.
 */
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

static bool is_bpchar(const sg_node *type_name)
{
	const sg_node *names = ast_list(type_name, "names");
	const char *schema = ast_name_qualifier(names);
	const char *name = ast_name_last(names);

	return name && !strcmp(name, "bpchar") && (!schema || !strcmp(schema, "pg_catalog"));
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at,
			 const sg_node *coldef, const char *col, const char *table)
{
	const sg_node *tn = ast_field(coldef, "typeName");
	char type[64];

	if (!is_bpchar(tn))
		return;
	lint_type_text(tn, type, sizeof(type));
	lint_report(ctx, st, at,
		    "column '%s' of '%s' is char%s: values are blank-padded and trailing blanks "
		    "compare inconsistently; use text or varchar",
		    col ? col : "?", table, type + strlen("bpchar"));
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

const sg_rule rule_ban_char_field = {
	.id = "ban-char-field",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "char(n) column: prefer text or varchar",
	.why = "char(n) pads every value with blanks to n characters. Trailing blanks are ignored "
	       "by = but not by LIKE, regular expressions or when cast to text, which causes subtle "
	       "comparison bugs, and the type is no faster or smaller than text or varchar.",
	.help = "Declare the column as text (with a CHECK (length(col) = n) if the length matters) "
		"or varchar(n).",
	.bad = "CREATE TABLE countries (code char(2) PRIMARY KEY, name text);",
	.good = "CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2), "
		"name text);",
	.check = check,
};
