/*
 * add-unique-constraint: ADD CONSTRAINT ... UNIQUE (without USING INDEX)
 * or ADD COLUMN ... UNIQUE on an existing table.
 *
 * The unique index is built inside the ALTER TABLE, which holds ACCESS
 * EXCLUSIVE on the table for the whole build: every read and write waits.
 * The build fails, after all that waiting, if duplicates exist. The online
 * form builds the index with CREATE UNIQUE INDEX CONCURRENTLY and then
 * attaches it with ADD CONSTRAINT ... UNIQUE USING INDEX, a catalog change.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_constraint(sg_lint_ctx *ctx, const sg_stmt *st,
			     const pg_added_constraint *added, void *data)
{
	const char *name = added->name;

	(void)data;
	if (ast_str(added->con, "indexname"))
		return; /* USING INDEX: the index is already built */
	if (!added->column)
		lint_report(ctx, st, added->cmd,
			    "adding UNIQUE constraint '%s' to '%s' builds its index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build, and fails if "
			    "duplicates exist",
			    name ? name : "(unnamed)", added->table);
	else
		lint_report(ctx, st, added->cmd,
			    "adding UNIQUE column '%s' to '%s' builds a unique index under ACCESS "
			    "EXCLUSIVE, blocking reads and writes for the whole build",
			    name ? name : "?", added->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_added_constraint(ctx, st, "CONSTR_UNIQUE", check_constraint, NULL);
}

const sg_rule rule_add_unique_constraint = {
	.id = "add-unique-constraint",
	.severity = SG_ERROR_SEV,
	.summary = "adding a unique constraint builds its index under access exclusive",
	.why = "ALTER TABLE ... ADD UNIQUE (and ADD COLUMN ... UNIQUE) builds the unique index "
	       "while holding ACCESS EXCLUSIVE on the table, so every SELECT, INSERT, UPDATE and "
	       "DELETE waits for the whole build; if existing rows hold duplicates the build "
	       "fails at the end and all that waiting was for nothing.",
	.help = "Build the index online, outside a transaction: CREATE UNIQUE INDEX CONCURRENTLY "
		"users_email_key ON users (email); check that it is valid (pg_index.indisvalid), "
		"then attach it in a brief catalog change: ALTER TABLE users ADD CONSTRAINT "
		"users_email_key UNIQUE USING INDEX users_email_key. For a new column: add it "
		"without UNIQUE first.",
	.bad = "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
	.good = "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
		"-- in a later migration:\n"
		"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
