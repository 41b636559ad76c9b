/*
 * multiple-alter-table: a second (or later) ALTER TABLE of the same existing
 * table in one file.
 *
 * Each ALTER TABLE queues for ACCESS EXCLUSIVE again: every acquisition
 * waits behind the running queries on the table and blocks all traffic
 * queued behind it, and each statement may scan or rewrite the table again
 * where one combined statement would do it once.
 *
 * Not reported: statements that take a weaker lock (VALIDATE CONSTRAINT,
 * SET STATISTICS, ...), and the SET NOT NULL that ends the CHECK ... NOT
 * VALID / VALIDATE pattern, which must be separate statements.
 */
#include "checks/pg_locks.h"
#include "checks/pg_walk.h"
#include "checks/rule.h"

/* SET NOT NULL backed by a validated CHECK (col IS NOT NULL): the pattern's last step. */
static bool is_safe_set_not_null(const sg_lint_ctx *ctx, const char *key, const sg_node *cmd)
{
	const char *col = ast_str(cmd, "name");

	return pg_cmd_is(cmd, "AT_SetNotNull") && col && lint_has_not_null_check(ctx, key, col);
}

/* Whether the statement queues for ACCESS EXCLUSIVE for a reason it could have shared. */
static bool takes_avoidable_exclusive_lock(const sg_lint_ctx *ctx, const sg_stmt *st,
					   const char *key)
{
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		if (pg_alter_cmd_lock(cmd, lint_server_version(ctx)) == PG_ACCESS_EXCLUSIVE &&
		    !is_safe_set_not_null(ctx, key, cmd))
			return true;
	}
	return false;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	char key[512], name[256];
	int earlier;

	if (!pg_alters_table(st) || !rel || lint_relation_is_new(ctx, rel))
		return;
	lint_rangevar_key(rel, key, sizeof(key));
	earlier = lint_alter_count(ctx, key);
	if (earlier == 0 || !takes_avoidable_exclusive_lock(ctx, st, key))
		return;
	lint_report(ctx, st, NULL,
		    "'%s' is altered again (%d earlier ALTER TABLE in this file): each statement "
		    "queues for ACCESS EXCLUSIVE again and may scan or rewrite the table again",
		    lint_relname(rel, name, sizeof(name)), earlier);
}

const sg_rule rule_multiple_alter_table = {
	.id = "multiple-alter-table",
	.severity = SG_WARNING,
	/* Down statements are not counted, and dbmate's up and down run apart. */
	.flags = SG_RULE_UP_ONLY,
	.summary = "several alter table statements on the same table in one migration",
	.why = "Every ALTER TABLE waits for ACCESS EXCLUSIVE behind the running queries and blocks "
	       "all traffic queued behind it while it waits; separate statements repeat that "
	       "exposure and may scan or rewrite the table once each.",
	.help = "Combine the sub-commands into one ALTER TABLE separated by commas (ALTER TABLE t "
		"ADD COLUMN a int, ADD COLUMN b text), which takes the lock once and scans or "
		"rewrites at most once.",
	.bad = "ALTER TABLE orders ADD COLUMN note text;\n"
	       "ALTER TABLE orders ADD COLUMN shipped_at timestamptz;",
	.good = "ALTER TABLE orders ADD COLUMN note text, ADD COLUMN shipped_at timestamptz;",
	.check = check,
};
