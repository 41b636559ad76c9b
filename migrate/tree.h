#ifndef SG_TREE_H
#define SG_TREE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The files of one migration directory as one revision sees them: the
 * working tree on disk, a commit, or the working tree with its staged and
 * unstaged changes. Readers of migration formats, the integrity file and
 * the history checks all work on this, so they never know where the bytes
 * come from. Contents are read only when asked for: comparing two
 * revisions of 5,000 migrations reads only the files whose ids differ.
 */
#define SG_OID_RAWSZ 20 /* git blob ids: SHA-1 of "blob <size>\0<content>" */

typedef struct sg_tree_file {
	char *path;  /* stored with the tree: relative to the directory, '/'-separated */
	unsigned char oid[SG_OID_RAWSZ];
	bool has_oid; /* known without reading (from git); else computed on load */
	char *data;   /* owned once loaded; NUL-terminated */
	size_t len;
	bool loaded;
	size_t migration; /* index + 1 of its migration in the set read from the tree; 0: none */
} sg_tree_file;

typedef struct sg_tree sg_tree;
typedef int (*sg_tree_load_fn)(sg_tree *t, sg_tree_file *f);

struct sg_tree {
	char *dir;  /* owned: the directory as reported in findings ("db/migrations") */
	char *base; /* owned: where files are read from on disk, or NULL */
	sg_tree_file *files; /* owned, sorted by path (strcmp) after sg_tree_sort */
	size_t nr, alloc;
	sg_tree_load_fn load; /* fills data/len (and oid); NULL: read base/path from disk */
	void *backend;        /* borrowed by `load` */
	/* git's id of the directory's tree in a commit: equal ids list equal files. */
	unsigned char tree_oid[SG_OID_RAWSZ];
	bool has_tree_oid;
	struct sg_strblock *names; /* owned: where the paths are stored (core/strblock.h) */
};

#define SG_TREE_INIT { NULL, NULL, NULL, 0, 0, NULL, NULL, { 0 }, false, NULL }

/* Every regular file under `dir` on disk (hidden entries skipped), as reported under `shown`. */
int sg_tree_from_disk(sg_tree *t, const char *dir, const char *shown);
/* Append a file; `path` is copied. */
sg_tree_file *sg_tree_add(sg_tree *t, const char *path);
/* Make room for `n` more files (a listing that knows its size). */
void sg_tree_reserve(sg_tree *t, size_t n);
/* Forget the file at `f` (its path stays allocated with the tree). */
void sg_tree_remove(sg_tree *t, sg_tree_file *f);
void sg_tree_sort(sg_tree *t);
sg_tree_file *sg_tree_find(const sg_tree *t, const char *path);
/* Read `f` from t->base on disk (the default loader, also for git's working tree). */
int sg_tree_load_disk(sg_tree *t, sg_tree_file *f);
/* The file's content (NUL-terminated, borrowed from the tree); reads it once. */
int sg_tree_read(sg_tree *t, sg_tree_file *f, const char **data, size_t *len);
/* The file's git blob id, hashing the content if the id is not known yet. */
int sg_tree_oid(sg_tree *t, sg_tree_file *f, const unsigned char **oid);
/* "dir/path" as findings show it; owned by the caller. */
char *sg_tree_display_path(const sg_tree *t, const char *path);
void sg_tree_release(sg_tree *t);

#endif
