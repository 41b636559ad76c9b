/*
 * The diff stage: what a change does to the migration directory. The
 * directory at the merge base of the base and the head is compared with
 * the head (by default the working tree, staged and unstaged, so a
 * pre-commit hook sees what is about to be committed); the migrations the
 * change adds are linted, and edits, deletions, renames, out-of-order and
 * duplicate versions of the history are findings. Used by `diff` and `gate`.
 */
#include "gate/stage.h"
#include "gate/cmd.h"
#include "gate/output.h"
#include "checks/lint.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/git.h"
#include "migrate/history.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int sg_diff_request_option(sg_diff_request *rq, int argc, char **argv, int *i)
{
	static const struct {
		const char *name;
		size_t offset;
	} options[] = {
		{ "--base", offsetof(sg_diff_request, base) },
		{ "--head", offsetof(sg_diff_request, head) },
		{ "--dir", offsetof(sg_diff_request, dir) },
		{ "--migration-format", offsetof(sg_diff_request, format) },
	};
	size_t k;

	for (k = 0; k < sizeof(options) / sizeof(options[0]); k++)
		if (sg_opt_is(argv[*i], options[k].name))
			return sg_opt_value(argc, argv, i,
					    (const char **)((char *)rq + options[k].offset))
				       ? SG_EXIT_USAGE
				       : 1;
	return 0;
}

/* Where migrations usually live, for a repository that configured nothing. */
static const char *const usual_dirs[] = {
	"migrations", "db/migrations", "db/migrate", "database/migrations", "sql/migrations",
	"src/main/resources/db/migration", "db/migration", "migrations/sql",
};

static int find_dir(sg_git *g, const sg_diff_request *a, const sg_config *cfg, char **out)
{
	char *configured = sg_config_migrations_dir(cfg);
	struct stat st;
	size_t i;
	int rc;

	if (a->dir || configured) {
		rc = sg_git_relative(g, a->dir ? a->dir : configured, out);
		free(configured);
		return rc;
	}
	for (i = 0; i < sizeof(usual_dirs) / sizeof(usual_dirs[0]); i++) {
		sbuf path = SBUF_INIT;

		sbuf_addf(&path, "%s%s", sg_git_workdir(g) ? sg_git_workdir(g) : "", usual_dirs[i]);
		rc = stat(path.buf, &st);
		sbuf_release(&path);
		if (rc == 0 && S_ISDIR(st.st_mode)) {
			*out = xstrdup(usual_dirs[i]);
			return 0;
		}
	}
	return sg_error_set(SG_EINVALID, "no migration directory: pass --dir DIR or set "
					 "`migrations: {dir: ...}` in .schemagate.yaml");
}

/* The revisions being compared, resolved once. */
struct revisions {
	char *base_name;          /* owned */
	sg_commit_id base, merge_base, head;
	bool head_is_worktree;
};

static int resolve_revisions(sg_git *g, const sg_diff_request *a, const sg_config *cfg,
			     struct revisions *rv)
{
	int rc;

	if (a->base || cfg->base)
		rv->base_name = xstrdup(a->base ? a->base : cfg->base);
	else if ((rc = sg_git_default_base(g, &rv->base_name)) < 0)
		return rc;
	if ((rc = sg_git_resolve(g, rv->base_name, &rv->base)) < 0)
		return rc;
	rv->head_is_worktree = !a->head;
	if ((rc = sg_git_resolve(g, a->head ? a->head : "HEAD", &rv->head)) < 0)
		return rc;
	return sg_git_merge_base(g, &rv->base, &rv->head, &rv->merge_base);
}

/* A tree that may be missing in a revision (the folder was added later) reads as empty. */
static int tree_or_empty(sg_git *g, const sg_commit_id *at, const char *dir, sg_tree *t)
{
	int rc = sg_git_tree(g, at, dir, t);
	return rc == SG_ENOTFOUND ? 0 : rc;
}

/* How the runner of this format wraps a file, unless the config says it always does. */
static enum sg_lint_runner_tx runner_tx(enum sg_migration_format f, const sg_migration *m,
					const sg_config *cfg)
{
	if (cfg->assume_in_transaction || m->no_transaction)
		return m->no_transaction ? SG_RUNNER_TX_NONE : SG_RUNNER_TX_DEFAULT;
	switch (f) {
	case SG_FMT_FLYWAY:
	case SG_FMT_DIESEL:
		return SG_RUNNER_TX_WRAPS;
	case SG_FMT_GOLANG_MIGRATE:
	case SG_FMT_SQITCH:
		return SG_RUNNER_TX_NONE;
	default:
		return SG_RUNNER_TX_DEFAULT; /* dbmate's markers are read by the linter */
	}
}

