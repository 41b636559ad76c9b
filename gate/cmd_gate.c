/*
 * schemagate gate: the whole gate for a pipeline, one command and one
 * report. It reads what a CI system already knows (the pull request's base
 * branch, the merge request's base commit, which CI it runs in), runs the
 * stages in order, each adding its findings to the one report, and writes
 * that report in the formats the CI system reads.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/format.h"
#include "gate/output.h"
#include "gate/stage.h"
#include "checks/rule.h"
#include "core/error.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "migrate/git.h"
#include "migrate/migration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What GitLab reads from a job's artifacts (ci/gitlab/schemagate.gitlab-ci.yml names them too). */
#define GITLAB_CODE_QUALITY_FILE "gl-code-quality-report.json"
#define GITLAB_JUNIT_FILE "schemagate-junit.xml"

#define MAX_SETUP 64

struct gate {
	sg_diff_request rq;
	const char *db; /* --db: dry-run the added migrations there (and --apply to it) */
	bool apply;     /* --apply: the release stage */
	const char *verify_sql, *verify_cmd;
	const char *policy_db, *waivers; /* the policy stage */
	const char *packs[MAX_SETUP];
	int nr_packs;
	const char *setup[MAX_SETUP];
	int nr_setup;
	const char *config;
	const char *server_version;
	bool verbose;
	sg_outputs out;
	sg_config cfg;
	char *base;             /* owned: the base found in the CI environment, or NULL */
	const char *base_from;  /* where rq.base came from, for messages */
	const char *base_hint;  /* what to do when that base does not resolve, or NULL */
	const char *head_from;  /* where rq.head came from, for messages */
};

static const char usage_text[] =
	"usage: schemagate gate [--base REV] [--head REV] [--dir DIR] [options]\n"
	"\n"
	"The whole gate for a pipeline, one report: compare the migrations of the change\n"
	"with its base branch and lint the ones it adds (as `schemagate diff` does), and\n"
	"with --db (or dry_run.db in .schemagate.yaml) dry-run them on a real PostgreSQL\n"
	"(as `schemagate dry-run` does); with --policy-db (or policy.db) check the database\n"
	"the release goes to against the compliance packs (as `schemagate policy check` does);\n"
	"with --apply release the change when everything before passed.\n"
	"\n"
	"  --base REV                  what the change is compared with (default: on a GitHub\n"
	"                              pull request origin/$GITHUB_BASE_REF, or $GITHUB_BASE_REF\n"
	"                              when there is no such remote branch; on a GitLab merge\n"
	"                              request $CI_MERGE_REQUEST_DIFF_BASE_SHA; else `base` in\n"
	"                              .schemagate.yaml, else the branch's upstream, else\n"
	"                              origin/HEAD)\n"
	"  --head REV                  the change (default: in CI, that is with CI,\n"
	"                              GITHUB_ACTIONS or GITLAB_CI set to true, the checked-out\n"
	"                              commit HEAD; elsewhere the working tree with its staged\n"
	"                              and unstaged changes)\n"
	"  --dir DIR                   the migration directory (default: migrations.dir in\n"
	"                              .schemagate.yaml, else a usual place such as migrations/)\n"
	"  --migration-format F        " SG_MIGRATION_FORMATS " (default: detected)\n"
	"  --server-version V          PostgreSQL version the migrations run on (default 15)\n"
	"  --db URL|auto               dry-run the added migrations on this staging database\n"
	"                              (rolled back), or on a throwaway server where the base\n"
	"                              branch's migrations are applied first\n"
	"  --setup FILE                SQL applied before the dry-run; may repeat\n"
	"  --policy-db URL             the policy stage: the database the release goes to\n"
	"                              ($NAME reads it from the environment)\n"
	"  --policy PACK               the policy packs (default: policy.packs, else baseline)\n"
	"  --waivers FILE              the policy waivers (default: policy.waivers)\n"
	"  --apply                     the release stage: when everything before passed, apply\n"
	"                              the head's migrations to --db URL as one release, rolled\n"
	"                              back as a whole if a migration or the verification fails\n"
	"  --verify FILE.sql           --apply: SQL that must run without error afterwards\n"
	"  --verify-cmd CMD            --apply: a command that must exit 0 afterwards\n"
	"  -v, --verbose               say where the base and the head came from, and which\n"
	"                              lint findings the dry-run withdrew\n"
	SG_OUTPUT_USAGE
	"\n"
	"Without --format (any --format or --output replaces all of these):\n"
	"  GitHub Actions (GITHUB_ACTIONS=true)  github annotations on standard output, and\n"
	"                                        the Markdown summary in $GITHUB_STEP_SUMMARY\n"
	"  GitLab CI (GITLAB_CI=true)            " GITLAB_CODE_QUALITY_FILE " (gitlab) and\n"
	"                                        " GITLAB_JUNIT_FILE " (junit) in the current\n"
	"                                        directory, text on standard output\n"
	"  anywhere else                         text on standard output\n"
	"\n"
	"Exit codes: 0 no error findings, 1 error findings, 2 could not run (a stage\n"
	"could not run, bad arguments or config), 3 the release failed and was rolled back,\n"
	"4 the release failed and so did the rollback (the report says what to do).\n";

