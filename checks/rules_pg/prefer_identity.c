/*
 * prefer-identity: a serial, bigserial or smallserial column.
 *
 * serial is shorthand for an integer column with a DEFAULT nextval() on a
 * separately owned sequence: the sequence needs its own grants (USAGE for
 * every role that inserts), is left behind or shared by CREATE TABLE ...
 * LIKE and some dump/restore paths, and explicit ids inserted by hand do
 * not advance it. Identity columns (PostgreSQL 10+) are the SQL-standard
 * form and have none of these quirks. This is a design warning.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col, void *data)
{
	const sg_node *tn = ast_field(col->def, "typeName");

	(void)data;
	if (pg_is_serial_type(tn))
		lint_report(ctx, st, col->at,
			    "column '%s' of '%s' is %s: declare it GENERATED ALWAYS AS IDENTITY "
			    "instead, which needs no separate sequence and grants",
			    col->name ? col->name : "?", col->table,
			    ast_name_last(ast_list(tn, "names")));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (lint_server_version(ctx) < 100000)
		return; /* identity columns came with PostgreSQL 10 */
	pg_each_column(ctx, st, check_column, NULL);
}

const sg_rule rule_prefer_identity = {
	.id = "prefer-identity",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "serial column: prefer an identity column",
	.why = "serial creates a separate sequence behind a DEFAULT nextval(): roles that insert "
	       "need their own USAGE grant on it, CREATE TABLE ... LIKE copies the default but "
	       "shares the sequence, and rows inserted with explicit ids do not advance it. "
	       "GENERATED ... AS IDENTITY (PostgreSQL 10+) is the SQL-standard form, owned by the "
	       "column, and ALWAYS rejects accidental explicit ids.",
	.help = "Declare `id bigint GENERATED ALWAYS AS IDENTITY` (or BY DEFAULT when explicit ids "
		"must stay possible).",
	.bad = "CREATE TABLE users (id bigserial PRIMARY KEY, email text);",
	.good = "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
		"email text);",
	.check = check,
};
