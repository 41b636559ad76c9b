/*
 * require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY of an
 * index that existed before this run.
 *
 * A plain DROP INDEX takes ACCESS EXCLUSIVE on the index's table. The drop
 * itself is quick, but the lock request waits for every running query on
 * the table, and every SELECT, INSERT, UPDATE and DELETE that arrives in the
 * meantime queues behind it. DROP INDEX CONCURRENTLY waits for those
 * queries without blocking new ones.
 */
#include "checks/rule.h"
#include "core/sbuf.h"

#include <string.h>

static bool drops_indexes(const sg_node *stmt)
{
	const char *type = ast_str(stmt, "removeType");

	return type && !strcmp(type, "OBJECT_INDEX") && !ast_bool(stmt, "concurrent");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	sbuf names = SBUF_INIT;
	int n = 0;

	if (strcmp(st->tag, "DropStmt") || !drops_indexes(st->node))
		return;
	AST_EACH(o, ast_list(st->node, "objects")) {
		const sg_node *qualified = ast_list(o, "items");
		const char *schema = ast_name_qualifier(qualified);
		const char *name = ast_name_last(qualified);

		if (!name || lint_index_is_new(ctx, schema, name))
			continue;
		sbuf_addf(&names, "%s'%s%s%s'", n++ ? ", " : "", schema ? schema : "",
			  schema ? "." : "", name);
	}
	if (n)
		lint_report(ctx, st, NULL,
			    "dropping index%s %s without CONCURRENTLY takes ACCESS EXCLUSIVE on "
			    "the table: every read and write of it queues behind the drop",
			    n > 1 ? "es" : "", names.buf);
	sbuf_release(&names);
}

const sg_rule rule_require_concurrent_index_deletion = {
	.id = "require-concurrent-index-deletion",
	.severity = SG_ERROR_SEV,
	.summary = "dropping an index without concurrently takes access exclusive on its table",
	.why = "DROP INDEX takes ACCESS EXCLUSIVE on the table the index belongs to. The request "
	       "waits for every running query on that table, and every SELECT, INSERT, UPDATE and "
	       "DELETE arriving meanwhile queues behind it: one slow query turns the drop into an "
	       "outage of the table.",
	.help = "Use DROP INDEX CONCURRENTLY IF EXISTS name (one index per statement, no CASCADE) in "
		"a migration that does not run in a transaction; it waits for running queries "
		"without blocking new ones. An index backing a constraint is dropped with ALTER "
		"TABLE ... DROP CONSTRAINT instead.",
	.bad = "DROP INDEX orders_legacy_idx;",
	.good = "DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_idx;",
	.check = check,
};
