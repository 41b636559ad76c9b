/*
 * The throwaway PostgreSQL server (see devdb.h).
 *
 * Why a keeper process: cleaning up from this process cannot survive
 * SIGKILL or a crash, and an orphaned postgres holding a folder in /tmp is
 * exactly what a CI runner must never be left with. This process starts
 * the server and stops it; the keeper only watches a pipe whose one writer
 * is this process. A stop writes "done" before closing it; end of file
 * without it means this process died, and the keeper then shuts the server
 * down and removes the folder. The keeper ignores SIGINT and SIGTERM and
 * sits in its own session, so a Ctrl-C that kills the tool still lets it
 * finish the cleanup.
 */
#include "migrate/devdb.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define START_TIMEOUT_MS 60000
#define STOP_TIMEOUT_MS 20000

struct sg_devdb {
	char *dir;      /* owned: the temporary folder (socket, data/, logs) */
	char *conninfo; /* owned */
	pid_t server;
	pid_t keeper;
	int keep_fd;    /* write end of the keeper's pipe */
	double start_seconds;
};

/* The newest installed server: /usr/lib/postgresql/N/bin, or $SG_PG_BINDIR. */
static int find_bindir(char **out)
{
	const char *env = getenv("SG_PG_BINDIR");
	glob_t g;
	size_t i;
	int best = -1, best_version = -1;

	if (env && *env) {
		*out = xstrdup(env);
		return 0;
	}
	if (glob("/usr/lib/postgresql/*/bin/postgres", 0, NULL, &g) != 0)
		return sg_error_set(SG_ENOTFOUND, "no PostgreSQL server is installed for --db auto "
						  "(Debian: apt-get install postgresql; or set SG_PG_BINDIR)");
	for (i = 0; i < g.gl_pathc; i++) {
		int v = atoi(g.gl_pathv[i] + strlen("/usr/lib/postgresql/"));
		if (v > best_version) {
			best_version = v;
			best = (int)i;
		}
	}
	*out = xstrndup(g.gl_pathv[best], strlen(g.gl_pathv[best]) - strlen("/postgres"));
	globfree(&g);
	return 0;
}

