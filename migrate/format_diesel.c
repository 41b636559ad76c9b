/*
 * diesel: one folder per migration, named {timestamp}_{name}, holding
 * up.sql and down.sql (and optionally metadata.toml). The timestamp may
 * be written 2024-01-31-120000 or 20240131120000; its digits are the
 * version. `run_in_transaction = false` in metadata.toml runs the files
 * outside a transaction.
 */
#include "migrate/migration.h"
#include "core/sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool detect(sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *p = t->files[i].path, *slash = strchr(p, '/');
		if (slash && !strchr(slash + 1, '/') && !strcmp(slash + 1, "up.sql"))
			return true;
	}
	return false;
}

/* The digits of "2024-01-31-120000" before the '_', or -1 when the folder is misnamed. */
static int folder_version(const char *folder, size_t len, sbuf *version)
{
	size_t i;

	for (i = 0; i < len && folder[i] != '_'; i++) {
		if (folder[i] >= '0' && folder[i] <= '9')
			sbuf_addch(version, folder[i]);
		else if (folder[i] != '-')
			return -1;
	}
	return i < len && version->len ? (int)i : -1;
}

static sg_migration *migration_for(sg_migration_set *set, const char *path, size_t folder_len,
				   const char *first_file)
{
	sbuf version = SBUF_INIT;
	sg_migration *m = NULL;
	int sep;

	sep = folder_version(path, folder_len, &version);
	if (sep < 0)
		sg_migration_issue_add(set, first_file, "migration-malformed", 1,
				       "folder '%.*s' is not named {timestamp}_{name}, so diesel "
				       "does not run it",
				       (int)folder_len, path);
	else
		m = sg_migration_new(set, version.buf, -1, path + sep + 1,
				     (int)folder_len - sep - 1);
	sbuf_release(&version);
	return m;
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	const char *folder = NULL;
	size_t folder_len = 0, i;
	sg_migration *m = NULL;
	bool tried = false;

	/* Files are sorted by path, so each folder's files are adjacent. */
	for (i = 0; i < t->nr; i++) {
		const char *p = t->files[i].path, *slash = strchr(p, '/'), *file;

		if (!slash || strchr(slash + 1, '/'))
			continue;
		file = slash + 1;
		if (!folder || (size_t)(slash - p) != folder_len || strncmp(p, folder, folder_len)) {
			folder = p;
			folder_len = (size_t)(slash - p);
			m = NULL;
			tried = false;
		}
		if (strcmp(file, "up.sql") && strcmp(file, "down.sql"))
			continue;
		if (!tried) {
			m = migration_for(set, p, folder_len, p);
			tried = true;
		}
		if (!m)
			continue;
		if (!strcmp(file, "up.sql"))
			m->up = sg_migration_file_of(&t->files[i], SG_PART_UP);
		else
			m->down = sg_migration_file_of(&t->files[i], SG_PART_DOWN);
	}
	for (i = 0; i < set->nr; i++) {
		m = &set->items[i];
		if (!m->up.path)
			sg_migration_issue_add(set, m->down.path, "migration-malformed", 1,
					       "'%s' has no up.sql next to it", m->down.path);
		else if (!m->down.path)
			sg_migration_issue_add(set, m->up.path, "migration-missing-down", 1,
					       "'%s' has no down.sql next to it, so `diesel migration "
					       "revert` cannot roll it back",
					       m->up.path);
	}
	return 0;
}

/* metadata.toml: run_in_transaction = false */
static int load(sg_migration_set *set, sg_migration *m, sg_tree *t)
{
	const char *p = m->up.path ? m->up.path : m->down.path, *data, *line;
	sbuf meta = SBUF_INIT;
	sg_tree_file *f;
	size_t len;
	int rc = 0;

	(void)set;
	sbuf_add(&meta, p, (size_t)(strrchr(p, '/') - p));
	sbuf_adds(&meta, "/metadata.toml");
	f = sg_tree_find(t, meta.buf);
	if (f && (rc = sg_tree_read(t, f, &data, &len)) == 0) {
		for (line = data; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
			char key[32], value[16];
			if (sscanf(line, " %31[a-z_] = %15[a-z]", key, value) == 2 &&
			    !strcmp(key, "run_in_transaction") && !strcmp(value, "false"))
				m->no_transaction = true;
		}
	}
	sbuf_release(&meta);
	return rc;
}

const sg_format_reader sg_format_diesel = {
	.format = SG_FMT_DIESEL,
	.name = "diesel",
	.detect = detect,
	.read = read_set,
	.load = load,
};
