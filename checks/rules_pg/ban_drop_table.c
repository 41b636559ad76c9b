/*
 * ban-drop-table: DROP TABLE (or VIEW, MATERIALIZED VIEW) of a relation
 * that existed before this run.
 *
 * The drop takes ACCESS EXCLUSIVE on the table (and locks the tables its
 * foreign keys point to), destroys the data for good, and makes every query
 * of the application version still running that touches the table fail.
 * A view holds no data, but the queries that read it fail just the same,
 * unless the migration creates it again (the usual way to change a view's
 * columns). Down migrations are exempt: they drop what their up created.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"
#include "core/sbuf.h"

#include <string.h>

/* A later statement of the file creates the view `key` again. */
static bool recreated_later(const sg_lint_ctx *ctx, const char *key)
{
	const lint_stmt_ref *refs;
	size_t n = lint_statements_on(ctx, key, &refs), i;

	for (i = 0; i < n; i++)
		if (refs[i].index > lint_statement_index(ctx) &&
		    (ast_is(refs[i].stmt, "ViewStmt") || ast_is(refs[i].stmt, "CreateTableAsStmt")))
			return true;
	return false;
}

/* "'a', 's.b'": the relations of the statement that existed before this run. */
static size_t existing_relations(sg_lint_ctx *ctx, const sg_stmt *st, bool view, sbuf *names)
{
	size_t n = 0;
	char key[256];

	AST_EACH(o, ast_list(st->node, "objects")) {
		const sg_node *items = ast_list(o, "items");
		const char *schema = ast_name_qualifier(items);
		const char *table = ast_name_last(items);

		if (!table || lint_name_is_new(ctx, schema, table))
			continue;
		lint_relation_key(key, sizeof(key), schema, table);
		if (view && recreated_later(ctx, key))
			continue;
		if (n++)
			sbuf_adds(names, ", ");
		if (schema)
			sbuf_addf(names, "'%s.%s'", schema, table);
		else
			sbuf_addf(names, "'%s'", table);
	}
	return n;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "removeType");
	bool cascade = pg_is_cascade(st->node), view;
	sbuf names = SBUF_INIT;
	size_t n;

	if (strcmp(st->tag, "DropStmt") || !type)
		return;
	view = !strcmp(type, "OBJECT_VIEW") || !strcmp(type, "OBJECT_MATVIEW");
	if (!view && strcmp(type, "OBJECT_TABLE"))
		return;
	n = existing_relations(ctx, st, view, &names);
	if (n && view)
		lint_report(ctx, st, NULL,
			    "dropping view%s %s breaks every query of the application version still "
			    "running that reads %s",
			    n > 1 ? "s" : "", names.buf, n > 1 ? "them" : "it");
	else if (n)
		lint_report(ctx, st, NULL,
			    "dropping table%s %s loses %s data for good and breaks the application "
			    "version still running%s%s",
			    n > 1 ? "s" : "", names.buf, n > 1 ? "their" : "its",
			    cascade ? "; CASCADE also drops every view and foreign key that "
				      "depends on " : "",
			    cascade ? (n > 1 ? "them" : "it") : "");
	sbuf_release(&names);
}

const sg_rule rule_ban_drop_table = {
	.id = "ban-drop-table",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a table or view loses data and breaks the running application",
	.why = "DROP TABLE takes ACCESS EXCLUSIVE on the table (and locks the tables its foreign "
	       "keys reference), deletes the data irrecoverably, and every query of the deployed "
	       "application that still uses the table fails. Dropping a view loses no data, but "
	       "its readers fail the same way, unless the migration creates it again.",
	.help = "Stop using the table in the application and deploy that first; keep a backup "
		"(or rename it to an archive name and drop it a release later); then drop it in "
		"its own migration with lock_timeout set, and suppress this finding with a reason.",
	.bad = "DROP TABLE legacy_orders;",
	.good = "-- unused since release 42; backup in s3://backups/legacy_orders.dump\n"
		"-- schemagate:ignore ban-drop-table\n"
		"DROP TABLE legacy_orders;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
