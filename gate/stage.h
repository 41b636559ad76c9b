#ifndef SG_STAGE_H
#define SG_STAGE_H

#include "checks/lint.h"
#include "core/report.h"
#include "gate/config.h"

/*
 * The stages of a gate. Each adds its findings to one report and returns
 * 0, or <0 with a message when it could not run (exit 2). `diff` and
 * `gate` are two front ends over the same stages; dry-run, policy and
 * apply join here as they arrive.
 */
/*
 * The dry-run stage (stage_dryrun.c): a database to run migrations on, a
 * staging one named by URL or a throwaway server, kept open while the
 * migrations are fed to it, then put back and stopped; at the end lint
 * and dry-run findings merge into one verdict.
 */
typedef struct sg_stage_dryrun sg_stage_dryrun;

typedef struct sg_dryrun_request {
	const char *db;     /* NULL: dry_run.db in the config, else auto */
	const char *const *setup; /* SQL files applied first */
	int nr_setup;
	bool quiet;   /* say nothing on standard error */
	bool verbose; /* say which lint findings the dry-run withdrew */
} sg_dryrun_request;

/* Start the server or connect. 0, or an exit code with the message printed. */
int sg_stage_dryrun_start(sg_stage_dryrun **out, const sg_dryrun_request *rq, const sg_config *cfg,
			  sg_report *r);
bool sg_stage_dryrun_is_throwaway(const sg_stage_dryrun *s);
/*
 * A migration the target branch already has, applied and committed
 * without being watched (throwaway database only: it builds the state
 * the change's migrations run on). <0 with the message set when it fails.
 */
int sg_stage_dryrun_base(sg_stage_dryrun *s, const char *path, const char *data, size_t len);
/*
 * Apply the request's set-up files: after the base migrations, so that a
 * fixture's rows fill the schema they built. 0, or an exit code with the
 * message printed.
 */
int sg_stage_dryrun_setup(sg_stage_dryrun *s);
/* A file's text, for a migration's down part. */
typedef struct sg_dryrun_part {
	const char *path;
	const char *data;
	size_t len;
} sg_dryrun_part;

/*
 * A migration of the change (prepared as lint.h says, so a file linted
 * first is not parsed twice): run and watched; on a throwaway database its
 * down part (`down`, or a dbmate file's down section) must then restore
 * the schema. <0 when the run cannot go on.
 */
int sg_stage_dryrun_file(sg_stage_dryrun *s, const char *path, const sg_lint_input *in,
			 bool runner_wraps, const sg_dryrun_part *down);
/* Put the database back, stop the server, merge the verdicts; frees `s`. 0 or an exit code. */
int sg_stage_dryrun_finish(sg_stage_dryrun *s);

typedef struct sg_diff_request {
	const char *base;   /* NULL: `base` in the config, the upstream, origin/HEAD */
	const char *head;   /* NULL: the working tree with staged and unstaged changes */
	const char *dir;    /* NULL: migrations.dir in the config, else a usual place */
	const char *format; /* NULL: migrations.format in the config, else detected */
	sg_stage_dryrun *dryrun; /* NULL, or where to dry-run the added migrations */
} sg_diff_request;

/*
 * If argv[*i] is --base, --head, --dir or --migration-format, read it
 * (and its value) into `rq` and return 1; 0 for anything else, and
 * SG_EXIT_USAGE after printing the error for a missing value.
 */
int sg_diff_request_option(sg_diff_request *rq, int argc, char **argv, int *i);

/*
 * Compare the migration directory at the merge base with the head, report
 * history findings and lint the added migrations. *summary (owned; may be
 * NULL) says what was compared and what changed.
 */
int sg_stage_diff(const sg_diff_request *rq, const sg_config *cfg, sg_report *r, char **summary);

/*
 * The migration directory the diff stage reads: on disk (`path`, owned)
 * and as findings show it (`shown`, owned, repository-relative).
 */
int sg_diff_migration_dir(const sg_diff_request *rq, const sg_config *cfg, char **path,
			  char **shown);

/*
 * The release stage (stage_apply.c): apply the head's migrations to the
 * database with `schemagate migrate up --rollback-on-failure`. Returns 0
 * with *exit_code the outcome (0, 1, 3 or 4), or an exit code with the
 * message printed when it could not run.
 */
typedef struct sg_apply_request {
	const char *db;
	const char *verify_sql, *verify_cmd;
	bool quiet;
} sg_apply_request;

int sg_stage_apply(const sg_apply_request *rq, const sg_diff_request *diff, const sg_config *cfg,
		   sg_report *r, int *exit_code);

/*
 * The policy stage (stage_policy.c): connect read-only to the database the
 * release goes to and run the policy packs on it (policies/README.md).
 * Unset fields come from the config's `policy` section; without packs, the
 * engine's built-in baseline runs.
 */
typedef struct sg_policy_request {
	const char *db; /* a URL, or $NAME / ${NAME} for an environment variable */
	const char *const *packs;
	int nr_packs;
	const char *waivers;
	const char *const *params; /* NAME=VALUE */
	int nr_params;
	long timeout_ms; /* 0: the config's */
} sg_policy_request;

/* 0 with the findings in `r`, or <0 with the message set (it could not run: exit 2). */
int sg_stage_policy(const sg_policy_request *rq, const sg_config *cfg, sg_report *r);

#endif
