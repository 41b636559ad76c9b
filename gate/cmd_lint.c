/*
 * schemagate lint: lint migration files given as files, directories or
 * standard input, and print one report in each requested format.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "gate/prefetch.h"
#include "checks/lint.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lint_args {
	const char *config;
	const char *engine;
	const char *server_version;
	const char *stdin_name;
	bool assume_in_transaction;
	bool file_by_file;
	sg_outputs out;
	char **paths;
	int nr_paths;
};

static const char usage_text[] =
	"usage: schemagate lint [options] PATH...\n"
	"\n"
	"Lint PostgreSQL migrations. PATH is a .sql file, a directory (walked for *.sql in\n"
	"version order) or - for standard input.\n"
	"\n"
	"  --engine postgres           the database engine (from .schemagate.yaml by default)\n"
	"  --server-version V          PostgreSQL version the migrations run on (default 15)\n"
	"  --assume-in-transaction     the runner wraps each file in a transaction\n"
	"  --file-by-file              judge each file alone (by default the files of one run are\n"
	"                              the new migrations of one change: a table created by an\n"
	"                              earlier one is new and empty for a later one)\n"
	"  --stdin-name NAME           file name to report for standard input\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 no error findings, 1 error findings, 2 could not run.\n";

static int parse_args(struct lint_args *a, int argc, char **argv)
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
		} else if (sg_opt_is(arg, "--engine")) {
			rc = sg_opt_value(argc, argv, &i, &a->engine);
		} else if (sg_opt_is(arg, "--server-version")) {
			rc = sg_opt_value(argc, argv, &i, &a->server_version);
		} else if (sg_opt_is(arg, "--stdin-name")) {
			rc = sg_opt_value(argc, argv, &i, &a->stdin_name);
		} else if (!strcmp(arg, "--assume-in-transaction")) {
			a->assume_in_transaction = true;
		} else if (!strcmp(arg, "--file-by-file")) {
			a->file_by_file = true;
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			/* accepted for the common contract; lint has nothing more to say */
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return sg_die_usage("unknown option '%s'; see 'schemagate lint --help'", arg);
		} else {
			a->paths[a->nr_paths++] = argv[i];
		}
	}
	if (rc)
		return rc;
	if (a->nr_paths == 0)
		return sg_die_usage("no migration files given; usage: schemagate lint PATH...");
	return sg_outputs_finish(&a->out);
}

static int apply_args(sg_config *cfg, const struct lint_args *a)
{
	int rc = sg_config_load_for_command(cfg, a->config, a->server_version);

	if (rc)
		return rc;
	if (a->engine) {
		if (strcmp(a->engine, "postgres") && strcmp(a->engine, "postgresql") &&
		    strcmp(a->engine, "mysql") && strcmp(a->engine, "mariadb"))
			return sg_die_usage("unknown engine '%s' (postgres, mysql, mariadb)", a->engine);
		free(cfg->engine);
		cfg->engine = xstrdup(strcmp(a->engine, "postgresql") ? a->engine : "postgres");
	}
	if (strcmp(cfg->engine, "postgres"))
		return sg_die_usage("linting %s migrations is not available yet; only postgres is",
				    cfg->engine);
	if (a->assume_in_transaction)
		cfg->assume_in_transaction = true;
	return 0;
}

static int lint_stdin(sg_lint_ctx *ctx, const struct lint_args *a)
{
	const char *name = a->stdin_name ? a->stdin_name : "<stdin>";
	char *data = NULL;
	size_t len = 0;

	if (sg_read_stdin(SG_MAX_FILE_BYTES, &data, &len) < 0)
		return sg_die_usage("%s", sg_error_last());
	sg_lint_text(ctx, name, data, len, sg_source_is_down(name));
	free(data);
	return 0;
}

static int lint_files(sg_lint_ctx *ctx, const sg_source_list *files)
{
	sg_prefetch *pf = sg_prefetch_start(files, sg_prefetch_threads(files->nr));
	size_t i;
	int rc = 0;

	for (i = 0; i < files->nr; i++) {
		const sg_lint_input *in;
		const char *text;

		if (sg_prefetch_next(pf, i, &in, &text) < 0) {
			rc = sg_die_usage("%s", sg_error_last());
			break;
		}
		sg_lint_input_lint(ctx, files->items[i].path, text, in, files->items[i].is_down);
	}
	sg_prefetch_free(pf);
	return rc;
}

/*
 * Lint each PATH in the order given, a directory's files in version order.
 * The files between two "-" are linted as one batch, so that they are
 * parsed ahead on every core however they were named.
 */
static int lint_inputs(sg_lint_ctx *ctx, const struct lint_args *a)
{
	sg_source_list files = SG_SOURCE_LIST_INIT;
	int p, rc = 0;

	for (p = 0; p <= a->nr_paths && rc == 0; p++) {
		bool is_stdin = p < a->nr_paths && !strcmp(a->paths[p], "-");

		if (p < a->nr_paths && !is_stdin) {
			if (sg_source_add_path(&files, a->paths[p]) < 0)
				rc = sg_die_usage("%s", sg_error_last());
			continue;
		}
		rc = lint_files(ctx, &files);
		sg_source_list_release(&files);
		if (rc == 0 && is_stdin)
			rc = lint_stdin(ctx, a);
	}
	sg_source_list_release(&files);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	struct lint_args a;
	sg_config cfg;
	sg_report report = SG_REPORT_INIT;
	sg_lint_ctx *ctx = NULL;
	sg_lint_options opts;
	int rc;

	memset(&a, 0, sizeof(a));
	sg_config_init(&cfg);
	rc = parse_args(&a, argc, argv);
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc || (rc = apply_args(&cfg, &a)))
		goto out;
	opts = (sg_lint_options){
		.server_version = cfg.server_version,
		.assume_in_transaction = cfg.assume_in_transaction,
		.file_by_file = a.file_by_file,
		.rule_disabled = cfg.rule_disabled,
		.rule_severity = cfg.rule_severity,
	};
	sg_lint_ctx_new(&ctx, &opts, &report);
	rc = lint_inputs(ctx, &a);
	if (rc)
		goto out;
	rc = sg_outputs_emit(&a.out, &report);
out:
	sg_lint_ctx_free(ctx);
	sg_report_release(&report);
	sg_config_release(&cfg);
	free(a.paths);
	return rc;
}
