/*
 * set-not-null: ALTER TABLE ... ALTER COLUMN ... SET NOT NULL on an
 * existing table.
 *
 * The server holds ACCESS EXCLUSIVE while it scans the whole table for
 * NULLs: no reads and no writes until the scan ends, and the statement
 * fails if it finds one. From PostgreSQL 12 the scan is skipped when a
 * validated CHECK (col IS NOT NULL) already proves the column has none;
 * that CHECK can be added NOT VALID and validated under SHARE UPDATE
 * EXCLUSIVE, which lets traffic through.
 *
 * The CHECK is known when it was added in this run. When it was added by
 * an older migration, the last step of that pattern still shows: a
 * VALIDATE CONSTRAINT earlier in the file, on the same table, of a
 * constraint named after the column (users_email_not_null).
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"


static void check_set_not_null(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			       void *data)
{
	const char *col = alter->name;
	bool proven = col && (lint_has_not_null_check(ctx, alter->key, col) ||
			      lint_validated_unknown_constraint(ctx, alter->key, col));

	(void)data;
	if (proven && lint_server_version(ctx) >= 120000)
		return;
	lint_report(ctx, st, alter->cmd,
		    "SET NOT NULL on '%s.%s' scans the whole table under ACCESS EXCLUSIVE, "
		    "blocking reads and writes, and fails if a row is NULL%s",
		    alter->table, col ? col : "?",
		    proven ? " (before PostgreSQL 12 a validated CHECK (col IS NOT NULL) does not "
			     "spare the scan)"
			   : "");
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_SetNotNull", check_set_not_null, NULL);
}

const sg_rule rule_set_not_null = {
	.id = "set-not-null",
	.severity = SG_ERROR_SEV,
	.summary = "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE",
	.why = "ALTER COLUMN ... SET NOT NULL takes ACCESS EXCLUSIVE and scans every row to prove "
	       "there is no NULL: reads and writes are blocked for the whole scan, and the "
	       "statement fails if a NULL exists. From PostgreSQL 12 the scan is skipped when a "
	       "validated CHECK (col IS NOT NULL) constraint already exists.",
	.help = "PostgreSQL 12+: `ALTER TABLE t ADD CONSTRAINT t_col_not_null CHECK (col IS NOT "
		"NULL) NOT VALID;` then, in a separate transaction, `ALTER TABLE t VALIDATE "
		"CONSTRAINT t_col_not_null;` (SHARE UPDATE EXCLUSIVE: reads and writes continue), "
		"then `ALTER TABLE t ALTER COLUMN col SET NOT NULL;` (no scan) and `ALTER TABLE t "
		"DROP CONSTRAINT t_col_not_null;`. Before 12 there is no scan-free way: run it in a "
		"maintenance window or leave the CHECK constraint in place of NOT NULL.",
	.bad = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
	.good = "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) "
		"NOT VALID;\n"
		"ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n"
		"ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
		"ALTER TABLE users DROP CONSTRAINT users_email_not_null;",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
