/*
 * The repository through libgit2 (see git.h). Every libgit2 failure is
 * turned into an sg_error with libgit2's own message; a revision or merge
 * base that is missing from a shallow clone gets a message that says how
 * to fetch the history, since that is what CI checkouts do by default.
 */
#include "migrate/git.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "migrate/hash.h"
#include "migrate/source.h"

#include <dlfcn.h>
#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sg_git {
	git_repository *repo;
};

static const char shallow_help[] =
	"the clone is shallow and lacks the history to compare with; fetch it "
	"(GitHub Actions: actions/checkout with `fetch-depth: 0`; GitLab: GIT_DEPTH: 0; "
	"elsewhere: git fetch --unshallow)";

static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	return sg_error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 failed");
}

/*
 * Debian's libgit2 is built with mbedTLS, and the first git_libgit2_init()
 * parses the whole system CA bundle (base64, then DER, ~140 certificates)
 * for HTTPS remotes. schemagate only reads local repositories, and that
 * parse was a third of `schemagate diff` on a 5,000-migration repository.
 *
 * This definition comes before mbedTLS's in the dynamic lookup (the
 * executable's symbols always do), so it can skip the bundle while
 * libgit2 initialises; every other caller reaches mbedTLS itself. A
 * libgit2 built with OpenSSL never calls it.
 */
struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);

static int skip_ca_bundle;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	static int (*parse_file)(struct mbedtls_x509_crt *, const char *);

	if (skip_ca_bundle)
		return -1;
	if (!parse_file)
		*(void **)&parse_file = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return parse_file ? parse_file(chain, path) : -1;
}

static void libgit2_init(void)
{
	skip_ca_bundle = 1;
	git_libgit2_init();
	skip_ca_bundle = 0;
	git_error_clear(); /* "failed to load CA certificates" is not ours to report */
}

int sg_git_open(sg_git **out, const char *start)
{
	git_repository *repo;
	char cwd[PATH_MAX];
	sg_git *g;

	libgit2_init();
	/*
	 * libgit2 re-hashes every object it reads; git does not, and on a
	 * folder of thousands of migrations that doubled the time to read its
	 * tree. Objects are still checked by zlib and by their use.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (!start)
		start = getcwd(cwd, sizeof(cwd)) ? cwd : ".";
	if (git_repository_open_ext(&repo, start, 0, NULL) < 0) {
		git_libgit2_shutdown();
		return sg_error_set(SG_ENOTFOUND, "'%s' is not inside a git repository", start);
	}
	g = xcalloc(1, sizeof(*g));
	g->repo = repo;
	*out = g;
	return 0;
}

void sg_git_free(sg_git *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	free(g);
	git_libgit2_shutdown();
}

const char *sg_git_workdir(const sg_git *g)
{
	return git_repository_workdir(g->repo);
}

int sg_git_hooks_dir(sg_git *g, char **out)
{
	git_config *cfg = NULL;
	git_buf path = { 0 };
	sbuf dir = SBUF_INIT;
	int rc;

	if (git_repository_config_snapshot(&cfg, g->repo) < 0)
		return git_fail(SG_ERROR, "cannot read the repository's config");
	rc = git_config_get_path(&path, cfg, "core.hooksPath");
	if (rc == 0 && path.ptr && *path.ptr) {
		/* git runs hooks from the top of the working tree: relative paths start there. */
		if (path.ptr[0] != '/' && sg_git_workdir(g))
			sbuf_adds(&dir, sg_git_workdir(g));
		sbuf_adds(&dir, path.ptr);
	} else {
		sbuf_addf(&dir, "%shooks", git_repository_commondir(g->repo));
	}
	git_buf_dispose(&path);
	git_config_free(cfg);
	*out = sbuf_detach(&dir);
	return 0;
}

static void to_id(const git_oid *oid, sg_commit_id *id)
{
	memcpy(id->raw, oid->id, SG_OID_RAWSZ);
}

static void to_oid(const sg_commit_id *id, git_oid *oid)
{
	memcpy(oid->id, id->raw, SG_OID_RAWSZ);
}

