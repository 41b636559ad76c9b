/*
 * libFuzzer target over the migration format readers: the input's first
 * lines (up to a blank line) are file paths, the rest is the content of
 * every file (so it is also the sqitch plan, dbmate markers and diesel
 * metadata). Each format reads the tree, then loads every migration.
 */
#include "migrate/migration.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void read_as(sg_tree *t, enum sg_migration_format format)
{
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	size_t i;

	if (sg_migration_set_read(&set, t, format) == 0)
		for (i = 0; i < set.nr; i++)
			sg_migration_load(&set, &set.items[i], t);
	sg_migration_set_release(&set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *p, *body;
	sg_tree t = SG_TREE_INIT;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	body = strstr(text, "\n\n");
	if (body)
		*body = '\0', body += 2;
	for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n"))
		if (*p && !sg_tree_find(&t, p)) {
			sg_tree_add(&t, p);
			sg_tree_sort(&t);
		}
	for (i = 0; i < t.nr; i++) {
		t.files[i].data = strdup(body ? body : "");
		t.files[i].len = strlen(t.files[i].data);
		t.files[i].loaded = true;
	}
	read_as(&t, SG_FMT_AUTO);
	for (i = SG_FMT_GOLANG_MIGRATE; i <= SG_FMT_PLAIN; i++)
		read_as(&t, (enum sg_migration_format)i);
	sg_tree_release(&t);
	free(text);
	return 0;
}