/* Who runs the server: ourselves, or `postgres` when we are root (the server refuses root). */
static int server_user(uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	*uid = geteuid();
	*gid = getegid();
	if (*uid != 0)
		return 0;
	if (!(pw = getpwnam("postgres")))
		return sg_error_set(SG_ENOTFOUND, "running as root, and there is no 'postgres' user "
						  "to run the throwaway server as");
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

static void become(uid_t uid, gid_t gid)
{
	if (geteuid() == 0 && uid != 0 && (setgid(gid) < 0 || setuid(uid) < 0))
		_exit(127);
}

static void redirect_output(const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int run_initdb(const char *bindir, const char *dir, uid_t uid, gid_t gid)
{
	sbuf prog = SBUF_INIT, data = SBUF_INIT, log = SBUF_INIT;
	int status = -1;
	pid_t pid;

	sbuf_addf(&prog, "%s/initdb", bindir);
	sbuf_addf(&data, "%s/data", dir);
	sbuf_addf(&log, "%s/initdb.log", dir);
	pid = fork();
	if (pid == 0) {
		become(uid, gid);
		redirect_output(log.buf);
		/* argv[0] with its folder: initdb finds postgres next to itself through it. */
		execl(prog.buf, prog.buf, "-D", data.buf, "-U", "schemagate", "--auth=trust",
		      "--no-sync", "--encoding=UTF8", "--locale=C", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	sbuf_release(&prog);
	sbuf_release(&data);
	sbuf_release(&log);
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static bool exited_within(pid_t pid, long ms)
{
	for (; ms > 0; ms -= 50) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return true;
		sg_sleep_ms(50);
	}
	return false;
}

static pid_t start_server(const char *bindir, const char *dir, uid_t uid, gid_t gid)
{
	sbuf prog = SBUF_INIT, data = SBUF_INIT, log = SBUF_INIT;
	pid_t pid;

	sbuf_addf(&prog, "%s/postgres", bindir);
	sbuf_addf(&data, "%s/data", dir);
	sbuf_addf(&log, "%s/server.log", dir);
	pid = fork();
	if (pid == 0) {
		become(uid, gid);
		redirect_output(log.buf);
		execl(prog.buf, prog.buf, "-D", data.buf, "-k", dir, "-c", "listen_addresses=",
		      "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
		      "full_page_writes=off", "-p", "5432", (char *)NULL);
		_exit(127);
	}
	sbuf_release(&prog);
	sbuf_release(&data);
	sbuf_release(&log);
	return pid;
}

/* Stop the server that this process started: fast shutdown, then kill. */
static void stop_server(pid_t server)
{
	kill(server, SIGINT);
	if (!exited_within(server, STOP_TIMEOUT_MS)) {
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
	}
}

/*
 * The keeper, after this process died: the server is no longer its
 * parent's child, so it is watched with kill(pid, 0) until it is gone.
 */
static void keeper(pid_t server, const char *dir, int read_fd)
{
	char buf[8];
	ssize_t n, got = 0;
	long ms;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	while ((n = read(read_fd, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += n;
	buf[got] = '\0';
	if (!strcmp(buf, "done"))
		_exit(0);
	kill(server, SIGINT);
	for (ms = 0; ms < STOP_TIMEOUT_MS && kill(server, 0) == 0; ms += 50)
		sg_sleep_ms(50);
	if (kill(server, 0) == 0)
		kill(server, SIGKILL);
	for (ms = 0; ms < STOP_TIMEOUT_MS && kill(server, 0) == 0; ms += 50)
		sg_sleep_ms(50);
	remove_tree(dir);
	_exit(0);
}

/* postmaster.pid's 8th line says "ready" once the server accepts connections. */
static bool server_ready(const char *dir)
{
	sbuf path = SBUF_INIT;
	char line[128];
	bool ready = false;
	FILE *f;
	int n = 0;

	sbuf_addf(&path, "%s/data/postmaster.pid", dir);
	if ((f = fopen(path.buf, "r"))) {
		while (fgets(line, sizeof(line), f))
			if (++n == 8)
				ready = !strncmp(line, "ready", 5);
		fclose(f);
	}
	sbuf_release(&path);
	return ready;
}

static void log_tail(const char *dir, const char *name, sbuf *out)
{
	sbuf path = SBUF_INIT;
	char buf[1024];
	size_t n = 0;
	FILE *f;

	sbuf_addf(&path, "%s/%s", dir, name);
	if ((f = fopen(path.buf, "r"))) {
		fseek(f, -(long)sizeof(buf) + 1, SEEK_END);
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	sbuf_adds(out, n ? buf : "(no log)");
	sbuf_release(&path);
}

static int wait_ready(sg_devdb *d)
{
	long waited;

	for (waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
		if (server_ready(d->dir))
			return 0;
		if (waitpid(d->server, NULL, WNOHANG) == d->server) {
			d->server = -1;
			break;
		}
		sg_sleep_ms(20);
	}
	return -1;
}

static int start_failed(sg_devdb *d, const char *what, const char *log)
{
	sbuf tail = SBUF_INIT;
	int rc;

	log_tail(d->dir, log, &tail);
	rc = sg_error_set(SG_ERROR, "the throwaway PostgreSQL server %s:\n%s", what, tail.buf);
	sbuf_release(&tail);
	sg_devdb_stop(d);
	return rc;
}

/* The keeper: forked once the server runs, so it knows the server's pid. */
static int start_keeper(sg_devdb *d)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0 || (d->keeper = fork()) < 0)
		return -1;
	if (d->keeper == 0) {
		close(fds[1]);
		keeper(d->server, d->dir, fds[0]);
	}
	close(fds[0]);
	d->keep_fd = fds[1];
	return 0;
}

int sg_devdb_start(sg_devdb **out)
{
	char templ[] = "/tmp/schemagate-pg.XXXXXX", *bindir = NULL;
	double start = sg_clock_ms();
	sg_devdb *d;
	uid_t uid;
	gid_t gid;
	int rc;

	if ((rc = find_bindir(&bindir)) < 0 || (rc = server_user(&uid, &gid)) < 0) {
		free(bindir);
		return rc;
	}
	if (!mkdtemp(templ)) {
		free(bindir);
		return sg_error_set(SG_ERROR, "cannot create a folder in /tmp: %s", strerror(errno));
	}
	d = xcalloc(1, sizeof(*d));
	d->dir = xstrdup(templ);
	d->server = d->keeper = -1;
	d->keep_fd = -1;
	if (chown(d->dir, uid, gid) < 0 || run_initdb(bindir, d->dir, uid, gid) < 0) {
		free(bindir);
		return start_failed(d, "could not be created (initdb)", "initdb.log");
	}
	d->server = start_server(bindir, d->dir, uid, gid);
	free(bindir);
	if (d->server < 0 || start_keeper(d) < 0)
		return start_failed(d, "could not be started", "server.log");
	if (wait_ready(d) < 0)
		return start_failed(d, "did not start", "server.log");
	d->start_seconds = (sg_clock_ms() - start) / 1000.0;
	d->conninfo = xmalloc(strlen(d->dir) + 64);
	sprintf(d->conninfo, "host=%s port=5432 user=schemagate dbname=postgres", d->dir);
	*out = d;
	return 0;
}

const char *sg_devdb_conninfo(const sg_devdb *d)
{
	return d->conninfo;
}

const char *sg_devdb_dir(const sg_devdb *d)
{
	return d->dir;
}

double sg_devdb_start_seconds(const sg_devdb *d)
{
	return d->start_seconds;
}

void sg_devdb_stop(sg_devdb *d)
{
	if (!d)
		return;
	if (d->server > 0)
		stop_server(d->server);
	remove_tree(d->dir);
	if (d->keep_fd >= 0) {
		/* Everything is cleaned up: tell the keeper (if it cannot hear, it finds nothing left). */
		ssize_t told = write(d->keep_fd, "done", 4);

		(void)told;
		close(d->keep_fd);
	}
	if (d->keeper > 0)
		waitpid(d->keeper, NULL, 0);
	free(d->dir);
	free(d->conninfo);
	free(d);
}
