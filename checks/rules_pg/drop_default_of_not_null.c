/*
 * drop-default-of-not-null: ALTER COLUMN ... DROP DEFAULT on a NOT NULL
 * column of an existing table, when the column was added (or made NOT NULL)
 * by this change.
 *
 * The application version still running does not know the column, so its
 * INSERTs leave it out and have been filled by the default. Once the default
 * is gone they fail with a not-null violation until the new version is out.
 * Django writes exactly this for every new field with a default: ADD COLUMN
 * ... DEFAULT x NOT NULL, then DROP DEFAULT.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void check_drop_default(sg_lint_ctx *ctx, const sg_stmt *st, const pg_alter_cmd *alter,
			       void *data)
{
	(void)data;
	/* DROP DEFAULT is the ColumnDefault sub-command without an expression. */
	if (alter->def || !alter->name || !lint_column_is_not_null(ctx, alter->key, alter->name))
		return;
	lint_report(ctx, st, alter->cmd,
		    "dropping the default of NOT NULL column '%s.%s' makes the INSERTs of the "
		    "application version still running, which leave the column out, fail",
		    alter->table, alter->name);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	if (pg_alters_table(st))
		pg_each_alter_cmd(ctx, st, "AT_ColumnDefault", check_drop_default, NULL);
}

const sg_rule rule_drop_default_of_not_null = {
	.id = "drop-default-of-not-null",
	.severity = SG_ERROR_SEV,
	.flags = SG_RULE_UP_ONLY,
	.summary = "dropping the default of a new NOT NULL column breaks the running application's "
		   "inserts",
	.why = "The application version still deployed does not know the new column, so its "
	       "INSERTs omit it and rely on the default. Without the default they fail with a "
	       "not-null violation until every instance runs the new version.",
	.help = "Keep the default until the new application version is fully deployed, and drop "
		"it in a later migration (Django: use db_default, or split the migration and run "
		"the DROP DEFAULT after the deploy).",
	.bad = "ALTER TABLE deliveries ADD COLUMN retry_count integer DEFAULT 0 NOT NULL;\n"
	       "ALTER TABLE deliveries ALTER COLUMN retry_count DROP DEFAULT;",
	.good = "ALTER TABLE deliveries ADD COLUMN retry_count integer DEFAULT 0 NOT NULL;",
	.check = check,
};
