#ifndef SG_GIT_H
#define SG_GIT_H

#include "migrate/tree.h"

#include <stdbool.h>

/*
 * The repository, through libgit2 (the one file that includes it). No
 * git subprocess anywhere: revisions, merge bases, trees, the index and
 * the working tree are all read here.
 */
typedef struct sg_git sg_git;

typedef struct sg_commit_id {
	unsigned char raw[SG_OID_RAWSZ];
} sg_commit_id;

/* Find the repository containing `start` (or the current directory) upward. */
int sg_git_open(sg_git **out, const char *start);
void sg_git_free(sg_git *g);
/* The working tree's root with a trailing '/', or NULL for a bare repository. */
const char *sg_git_workdir(const sg_git *g);
/* Where hooks go: core.hooksPath (relative to the working tree) or GIT_DIR/hooks. */
int sg_git_hooks_dir(sg_git *g, char **out);

/* Resolve anything git accepts (branch, tag, SHA, HEAD~3, origin/main) to a commit. */
int sg_git_resolve(sg_git *g, const char *rev, sg_commit_id *out);
/*
 * The base to compare with when none is given: the upstream of the
 * current branch, else origin/HEAD. The name is owned by the caller.
 */
int sg_git_default_base(sg_git *g, char **rev);
int sg_git_merge_base(sg_git *g, const sg_commit_id *a, const sg_commit_id *b,
		      sg_commit_id *out);
/* Abbreviated hex of a commit for messages (static buffer per call site is the caller's). */
void sg_git_short_id(const sg_commit_id *id, char out[13]);

/*
 * The files under `dir` (repository-relative, "" for the root) in a
 * commit, or in the working tree with staged and unstaged changes and
 * untracked files that are not ignored (`commit` NULL). Returns
 * SG_ENOTFOUND when the directory does not exist there.
 */
int sg_git_tree(sg_git *g, const sg_commit_id *commit, const char *dir, sg_tree *out);
/* git's id of the tree at `dir` in a commit (cheap: no listing); SG_ENOTFOUND when absent. */
int sg_git_tree_id(sg_git *g, const sg_commit_id *commit, const char *dir,
		   unsigned char out[SG_OID_RAWSZ]);
/*
 * Where the folder whose files `head` lists was in `commit`, when it was
 * moved: the folder holding most of the same files (same content, same
 * path below it). *old_dir is owned by the caller, NULL when none is.
 */
int sg_git_find_moved_dir(sg_git *g, const sg_commit_id *commit, sg_tree *head, char **old_dir);
/* The repository-relative path of `path` on disk (for --dir given from a subdirectory). */
int sg_git_relative(sg_git *g, const char *path, char **out);

#endif
