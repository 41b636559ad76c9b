/*
 * add-column-rewrite-default: ALTER TABLE ... ADD COLUMN ... DEFAULT that
 * rewrites an existing table.
 *
 * Since PostgreSQL 11 a non-volatile default (a constant, a cast of one,
 * now(), CURRENT_TIMESTAMP) is evaluated once and kept in the catalog as
 * the value of the rows that existed before: the ADD COLUMN is a brief
 * ACCESS EXCLUSIVE catalog change. A volatile default (clock_timestamp(),
 * random(), gen_random_uuid(), nextval(), or a user-defined function, which
 * CREATE FUNCTION makes VOLATILE unless told otherwise) has to be computed
 * for every row, so the server rewrites the whole table and rebuilds its
 * indexes while holding ACCESS EXCLUSIVE: no reads and no writes until it
 * is done. On PostgreSQL 10 and older every non-NULL default does this.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

static void check_add_column(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			     void *data)
{
	const sg_node *def = alter->def;
	const sg_node *expr = ast_field(pg_column_constraint(def, "CONSTR_DEFAULT"), "raw_expr");
	const char *col = ast_str(def, "colname") ? ast_str(def, "colname") : "?";
	char call[192];

	char type[256];

	(void)data;
	/* Each row's value must pass the domain's constraints: the server rewrites. */
	lint_qualified_name(ast_list(ast_field(def, "typeName"), "names"), type, sizeof(type));
	if (lint_object_is_new(ctx, "constrained-domain", type)) {
		lint_report(ctx, st, alter->cmd,
			    "adding column '%s' to '%s' of domain %s, which has constraints, takes "
			    "ACCESS EXCLUSIVE and rewrites the whole table to check every row",
			    col, alter->table, type);
		return;
	}
	if (!expr || pg_is_null_const(expr))
		return;
	if (pg_volatile_call(expr, call, sizeof(call)))
		lint_report(ctx, st, alter->cmd,
			    "adding column '%s' to '%s' with the volatile default %s() takes ACCESS "
			    "EXCLUSIVE and rewrites the whole table and its indexes, blocking reads "
			    "and writes until done",
			    col, alter->table, call);
	else if (lint_server_version(ctx) < 110000)
		lint_report(ctx, st, alter->cmd,
			    "adding column '%s' to '%s' with a DEFAULT takes ACCESS EXCLUSIVE and "
			    "rewrites the whole table and its indexes on PostgreSQL 10 and older",
			    col, alter->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_AddColumn", check_add_column, NULL);
}

const sg_rule rule_add_column_rewrite_default = {
	.id = "add-column-rewrite-default",
	.severity = SG_ERROR_SEV,
	.summary = "adding a column with a volatile default (any default before PG 11) rewrites the "
		   "whole table",
	.why = "ADD COLUMN with a volatile DEFAULT (clock_timestamp(), random(), gen_random_uuid(), "
	       "nextval(), any user-defined function) computes the value for every existing row: "
	       "the table and all its indexes are rewritten under ACCESS EXCLUSIVE, which blocks "
	       "reads and writes for as long as the rewrite takes. PostgreSQL 11+ stores a "
	       "non-volatile default (a constant, now(), CURRENT_TIMESTAMP) in the catalog "
	       "instead; on PostgreSQL 10 and older any non-NULL default rewrites the table.",
	.help = "Add the column without a default (a brief catalog change), then `ALTER TABLE "
		"... ALTER COLUMN ... SET DEFAULT ...` so that new rows get it, and backfill the "
		"existing rows in batches (UPDATE ... WHERE id BETWEEN ... AND ...) outside the DDL "
		"transaction. On PostgreSQL 11+ a constant or stable default such as now() needs "
		"none of this.",
	.bad = "ALTER TABLE users ADD COLUMN api_token uuid DEFAULT gen_random_uuid();",
	.good = "SET lock_timeout = '5s';\n"
		"ALTER TABLE users ADD COLUMN api_token uuid;\n"
		"ALTER TABLE users ALTER COLUMN api_token SET DEFAULT gen_random_uuid();\n"
		"-- then backfill existing rows in batches, outside this migration",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