static int lint_added(sg_history *h, sg_tree *head, const sg_config *cfg, sg_report *r)
{
	sg_lint_options opts = {
		.server_version = cfg->server_version,
		.assume_in_transaction = cfg->assume_in_transaction,
		.rule_disabled = cfg->rule_disabled,
		.rule_severity = cfg->rule_severity,
	};
	sg_migration *loaded = NULL;
	sg_lint_ctx *ctx;
	size_t i;
	int rc = 0;

	sg_lint_ctx_new(&ctx, &opts, r);
	for (i = 0; i < h->nr_added && rc == 0; i++) {
		const sg_history_added *a = &h->added[i];
		sg_tree_file *f = a->file->file;
		size_t issues = h->head.nr_issues;
		const char *data;
		size_t len;
		char *shown;

		if (a->migration != loaded) {
			if ((rc = sg_migration_load(&h->head, a->migration, head)) < 0)
				break;
			loaded = a->migration;
			sg_migration_issues_report(&h->head, head, issues, r);
		}
		if (!f || (rc = sg_tree_read(head, f, &data, &len)) < 0)
			break;
		shown = sg_tree_display_path(head, f->path);
		sg_lint_next_file_runner_tx(ctx, runner_tx(h->head.format, a->migration, cfg));
		sg_lint_text(ctx, shown, data, len, a->file->part == SG_PART_DOWN);
		free(shown);
	}
	sg_lint_ctx_free(ctx);
	return rc;
}

/*
 * Dry-run the added up migrations. On a throwaway database the migrations
 * the base branch already has are applied first, so the new ones meet the
 * schema they will meet in production.
 */
static int apply_base(sg_stage_dryrun *d, const sg_migration_set *set, sg_tree *t)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < set->nr && rc == 0; i++) {
		sg_tree_file *f = set->items[i].up.file;
		const char *data;
		size_t len;
		char *shown;

		if (!f || (rc = sg_tree_read(t, f, &data, &len)) < 0)
			continue;
		shown = sg_tree_display_path(t, f->path);
		rc = sg_stage_dryrun_base(d, shown, data, len);
		free(shown);
	}
	return rc;
}

/* The migration's down file goes with it, for the round trip (dbmate's is in the file). */
static int dryrun_with_down(sg_stage_dryrun *d, sg_tree *head, const sg_migration *m,
			    const char *shown, const char *data, size_t len, bool wraps)
{
	sg_dryrun_part down = { NULL, NULL, 0 };
	sg_lint_input *in;
	int rc;

	if (m->down.file && !m->has_down_part &&
	    sg_tree_read(head, m->down.file, &down.data, &down.len) == 0)
		down.path = sg_tree_display_path(head, m->down.file->path);
	sg_lint_prepare(&in, data, len);
	rc = sg_stage_dryrun_file(d, shown, in, wraps, down.path ? &down : NULL);
	sg_lint_input_free(in);
	free((char *)down.path);
	return rc;
}

static int dryrun_added(sg_history *h, sg_tree *head, const sg_migration_set *base,
			sg_tree *base_tree, sg_stage_dryrun *d, const sg_config *cfg)
{
	size_t i;
	int rc = 0;

	if (sg_stage_dryrun_is_throwaway(d))
		rc = apply_base(d, base, base_tree);
	if (rc == 0 && sg_stage_dryrun_setup(d) != 0)
		return sg_error_set(SG_EINVALID, "the --setup files could not be applied");
	for (i = 0; i < h->nr_added && rc == 0; i++) {
		const sg_history_added *a = &h->added[i];
		enum sg_lint_runner_tx tx = runner_tx(h->head.format, a->migration, cfg);
		const char *data;
		size_t len;
		char *shown;

		if (a->file->part != SG_PART_UP || !a->file->file ||
		    (rc = sg_tree_read(head, a->file->file, &data, &len)) < 0)
			continue;
		shown = sg_tree_display_path(head, a->file->file->path);
		rc = dryrun_with_down(d, head, a->migration, shown, data, len,
				      tx == SG_RUNNER_TX_WRAPS ||
					      (tx == SG_RUNNER_TX_DEFAULT && cfg->assume_in_transaction));
		free(shown);
	}
	return rc;
}

static char *summarize(const struct revisions *rv, const sg_history *h, const char *dir)
{
	sbuf s = SBUF_INIT;
	char mb[13];

	sg_git_short_id(&rv->merge_base, mb);
	sbuf_addf(&s,
		  "%s (%s) against %s (merge base %s): %zu file%s added, %zu edited, %zu deleted, "
		  "%zu renamed",
		  dir, sg_migration_format_name(h->head.format), rv->base_name, mb, h->nr_added,
		  h->nr_added == 1 ? "" : "s", h->modified, h->deleted, h->renamed);
	return sbuf_detach(&s);
}

