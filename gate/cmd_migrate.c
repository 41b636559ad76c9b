/*
 * schemagate migrate up|status|rollback: apply the migrations of a
 * directory to a database with a history and a lock, and undo a release
 * (migrate/apply.c).
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/apply.h"
#include "migrate/migration.h"
#include "migrate/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct migrate_args {
	const char *action; /* up | down | status | rollback */
	const char *config, *db, *dir, *format, *release, *steps;
	const char *lock_wait, *lock_timeout, *statement_timeout, *retries;
	sg_apply_options apply;
	int nr_steps;
	sg_outputs out;
};

static const char usage_text[] =
	"usage: schemagate migrate up|down|status|rollback --db URL [--dir DIR] [options]\n"
	"\n"
	"Apply the migrations of a directory with a history (schemagate_history) and a lock\n"
	"(a session-level advisory lock, so a killed run never leaves a stale one).\n"
	"\n"
	"  up                          apply what is pending, as one release\n"
	"  down [--steps N | --to V]   undo the newest N applied migrations (default 1), or\n"
	"                              every one above version V, with their down parts\n"
	"  status                      the state of every migration\n"
	"  rollback [--release ID]     undo a release (default: the newest) with the down parts\n"
	"\n"
	"  --db URL                    the database (libpq URL or key=value string)\n"
	"  --dir DIR                   the migration directory (default: migrations.dir)\n"
	"  --migration-format F        " SG_MIGRATION_FORMATS " (default: detected)\n"
	"  --to V                      up: stop after version V; down: stop above it\n"
	"  --allow-modified            up: accept edited applied migrations, recording their\n"
	"                              new checksums (otherwise: migration-modified, exit 1)\n"
	"  --rollback-on-failure       up: when a migration or the verification fails, undo\n"
	"                              the whole release (exit 3; 4 if that fails too)\n"
	"  --verify FILE.sql           up: SQL that must run without error after the release\n"
	"  --verify-cmd CMD            up: a command that must exit 0 after the release\n"
	"  --lock-wait D               how long to wait for another run (default 60s)\n"
	"  --lock-timeout D            each migration's lock_timeout (default 2s)\n"
	"  --statement-timeout D       each statement's statement_timeout (default 0: none)\n"
	"  --retries N                 retries of a migration that hit lock_timeout (default 3)\n"
	"  --history-schema S          the schema of schemagate_history (default public)\n"
	"                              (each also `migrate:` in .schemagate.yaml: lock_wait,\n"
	"                              lock_timeout, statement_timeout, retries, history_schema)\n"
	"  -q, --quiet                 no progress lines\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 done, 1 a migration failed (or an applied one was edited), 2 could not\n"
	"run (database unreachable, lock not obtained, an interrupted migration to resolve),\n"
	"3 the release failed and was rolled back, 4 the release failed and the rollback\n"
	"failed too (the report says what to do).\n";

