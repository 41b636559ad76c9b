/*
 * unbatched-backfill: UPDATE or DELETE of an existing table that is not
 * batched: no WHERE clause, or one that does not bound the rows by a key
 * range, a point look-up or a LIMIT subquery.
 *
 * `UPDATE t SET c = 0` and `UPDATE t SET c = 0 WHERE c IS NULL` both touch
 * the whole table in one transaction: a row lock on every row it changes
 * (blocking every concurrent writer of those rows until the end), a dead
 * copy of every row (bloat, vacuum debt), a WAL burst that replicas lag
 * behind, and nothing to show for it if it is cancelled half way.
 *
 * What counts as batched is pg_rows_bounded() (checks/pg_bounds.c): point
 * look-ups, key ranges, LIMIT batches, joins with a seeded table. Batches
 * count only when each commits: without COMMIT a DO block or routine is one
 * transaction, and its loop holds every row it changed until the end.
 */
#include "checks/pg_bounds.h"
#include "checks/rule.h"

#include <string.h>

static void check_modification(sg_lint_ctx *ctx, const sg_stmt *st)
{
	bool is_update = !strcmp(st->tag, "UpdateStmt");
	const sg_node *rel = ast_field(st->node, "relation");
	const sg_node *where = ast_field(st->node, "whereClause");
	const char *verb = is_update ? "UPDATE" : "DELETE";
	bool commits = !st->in_do || lint_do_block_commits(ctx);
	char name[256];

	if (!is_update && strcmp(st->tag, "DeleteStmt"))
		return;
	if (!rel || lint_relation_is_new(ctx, rel) || pg_rows_bounded(ctx, st, commits))
		return;
	lint_relname(rel, name, sizeof(name));
	if (!where)
		lint_report(ctx, st, NULL,
			    "%s without WHERE touches every row of '%s' in one transaction: row "
			    "locks on the whole table, bloat and replication lag",
			    verb, name);
	else if (!commits && pg_rows_bounded(ctx, st, true))
		lint_report(ctx, st, NULL,
			    "%s of '%s' is batched, but in a DO block or routine that never commits: "
			    "the whole block is one transaction holding every changed row until it "
			    "ends",
			    verb, name);
	else
		lint_report(ctx, st, NULL,
			    "%s of '%s' is not batched: its WHERE clause does not limit the rows to "
			    "a key range or a LIMIT subquery, so it may touch the whole table in one "
			    "transaction",
			    verb, name);
}

/*
 * The statement itself, and the UPDATE or DELETE of each data-modifying
 * CTE (WITH moved AS (DELETE FROM sessions ... RETURNING *) INSERT ...).
 */
static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	check_modification(ctx, st);
	AST_EACH(cte, ast_list(ast_field(st->node, "withClause"), "ctes")) {
		const sg_node *q = ast_field(cte, "ctequery");
		sg_stmt inner = *st;

		if (!ast_is(q, "UpdateStmt") && !ast_is(q, "DeleteStmt"))
			continue;
		inner.node = q;
		inner.tag = ast_tag(q);
		check_modification(ctx, &inner);
	}
}

const sg_rule rule_unbatched_backfill = {
	.id = "unbatched-backfill",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "a data backfill that updates or deletes the whole table in one statement",
	.why = "One UPDATE or DELETE over the whole table runs in a single transaction: it holds a "
	       "row lock on every row it changes until the end (concurrent writers of those rows "
	       "wait), leaves a dead copy of each row behind (bloat), floods the WAL so replicas "
	       "lag, and loses all its work if it is cancelled.",
	.help = "Backfill in batches of a few thousand rows, each in its own transaction, outside "
		"the schema-change transaction: UPDATE t SET c = 0 WHERE id IN (SELECT id FROM t "
		"WHERE c IS NULL LIMIT 5000); repeated until it updates nothing (or walk a key "
		"range: WHERE id >= $1 AND id < $1 + 5000), pausing between batches.",
	.bad = "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
	.good = "UPDATE users SET plan = 'free'\n"
		"WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 5000);",
	.check = check,
};
