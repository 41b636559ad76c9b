/*
 * Collecting migration files. Order matters to the linter (a table created
 * by migration 2 is new for migration 10), so directories are walked and
 * sorted the way migration tools order versions: runs of digits compare as
 * numbers, so 2_x runs before 10_x and timestamps sort correctly.
 */
#include "migrate/source.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

bool sg_source_is_down(const char *path)
{
	const char *b = base_name(path);

	if (ends_with(b, ".down.sql") || !strcmp(b, "down.sql") || ends_with(b, "_down.sql"))
		return true;
	/* Flyway undo migrations: U<version>__<description>.sql */
	return b[0] == 'U' && isdigit((unsigned char)b[1]) && strstr(b, "__");
}

int sg_version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea = a, *eb = b;
			size_t la, lb;

			while (*a == '0' && isdigit((unsigned char)a[1]))
				a++;
			while (*b == '0' && isdigit((unsigned char)b[1]))
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(a, b, la))
				return memcmp(a, b, la) < 0 ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static void push(sg_source_list *list, char *path)
{
	sg_source_file *f = VEC_PUSH(list->items, list->nr, list->alloc);
	f->path = path;
	f->is_down = sg_source_is_down(path);
}

static int by_version(const void *x, const void *y)
{
	const sg_source_file *a = x, *b = y;
	int c = sg_version_cmp(a->path, b->path);
	return c ? c : strcmp(a->path, b->path);
}

static int walk(sg_source_list *list, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return sg_error_set(SG_ENOTFOUND, "cannot open directory '%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		sbuf p = SBUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		sbuf_addf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name);
		if (stat(p.buf, &st) < 0) {
			sbuf_release(&p);
		} else if (S_ISDIR(st.st_mode) && depth < 16) {
			walk(list, p.buf, depth + 1);
			sbuf_release(&p);
		} else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".sql")) {
			push(list, sbuf_detach(&p));
		} else {
			sbuf_release(&p);
		}
	}
	closedir(d);
	return 0;
}

int sg_source_add_path(sg_source_list *list, const char *path)
{
	struct stat st;
	size_t first = list->nr;
	int rc;

	if (stat(path, &st) < 0)
		return sg_error_set(SG_ENOTFOUND, "cannot read '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		push(list, xstrdup(path));
		return 0;
	}
	rc = walk(list, path, 0);
	if (rc == 0 && list->nr == first)
		/* A wrong folder in CI must not pass silently as "nothing to lint". */
		return sg_error_set(SG_ENOTFOUND,
				    "no .sql files under '%s'; is this the migration directory?", path);
	qsort(list->items + first, list->nr - first, sizeof(*list->items), by_version);
	return rc;
}

void sg_source_list_release(sg_source_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		free(list->items[i].path);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_stream(FILE *f, const char *name, size_t max, char **data, size_t *len)
{
	sbuf sb = SBUF_INIT;
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (sb.len + n > max) {
			sbuf_release(&sb);
			return sg_error_set(SG_ETOOBIG, "'%s' is larger than %zu MiB; split the migration",
					    name, max >> 20);
		}
		sbuf_add(&sb, chunk, n);
	}
	if (ferror(f)) {
		sbuf_release(&sb);
		return sg_error_set(SG_ERROR, "cannot read '%s': %s", name, strerror(errno));
	}
	*len = sb.len;
	*data = sbuf_detach(&sb);
	return 0;
}

int sg_read_file(const char *path, size_t max, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int rc;

	if (!f)
		return sg_error_set(SG_ENOTFOUND, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return sg_error_set(SG_ERROR, "'%s' is a directory", path);
	}
	rc = read_stream(f, path, max, data, len);
	fclose(f);
	return rc;
}

int sg_read_stdin(size_t max, char **data, size_t *len)
{
	return read_stream(stdin, "standard input", max, data, len);
}
