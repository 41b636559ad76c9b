/*
 * The policy stage: a read-only connection to the database a release goes
 * to, the packs loaded for its engine, parameters and waivers applied, and
 * every check's outcome in the report. Shared by `policy check` and `gate`.
 */
#include "gate/stage.h"
#include "core/error.h"
#include "core/xalloc.h"
#include "migrate/dbconn.h"
#include "policies/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "$NAME" or "${NAME}": the variable's value; anything else as written. */
static int expand_env(const char *value, const char **out)
{
	size_t n = strlen(value);
	char name[256];

	*out = value;
	if (value[0] != '$' || n < 2)
		return 0;
	if (value[1] == '{' && value[n - 1] == '}' && n - 3 < sizeof(name))
		snprintf(name, sizeof(name), "%.*s", (int)(n - 3), value + 2);
	else if (value[1] != '{' && n - 1 < sizeof(name))
		snprintf(name, sizeof(name), "%s", value + 1);
	else
		return 0;
	*out = getenv(name);
	if (!*out || !**out)
		return sg_error_set(SG_EINVALID,
				    "the policy database comes from the environment variable %s, which is not set", name);
	return 0;
}

static int load_pack(sg_policy_packs *p, const sg_config *cfg, const char *spec, bool from_config, unsigned engine)
{
	char *path = from_config && sg_pack_spec_is_file(spec) ? sg_config_resolve(cfg, spec) : xstrdup(spec);
	int rc = sg_packs_load(p, path, engine);

	free(path);
	return rc;
}

static int load_packs(sg_policy_packs *p, const sg_policy_request *rq, const sg_config *cfg, unsigned engine)
{
	size_t i;
	int rc = 0;

	if (rq->nr_packs) {
		for (i = 0; rc == 0 && i < (size_t)rq->nr_packs; i++)
			rc = load_pack(p, cfg, rq->packs[i], false, engine);
	} else if (cfg->nr_policy_packs) {
		for (i = 0; rc == 0 && i < cfg->nr_policy_packs; i++)
			rc = load_pack(p, cfg, cfg->policy_packs[i], true, engine);
	} else {
		rc = load_pack(p, cfg, "baseline", false, engine);
	}
	return rc;
}

static int set_params(sg_policy_packs *p, const sg_policy_request *rq, const sg_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nr_policy_params; i++)
		if (sg_packs_set_param(p, cfg->policy_param_names[i], cfg->policy_param_values[i],
				       cfg->policy_param_origins[i]) < 0)
			return SG_EINVALID;
	for (i = 0; i < (size_t)rq->nr_params; i++) {
		const char *eq = strchr(rq->params[i], '=');
		char *name;
		int rc;

		if (!eq || eq == rq->params[i])
			return sg_error_set(SG_EINVALID, "--param takes NAME=VALUE, not '%s'", rq->params[i]);
		name = xstrndup(rq->params[i], (size_t)(eq - rq->params[i]));
		rc = sg_packs_set_param(p, name, eq + 1, "--param");
		free(name);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int load_waivers(sg_waivers *w, const sg_policy_request *rq, const sg_config *cfg,
			const sg_policy_packs *p)
{
	char *path;
	int rc;

	if (rq->waivers)
		path = xstrdup(rq->waivers);
	else if (cfg->policy_waivers)
		path = sg_config_resolve(cfg, cfg->policy_waivers);
	else
		return 0;
	rc = sg_waivers_load(w, path, p);
	free(path);
	return rc;
}

static int prepare(sg_policy_packs *p, sg_waivers *w, const sg_policy_request *rq, const sg_config *cfg,
		   unsigned engine)
{
	int rc;

	if ((rc = load_packs(p, rq, cfg, engine)) < 0 || (rc = set_params(p, rq, cfg)) < 0 ||
	    (rc = sg_packs_validate(p)) < 0)
		return rc;
	return load_waivers(w, rq, cfg, p);
}

int sg_stage_policy(const sg_policy_request *rq, const sg_config *cfg, sg_report *r)
{
	const char *db = rq->db ? rq->db : cfg->policy_db;
	long timeout = rq->timeout_ms ? rq->timeout_ms : cfg->policy_timeout_ms;
	sg_policy_packs packs = { 0 };
	sg_waivers waivers = { 0 };
	sg_dbconn *c = NULL;
	int rc;

	if (!db)
		return sg_error_set(SG_EINVALID, "no database to check: give --db URL (or policy.db in .schemagate.yaml)");
	if ((rc = expand_env(db, &db)) < 0 || (rc = sg_dbconn_open(&c, db, (int)timeout)) < 0)
		return rc;
	rc = prepare(&packs, &waivers, rq, cfg, sg_engine_bit(sg_dbconn_engine(c)));
	if (rc == 0)
		rc = sg_policy_evaluate(&packs, &waivers, c, (long long)time(NULL), r);
	sg_waivers_release(&waivers);
	sg_packs_release(&packs);
	sg_dbconn_close(c);
	return rc;
}