/* The value of environment variable `name`, or NULL when it is unset or empty. */
static const char *env_value(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static bool env_is_true(const char *name)
{
	const char *v = getenv(name);
	return v && !strcmp(v, "true");
}

static bool in_ci(void)
{
	return env_is_true("CI") || env_is_true("GITHUB_ACTIONS") || env_is_true("GITLAB_CI");
}

/*
 * What the CI system reads, when the command line named nothing: GitHub
 * turns workflow commands on standard output into annotations, GitLab
 * reads report files named in the job's artifacts and shows the log.
 */
static void default_outputs(sg_outputs *o)
{
	if (env_is_true("GITHUB_ACTIONS")) {
		sg_outputs_add(o, "github", NULL);
	} else if (env_is_true("GITLAB_CI")) {
		sg_outputs_add(o, "gitlab", GITLAB_CODE_QUALITY_FILE);
		sg_outputs_add(o, "junit", GITLAB_JUNIT_FILE);
		sg_outputs_add(o, "text", NULL);
	}
	/* anything else, or nothing added: sg_outputs_finish prints text */
}

static int parse_args(struct gate *g, int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage_text, stdout);
			return 1;
		} else if ((rc = sg_outputs_option(&g->out, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if ((rc = sg_diff_request_option(&g->rq, argc, argv, &i)) != 0) {
			rc = rc == 1 ? 0 : rc;
		} else if (sg_opt_is(arg, "--server-version")) {
			rc = sg_opt_value(argc, argv, &i, &g->server_version);
		} else if (sg_opt_is(arg, "--db")) {
			rc = sg_opt_value(argc, argv, &i, &g->db);
		} else if (!strcmp(arg, "--apply")) {
			g->apply = true;
		} else if (sg_opt_is(arg, "--verify")) {
			rc = sg_opt_value(argc, argv, &i, &g->verify_sql);
		} else if (sg_opt_is(arg, "--verify-cmd")) {
			rc = sg_opt_value(argc, argv, &i, &g->verify_cmd);
		} else if (sg_opt_is(arg, "--policy-db")) {
			rc = sg_opt_value(argc, argv, &i, &g->policy_db);
		} else if (sg_opt_is(arg, "--policy")) {
			if (g->nr_packs == MAX_SETUP)
				return sg_die_usage("at most %d --policy packs", MAX_SETUP);
			rc = sg_opt_value(argc, argv, &i, &g->packs[g->nr_packs++]);
		} else if (sg_opt_is(arg, "--waivers")) {
			rc = sg_opt_value(argc, argv, &i, &g->waivers);
		} else if (sg_opt_is(arg, "--setup")) {
			if (g->nr_setup == MAX_SETUP)
				return sg_die_usage("at most %d --setup files", MAX_SETUP);
			rc = sg_opt_value(argc, argv, &i, &g->setup[g->nr_setup++]);
		} else if (sg_opt_is(arg, "--config")) {
			rc = sg_opt_value(argc, argv, &i, &g->config);
		} else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
			g->verbose = true;
		} else {
			return sg_die_usage("unknown argument '%s'; see 'schemagate gate --help'", arg);
		}
	}
	if (rc)
		return rc;
	if (g->out.nr == 0)
		default_outputs(&g->out);
	return sg_outputs_finish(&g->out);
}

