/*
 * schemagate dry-run: lint the migrations, run them on a real PostgreSQL
 * (a staging database given by URL, or a throwaway server), and report
 * one verdict from what lint predicted and what the engine did.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "checks/lint.h"
#include "core/error.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "migrate/devdb.h"
#include "migrate/dryrun.h"
#include "migrate/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int duration_option(const char *name, const char *value, long *out)
{
	long ms;

	if (!value)
		return 0;
	ms = sg_parse_duration_ms(value);
	if (ms < 0)
		return sg_die_usage("%s must be a duration like 500ms, 5s or 2min, not '%s'", name,
				    value);
	*out = ms;
	return 0;
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
	if (a->db && !*a->db)
		return sg_die_usage("--db needs a database URL, or auto for a throwaway server");
	if (a->db) {
		free(cfg->dryrun_db);
		cfg->dryrun_db = xstrdup(a->db);
	}
	if ((rc = duration_option("--lock-timeout", a->lock_timeout, &cfg->dryrun_lock_timeout_ms)) ||
	    (rc = duration_option("--statement-timeout", a->statement_timeout,
				  &cfg->dryrun_statement_timeout_ms)) ||
	    (rc = duration_option("--budget", a->budget, &cfg->dryrun_budget_ms)))
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

struct target {
	sg_devdb *devdb;
	const char *conninfo;
	bool staging;
};

static int start_target(struct target *t, const sg_config *cfg, sg_report *r, bool quiet)
{
	const char *db = cfg->dryrun_db ? cfg->dryrun_db : "auto";

	if (strcmp(db, "auto")) {
		t->conninfo = db;
		t->staging = true;
		r->dryrun_database = sg_redact_conninfo(db);
		return 0;
	}
	if (sg_devdb_start(&t->devdb) < 0)
		return sg_die_usage("cannot start a throwaway PostgreSQL for --db auto: %s",
				    sg_error_last());
	t->conninfo = sg_devdb_conninfo(t->devdb);
	r->dryrun_database = xstrdup("auto");
	r->dryrun_start_seconds = sg_devdb_start_seconds(t->devdb);
	if (!quiet)
		fprintf(stderr, "schemagate: started a throwaway PostgreSQL in %.2f s\n",
			r->dryrun_start_seconds);
	return 0;
}

static int run_setup(sg_dryrun *d, const struct dryrun_args *a)
{
	int i;

	for (i = 0; i < a->nr_setup; i++) {
		char *data = NULL;
		size_t len = 0;
		int rc;

		if (sg_read_file(a->setup[i], SG_MAX_FILE_BYTES, &data, &len) < 0)
			return sg_die_usage("--setup: %s", sg_error_last());
		rc = sg_dryrun_setup(d, a->setup[i], data, len);
		free(data);
		if (rc < 0)
			return sg_die_usage("%s", sg_error_last());
	}
	return 0;
}

/* Lint each file, then run it: the lint findings and the observations meet in one report. */
static int run_files(sg_dryrun *d, sg_lint_ctx *ctx, const sg_source_list *files,
		     const sg_config *cfg)
{
	size_t i;

	for (i = 0; i < files->nr; i++) {
		const char *path = files->items[i].path;
		sg_lint_input *in;
		char *data = NULL;
		size_t len = 0, down_from;
		bool no_tx, wraps;
		int rc;

		if (sg_read_file(path, SG_MAX_FILE_BYTES, &data, &len) < 0)
			return sg_die_usage("%s", sg_error_last());
		sg_lint_prepare(&in, data, len);
		sg_lint_input_lint(ctx, path, data, in, false);
		wraps = sg_lint_input_dbmate(in, &no_tx, &down_from) || cfg->assume_in_transaction;
		rc = sg_dryrun_migration(d, path, in, wraps);
		sg_lint_input_free(in);
		free(data);
		if (rc < 0)
			return sg_die_usage("the dry-run stopped at %s: %s", path, sg_error_last());
	}
	return 0;
}

static int dry_run(const struct dryrun_args *a, const sg_config *cfg, sg_report *r,
		   const sg_source_list *files)
{
	sg_lint_options opts = {
		.server_version = cfg->server_version,
		.assume_in_transaction = cfg->assume_in_transaction,
		.rule_disabled = cfg->rule_disabled,
		.rule_severity = cfg->rule_severity,
	};
	struct target t = { NULL, NULL, false };
	sg_dryrun_options o;
	sg_lint_ctx *ctx = NULL;
	sg_dryrun *d = NULL;
	int rc = start_target(&t, cfg, r, a->out.quiet);

	if (rc)
		return rc;
	o = (sg_dryrun_options){
		.conninfo = t.conninfo,
		.staging = t.staging,
		.lock_timeout_ms = (int)cfg->dryrun_lock_timeout_ms,
		.statement_timeout_ms = (int)cfg->dryrun_statement_timeout_ms,
		.budget_seconds = (double)cfg->dryrun_budget_ms / 1000.0,
	};
	sg_lint_ctx_new(&ctx, &opts, r);
	if (sg_dryrun_open(&d, &o, r) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	if (rc == 0)
		rc = run_setup(d, a);
	if (rc == 0)
		rc = run_files(d, ctx, files, cfg);
	if (sg_dryrun_close(d) < 0 && rc == 0)
		rc = sg_die_usage("could not put the staging database back as it was: %s",
				  sg_error_last());
	sg_lint_ctx_free(ctx);
	sg_devdb_stop(t.devdb);
	return rc;
}

static void merge_verdict(sg_report *r, bool verbose)
{
	char **lines = NULL;
	size_t nr = 0, i;

	sg_dryrun_merge(r, verbose ? &lines : NULL, &nr);
	if (!verbose)
		return;
	for (i = 0; i < nr; i++) {
		fprintf(stderr, "schemagate: %s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
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
	merge_verdict(&report, a.verbose);
	rc = sg_outputs_emit(&a.out, &report);
out:
	sg_source_list_release(&files);
	sg_report_release(&report);
	sg_config_release(&cfg);
	free(a.paths);
	return rc;
}
