/*
 * concurrent-index-corruption-pg14: CREATE INDEX CONCURRENTLY or REINDEX
 * ... CONCURRENTLY on PostgreSQL 14.0 to 14.3.
 *
 * Those releases have a bug (fixed in 14.4) by which a concurrent build
 * can miss index entries for rows updated while it runs (HOT chains), so
 * the index is silently corrupt: queries that use it return wrong results
 * and unique indexes can admit duplicates. Tables created earlier in the
 * run have no concurrent updates, so their builds are safe.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	int v = lint_server_version(ctx);
	const char *what;

	if (v < 140000 || v > 140003)
		return;
	if (!strcmp(st->tag, "IndexStmt") && ast_bool(st->node, "concurrent") &&
	    !lint_relation_is_new(ctx, ast_field(st->node, "relation")))
		what = "CREATE INDEX CONCURRENTLY";
	else if (!strcmp(st->tag, "ReindexStmt") &&
		 pg_option_on(ast_list(st->node, "params"), "concurrently") &&
		 !pg_reindex_target_is_new(ctx, st->node))
		what = "REINDEX CONCURRENTLY";
	else
		return;
	lint_report(ctx, st, NULL,
		    "%s on PostgreSQL 14.%d can build a silently corrupt index (rows updated "
		    "during the build go missing from it); the bug is fixed in 14.4",
		    what, v - 140000);
}

const sg_rule rule_concurrent_index_corruption_pg14 = {
	.id = "concurrent-index-corruption-pg14",
	.severity = SG_ERROR_SEV,
	.summary = "concurrent index builds on postgresql 14.0 to 14.3 can corrupt the index",
	.why = "PostgreSQL 14.0 to 14.3 have a bug in CREATE INDEX CONCURRENTLY and REINDEX "
	       "CONCURRENTLY: rows updated while the index is built can be left out of it. The "
	       "build succeeds, but queries using the index return wrong results and a unique "
	       "index can let duplicates in. It was fixed in 14.4.",
	.help = "Upgrade the server to 14.4 or later (a minor-version upgrade, no dump or "
		"pg_upgrade) before building indexes concurrently. Indexes already built "
		"concurrently on 14.0-14.3 should be checked with pg_amcheck --heapallindexed and "
		"rebuilt with REINDEX INDEX CONCURRENTLY after the upgrade.",
	.bad = "-- on PostgreSQL 14.0 to 14.3\n"
	       "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
	.good = "-- until the server is upgraded to 14.4: a plain build in a quiet period\n"
		"SET lock_timeout = '2s';\n"
		"CREATE INDEX orders_user_id_idx ON orders (user_id);",
	.example_version = 140002,
	.check = check,
};
