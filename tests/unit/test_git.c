/* migrate/git.c: the repository through libgit2. */
#include "tests/unit/helpers.h"
#include "core/error.h"
#include "migrate/git.h"

#include <git2.h>
#include <unistd.h>

struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);

#define MBEDTLS_ERR_PK_FILE_IO_ERROR -0x3E00 /* mbedtls/pk.h */

static char dir[] = "/tmp/sg-test-git.XXXXXX";

static int make_repo(void **state)
{
	git_repository *repo;

	(void)state;
	assert_non_null(mkdtemp(dir));
	git_libgit2_init();
	assert_int_equal(git_repository_init(&repo, dir, 0), 0);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}

static int remove_repo(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void opens_without_leaving_an_error(void **state)
{
	sg_git *g;

	(void)state;
	sg_error_set(SG_OK, "%s", "");
	assert_int_equal(sg_git_open(&g, dir), 0);
	/* the skipped bundle's "failed to load CA certificates" is not left behind */
	assert_true(!git_error_last() || !strstr(git_error_last()->message, "certificates"));
	assert_non_null(sg_git_workdir(g));
	sg_git_free(g);
}

/*
 * git.c defines mbedTLS's CA-bundle loader to skip it while libgit2
 * initialises (Debian's libgit2 is built with mbedTLS). Any other call
 * must reach mbedTLS itself: a missing file is mbedTLS's own I/O error,
 * not the skip's -1.
 */
static void ca_loader_reaches_mbedtls_outside_init(void **state)
{
	sg_git *g;

	(void)state;
	assert_int_equal(sg_git_open(&g, dir), 0);
	assert_int_equal(mbedtls_x509_crt_parse_file(NULL, "/nonexistent/ca.pem"),
			 MBEDTLS_ERR_PK_FILE_IO_ERROR);
	sg_git_free(g);
}

static void outside_a_repository_is_not_found(void **state)
{
	sg_git *g = NULL;

	(void)state;
	assert_int_equal(sg_git_open(&g, "/"), SG_ENOTFOUND);
	assert_null(g);
	assert_non_null(strstr(sg_error_last(), "not inside a git repository"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_without_leaving_an_error),
		cmocka_unit_test(ca_loader_reaches_mbedtls_outside_init),
		cmocka_unit_test(outside_a_repository_is_not_found),
	};
	return cmocka_run_group_tests_name("git", tests, make_repo, remove_repo);
}
