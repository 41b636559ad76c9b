/*
 * ban-truncate: TRUNCATE of a table that existed before this run.
 *
 * TRUNCATE deletes every row at once and takes ACCESS EXCLUSIVE on the
 * table, so it also waits behind every running query and blocks all reads
 * and writes queued behind it. With CASCADE it also empties every table
 * that has a foreign key to it, and the tables referencing those, without
 * naming them.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	bool cascade = pg_is_cascade(st->node);
	char name[256];

	if (strcmp(st->tag, "TruncateStmt"))
		return;
	AST_EACH(rel, ast_list(st->node, "relations")) {
		if (lint_relation_is_new(ctx, rel))
			continue;
		lint_relname(rel, name, sizeof(name));
		if (cascade)
			lint_report(ctx, st, rel,
				    "TRUNCATE ... CASCADE deletes every row of '%s' and of every "
				    "table with a foreign key to it, under ACCESS EXCLUSIVE",
				    name);
		else
			lint_report(ctx, st, rel,
				    "TRUNCATE deletes every row of '%s' for good and takes ACCESS "
				    "EXCLUSIVE on it",
				    name);
	}
}

const sg_rule rule_ban_truncate = {
	.id = "ban-truncate",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "truncating a table deletes all its rows",
	.why = "TRUNCATE removes every row irrecoverably and takes ACCESS EXCLUSIVE, blocking all "
	       "reads and writes queued behind it; CASCADE silently empties every table that "
	       "references it as well.",
	.help = "Delete only the rows you mean to, in batches (DELETE ... WHERE id IN (SELECT id "
		"... LIMIT 1000)); if the table really must be emptied, back it up first, list every "
		"table explicitly instead of CASCADE, and suppress this finding with a reason.",
	.bad = "TRUNCATE sessions CASCADE;",
	.good = "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < now() "
		"LIMIT 1000);",
	.check = check,
};
