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
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col, void *data)
{
	(void)data;
	if (pg_type_is(ast_field(col->def, "typeName"), "timestamp"))
		lint_report(ctx, st, col->at,
			    "column '%s' of '%s' is timestamp without time zone: it stores a "
			    "wall-clock reading, not an instant; use timestamptz",
			    col->name ? col->name : "?", col->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_column_type(ctx, st, check_column, NULL);
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
