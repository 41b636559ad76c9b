/*
 * Schemas as comparable text (see catalog.h). Whether a constraint is
 * validated is left out: it is the state of the data, not the shape of
 * the schema, and no down part can make a constraint NOT VALID again.
 */
#include "migrate/catalog.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define USER_SCHEMA(n) \
	"(" n ".nspname NOT IN ('pg_catalog', 'information_schema') AND " n ".nspname NOT LIKE 'pg\\_%')"

static const char catalog_sql[] =
	"SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE " USER_SCHEMA("n") " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
	" UNION ALL SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' '"
	" || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
	" || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')"
	" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	" LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	" WHERE " USER_SCHEMA("n") " AND a.attnum > 0 AND NOT a.attisdropped"
	" AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
	" UNION ALL SELECT 'constraint ' || n.nspname || '.' || k.conname || ' on '"
	" || coalesce(k.conrelid::regclass::text, '-') || ' '"
	" || regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', '')"
	" FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE " USER_SCHEMA("n")
	" UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid)"
	" FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " USER_SCHEMA("n")
	" UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname || ' '"
	" || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)"
	"   FROM pg_enum e WHERE e.enumtypid = t.oid), t.typtype::text)"
	" FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
	" WHERE " USER_SCHEMA("n") " AND t.typtype IN ('e', 'd')"
	" UNION ALL SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type"
	" || ' ' || increment_by FROM pg_sequences WHERE schemaname NOT LIKE 'pg\\_%'"
	" AND schemaname <> 'information_schema'";

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sg_catalog_read(sg_db *db, sg_catalog *out)
{
	sg_db_rows *rows;
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (sg_db_query(db, catalog_sql, &rows, NULL) < 0)
		return -1;
	n = sg_db_rows_count(rows);
	for (i = 0; i < n; i++) {
		const char *v = sg_db_rows_value(rows, i, 0);
		if (v)
			*VEC_PUSH(out->lines, out->nr, out->alloc) = xstrdup(v);
	}
	sg_db_rows_free(rows);
	if (out->nr)
		qsort(out->lines, out->nr, sizeof(*out->lines), line_cmp);
	return 0;
}

static bool has_line(const sg_catalog *c, const char *line)
{
	return c->nr && bsearch(&line, c->lines, c->nr, sizeof(*c->lines), line_cmp) != NULL;
}

static size_t add_absent(const sg_catalog *from, const sg_catalog *in, const char *label,
			 size_t max, sbuf *out)
{
	size_t i, n = 0;

	for (i = 0; i < from->nr; i++) {
		if (has_line(in, from->lines[i]))
			continue;
		if (n++ < max)
			sbuf_addf(out, "%s%s: %s", out->len ? "; " : "", label, from->lines[i]);
	}
	return n;
}

size_t sg_catalog_diff(const sg_catalog *before, const sg_catalog *after, size_t max, sbuf *out)
{
	return add_absent(before, after, "missing", max, out) +
	       add_absent(after, before, "left behind", max, out);
}

void sg_catalog_release(sg_catalog *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->lines[i]);
	free(c->lines);
	memset(c, 0, sizeof(*c));
}
