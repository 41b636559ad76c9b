/*
 * schemagate sum: write the migration directory's integrity file
 * (schemagate.sum), or check the directory against it and report every
 * file added, edited or removed since it was written.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/sum.h"
#include "migrate/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sum_args {
	bool write;
	bool check;
	const char *dir;
	const char *config;
	sg_outputs out;
};

static const char usage_text[] =
	"usage: schemagate sum --write | --check [options]\n"
	"\n"
	"Write the migration directory's integrity file, " SG_SUM_FILE ", or check the\n"
	"directory against it. The file holds one chained SHA-256 per file, in migration\n"
	"order, and a header hash over all of them: commit it with the migrations, so that\n"
	"an edit that bypassed review shows up and two branches that both add migrations\n"
	"conflict in git and must rebase.\n"
	"\n"
	"  --write                     write " SG_SUM_FILE " for the directory as it is now\n"
	"  --check                     report each file added, edited or removed since the sum\n"
	"                              was written (sum-mismatch)\n"
	"  --dir DIR                   the migration directory (default: migrations.dir from\n"
	"                              .schemagate.yaml)\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 the directory matches (or the sum was written), 1 it does not,\n"
	"2 could not run (no sum file, bad arguments, unreadable directory).\n";

/* Returns 0, 1 after --help, or an exit code. */
static int parse_args(struct sum_args *a, int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if ((rc = sg_outputs_option(&a->out, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if (!strcmp(arg, "--write")) {
			a->write = true;
		} else if (!strcmp(arg, "--check")) {
			a->check = true;
		} else if (sg_opt_is(arg, "--dir")) {
			rc = sg_opt_value(argc, argv, &i, &a->dir);
		} else if (sg_opt_is(arg, "--config")) {
			rc = sg_opt_value(argc, argv, &i, &a->config);
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			/* accepted for the common contract; sum has nothing more to say */
		} else if (arg[0] == '-') {
			return sg_die_usage("unknown option '%s'; see 'schemagate sum --help'", arg);
		} else {
			return sg_die_usage("unexpected argument '%s'; the directory is given with --dir",
					    arg);
		}
	}
	if (rc)
		return rc;
	if (a->write == a->check)
		return sg_die_usage("give exactly one of --write and --check; see 'schemagate sum --help'");
	if (a->write && a->out.nr)
		return sg_die_usage("--format and --output apply to --check only");
	return sg_outputs_finish(&a->out);
}

/* The migration directory: --dir, else migrations.dir from the config (owned). */
static int find_dir(const struct sum_args *a, const sg_config *cfg, char **dir)
{
	if (a->dir) {
		*dir = xstrdup(a->dir);
		return 0;
	}
	*dir = sg_config_migrations_dir(cfg);
	if (!*dir)
		return sg_die_usage("which migration directory? pass --dir DIR, or set migrations.dir "
				    "in .schemagate.yaml");
	return 0;
}

static int run_write(sg_tree *t, const struct sum_args *a)
{
	char *shown;
	bool changed;

	if (sg_sum_write(t, &changed) < 0)
		return sg_die_usage("%s", sg_error_last());
	if (!a->out.quiet) {
		shown = sg_tree_display_path(t, SG_SUM_FILE);
		printf(changed ? "wrote %s (%zu file%s)\n" : "%s is up to date (%zu file%s)\n", shown,
		       sg_sum_nr_files(t), sg_sum_nr_files(t) == 1 ? "" : "s");
		free(shown);
	}
	return SG_EXIT_PASS;
}

static int run_check(sg_tree *t, const sg_config *cfg, const struct sum_args *a)
{
	sg_report report = SG_REPORT_INIT;
	int rc;

	if (sg_sum_check(t, &report) < 0) {
		rc = sg_die_usage("%s", sg_error_last());
		goto out;
	}
	report.files = sg_sum_nr_files(t);
	sg_rules_apply_options(&report, 0, cfg->rule_disabled, cfg->rule_severity);
	rc = sg_outputs_emit(&a->out, &report);
out:
	sg_report_release(&report);
	return rc;
}

int cmd_sum(int argc, char **argv)
{
	struct sum_args a;
	sg_config cfg;
	sg_tree t = SG_TREE_INIT;
	char *dir = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	sg_config_init(&cfg);
	rc = parse_args(&a, argc, argv);
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc || (rc = sg_config_load_for_command(&cfg, a.config, NULL)))
		goto out;
	if ((rc = find_dir(&a, &cfg, &dir)))
		goto out;
	if (sg_tree_from_disk(&t, dir, dir) < 0) {
		rc = sg_die_usage("%s", sg_error_last());
		goto out;
	}
	rc = a.write ? run_write(&t, &a) : run_check(&t, &cfg, &a);
out:
	sg_tree_release(&t);
	sg_config_release(&cfg);
	free(dir);
	return rc;
}
