/*
 * require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY on
 * an existing table.
 *
 * A plain CREATE INDEX takes SHARE on the table for the whole build: reads
 * continue, but every INSERT, UPDATE and DELETE waits until the index is
 * complete, which on a large table is minutes. CREATE INDEX CONCURRENTLY
 * takes SHARE UPDATE EXCLUSIVE instead and lets writes continue.
 *
 * CREATE INDEX ON ONLY is left alone: it is how an index is declared on a
 * partitioned parent without building anything (the partitions' indexes
 * are built concurrently and attached).
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	const char *name;
	char table[256];

	if (strcmp(st->tag, "IndexStmt") || ast_bool(st->node, "concurrent"))
		return;
	rel = ast_field(st->node, "relation");
	if (!ast_bool(rel, "inh") || lint_relation_is_new(ctx, rel))
		return;
	name = ast_str(st->node, "idxname");
	lint_report(ctx, st, NULL,
		    "creating index '%s' on '%s' without CONCURRENTLY takes SHARE on '%s', "
		    "blocking every INSERT, UPDATE and DELETE for the whole build",
		    name ? name : "(unnamed)", lint_relname(rel, table, sizeof(table)), table);
}

const sg_rule rule_require_concurrent_index_creation = {
	.id = "require-concurrent-index-creation",
	.severity = SG_ERROR_SEV,
	.summary = "creating an index without concurrently blocks writes for the whole build",
	.why = "CREATE INDEX takes a SHARE lock on the table until the index is built: SELECTs "
	       "continue, but every INSERT, UPDATE and DELETE waits for the whole build, which on a "
	       "large table takes minutes.",
	.help = "Use CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: writes continue) in a "
		"migration that does not run in a transaction, then check that the index is valid "
		"(pg_index.indisvalid) since a failed concurrent build leaves an INVALID index. For "
		"a partitioned table: CREATE INDEX ON ONLY the parent, CREATE INDEX CONCURRENTLY on "
		"each partition, then ALTER INDEX parent_idx ATTACH PARTITION each one.",
	.bad = "CREATE INDEX orders_user_id_idx ON orders (user_id);",
	.good = "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
