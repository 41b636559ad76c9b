/*
 * schemagate hook: install or remove the git hook that runs schemagate
 * diff before a commit (pre-commit) or a push (pre-push).
 *
 * The hook is a short POSIX sh script that names this very binary by its
 * absolute path, so a commit is checked by the schemagate that installed
 * the hook and not by whatever an IDE's PATH happens to hold. A marker
 * line tells our hook from anyone else's: install never overwrites a hook
 * it did not write (unless --force), and uninstall never removes one.
 */
#include "gate/cmd.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/git.h"
#include "migrate/source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOOK_MARKER "# installed by schemagate hook install; schemagate hook uninstall removes it"
/* A hook script is a few hundred bytes; anything larger is not ours to parse whole. */
#define HOOK_MAX_BYTES ((size_t)1 << 20)

enum hook_action { HOOK_INSTALL, HOOK_UNINSTALL };
enum hook_state { HOOK_ABSENT, HOOK_OURS, HOOK_FOREIGN };

struct hook_args {
	enum hook_action action;
	bool pre_push;
	bool force;
};

static const char usage_text[] =
	"usage: schemagate hook install [--pre-push] [--force]\n"
	"       schemagate hook uninstall [--pre-push]\n"
	"\n"
	"Install or remove the git hook that runs schemagate diff: before each commit\n"
	"(pre-commit, on the working tree with its staged changes) or, with --pre-push,\n"
	"before each push (on every pushed commit). Error findings block the commit or\n"
	"push; 'git commit --no-verify' or 'git push --no-verify' skips the hook once.\n"
	"The hook goes where git looks for it: core.hooksPath, or the hooks folder of\n"
	"the repository (shared by all its worktrees).\n"
	"\n"
	"  --pre-push   the pre-push hook instead of the pre-commit hook\n"
	"  --force      install: replace a hook that schemagate did not write\n"
	"\n"
	"A hook that schemagate did not write is never replaced without --force and\n"
	"never removed by uninstall.\n"
	"\n"
	"Exit codes: 0 done, 2 could not (not in a repository, a foreign hook, I/O).\n";

static int parse_args(struct hook_args *a, int argc, char **argv)
{
	const char *action = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if (!strcmp(arg, "--pre-push")) {
			a->pre_push = true;
		} else if (!strcmp(arg, "--force")) {
			a->force = true;
		} else if (arg[0] == '-') {
			return sg_die_usage("unknown option '%s'; see 'schemagate hook --help'", arg);
		} else if (action) {
			return sg_die_usage("unexpected argument '%s'; see 'schemagate hook --help'", arg);
		} else {
			action = arg;
		}
	}
	if (!action)
		return sg_die_usage("say what to do: schemagate hook install|uninstall [--pre-push]");
	if (!strcmp(action, "install"))
		a->action = HOOK_INSTALL;
	else if (!strcmp(action, "uninstall"))
		a->action = HOOK_UNINSTALL;
	else
		return sg_die_usage("'%s' is not a hook action; use install or uninstall", action);
	if (a->force && a->action == HOOK_UNINSTALL)
		return sg_die_usage("--force is for install only: uninstall never removes a hook "
				    "that schemagate did not write");
	return 0;
}

/* The absolute path of the running binary, owned by the caller. */
static int self_path(char **out)
{
	size_t size = 256;

	for (;;) {
		char *buf = xmalloc(size);
		ssize_t n = readlink("/proc/self/exe", buf, size);

		if (n < 0) {
			free(buf);
			return sg_error_set(SG_ERROR, "cannot find this program's path in "
					    "/proc/self/exe: %s", strerror(errno));
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			*out = buf;
			return 0;
		}
		free(buf); /* possibly truncated: try again with more room */
		size *= 2;
	}
}

/* `s` as one sh word: single quotes, each ' written as '\''. */
static void sh_quote(sbuf *sb, const char *s)
{
	sbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_adds(sb, "'\\''");
		else
			sbuf_addch(sb, *s);
	}
	sbuf_addch(sb, '\'');
}

/*
 * The part both hooks share: find schemagate. The binary that installed
 * the hook comes first; a hook that outlives it (a rebuilt tree, an
 * upgraded package in another place) falls back to PATH, and when there
 * is neither it blocks, because a gate that silently opens is worse than
 * one that says how to get past it.
 */
static void add_find_binary(sbuf *sb, const char *self, bool pre_push)
{
	sbuf_adds(sb, "sg=");
	sh_quote(sb, self);
	sbuf_adds(sb, "\n"
		      "if [ ! -x \"$sg\" ]; then\n"
		      "\tif command -v schemagate > /dev/null 2>&1; then\n"
		      "\t\tsg=schemagate\n"
		      "\telse\n"
		      "\t\tprintf 'schemagate hook: %s no longer exists and schemagate is not on PATH\\n' \"$sg\" >&2\n");
	sbuf_addf(sb,
		  "\t\tprintf \"reinstall it with 'schemagate hook install%s', remove it with "
		  "'schemagate hook uninstall%s' (or delete %%s), or skip it once with "
		  "'git %s --no-verify'\\n\" \"$0\" >&2\n",
		  pre_push ? " --pre-push" : "", pre_push ? " --pre-push" : "",
		  pre_push ? "push" : "commit");
	sbuf_adds(sb, "\t\texit 1\n"
		      "\tfi\n"
		      "fi\n");
}

