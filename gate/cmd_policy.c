/*
 * schemagate policy: check the database a release goes to against the
 * compliance packs (policies/README.md), or list the checks of packs.
 */
#include "gate/cmd.h"
#include "gate/config.h"
#include "gate/output.h"
#include "gate/stage.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "policies/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64

struct policy_args {
	const char *config;
	const char *db, *waivers, *timeout, *engine;
	const char *packs[MAX_LIST];
	int nr_packs;
	const char *params[MAX_LIST];
	int nr_params;
	sg_outputs out;
};

static const char usage_text[] =
	"usage: schemagate policy check --db URL [--policy PACK]... [--waivers FILE] [options]\n"
	"       schemagate policy list [--engine postgres|mysql|mariadb] [--policy PACK]...\n"
	"\n"
	"Check the database a release goes to: encryption, backup, access control and audit,\n"
	"read-only. A check that fails, or that cannot be verified with this account's\n"
	"privileges, is a finding; policies/README.md documents packs, waivers and grants.\n"
	"\n"
	"  --db URL                    postgresql://..., key=value, or mysql://... (MySQL and\n"
	"                              MariaDB); $NAME reads it from the environment\n"
	"  --policy PACK               a built-in pack (baseline, cis) or a pack file; may repeat\n"
	"                              (default: policy.packs in the config, else baseline)\n"
	"  --waivers FILE              accepted failures, each with a reason and an expiry date\n"
	"  --param NAME=VALUE          set a pack parameter (a list: a,b,c); may repeat\n"
	"  --timeout D                 the limit on each check's query (default 10s)\n"
	"  --engine E                  list: the engine whose built-in packs to list\n"
	SG_OUTPUT_USAGE
	"\n"
	"Exit codes: 0 no error findings, 1 error findings, 2 could not run (bad arguments,\n"
	"a mistake in a pack or waiver file, database unreachable or login refused).\n";

static int add_listed(const char **list, int *n, int argc, char **argv, int *i, const char *what)
{
	if (*n == MAX_LIST)
		return sg_die_usage("at most %d %s", MAX_LIST, what);
	return sg_opt_value(argc, argv, i, &list[(*n)++]);
}

static int parse_args(struct policy_args *a, int argc, char **argv)
{
	int i, rc = 0;

	for (i = 2; i < argc && rc == 0; i++) {
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
		} else if (sg_opt_is(arg, "--policy")) {
			rc = add_listed(a->packs, &a->nr_packs, argc, argv, &i, "--policy packs");
		} else if (sg_opt_is(arg, "--param")) {
			rc = add_listed(a->params, &a->nr_params, argc, argv, &i, "--param values");
		} else if (sg_opt_is(arg, "--waivers")) {
			rc = sg_opt_value(argc, argv, &i, &a->waivers);
		} else if (sg_opt_is(arg, "--timeout")) {
			rc = sg_opt_value(argc, argv, &i, &a->timeout);
		} else if (sg_opt_is(arg, "--engine")) {
			rc = sg_opt_value(argc, argv, &i, &a->engine);
		} else {
			return sg_die_usage("unknown argument '%s'; see 'schemagate policy --help'", arg);
		}
	}
	return rc ? rc : sg_outputs_finish(&a->out);
}

static int policy_check(const struct policy_args *a, const sg_config *cfg)
{
	sg_policy_request rq = { a->db, a->packs, a->nr_packs, a->waivers, a->params, a->nr_params, 0 };
	sg_report r = SG_REPORT_INIT;
	int rc;

	if ((rc = sg_opt_duration("--timeout", a->timeout, &rq.timeout_ms)))
		return rc;
	if (sg_stage_policy(&rq, cfg, &r) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	else
		rc = sg_outputs_emit(&a->out, &r);
	sg_report_release(&r);
	return rc;
}

static void print_checks(const sg_policy_packs *p)
{
	size_t i;

	for (i = 0; i < p->nr_checks; i++) {
		const sg_check *c = &p->checks[i];
		if (c->enabled)
			printf("%-40s %-10s %-7s%s %s\n", c->id, sg_area_name(c->area), sg_severity_name(c->severity),
			       c->mandatory ? " mandatory" : "", c->title);
	}
}

static int policy_list(const struct policy_args *a, const sg_config *cfg)
{
	const char *engine = a->engine ? a->engine : cfg->engine;
	unsigned bit = sg_engine_bit(engine);
	sg_policy_packs p = { 0 };
	int i, rc = 0;

	if (!bit)
		return sg_die_usage("--engine must be postgres, mysql or mariadb, not '%s'", engine);
	for (i = 0; rc == 0 && i < (a->nr_packs ? a->nr_packs : 1); i++)
		if (sg_packs_load(&p, a->nr_packs ? a->packs[i] : "baseline", bit) < 0)
			rc = sg_die_usage("%s", sg_error_last());
	if (rc == 0 && sg_packs_validate(&p) < 0)
		rc = sg_die_usage("%s", sg_error_last());
	if (rc == 0)
		print_checks(&p);
	sg_packs_release(&p);
	return rc;
}

int cmd_policy(int argc, char **argv)
{
	struct policy_args a;
	sg_config cfg;
	int rc;

	memset(&a, 0, sizeof(a));
	if (argc < 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "list"))) {
		if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			fputs(usage_text, stdout);
			return SG_EXIT_PASS;
		}
		return sg_die_usage("usage: schemagate policy check|list ...; see 'schemagate policy --help'");
	}
	if ((rc = parse_args(&a, argc, argv)))
		return rc == 1 ? SG_EXIT_PASS : rc;
	sg_config_init(&cfg);
	rc = sg_config_load_for_command(&cfg, a.config, NULL);
	if (rc == 0)
		rc = !strcmp(argv[1], "check") ? policy_check(&a, &cfg) : policy_list(&a, &cfg);
	sg_config_release(&cfg);
	return rc;
}
