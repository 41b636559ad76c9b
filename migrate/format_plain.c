/*
 * Plain ordered .sql files, anywhere below the folder: each file is one
 * migration, run in version order (the leading number, compared segment
 * by segment). A file named as a down migration (_down.sql) is the down
 * part of the migration with its version.
 */
#include "migrate/migration.h"
#include "migrate/source.h"

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
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const char *path = t->files[i].path, *base = sg_path_base(path);
		size_t n = version_length(base), len = strlen(base);
		size_t skip = n + (n && (base[n] == '_' || base[n] == '-'));
		bool down = sg_source_is_down(path);
		sg_migration *m;

		if (!sg_path_ends(base, ".sql"))
			continue;
		m = sg_migration_new(set, base, n ? (int)n : (int)(len - 4), base + skip,
				     (int)(len - skip - 4));
		if (down)
			m->down = sg_migration_file_of(&t->files[i], SG_PART_DOWN);
		else
			m->up = sg_migration_file_of(&t->files[i], SG_PART_UP);
	}
	return 0;
}

const sg_format_reader sg_format_plain = {
	.format = SG_FMT_PLAIN,
	.name = "plain",
	.detect = detect,
	.read = read_set,
	.pairs_by_version = true,
};