static void pre_commit_script(sbuf *sb, const char *self)
{
	sbuf_adds(sb, "#!/bin/sh\n" HOOK_MARKER "\n"
		      "#\n"
		      "# Before each commit, schemagate diff checks the migrations as they are about\n"
		      "# to be committed (the working tree with its staged changes) against the base\n"
		      "# in .schemagate.yaml or the branch's upstream, and error findings block the\n"
		      "# commit. Skip it once with: git commit --no-verify\n");
	add_find_binary(sb, self, false);
	sbuf_adds(sb, "exec \"$sg\" diff\n");
}

/*
 * git feeds pre-push one line per ref: <local ref> <local sha> <remote ref>
 * <remote sha>. A local sha of zeros (40 for SHA-1, 64 for SHA-256) deletes
 * the remote ref and brings no migration. Every other ref is checked, and
 * all of them are, so one run names every ref that would fail. schemagate
 * reads nothing from standard input, but its own is /dev/null anyway: the
 * ref lines are the loop's.
 */
static void pre_push_script(sbuf *sb, const char *self)
{
	sbuf_adds(sb, "#!/bin/sh\n" HOOK_MARKER "\n"
		      "#\n"
		      "# Before each push, schemagate diff --head <commit> checks every pushed branch\n"
		      "# or tag against the base in .schemagate.yaml or the branch's upstream; error\n"
		      "# findings, or a check that cannot run, block the push.\n"
		      "# Skip it once with: git push --no-verify\n");
	add_find_binary(sb, self, true);
	sbuf_adds(sb, "status=0\n"
		      "while read -r local_ref local_sha remote_ref remote_sha; do\n"
		      "\tcase $local_sha in\n"
		      "\t*[!0]*) ;;\n"
		      "\t*) continue ;; # deleting $remote_ref: nothing to check\n"
		      "\tesac\n"
		      "\t\"$sg\" diff --head \"$local_sha\" < /dev/null\n"
		      "\trc=$?\n"
		      "\tcase $rc in\n"
		      "\t0) ;;\n"
		      "\t1)\n"
		      "\t\tprintf 'schemagate hook: %s has error findings; the push is blocked\\n' \"$local_ref\" >&2\n"
		      "\t\tstatus=1 ;;\n"
		      "\t*)\n"
		      "\t\tprintf 'schemagate hook: could not check %s (exit %s); the push is blocked\\n' \"$local_ref\" \"$rc\" >&2\n"
		      "\t\tstatus=1 ;;\n"
		      "\tesac\n"
		      "done\n"
		      "[ \"$status\" -eq 0 ] || printf \"fix the findings, or skip the check once with 'git push --no-verify'\\n\" >&2\n"
		      "exit \"$status\"\n");
}

/* Whether one line of `data` is exactly the marker. */
static bool has_marker(const char *data, size_t len)
{
	size_t mlen = strlen(HOOK_MARKER);
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == mlen && !memcmp(p, HOOK_MARKER, mlen))
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/*
 * Who wrote the hook at `path`. A symbolic link is judged by what it
 * points at (a dangling one, or anything but a file, is foreign): hook
 * managers link their hooks in, and those are not ours.
 */
static int hook_state(const char *path, enum hook_state *out)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return sg_error_set(SG_ERROR, "cannot look at '%s': %s", path, strerror(errno));
		*out = HOOK_ABSENT;
		return 0;
	}
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		*out = HOOK_FOREIGN;
		return 0;
	}
	rc = sg_read_file(path, HOOK_MAX_BYTES, &data, &len);
	if (rc == SG_ETOOBIG) {
		*out = HOOK_FOREIGN;
		return 0;
	}
	if (rc < 0)
		return rc;
	*out = has_marker(data, len) ? HOOK_OURS : HOOK_FOREIGN;
	free(data);
	return 0;
}

/* Create `dir` and its missing parents (core.hooksPath may name a new nested folder). */
static int mkdir_p(const char *dir)
{
	char *path = xstrdup(dir);
	char *p;
	int rc = 0;

	for (p = path + 1; rc == 0; p++) {
		bool last = *p == '\0';

		if (*p != '/' && !last)
			continue;
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			rc = sg_error_set(SG_ERROR, "cannot create the hooks folder '%s': %s", path,
					  strerror(errno));
		if (last)
			break;
		*p = '/';
	}
	free(path);
	return rc;
}

/*
 * Write the script beside the hook and rename it into place: git never
 * runs a half-written hook, and a symbolic link being replaced (--force)
 * is replaced itself rather than the file it points at being overwritten.
 */
