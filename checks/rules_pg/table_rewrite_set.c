/*
 * table-rewrite-set: ALTER TABLE ... SET LOGGED / SET UNLOGGED / SET
 * TABLESPACE / SET ACCESS METHOD on an existing table (or materialized
 * view), ALTER INDEX ... SET TABLESPACE, and ALTER TABLE|INDEX|MATERIALIZED
 * VIEW ALL IN TABLESPACE ... SET TABLESPACE.
 *
 * Each of these writes a complete new copy of the relation (SET LOGGED also
 * sends all of it through the WAL) while holding ACCESS EXCLUSIVE, so every
 * read and write of the table waits for the whole copy. Moving an index
 * locks it ACCESS EXCLUSIVE, and every query that plans against the table
 * opens its indexes, so the table is blocked just the same.
 *
 * A partitioned table has no storage of its own (SET TABLESPACE only sets
 * the default for future partitions), but nothing offline tells it apart
 * from a plain table; the dry-run does.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

/* What the sub-command does to the relation, or NULL when it does not copy it. */
static const char *rewrite_action(const char *subtype)
{
	if (!strcmp(subtype, "AT_SetLogged"))
		return "SET LOGGED rewrites";
	if (!strcmp(subtype, "AT_SetUnLogged"))
		return "SET UNLOGGED rewrites";
	if (!strcmp(subtype, "AT_SetTableSpace"))
		return "SET TABLESPACE copies";
	if (!strcmp(subtype, "AT_SetAccessMethod"))
		return "SET ACCESS METHOD rewrites";
	return NULL;
}

static bool relation_is_new(const sg_lint_ctx *ctx, const sg_node *rel, bool is_index)
{
	if (is_index)
		return pg_index_is_new(ctx, rel);
	return lint_relation_is_new(ctx, rel);
}

static void check_alter(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	const char *objtype = ast_str(st->node, "objtype");
	bool is_index = objtype && !strcmp(objtype, "OBJECT_INDEX");
	char name[256];

	if (relation_is_new(ctx, rel, is_index))
		return;
	lint_relname(rel, name, sizeof(name));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		const char *action = t ? rewrite_action(t) : NULL;

		if (!action)
			continue;
		if (is_index)
			lint_report(ctx, st, cmd,
				    "%s index '%s' under ACCESS EXCLUSIVE: queries on its table "
				    "wait until the copy finishes",
				    action, name);
		else
			lint_report(ctx, st, cmd,
				    "%s the whole of '%s' under ACCESS EXCLUSIVE: every read and "
				    "write waits until it finishes",
				    action, name);
	}
}

static void check_move_all(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *from = ast_str(st->node, "orig_tablespacename");
	const char *objtype = ast_str(st->node, "objtype");
	const char *what = "table";

	if (objtype && !strcmp(objtype, "OBJECT_INDEX"))
		what = "index";
	else if (objtype && !strcmp(objtype, "OBJECT_MATVIEW"))
		what = "materialized view";
	lint_report(ctx, st, NULL,
		    "ALL IN TABLESPACE copies every %s in tablespace '%s', each under ACCESS "
		    "EXCLUSIVE: reads and writes wait for each copy",
		    what, from ? from : "?");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (!strcmp(st->tag, "AlterTableStmt"))
		check_alter(ctx, st);
	else if (!strcmp(st->tag, "AlterTableMoveAllStmt"))
		check_move_all(ctx, st);
}

const sg_rule rule_table_rewrite_set = {
	.id = "table-rewrite-set",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "set logged, unlogged, tablespace or access method copies the table under an "
		   "access exclusive lock",
	.why = "SET LOGGED, SET UNLOGGED, SET TABLESPACE and SET ACCESS METHOD write a new copy of "
	       "the whole table (SET LOGGED also logs all of it to the WAL) while holding ACCESS "
	       "EXCLUSIVE: every read and write waits for the copy. Moving an index locks it "
	       "ACCESS EXCLUSIVE, which blocks every query planned on its table.",
	.help = "Do not change persistence, storage or tablespace of a busy table in a migration: "
		"create the new table with the wanted setting, copy the rows in batches, keep it "
		"in sync with a trigger and swap the names; for indexes, CREATE INDEX "
		"CONCURRENTLY ... TABLESPACE new, then DROP INDEX CONCURRENTLY the old one.",
	.bad = "ALTER TABLE events SET LOGGED;",
	.good = "CREATE TABLE events_logged (LIKE events INCLUDING ALL);\n"
		"-- copy rows in batches, then swap names in a short transaction",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
