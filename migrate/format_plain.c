/*
 * Plain ordered .sql files, anywhere below the folder: each file is one
 * migration, run in version order (the leading number, compared segment
 * by segment). A file named as a down migration (_down.sql) is the down
 * part of the migration with its version.
 */
#include "migrate/migration.h"
#include "migrate/source.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool detect(sg_tree *t)
{
	(void)t;
	return true;
}

/* "001_init.sql" -> "001"; "1.2.3-x.sql" -> "1.2.3"; no leading number: the name. */
static size_t version_length(const char *base)
{
	size_t n = sg_digits(base);

	while (n && (base[n] == '.' || base[n] == '_') && sg_digits(base + n + 1))
		n += 1 + sg_digits(base + n + 1);
	return n;
}

static int read_set(sg_migration_set *set, sg_tree *t)
{
	sg_strmap index = SG_STRMAP_INIT;
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *path = t->files[i].path, *base = sg_path_base(path);
		size_t n = version_length(base), len = strlen(base);
		bool down = sg_source_is_down(path);
		sg_migration *m;
		char *version;

		if (!sg_path_ends(base, ".sql"))
			continue;
		version = n ? xstrndup(base, n) : xstrndup(base, len - 4);
		m = sg_migration_by_version(set, &index, version);
		if (!m || (down ? m->down.path : m->up.path)) {
			size_t skip = n + (n && (base[n] == '_' || base[n] == '-'));
			m = sg_migration_new(set, version, -1, base + skip, (int)(len - skip - 4));
			sg_migration_index(set, &index, m);
		}
		if (down)
			m->down = sg_migration_file_of(&t->files[i], SG_PART_DOWN);
		else
			m->up = sg_migration_file_of(&t->files[i], SG_PART_UP);
		free(version);
	}
	sg_strmap_clear(&index);
	return 0;
}

const sg_format_reader sg_format_plain = {
	.format = SG_FMT_PLAIN,
	.name = "plain",
	.detect = detect,
	.read = read_set,
};
