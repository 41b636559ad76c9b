/*
 * uncommitted-transaction: a BEGIN with no COMMIT by the end of the file
 * (#44).
 *
 * The transaction stays open after the last statement: every lock it took
 * (ACCESS EXCLUSIVE for most DDL) is held until the session ends, blocking
 * the tables it touched, and then the server rolls the work back. Runners
 * that reuse the connection run the next migration inside it, so its
 * outcome depends on whatever comes later.
 */
#include "checks/rule.h"

static void check_end(sg_lint_ctx *ctx)
{
	size_t begin;

	/* In a file the runner wraps, the BEGIN was ignored and the runner commits. */
	if (lint_open_transactions(ctx, &begin) == 0 || lint_runner_transaction(ctx))
		return;
	lint_report_span(ctx, begin, begin + 5,
			 "this transaction is never committed: its locks are held until the "
			 "session ends, and then everything after the BEGIN is rolled back");
}

const sg_rule rule_uncommitted_transaction = {
	.id = "uncommitted-transaction",
	.severity = SG_WARNING,
	.summary = "a transaction is opened and never committed",
	.why = "A BEGIN without COMMIT leaves the transaction open after the last statement. The "
	       "locks it took stay held, blocking every query on those tables, until the session "
	       "ends; then the server rolls everything back, although the migration looked "
	       "successful.",
	.help = "End the file with COMMIT; (or remove the BEGIN when the runner already wraps the "
		"file in a transaction).",
	.bad = "BEGIN;\n"
	       "CREATE TABLE user_notes (id bigint);",
	.good = "BEGIN;\n"
		"CREATE TABLE user_notes (id bigint);\n"
		"COMMIT;",
	.check_end = check_end,
};
