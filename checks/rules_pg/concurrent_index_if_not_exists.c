/*
 * concurrent-index-if-not-exists: CREATE INDEX CONCURRENTLY IF NOT EXISTS.
 *
 * A concurrent build that fails (deadlock, lock_timeout, duplicate key,
 * cancel) leaves an INVALID index behind under the requested name: it is
 * maintained on every write but never used for reads. A re-run with IF NOT
 * EXISTS then finds that name, skips the build with a notice and succeeds,
 * so the migration is recorded as done with a useless index in place.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *name;

	if (strcmp(st->tag, "IndexStmt") || !ast_bool(st->node, "concurrent") ||
	    !ast_bool(st->node, "if_not_exists"))
		return;
	name = ast_str(st->node, "idxname");
	lint_report(ctx, st, NULL,
		    "CREATE INDEX CONCURRENTLY IF NOT EXISTS '%s': if an earlier attempt failed, "
		    "the INVALID index it left has this name and a re-run silently keeps it",
		    name ? name : "?");
}

const sg_rule rule_concurrent_index_if_not_exists = {
	.id = "concurrent-index-if-not-exists",
	.severity = SG_WARNING,
	.summary = "if not exists hides the invalid index a failed concurrent build leaves",
	.why = "When CREATE INDEX CONCURRENTLY fails part-way it leaves an INVALID index with the "
	       "requested name: writes keep maintaining it but queries never use it. IF NOT EXISTS "
	       "makes the retry see that name, skip the build and succeed, so the migration is "
	       "marked applied while the index is unusable.",
	.help = "Drop IF NOT EXISTS so a retry fails loudly, or drop a leftover first: DROP INDEX "
		"CONCURRENTLY IF EXISTS orders_user_id_idx; then CREATE INDEX CONCURRENTLY "
		"orders_user_id_idx ...; and check SELECT indisvalid FROM pg_index WHERE indexrelid "
		"= 'orders_user_id_idx'::regclass after the build.",
	.bad = "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);",
	.good = "DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;\n"
		"CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
	.check = check,
};
