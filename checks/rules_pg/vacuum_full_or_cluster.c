/*
 * vacuum-full-or-cluster: VACUUM FULL (in any option form) and CLUSTER of an
 * existing table.
 *
 * Both write a complete new copy of the table and rebuild every index while
 * holding ACCESS EXCLUSIVE, so every read and write of the table waits for
 * the whole rewrite, which takes minutes to hours on a large table. Without
 * a table name they do it to every table of the database (VACUUM FULL) or to
 * every table clustered before (CLUSTER).
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <string.h>
#include <strings.h>

/* PostgreSQL's parse_bool: any prefix of true/false/yes/no, on/off, 1/0. */
static bool bool_text_is_false(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return false;
	return !strncasecmp(s, "false", n) || !strncasecmp(s, "no", n) ||
	       (n >= 2 && !strncasecmp(s, "off", n)) || !strcmp(s, "0");
}

/* FULL, FULL true, FULL 1, FULL on: every spelling except an explicit false. */
static bool full_option_on(const sg_node *options)
{
	const sg_node *full = pg_option(options, "full");
	const sg_node *arg = ast_field(full, "arg");
	const char *text = ast_sval(arg);

	if (!full)
		return false;
	if (ast_is(arg, "Integer"))
		return ast_int(arg, "ival", 0) != 0;
	return !text || !bool_text_is_false(text);
}

static void check_vacuum(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rels = ast_list(st->node, "rels");
	char name[256];

	if (!full_option_on(ast_list(st->node, "options")))
		return;
	if (!ast_len(rels)) {
		lint_report(ctx, st, NULL,
			    "VACUUM FULL without a table rewrites every table of the database, each "
			    "under ACCESS EXCLUSIVE: reads and writes wait for each rewrite");
		return;
	}
	AST_EACH(vr, rels) {
		const sg_node *rel = ast_field(vr, "relation");
		if (lint_relation_is_new(ctx, rel))
			continue;
		lint_report(ctx, st, rel,
			    "VACUUM FULL takes ACCESS EXCLUSIVE on '%s' and rewrites the whole table "
			    "and its indexes: every read and write waits until it finishes",
			    lint_relname(rel, name, sizeof(name)));
	}
}

static void check_cluster(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *rel = ast_field(st->node, "relation");
	char name[256];

	if (!rel) {
		lint_report(ctx, st, NULL,
			    "CLUSTER without a table rewrites every table clustered before, each "
			    "under ACCESS EXCLUSIVE: reads and writes wait for each rewrite");
		return;
	}
	if (lint_relation_is_new(ctx, rel))
		return;
	lint_report(ctx, st, rel,
		    "CLUSTER takes ACCESS EXCLUSIVE on '%s' and rewrites the whole table in index "
		    "order: every read and write waits until it finishes",
		    lint_relname(rel, name, sizeof(name)));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (!strcmp(st->tag, "VacuumStmt"))
		check_vacuum(ctx, st);
	else if (!strcmp(st->tag, "ClusterStmt"))
		check_cluster(ctx, st);
}

const sg_rule rule_vacuum_full_or_cluster = {
	.id = "vacuum-full-or-cluster",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "vacuum full and cluster rewrite the table under an access exclusive lock",
	.why = "VACUUM FULL and CLUSTER copy the whole table and rebuild all its indexes while "
	       "holding ACCESS EXCLUSIVE: every SELECT, INSERT, UPDATE and DELETE on the table "
	       "waits for the entire rewrite, and the copy needs as much free disk again.",
	.help = "Reclaim space online with pg_repack (or REPACK (CONCURRENTLY) on PostgreSQL 19+), "
		"which holds the exclusive lock only for a moment at the end; plain VACUUM does "
		"not block reads or writes.",
	.bad = "VACUUM (FULL, ANALYZE) orders;",
	.good = "VACUUM (ANALYZE) orders;",
	.engine = SG_ENGINE_REWRITE,
	.check = check,
};
