/*
 * unknown-ignore-rule: a schemagate:ignore comment names a rule that does
 * not exist (a typo suppresses nothing).
 */
#include "checks/rule.h"

const sg_rule rule_unknown_ignore_rule = {
	.id = "unknown-ignore-rule",
	.severity = SG_WARNING,
	.flags = SG_RULE_DRIVER,
	.summary = "an ignore comment names a rule that does not exist",
	.why = "A misspelt rule name suppresses nothing, so the finding it was meant to silence "
	       "still fails the build, or the comment documents an exception that is not one.",
	.help = "Use a rule id from `schemagate rules`.",
	.bad = "-- schemagate:ignore ban-drop-colum\nALTER TABLE users DROP COLUMN note;",
	.good = "-- schemagate:ignore ban-drop-column\nALTER TABLE users DROP COLUMN note;",
};
