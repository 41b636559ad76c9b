/*
 * add-primary-key: ADD PRIMARY KEY (without USING INDEX), or ADD COLUMN
 * ... PRIMARY KEY, on an existing table.
 *
 * The ALTER TABLE holds ACCESS EXCLUSIVE while it builds the unique index
 * and, for key columns not yet NOT NULL, scans the table to set them NOT
 * NULL: every read and write waits for both, and duplicates or NULLs make
 * it fail at the end. The online form builds the index concurrently and
 * attaches it with ADD PRIMARY KEY USING INDEX.
 */
#include "checks/rule.h"

#include <string.h>

static bool is_primary(const sg_node *con)
{
	const char *t = ast_str(con, "contype");

	return t && !strcmp(t, "CONSTR_PRIMARY");
}

static bool column_is_primary(const sg_node *coldef)
{
	AST_EACH(c, ast_list(coldef, "constraints"))
		if (is_primary(c))
			return true;
	return false;
}

static void check_cmd(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *cmd, const char *table)
{
	const char *t = ast_str(cmd, "subtype");
	const sg_node *def = ast_field(cmd, "def");

	if (!t)
		return;
	if (!strcmp(t, "AT_AddConstraint") && is_primary(def) && !ast_str(def, "indexname"))
		lint_report(ctx, st, cmd,
			    "adding a primary key to '%s' builds its index and checks its columns "
			    "for NULLs under ACCESS EXCLUSIVE, blocking reads and writes until both "
			    "finish; it fails on duplicates or NULLs",
			    table);
	else if (!strcmp(t, "AT_AddColumn") && column_is_primary(def))
		lint_report(ctx, st, cmd,
			    "adding primary key column '%s' to '%s' builds its index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build",
			    ast_str(def, "colname") ? ast_str(def, "colname") : "?", table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	rel = ast_field(st->node, "relation");
	if (lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds"))
		check_cmd(ctx, st, cmd, table);
}

const sg_rule rule_add_primary_key = {
	.id = "add-primary-key",
	.severity = SG_ERROR_SEV,
	.summary = "adding a primary key builds its index and checks for nulls under access exclusive",
	.why = "ALTER TABLE ... ADD PRIMARY KEY holds ACCESS EXCLUSIVE on the table while it builds "
	       "the unique index and, for key columns that are not yet NOT NULL, scans every row "
	       "to set them NOT NULL. Every SELECT, INSERT, UPDATE and DELETE waits for both; "
	       "duplicates or NULLs make it fail at the end.",
	.help = "Make the key columns NOT NULL first without a long lock (ADD CHECK (col IS NOT "
		"NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL, which PG 12+ does without "
		"a scan), build the index online with CREATE UNIQUE INDEX CONCURRENTLY "
		"orders_pkey ON orders (id), then attach it: ALTER TABLE orders ADD CONSTRAINT "
		"orders_pkey PRIMARY KEY USING INDEX orders_pkey. USING INDEX still scans for "
		"NULLs if a key column is nullable.",
	.bad = "ALTER TABLE orders ADD PRIMARY KEY (id);",
	.good = "CREATE UNIQUE INDEX CONCURRENTLY orders_pkey ON orders (id);\n"
		"-- in a later migration, with id already NOT NULL:\n"
		"ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_pkey;",
	.check = check,
};
