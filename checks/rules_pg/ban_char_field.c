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
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col, void *data)
{
	const sg_node *tn = ast_field(col->def, "typeName");
	char type[64];

	(void)data;
	if (!pg_type_is(tn, "bpchar"))
		return;
	lint_type_text(tn, type, sizeof(type));
	lint_report(ctx, st, col->at,
		    "column '%s' of '%s' is char%s: values are blank-padded and trailing blanks "
		    "compare inconsistently; use text or varchar",
		    col->name ? col->name : "?", col->table, type + strlen("bpchar"));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_column_type(ctx, st, check_column, NULL);
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
