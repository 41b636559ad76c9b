/*
 * domain-constraint-scan: ALTER DOMAIN ... ADD CONSTRAINT without NOT
 * VALID, ALTER DOMAIN ... SET NOT NULL, and ALTER DOMAIN ... VALIDATE
 * CONSTRAINT.
 *
 * Each checks every existing value of the domain: PostgreSQL locks every
 * table with a column of the domain (or of a domain based on it) in SHARE
 * mode, which blocks all their writes, and scans each of them in full,
 * holding the locks until the transaction ends; it fails if any value
 * violates the constraint. Unlike a table's VALIDATE CONSTRAINT, a domain's
 * still takes SHARE, so NOT VALID only postpones the blocking scan.
 * CREATE DOMAIN ... CHECK is harmless: no column uses the domain yet.
 */
#include "checks/rule.h"

#include <string.h>

/* The kind of ALTER DOMAIN (its subtype letter) that validates existing values. */
static const char *validating_action(const sg_node *s)
{
	const char *sub = ast_str(s, "subtype");
	const sg_node *con = ast_field(s, "def");

	if (!sub)
		return NULL;
	if (!strcmp(sub, "C") && !ast_bool(con, "skip_validation"))
		return "adding a constraint to";
	if (!strcmp(sub, "O"))
		return "SET NOT NULL on";
	if (!strcmp(sub, "V"))
		return "validating a constraint of";
	return NULL;
}

static void check(sg_lint_ctx *ctx, const sg_stmt *st)
{
	const char *action;
	char name[256];

	if (strcmp(st->tag, "AlterDomainStmt"))
		return;
	action = validating_action(st->node);
	if (!action)
		return;
	lint_qualified_name(ast_list(st->node, "typeName"), name, sizeof(name));
	if (lint_object_is_new(ctx, "type", name))
		return; /* created in this run: no column uses it yet */
	lint_report(ctx, st, NULL,
		    "%s domain '%s' scans every table with a column of that domain under a SHARE "
		    "lock, blocking their writes, and fails on any value that does not pass",
		    action, name);
}

const sg_rule rule_domain_constraint_scan = {
	.id = "domain-constraint-scan",
	.severity = SG_ERROR_SEV,
	.flags = 0,
	.summary = "a domain constraint check scans every table that uses the domain",
	.why = "ALTER DOMAIN ... ADD CONSTRAINT (validated), SET NOT NULL and VALIDATE CONSTRAINT "
	       "lock every table with a column of the domain in SHARE mode (writes blocked) and "
	       "scan each in full; a domain's VALIDATE, unlike a table's, still blocks writes.",
	.help = "Put the rule on the columns instead: ALTER TABLE t ADD CONSTRAINT c CHECK (...) "
		"NOT VALID, then ALTER TABLE t VALIDATE CONSTRAINT c in a separate transaction "
		"(SHARE UPDATE EXCLUSIVE: reads and writes continue). If it must be on the domain, "
		"add it NOT VALID (new values are checked at once) and validate only in a quiet "
		"period.",
	.bad = "ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0);",
	.good = "ALTER DOMAIN positive_amount ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;",
	.engine = SG_ENGINE_BLOCKING,
	.check = check,
};
