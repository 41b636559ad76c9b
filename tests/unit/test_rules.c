/*
 * The rule catalogue: every rule is complete and documented, its id is
 * kebab-case and matches its file, it has a case file in tests/rules_pg/,
 * and its documented examples behave as documented: `bad` triggers the
 * rule, `good` does not.
 */
#include "tests/unit/helpers.h"

#include <ctype.h>
#include <unistd.h>

static bool is_kebab(const char *id)
{
	const char *p;

	if (!islower((unsigned char)id[0]))
		return false;
	for (p = id; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-') ||
		    (*p == '-' && (p[1] == '-' || p[1] == '\0')))
			return false;
	return true;
}

static void every_rule_is_complete(void **state)
{
	size_t nr, i;
	const sg_rule *const *rules = sg_rules_all(&nr);

	(void)state;
	assert_true(nr > 40);
	for (i = 0; i < nr; i++) {
		const sg_rule *r = rules[i];
		print_message("%s\n", r->id);
		assert_true(is_kebab(r->id));
		assert_true(r->summary && *r->summary && r->why && *r->why);
		assert_true(r->help && *r->help && r->bad && *r->bad && r->good && *r->good);
		assert_true((r->check || r->check_end) != ((r->flags & SG_RULE_DRIVER) != 0));
		if (i)
			assert_true(strcmp(rules[i - 1]->id, r->id) < 0);
		assert_ptr_equal(sg_rule_find(r->id), r);
	}
	assert_null(sg_rule_find("no-such-rule"));
}

static void every_rule_file_is_named_after_its_id(void **state)
{
	size_t nr, i;
	const sg_rule *const *rules = sg_rules_all(&nr);
	char path[512], *p;

	(void)state;
	for (i = 0; i < nr; i++) {
		const char *dir = rules[i]->source == SG_SRC_DIFF     ? "checks/rules_history/"
				  : rules[i]->source == SG_SRC_DRYRUN ? "checks/rules_dryrun/"
				  : rules[i]->source == SG_SRC_APPLY  ? "checks/rules_apply/"
								      : "checks/rules_pg/";

		snprintf(path, sizeof(path), "%s%s.c", dir, rules[i]->id);
		for (p = path + strlen(dir); *p; p++)
			if (*p == '-')
				*p = '_';
		print_message("%s\n", path);
		assert_int_equal(access(path, R_OK), 0);
		snprintf(path, sizeof(path), "tests/rules_pg/%s.test", rules[i]->id);
		if (!(rules[i]->flags & SG_RULE_DRIVER) && rules[i]->source == SG_SRC_LINT)
			assert_int_equal(access(path, R_OK), 0);
	}
}

static void documented_examples_behave(void **state)
{
	size_t nr, i;
	const sg_rule *const *rules = sg_rules_all(&nr);

	(void)state;
	for (i = 0; i < nr; i++) {
		const sg_rule *r = rules[i];
		size_t bad, good;

		if (r->source != SG_SRC_LINT)
			continue; /* history rules: examples of repositories, tested end to end */
		bad = lint_count(r->bad, r->id, r->example_version);
		good = lint_count(r->good, r->id, r->example_version);
		if (bad == 0 || good != 0)
			print_error("%s: bad example gives %zu findings, good example %zu\n", r->id,
				    bad, good);
		assert_true(bad > 0);
		assert_int_equal(good, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rule_is_complete),
		cmocka_unit_test(every_rule_file_is_named_after_its_id),
		cmocka_unit_test(documented_examples_behave),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