int sg_git_resolve(sg_git *g, const char *rev, sg_commit_id *out)
{
	git_object *obj = NULL, *commit = NULL;

	if (git_revparse_single(&obj, g->repo, rev) < 0) {
		if (git_repository_is_shallow(g->repo) == 1)
			return sg_error_set(SG_ENOTFOUND, "revision '%s' is not in this clone: %s", rev,
					    shallow_help);
		return sg_error_set(SG_ENOTFOUND,
				    "unknown revision '%s' (a branch, tag, remote branch such as "
				    "origin/main, or commit; fetch it first if it is remote)",
				    rev);
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return sg_error_set(SG_EINVALID, "'%s' does not name a commit", rev);
	}
	to_id(git_object_id(commit), out);
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

int sg_git_default_base(sg_git *g, char **rev)
{
	git_reference *head = NULL, *up = NULL, *origin = NULL;
	int rc = SG_ENOTFOUND;

	if (git_repository_head(&head, g->repo) == 0 && git_reference_is_branch(head) &&
	    git_branch_upstream(&up, head) == 0) {
		*rev = xstrdup(git_reference_shorthand(up));
		rc = 0;
	} else if (git_reference_lookup(&origin, g->repo, "refs/remotes/origin/HEAD") == 0 &&
		   git_reference_symbolic_target(origin)) {
		const char *t = git_reference_symbolic_target(origin);
		*rev = xstrdup(!strncmp(t, "refs/remotes/", 13) ? t + 13 : t);
		rc = 0;
	}
	git_reference_free(head);
	git_reference_free(up);
	git_reference_free(origin);
	if (rc)
		return sg_error_set(SG_EINVALID,
				    "no base to compare with: pass --base REV, set `base:` in "
				    ".schemagate.yaml, or give the branch an upstream");
	return 0;
}

int sg_git_merge_base(sg_git *g, const sg_commit_id *a, const sg_commit_id *b, sg_commit_id *out)
{
	git_oid oa, ob, base;
	int rc;

	to_oid(a, &oa);
	to_oid(b, &ob);
	rc = git_merge_base(&base, g->repo, &oa, &ob);
	/* In a shallow clone the walk stops at a missing parent, or finds no common commit. */
	if (rc < 0 && git_repository_is_shallow(g->repo) == 1)
		return sg_error_set(SG_ENOTFOUND, "no merge base found: %s", shallow_help);
	if (rc == GIT_ENOTFOUND)
		return sg_error_set(SG_ENOTFOUND, "the base and the head have no common history");
	if (rc < 0)
		return git_fail(SG_ERROR, "cannot find the merge base");
	to_id(&base, out);
	return 0;
}

void sg_git_short_id(const sg_commit_id *id, char out[13])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		out[2 * i] = digits[id->raw[i] >> 4];
		out[2 * i + 1] = digits[id->raw[i] & 15];
	}
	out[12] = '\0';
}

/* ---- trees ---- */

static int load_blob(sg_tree *t, sg_tree_file *f)
{
	sg_git *g = t->backend;
	git_blob *blob;
	git_oid oid;
	size_t size;

	if (!f->has_oid) /* changed in the working tree: read it from disk */
		return sg_tree_load_disk(t, f);
	memcpy(oid.id, f->oid, SG_OID_RAWSZ);
	if (git_blob_lookup(&blob, g->repo, &oid) < 0)
		return git_fail(SG_ERROR, "cannot read a migration from git");
	size = (size_t)git_blob_rawsize(blob);
	if (size > SG_MAX_FILE_BYTES) {
		git_blob_free(blob);
		return sg_error_set(SG_ETOOBIG, "'%s' is larger than %zu bytes", f->path,
				    SG_MAX_FILE_BYTES);
	}
	f->data = xmalloc(size + 1);
	memcpy(f->data, git_blob_rawcontent(blob), size);
	f->data[size] = '\0';
	f->len = size;
	git_blob_free(blob);
	return 0;
}

