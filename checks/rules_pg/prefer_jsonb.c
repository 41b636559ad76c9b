/*
 * prefer-jsonb: a column declared or retyped as json.
 *
 * json keeps the text as written and reparses it on every access; it has
 * no equality operator, so DISTINCT, GROUP BY, UNION and UNIQUE on it fail,
 * and it cannot be indexed with GIN. jsonb stores the parsed form and has
 * all of these. No lock or scan is involved: this is a design warning.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col, void *data)
{
	(void)data;
	if (pg_type_is(ast_field(col->def, "typeName"), "json"))
		lint_report(ctx, st, col->at,
			    "column '%s' of '%s' is json: it is reparsed on every access and has no "
			    "equality operator (DISTINCT, GROUP BY and UNIQUE fail); use jsonb",
			    col->name ? col->name : "?", col->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_column_type(ctx, st, check_column, NULL);
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
