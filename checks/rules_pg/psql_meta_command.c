/*
 * psql-meta-command: backslash commands (\set, \connect, \i ...) are psql's,
 * not SQL. They are skipped and reported, because what they do is invisible
 * to the linter and other runners fail on them.
 */
#include "checks/rule.h"

const sg_rule rule_psql_meta_command = {
	.id = "psql-meta-command",
	.severity = SG_WARNING,
	.flags = SG_RULE_DRIVER,
	.summary = "psql meta-command: not SQL, skipped and not linted",
	.why = "Meta-commands such as \\set, \\connect or \\i are interpreted by psql, not by the "
	       "server. Migration runners other than psql reject them, and the linter cannot see "
	       "what an included file or a variable does.",
	.help = "Keep migrations plain SQL; inline what \\i includes and replace variables with "
		"literal values.",
	.bad = "\\set ON_ERROR_STOP on\nALTER TABLE users ADD COLUMN note text;",
	.good = "ALTER TABLE users ADD COLUMN note text;",
};