struct diff_state {
	sg_git *git;
	char *dir;
	struct revisions rv;
	sg_tree base, head, tip;
	bool tip_is_base; /* the folder is the same at the base's tip and the merge base */
	sg_history history;
};

/*
 * The folder at the merge base and at the base branch's tip. When the
 * change moved the whole folder, its old place is followed, so that the
 * move itself is not taken for deleting and re-adding every migration.
 * The tip is listed only when the base branch changed the folder since
 * the merge base; usually it did not, and its tree id says so.
 */
static int read_base_trees(struct diff_state *s)
{
	unsigned char tip_id[SG_OID_RAWSZ];
	const char *tip_dir = s->dir;
	char *old_dir = NULL;
	int rc = tree_or_empty(s->git, &s->rv.merge_base, s->dir, &s->base);

	if (rc == 0 && !s->base.nr)
		rc = sg_git_find_moved_dir(s->git, &s->rv.merge_base, &s->head, &old_dir);
	if (rc == 0 && old_dir) {
		sg_tree_release(&s->base);
		rc = tree_or_empty(s->git, &s->rv.merge_base, old_dir, &s->base);
	}
	if (rc < 0)
		goto out;
	rc = sg_git_tree_id(s->git, &s->rv.base, tip_dir, tip_id);
	if (rc == SG_ENOTFOUND && old_dir)
		rc = sg_git_tree_id(s->git, &s->rv.base, tip_dir = old_dir, tip_id);
	if (rc == 0 && s->base.has_tree_oid && !memcmp(tip_id, s->base.tree_oid, SG_OID_RAWSZ))
		s->tip_is_base = true;
	else if (rc == 0)
		rc = tree_or_empty(s->git, &s->rv.base, tip_dir, &s->tip);
	if (rc == SG_ENOTFOUND)
		rc = 0; /* the base branch has no such folder: nothing bounds the new versions */
out:
	free(old_dir);
	return rc;
}

static int run(struct diff_state *s, const sg_diff_request *a, const sg_config *cfg,
	       sg_report *r)
{
	sg_history_input in = { &s->base, &s->head, NULL, NULL, SG_FMT_AUTO };
	int rc;

	if (a->format && sg_migration_format_parse(a->format, &in.format) < 0)
		return SG_EINVALID;
	if (!a->format && cfg->migrations_format &&
	    sg_migration_format_parse(cfg->migrations_format, &in.format) < 0)
		return SG_EINVALID;
	if ((rc = sg_git_open(&s->git, NULL)) < 0 || (rc = find_dir(s->git, a, cfg, &s->dir)) < 0 ||
	    (rc = resolve_revisions(s->git, a, cfg, &s->rv)) < 0)
		return rc;
	in.tip_name = s->rv.base_name;
	rc = sg_git_tree(s->git, s->rv.head_is_worktree ? NULL : &s->rv.head, s->dir, &s->head);
	if (rc == 0 && !s->head.nr)
		rc = sg_error_set(SG_ENOTFOUND, "the migration directory '%s' is empty or missing",
				  s->dir);
	if (rc == 0)
		rc = read_base_trees(s);
	in.tip = s->tip_is_base ? &s->base : &s->tip;
	if (rc == 0)
		rc = sg_history_compare(&s->history, &in, r);
	if (rc == 0)
		rc = lint_added(&s->history, &s->head, cfg, r);
	if (rc == 0 && a->dryrun)
		rc = dryrun_added(&s->history, &s->head,
				  s->tip_is_base ? &s->history.base : &s->history.tip,
				  s->tip_is_base ? &s->base : &s->tip, a->dryrun, cfg);
	return rc;
}

int sg_diff_migration_dir(const sg_diff_request *rq, const sg_config *cfg, char **path,
			  char **shown)
{
	sg_git *git = NULL;
	char *dir = NULL;
	int rc = sg_git_open(&git, NULL);

	if (rc == 0)
		rc = find_dir(git, rq, cfg, &dir);
	if (rc == 0) {
		sbuf sb = SBUF_INIT;
		sbuf_addf(&sb, "%s%s", sg_git_workdir(git) ? sg_git_workdir(git) : "", dir);
		*path = sbuf_detach(&sb);
		*shown = dir;
		dir = NULL;
	}
	free(dir);
	sg_git_free(git);
	return rc;
}

int sg_stage_diff(const sg_diff_request *rq, const sg_config *cfg, sg_report *r, char **summary)
{
	struct diff_state s;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = run(&s, rq, cfg, r);
	if (rc == 0 && summary)
		*summary = summarize(&s.rv, &s.history, s.dir);
	sg_history_release(&s.history);
	sg_tree_release(&s.base);
	sg_tree_release(&s.head);
	sg_tree_release(&s.tip);
	free(s.rv.base_name);
	free(s.dir);
	sg_git_free(s.git);
	return rc;
}
