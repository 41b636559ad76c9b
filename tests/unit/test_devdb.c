/* migrate/devdb.c: a real throwaway PostgreSQL, started, used and removed. */
#include "tests/unit/helpers.h"
#include "core/error.h"
#include "migrate/devdb.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static bool gone_within(const char *path, int seconds)
{
	int i;

	for (i = 0; i < seconds * 10; i++) {
		struct timespec ts = { 0, 100000000L };
		if (!exists(path))
			return true;
		nanosleep(&ts, NULL);
	}
	return !exists(path);
}

static void a_server_starts_answers_and_is_removed(void **state)
{
	char cmd[512], out[64] = "", dir[256], socket[300];
	sg_devdb *db = NULL;
	FILE *p;

	(void)state;
	if (sg_devdb_start(&db) < 0)
		fail_msg("%s", sg_error_last());
	snprintf(dir, sizeof(dir), "%s", sg_devdb_dir(db));
	snprintf(socket, sizeof(socket), "%s/.s.PGSQL.5432", dir);
	assert_true(exists(socket));
	assert_true(sg_devdb_start_seconds(db) > 0);
	snprintf(cmd, sizeof(cmd), "psql '%s' -XAtc 'SHOW fsync' 2>&1", sg_devdb_conninfo(db));
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(out, sizeof(out), p));
	pclose(p);
	assert_string_equal(out, "off\n");
	sg_devdb_stop(db);
	assert_false(exists(dir));
}

/* The tool killed with SIGKILL: the keeper still stops the server and removes the folder. */
static void a_killed_tool_leaves_nothing_behind(void **state)
{
	char dir[256] = "";
	int fds[2], status;
	ssize_t n;
	pid_t tool;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	tool = fork();
	if (tool == 0) {
		sg_devdb *db;
		close(fds[0]);
		if (sg_devdb_start(&db) < 0)
			_exit(3);
		if (write(fds[1], sg_devdb_dir(db), strlen(sg_devdb_dir(db))) < 0)
			_exit(4);
		close(fds[1]);
		pause();
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], dir, sizeof(dir) - 1);
	close(fds[0]);
	assert_true(n > 0);
	dir[n] = '\0';
	assert_true(exists(dir));
	kill(tool, SIGKILL);
	waitpid(tool, &status, 0);
	assert_true(gone_within(dir, 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_server_starts_answers_and_is_removed),
		cmocka_unit_test(a_killed_tool_leaves_nothing_behind),
	};
	return cmocka_run_group_tests_name("devdb", tests, NULL, NULL);
}
