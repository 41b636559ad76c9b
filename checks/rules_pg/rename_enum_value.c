/*
 * rename-enum-value: ALTER TYPE ... RENAME VALUE (PostgreSQL 10+).
 *
 * A quick catalog change, but every row holding the value reads back under
 * the new label at once, while the application version still running keeps
 * writing and comparing the old one: its INSERTs and UPDATEs fail with
 * "invalid input value for enum", its WHERE clauses stop matching, and it
 * may not know what to do with the new label it reads.
 */
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *from = ast_str(st->node, "oldVal");
	const char *to = ast_str(st->node, "newVal");
	char name[256];

	if (strcmp(st->tag, "AlterEnumStmt") || !from)
		return;
	lint_qualified_name(ast_list(st->node, "typeName"), name, sizeof(name));
	if (lint_object_is_new(ctx, "type", name))
		return; /* created in this run: nothing uses the old label yet */
	lint_report(ctx, st, NULL,
		    "renaming value '%s' of enum '%s' to '%s' breaks the application version "
		    "still running: its writes of '%s' fail and its comparisons stop matching",
		    from, name, to ? to : "?", from);
}

const sg_rule rule_rename_enum_value = {
	.id = "rename-enum-value",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "renaming an enum value breaks the application version still running",
	.why = "ALTER TYPE ... RENAME VALUE relabels every stored row at once. The deployed "
	       "application still writes the old label (rejected as invalid input), filters on it "
	       "(matching nothing) and reads a label it does not know.",
	.help = "Add the new value (ALTER TYPE ... ADD VALUE, in its own transaction), make the "
		"application accept both and write the new one, backfill rows in batches, deploy, "
		"and leave the old label unused (enum values cannot be dropped).",
	.bad = "ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';",
	.good = "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'cancelled';",
	.check = check,
};
