/*
 * golang-migrate: {version}_{title}.up.sql and {version}_{title}.down.sql
 * in one folder (subfolders are not read by the tool, so not here either).
 * The version is the leading number; the down file is optional for the
 * tool but is what `migrate down` runs, so an up without one is a warning.
 */
#include "migrate/migration.h"
#include <string.h>

static bool is_pair_file(const char *path)
{
	return sg_path_ends(path, ".up.sql") || sg_path_ends(path, ".down.sql");
}

static bool detect(sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strchr(t->files[i].path, '/') && is_pair_file(t->files[i].path))
			return true;
	return false;
}

/*
 * The down and the up file of a version are neighbours in the listing
 * (000042_x.down.sql, 000042_x.up.sql): the second joins the migration
 * of the first rather than making one that merge_parts would fold away.
 * On thousands of migrations that halves what is built.
 */
static sg_migration *neighbour_pair(sg_migration_set *set, const char *version, size_t vlen,
				    const char *title, size_t tlen, bool down)
{
	sg_migration *m = set->nr ? &set->items[set->nr - 1] : NULL;

	if (!m || (down ? m->down.path : m->up.path))
		return NULL;
	if (strncmp(m->version, version, vlen) || m->version[vlen] || strncmp(m->name, title, tlen) ||
	    m->name[tlen])
		return NULL;
	return m;
}

static void read_file(sg_migration_set *set, sg_tree_file *f)
{
	const char *path = f->path;
	bool down = sg_path_ends(path, ".down.sql");
	size_t digits = sg_digits(path), suffix = down ? 9 : 7, len = strlen(path);
	const char *title = path + digits + 1;
	sg_migration *m;

	if (!digits || path[digits] != '_' || len <= digits + 1 + suffix) {
		sg_migration_issue_add(set, path, "migration-malformed", 1,
				       "'%s' is not named {version}_{title}.%s.sql, so golang-migrate "
				       "does not run it",
				       path, down ? "down" : "up");
		return;
	}
	m = neighbour_pair(set, path, digits, title, len - digits - 1 - suffix, down);
	if (!m)
		m = sg_migration_new(set, path, (int)digits, title, (int)(len - digits - 1 - suffix));
	if (down)
		m->down = sg_migration_file_of(f, SG_PART_DOWN);
	else
		m->up = sg_migration_file_of(f, SG_PART_UP);
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *path = t->files[i].path;

		if (strchr(path, '/'))
			continue;
		if (is_pair_file(path))
			read_file(set, &t->files[i]);
		else if (sg_path_ends(path, ".sql"))
			sg_migration_issue_add(set, path, "migration-malformed", 1,
					       "'%s' does not end in .up.sql or .down.sql, so "
					       "golang-migrate does not run it",
					       path);
	}
	return 0;
}

static void check(sg_migration_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		sg_migration *m = &set->items[i];

		if (!m->up.path)
			sg_migration_issue_add(set, m->down.path, "migration-malformed", 1,
					       "down migration '%s' has no up migration %s_%s.up.sql",
					       m->down.path, m->version, m->name);
		else if (!m->down.path)
			sg_migration_issue_add(set, m->up.path, "migration-missing-down", 1,
					       "up migration '%s' has no %s_%s.down.sql to roll it back",
					       m->up.path, m->version, m->name);
	}
}

const sg_format_reader sg_format_golang_migrate = {
	.format = SG_FMT_GOLANG_MIGRATE,
	.name = "golang-migrate",
	.detect = detect,
	.read = read_set,
	.pairs_by_version = true,
	.check = check,
};