static int collect(const char *root, const git_tree_entry *e, void *payload)
{
	sg_tree *t = payload;
	const char *name = git_tree_entry_name(e);
	size_t rlen = strlen(root), nlen = strlen(name);
	char buf[512], *path = rlen + nlen < sizeof(buf) ? buf : xmalloc(rlen + nlen + 1);
	sg_tree_file *f;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
		return 0;
	memcpy(path, root, rlen);
	memcpy(path + rlen, name, nlen + 1);
	f = sg_tree_add(t, path);
	memcpy(f->oid, git_tree_entry_id(e)->id, SG_OID_RAWSZ);
	f->has_oid = true;
	if (path != buf)
		free(path);
	return 0;
}

/* The subtree at `dir` of a commit, or NULL (SG_ENOTFOUND) when it is absent. */
static int subtree(sg_git *g, const git_oid *commit_oid, const char *dir, git_tree **out)
{
	git_commit *commit = NULL;
	git_tree *root = NULL;
	git_tree_entry *entry = NULL;
	int rc = 0;

	*out = NULL;
	if (git_commit_lookup(&commit, g->repo, commit_oid) < 0 ||
	    git_commit_tree(&root, commit) < 0) {
		git_commit_free(commit);
		return git_fail(SG_ERROR, "cannot read a commit");
	}
	if (!*dir) {
		*out = root;
		git_commit_free(commit);
		return 0;
	}
	if (git_tree_entry_bypath(&entry, root, dir) < 0 ||
	    git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		rc = SG_ENOTFOUND;
	else if (git_tree_lookup(out, g->repo, git_tree_entry_id(entry)) < 0)
		rc = git_fail(SG_ERROR, "cannot read a tree");
	git_tree_entry_free(entry);
	git_tree_free(root);
	git_commit_free(commit);
	return rc;
}

int sg_git_tree_id(sg_git *g, const sg_commit_id *commit, const char *dir,
		   unsigned char out[SG_OID_RAWSZ])
{
	git_commit *c = NULL;
	git_tree *root = NULL;
	git_tree_entry *entry = NULL;
	git_oid oid;
	int rc = 0;

	/* The entry names the folder's tree: no need to read the tree itself. */
	to_oid(commit, &oid);
	if (git_commit_lookup(&c, g->repo, &oid) < 0 || git_commit_tree(&root, c) < 0)
		rc = git_fail(SG_ERROR, "cannot read a commit");
	else if (!*dir)
		memcpy(out, git_tree_id(root)->id, SG_OID_RAWSZ);
	else if (git_tree_entry_bypath(&entry, root, dir) < 0 ||
		 git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		rc = SG_ENOTFOUND;
	else
		memcpy(out, git_tree_entry_id(entry)->id, SG_OID_RAWSZ);
	git_tree_entry_free(entry);
	git_tree_free(root);
	git_commit_free(c);
	return rc;
}

static void tree_init(sg_git *g, sg_tree *out, const char *dir)
{
	sbuf base = SBUF_INIT;

	out->dir = xstrdup(*dir ? dir : ".");
	if (sg_git_workdir(g)) {
		sbuf_addf(&base, "%s%s", sg_git_workdir(g), dir);
		out->base = sbuf_detach(&base);
	}
	out->load = load_blob;
	out->backend = g;
}

static int commit_tree(sg_git *g, const git_oid *oid, const char *dir, sg_tree *out)
{
	git_tree *tree;
	int rc = subtree(g, oid, dir, &tree);

	if (rc == SG_ENOTFOUND)
		return sg_error_set(SG_ENOTFOUND, "'%s' does not exist in that revision", dir);
	if (rc < 0)
		return rc;
	memcpy(out->tree_oid, git_tree_id(tree)->id, SG_OID_RAWSZ);
	out->has_tree_oid = true;
	sg_tree_reserve(out, git_tree_entrycount(tree));
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, collect, out);
	git_tree_free(tree);
	if (rc < 0)
		return git_fail(SG_ERROR, "cannot list a tree");
	return 0;
}

static void remove_file(sg_tree *t, const char *path)
{
	sg_tree_file *f = sg_tree_find(t, path);

	if (f)
		sg_tree_remove(t, f);
}

/* Apply the working tree's changes (staged, unstaged, untracked) to HEAD's listing. */
static int apply_workdir(sg_git *g, git_tree *head, const char *dir, sg_tree *out)
{
	git_diff_options opts;
	size_t prefix = *dir ? strlen(dir) + 1 : 0, i, n;
	sbuf spec = SBUF_INIT;
	char *specs[1];
	git_diff *diff;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	sbuf_addf(&spec, "%s%s", dir, *dir ? "/" : "");
	specs[0] = spec.buf;
	opts.pathspec.strings = specs;
	opts.pathspec.count = *dir ? 1 : 0;
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (git_diff_tree_to_workdir_with_index(&diff, g->repo, head, &opts) < 0) {
		sbuf_release(&spec);
		return git_fail(SG_ERROR, "cannot compare the working tree");
	}
	/* Drop every changed file first (the listing stays sorted), then add the new versions. */
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const char *old = git_diff_get_delta(diff, i)->old_file.path;
		if (strlen(old) > prefix && !strncmp(old, spec.buf, prefix))
			remove_file(out, old + prefix);
	}
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;

		if (d->status != GIT_DELTA_DELETED && strlen(path) > prefix &&
		    !strncmp(path, spec.buf, prefix))
			sg_tree_add(out, path + prefix); /* has_oid false: read from disk */
	}
	sg_tree_sort(out);
	git_diff_free(diff);
	sbuf_release(&spec);
	return 0;
}

