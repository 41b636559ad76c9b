/*
 * ban-drop-schema: DROP SCHEMA.
 *
 * With CASCADE it drops every table, view, function and type in the schema
 * in one statement, taking ACCESS EXCLUSIVE on each table and destroying
 * all their data; without CASCADE it fails unless the schema is empty,
 * which the author may not have checked. Either way the application version
 * still running loses whatever it used there.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"
#include "core/sbuf.h"

#include <string.h>

/* The schemas that existed before this run, as a list for the message. */
static void existing_schemas(const sg_lint_ctx *ctx, const sg_node *objects, sbuf *names)
{
	AST_EACH(o, objects) {
		const char *s = ast_sval(o);
		if (!lint_object_is_new(ctx, "schema", s))
			sbuf_addf(names, "%s'%s'", names->len ? ", " : "", s ? s : "?");
	}
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *type = ast_str(st->node, "removeType");
	const sg_node *objects = ast_list(st->node, "objects");
	sbuf names = SBUF_INIT;

	if (strcmp(st->tag, "DropStmt") || !type || strcmp(type, "OBJECT_SCHEMA"))
		return;
	existing_schemas(ctx, objects, &names);
	if (!names.len)
		return;
	if (pg_is_cascade(st->node))
		lint_report(ctx, st, NULL,
			    "DROP SCHEMA %s CASCADE drops every table, view and function in it: "
			    "all their data is lost and the application version still running "
			    "breaks",
			    names.buf);
	else
		lint_report(ctx, st, NULL,
			    "dropping schema %s breaks the application version still running if it "
			    "uses anything there, and fails unless the schema is empty",
			    names.buf);
	sbuf_release(&names);
}

const sg_rule rule_ban_drop_schema = {
	.id = "ban-drop-schema",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping a schema loses everything in it",
	.why = "DROP SCHEMA ... CASCADE drops every object in the schema at once, taking ACCESS "
	       "EXCLUSIVE on each table and deleting all their data irrecoverably; the deployed "
	       "application fails on everything it used there.",
	.help = "Drop the objects one by one in earlier migrations after the application stopped "
		"using them (each with its own review), then drop the empty schema without "
		"CASCADE, suppressing this finding with a reason.",
	.bad = "DROP SCHEMA reporting CASCADE;",
	.good = "-- emptied by migrations 120-124; nothing in the application uses it\n"
		"-- schemagate:ignore ban-drop-schema\n"
		"DROP SCHEMA reporting;",
	.engine = SG_ENGINE_BREAKING,
	.check = check,
};
