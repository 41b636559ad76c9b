/*
 * prefer-bigint: a key-like column (PRIMARY KEY, identity or serial) of a
 * 32- or 16-bit integer type.
 *
 * int/serial keys run out at 2,147,483,647 (smallint/smallserial at
 * 32,767); inserts then fail with "integer out of range" or "nextval:
 * reached maximum value", and widening the key later is a table rewrite
 * under ACCESS EXCLUSIVE, plus every foreign key that references it. bigint
 * costs four more bytes per row. This is a design warning.
 */
#include "checks/rule.h"

#include <string.h>

#define INT4_LIMIT "2,147,483,647"
#define INT2_LIMIT "32,767"

/* The limit of a 32- or 16-bit integer type or serial, or NULL for anything else. */
static const char *small_int_limit(const sg_node *type_name, bool *is_serial)
{
	/* serial is a parser shorthand, recognised only unqualified */
	static const struct {
		const char *name;
		const char *limit;
	} serials[] = { { "serial", INT4_LIMIT }, { "serial4", INT4_LIMIT },
			{ "smallserial", INT2_LIMIT }, { "serial2", INT2_LIMIT } };
	const sg_node *names = ast_list(type_name, "names");
	const char *schema = ast_name_qualifier(names);
	const char *name = ast_name_last(names);
	size_t i;

	*is_serial = false;
	if (!name || ast_len(ast_list(type_name, "arrayBounds")))
		return NULL;
	for (i = 0; ast_len(names) == 1 && i < sizeof(serials) / sizeof(serials[0]); i++) {
		if (!strcmp(name, serials[i].name)) {
			*is_serial = true;
			return serials[i].limit;
		}
	}
	if (schema && strcmp(schema, "pg_catalog"))
		return NULL;
	if (!strcmp(name, "int4"))
		return INT4_LIMIT;
	if (!strcmp(name, "int2"))
		return INT2_LIMIT;
	return NULL;
}

static bool is_primary_key_of(const sg_node *con, const char *col)
{
	const char *t = ast_str(con, "contype");

	if (!ast_is(con, "Constraint") || !t || strcmp(t, "CONSTR_PRIMARY"))
		return false;
	AST_EACH(key, ast_list(con, "keys"))
		if (ast_sval(key) && !strcmp(ast_sval(key), col))
			return true;
	return false;
}

/* A table constraint PRIMARY KEY (..., col, ...) of the same statement. */
static bool in_table_primary_key(const sg_stmt *st, const char *col)
{
	AST_EACH(elt, ast_list(st->node, "tableElts"))
		if (is_primary_key_of(elt, col))
			return true;
	AST_EACH(cmd, ast_list(st->node, "cmds"))
		if (is_primary_key_of(ast_field(cmd, "def"), col))
			return true;
	return false;
}

static bool is_key_like(const sg_stmt *st, const sg_node *coldef, bool is_serial)
{
	if (is_serial || in_table_primary_key(st, ast_str(coldef, "colname")))
		return true;
	AST_EACH(c, ast_list(coldef, "constraints")) {
		const char *t = ast_str(c, "contype");
		if (t && (!strcmp(t, "CONSTR_PRIMARY") || !strcmp(t, "CONSTR_IDENTITY")))
			return true;
	}
	return false;
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at,
			 const sg_node *coldef, const char *table)
{
	const sg_node *tn = ast_field(coldef, "typeName");
	bool is_serial;
	const char *limit = small_int_limit(tn, &is_serial);
	char type[64];

	if (!limit || !ast_str(coldef, "colname") || !is_key_like(st, coldef, is_serial))
		return;
	lint_report(ctx, st, at,
		    "key column '%s' of '%s' is %s, which runs out at %s: inserts then fail and "
		    "widening it later rewrites the table; use bigint",
		    ast_str(coldef, "colname"), table, lint_type_text(tn, type, sizeof(type)),
		    limit);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *objtype = ast_str(st->node, "objtype");
	char table[256];

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

const sg_rule rule_prefer_bigint = {
	.id = "prefer-bigint",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "integer or smallint key column: prefer bigint",
	.why = "A key of type integer/serial runs out at 2,147,483,647 values (smallint/smallserial "
	       "at 32,767). Busy tables reach that: inserts then fail, and widening the column "
	       "rewrites the table, its indexes and every referencing foreign key column under "
	       "ACCESS EXCLUSIVE. bigint costs four more bytes per row.",
	.help = "Declare keys as bigint: `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`.",
	.bad = "CREATE TABLE users (id serial PRIMARY KEY, email text);",
	.good = "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
		"email text);",
	.check = check,
};
