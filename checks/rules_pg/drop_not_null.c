/*
 * drop-not-null: ALTER TABLE ... ALTER COLUMN ... DROP NOT NULL on an
 * existing table.
 *
 * The change itself is a brief ACCESS EXCLUSIVE catalog update, but the
 * column may start holding NULLs that the application version still
 * running (and every other reader: reports, exports, replicas' consumers)
 * was written never to see.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	const char *objtype = ast_str(st->node, "objtype");
	char table[256];

	if (strcmp(st->tag, "AlterTableStmt") || !objtype || strcmp(objtype, "OBJECT_TABLE") ||
	    lint_relation_is_new(ctx, rel))
		return;
	lint_relname(rel, table, sizeof(table));
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		if (t && !strcmp(t, "AT_DropNotNull"))
			lint_report(ctx, st, cmd,
				    "DROP NOT NULL on '%s.%s' lets NULLs in that readers of the "
				    "running application version may not handle",
				    table, ast_str(cmd, "name") ? ast_str(cmd, "name") : "?");
	}
}

const sg_rule rule_drop_not_null = {
	.id = "drop-not-null",
	.severity = SG_WARNING,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping NOT NULL lets in NULLs that current readers may not handle",
	.why = "DROP NOT NULL is a brief ACCESS EXCLUSIVE catalog change, but from then on the "
	       "column can hold NULLs. Code of the version still running, reports and downstream "
	       "consumers that assume a value is always present can fail or misbehave.",
	.help = "Make every reader tolerate NULL in the column first (and deploy that), then drop "
		"the constraint; set lock_timeout for the brief ACCESS EXCLUSIVE lock.",
	.bad = "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
	.good = "-- all readers of users.email handle NULL since the previous release\n"
		"-- schemagate:ignore drop-not-null\n"
		"ALTER TABLE users ALTER COLUMN email DROP NOT NULL;",
	.check = check,
};
