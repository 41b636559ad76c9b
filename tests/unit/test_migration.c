/* migrate/migration.c and the format readers, on in-memory trees. */
#include "tests/unit/helpers.h"
#include "migrate/migration.h"

/* A tree of `paths` whose contents are given as "path=content" (content optional). */
static void tree_of(sg_tree *t, const char *const *entries)
{
	memset(t, 0, sizeof(*t));
	t->dir = strdup("db");
	for (; *entries; entries++) {
		const char *eq = strchr(*entries, '=');
		char *path = eq ? strndup(*entries, (size_t)(eq - *entries)) : strdup(*entries);
		sg_tree_file *f = sg_tree_add(t, path);

		if (eq) {
			f->data = strdup(eq + 1);
			f->len = strlen(eq + 1);
			f->loaded = true;
		} else {
			f->data = strdup("");
			f->loaded = true;
		}
		free(path);
	}
	sg_tree_sort(t);
}

static void versions_compare_by_number(void **state)
{
	(void)state;
	assert_true(sg_migration_version_cmp("1.9", "1.10") < 0);
	assert_true(sg_migration_version_cmp("2", "10") < 0);
	assert_true(sg_migration_version_cmp("20240101120000", "20231231235959") > 0);
	assert_int_equal(sg_migration_version_cmp("001", "1"), 0);
	assert_int_equal(sg_migration_version_cmp("1.9.0", "1.9"), 0);
	assert_true(sg_migration_version_cmp("1.9.1", "1.9") > 0);
	assert_true(sg_migration_version_cmp("1.2.10", "1.2.9") > 0);
}

static void golang_migrate_pairs_and_orders(void **state)
{
	static const char *const files[] = {
		"10_b.up.sql", "10_b.down.sql", "2_a.up.sql", "2_a.down.sql", "3_c.up.sql",
		"x.up.sql", "README.md", "4_d.down.sql", NULL,
	};
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.format, SG_FMT_GOLANG_MIGRATE);
	assert_int_equal(set.nr, 4);
	assert_string_equal(set.items[0].version, "2");
	assert_string_equal(set.items[0].name, "a");
	assert_string_equal(set.items[0].down.path, "2_a.down.sql");
	assert_string_equal(set.items[1].version, "3");
	assert_null(set.items[1].down.path);
	assert_string_equal(set.items[3].version, "10");
	/* x.up.sql misnamed, 3_c without down, 4_d without up */
	assert_int_equal(set.nr_issues, 3);
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

/* A down file pairs with the up file of its own name, not with another spelling of its version. */
static void golang_migrate_pairs_by_file_name(void **state)
{
	static const char *const files[] = { "01_a.up.sql", "1_a.down.sql", "1_a.up.sql", NULL };
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.nr, 2);
	assert_string_equal(set.items[0].up.path, "01_a.up.sql");
	assert_null(set.items[0].down.path);
	assert_string_equal(set.items[1].up.path, "1_a.up.sql");
	assert_string_equal(set.items[1].down.path, "1_a.down.sql");
	assert_int_equal(set.nr_issues, 1);
	assert_string_equal(set.issues[0].rule, "migration-missing-down");
	assert_string_equal(set.issues[0].path, "01_a.up.sql");
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

static void flyway_versions_and_kinds(void **state)
{
	static const char *const files[] = {
		"V1_10__late.sql", "V1_9__early.sql", "U1_9__early.sql", "R__views.sql",
		"sub/V2__nested.sql", "V3_x.sql", "V1.2.3__dots.sql", NULL,
	};
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.format, SG_FMT_FLYWAY);
	assert_int_equal(set.nr, 5);
	assert_string_equal(set.items[0].version, "1.2.3");
	assert_string_equal(set.items[1].version, "1.9");
	assert_string_equal(set.items[1].down.path, "U1_9__early.sql");
	assert_string_equal(set.items[2].version, "1.10");
	assert_string_equal(set.items[3].up.path, "sub/V2__nested.sql");
	assert_true(set.items[4].repeatable);
	assert_int_equal(set.nr_issues, 1); /* V3_x.sql */
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

