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
 * The context remembers the labels added in the current transaction, so a
 * use is found wherever it is: a later statement of the same BEGIN block or
 * runner transaction, or SQL inside a DO block. It is reported where it
 * fails, at the string literal that uses the label.
 */
#include "checks/rule.h"

#include <string.h>

#define ADD_VALUE_IN_TX_VERSION 120000

struct label_use {
	const sg_lint_ctx *ctx;
	const sg_node *literal;
};

static bool visit_literal(const sg_node *n, const char *tag, void *data)
{
	struct label_use *u = data;

	if (strcmp(tag, "A_Const") || !lint_enum_value_added(u->ctx, ast_sval(n)))
		return false;
	u->literal = n;
	return true;
}

static void check_add_value(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *label = ast_str(st->node, "newVal");
	const char *type = ast_name_last(ast_list(st->node, "typeName"));

	if (!label || ast_str(st->node, "oldVal") || !lint_in_transaction(ctx) ||
	    lint_server_version(ctx) >= ADD_VALUE_IN_TX_VERSION)
		return;
	lint_report(ctx, st, NULL,
		    "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before "
		    "PostgreSQL 12: adding '%s' to '%s' fails the migration",
		    label, type ? type : "?");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	struct label_use use = { ctx, NULL };

	if (!strcmp(st->tag, "AlterEnumStmt")) {
		check_add_value(ctx, st);
		return;
	}
	if (!lint_enum_values_pending(ctx) || !ast_walk(st->node, visit_literal, &use))
		return;
	lint_report(ctx, st, use.literal,
		    "'%s' was added to its enum earlier in this transaction: PostgreSQL rejects "
		    "this use (unsafe use of new enum value) until the transaction commits",
		    ast_sval(use.literal));
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
