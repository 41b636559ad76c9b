/*
 * add-primary-key: ADD PRIMARY KEY (without USING INDEX), or ADD COLUMN
 * ... PRIMARY KEY, on an existing table.
 *
 * The ALTER TABLE holds ACCESS EXCLUSIVE while it builds the unique index
 * and, for key columns not yet NOT NULL, scans the table to set them NOT
 * NULL: every read and write waits for both, and duplicates or NULLs make
 * it fail at the end. The online form builds the index concurrently and
 * attaches it with ADD PRIMARY KEY USING INDEX; that still sets the key
 * columns NOT NULL, with a scan under ACCESS EXCLUSIVE when one is not yet:
 * reported when the run shows the column was added nullable.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

/* USING INDEX on a column this run added as nullable: the implied SET NOT NULL scans. */
static void check_using_index(sg_lint_ctx *ctx, const sg_stmt *st,
			      const pg_added_constraint *added)
{
	const sg_node *rel = ast_field(st->node, "relation");
	const char *cols = lint_index_columns(ctx, ast_str(rel, "schemaname"),
					      ast_str(added->con, "indexname"));
	char key[256], col[64];

	lint_rangevar_key(rel, key, sizeof(key));
	while (cols && *cols) {
		size_t n = strcspn(cols, ",");
		snprintf(col, sizeof(col), "%.*s", (int)n, cols);
		if (lint_column_may_be_null(ctx, key, col)) {
			lint_report(ctx, st, added->cmd,
				    "PRIMARY KEY USING INDEX sets '%s.%s' NOT NULL, and it was added "
				    "nullable: the whole table is scanned under ACCESS EXCLUSIVE",
				    added->table, col);
			return;
		}
		cols += n + (cols[n] == ',');
	}
}

static void check_constraint(sg_lint_ctx *ctx, const sg_stmt *st,
			     const pg_added_constraint *added, void *data)
{
	(void)data;
	if (ast_str(added->con, "indexname")) {
		check_using_index(ctx, st, added);
		return; /* the index is already built */
	}
	if (!added->column)
		lint_report(ctx, st, added->cmd,
			    "adding a primary key to '%s' builds its index and checks its columns "
			    "for NULLs under ACCESS EXCLUSIVE, blocking reads and writes until both "
			    "finish; it fails on duplicates or NULLs",
			    added->table);
	else
		lint_report(ctx, st, added->cmd,
			    "adding primary key column '%s' to '%s' builds its index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build",
			    added->name ? added->name : "?", added->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_added_constraint(ctx, st, "CONSTR_PRIMARY", check_constraint, NULL);
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
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
