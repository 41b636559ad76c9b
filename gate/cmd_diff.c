/*
 * schemagate diff: the diff stage alone (gate/stage_diff.c) on the command
 * line, for a pre-commit hook or a developer before pushing.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "gate/stage.h"
#include "checks/rule.h"
#include "core/error.h"
#include "migrate/migration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct diff_args {
	sg_diff_request rq;
	const char *config;
	const char *server_version;
	sg_outputs out;
};

static const char usage_text[] =
	"usage: schemagate diff [--base REV] [--head REV] [--dir DIR] [options]\n"
	"\n"
	"Compare the migration directory at the merge base of REV and the head with the\n"
	"head: lint the migrations the change adds, and fail on edits, deletions and\n"
	"renames of migrations already on the base branch, on versions below the base\n"
	"branch's newest, and on duplicate versions.\n"
	"\n"
	"  --base REV                  what the change is compared with: a branch, tag, remote\n"
	"                              branch, commit or HEAD~3 (default: `base` in\n"
	"                              .schemagate.yaml, else the branch's upstream, else\n"
	"                              origin/HEAD)\n"
	"  --head REV                  the change (default: the working tree with its staged and\n"
	"                              unstaged changes)\n"
	"  --dir DIR                   the migration directory (default: migrations.dir in\n"
	"                              .schemagate.yaml, else a usual place such as migrations/)\n"
	"  --migration-format F        " SG_MIGRATION_FORMATS " (default: detected)\n"
	"  --server-version V          PostgreSQL version the migrations run on (default 15)\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 no error findings, 1 error findings, 2 could not run.\n";

static int parse_args(struct diff_args *a, int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if ((rc = sg_outputs_option(&a->out, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if ((rc = sg_diff_request_option(&a->rq, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if (sg_opt_is(arg, "--server-version")) {
			rc = sg_opt_value(argc, argv, &i, &a->server_version);
		} else if (sg_opt_is(arg, "--config")) {
			rc = sg_opt_value(argc, argv, &i, &a->config);
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			/* accepted for the common contract */
		} else {
			return sg_die_usage("unknown argument '%s'; see 'schemagate diff --help'", arg);
		}
	}
	return rc ? rc : sg_outputs_finish(&a->out);
}

int cmd_diff(int argc, char **argv)
{
	struct diff_args a;
	sg_config cfg;
	sg_report report = SG_REPORT_INIT;
	char *summary = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	sg_config_init(&cfg);
	rc = parse_args(&a, argc, argv);
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc || (rc = sg_config_load_for_command(&cfg, a.config, a.server_version)))
		goto out;
	if (sg_stage_diff(&a.rq, &cfg, &report, &summary) < 0) {
		rc = sg_die_usage("%s", sg_error_last());
		goto out;
	}
	sg_rules_apply_options(&report, 0, cfg.rule_disabled, cfg.rule_severity);
	if (!a.out.quiet)
		fprintf(stderr, "schemagate diff: %s\n", summary);
	rc = sg_outputs_emit(&a.out, &report);
out:
	free(summary);
	sg_report_release(&report);
	sg_config_release(&cfg);
	return rc;
}
