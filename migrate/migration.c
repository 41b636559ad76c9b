/*
 * Migration sets: the format registry, detection, and what every reader
 * shares (see migration.h). The readers are migrate/format_*.c.
 */
#include "migrate/migration.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/strblock.h"
#include "core/xalloc.h"
#include "migrate/source.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

extern const sg_format_reader sg_format_golang_migrate, sg_format_diesel, sg_format_flyway,
	sg_format_dbmate, sg_format_sqitch, sg_format_plain;

/* Detection order: the most specific layouts first, plain files last. */
static const sg_format_reader *const readers[] = {
	&sg_format_sqitch, &sg_format_diesel, &sg_format_golang_migrate,
	&sg_format_flyway, &sg_format_dbmate, &sg_format_plain,
};

#define NR_READERS (sizeof(readers) / sizeof(readers[0]))

static const sg_format_reader *reader_for(enum sg_migration_format f)
{
	size_t i;

	for (i = 0; i < NR_READERS; i++)
		if (readers[i]->format == f)
			return readers[i];
	return NULL;
}

const char *sg_migration_format_name(enum sg_migration_format f)
{
	const sg_format_reader *r = reader_for(f);
	return r ? r->name : "auto";
}

int sg_migration_format_parse(const char *name, enum sg_migration_format *out)
{
	size_t i;

	if (!strcmp(name, "auto")) {
		*out = SG_FMT_AUTO;
		return 0;
	}
	for (i = 0; i < NR_READERS; i++) {
		if (!strcmp(readers[i]->name, name)) {
			*out = readers[i]->format;
			return 0;
		}
	}
	return sg_error_set(SG_EINVALID, "unknown migration format '%s' (%s)", name,
			    SG_MIGRATION_FORMATS);
}

bool sg_migration_format_known(const char *name)
{
	enum sg_migration_format f;
	return sg_migration_format_parse(name, &f) == 0;
}

const char *sg_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

bool sg_path_ends(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	return n >= m && !strcmp(path + n - m, suffix);
}

size_t sg_digits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/* The key of the `len` bytes of `version` into `out` (len + 1 bytes); returns its length. */
static size_t version_key_into(const char *version, size_t len, char *out)
{
	const char *s = version, *end = version + len;
	size_t n, k = 0;

	while (s < end) {
		for (n = 0; s + n < end && s[n] >= '0' && s[n] <= '9'; n++)
			;
		if (!n) {
			out[k++] = *s++;
			continue;
		}
		while (n > 1 && *s == '0')
			s++, n--;
		memcpy(out + k, s, n);
		k += n;
		s += n;
	}
	/* 1.9.0 is 1.9 (Flyway compares versions padded with zeros). */
	while (k > 2 && out[k - 1] == '0' && out[k - 2] == '.')
		k -= 2;
	out[k] = '\0';
	return k;
}

static char *version_key(const char *version)
{
	size_t len = strlen(version);
	char *key = xmalloc(len + 1);

	version_key_into(version, len, key);
	return key;
}

int sg_migration_version_cmp(const char *a, const char *b)
{
	char *ka = version_key(a), *kb = version_key(b);
	int c = sg_version_cmp(ka, kb);

	free(ka);
	free(kb);
	return c;
}

sg_migration *sg_migration_new(sg_migration_set *set, const char *version, int version_len,
			       const char *name, int name_len)
{
	sg_migration *m = VEC_PUSH(set->items, set->nr, set->alloc);

	size_t vlen = version_len < 0 ? strlen(version) : (size_t)version_len;
	size_t nlen = name_len < 0 ? strlen(name) : (size_t)name_len;
	/* version, name and key side by side, in the set's blocks: thousands are read per run */
	char *block = sg_strblock_alloc(&set->strings, 2 * (vlen + 1) + nlen + 1);

	memset(m, 0, sizeof(*m));
	m->version = memcpy(block, version, vlen);
	m->version[vlen] = '\0';
	m->name = memcpy(block + vlen + 1, name, nlen);
	m->name[nlen] = '\0';
	m->key = block + vlen + 1 + nlen + 1;
	version_key_into(version, vlen, m->key);
	m->up_line = 1;
	return m;
}

void sg_migration_issue_add(sg_migration_set *set, const char *path, const char *rule, int line,
			    const char *fmt, ...)
{
	sg_migration_issue *is = VEC_PUSH(set->issues, set->nr_issues, set->alloc_issues);
	sbuf msg = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	is->path = path;
	is->rule = rule;
	is->line = line;
	is->column = 1;
	is->message = sbuf_detach(&msg);
}

void sg_migration_issues_report(const sg_migration_set *set, const sg_tree *t, size_t from,
				sg_report *r)
{
	size_t i;

	for (i = from; i < set->nr_issues; i++) {
		const sg_migration_issue *is = &set->issues[i];
		char *shown;

		shown = sg_tree_display_path(t, is->path);
		sg_rule_report(r, is->rule, shown, is->line, is->column, "%s", is->message);
		free(shown);
	}
}

