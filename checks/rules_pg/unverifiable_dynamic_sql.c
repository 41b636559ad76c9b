/*
 * unverifiable-dynamic-sql: EXECUTE in a DO block with a string computed at
 * run time. Literal strings are linted like any statement; anything else
 * can only be checked by running it (schemagate dry-run).
 */
#include "checks/rule.h"

const sg_rule rule_unverifiable_dynamic_sql = {
	.id = "unverifiable-dynamic-sql",
	.severity = SG_WARNING,
	.flags = SG_RULE_DRIVER,
	.summary = "dynamic SQL in a DO block that cannot be checked before it runs",
	.why = "EXECUTE runs a string built at run time from variables or query results. Whatever "
	       "locks, rewrites or drops it performs are invisible to static analysis. (A string "
	       "built only from constants, with format() or ||, is evaluated and linted.)",
	.help = "Write the statement as a literal, or dry-run the migration against a copy of the "
		"schema (`schemagate dry-run`).",
	.bad = "DO $$\nDECLARE t text := 'orders';\n"
	       "BEGIN EXECUTE format('ALTER TABLE %I DROP COLUMN c', t); END $$;",
	.good = "DO $$ BEGIN EXECUTE 'CREATE TABLE t2 (id bigint)'; END $$;",
};