/*
 * GITHUB_BASE_REF is a branch name. actions/checkout leaves no local
 * branch of that name, only the remote-tracking one (with fetch-depth: 0),
 * so origin/NAME is what names the base; the bare name stays for a runner
 * that set things up differently, and its error, if any, names it.
 */
static char *github_base(const char *ref)
{
	sbuf remote = SBUF_INIT;
	sg_commit_id id;
	sg_git *git = NULL;

	sbuf_addf(&remote, "origin/%s", ref);
	if (sg_git_open(&git, NULL) == 0 && sg_git_resolve(git, remote.buf, &id) == 0) {
		sg_git_free(git);
		return sbuf_detach(&remote);
	}
	sg_git_free(git);
	sbuf_release(&remote);
	return xstrdup(ref);
}

/*
 * The base: --base, else what the CI system says the change goes into,
 * else NULL, which leaves the choice to the diff stage (`base` in the
 * config, the upstream, origin/HEAD), so that `diff` and `gate` agree
 * outside CI.
 */
static void choose_base(struct gate *g)
{
	const char *v;

	if (g->rq.base) {
		g->base_from = "--base";
	} else if ((v = env_value("GITHUB_BASE_REF")) != NULL) {
		g->rq.base = g->base = github_base(v);
		g->base_from = "GITHUB_BASE_REF";
		if (strncmp(g->base, "origin/", 7))
			g->base_hint = "there is no origin/ branch of that name either: check out "
				       "with actions/checkout's fetch-depth: 0";
	} else if ((v = env_value("CI_MERGE_REQUEST_DIFF_BASE_SHA")) != NULL) {
		g->rq.base = v;
		g->base_from = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
	} else {
		g->base_from = g->cfg.base ? "`base` in the config" : "nothing configured";
	}
}

/*
 * The head: in CI the checkout is the change, and the working tree may
 * hold what earlier steps built. On GitHub the checkout of a pull request
 * is its merge commit (GITHUB_SHA): its merge base with the base branch is
 * that branch's tip, so exactly what the pull request adds is compared.
 * Elsewhere the working tree is what a developer is about to commit.
 */
static void choose_head(struct gate *g)
{
	if (g->rq.head) {
		g->head_from = "--head";
	} else if (in_ci()) {
		g->rq.head = "HEAD";
		g->head_from = "the checkout in CI";
	} else {
		g->head_from = "the working tree";
	}
}

static void say_revisions(const struct gate *g)
{
	const char *base = g->rq.base ? g->rq.base : g->cfg.base;

	fprintf(stderr, "schemagate gate: base %s (%s); head %s%s%s\n",
		base ? base : "the upstream, else origin/HEAD", g->base_from,
		g->rq.head ? g->rq.head : "the working tree", g->rq.head ? " from " : "",
		g->rq.head ? g->head_from : "");
}

/*
 * The stages, in the order they run. Each adds its findings to the one
 * report and may say in one line what it did. One that cannot run stops
 * the gate with exit 2: a gate that skipped a stage would pass a change
 * it never checked. dry-run, policy and apply join as entries here.
 */
struct gate_stage {
	const char *name;
	int (*run)(const struct gate *g, sg_report *r, char **summary);
};

static int run_diff(const struct gate *g, sg_report *r, char **summary)
{
	return sg_stage_diff(&g->rq, &g->cfg, r, summary);
}

/* The database the release goes to, checked against the policy packs (when one is named). */
static int run_policy(const struct gate *g, sg_report *r, char **summary)
{
	sg_policy_request rq = { g->policy_db, g->packs, g->nr_packs, g->waivers, NULL, 0, 0 };
	const struct sg_report_policy *p = &r->policy;
	sbuf s = SBUF_INIT;

	if (!g->policy_db && !g->cfg.policy_db)
		return 0;
	if (sg_stage_policy(&rq, &g->cfg, r) < 0)
		return -1;
	sbuf_addf(&s, "%s on %s: %zu checks, %zu passed, %zu failed, %zu unverifiable, %zu waived", p->packs,
		  p->database, p->checks, p->passed, p->failed, p->unverifiable, p->waived);
	*summary = sbuf_detach(&s);
	return 0;
}

