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
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *what = pg_non_transactional(st->node);

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
