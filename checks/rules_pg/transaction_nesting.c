/*
 * transaction-nesting: BEGIN inside a transaction, or COMMIT/ROLLBACK of a
 * transaction the migration runner opened (#44).
 *
 * PostgreSQL has no nested transactions. A second BEGIN only raises a
 * WARNING and is ignored, so the first COMMIT ends the outer transaction
 * too, and what follows runs outside any transaction: a failure there
 * leaves the migration half applied. When the runner wraps the file in a
 * transaction (Flyway, dbmate, assume_in_transaction), a COMMIT in the file
 * ends the runner's transaction early, and a ROLLBACK silently discards
 * the work while the runner records the migration as applied.
 */
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

static bool kind_is(const char *kind, const char *want)
{
	return kind && !strcmp(kind, want);
}

/*
 * " (BEGIN at line N)" for the outer BEGIN, when the statement's text is the whole
 * file (not a piece re-parsed after a syntax error).
 */
static void outer_line(const sg_stmt *st, size_t offset, char *buf, size_t size)
{
	int line = 1;
	size_t i;

	buf[0] = '\0';
	if (st->base != 0 || st->in_do)
		return;
	for (i = 0; i < offset && st->text[i]; i++)
		line += st->text[i] == '\n';
	snprintf(buf, size, " (BEGIN at line %d)", line);
}

static void check_begin(sg_lint_ctx *ctx, const sg_stmt *st)
{
	size_t outer;
	char at[32];

	if (lint_open_transactions(ctx, &outer) > 0) {
		outer_line(st, outer, at, sizeof(at));
		lint_report(ctx, st, NULL,
			    "BEGIN while a transaction is already open%s: PostgreSQL ignores it "
			    "with a warning, so the first COMMIT also ends the outer transaction "
			    "and the statements after it run outside any transaction",
			    at);
	} else if (lint_in_transaction(ctx)) {
		lint_report(ctx, st, NULL,
			    "the migration runner already runs this file in a transaction: this "
			    "BEGIN is ignored with a warning, and a COMMIT in the file ends the "
			    "runner's transaction early");
	}
}

static const char *end_verb(const char *kind)
{
	if (kind_is(kind, "TRANS_STMT_ROLLBACK"))
		return "ROLLBACK";
	return kind_is(kind, "TRANS_STMT_PREPARE") ? "PREPARE TRANSACTION" : "COMMIT";
}

static void check_end_of_runner_transaction(sg_lint_ctx *ctx, const sg_stmt *st,
					    const char *kind)
{
	bool rollback = kind_is(kind, "TRANS_STMT_ROLLBACK");

	if (!lint_in_transaction(ctx) || lint_in_explicit_transaction(ctx) || st->in_do)
		return;
	lint_report(ctx, st, NULL,
		    "%s ends the transaction the migration runner opened for this file: %s",
		    end_verb(kind),
		    rollback ? "the work before it is discarded while the runner records the "
			       "migration as applied"
			     : "the statements after it run outside any transaction, so a failure "
			       "leaves the migration half applied");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *kind;

	if (strcmp(st->tag, "TransactionStmt"))
		return;
	kind = ast_str(st->node, "kind");
	if (kind_is(kind, "TRANS_STMT_BEGIN") || kind_is(kind, "TRANS_STMT_START"))
		check_begin(ctx, st);
	else if (kind_is(kind, "TRANS_STMT_COMMIT") || kind_is(kind, "TRANS_STMT_ROLLBACK") ||
		 kind_is(kind, "TRANS_STMT_PREPARE"))
		check_end_of_runner_transaction(ctx, st, kind);
}

const sg_rule rule_transaction_nesting = {
	.id = "transaction-nesting",
	.severity = SG_WARNING,
	.summary = "transaction control that conflicts with an enclosing transaction",
	.why = "PostgreSQL has no nested transactions: a BEGIN inside a transaction is ignored "
	       "with a warning and the first COMMIT ends the outer one, so the statements after it "
	       "run outside any transaction. When the runner wraps each file in a transaction, a "
	       "COMMIT in the file commits the runner's transaction early and a ROLLBACK discards "
	       "the work while the migration is recorded as applied.",
	.help = "Let one party own the transaction: remove BEGIN/COMMIT from files the runner "
		"wraps (or mark the file as non-transactional in the runner), and never open a "
		"BEGIN inside another.",
	.bad = "BEGIN;\n"
	       "ALTER TABLE users ADD COLUMN nickname text;\n"
	       "BEGIN;\n"
	       "CREATE TABLE user_notes (id bigint);\n"
	       "COMMIT;",
	.good = "BEGIN;\n"
		"ALTER TABLE users ADD COLUMN nickname text;\n"
		"CREATE TABLE user_notes (id bigint);\n"
		"COMMIT;",
	.check = check,
};
