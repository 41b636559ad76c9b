/*
 * sum-mismatch: the migration directory does not match its integrity file (schemagate.sum).
 * Reported by schemagate diff (migrate/history.c) and schemagate sum --check (migrate/sum.c).
 */
#include "checks/rule.h"

const sg_rule rule_sum_mismatch = {
	.id = "sum-mismatch",
	.severity = SG_ERROR_SEV,
	.source = SG_SRC_DIFF,
	.flags = SG_RULE_DRIVER,
	.summary = "the migration directory does not match its integrity file "
	            "(schemagate.sum)",
	.why = "schemagate.sum records a hash of every migration, chained in order, so "
	        "that an edit, a removal or an addition that bypassed review shows up, "
	        "and so that two branches that both add migrations conflict in git and "
	        "must rebase.",
	.help = "If the change is intended, run `schemagate sum --write` and commit "
	         "schemagate.sum with it; if not, restore the file.",
	.bad = "edit a migration without updating schemagate.sum",
	.good = "schemagate sum --write && git add migrations/schemagate.sum",
};
