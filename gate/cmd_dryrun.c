/*
 * schemagate dry-run: lint the migrations, run them on a real PostgreSQL
 * (a staging database given by URL, or a throwaway server), and report
 * one verdict from what lint predicted and what the engine did.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "gate/stage.h"
#include "checks/lint.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "checks/rule.h"
#include "migrate/migration.h"
#include "migrate/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SETUP 64

struct dryrun_args {
	const char *config;
	const char *db;
	const char *server_version;
	const char *setup[MAX_SETUP];
	int nr_setup;
	const char *lock_timeout, *statement_timeout, *budget;
	bool assume_in_transaction;
	bool verbose;
	sg_outputs out;
	char **paths;
	int nr_paths;
};

static const char usage_text[] =
	"usage: schemagate dry-run [--db URL|auto] [--setup FILE]... [options] PATH...\n"
	"\n"
	"Lint the migrations, run them on a real PostgreSQL and report what the engine did:\n"
	"locks held and whether a second session could still read and write, rewrites, scans,\n"
	"index builds, validations, drops, renames and type changes. PATH is a .sql file or a\n"
	"directory (its up migrations in version order).\n"
	"\n"
	"  --db URL|auto               a staging database (libpq URL or key=value string): every\n"
	"                              migration runs in a transaction that is rolled back, and\n"
	"                              nothing persists; or auto (the default): a throwaway\n"
	"                              PostgreSQL from the installed server, removed afterwards\n"
	"  --setup FILE                SQL applied first (a pg_dump --schema-only of production,\n"
	"                              a fixture with rows); may repeat\n"
	"  --lock-timeout D            staging: each migration's lock_timeout (default 2s)\n"
	"  --statement-timeout D       each statement's statement_timeout (default 60s)\n"
	"  --budget D                  the whole run's time (default 10min; 0 = none)\n"
	"  --assume-in-transaction     the runner wraps each file in a transaction\n"
	"  --server-version V          PostgreSQL version lint assumes (default 15)\n"
	"  -v, --verbose               say which lint findings the dry-run withdrew, and why\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 no error findings, 1 error findings, 2 could not run (bad arguments,\n"
	"unreadable input, database unreachable, set-up failed).\n";

static int parse_args(struct dryrun_args *a, int argc, char **argv)
{
	int i, rc = 0;

	a->paths = xcalloc((size_t)argc, sizeof(char *));
	for (i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if ((rc = sg_outputs_option(&a->out, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if (!strcmp(arg, "--")) {
			while (++i < argc)
				a->paths[a->nr_paths++] = argv[i];
		} else if (sg_opt_is(arg, "--config")) {
			rc = sg_opt_value(argc, argv, &i, &a->config);
		} else if (sg_opt_is(arg, "--db")) {
			rc = sg_opt_value(argc, argv, &i, &a->db);
		} else if (sg_opt_is(arg, "--setup")) {
			if (a->nr_setup == MAX_SETUP)
				return sg_die_usage("at most %d --setup files", MAX_SETUP);
			rc = sg_opt_value(argc, argv, &i, &a->setup[a->nr_setup++]);
		} else if (sg_opt_is(arg, "--lock-timeout")) {
			rc = sg_opt_value(argc, argv, &i, &a->lock_timeout);
		} else if (sg_opt_is(arg, "--statement-timeout")) {
			rc = sg_opt_value(argc, argv, &i, &a->statement_timeout);
		} else if (sg_opt_is(arg, "--budget")) {
			rc = sg_opt_value(argc, argv, &i, &a->budget);
		} else if (sg_opt_is(arg, "--server-version")) {
			rc = sg_opt_value(argc, argv, &i, &a->server_version);
		} else if (!strcmp(arg, "--assume-in-transaction")) {
			a->assume_in_transaction = true;
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			a->verbose = true;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return sg_die_usage("unknown option '%s'; see 'schemagate dry-run --help'", arg);
		} else {
			a->paths[a->nr_paths++] = argv[i];
		}
	}
	if (rc)
		return rc;
	if (a->nr_paths == 0)
		return sg_die_usage("no migration files given; usage: schemagate dry-run PATH...");
	return sg_outputs_finish(&a->out);
}

static int apply_args(sg_config *cfg, const struct dryrun_args *a)
{
	int rc = sg_config_load_for_command(cfg, a->config, a->server_version);

	if (rc)
		return rc;
	if (strcmp(cfg->engine, "postgres"))
		return sg_die_usage("dry-run on %s is not available yet; only postgres is", cfg->engine);
	if (a->assume_in_transaction)
		cfg->assume_in_transaction = true;
	if ((rc = sg_opt_duration("--lock-timeout", a->lock_timeout, &cfg->dryrun_lock_timeout_ms)) ||
	    (rc = sg_opt_duration("--statement-timeout", a->statement_timeout,
				  &cfg->dryrun_statement_timeout_ms)) ||
	    (rc = sg_opt_duration("--budget", a->budget, &cfg->dryrun_budget_ms)))
		return rc;
	return 0;
}

/* The up migrations of the paths, in the order given and versions within directories. */
static int collect_files(const struct dryrun_args *a, sg_source_list *files)
{
	sg_source_list all = SG_SOURCE_LIST_INIT;
	size_t i;
	int p;

	for (p = 0; p < a->nr_paths; p++)
		if (sg_source_add_path(&all, a->paths[p]) < 0) {
			sg_source_list_release(&all);
			return sg_die_usage("%s", sg_error_last());
		}
	for (i = 0; i < all.nr; i++) {
		if (all.items[i].is_down) {
			free(all.items[i].path);
			continue;
		}
		*VEC_PUSH(files->items, files->nr, files->alloc) = all.items[i];
	}
	free(all.items);
	return 0;
}