sg_migration_file sg_migration_file_of(sg_tree_file *f, enum sg_migration_part part)
{
	sg_migration_file mf = { f ? f->path : NULL, part, f };
	return mf;
}

sg_migration *sg_migration_of_file(const sg_migration_set *set, const sg_tree *t, const char *path)
{
	const sg_tree_file *f = sg_tree_find(t, path);

	return f && f->migration ? &set->items[f->migration - 1] : NULL;
}

/* Point every file of the tree at its migration (sg_migration_of_file). */
static void link_files(sg_migration_set *set, sg_tree *t)
{
	size_t i, k;

	for (i = 0; i < t->nr; i++)
		t->files[i].migration = 0;
	for (i = 0; i < set->nr; i++) {
		const sg_migration *m = &set->items[i];
		const sg_migration_file *files[] = { &m->up, &m->down, &m->verify };

		for (k = 0; k < 3; k++)
			if (files[k]->file)
				files[k]->file->migration = i + 1;
	}
}

static int by_version(const void *x, const void *y)
{
	const sg_migration *a = x, *b = y;
	int c;

	/* Flyway runs repeatable migrations after the versioned ones, by name. */
	if (a->repeatable != b->repeatable)
		return a->repeatable ? 1 : -1;
	c = sg_version_cmp(a->key, b->key);
	if (c)
		return c;
	c = strcmp(a->name, b->name);
	if (c)
		return c;
	return strcmp(a->up.path ? a->up.path : "", b->up.path ? b->up.path : "");
}

/* Files are listed by name, which for most folders is already version order. */
static bool sorted(const sg_migration_set *set)
{
	size_t i;

	for (i = 1; i < set->nr; i++)
		if (by_version(&set->items[i - 1], &set->items[i]) > 0)
			return false;
	return true;
}

/* Two entries of one version, each holding parts the other lacks. */
static bool complementary(const sg_migration *a, const sg_migration *b)
{
	return !a->repeatable && !b->repeatable && !strcmp(a->key, b->key) &&
	       !(a->up.path && b->up.path) && !(a->down.path && b->down.path);
}

/*
 * Sorted by version, the up and the down file of one version are
 * neighbours: merge them into one migration, named after its up file.
 * Pairing after sorting needs no look-up table, and a version with two up
 * files stays two migrations, which the history checks report.
 */
static void merge_parts(sg_migration_set *set)
{
	size_t i, out = 0;

	for (i = 0; i < set->nr; i++) {
		sg_migration *m = &set->items[i], *prev = out ? &set->items[out - 1] : NULL;

		if (prev && complementary(prev, m)) {
			sg_migration *up = prev->up.path ? prev : m, *down = up == prev ? m : prev;
			sg_migration_file down_file = down->down;

			if (up != prev)
				*prev = *up;
			prev->down = down_file;
			continue;
		}
		set->items[out++] = *m;
	}
	set->nr = out;
}

static const sg_format_reader *detect(sg_tree *t)
{
	size_t i;

	for (i = 0; i < NR_READERS; i++)
		if (readers[i]->detect(t))
			return readers[i];
	return &sg_format_plain;
}

int sg_migration_set_read(sg_migration_set *set, sg_tree *t, enum sg_migration_format format)
{
	const sg_format_reader *reader = format == SG_FMT_AUTO ? detect(t) : reader_for(format);
	int rc;

	if (!reader)
		return sg_error_set(SG_EINVALID, "unknown migration format");
	set->format = reader->format;
	if (set->alloc < t->nr)
		set->items = xrealloc(set->items, (set->alloc = t->nr) * sizeof(*set->items));
	rc = reader->read(set, t);
	if (rc < 0)
		return rc;
	/* sqitch runs in plan order; every other format by version. */
	if (set->format != SG_FMT_SQITCH && !sorted(set))
		qsort(set->items, set->nr, sizeof(*set->items), by_version);
	if (reader->pairs_by_version)
		merge_parts(set);
	if (reader->check)
		reader->check(set);
	link_files(set, t);
	return 0;
}

int sg_migration_load(sg_migration_set *set, sg_migration *m, sg_tree *t)
{
	const sg_format_reader *reader = reader_for(set->format);

	if (m->loaded)
		return 0;
	m->loaded = true;
	return reader && reader->load ? reader->load(set, m, t) : 0;
}

int sg_migration_sha256(const sg_migration *m, sg_tree *t, unsigned char out[SG_SHA256_RAWSZ])
{
	const char *data = "";
	size_t len = 0;
	int rc;

	if (m->up.file && (rc = sg_tree_read(t, m->up.file, &data, &len)) < 0)
		return rc;
	sg_sha256(data, len, out);
	return 0;
}

void sg_migration_set_release(sg_migration_set *set)
{
	size_t i;

	sg_strblock_release(&set->strings);
	for (i = 0; i < set->nr_issues; i++)
		free(set->issues[i].message);
	free(set->items);
	free(set->issues);
	memset(set, 0, sizeof(*set));
}
