/*
 * concurrently-in-transaction: a CONCURRENTLY statement inside a
 * transaction block.
 *
 * CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ...
 * CONCURRENTLY and ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY commit
 * in several steps of their own, so PostgreSQL refuses them inside a
 * transaction block or a function ("cannot run inside a transaction
 * block"): the migration fails, and whatever ran before it in the same
 * transaction is rolled back. The transaction can be an explicit BEGIN,
 * the runner's (assume_in_transaction, dbmate's default) or a DO block.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static bool drop_is_concurrent(const sg_node *stmt)
{
	const char *type = ast_str(stmt, "removeType");

	return type && !strcmp(type, "OBJECT_INDEX") && ast_bool(stmt, "concurrent");
}

static const sg_node *concurrent_detach(const sg_node *stmt)
{
	AST_EACH(cmd, ast_list(stmt, "cmds"))
		if (pg_cmd_is(cmd, "AT_DetachPartition") &&
		    ast_bool(ast_field(cmd, "def"), "concurrent"))
			return cmd;
	return NULL;
}

static const char *why_refused(const sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (st->in_do)
		return "cannot be executed from a DO block, which runs as a function in one "
		       "transaction";
	if (lint_in_explicit_transaction(ctx))
		return "cannot run inside a transaction block, and this one is inside BEGIN ... "
		       "COMMIT";
	return "cannot run inside a transaction block, and the migration runner wraps this "
	       "file in one";
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *at = NULL;
	const char *what;

	if (!lint_in_transaction(ctx))
		return;
	if (!strcmp(st->tag, "IndexStmt") && ast_bool(st->node, "concurrent"))
		what = "CREATE INDEX CONCURRENTLY";
	else if (!strcmp(st->tag, "DropStmt") && drop_is_concurrent(st->node))
		what = "DROP INDEX CONCURRENTLY";
	else if (!strcmp(st->tag, "ReindexStmt") &&
		 pg_option_on(ast_list(st->node, "params"), "concurrently"))
		what = "REINDEX CONCURRENTLY";
	else if (!strcmp(st->tag, "AlterTableStmt") && (at = concurrent_detach(st->node)))
		what = "DETACH PARTITION CONCURRENTLY";
	else
		return;
	lint_report(ctx, st, at, "%s %s: PostgreSQL rejects it and the migration fails", what,
		    why_refused(ctx, st));
}

const sg_rule rule_concurrently_in_transaction = {
	.id = "concurrently-in-transaction",
	.severity = SG_ERROR_SEV,
	.summary = "a concurrently statement inside a transaction fails",
	.why = "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY and DETACH "
	       "PARTITION CONCURRENTLY commit in several steps of their own, so PostgreSQL refuses "
	       "them inside a transaction block, a DO block or a function: the migration fails and "
	       "everything before it in the same transaction is rolled back.",
	.help = "Put the statement alone in its own migration that runs outside a transaction: no "
		"BEGIN/COMMIT in the file (golang-migrate, plain files), `-- migrate:up "
		"transaction:false` (dbmate), executeInTransaction=false in the script config "
		"(Flyway), `-- atlas:txmode none` (Atlas), disable_ddl_transaction! (Rails); and not "
		"inside a DO block.",
	.bad = "BEGIN;\n"
	       "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n"
	       "COMMIT;",
	.good = "-- a migration of its own, run outside a transaction\n"
		"CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
	.check = check,
};
