/*
 * ban-drop-column: ALTER TABLE ... DROP COLUMN on an existing table.
 *
 * The drop itself is a brief ACCESS EXCLUSIVE catalog change, but the
 * application version still running reads and writes the column: its
 * SELECT * and INSERT lists break the moment the column is gone, and the
 * data is lost for good.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel;
	char name[256];

	if (strcmp(st->tag, "AlterTableStmt"))
		return;
	rel = ast_field(st->node, "relation");
	if (lint_relation_is_new(ctx, rel))
		return;
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const char *t = ast_str(cmd, "subtype");
		if (t && !strcmp(t, "AT_DropColumn"))
			lint_report(ctx, st, cmd,
				    "dropping column '%s' of '%s' breaks the application version "
				    "still running and loses its data",
				    ast_str(cmd, "name") ? ast_str(cmd, "name") : "?",
				    lint_relname(rel, name, sizeof(name)));
	}
}

const sg_rule rule_ban_drop_column = {
	.id = "ban-drop-column",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a column breaks the running application and loses data",
	.why = "DROP COLUMN takes a brief ACCESS EXCLUSIVE lock and hides the column at once. The "
	       "application version that is still deployed keeps selecting and inserting it and "
	       "fails until the new version is out; the data cannot be recovered.",
	.help = "Expand and contract: stop reading and writing the column in the application, "
		"deploy, then drop it in a later migration (with lock_timeout set).",
	.bad = "ALTER TABLE users DROP COLUMN legacy_flag;",
	.good = "-- the application stopped using legacy_flag in the previous release\n"
		"-- schemagate:ignore ban-drop-column\n"
		"ALTER TABLE users DROP COLUMN legacy_flag;",
	.check = check,
};
