/*
 * identifier-too-long: a table, column, index, constraint (or other
 * object) named with more than 63 bytes (#46).
 *
 * PostgreSQL keeps only the first NAMEDATALEN - 1 = 63 bytes of an
 * identifier and says so in a NOTICE nobody reads. Two long names that
 * share their first 63 bytes become the same name: the second CREATE fails
 * with "already exists", or is silently skipped with IF NOT EXISTS. Code
 * and tools that look the object up by its full name (pg_indexes,
 * to_regclass, schema diffs, ORMs) never find it.
 *
 * The parser has already truncated the names in the tree, so the name as
 * written is read back from the statement's text.
 */
#include "checks/pg_lex.h"
#include "checks/pg_walk.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

#define NAME_MAX_BYTES 63
/* Truncation stops at a character boundary: up to 3 bytes short of 63. */
#define TRUNCATED_MIN_BYTES (NAME_MAX_BYTES - 3)

/*
 * The identifier token [i, e) as PostgreSQL reads it (quotes removed, ""
 * unescaped, unquoted ASCII folded to lower case) into buf; returns its
 * full length in bytes, which may exceed what buf holds.
 */
static size_t ident_value(const char *s, size_t i, size_t e, char *buf, size_t size)
{
	bool quoted = s[i] == '"';
	size_t n = 0;
	char c;

	if (quoted) {
		i++;
		if (e > i && s[e - 1] == '"')
			e--;
	}
	for (; i < e; i++) {
		c = s[i];
		if (quoted && c == '"')
			i++; /* "" stands for one quote */
		else if (!quoted && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (n + 1 < size)
			buf[n] = c;
		n++;
	}
	buf[n < size ? n : size - 1] = '\0';
	return n;
}

/*
 * Whether the statement's text spells `kept` (the parser's truncated name)
 * as a longer identifier; *bytes is its length as written.
 */
static bool written_longer(const sg_stmt *st, const char *kept, size_t *bytes)
{
	const char *s = st->text;
	size_t from = st->exact ? st->start - st->base : 0;
	size_t to = st->exact ? st->end - st->base : strlen(s);
	size_t i = from, e, n;
	char value[NAME_MAX_BYTES + 2];

	while (i < to) {
		enum pg_tok k = pg_lex_token(s, to, i, &e);
		if (k == PG_TOK_END || e <= i)
			break;
		if (k == PG_TOK_IDENT) {
			n = ident_value(s, i, e, value, sizeof(value));
			if (n > NAME_MAX_BYTES && !strncmp(value, kept, strlen(kept))) {
				*bytes = n;
				return true;
			}
		}
		i = e;
	}
	return false;
}

static void check_name(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *at, const char *what,
		       const char *name)
{
	size_t bytes;

	if (!name || strlen(name) < TRUNCATED_MIN_BYTES || !written_longer(st, name, &bytes))
		return;
	lint_report(ctx, st, at,
		    "the %s name is %zu bytes long: PostgreSQL silently truncates it to '%s', so "
		    "another name with the same first %d bytes collides with it and lookups by "
		    "the full name find nothing",
		    what, bytes, name, NAME_MAX_BYTES);
}

static void check_rangevar(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *rv,
			   const char *what)
{
	if (rv) {
		check_name(ctx, st, rv, "schema", ast_str(rv, "schemaname"));
		check_name(ctx, st, rv, what, ast_str(rv, "relname"));
	}
}

/* A column definition and its inline constraints; `at` overrides their positions. */
static void check_column(sg_lint_ctx *ctx, const sg_stmt *st, const sg_node *col,
			 const sg_node *at)
{
	check_name(ctx, st, at ? at : col, "column", ast_str(col, "colname"));
	AST_EACH(con, ast_list(col, "constraints"))
		check_name(ctx, st, at ? at : con, "constraint", ast_str(con, "conname"));
}

static void check_create_table(sg_lint_ctx *ctx, const sg_stmt *st)
{
	check_rangevar(ctx, st, ast_field(st->node, "relation"), "table");
	AST_EACH(elt, ast_list(st->node, "tableElts")) {
		if (ast_is(elt, "ColumnDef"))
			check_column(ctx, st, elt, NULL);
		else if (ast_is(elt, "Constraint"))
			check_name(ctx, st, elt, "constraint", ast_str(elt, "conname"));
	}
}

static void check_alter_table(sg_lint_ctx *ctx, const sg_stmt *st)
{
	AST_EACH(cmd, ast_list(st->node, "cmds")) {
		const sg_node *def = ast_field(cmd, "def");

		if (pg_cmd_is(cmd, "AT_AddColumn"))
			check_column(ctx, st, def, cmd);
		else if (pg_cmd_is(cmd, "AT_AddConstraint"))
			check_name(ctx, st, cmd, "constraint", ast_str(def, "conname"));
	}
}

/* Statements that name one new object with a plain string field. */
static void check_named_object(sg_lint_ctx *ctx, const sg_stmt *st)
{
	static const struct {
		const char *tag, *field, *what;
	} objects[] = {
		{ "IndexStmt", "idxname", "index" },
		{ "RenameStmt", "newname", "new" },
		{ "CreateSchemaStmt", "schemaname", "schema" },
		{ "CreateTrigStmt", "trigname", "trigger" },
		{ "CreatePolicyStmt", "policy_name", "policy" },
	};
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (!strcmp(st->tag, objects[i].tag))
			check_name(ctx, st, NULL, objects[i].what,
				   ast_str(st->node, objects[i].field));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const sg_node *s = st->node;

	if (!strcmp(st->tag, "CreateStmt"))
		check_create_table(ctx, st);
	else if (!strcmp(st->tag, "AlterTableStmt"))
		check_alter_table(ctx, st);
	else if (!strcmp(st->tag, "ViewStmt"))
		check_rangevar(ctx, st, ast_field(s, "view"), "view");
	else if (!strcmp(st->tag, "CreateTableAsStmt"))
		check_rangevar(ctx, st, ast_field(ast_field(s, "into"), "rel"), "table");
	else if (!strcmp(st->tag, "CreateSeqStmt"))
		check_rangevar(ctx, st, ast_field(s, "sequence"), "sequence");
	else if (!strcmp(st->tag, "CreateFunctionStmt"))
		check_name(ctx, st, NULL, "function", ast_name_last(ast_list(s, "funcname")));
	else if (!strcmp(st->tag, "CreateEnumStmt"))
		check_name(ctx, st, NULL, "type", ast_name_last(ast_list(s, "typeName")));
	else if (!strcmp(st->tag, "CreateDomainStmt"))
		check_name(ctx, st, NULL, "domain", ast_name_last(ast_list(s, "domainname")));
	else
		check_named_object(ctx, st);
}

const sg_rule rule_identifier_too_long = {
	.id = "identifier-too-long",
	.severity = SG_WARNING,
	.summary = "an identifier longer than 63 bytes is silently truncated",
	.why = "PostgreSQL keeps the first 63 bytes of a name (NAMEDATALEN - 1) and only says so "
	       "in a NOTICE. Two names that share those bytes collide: the second CREATE fails, or "
	       "is skipped with IF NOT EXISTS. Anything that looks the object up by its full name "
	       "(catalog queries, to_regclass, schema diff tools, ORMs) does not find it.",
	.help = "Choose a name of at most 63 bytes (count bytes, not characters, for non-ASCII "
		"names), e.g. abbreviate: idx_orders_customer_created instead of "
		"index_on_orders_customer_id_and_created_at_for_dashboard_queries.",
	.bad = "CREATE INDEX index_on_orders_customer_id_and_created_at_for_the_dashboard_queries "
	       "ON orders (customer_id, created_at);",
	.good = "CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);",
	.check = check,
};