static void dbmate_markers_are_read_on_load(void **state)
{
	static const char *const files[] = {
		"20240101_a.sql=-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (x);\n"
		"-- migrate:down\nDROP INDEX i;\n",
		"20240102_b.sql=SELECT 1;\n",
		NULL,
	};
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.format, SG_FMT_DBMATE);
	assert_int_equal(sg_migration_load(&set, &set.items[0], &t), 0);
	{
		unsigned char raw[SG_SHA256_RAWSZ];
		char hex[2 * SG_SHA256_RAWSZ + 1];

		assert_int_equal(sg_migration_sha256(&set.items[0], &t, raw), 0);
		sg_hex(raw, SG_SHA256_RAWSZ, hex);
		/* sha256sum of the file's content */
		assert_string_equal(hex, "ef24037ebf17e477147495ff955447b5d5ae252d6734eb3eb939fa96ab1dc309");
	}
	assert_true(set.items[0].no_transaction);
	assert_true(set.items[0].has_down_part);
	assert_int_equal(set.items[0].up_line, 1);
	assert_int_equal(set.nr_issues, 0);
	assert_int_equal(sg_migration_load(&set, &set.items[1], &t), 0);
	assert_int_equal(set.nr_issues, 1); /* no -- migrate:up */
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

static void diesel_folders(void **state)
{
	static const char *const files[] = {
		"2024-01-31-120000_users/up.sql", "2024-01-31-120000_users/down.sql",
		"2024-01-31-120000_users/metadata.toml=run_in_transaction = false\n",
		"00000000000000_diesel_initial_setup/up.sql", "00000000000000_diesel_initial_setup/down.sql",
		"bad-name/up.sql", NULL,
	};
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.format, SG_FMT_DIESEL);
	assert_int_equal(set.nr, 2);
	assert_string_equal(set.items[1].version, "20240131120000");
	assert_string_equal(set.items[1].name, "users");
	assert_int_equal(sg_migration_load(&set, &set.items[1], &t), 0);
	assert_true(set.items[1].no_transaction);
	assert_int_equal(set.nr_issues, 1); /* bad-name */
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

static void sqitch_plan_order_and_rework(void **state)
{
	static const char *const files[] = {
		"sqitch.plan=%syntax-version=1.0.0\n%project=p\n\n"
		"users 2024-01-01T00:00:00Z a <a@b>\n"
		"@v1 2024-01-02T00:00:00Z a <a@b>\n"
		"orders [users] 2024-01-03T00:00:00Z a <a@b> # note\n"
		"users [users@v1] 2024-01-04T00:00:00Z a <a@b>\n"
		"ghost 2024-01-05T00:00:00Z a <a@b>\n",
		"deploy/users@v1.sql", "revert/users@v1.sql", "deploy/orders.sql", "revert/orders.sql",
		"deploy/users.sql", "revert/users.sql", "deploy/stray.sql", NULL,
	};
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_AUTO), 0);
	assert_int_equal(set.format, SG_FMT_SQITCH);
	assert_int_equal(set.nr, 4);
	assert_string_equal(set.items[0].version, "users@v1");
	assert_string_equal(set.items[0].up.path, "deploy/users@v1.sql");
	assert_string_equal(set.items[1].version, "orders");
	assert_string_equal(set.items[2].up.path, "deploy/users.sql");
	assert_null(set.items[3].up.path);
	assert_int_equal(set.nr_issues, 2); /* ghost without deploy, stray not planned */
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

static void plain_files_by_number(void **state)
{
	static const char *const files[] = { "10_c.sql", "2_b.sql", "1.sql", "notes.txt", NULL };
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t;

	(void)state;
	tree_of(&t, files);
	assert_int_equal(sg_migration_set_read(&set, &t, SG_FMT_PLAIN), 0);
	assert_int_equal(set.nr, 3);
	assert_string_equal(set.items[0].up.path, "1.sql");
	assert_string_equal(set.items[2].up.path, "10_c.sql");
	sg_migration_set_release(&set);
	sg_tree_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(versions_compare_by_number),
		cmocka_unit_test(golang_migrate_pairs_and_orders),
		cmocka_unit_test(golang_migrate_pairs_by_file_name),
		cmocka_unit_test(flyway_versions_and_kinds),
		cmocka_unit_test(dbmate_markers_are_read_on_load),
		cmocka_unit_test(diesel_folders),
		cmocka_unit_test(sqitch_plan_order_and_rework),
		cmocka_unit_test(plain_files_by_number),
	};
	return cmocka_run_group_tests_name("migration", tests, NULL, NULL);
}