/* HEAD's root tree, or NULL on an unborn branch (before the first commit). */
static int head_root(sg_git *g, git_tree **out)
{
	git_reference *head;
	git_object *tree;
	int rc;

	*out = NULL;
	rc = git_repository_head(&head, g->repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return git_fail(SG_ERROR, "cannot read HEAD");
	rc = git_reference_peel(&tree, head, GIT_OBJECT_TREE);
	git_reference_free(head);
	if (rc < 0)
		return git_fail(SG_ERROR, "cannot read HEAD");
	*out = (git_tree *)tree;
	return 0;
}

static int working_tree(sg_git *g, const char *dir, sg_tree *out)
{
	git_tree *root, *sub = NULL;
	git_tree_entry *entry = NULL;
	int rc;

	if (!sg_git_workdir(g))
		return sg_error_set(SG_EINVALID, "a bare repository has no working tree; pass --head");
	if ((rc = head_root(g, &root)) < 0)
		return rc;
	/* The folder at HEAD, if it is there, then what the working tree changed in it. */
	if (root && !*dir)
		rc = git_tree_dup(&sub, root);
	else if (root && git_tree_entry_bypath(&entry, root, dir) == 0 &&
		 git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(&sub, g->repo, git_tree_entry_id(entry));
	if (rc == 0 && sub && git_tree_walk(sub, GIT_TREEWALK_PRE, collect, out) < 0)
		rc = -1;
	if (rc < 0)
		rc = git_fail(SG_ERROR, "cannot list a tree");
	sg_tree_sort(out);
	if (rc == 0)
		rc = apply_workdir(g, root, dir, out);
	git_tree_entry_free(entry);
	git_tree_free(sub);
	git_tree_free(root);
	return rc;
}

int sg_git_tree(sg_git *g, const sg_commit_id *commit, const char *dir, sg_tree *out)
{
	git_oid oid;
	int rc;

	tree_init(g, out, dir);
	if (commit) {
		to_oid(commit, &oid);
		rc = commit_tree(g, &oid, dir, out);
	} else {
		rc = working_tree(g, dir, out);
	}
	sg_tree_sort(out);
	return rc;
}

/* Remove "." and ".." segments; the result never climbs above the start. */
static int normalize(const char *in, sbuf *out)
{
	const char *p = in;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 2 && !strncmp(p, "..", 2)) {
			char *last;
			if (!out->len)
				return -1;
			last = strrchr(out->buf, '/');
			out->len = last ? (size_t)(last - out->buf) : 0;
			out->buf[out->len] = '\0';
		} else if (n && !(n == 1 && *p == '.')) {
			if (out->len)
				sbuf_addch(out, '/');
			sbuf_add(out, p, n);
		}
		p += n + (slash != NULL);
	}
	return 0;
}