/* "000001_x.up.sql" -> "000001_x.down.sql" when it exists: golang-migrate's pair. */
static char *down_sibling(const char *path)
{
	size_t n = strlen(path);
	char *down;

	if (n < 7 || strcmp(path + n - 7, ".up.sql"))
		return NULL;
	down = xmalloc(n + 3);
	memcpy(down, path, n - 7);
	strcpy(down + n - 7, ".down.sql");
	if (access(down, R_OK) == 0)
		return down;
	free(down);
	return NULL;
}

static int dry_run_file(sg_stage_dryrun *d, const char *path, const sg_lint_input *in,
			const sg_config *cfg, sg_report *r)
{
	sg_dryrun_part down = { down_sibling(path), NULL, 0 };
	char *down_data = NULL;
	int rc = 0;

	if (!down.path && sg_path_ends(path, ".up.sql"))
		sg_rule_report(r, "migration-missing-down", path, 1, 1,
			       "no down part next to this up migration: a release that fails after "
			       "it cannot be rolled back, and the round trip cannot check it");

	if (down.path && sg_read_file(down.path, SG_MAX_FILE_BYTES, &down_data, &down.len) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	down.data = down_data;
	if (rc == 0 && sg_stage_dryrun_file(d, path, in, cfg->assume_in_transaction,
					    down.path ? &down : NULL) < 0)
		rc = sg_die_usage("the dry-run stopped at %s: %s", path, sg_error_last());
	free(down_data);
	free((char *)down.path);
	return rc;
}

/*
 * Lint each file, then run it: the lint findings and the observations meet
 * in one report. The linter reads all files as one run, as the dry-run does.
 */
static int run_files(sg_stage_dryrun *d, const sg_source_list *files, const sg_config *cfg,
		     sg_report *r)
{
	sg_lint_options opts = {
		.server_version = cfg->server_version,
		.assume_in_transaction = cfg->assume_in_transaction,
		.rule_disabled = cfg->rule_disabled,
		.rule_severity = cfg->rule_severity,
	};
	sg_lint_ctx *ctx;
	size_t i;
	int rc = 0;

	sg_lint_ctx_new(&ctx, &opts, r);
	for (i = 0; i < files->nr && rc == 0; i++) {
		const char *path = files->items[i].path;
		sg_lint_input *in;
		char *data = NULL;
		size_t len = 0;

		if (sg_read_file(path, SG_MAX_FILE_BYTES, &data, &len) < 0) {
			rc = sg_die_usage("%s", sg_error_last());
			break;
		}
		sg_lint_prepare(&in, data, len);
		sg_lint_input_lint(ctx, path, data, in, false);
		rc = dry_run_file(d, path, in, cfg, r);
		sg_lint_input_free(in);
		free(data);
	}
	sg_lint_ctx_free(ctx);
	return rc;
}

static int dry_run(const struct dryrun_args *a, const sg_config *cfg, sg_report *r,
		   const sg_source_list *files)
{
	sg_dryrun_request rq = {
		.db = a->db,
		.setup = a->setup,
		.nr_setup = a->nr_setup,
		.quiet = a->out.quiet,
		.verbose = a->verbose,
	};
	sg_stage_dryrun *d = NULL;
	int rc = sg_stage_dryrun_start(&d, &rq, cfg, r), end;

	if (rc == 0)
		rc = sg_stage_dryrun_setup(d);
	if (rc == 0)
		rc = run_files(d, files, cfg, r);
	end = sg_stage_dryrun_finish(d);
	return rc ? rc : end;
}

int cmd_dryrun(int argc, char **argv)
{
	struct dryrun_args a;
	sg_source_list files = SG_SOURCE_LIST_INIT;
	sg_config cfg;
	sg_report report = SG_REPORT_INIT;
	int rc;

	memset(&a, 0, sizeof(a));
	sg_config_init(&cfg);
	rc = parse_args(&a, argc, argv);
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc || (rc = apply_args(&cfg, &a)) || (rc = collect_files(&a, &files)))
		goto out;
	rc = dry_run(&a, &cfg, &report, &files);
	if (rc)
		goto out;
	sg_rules_apply_options(&report, 0, cfg.rule_disabled, cfg.rule_severity);
	rc = sg_outputs_emit(&a.out, &report);
out:
	sg_source_list_release(&files);
	sg_report_release(&report);
	sg_config_release(&cfg);
	free(a.paths);
	return rc;
}
