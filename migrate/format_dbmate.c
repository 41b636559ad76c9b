/*
 * dbmate: one file per migration, {version}_{name}.sql, holding both
 * parts: the up part after a "-- migrate:up" line, the down part after
 * "-- migrate:down". Options follow the marker ("-- migrate:up
 * transaction:false"). A file without the up marker runs nothing, and
 * dbmate refuses it.
 */
#include "migrate/migration.h"

#include <string.h>

static bool is_candidate(const char *path)
{
	return !strchr(path, '/') && sg_path_ends(path, ".sql") && sg_digits(path);
}

static bool has_marker(const char *data, const char *marker)
{
	const char *p = data;
	size_t n = strlen(marker);

	for (; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, marker, n))
			return true;
	return false;
}

/* Only the first numbered file is read: a directory holds one format. */
static bool detect(sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *data;
		size_t len;

		if (!is_candidate(t->files[i].path))
			continue;
		return sg_tree_read(t, &t->files[i], &data, &len) == 0 &&
		       has_marker(data, "-- migrate:up");
	}
	return false;
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *path = t->files[i].path;
		size_t digits = sg_digits(path);
		sg_migration *m;

		if (strchr(path, '/') || !sg_path_ends(path, ".sql"))
			continue;
		if (!digits) {
			sg_migration_issue_add(set, path, "migration-malformed", 1,
					       "'%s' does not start with a version number, so dbmate "
					       "does not run it",
					       path);
			continue;
		}
		m = sg_migration_new(set, path, (int)digits,
				     path + digits + (path[digits] == '_'),
				     (int)(strlen(path) - digits - (path[digits] == '_') - 4));
		m->up = sg_migration_file_of(&t->files[i], SG_PART_UP);
	}
	return 0;
}

/* The marker lines: where the up part starts, whether a down part and options exist. */
static int load(sg_migration_set *set, sg_migration *m, sg_tree *t)
{
	sg_tree_file *f = sg_tree_find(t, m->up.path);
	const char *data, *p;
	bool up = false;
	int line = 1, rc;
	size_t len;

	if (!f)
		return 0;
	if ((rc = sg_tree_read(t, f, &data, &len)) < 0)
		return rc;
	for (p = data; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL, line++) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (!strncmp(p, "-- migrate:up", 13) && !up) {
			up = true;
			m->up_line = line;
			if (memmem(p, n, "transaction:false", 17))
				m->no_transaction = true;
		} else if (!strncmp(p, "-- migrate:down", 15)) {
			m->has_down_part = true;
		}
	}
	if (!up)
		sg_migration_issue_add(set, m->up.path, "migration-malformed", 1,
				       "'%s' has no '-- migrate:up' line, so dbmate runs nothing "
				       "from it; put the migration after a '-- migrate:up' line",
				       m->up.path);
	return 0;
}

const sg_format_reader sg_format_dbmate = {
	.format = SG_FMT_DBMATE,
	.name = "dbmate",
	.detect = detect,
	.read = read_set,
	.load = load,
};
