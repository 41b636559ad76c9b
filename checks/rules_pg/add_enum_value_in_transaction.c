/*
 * add-enum-value-in-transaction: ALTER TYPE ... ADD VALUE where the
 * transaction makes it fail.
 *
 * Before PostgreSQL 12, ADD VALUE cannot run inside a transaction block at
 * all: the migration fails (unless the type was created in the same
 * transaction, which is rare in practice and not modelled here). Since 12 it
 * can, but the new label cannot be used until the transaction commits: a
 * later statement of the same transaction that writes or compares it (an
 * INSERT, UPDATE, DEFAULT, CHECK, ...) fails with "unsafe use of new value".
 *
 * The later statements are found by parsing the rest of the file after the
 * ALTER TYPE up to the end of its transaction (COMMIT, ROLLBACK, or dbmate's
 * down section); a string literal equal to the new label, or the label
 * quoted inside a DO body, counts as a use.
 */
#include "checks/pg_lex.h"
#include "checks/pg_parse.h"
#include "checks/rule.h"

#include <stdint.h>
#include <string.h>

#define ADD_VALUE_IN_TX_VERSION 120000

struct label_use {
	const char *label;
	int offset; /* in the text parsed, or -1 while not found */
};

static bool visit_literal(const sg_node *n, const char *tag, void *data)
{
	struct label_use *u = data;
	const char *s;

	if (strcmp(tag, "A_Const"))
		return false;
	s = ast_sval(n);
	if (!s || strcmp(s, u->label))
		return false;
	u->offset = ast_location(n);
	return true;
}

/* The label written as a string literal inside a DO body: 'label'. */
static bool do_body_quotes(const sg_node *do_stmt, const char *label)
{
	AST_EACH(arg, ast_list(do_stmt, "args")) {
		const char *name = ast_str(arg, "defname");
		const char *body = ast_str(arg, "arg");
		const char *hit;
		size_t n = strlen(label);

		if (!name || strcmp(name, "as") || !body)
			continue;
		for (hit = strstr(body, label); hit; hit = strstr(hit + 1, label))
			if (hit > body && hit[-1] == '\'' && hit[n] == '\'')
				return true;
	}
	return false;
}

static bool ends_transaction(const sg_node *stmt)
{
	const char *kind = ast_str(stmt, "kind");

	return ast_is(stmt, "TransactionStmt") && kind &&
	       (!strcmp(kind, "TRANS_STMT_COMMIT") || !strcmp(kind, "TRANS_STMT_ROLLBACK") ||
		!strcmp(kind, "TRANS_STMT_PREPARE"));
}

struct down_marker {
	const char *text;
	size_t offset;
};

static void find_down_marker(enum pg_tok kind, size_t offset, size_t len, void *data)
{
	struct down_marker *m = data;
	size_t i = offset + 2;

	(void)kind;
	while (i < offset + len && (m->text[i] == ' ' || m->text[i] == '\t'))
		i++;
	if (m->offset == SIZE_MAX && !strncmp(m->text + i, "migrate:down", 12))
		m->offset = offset;
}

/* Offset of dbmate's "-- migrate:down" in `text`, or SIZE_MAX. */
static size_t down_section_start(const char *text)
{
	struct down_marker m = { text, SIZE_MAX };

	pg_lex_scan_comments(text, strlen(text), find_down_marker, NULL, &m);
	return m.offset;
}

/*
 * Offset in `rest` of the first use of `label` before the transaction ends,
 * or -1. `rest` is the file text after the ALTER TYPE.
 */
static int first_use_in_transaction(const char *rest, const char *label)
{
	size_t down = down_section_start(rest), len = strlen(rest);
	pg_parse_error err = { NULL, -1 };
	sg_node *tree = NULL;
	int found = -1;

	if (pg_parse_sql(rest, &tree, &err) < 0) {
		pg_parse_error_release(&err);
		return -1;
	}
	AST_EACH(raw, ast_list(tree, "stmts")) {
		const sg_node *stmt = ast_field(raw, "stmt");
		/* stmt_location includes the comments and blanks before the statement. */
		size_t at = pg_lex_skip_trivia(rest, len, (size_t)ast_int(raw, "stmt_location", 0));
		struct label_use use = { label, -1 };

		if (at >= down || ends_transaction(stmt))
			break;
		if (ast_is(stmt, "DoStmt") ? do_body_quotes(stmt, label)
					   : ast_walk(stmt, visit_literal, &use)) {
			found = use.offset >= 0 ? use.offset : (int)at;
			break;
		}
	}
	ast_free(tree);
	return found;
}

static int line_at(const char *text, size_t offset)
{
	int line = 1;
	size_t i;

	for (i = 0; i < offset && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

static void check_use_after_add(sg_lint_ctx *ctx, const sg_stmt *st, const char *label,
				const char *type)
{
	size_t after = st->end - st->base;
	int use;

	/* SQL run by a DO block is parsed alone: nothing follows it in its text. */
	if (st->in_do || !st->exact)
		return;
	use = first_use_in_transaction(st->text + after, label);
	if (use < 0)
		return;
	lint_report(ctx, st, NULL,
		    "'%s' is added to enum '%s' and used at line %d in the same transaction: "
		    "PostgreSQL rejects that use (unsafe use of new value) until this transaction "
		    "commits",
		    label, type, line_at(st->text, after + (size_t)use));
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *label = ast_str(st->node, "newVal");
	const char *type;

	if (strcmp(st->tag, "AlterEnumStmt") || !label || ast_str(st->node, "oldVal"))
		return;
	if (!lint_in_transaction(ctx))
		return;
	type = ast_name_last(ast_list(st->node, "typeName"));
	if (!type)
		type = "?";
	if (lint_server_version(ctx) < ADD_VALUE_IN_TX_VERSION)
		lint_report(ctx, st, NULL,
			    "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before "
			    "PostgreSQL 12: adding '%s' to '%s' fails the migration",
			    label, type);
	else
		check_use_after_add(ctx, st, label, type);
}

const sg_rule rule_add_enum_value_in_transaction = {
	.id = "add-enum-value-in-transaction",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "an enum value added in a transaction that cannot use it",
	.why = "Before PostgreSQL 12, ALTER TYPE ... ADD VALUE fails inside a transaction block. "
	       "Since 12 it runs, but the new value cannot be used until the transaction commits: "
	       "a later INSERT, UPDATE, DEFAULT or CHECK in the same transaction that uses it fails "
	       "with \"unsafe use of new value\".",
	.help = "Add the enum value in its own migration that runs outside a transaction block "
		"(or commit right after it), and use the value only in a later migration.",
	.bad = "BEGIN;\n"
	       "ALTER TYPE mood ADD VALUE 'ecstatic';\n"
	       "UPDATE people SET mood = 'ecstatic' WHERE id = 42;\n"
	       "COMMIT;",
	.good = "ALTER TYPE mood ADD VALUE 'ecstatic';\n"
		"UPDATE people SET mood = 'ecstatic' WHERE id = 42;",
	.check = check,
};