static int parse_args(struct migrate_args *a, int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if ((rc = sg_outputs_option(&a->out, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if (sg_opt_is(arg, "--config")) {
			rc = sg_opt_value(argc, argv, &i, &a->config);
		} else if (sg_opt_is(arg, "--db")) {
			rc = sg_opt_value(argc, argv, &i, &a->db);
		} else if (sg_opt_is(arg, "--dir")) {
			rc = sg_opt_value(argc, argv, &i, &a->dir);
		} else if (sg_opt_is(arg, "--migration-format")) {
			rc = sg_opt_value(argc, argv, &i, &a->format);
		} else if (sg_opt_is(arg, "--to")) {
			rc = sg_opt_value(argc, argv, &i, &a->apply.to);
		} else if (sg_opt_is(arg, "--steps")) {
			rc = sg_opt_value(argc, argv, &i, &a->steps);
		} else if (sg_opt_is(arg, "--release")) {
			rc = sg_opt_value(argc, argv, &i, &a->release);
		} else if (sg_opt_is(arg, "--verify")) {
			rc = sg_opt_value(argc, argv, &i, &a->apply.verify_sql);
		} else if (sg_opt_is(arg, "--verify-cmd")) {
			rc = sg_opt_value(argc, argv, &i, &a->apply.verify_cmd);
		} else if (sg_opt_is(arg, "--lock-wait")) {
			rc = sg_opt_value(argc, argv, &i, &a->lock_wait);
		} else if (sg_opt_is(arg, "--lock-timeout")) {
			rc = sg_opt_value(argc, argv, &i, &a->lock_timeout);
		} else if (sg_opt_is(arg, "--statement-timeout")) {
			rc = sg_opt_value(argc, argv, &i, &a->statement_timeout);
		} else if (sg_opt_is(arg, "--retries")) {
			rc = sg_opt_value(argc, argv, &i, &a->retries);
		} else if (sg_opt_is(arg, "--history-schema")) {
			rc = sg_opt_value(argc, argv, &i, &a->apply.schema);
		} else if (!strcmp(arg, "--allow-modified")) {
			a->apply.allow_modified = true;
		} else if (!strcmp(arg, "--rollback-on-failure")) {
			a->apply.rollback_on_failure = true;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return sg_die_usage("unknown option '%s'; see 'schemagate migrate --help'", arg);
		} else if (!a->action) {
			a->action = arg;
		} else {
			return sg_die_usage("unexpected argument '%s'", arg);
		}
	}
	if (rc)
		return rc;
	if (!a->action || (strcmp(a->action, "up") && strcmp(a->action, "down") &&
			   strcmp(a->action, "status") && strcmp(a->action, "rollback")))
		return sg_die_usage(
			"usage: schemagate migrate up|down|status|rollback --db URL [--dir DIR]");
	if (!a->db)
		return sg_die_usage("migrate needs --db URL (the database to apply to)");
	a->apply.quiet = a->out.quiet;
	return sg_outputs_finish(&a->out);
}

/* Flags first, then `migrate:` in the config, then the defaults. */
static int apply_options(struct migrate_args *a, sg_config *cfg)
{
	char *end;
	int rc;

	a->apply.conninfo = a->db;
	a->apply.lock_retries = cfg->migrate_retries;
	if (!a->apply.schema)
		a->apply.schema = cfg->migrate_history_schema;
	a->nr_steps = 1;
	if (a->steps) {
		a->nr_steps = (int)strtol(a->steps, &end, 10);
		if (*end || a->nr_steps < 1)
			return sg_die_usage("--steps must be a positive number, not '%s'", a->steps);
	}
	if (a->retries) {
		a->apply.lock_retries = (int)strtol(a->retries, &end, 10);
		if (*end || a->apply.lock_retries < 0 || a->apply.lock_retries > 100)
			return sg_die_usage("--retries must be a number from 0 to 100, not '%s'",
					    a->retries);
	}
	if ((rc = sg_opt_duration("--lock-wait", a->lock_wait, &cfg->migrate_lock_wait_ms)) ||
	    (rc = sg_opt_duration("--lock-timeout", a->lock_timeout, &cfg->migrate_lock_timeout_ms)) ||
	    (rc = sg_opt_duration("--statement-timeout", a->statement_timeout,
				  &cfg->migrate_statement_timeout_ms)))
		return rc;
	a->apply.lock_wait_ms = (int)cfg->migrate_lock_wait_ms;
	a->apply.lock_timeout_ms = (int)cfg->migrate_lock_timeout_ms;
	a->apply.statement_timeout_ms = (int)cfg->migrate_statement_timeout_ms;
	return 0;
}

static int read_set(const struct migrate_args *a, const sg_config *cfg, sg_tree *t,
		    sg_migration_set *set)
{
	char *configured = sg_config_migrations_dir(cfg);
	const char *dir = a->dir ? a->dir : configured ? configured : "migrations";
	enum sg_migration_format format = SG_FMT_AUTO;
	const char *named = a->format ? a->format : cfg->migrations_format;
	int rc = 0;

	if (named && sg_migration_format_parse(named, &format) < 0)
		rc = sg_die_usage("unknown migration format '%s' (%s)", named, SG_MIGRATION_FORMATS);
	if (rc == 0 && sg_tree_from_disk(t, dir, dir) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	if (rc == 0 && sg_migration_set_read(set, t, format) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	free(configured);
	return rc;
}

static int run(struct migrate_args *a, sg_migration_set *set, sg_tree *t, sg_report *r)
{
	enum sg_apply_outcome outcome = SG_APPLY_DONE;
	int rc, code;

	if (!strcmp(a->action, "status")) {
		/* The table goes to a terminal or log; reports in other formats carry the findings. */
		bool plain = a->out.nr == 1 && !strcmp(a->out.items[0].format, "text") &&
			     !a->out.items[0].path;
		if (sg_apply_status(&a->apply, set, t, r, plain ? stdout : NULL) < 0)
			return sg_die_usage("%s", sg_error_last());
		return sg_outputs_emit(&a->out, r);
	}
	if (!strcmp(a->action, "up"))
		rc = sg_apply_up(&a->apply, set, t, r, &outcome);
	else if (!strcmp(a->action, "down"))
		rc = sg_apply_down(&a->apply, set, t, a->nr_steps, a->apply.to, r, &outcome);
	else
		rc = sg_apply_rollback(&a->apply, set, t, a->release, r, &outcome);
	if (rc < 0)
		return sg_die_usage("%s", sg_error_last());
	code = sg_outputs_emit(&a->out, r);
	if (outcome == SG_APPLY_ROLLED_BACK || outcome == SG_APPLY_ROLLBACK_FAILED)
		return (int)outcome;
	return code == SG_EXIT_USAGE ? code : outcome == SG_APPLY_FAILED ? SG_EXIT_FAIL : code;
}

int cmd_migrate(int argc, char **argv)
{
	struct migrate_args a;
	sg_migration_set set = SG_MIGRATION_SET_INIT;
	sg_tree t = SG_TREE_INIT;
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
	if (rc || (rc = sg_config_load_for_command(&cfg, a.config, NULL)) ||
	    (rc = apply_options(&a, &cfg)) || (rc = read_set(&a, &cfg, &t, &set)))
		goto out;
	rc = run(&a, &set, &t, &report);
out:
	sg_migration_set_release(&set);
	sg_tree_release(&t);
	sg_report_release(&report);
	sg_config_release(&cfg);
	return rc;
}
