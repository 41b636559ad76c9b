/*
 * syntax-error: the file (or SQL inside a DO block) does not parse with the
 * PostgreSQL 15 grammar, or holds bytes PostgreSQL rejects. Reported by the
 * driver at the server's own error position.
 */
#include "checks/rule.h"

const sg_rule rule_syntax_error = {
	.id = "syntax-error",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_DRIVER,
	.summary = "the SQL does not parse, so PostgreSQL would reject the migration",
	.why = "PostgreSQL parses each statement before running it. A statement that does not "
	       "parse fails the migration; in a transaction everything before it is rolled back, "
	       "outside one the migration stops half applied. Statements after the error are not "
	       "linted, because the error may have changed what they mean.",
	.help = "Fix the statement at the reported position; `psql -f FILE` against a scratch "
		"database shows the same error.",
	.bad = "ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT;",
	.good = "ALTER TABLE users ADD COLUMN email text;",
};