int sg_git_relative(sg_git *g, const char *path, char **out)
{
	const char *workdir = sg_git_workdir(g);
	char cwd[PATH_MAX], *real;
	sbuf full = SBUF_INIT, rel = SBUF_INIT;
	size_t wlen;
	int rc = 0;

	if (!workdir)
		return sg_error_set(SG_EINVALID, "a bare repository has no working tree");
	wlen = strlen(workdir);
	/* Resolve symlinks when the folder exists, so /tmp and /private/tmp agree. */
	real = realpath(path, NULL);
	if (real)
		sbuf_adds(&full, real);
	else if (path[0] == '/')
		sbuf_adds(&full, path);
	else if (getcwd(cwd, sizeof(cwd)))
		sbuf_addf(&full, "%s/%s", cwd, path);
	free(real);
	sbuf_addch(&full, '/');
	if (full.len < wlen || strncmp(full.buf, workdir, wlen) ||
	    normalize(full.buf + wlen, &rel) < 0)
		rc = sg_error_set(SG_EINVALID, "'%s' is outside the repository at %s", path, workdir);
	sbuf_release(&full);
	if (rc == 0)
		*out = sbuf_detach(&rel);
	sbuf_release(&rel);
	return rc;
}

struct moved_search {
	sg_tree *head;
	sg_strmap votes; /* candidate old folder -> count */
	char *best;      /* owned */
	uintptr_t best_votes;
	int rc;
};

/*
 * A base file votes for the folder it would have been moved from: the
 * part of its path before a suffix that the head has, with the same content.
 */
static int vote(const char *root, const git_tree_entry *e, void *payload)
{
	struct moved_search *s = payload;
	const unsigned char *head_oid;
	sbuf full = SBUF_INIT;
	size_t i;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !*root)
		return 0;
	sbuf_addf(&full, "%s%s", root, git_tree_entry_name(e));
	for (i = full.len; i-- > 0;) {
		sg_tree_file *f;
		void *count = NULL;

		if (full.buf[i] != '/' || !(f = sg_tree_find(s->head, full.buf + i + 1)))
			continue;
		if ((s->rc = sg_tree_oid(s->head, f, &head_oid)) < 0)
			break;
		if (memcmp(head_oid, git_tree_entry_id(e)->id, SG_OID_RAWSZ))
			continue;
		full.buf[i] = '\0';
		sg_strmap_get(&s->votes, full.buf, &count);
		sg_strmap_put(&s->votes, full.buf, (void *)((uintptr_t)count + 1));
		if ((uintptr_t)count + 1 > s->best_votes) {
			s->best_votes = (uintptr_t)count + 1;
			free(s->best);
			s->best = xstrdup(full.buf);
		}
		break;
	}
	sbuf_release(&full);
	return s->rc < 0 ? -1 : 0;
}

int sg_git_find_moved_dir(sg_git *g, const sg_commit_id *commit, sg_tree *head, char **old_dir)
{
	struct moved_search s = { head, SG_STRMAP_INIT, NULL, 0, 0 };
	git_commit *c = NULL;
	git_tree *root = NULL;
	git_oid oid;
	int rc = 0;

	*old_dir = NULL;
	to_oid(commit, &oid);
	if (git_commit_lookup(&c, g->repo, &oid) < 0 || git_commit_tree(&root, c) < 0)
		rc = git_fail(SG_ERROR, "cannot read a commit");
	if (rc == 0 && git_tree_walk(root, GIT_TREEWALK_PRE, vote, &s) < 0)
		rc = s.rc < 0 ? s.rc : git_fail(SG_ERROR, "cannot list a tree");
	/* The folder that holds the most of the same files under the same names. */
	if (rc == 0 && s.best) {
		*old_dir = s.best;
		s.best = NULL;
	}
	free(s.best);
	git_tree_free(root);
	git_commit_free(c);
	sg_strmap_clear(&s.votes);
	return rc;
}
