/*
 * ban-drop-cascade: DROP TYPE, DOMAIN, SEQUENCE, FUNCTION, EXTENSION ...
 * CASCADE of an object that existed before this run.
 *
 * CASCADE drops every object that depends on the one named, without
 * listing them: the table columns of a dropped type or domain (and their
 * data), the defaults that call a dropped sequence or function (so the
 * running application's INSERTs fail), the triggers and views that use
 * them. Tables and schemas have rules of their own (ban-drop-table,
 * ban-drop-schema), which say so for CASCADE too.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

/* The object kinds judged here, as DROP names them. */
static const char *kind_name(const char *remove_type)
{
	static const char *const kinds[][2] = {
		{ "OBJECT_TYPE", "type" },         { "OBJECT_DOMAIN", "domain" },
		{ "OBJECT_SEQUENCE", "sequence" }, { "OBJECT_FUNCTION", "function" },
		{ "OBJECT_PROCEDURE", "procedure" }, { "OBJECT_ROUTINE", "routine" },
		{ "OBJECT_EXTENSION", "extension" }, { "OBJECT_COLLATION", "collation" },
		{ "OBJECT_OPERATOR", "operator" },
	};
	size_t i;

	for (i = 0; remove_type && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(remove_type, kinds[i][0]))
			return kinds[i][1];
	return NULL;
}

/* The first object's name as written, and whether it was created in this run. */
static const char *object_name(const sg_lint_ctx *ctx, const sg_node *o, char *buf, size_t size,
			       bool *is_new)
{
	const sg_node *names = ast_is(o, "TypeName") ? ast_list(o, "names")
			       : ast_is(o, "ObjectWithArgs") ? ast_list(o, "objname")
			       : ast_is(o, "List") ? ast_list(o, "items") : NULL;

	if (names)
		lint_qualified_name(names, buf, size);
	else
		snprintf(buf, size, "%s", ast_sval(o) ? ast_sval(o) : "?");
	*is_new = lint_object_is_new(ctx, "type", buf) ||
		  (names && lint_name_is_new(ctx, ast_name_qualifier(names), ast_name_last(names)));
	return buf;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *kind = kind_name(ast_str(st->node, "removeType"));
	char name[256];
	bool is_new;

	if (strcmp(st->tag, "DropStmt") || !kind || !pg_is_cascade(st->node))
		return;
	object_name(ctx, ast_first(ast_list(st->node, "objects")), name, sizeof(name), &is_new);
	if (is_new)
		return;
	lint_report(ctx, st, NULL,
		    "DROP %s %s CASCADE also drops everything that depends on it, unlisted: table "
		    "columns with their data, defaults the running application relies on, "
		    "triggers and views",
		    kind, name);
}

const sg_rule rule_ban_drop_cascade = {
	.id = "ban-drop-cascade",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "DROP ... CASCADE drops dependent columns, defaults and views without naming them",
	.why = "CASCADE removes every object that depends on the one dropped: the columns of every "
	       "table that uses a type or domain (and all their data), the column defaults that "
	       "call a sequence or function (the running application's INSERTs then fail), and "
	       "the triggers and views built on it. None of them is named in the migration.",
	.help = "Drop without CASCADE, so PostgreSQL refuses while something still depends on the "
		"object; remove or change the dependents explicitly first (ALTER TABLE ... DROP "
		"COLUMN, ALTER COLUMN ... DROP DEFAULT) in reviewed migrations.",
	.bad = "DROP TYPE order_state CASCADE;",
	.good = "ALTER TABLE orders ALTER COLUMN state TYPE text;\nDROP TYPE order_state;",
	.check = check,
};
