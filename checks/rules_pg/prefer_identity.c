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
#include "checks/rule.h"

#include <string.h>

/* serial is a parser shorthand, recognised only unqualified. */
static bool is_serial_type(const sg_node *type_name)
{
	static const char *const serials[] = { "serial",  "serial4", "bigserial",
					       "serial8", "smallserial", "serial2" };
	const sg_node *names = ast_list(type_name, "names");
	const char *name = ast_name_last(names);
	size_t i;

	if (!name || ast_len(names) != 1)
		return false;
	for (i = 0; i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcmp(name, serials[i]))
			return true;
	return false;
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at,
			 const sg_node *coldef, const char *table)
{
	const sg_node *tn = ast_field(coldef, "typeName");

	if (is_serial_type(tn))
		lint_report(ctx, st, at,
			    "column '%s' of '%s' is %s: declare it GENERATED ALWAYS AS IDENTITY "
			    "instead, which needs no separate sequence and grants",
			    ast_str(coldef, "colname") ? ast_str(coldef, "colname") : "?", table,
			    ast_name_last(ast_list(tn, "names")));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *objtype = ast_str(st->node, "objtype");
	char table[256];

	if (lint_server_version(ctx) < 100000)
		return; /* identity columns came with PostgreSQL 10 */
	lint_relname(ast_field(st->node, "relation"), table, sizeof(table));
	if (!strcmp(st->tag, "CreateStmt")) {
		AST_EACH(elt, ast_list(st->node, "tableElts"))
			if (ast_is(elt, "ColumnDef"))
				check_column(ctx, st, elt, elt, table);
	} else if (!strcmp(st->tag, "AlterTableStmt") && objtype &&
		   !strcmp(objtype, "OBJECT_TABLE")) {
		AST_EACH(cmd, ast_list(st->node, "cmds")) {
			const char *t = ast_str(cmd, "subtype");
			if (t && !strcmp(t, "AT_AddColumn"))
				check_column(ctx, st, cmd, ast_field(cmd, "def"), table);
		}
	}
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
