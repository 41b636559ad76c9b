/*
 * schemagate rules [RULE]: the rule catalogue. Without an argument one line
 * per rule; with one, its full documentation and examples, which are the
 * same strings the example tests run.
 */
#include "gate/cmd.h"
#include "checks/rule.h"

#include <stdio.h>
#include <string.h>

static void print_indented(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("    %.*s\n", (int)n, p);
		p += n + (nl ? 1 : 0);
	}
}

static void explain(const sg_rule *r)
{
	printf("%s (%s)\n\n%s.\n\nWhy: %s\n\nInstead: %s\n", r->id, sg_severity_name(r->severity),
	       r->summary, r->why, r->help);
	if (r->flags & SG_RULE_UP_ONLY)
		printf("\nNot applied to down migrations.\n");
	if (r->example_version)
		printf("\nThe examples assume PostgreSQL %d.%d.\n", r->example_version / 10000,
		       r->example_version % 10000);
	printf("\nBad:\n");
	print_indented(r->bad);
	printf("\nGood:\n");
	print_indented(r->good);
}

int cmd_rules(int argc, char **argv)
{
	size_t nr, i;
	const sg_rule *const *rules = sg_rules_all(&nr);
	const sg_rule *r;

	if (argc > 2)
		return sg_die_usage("usage: schemagate rules [RULE]");
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: schemagate rules [RULE]\n\nList every rule, or explain one.\n");
		return 0;
	}
	if (argc == 2) {
		r = sg_rule_find(argv[1]);
		if (!r)
			return sg_die_usage("no rule '%s'; 'schemagate rules' lists them", argv[1]);
		explain(r);
		return 0;
	}
	for (i = 0; i < nr; i++)
		printf("%-40s %-7s  %s\n", rules[i]->id, sg_severity_name(rules[i]->severity),
		       rules[i]->summary);
	return 0;
}