static const struct gate_stage stages[] = {
	{ "diff", run_diff },
	{ "policy", run_policy },
};

static int stage_failed(const struct gate *g, const struct gate_stage *s)
{
	/* A base the CI environment chose is named, as the user did not type it. */
	if (strcmp(g->base_from, "--base") && g->rq.base)
		return sg_die_usage("%s stage: %s; the base '%s' came from %s%s%s", s->name,
				    sg_error_last(), g->rq.base, g->base_from,
				    g->base_hint ? "; " : "", g->base_hint ? g->base_hint : "");
	return sg_die_usage("%s stage: %s", s->name, sg_error_last());
}

/* The dry-run runs inside the diff stage, which holds the migrations; it is set up here. */
static int start_dryrun(struct gate *g, sg_report *r)
{
	sg_dryrun_request rq = {
		.db = g->db,
		.setup = g->setup,
		.nr_setup = g->nr_setup,
		.quiet = g->out.quiet,
		.verbose = g->verbose,
	};

	if ((!g->db || g->apply) && !g->cfg.dryrun_db && !g->nr_setup)
		return 0; /* --db with --apply names the release target, not a dry-run */
	return sg_stage_dryrun_start(&g->rq.dryrun, &rq, &g->cfg, r);
}

static int run_stages(const struct gate *g, sg_report *r)
{
	size_t i;

	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		char *summary = NULL;

		if (stages[i].run(g, r, &summary) < 0) {
			free(summary);
			return stage_failed(g, &stages[i]);
		}
		if (summary && !g->out.quiet)
			fprintf(stderr, "schemagate gate: %s: %s\n", stages[i].name, summary);
		free(summary);
	}
	return 0;
}

/*
 * Report, and with --apply release the change when everything before
 * passed: a gate that failed never touches the database.
 */
static int release(struct gate *g, sg_report *r)
{
	sg_apply_request rq = {
		.db = g->db,
		.verify_sql = g->verify_sql,
		.verify_cmd = g->verify_cmd,
		.quiet = g->out.quiet,
	};
	int code = 0, rc;
	size_t blocking = sg_report_count(r, SG_ERROR_SEV) +
			  (g->out.fail_on_warning ? sg_report_count(r, SG_WARNING) : 0);

	if (g->apply && blocking)
		fprintf(stderr, "schemagate gate: not applying: the gate found %zu blocking finding%s\n",
			blocking, blocking == 1 ? "" : "s");
	if (g->apply && !blocking && (rc = sg_stage_apply(&rq, &g->rq, &g->cfg, r, &code)) != 0)
		return rc;
	rc = sg_outputs_emit(&g->out, r);
	return code == SG_EXIT_ROLLED_BACK || code == SG_EXIT_ROLLBACK_FAILED ? code
	       : code == SG_EXIT_FAIL && rc == 0				  ? SG_EXIT_FAIL
										  : rc;
}

int cmd_gate(int argc, char **argv)
{
	struct gate g;
	sg_report report = SG_REPORT_INIT;
	int rc, end;

	memset(&g, 0, sizeof(g));
	sg_config_init(&g.cfg);
	rc = parse_args(&g, argc, argv);
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc || (rc = sg_config_load_for_command(&g.cfg, g.config, g.server_version)) != 0)
		goto out;
	choose_base(&g);
	choose_head(&g);
	if (g.verbose)
		say_revisions(&g);
	rc = start_dryrun(&g, &report);
	if (rc == 0)
		rc = run_stages(&g, &report);
	end = sg_stage_dryrun_finish(g.rq.dryrun);
	if (rc == 0)
		rc = end;
	if (rc != 0)
		goto out;
	sg_rules_apply_options(&report, 0, g.cfg.rule_disabled, g.cfg.rule_severity);
	rc = release(&g, &report);
out:
	sg_report_release(&report);
	sg_config_release(&g.cfg);
	free(g.base);
	return rc;
}
