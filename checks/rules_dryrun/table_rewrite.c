/*
 * table-rewrite: the dry-run saw the statement replace the storage of an
 * existing table or index (its relfilenode changed).
 * Reported by schemagate dry-run (migrate/dryrun_pg.c).
 */
#include "checks/rule.h"

const sg_rule rule_table_rewrite = {
	.id = "table-rewrite",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DRYRUN,
	.flags = SG_RULE_DRIVER,
	.summary = "the statement rewrote an existing table or index",
	.why = "A rewrite copies every row into new storage and rebuilds every index while "
	       "holding ACCESS EXCLUSIVE: nobody can read or write the table until it ends, "
	       "and it needs as much free disk again as the table takes.",
	.help = "Change the schema without a rewrite: add a column without a volatile default "
		"and backfill it in batches, or expand and contract (new column, dual writes, "
		"backfill, switch, drop the old one) instead of changing a type in place.",
	.bad = "ALTER TABLE orders ALTER COLUMN id TYPE bigint;",
	.good = "ALTER TABLE orders ADD COLUMN id_new bigint;  -- then backfill in batches",
};
