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
#include "checks/pg_walk.h"
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
	if (pg_type_is(type_name, "int4"))
		return INT4_LIMIT;
	if (pg_type_is(type_name, "int2"))
		return INT2_LIMIT;
	return NULL;
}

static bool is_key_like(const sg_stmt *st, const pg_column *col, bool is_serial)
{
	return is_serial || pg_in_primary_key(st->node, col->name) ||
	       pg_column_constraint(col->def, "CONSTR_PRIMARY") ||
	       pg_column_constraint(col->def, "CONSTR_IDENTITY");
}

static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_column *col, void *data)
{
	const sg_node *tn = ast_field(col->def, "typeName");
	bool is_serial;
	const char *limit = small_int_limit(tn, &is_serial);
	char type[64];

	(void)data;
	if (!limit || !col->name || !is_key_like(st, col, is_serial))
		return;
	lint_report(ctx, st, col->at,
		    "key column '%s' of '%s' is %s, which runs out at %s: inserts then fail and "
		    "widening it later rewrites the table; use bigint",
		    col->name, col->table, lint_type_text(tn, type, sizeof(type)), limit);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_column(ctx, st, check_column, NULL);
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
