/*
 * A migration directory as one revision sees it (see tree.h), and the
 * on-disk backend. git revisions fill the same structure in migrate/git.c.
 */
#include "migrate/tree.h"
#include "migrate/hash.h"
#include "migrate/source.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/strblock.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper than any migration layout; stops symlink loops. */
#define MAX_DEPTH 16

sg_tree_file *sg_tree_add(sg_tree *t, const char *path)
{
	sg_tree_file *f = VEC_PUSH(t->files, t->nr, t->alloc);

	memset(f, 0, sizeof(*f));
	f->path = sg_strblock_dup(&t->names, path);
	return f;
}

void sg_tree_reserve(sg_tree *t, size_t n)
{
	if (t->nr + n > t->alloc) {
		t->alloc = t->nr + n;
		t->files = xrealloc(t->files, t->alloc * sizeof(*t->files));
	}
}

void sg_tree_remove(sg_tree *t, sg_tree_file *f)
{
	free(f->data);
	memmove(f, f + 1, (size_t)(t->files + t->nr - f - 1) * sizeof(*f));
	t->nr--;
}

static int walk_disk(sg_tree *t, const char *rel, int depth)
{
	sbuf dir = SBUF_INIT;
	struct dirent *e;
	DIR *d;

	sbuf_addf(&dir, "%s%s%s", t->base, *rel ? "/" : "", rel);
	if (!(d = opendir(dir.buf))) {
		int rc = sg_error_set(SG_ENOTFOUND, "cannot open directory '%s': %s", dir.buf,
				      strerror(errno));
		sbuf_release(&dir);
		return rc;
	}
	while ((e = readdir(d))) {
		sbuf path = SBUF_INIT, full = SBUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		sbuf_addf(&path, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		sbuf_addf(&full, "%s/%s", dir.buf, e->d_name);
		if (stat(full.buf, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
				walk_disk(t, path.buf, depth + 1);
			else if (S_ISREG(st.st_mode))
				sg_tree_add(t, path.buf);
		}
		sbuf_release(&path);
		sbuf_release(&full);
	}
	closedir(d);
	sbuf_release(&dir);
	return 0;
}

static char *trim_slashes(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xstrndup(dir, n);
}

int sg_tree_from_disk(sg_tree *t, const char *dir, const char *shown)
{
	struct stat st;
	int rc;

	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return sg_error_set(SG_ENOTFOUND, "'%s' is not a directory", dir);
	t->base = trim_slashes(dir);
	t->dir = trim_slashes(shown ? shown : dir);
	rc = walk_disk(t, "", 0);
	sg_tree_sort(t);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const sg_tree_file *)a)->path, ((const sg_tree_file *)b)->path);
}

void sg_tree_sort(sg_tree *t)
{
	size_t i;

	/* git lists a flat folder already in order: check before sorting. */
	for (i = 1; i < t->nr; i++)
		if (strcmp(t->files[i - 1].path, t->files[i].path) > 0)
			break;
	if (i < t->nr)
		qsort(t->files, t->nr, sizeof(*t->files), by_path);
}

sg_tree_file *sg_tree_find(const sg_tree *t, const char *path)
{
	sg_tree_file key = { 0 };

	if (!t->nr)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, t->files, t->nr, sizeof(*t->files), by_path);
}

int sg_tree_load_disk(sg_tree *t, sg_tree_file *f)
{
	sbuf full = SBUF_INIT;
	int rc;

	sbuf_addf(&full, "%s/%s", t->base, f->path);
	rc = sg_read_file(full.buf, SG_MAX_FILE_BYTES, &f->data, &f->len);
	sbuf_release(&full);
	return rc;
}

int sg_tree_read(sg_tree *t, sg_tree_file *f, const char **data, size_t *len)
{
	if (!f->loaded) {
		int rc = t->load ? t->load(t, f) : sg_tree_load_disk(t, f);
		if (rc < 0)
			return rc;
		f->loaded = true;
		if (!f->has_oid) {
			sg_git_blob_id(f->data, f->len, f->oid);
			f->has_oid = true;
		}
	}
	*data = f->data;
	*len = f->len;
	return 0;
}

int sg_tree_oid(sg_tree *t, sg_tree_file *f, const unsigned char **oid)
{
	const char *data;
	size_t len;

	if (!f->has_oid) {
		int rc = sg_tree_read(t, f, &data, &len);
		if (rc < 0)
			return rc;
	}
	*oid = f->oid;
	return 0;
}

char *sg_tree_display_path(const sg_tree *t, const char *path)
{
	sbuf s = SBUF_INIT;

	if (t->dir && *t->dir && strcmp(t->dir, "."))
		sbuf_addf(&s, "%s/", t->dir);
	sbuf_adds(&s, path);
	return sbuf_detach(&s);
}

void sg_tree_release(sg_tree *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		free(t->files[i].data);
	sg_strblock_release(&t->names);
	free(t->files);
	free(t->dir);
	free(t->base);
	memset(t, 0, sizeof(*t));
}