static int write_hook(const char *dir, const char *path, const sbuf *script)
{
	sbuf tmp = SBUF_INIT;
	ssize_t n;
	int fd, rc = 0;

	sbuf_addf(&tmp, "%s/.schemagate-hook-XXXXXX", dir);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		rc = sg_error_set(SG_ERROR, "cannot write in the hooks folder '%s': %s", dir,
				  strerror(errno));
		sbuf_release(&tmp);
		return rc;
	}
	n = write(fd, script->buf, script->len);
	if (n != (ssize_t)script->len)
		rc = sg_error_set(SG_ERROR, "cannot write '%s': %s", tmp.buf,
				  n < 0 ? strerror(errno) : "short write (is the disk full?)");
	else if (fchmod(fd, 0755) < 0) /* exactly 0755, whatever the umask */
		rc = sg_error_set(SG_ERROR, "cannot make '%s' executable: %s", tmp.buf,
				  strerror(errno));
	if (close(fd) < 0 && rc == 0)
		rc = sg_error_set(SG_ERROR, "cannot write '%s': %s", tmp.buf, strerror(errno));
	if (rc == 0 && rename(tmp.buf, path) < 0)
		rc = sg_error_set(SG_ERROR, "cannot put the hook in place as '%s': %s", path,
				  strerror(errno));
	if (rc)
		unlink(tmp.buf);
	sbuf_release(&tmp);
	return rc;
}

static int install(const struct hook_args *a, const char *dir, const char *path)
{
	const char *name = a->pre_push ? "pre-push" : "pre-commit";
	enum hook_state state;
	sbuf script = SBUF_INIT;
	char *self = NULL;
	int rc;

	if (hook_state(path, &state) < 0)
		return sg_die_usage("%s", sg_error_last());
	if (state == HOOK_FOREIGN && !a->force)
		return sg_die_usage("'%s' exists and was not written by schemagate; leaving it alone. "
				    "Call schemagate diff from it yourself, or replace it with "
				    "'schemagate hook install%s --force'",
				    path, a->pre_push ? " --pre-push" : "");
	if (self_path(&self) < 0)
		return sg_die_usage("%s", sg_error_last());
	if (a->pre_push)
		pre_push_script(&script, self);
	else
		pre_commit_script(&script, self);
	free(self);
	rc = mkdir_p(dir);
	if (rc == 0)
		rc = write_hook(dir, path, &script);
	sbuf_release(&script);
	if (rc < 0)
		return sg_die_usage("%s", sg_error_last());
	printf("%s the %s hook %s: git %s now runs schemagate diff first "
	       "(skip it once with --no-verify)\n",
	       state == HOOK_ABSENT ? "installed" : state == HOOK_OURS ? "updated" : "replaced",
	       name, path, a->pre_push ? "push" : "commit");
	return SG_EXIT_PASS;
}

static int uninstall(const struct hook_args *a, const char *path)
{
	const char *name = a->pre_push ? "pre-push" : "pre-commit";
	enum hook_state state;

	if (hook_state(path, &state) < 0)
		return sg_die_usage("%s", sg_error_last());
	if (state == HOOK_ABSENT) {
		printf("no %s hook at %s: nothing to remove\n", name, path);
		return SG_EXIT_PASS;
	}
	if (state == HOOK_FOREIGN)
		return sg_die_usage("'%s' was not written by schemagate; leaving it in place "
				    "(delete it yourself if you mean to)", path);
	if (unlink(path) < 0)
		return sg_die_usage("cannot remove '%s': %s", path, strerror(errno));
	printf("removed the %s hook %s\n", name, path);
	return SG_EXIT_PASS;
}

int cmd_hook(int argc, char **argv)
{
	struct hook_args a = { HOOK_INSTALL, false, false };
	sg_git *g = NULL;
	char *dir = NULL;
	sbuf path = SBUF_INIT;
	size_t dlen;
	int rc;

	rc = parse_args(&a, argc, argv);
	if (rc)
		return rc == 1 ? SG_EXIT_PASS : rc;
	if (sg_git_open(&g, NULL) < 0)
		return sg_die_usage("%s; run 'schemagate hook' inside the repository whose hook "
				    "it should manage", sg_error_last());
	if (sg_git_hooks_dir(g, &dir) < 0) {
		rc = sg_die_usage("%s", sg_error_last());
		goto out;
	}
	dlen = strlen(dir);
	while (dlen > 1 && dir[dlen - 1] == '/')
		dir[--dlen] = '\0';
	sbuf_addf(&path, "%s/%s", dir, a.pre_push ? "pre-push" : "pre-commit");
	if (a.action == HOOK_INSTALL)
		rc = install(&a, dir, path.buf);
	else
		rc = uninstall(&a, path.buf);
out:
	sbuf_release(&path);
	free(dir);
	sg_git_free(g);
	return rc;
}
