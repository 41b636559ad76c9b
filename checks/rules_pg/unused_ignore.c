/*
 * unused-ignore: a schemagate:ignore comment that suppressed nothing. Stale
 * suppressions hide future findings, so they are reported.
 */
#include "checks/rule.h"

const sg_rule rule_unused_ignore = {
	.id = "unused-ignore",
	.severity = SG_WARNING,
	.flags = SG_RULE_DRIVER,
	.summary = "an ignore comment that suppresses nothing",
	.why = "A suppression that matches no finding is either misplaced (it must be on the lines "
	       "just above the statement) or stale; left in place it would silently hide a future "
	       "finding.",
	.help = "Move the comment to just above the statement it is meant for, or remove it.",
	.bad = "-- schemagate:ignore ban-drop-column\nALTER TABLE users ADD COLUMN note text;",
	.good = "-- schemagate:ignore ban-drop-column\nALTER TABLE users DROP COLUMN note;",
};
