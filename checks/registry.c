/*
 * The list of rules. The build writes build/gen/rules.def with one
 * RULE(name) line per file in the rule folders (checks/rules_pg/,
 * checks/rules_history/), so a rule is registered by existing and its id
 * cannot drift from its file name (test_rules checks).
 */
#include "checks/rule.h"

#include <stdlib.h>
#include <string.h>

#define RULE(name) extern const sg_rule rule_##name;
#include "rules.def"
#undef RULE

#define RULE(name) &rule_##name,
static const sg_rule *all[] = {
#include "rules.def"
};
#undef RULE

static int sorted;

static int by_id(const void *a, const void *b)
{
	return strcmp((*(const sg_rule *const *)a)->id, (*(const sg_rule *const *)b)->id);
}

const sg_rule *const *sg_rules_all(size_t *nr)
{
	if (!sorted) {
		qsort(all, sizeof(all) / sizeof(all[0]), sizeof(all[0]), by_id);
		sorted = 1;
	}
	*nr = sizeof(all) / sizeof(all[0]);
	return all;
}

static int id_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(const sg_rule *const *)elem)->id);
}

const sg_rule *sg_rule_find(const char *id)
{
	size_t nr;
	const sg_rule *const *rules = sg_rules_all(&nr);
	const sg_rule *const *hit = bsearch(id, rules, nr, sizeof(*rules), id_cmp);

	return hit ? *hit : NULL;
}
