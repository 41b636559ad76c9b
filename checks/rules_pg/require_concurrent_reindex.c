/*
 * require-concurrent-reindex: REINDEX without CONCURRENTLY.
 *
 * REINDEX INDEX takes SHARE on the table and ACCESS EXCLUSIVE on the index
 * for the whole rebuild; REINDEX TABLE does so for every index of the
 * table, SCHEMA and DATABASE for every table in them. Writes wait, and so
 * do reads, since planning a query on the table locks its indexes. REINDEX
 * ... CONCURRENTLY (PG 12+) rebuilds beside the old index instead; before
 * PG 12 the online way is a new index built concurrently and swapped in.
 * REINDEX SYSTEM has no concurrent form. Objects created earlier in the run
 * are empty and unused, so rebuilding them is harmless.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static const char *kind_word(const char *kind)
{
	static const char *const words[][2] = {
		{ "REINDEX_OBJECT_INDEX", "INDEX" },       { "REINDEX_OBJECT_TABLE", "TABLE" },
		{ "REINDEX_OBJECT_SCHEMA", "SCHEMA" },     { "REINDEX_OBJECT_SYSTEM", "SYSTEM" },
		{ "REINDEX_OBJECT_DATABASE", "DATABASE" },
	};
	size_t i;

	for (i = 0; kind && i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(kind, words[i][0]))
			return words[i][1];
	return "?";
}

static const char *effect(const char *kind)
{
	if (!strcmp(kind, "INDEX"))
		return "blocks writes to its table, and reads that use the index, until the "
		       "rebuild finishes";
	if (!strcmp(kind, "TABLE"))
		return "rebuilds every index of the table one by one, blocking writes, and reads "
		       "that use them, until it finishes";
	return "rebuilds every index of every table in it, blocking writes, and reads that use "
	       "them, table after table";
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	const char *kind, *name;
	char buf[256];

	if (strcmp(st->tag, "ReindexStmt") ||
	    pg_option_on(ast_list(st->node, "params"), "concurrently") ||
	    pg_reindex_target_is_new(ctx, st->node))
		return;
	kind = kind_word(ast_str(st->node, "kind"));
	name = rel ? lint_relname(rel, buf, sizeof(buf)) : ast_str(st->node, "name");
	lint_report(ctx, st, NULL, "REINDEX %s%s%s%s without CONCURRENTLY %s%s", kind,
		    name ? " '" : "", name ? name : "", name ? "'" : "", effect(kind),
		    lint_server_version(ctx) < 120000
			    ? " (REINDEX CONCURRENTLY needs PostgreSQL 12: build a new index "
			      "CONCURRENTLY and swap it in)"
			    : "");
}

const sg_rule rule_require_concurrent_reindex = {
	.id = "require-concurrent-reindex",
	.severity = SG_ERROR_SEV,
	.summary = "reindexing without concurrently blocks writes and reads that use the index",
	.why = "REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on each index it rebuilds, for "
	       "the whole rebuild: INSERT, UPDATE and DELETE wait, and so do SELECTs, because "
	       "planning a query locks the table's indexes. TABLE, SCHEMA and DATABASE do this for "
	       "every index they cover.",
	.help = "On PostgreSQL 12+: REINDEX INDEX CONCURRENTLY name (or TABLE/SCHEMA/DATABASE "
		"CONCURRENTLY) in a migration that does not run in a transaction. Before 12: CREATE "
		"INDEX CONCURRENTLY a new index with the same definition, DROP INDEX CONCURRENTLY "
		"the old one, then ALTER INDEX ... RENAME the new one to the old name. System "
		"catalogs cannot be reindexed concurrently: do it in a maintenance window.",
	.bad = "REINDEX INDEX orders_user_id_idx;",
	.good = "REINDEX INDEX CONCURRENTLY orders_user_id_idx;",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
