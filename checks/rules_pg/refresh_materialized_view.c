/*
 * refresh-materialized-view: REFRESH MATERIALIZED VIEW without CONCURRENTLY
 * of an existing materialized view.
 *
 * A plain REFRESH holds ACCESS EXCLUSIVE on the view while it runs the whole
 * defining query again, so every SELECT of the view waits for the full
 * recompute. WITH NO DATA is instant, but it empties the view and marks it
 * unscannable: every SELECT of it fails ("has not been populated") until
 * the next REFRESH, which breaks the application that reads it.
 *
 * A materialized view created earlier in the run has no readers yet.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *view = ast_field(st->node, "relation");
	char name[256];

	if (strcmp(st->tag, "RefreshMatViewStmt") || ast_bool(st->node, "concurrent"))
		return;
	if (lint_relation_is_new(ctx, view))
		return;
	lint_relname(view, name, sizeof(name));
	if (ast_bool(st->node, "skipData"))
		lint_report(ctx, st, NULL,
			    "REFRESH ... WITH NO DATA empties '%s' and makes it unreadable: every "
			    "SELECT of it fails until the next REFRESH",
			    name);
	else
		lint_report(ctx, st, NULL,
			    "REFRESH takes ACCESS EXCLUSIVE on '%s' and runs its whole query again: "
			    "every SELECT of it waits until the refresh finishes",
			    name);
}

const sg_rule rule_refresh_materialized_view = {
	.id = "refresh-materialized-view",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "refreshing a materialized view without concurrently blocks all its reads",
	.why = "REFRESH MATERIALIZED VIEW takes ACCESS EXCLUSIVE for the whole recompute of the "
	       "view's query, so every reader waits. WITH NO DATA is instant but leaves the view "
	       "unpopulated, and every SELECT of it fails until it is refreshed again.",
	.help = "Use REFRESH MATERIALIZED VIEW CONCURRENTLY (EXCLUSIVE lock: reads continue); it "
		"needs a unique index on the view without a WHERE clause, which you can add with "
		"CREATE UNIQUE INDEX CONCURRENTLY first.",
	.bad = "REFRESH MATERIALIZED VIEW sales_summary;",
	.good = "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
