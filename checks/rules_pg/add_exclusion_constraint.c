/*
 * add-exclusion-constraint: ADD CONSTRAINT ... EXCLUDE on an existing table.
 *
 * The exclusion constraint's index is built inside the ALTER TABLE, which
 * holds ACCESS EXCLUSIVE on the table for the whole build and check: every
 * read and write waits. Unlike CHECK and FOREIGN KEY it cannot be added NOT
 * VALID, and unlike UNIQUE it cannot be attached from an index built
 * concurrently, so there is no online form.
 */
#include "checks/pg_walk.h"
#include "checks/rule.h"

static void report_exclusion(sg_lint_ctx *ctx, const sg_stmt *st,
			     const pg_added_constraint *added, void *data)
{
	const char *name = added->name;

	(void)data;
	lint_report(ctx, st, added->cmd,
		    "adding exclusion constraint '%s' to '%s' builds its index under ACCESS "
		    "EXCLUSIVE, blocking reads and writes for the whole build; it cannot be added "
		    "NOT VALID or concurrently",
		    name ? name : "(unnamed)", added->table);
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	pg_each_added_constraint(ctx, st, "CONSTR_EXCLUSION", report_exclusion, NULL);
}

const sg_rule rule_add_exclusion_constraint = {
	.id = "add-exclusion-constraint",
	.severity = SG_ERROR_SEV,
	.summary = "adding an exclusion constraint builds its index under access exclusive",
	.why = "ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE builds the constraint's index and checks "
	       "every row while holding ACCESS EXCLUSIVE on the table, so every SELECT, INSERT, "
	       "UPDATE and DELETE waits for the whole build. Exclusion constraints cannot be added "
	       "NOT VALID nor attached from an index built concurrently: there is no online form.",
	.help = "Declare exclusion constraints when the table is created. For a table with traffic, "
		"create a new table with the constraint, copy the rows in batches (with a trigger "
		"or dual writes for new ones), then swap the names in one short transaction with "
		"lock_timeout set; or run it in a maintenance window.",
	.bad = "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap "
	       "EXCLUDE USING gist (room_id WITH =, during WITH &&);",
	.good = "CREATE TABLE bookings_v2 (room_id bigint, during tstzrange,\n"
		"  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&));",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
