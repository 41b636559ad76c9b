/*
 * The floor of any diff done with libgit2, for `make bench`: start
 * libgit2, open the repository, find the merge base of BASE and HEAD, and
 * list DIR at the merge base and at HEAD (names and blob ids only). No
 * migration is parsed, compared, linted or reported: whatever schemagate
 * diff adds comes on top of this. Like schemagate (migrate/git.c), it
 * skips the CA bundle that Debian's libgit2 (built with mbedTLS) would
 * otherwise parse at start for HTTPS remotes neither of them uses.
 * usage: libgit2_floor BASE HEAD DIR   (in the repository)
 */
#include <git2.h>
#include <stdio.h>

struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return -1; /* only called by git_libgit2_init here */
}

static int count(const char *root, const git_tree_entry *e, void *payload)
{
	(void)root;
	(void)e;
	++*(size_t *)payload;
	return 0;
}

static int list_dir(git_repository *repo, const git_oid *commit_id, const char *dir, size_t *n)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *entry = NULL;
	int rc = git_commit_lookup(&commit, repo, commit_id);

	if (rc == 0)
		rc = git_commit_tree(&tree, commit);
	if (rc == 0)
		rc = git_tree_entry_bypath(&entry, tree, dir);
	if (rc == 0)
		rc = git_tree_lookup(&sub, repo, git_tree_entry_id(entry));
	if (rc == 0)
		rc = git_tree_walk(sub, GIT_TREEWALK_PRE, count, n);
	git_tree_free(sub);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_object *base = NULL, *head = NULL;
	git_oid merge_base;
	size_t n = 0;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: libgit2_floor BASE HEAD DIR\n");
		return 2;
	}
	git_libgit2_init();
	rc = git_repository_open_ext(&repo, ".", 0, NULL);
	if (rc == 0)
		rc = git_revparse_single(&base, repo, argv[1]);
	if (rc == 0)
		rc = git_revparse_single(&head, repo, argv[2]);
	if (rc == 0)
		rc = git_merge_base(&merge_base, repo, git_object_id(base), git_object_id(head));
	if (rc == 0)
		rc = list_dir(repo, &merge_base, argv[3], &n);
	if (rc == 0)
		rc = list_dir(repo, git_object_id(head), argv[3], &n);
	if (rc < 0)
		fprintf(stderr, "libgit2_floor: %s\n", git_error_last() ? git_error_last()->message : "failed");
	else
		printf("%zu entries\n", n);
	git_object_free(head);
	git_object_free(base);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc < 0;
}
