/*
 * rename-column: ALTER TABLE | VIEW | MATERIALIZED VIEW ... RENAME COLUMN on
 * an existing relation.
 *
 * The rename itself is a brief ACCESS EXCLUSIVE catalog change, but the
 * application version still running keeps naming the old column: its
 * SELECTs, INSERTs and UPDATEs fail from the moment the migration commits
 * until the new version is deployed everywhere.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "renameType");
	const sg_node *rel = ast_field(st->node, "relation");
	const char *from = ast_str(st->node, "subname");
	const char *to = ast_str(st->node, "newname");
	char name[256], key[256];

	if (strcmp(st->tag, "RenameStmt") || !type || strcmp(type, "OBJECT_COLUMN"))
		return;
	if (!rel || lint_relation_is_new(ctx, rel))
		return;
	/* A column added by this change is not used by the running application yet. */
	if (from && lint_column_type(ctx, lint_rangevar_key(rel, key, sizeof(key)), from))
		return;
	lint_report(ctx, st, NULL,
		    "renaming column '%s' of '%s' to '%s' breaks the application version still "
		    "running, which keeps using the old name",
		    from ? from : "?", lint_relname(rel, name, sizeof(name)), to ? to : "?");
}

const sg_rule rule_rename_column = {
	.id = "rename-column",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "renaming a column breaks the application version still running",
	.why = "RENAME COLUMN is a brief ACCESS EXCLUSIVE catalog change, but every query of the "
	       "deployed application that names the old column fails as soon as it commits, until "
	       "the new application version is out everywhere.",
	.help = "Expand and contract: add the new column, write both (trigger or application), "
		"backfill in batches, move reads to the new column, deploy, then drop the old "
		"column in a later migration. Or rename only in the application's mapping layer.",
	.bad = "ALTER TABLE users RENAME COLUMN email TO email_address;",
	.good = "ALTER TABLE users ADD COLUMN email_address text;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
