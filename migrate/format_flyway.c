/*
 * Flyway: V{version}__{description}.sql (versioned), U{version}__...sql
 * (undo, the down part) and R__{description}.sql (repeatable, run again
 * whenever it changes), anywhere below the folder. Version segments are
 * separated by '.' or '_' (V1_2 is 1.2). A V1__x.sql.conf next to a
 * script may say executeInTransaction=false.
 */
#include "migrate/migration.h"
#include "core/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_script(const char *base, char prefix)
{
	return base[0] == prefix && strstr(base, "__") && sg_path_ends(base, ".sql");
}

static bool detect(sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *b = sg_path_base(t->files[i].path);
		if ((is_script(b, 'V') && sg_digits(b + 1)) || is_script(b, 'R'))
			return true;
	}
	return false;
}

/* "1_2" or "1.2" -> "1.2"; -1 when the version is not digits and separators. */
static int parse_version(const char *s, size_t len, sbuf *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			sbuf_addch(out, s[i]);
		else if ((s[i] == '.' || s[i] == '_') && i > 0 && i + 1 < len &&
			 s[i - 1] != '.' && s[i - 1] != '_')
			sbuf_addch(out, '.');
		else
			return -1;
	}
	return len ? 0 : -1;
}

static void read_file(sg_migration_set *set, sg_tree_file *f)
{
	const char *path = f->path;
	const char *b = sg_path_base(path), *sep = strstr(b, "__");
	const char *desc = sep + 2;
	int desc_len = (int)(strlen(desc) - 4);
	bool undo = b[0] == 'U';
	sbuf version = SBUF_INIT;
	sg_migration *m;

	if (b[0] == 'R') {
		if (sep != b + 1 || desc_len <= 0) {
			sg_migration_issue_add(set, path, "migration-malformed", 1,
					       "'%s' is not named R__{description}.sql", path);
			return;
		}
		m = sg_migration_new(set, "", 0, desc, desc_len);
		m->repeatable = true;
		m->up = sg_migration_file_of(f, SG_PART_UP);
		return;
	}
	if (parse_version(b + 1, (size_t)(sep - b - 1), &version) < 0 || desc_len <= 0) {
		sg_migration_issue_add(set, path, "migration-malformed", 1,
				       "'%s' is not named %c{version}__{description}.sql with a version "
				       "of numbers separated by '.' or '_', so Flyway does not run it",
				       path, b[0]);
		sbuf_release(&version);
		return;
	}
	m = sg_migration_new(set, version.buf, -1, desc, desc_len);
	if (undo)
		m->down = sg_migration_file_of(f, SG_PART_DOWN);
	else
		m->up = sg_migration_file_of(f, SG_PART_UP);
	sbuf_release(&version);
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *path = t->files[i].path, *b = sg_path_base(path);

		if (is_script(b, 'V') || is_script(b, 'U') || is_script(b, 'R'))
			read_file(set, &t->files[i]);
		else if (sg_path_ends(b, ".sql"))
			sg_migration_issue_add(set, path, "migration-malformed", 1,
					       "'%s' is not named V{version}__{description}.sql, "
					       "U{version}__...sql or R__{description}.sql, so Flyway "
					       "does not run it",
					       path);
	}
	return 0;
}

static void check(sg_migration_set *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++)
		if (!set->items[i].up.path)
			sg_migration_issue_add(set, set->items[i].down.path, "migration-malformed", 1,
					       "undo migration '%s' has no versioned migration V%s__",
					       set->items[i].down.path, set->items[i].version);
}

/* V1__x.sql.conf: executeInTransaction=false */
static int load(sg_migration_set *set, sg_migration *m, sg_tree *t)
{
	sbuf conf = SBUF_INIT;
	const char *data, *line;
	sg_tree_file *f;
	size_t len;
	int rc = 0;

	(void)set;
	if (!m->up.path)
		return 0;
	sbuf_addf(&conf, "%s.conf", m->up.path);
	f = sg_tree_find(t, conf.buf);
	if (f && (rc = sg_tree_read(t, f, &data, &len)) == 0) {
		for (line = data; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
			char value[16];
			if (sscanf(line, " executeInTransaction = %15[a-z]", value) == 1 &&
			    !strcmp(value, "false"))
				m->no_transaction = true;
		}
	}
	sbuf_release(&conf);
	return rc;
}

const sg_format_reader sg_format_flyway = {
	.format = SG_FMT_FLYWAY,
	.name = "flyway",
	.detect = detect,
	.read = read_set,
	.pairs_by_version = true,
	.check = check,
	.load = load,
};
