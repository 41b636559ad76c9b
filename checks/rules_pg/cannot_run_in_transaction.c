/*
 * cannot-run-in-transaction: VACUUM, CREATE/DROP DATABASE, CREATE/DROP
 * TABLESPACE, ALTER SYSTEM and REINDEX SCHEMA/DATABASE/SYSTEM inside a
 * transaction block (an explicit BEGIN, the runner's transaction, or a DO
 * block).
 *
 * PostgreSQL refuses them there ("cannot run inside a transaction block",
 * or "cannot be executed from a function"), so the migration fails; in a
 * runner's transaction everything before it is rolled back. The
 * CONCURRENTLY forms are concurrently-in-transaction's.
 */
#include "checks/rule.h"

#include <string.h>

/* What the statement is, when it is one of those; NULL otherwise. */
static const char *non_transactional(const sg_stmt *st)
{
	const char *kind;

	if (!strcmp(st->tag, "VacuumStmt"))
		return ast_bool(st->node, "is_vacuumcmd") ? "VACUUM" : NULL;
	if (!strcmp(st->tag, "CreatedbStmt"))
		return "CREATE DATABASE";
	if (!strcmp(st->tag, "DropdbStmt"))
		return "DROP DATABASE";
	if (!strcmp(st->tag, "CreateTableSpaceStmt"))
		return "CREATE TABLESPACE";
	if (!strcmp(st->tag, "DropTableSpaceStmt"))
		return "DROP TABLESPACE";
	if (!strcmp(st->tag, "AlterSystemStmt"))
		return "ALTER SYSTEM";
	if (strcmp(st->tag, "ReindexStmt"))
		return NULL;
	kind = ast_str(st->node, "kind");
	if (kind && !strcmp(kind, "REINDEX_OBJECT_SCHEMA"))
		return "REINDEX SCHEMA";
	if (kind && !strcmp(kind, "REINDEX_OBJECT_DATABASE"))
		return "REINDEX DATABASE";
	if (kind && !strcmp(kind, "REINDEX_OBJECT_SYSTEM"))
		return "REINDEX SYSTEM";
	return NULL;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *what = non_transactional(st);

	if (!what || !lint_in_transaction(ctx))
		return;
	lint_report(ctx, st, NULL,
		    "%s cannot run inside a transaction block%s: PostgreSQL refuses it and the "
		    "migration fails",
		    what, st->in_do ? " or a DO block" : "");
}

const sg_rule rule_cannot_run_in_transaction = {
	.id = "cannot-run-in-transaction",
	.severity = SG_ERROR_SEV,
	.summary = "a statement PostgreSQL refuses to run inside a transaction block",
	.why = "VACUUM, CREATE and DROP DATABASE, CREATE and DROP TABLESPACE, ALTER SYSTEM and "
	       "REINDEX SCHEMA, DATABASE or SYSTEM cannot run in a transaction block or a function. "
	       "Inside BEGIN ... COMMIT, a runner's transaction or a DO block the statement fails, "
	       "and with it the migration.",
	.help = "Put the statement in a migration of its own that the runner runs outside a "
		"transaction (dbmate: `-- migrate:up transaction:false`; golang-migrate: a file "
		"with that single statement; Flyway: executeInTransaction=false), or run it from "
		"operations tooling rather than a schema migration.",
	.bad = "BEGIN;\nVACUUM (ANALYZE) orders;\nCOMMIT;",
	.good = "VACUUM (ANALYZE) orders;",
	.check = check,
};
